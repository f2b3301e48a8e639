/**
 * HTML: a web page, with tables or without, and the "Excel" export of many Chinese business systems
 * (an HTML table saved as `.xls`). Read as text, a table's values are far from its column headers: a
 * column of WeChat ids or birth dates under 微信号 or 出生日期 was found only next to the header (one
 * value of twenty), and such a list came out public. htmlparser2 (MIT) parses it once, streamed,
 * into:
 *
 * 1. every table cell, as spreadsheet cells (`sheet` = `table N`, in document order; A1-style
 *    `ref`, `colspan` and `rowspan` counted), under the text of its table's header row (header-row.ts),
 *    as the XLSX reader gives them; a table inside a cell is a table of its own;
 * 2. the rest as text, held while the cells are read (held-text.ts), then read after them: the
 *    text outside table cells (scripts and comments too: a page may hold its data in one), a line
 *    per block (a definition list's term and description on one, a colon between; an input's
 *    value on its label's), and every attribute value but layout's (a `data:` URI's file, Excel's
 *    `x:num`); files embedded in it as base64 are read as members (embedded.ts).
 *
 * Entities and character references are decoded by the parser, other escapes as in a text
 * (escapes.ts). A `.html` or `.htm` page is read so with a table or without; under another name
 * (a `.xls` export, a nameless member) only with one in its first bytes (sniff.ts `htmlWithTables`),
 * else as text (text.ts).
 */
import type { Handler, Parser as HtmlParser } from 'htmlparser2';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { sourceBytes } from './bytes.js';
import { decodeEscapes } from './escapes.js';
import { HeaderRow } from '../header-row.js';
import { HeldText, cellsThenHeldText } from './held-text.js';
import type { ReadContext } from './limits.js';
import type { Source } from './source.js';
import { cellRef } from './table.js';
import { OpacityMeter } from './opacity.js';
import { decodeText, detectEncoding } from './text.js';

/**
 * The most characters of one cell held before they are handed on (without a header): a text that
 * only looks like HTML (a `<td>` and no end to it) is one cell to its end.
 */
const CELL_MAX_CHARS = 256 * 1024;
/** An attribute value longer than this is handed on as a piece of its own (parsedPage). */
const LONG_VALUE_CHARS = 64 * 1024;
/** Elements that end a line of the text outside tables. */
const BLOCKS = new Set(['p', 'div', 'br', 'li', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'title', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'dt', 'dd', 'caption']);
/** Attributes of layout only, left out of the text. */
const LAYOUT_ATTRIBUTES = new Set(['style', 'class', 'width', 'height', 'align', 'valign', 'border', 'cellpadding', 'cellspacing', 'bgcolor', 'colspan', 'rowspan', 'span', 'lang', 'dir', 'rel', 'charset', 'http-equiv', 'xmlns']);
/**
 * Elements open at once, at most: htmlparser2 keeps its open elements in an array it adds to at the
 * front, so each element costs as many moves as are open. Nested 50,000 deep (0.7 MB), a page took
 * 17 s; 500,000 deep, past a Lambda's time-out. Real pages nest a few tens deep.
 */
export const MAX_HTML_DEPTH = 1000;
/** Cells of one row held at most before they are handed on (Excel's own limit on columns). */
const MAX_ROW_CELLS = 16_384;
/** Most columns a `colspan` moves the next cell by, and rows a `rowspan` reaches (HTML's own limits). */
const MAX_COLSPAN = 1000;
const MAX_ROWSPAN = 65_534;

/** A `colspan` or `rowspan` as a count from 1 to `max` (1 when missing or not a number). */
function spanOf(written: string | undefined, max: number): number {
  const span = Number.parseInt(written ?? '1', 10);
  return Number.isFinite(span) && span >= 1 ? Math.min(span, max) : 1;
}

/** The spans of the next row: those of this one, a row fewer, and those its cells started. */
function nextRowSpans(table: OpenTable): void {
  const spans = new Map<number, number>();
  for (const [column, rows] of table.spans) if (rows > 1) spans.set(column, rows - 1);
  for (const [column, rows] of table.started) spans.set(column, rows);
  table.spans = spans;
  table.started = new Map();
}

