/**
 * OpenDocument reader (.ods, .odt, .odp from LibreOffice, WPS or Google, whatever the name): the
 * `mimetype` member says which of the three it is; `content.xml` is streamed through yauzl (with
 * the object's budget and ratio checks) and saxes.
 * - ods: one CellsPart, every non-empty cell with its sheet (`table:name`), A1 reference and
 *   header (the sheet's first non-empty row). Numbers are read from `office:value`, so a phone
 *   typed as a number comes out as its digits. A repeated cell or row (`number-*-repeated`, how
 *   ODF writes runs of equal cells) is given once: the same value a million times is no more
 *   personal data, and it cannot be turned into a bomb.
 * - odt, odp: the body's tables (not one in a cell) as cells, each under its column's header and
 *   after a short label on its left (header-row.ts documentTableCells: a roster, a form laid out as
 *   a table), then a TextPart with the rest of the body (paragraphs, headings, lists, frames, notes
 *   and comments), a newline after each paragraph.
 * Other OpenDocument kinds (drawings, formulas) are read as plain archives. The objects a file
 * embeds (sub-documents, foreign OLE objects) follow as members (embeddedObjects).
 */
import type { Entry, ZipFile } from 'yauzl';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart, Format } from '../types.js';
import { collect, limitBytes, toScanError } from './bytes.js';
import { closeArchive, meteredEntry, openArchive, packageEntries, type ZipInput } from './archive.js';
import { checkDepth, memberContext, whereOf, type Opened, type ReadContext } from './limits.js';
import { errorPart, readMember } from './members.js';
import { piecesThenHeldText, readPiecesOnce, type Piece } from './held-text.js';
import { OpacityMeter } from './opacity.js';
import { cellsThenPictures, packagePictures, partsThenPictures } from './pictures.js';
import { HeaderRow, documentTableCells, type RowCell } from '../header-row.js';
import type { Source } from './source.js';
import { cellRef } from './table.js';
import { decodeText } from './text.js';
import { parseXml, xmlText, type XmlParser } from './xml.js';
import { numberText } from './xlsx-values.js';

/** The OpenDocument formats read here. */
export type OdfFormat = Extract<Format, 'ods' | 'odt' | 'odp'>;

const MIMETYPES: Readonly<Record<string, OdfFormat>> = {
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.spreadsheet-template': 'ods',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.text-template': 'odt',
  'application/vnd.oasis.opendocument.text-master': 'odt',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.oasis.opendocument.presentation-template': 'odp',
};

/** A mimetype member is a few dozen bytes. */
const MIMETYPE_MAX_BYTES = 256;

/** The format a package's `mimetype` member names, if it is one read here. */
export function odfFormatOf(mimetype: string): OdfFormat | undefined {
  return MIMETYPES[mimetype.trim()];
}

/**
 * Opens a zip classified as OpenDocument: returns undefined when its mimetype is not one read
 * here (the caller reads it as a plain archive). A package that cannot be read is CORRUPT.
 */
export async function openOdf(input: ZipInput, ctx: ReadContext): Promise<Opened | undefined> {
  const zip = await openArchive(input);
  let format: OdfFormat | undefined;
  try {
    const entry = (await packageEntries(zip, ctx.budget.limits)).get('mimetype');
    if (entry === undefined) return undefined;
    const bytes = await collect(limitBytes(meteredEntry(zip, entry, ctx.budget, 'odf mimetype'), MIMETYPE_MAX_BYTES, 'odf mimetype'), MIMETYPE_MAX_BYTES);
    format = odfFormatOf(bytes.toString('latin1'));
  } finally {
    closeArchive(zip);
  }
  if (format === undefined) return undefined;
  const pictures = packagePictures(input, 'Pictures/', format, ctx);
  async function* parts(): AsyncGenerator<ContentPart> {
    yield* format === 'ods'
      ? cellsThenPictures(() => contentItems(input, ctx, listenCells), pictures, ctx)
      : partsThenPictures(piecesThenHeldText('odt', () => contentItems(input, ctx, listenTextAndTables), new OpacityMeter(), ctx), pictures, ctx);
    yield* embeddedObjects(input, ctx);
  }
  return { format, parts: parts() };
}

const MANIFEST = 'META-INF/manifest.xml';
const MANIFEST_MAX_BYTES = 1024 * 1024;

