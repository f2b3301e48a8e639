/**
 * The other parts of an OOXML package (XLSX, DOCX, PPTX) that hold text: the readers read a
 * workbook's sheets, a document's body, a presentation's slides and notes, and nothing else, so
 * a customer's ID in a cell's comment, a letter's header or footnote, a pivot table's cache (which
 * keeps every row of its source sheet after that sheet is deleted), a chart's cached labels, a
 * cached copy of another workbook's cells (external links) or the document's properties came out
 * unread, and a file whose only personal data was there came out public.
 *
 * Each such XML part is read after the package's own content, as a text of its own (its `entry`
 * the part's name): the text of its elements, and the values of `v` and `name` attributes, a line
 * each; a pivot cache as cells, each item under its field's name (`<cacheField name="姓名">` over
 * `<s v="张伟"/>`). Parts that hold no one's data (styles, themes, fonts, settings, relationships,
 * layouts and masters, the calculation chain, a presentation's list of slides, the application's
 * statistics and the core properties, `docProps/app.xml` and `core.xml`: the author and the
 * editor, a writer's name, a title) are not read, nor is a part without text. The custom
 * properties (`docProps/custom.xml`: a records system's customer number or ID) are.
 */
import type { Entry, ZipFile } from 'yauzl';
import { isScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { closeArchive, meteredEntry, openArchive, packageEntries, type ZipInput } from './archive.js';
import { memberContext, whereOf, type ReadContext } from './limits.js';
import { cellRef } from './table.js';
import { decodeText } from './text.js';
import { parseXml } from './xml.js';

/** Parts of no one's data, in any package. */
const NO_DATA =
  /(?:^\[Content_Types\]\.xml$|\.rels$|(?:^|\/)(?:styles|stylesWithEffects|fontTable|settings|webSettings|numbering|calcChain|presentation|presProps|viewProps|tableStyles|commentAuthors|app|core)\.xml$|\/theme\/|\/(?:slideLayouts|slideMasters|notesMasters|handoutMasters|printerSettings|fonts|media|embeddings)\/)/;

/** Attributes whose values are text: a chart's or a drawing's (`v`, `name`). */
const TEXT_ATTRIBUTES = ['v', 'name'];

/** A pivot cache's definition (its fields and their items) and its records (rows of item numbers or values). */
const PIVOT_CACHE = /^xl\/pivotCache\/pivotCache(Definition|Records)(\d+)\.xml$/;

/** Elements of a pivot cache item that hold a value: text, number, date (not `x`, an item's number, nor `m`, missing). */
const PIVOT_VALUES = new Set(['s', 'n', 'd']);

/**
 * A pivot cache definition's items as cells under their field's name (`sheet` = `pivot cache N`,
 * `ref` = the field's column and the item's row): a pivot table keeps every distinct value of its
 * source, and its source sheet is often deleted. Fills `fields` with the fields' names.
 */
async function* cacheItems(chunks: AsyncIterable<string>, fields: string[], cache: string): AsyncGenerator<readonly Cell[]> {
  const sheet = `pivot cache ${cache}`;
  let item = 0;
  yield* parseXml<Cell>(chunks, 'xlsx pivot cache', (parser, out) => {
    parser.on('opentag', (tag) => {
      if (tag.name === 'cacheField') {
        fields.push(String(tag.attributes.name ?? ''));
        item = 0;
      } else if (PIVOT_VALUES.has(tag.name) && typeof tag.attributes.v === 'string' && tag.attributes.v.trim() !== '') {
        item++;
        const header = fields[fields.length - 1] ?? '';
        out.push({ sheet, ref: cellRef(Math.max(0, fields.length - 1), item), text: tag.attributes.v, ...(header === '' ? {} : { header }) });
      }
    });
  });
}

/** A pivot cache's records: the values written in them (not item numbers), under their field's name. */
async function* cacheRecords(chunks: AsyncIterable<string>, fields: readonly string[], cache: string): AsyncGenerator<readonly Cell[]> {
  const sheet = `pivot cache ${cache} records`;
  let row = 0;
  let column = 0;
  yield* parseXml<Cell>(chunks, 'xlsx pivot cache records', (parser, out) => {
    parser.on('opentag', (tag) => {
      if (tag.name === 'r') {
        row++;
        column = 0;
        return;
      }
      if (row === 0) return;
      const at = column++;
      if (PIVOT_VALUES.has(tag.name) && typeof tag.attributes.v === 'string' && tag.attributes.v.trim() !== '') {
        const header = fields[at] ?? '';
        out.push({ sheet, ref: cellRef(at, row), text: tag.attributes.v, ...(header === '' ? {} : { header }) });
      }
    });
  });
}

/** The parts a reader reads itself, told from the package (a DOCX's main part is where its relationships say). */
export type ClaimedParts = (zip: ZipFile, entries: ReadonlyMap<string, Entry>) => Promise<(name: string) => boolean>;

/** ClaimedParts of names matching `pattern`. */
export const partsMatching =
  (pattern: RegExp): ClaimedParts =>
  async () =>
  (name) =>
    pattern.test(name);

/**
 * The text of the XML parts of a package that `claimed` does not claim (the reader's own parts) and
 * that may hold someone's data (NO_DATA), each a TextPart.
 */
export async function* otherPackageText(input: ZipInput, format: string, claimed: ClaimedParts, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const zip = await openArchive(input);
  /** Per pivot cache, its fields' names (its definition comes before its records in a package). */
  const pivotFields = new Map<string, string[]>();
  try {
    const entries = await packageEntries(zip, ctx.budget.limits);
    const read = await claimed(zip, entries);
    for (const [name, entry] of entries) {
      if (!name.endsWith('.xml') || read(name) || NO_DATA.test(name)) continue;
      const where = whereOf(memberContext(ctx, name));
      const text = () => decodeText(meteredEntry(zip, entry, ctx.budget, `${format} part ${name.split('/').pop()}`), 'utf-8');
      const pivot = PIVOT_CACHE.exec(name);
      if (pivot === null) {
        // A part without text (a footnotes part of separators only) is no part at all.
        const lines = partText(text(), `${format} part`, text);
        const first = await lines.next();
        if (first.done !== true) yield { kind: 'text', where, chunks: { [Symbol.asyncIterator]: () => prepended(first.value, lines) } };
      }
      else {
        const cache = pivot[2];
        const fields = pivotFields.get(cache) ?? [];
        pivotFields.set(cache, fields);
        const cells = pivot[1] === 'Definition' ? cacheItems(text(), fields, cache) : cacheRecords(text(), fields, cache);
        yield { kind: 'cells', where, cells: { [Symbol.asyncIterator]: () => cells } };
      }
    }
  } finally {
    closeArchive(zip);
  }
}

/** `first`, then the rest of `rest`. */
async function* prepended(first: string, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}

/**
 * An XML part's text: its elements' text and its text attributes' values, a line each; no empty
 * chunk. A part that is not well-formed is read as it is (`raw`).
 */
async function* partText(chunks: AsyncIterable<string>, label: string, raw: () => AsyncIterable<string>): AsyncGenerator<string> {
  const lines = parseXml<string>(chunks, label, (parser, out) => {
    /** Whether a text node's pieces are out and its line not yet ended (a long node comes in pieces). */
    let inLine = false;
    const endLine = () => {
      if (inLine) out.push('\n');
      inLine = false;
    };
    parser.on('opentag', (tag) => {
      endLine();
      for (const attribute of TEXT_ATTRIBUTES) {
        const value = tag.attributes[attribute];
        if (typeof value === 'string' && value.trim() !== '') out.push(`${value}\n`);
      }
    });
    parser.on('closetag', endLine);
    parser.on('text', (text) => {
      if (!inLine && text.trim() === '') return;
      out.push(text);
      inLine = true;
    });
  });
  try {
    for await (const batch of lines) if (batch.length > 0) yield batch.join('');
  } catch (error) {
    if (!isScanError(error) || error.code !== 'CORRUPT') throw error;
    // Not well-formed XML (a part another program wrote as it liked): read whole as it is, tags
    // and all, after what was read of it (counted twice), rather than leave it unread or fail a
    // package whose own content was read.
    yield '\n';
    yield* raw();
  }
}