/** One open table: its number, its row, the next cell's column, its headers, and the cell being read. */
interface OpenTable {
  readonly n: number;
  row: number;
  column: number;
  /** Its header row (header-row.ts). */
  readonly headers: HeaderRow;
  /** The row's cells so far: the header row is known only at its end. */
  rowCells: { column: number; text: string }[];
  cell: { column: number; text: string } | undefined;
  /** Columns a cell above spans into this row (`rowspan`): rows left, by column. */
  spans: Map<number, number>;
  /** The spans this row's cells start, for the rows after it. */
  started: Map<number, number>;
}

/** Reads HTML with tables (the module doc). */
export async function* readHtml(source: Source, head: Uint8Array, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const encoding = detectEncoding(head);
  const { Parser } = await import('htmlparser2');
  const held = new HeldText('html');
  const meter = new OpacityMeter();
  async function* cells(): AsyncGenerator<readonly Cell[]> {
    for await (const { cells, texts } of parsedPage(decodeText(sourceBytes(source), encoding, meter), Parser)) {
      for (const text of texts) held.add(text);
      if (cells.length > 0) yield cells;
    }
    held.finish();
  }
  yield* cellsThenHeldText(cells, held, meter, ctx);
}

/**
 * Parses `chunks` with `handler`, yielding what `take` has after each chunk and at the end.
 * Deeper than MAX_HTML_DEPTH open elements is LIMIT_EXCEEDED.
 */