/**
 * The objects an OpenDocument file embeds, as its manifest lists them: a sub-document (`Object 1/`,
 * a spreadsheet or a text placed in the document, or a chart's data table) read from its own
 * content.xml as a document of its kind; a foreign object (`Object 2`, an OLE file: a Microsoft
 * workbook pasted in) read as a file (ole.ts). Each is a member named by its path.
 */
async function* embeddedObjects(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const zip = await openArchive(input);
  try {
    let objects: { path: string; format: OdfFormat | undefined }[];
    let entries: ReadonlyMap<string, Entry>;
    try {
      entries = await packageEntries(zip, ctx.budget.limits);
      const manifest = entries.get(MANIFEST);
      if (manifest === undefined) return;
      const bytes = limitBytes(meteredEntry(zip, manifest, ctx.budget, 'odf manifest'), MANIFEST_MAX_BYTES, 'odf manifest');
      objects = [];
      for await (const batch of parseXml(decodeText(bytes, 'utf-8'), 'odf manifest', listenManifest)) objects.push(...batch);
    } catch (error) {
      if (ctx.budget.isFatal(error)) throw error;
      yield errorPart(whereOf(ctx), toScanError(error, 'CORRUPT', 'odf manifest could not be parsed'));
      return;
    }
    for (const { path, format } of objects) {
      const folder = path.endsWith('/');
      const entry = entries.get(folder ? `${path}content.xml` : path);
      if (entry === undefined || (folder && format === undefined)) continue;
      ctx.budget.countEntry();
      const name = folder ? path.slice(0, -1) : path;
      const inner = memberContext(ctx, name);
      const where = { entry: inner.entry };
      const open = async (): Promise<Opened> => {
        checkDepth(ctx);
        if (!folder) return ctx.open({ name: path, size: entry.uncompressedSize, open: () => meteredEntry(zip, entry, ctx.budget, 'odf object') }, inner);
        const content = `${path}content.xml`;
        const part: ContentPart =
          format === 'ods'
            ? { kind: 'cells', where, cells: { [Symbol.asyncIterator]: () => contentItems(input, inner, listenCells, content) } }
            : { kind: 'text', where, chunks: { [Symbol.asyncIterator]: () => xmlText(contentItems(input, inner, listenText, content)) } };
        return {
          format: format!,
          parts: (async function* () {
            yield part;
          })(),
        };
      };
      yield* readMember(open, where, ctx.budget);
    }
  } finally {
    closeArchive(zip);
  }
}

/** The manifest's file entries that are embedded objects: sub-document folders and foreign objects (`Object …`). */
function listenManifest(parser: XmlParser, out: { path: string; format: OdfFormat | undefined }[]): void {
  parser.on('opentag', (tag) => {
    if (tag.name !== 'manifest:file-entry') return;
    const path = String(tag.attributes['manifest:full-path'] ?? '');
    const type = String(tag.attributes['manifest:media-type'] ?? '');
    if (path === '/' || path === '' || path.startsWith('META-INF/') || path.startsWith('Pictures/') || path.startsWith('Thumbnails/') || path.startsWith('Configurations2/')) return;
    if (path.endsWith('/') && !path.slice(0, -1).includes('/')) out.push({ path, format: odfFormatOf(type) });
    else if (!path.includes('/') && /^Object /.test(path)) out.push({ path, format: undefined });
  });
}

/** A content.xml's items, batch by batch (the package's own, or a sub-document's at `path`). */
async function* contentItems<T>(input: ZipInput, ctx: ReadContext, listen: (parser: XmlParser, out: T[]) => void, path = 'content.xml'): AsyncGenerator<T[]> {
  const zip = await openArchive(input);
  try {
    const entry = (await packageEntries(zip, ctx.budget.limits)).get(path);
    if (entry === undefined) throw new ScanError('CORRUPT', 'odf package has no content.xml');
    yield* parseXml(contentText(zip, entry, ctx), 'odf content.xml', listen);
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'odf could not be parsed');
  } finally {
    closeArchive(zip);
  }
}

function contentText(zip: ZipFile, entry: Entry, ctx: ReadContext): AsyncGenerator<string> {
  return decodeText(meteredEntry(zip, entry, ctx.budget, 'odf content.xml'), 'utf-8');
}

/** Most spaces one `<text:s text:c="n"/>` gives: enough to separate, too few to bloat. */
const MAX_SPACES = 16;

/** Spaces, tabs and line breaks that ODF writes as elements. */
function whiteSpaceOf(name: string, attributes: Record<string, string>): string | undefined {
  if (name === 'text:s') return ' '.repeat(Math.min(MAX_SPACES, Math.max(1, Number(attributes['text:c'] ?? 1) || 1)));
  if (name === 'text:tab') return '\t';
  if (name === 'text:line-break') return '\n';
  return undefined;
}

/** Text of office:body, a newline after each paragraph and heading. */
export function listenText(parser: XmlParser, out: string[]): void {
  let body = 0;
  parser.on('opentag', (tag) => {
    if (tag.name === 'office:body') body += 1;
    if (body === 0) return;
    const space = whiteSpaceOf(tag.name, tag.attributes);
    if (space !== undefined) out.push(space);
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'office:body') body -= 1;
    else if (body > 0 && (tag.name === 'text:p' || tag.name === 'text:h')) out.push('\n');
  });
  parser.on('text', (text) => {
    if (body > 0) out.push(text);
  });
}

/** The value a typed cell stores, as text: numbers as digits, dates and booleans as written. */
export function typedValue(attributes: Record<string, string>): string | undefined {
  switch (attributes['office:value-type']) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const value = attributes['office:value'];
      if (value === undefined) return undefined;
      // Long integers as written: Number() would round an 18-digit value.
      return /^-?\d+$/.test(value) ? value : numberText(Number(value));
    }
    case 'date':
      return attributes['office:date-value'];
    case 'time':
      return attributes['office:time-value'];
    case 'boolean':
      return attributes['office:boolean-value'];
    default:
      return attributes['office:string-value'];
  }
}

/** A positive repeat count, 1 when absent or nonsense. */
function repeatOf(value: string | undefined): number {
  const n = Number(value ?? 1);
  return Number.isSafeInteger(n) && n > 0 ? n : 1;
}

interface OpenCell {
  readonly column: number;
  readonly repeat: number;
  readonly value: string | undefined;
  readonly text: string[];
}

/** Cells of every table, with headers from each table's header row (header-row.ts). */
export function listenCells(parser: XmlParser, out: Cell[]): void {
  let sheet = '';
  let sheets = 0;
  let row = 0;
  let rowRepeat = 1;
  let column = 0;
  let headerRow = new HeaderRow();
  /** The row's non-empty cells: its headers are known at its end (header-row.ts). */
  let rowCells: RowCell[] = [];
  let cell: OpenCell | undefined;
  let paragraphs = 0;
  /** Paragraphs of the cell open (its text is in them). */
  let inParagraph = 0;
  parser.on('opentag', (tag) => {
    const { name, attributes } = tag;
    if (name === 'table:table') {
      sheets += 1;
      sheet = attributes['table:name'] ?? `Sheet${sheets}`;
      row = 0;
      headerRow = new HeaderRow();
    } else if (name === 'table:table-row') {
      row += 1;
      rowCells = [];
      rowRepeat = repeatOf(attributes['table:number-rows-repeated']);
      column = 0;
    } else if (name === 'table:table-cell' || name === 'table:covered-table-cell') {
      cell = { column, repeat: repeatOf(attributes['table:number-columns-repeated']), value: typedValue(attributes), text: [] };
      paragraphs = 0;
      inParagraph = 0;
    } else if (cell !== undefined) {
      if (name === 'text:p' && paragraphs++ > 0) cell.text.push('\n');
      if (name === 'text:p' || name === 'text:h') inParagraph += 1;
      const space = whiteSpaceOf(name, attributes);
      if (space !== undefined) cell.text.push(space);
    }
  });
  parser.on('text', (text) => {
    // A cell's text is in its paragraphs: what lies between its elements is a flat file's indentation.
    if (cell !== undefined && inParagraph > 0) cell.text.push(text);
  });
  parser.on('closetag', (tag) => {
    if (cell !== undefined && (tag.name === 'text:p' || tag.name === 'text:h')) inParagraph -= 1;
    if (tag.name === 'table:table-row') {
      const headers = headerRow.of(rowCells);
      for (const { column: start, text } of rowCells) {
        const header = headers?.get(start);
        const ref = cellRef(start, row);
        out.push(header === undefined || header === '' ? { sheet, ref, text } : { sheet, ref, text, header });
      }
      rowCells = [];
      row += rowRepeat - 1;
    } else if ((tag.name === 'table:table-cell' || tag.name === 'table:covered-table-cell') && cell !== undefined) {
      const text = cell.value ?? cell.text.join('');
      const start = cell.column;
      column = start + cell.repeat;
      cell = undefined;
      if (text.trim() === '') return;
      rowCells.push({ column: start, text });
    }
  });
}