async function* parsed<T>(chunks: AsyncIterable<string>, Parser: typeof HtmlParser, handler: Partial<Handler>, take: () => T | undefined): AsyncGenerator<T> {
  let depth = 0;
  const counted: Partial<Handler> = {
    ...handler,
    onopentag(name, attributes, isImplied) {
      if (++depth > MAX_HTML_DEPTH) throw new ScanError('LIMIT_EXCEEDED', `HTML nested deeper than ${MAX_HTML_DEPTH} elements`);
      handler.onopentag?.(name, attributes, isImplied);
    },
    onclosetag(name, isImplied) {
      depth--;
      handler.onclosetag?.(name, isImplied);
    },
  };
  const parser = new Parser(counted, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  for await (const chunk of chunks) {
    parser.write(chunk);
    const out = take();
    if (out !== undefined) yield out;
  }
  parser.end();
  const out = take();
  if (out !== undefined) yield out;
}

/**
 * One parse of a page: after each chunk, its table cells in a batch, and the text outside them
 * with every attribute value (the module doc).
 */
function parsedPage(chunks: AsyncIterable<string>, Parser: typeof HtmlParser): AsyncGenerator<{ cells: Cell[]; texts: string[] }> {
  const tables: OpenTable[] = [];
  let count = 0;
  let batch: Cell[] = [];
  let text = '';
  // The text before a long attribute value, and the value, handed on as they are: added to the
  // text, a value of megabytes was copied whole again (the bench's hostile page, 12 MiB).
  let pieces: string[] = [];
  const endRow = (table: OpenTable): void => {
    const cells = table.rowCells;
    table.rowCells = [];
    if (cells.length === 0) return;
    const sheet = `table ${table.n}`;
    const filled = cells.filter((cell) => cell.text !== '');
    const headers = table.headers.of(filled);
    for (const cell of filled) {
      const header = headers?.get(cell.column);
      batch.push(header === undefined || header === '' ? { sheet, ref: cellRef(cell.column, table.row + 1), text: cell.text } : { sheet, ref: cellRef(cell.column, table.row + 1), text: cell.text, header });
    }
  };
  const endCell = (table: OpenTable): void => {
    const cell = table.cell;
    if (cell === undefined) return;
    table.cell = undefined;
    table.rowCells.push({ column: cell.column, text: decodeEscapes(cell.text.replace(/\s+/g, ' ').trim()) });
    // A row of more cells than a spreadsheet holds is handed on in pieces: the first its header row.
    if (table.rowCells.length >= MAX_ROW_CELLS) endRow(table);
  };
  // A term just ended (`</dt>`): the description after it (`<dd>`) is its value, on its line, a
  // colon between (微信号：zhang_san88); anything else starts a line.
  let term = false;
  // The element whose attributes come (onopentagname): an input's are read with the element.
  let opening = '';
  const endTerm = (value: boolean): void => {
    term = false;
    text += value ? (/[:：]\s*$/.test(text) ? ' ' : '：') : '\n';
  };
  const attribute = (name: string, value: string): void => {
    if (value === '' || LAYOUT_ATTRIBUTES.has(name) || name.startsWith('xmlns')) return;
    // A `data:` URI as the markup that shows it (`<img src=data:image/png;base64,…>`): a picture
    // the page shows among its text is its layout (embedded.ts), not a photo to read, and the
    // markup is no text a reader sees.
    const data = value.startsWith('data:');
    if (value.length <= LONG_VALUE_CHARS) text += data ? `\n<${opening} ${name}=${value}>\n` : `\n${value}\n`;
    else {
      pieces.push(data ? `${text}\n<${opening} ${name}=` : `${text}\n`, value);
      text = data ? '>\n' : '\n';
    }
  };
  const handler: Partial<Handler> = {
    onopentagname(name) {
      opening = name;
    },
    onopentag(name, attributes) {
      if (term) endTerm(name === 'dd');
      else if (BLOCKS.has(name)) text += '\n';
      // A script's or a style's text is read, marked as what a reader does not see (embedded.ts
      // VisibleText: a page of styles, scripts and a caption around a photo is the photo's).
      if (name === 'script' || name === 'style') text += `\n<${name}>`;
      if (name === 'input') {
        // A form's field after its label (`<label>微信号</label><input type="text" value="…">`): its
        // value on the label's line, then its other attributes; a hidden one's (a token) on its own.
        const { value, ...rest } = attributes;
        if (value !== undefined && value !== '') text += rest.type === 'hidden' ? `\n${value}\n` : ` ${value}\n`;
        for (const [key, written] of Object.entries(rest)) attribute(key, written);
      }
      // A row or a cell outside any table is one whose `<table>` tag was damaged (`<taNle>`): a
      // table from there (read as text, its values had no header, and such a list came out public).
      if (name === 'table' || (tables.length === 0 && (name === 'tr' || name === 'td' || name === 'th'))) {
        tables.push({ n: ++count, row: -1, column: 0, headers: new HeaderRow(), rowCells: [], cell: undefined, spans: new Map(), started: new Map() });
      }
      const table = tables.at(-1);
      if (name === 'table' || table === undefined) return;
      else if (name === 'tr') {
        endCell(table);
        endRow(table);
        if (table.row >= 0) nextRowSpans(table);
        table.row++;
        table.column = 0;
      } else if (name === 'td' || name === 'th') {
        endCell(table);
        if (table.row < 0) table.row = 0;
        // Columns a cell above still spans are this row's too: the next cell goes after them.
        while ((table.spans.get(table.column) ?? 0) > 0) table.column++;
        const columns = spanOf(attributes.colspan, MAX_COLSPAN);
        const rows = spanOf(attributes.rowspan, MAX_ROWSPAN);
        table.cell = { column: table.column, text: '' };
        if (rows > 1) for (let c = table.column; c < table.column + columns; c++) table.started.set(c, rows - 1);
        table.column += columns;
      } else if (table.cell !== undefined && BLOCKS.has(name)) table.cell.text += ' ';
    },
    oncomment(data) {
      text += `\n${data}\n`;
    },
    onattribute(name, value) {
      if (opening !== 'input') attribute(name, value);
    },
    ontext(data) {
      const table = tables.at(-1);
      const cell = table?.cell;
      // Text in a table but in no cell (between rows) is the text outside, as a browser shows it.
      if (cell === undefined) {
        if (term) {
          if (!/\S/.test(data)) return;
          endTerm(false);
        }
        text += data;
        return;
      }
      cell.text += data;
      if (cell.text.length > CELL_MAX_CHARS) {
        batch.push({ sheet: `table ${table!.n}`, ref: cellRef(cell.column, Math.max(0, table!.row) + 1), text: decodeEscapes(cell.text) });
        cell.text = '';
      }
    },
    onclosetag(name) {
      if (name === 'script' || name === 'style') text += `</${name}>\n`;
      if (term) endTerm(false);
      if (name === 'dt') term = true;
      else if (BLOCKS.has(name)) text += '\n';
      const table = tables.at(-1);
      if (table === undefined) return;
      if (name === 'td' || name === 'th') endCell(table);
      else if (name === 'tr') {
        endCell(table);
        endRow(table);
      } else if (name === 'table') {
        endCell(table);
        endRow(table);
        tables.pop();
      }
    },
  };
  return parsed(chunks, Parser, handler, () => {
    if (batch.length === 0 && text === '' && pieces.length === 0) return undefined;
    const out = { cells: batch, texts: [...pieces, text] };
    batch = [];
    pieces = [];
    text = '';
    return out;
  });
}