/**
 * An OpenDocument text's body: its tables (not one in a cell) as cells, each row's non-empty cells
 * (repeats once, as listenCells gives them) through documentTableCells (`sheet` `table N`), the rest
 * of its text as listenText gives it.
 */
export function listenTextAndTables(parser: XmlParser, out: Piece[]): void {
  let body = 0;
  /** Tables open: 1 inside a table of the body, more inside a table in a cell. */
  let depth = 0;
  let tables = 0;
  let rows: RowCell[][] = [];
  let row: RowCell[] = [];
  let column = 0;
  let cell: { column: number; repeat: number; text: string[]; paragraphs: number } | undefined;
  /** Inside a picture's base64 (a flat file's `office:binary-data`): no text. */
  let binary = 0;
  const text = (piece: string): void => {
    if (cell !== undefined) cell.text.push(piece);
    else out.push({ text: piece });
  };
  parser.on('opentag', (tag) => {
    const { name, attributes } = tag;
    if (name === 'office:body') body += 1;
    if (name === 'office:binary-data') binary += 1;
    if (body === 0) return;
    if (name === 'table:table') {
      depth += 1;
      if (depth === 1) rows = [];
      return;
    }
    if (depth === 1 && name === 'table:table-row') {
      row = [];
      column = 0;
      return;
    }
    if (depth === 1 && (name === 'table:table-cell' || name === 'table:covered-table-cell')) {
      cell = { column, repeat: repeatOf(attributes['table:number-columns-repeated']), text: [], paragraphs: 0 };
      return;
    }
    if (cell !== undefined && name === 'text:p' && cell.paragraphs++ > 0) cell.text.push('\n');
    const space = whiteSpaceOf(name, attributes);
    if (space !== undefined) text(space);
  });
  parser.on('text', (value) => {
    if (body > 0 && binary === 0) text(value);
  });
  parser.on('closetag', (tag) => {
    const { name } = tag;
    if (name === 'office:binary-data') binary -= 1;
    if (name === 'office:body') body -= 1;
    else if (body === 0) return;
    else if (name === 'table:table') {
      depth -= 1;
      if (depth === 0) for (const found of documentTableCells(rows, `table ${++tables}`)) out.push({ cell: found });
    } else if (depth === 1 && name === 'table:table-row') rows.push(row);
    else if (depth === 1 && (name === 'table:table-cell' || name === 'table:covered-table-cell') && cell !== undefined) {
      const value = cell.text.join('').trim();
      if (value !== '') row.push({ column: cell.column, text: value });
      column = cell.column + cell.repeat;
      cell = undefined;
    } else if (cell === undefined && (name === 'text:p' || name === 'text:h')) out.push({ text: '\n' });
  });
}

/**
 * Reads a flat OpenDocument file, parsed once as its zipped form's content.xml is: a spreadsheet's
 * cells under their headers (listenCells), a text's tables as cells and the rest as text
 * (listenTextAndTables). Read as XML text, a flat spreadsheet's values had no headers: a list of
 * names, birth dates, WeChat ids, QQ numbers and passports found none. Its pictures (base64 in
 * `office:binary-data`) are not read, as a zipped file's are not.
 */
export function readFlatOdf(source: Source, head: Uint8Array, format: OdfFormat, ctx: ReadContext): AsyncGenerator<ContentPart> {
  return readPiecesOnce('odt', source, head, ctx, (chunks) => (format === 'ods' ? spreadsheetPieces(chunks) : parseXml(chunks, 'flat odf', listenTextAndTables)));
}

async function* spreadsheetPieces(chunks: AsyncIterable<string>): AsyncGenerator<Piece[]> {
  for await (const batch of parseXml(chunks, 'flat ods', listenCells)) yield batch.map((cell) => ({ cell }));
}
