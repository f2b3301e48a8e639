/**
 * JSON that holds a table as arrays: the header row and the rows as arrays of values
 * (`[["姓名","手机"],["张三","138…"]]`: SheetJS's `sheet_to_json(…, {header: 1})`, Google Sheets'
 * `values`, pandas' `orient="values"`), or the column names beside them
 * (`{"columns": ["姓名", …], "data": [[…], …]}`: pandas' `orient="split"`, many APIs' result sets;
 * a column may be an object named by its `name`, `title`, `label`, `field` or `dataIndex`). Read as
 * text, a value is far from its column's name: a list of names, WeChat ids, birth dates, passports
 * and QQ numbers came out public. @streamparser/json (MIT) tokenizes it streamed into:
 *
 * 1. every value of such a table as a cell (`sheet` = `table N`, A1-style `ref`) under its
 *    column's name: the `columns` (or `fields`, `headers`, …) array beside it, else its first row
 *    when that row is two strings or more that read as a header row (header-row.ts: not mostly
 *    digits), else none (its first row a row of values, when it holds a string: pandas'
 *    `orient="values"` writes no header row; its columns are then told by their values,
 *    column-profile.ts); an object or array in a cell is its JSON text; numbers as written (an ID
 *    written as a number keeps its digits);
 * 2. everything else as compact JSON text (its keys beside their values, as a record's labels
 *    are read in a JSON text), held while the cells are read (held-text.ts). An array of arrays
 *    whose first row is numbers alone (coordinates, a matrix) is text too.
 *
 * JSON lines of arrays whose first line is strings (a header row, or a row of values: pandas'
 * `to_json(orient="values", lines=True)`, a log of rows) are read as the rows of one such table.
 *
 * JSON that does not parse goes on as text from its last token (a truncated export, garbage after
 * it), and so does JSON nested deeper than MAX_DEPTH (hostile: a level held each): nothing in it
 * is left unread. Broken inside a table (a byte lost or changed in a row), the damaged row is
 * text and the table's rows are taken up again from the next (a `[` after `],` or a line end),
 * under the same columns; broken in its first row (a quote lost in the header row), the rows after
 * it are taken up as a table under that row's cells split leniently at its commas, when they read
 * as a header row, else under none; broken before any table (a byte lost in an envelope), the text
 * goes on to the next array of arrays (`[[`), read from there, or to the next row (`], [`) when
 * one comes first (pretty-printed, damaged in its first rows), a table without its columns; a row
 * that lost its `[`, whose `]` then ended its table early, does not end it: the rows after it are
 * still the table's; a `]` that ended the document's array or none (its outer `[` or its header
 * row's lost, its start cut off), then `,` and `[`, starts a table without its columns; a header
 * row that lost its `]` (its strings, then the rows as its elements; its comma and last names lost
 * too) is the header row of those rows, and a first row of values so damaged the first row of a
 * table without a header row; a header row cut to one name heads a one-column table; and a first
 * row damaged between its tokens, which the tokenizer passes (a comma lost, a cell cut out, the
 * header row run into the first row), is split leniently. Only a JSON whose head shows such a
 * table comes here (sniff.ts `jsonTableHead`); any other is read as text (text.ts), as before.
 */
import { Tokenizer, TokenType } from '@streamparser/json';
import type { ContentPart } from '../types.js';
import { labelLike } from '../header-row.js';
import { readPiecesOnce, type Piece } from './held-text.js';
import type { ReadContext } from './limits.js';
import type { Source } from './source.js';
import { jsonLinesTableHead } from './sniff.js';
import { cellRef } from './table.js';
import { decodeSample, detectEncoding } from './text.js';

/** Times a document that breaks inside a table is taken up again at a next row; then the rest is text. */
const MAX_RESYNCS = 10_000;
/** Containers nested deeper than this end the parse: the rest is read as text. */
const MAX_DEPTH = 512;
/** The most characters of an object in a cell held before they are handed on. */
const MAX_NESTED_CHARS = 256 * 1024;
/** Keys whose array names a table's columns. */
const COLUMN_KEYS = new Set(['columns', 'fields', 'headers', 'header', 'cols', 'colnames', 'column_names', 'columnnames', 'titles']);
/** Properties that name a column given as an object, in the order they are looked for. */
const COLUMN_NAME_KEYS = ['name', 'title', 'label', 'header', 'text', 'field', 'dataindex', 'key'];

/** A container being read. */
interface Frame {
  readonly kind: 'object' | 'array';
  /** An object's key of the value being read (lower case), or undefined before it. */
  key?: string;
  /** An object's next string is a key (right after `{` or `,`). */
  expectKey?: boolean;
  /** An array has no element yet. */
  fresh?: boolean;
  /** An array's elements so far. */
  index: number;
  /** The column names an object's COLUMN_KEYS array gave, for a table beside them. */
  columns?: string[];
  /** This array names columns (the value of a COLUMN_KEYS key). */
  naming?: boolean;
  /** This array is a table: its elements are rows. */
  table?: Table;
  /** A table's own level met a value that is no row. */
  strayValue?: boolean;
  /** This array is a row of `table`. */
  row?: Row;
  /** This array may be a table: its first element is an array, being read. */
  maybe?: { readonly columns: string[] | undefined; readonly tokens: string[] };
}

interface Table {
  readonly name: string;
  readonly columns: string[] | undefined;
  rows: number;
  /** The header row was the table's first (no columns beside it). */
  headers: string[] | undefined;
}

interface Row {
  readonly cells: { column: number; text: string }[];
  /** A value being read inside a cell (an object or array): its JSON text and depth. */
  nested?: { text: string; depth: number; column: number };
}

/** The tokens that are their one character. */
const PUNCTUATION: ReadonlyMap<TokenType, string> = new Map([
  [TokenType.LEFT_BRACE, '{'],
  [TokenType.RIGHT_BRACE, '}'],
  [TokenType.LEFT_BRACKET, '['],
  [TokenType.RIGHT_BRACKET, ']'],
  [TokenType.COLON, ':'],
  [TokenType.COMMA, ','],
]);

/** A token as JSON text: a string quoted, a number as written (JsonTokenizer), true, false, null. */
function jsonOf(token: TokenType, value: unknown): string {
  return PUNCTUATION.get(token) ?? (token === TokenType.STRING ? JSON.stringify(value) : String(value));
}

/** A tokenizer that keeps numbers as written: an ID written as a number keeps its digits. */
class JsonTokenizer extends Tokenizer {
  protected override parseNumber(numberStr: string): number {
    return numberStr as unknown as number;
  }
}

/** Reads a JSON document whose head shows a table (the module doc). */
export function readJsonTable(source: Source, head: Uint8Array, ctx: ReadContext): AsyncGenerator<ContentPart> {
  // JSON lines of rows: the lines are the elements of one array, the first its header row.
  const lines = jsonLinesTableHead(decodeSample(head, detectEncoding(head)).replace(/^\uFEFF/, ''));
  return readPiecesOnce('json', source, head, ctx, (chunks) => pieces(chunks, lines));
}

/** One pass over the document: its tables' cells under their columns, and the text outside them. */
async function* pieces(chunks: AsyncIterable<string>, lines: boolean): AsyncGenerator<Piece[]> {
  const out: Piece[] = [];
  const stack: Frame[] = lines ? [{ kind: 'array', index: 0, fresh: true }] : [];
  let tables = 0;
  let text = '';
  let broken = false;

  const flushText = () => {
    if (text !== '') out.push({ text });
    text = '';
  };
  const endRow = (table: Table, row: Row) => {
    table.rows++;
    const headers = table.columns ?? table.headers;
    for (const cell of row.cells) {
      const header = headers?.[cell.column];
      const ref = cellRef(cell.column, table.rows);
      out.push({ cell: header ? { sheet: table.name, ref, text: cell.text, header } : { sheet: table.name, ref, text: cell.text } });
    }
  };
  /** A token of a row of a table: its values are cells; an object or array in one is its JSON text. */
  const inRow = (frame: Frame, row: Row, token: TokenType, value: unknown): void => {
    const nested = row.nested;
    if (nested !== undefined) {
      nested.text += jsonOf(token, value);
      if (nested.text.length > MAX_NESTED_CHARS) {
        // A long object in a cell: handed on in pieces, as a long cell of a sheet is.
        row.cells.push({ column: nested.column, text: nested.text });
        nested.text = '';
      }
      if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
        if (++nested.depth > MAX_DEPTH) throw new Error('nested too deep');
      } else if ((token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) && --nested.depth === 0) {
        row.cells.push({ column: nested.column, text: nested.text });
        row.nested = undefined;
      }
      return;
    }
    switch (token) {
      case TokenType.RIGHT_BRACKET:
        stack.pop();
        endRow(stack[stack.length - 1].table!, row);
        return;
      case TokenType.COMMA:
        frame.index++;
        return;
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        row.nested = { text: jsonOf(token, value), depth: 1, column: frame.index };
        return;
      case TokenType.NULL:
        return;
      default: {
        const cell = String(value).trim();
        if (cell !== '') row.cells.push({ column: frame.index, text: cell });
      }
    }
  };
  /** The first element of an array ended: the array is a table if columns name it, or that element reads as a header row. */
  const decide = (frame: Frame) => {
    const maybe = frame.maybe!;
    frame.maybe = undefined;
    let first: (string | number | boolean | null)[] | undefined = firstRow(maybe.tokens);
    if (first === undefined && maybe.columns === undefined && maybe.tokens.some((token) => token.startsWith('"'))) {
      // A first element damaged between its tokens, which the tokenizer passes (a comma lost or a
      // byte in its place, `"姓名"3"微信号"`; a cell cut out, `"csrq",,"qqhm"`; the header row run
      // into the first row, its `], [` lost): its cells split leniently. A header row when they read
      // as one (a cell cut out stays an empty header, so the columns after it keep theirs); the
      // label-like cells it starts with, two or more, when values follow them (read as text too);
      // else a row of values. Read as text, such a list came out public.
      const cells = lenientRow(maybe.tokens.join(''));
      const labels = cells.findIndex((cell) => !labelLike({ column: 0, text: cell }));
      if (labels >= 2) text += maybe.tokens.join('');
      first = labels >= 2 ? cells.slice(0, labels) : cells;
    }
    // Or one string (a header row cut to its first name: `[["xhm"],[…`), a one-column table's.
    const header = first !== undefined && (headerRow(first) || (first.length === 1 && typeof first[0] === 'string' && first[0] !== '' && labelLike({ column: 0, text: first[0] })));
    const values = first !== undefined && rowOfValues(first);
    if (first === undefined || (maybe.columns === undefined && !header && !values)) {
      text += maybe.tokens.join('');
      return;
    }
    flushText();
    tables++;
    const table: Table = { name: `table ${tables}`, columns: maybe.columns, rows: 0, headers: undefined };
    frame.table = table;
    if (maybe.columns === undefined && header) {
      table.headers = first.map((cell) => String(cell));
      table.rows = 1;
      return;
    }
    // Columns beside it, or none (column-profile.ts tells a column of names by its values): the
    // first element is a row of values.
    endRow(table, valuesRow(first));
  };

  const handle = ({ token, value }: { token: TokenType; value: unknown }): void => {
    // Deeper than any table: hostile (a frame per level held), read on as text (the catch below).
    if (stack.length > MAX_DEPTH) throw new Error('nested too deep');
    let top = stack[stack.length - 1];
    if (ended !== undefined && top?.table === undefined && top?.row === undefined) {
      // Right after a table ended: `,` then `[` is its next row (a row before lost its `[`).
      if (token === TokenType.COMMA && !ended.comma) {
        ended.comma = true;
      } else if (token === TokenType.LEFT_BRACKET && ended.comma) {
        let table = ended.table;
        if (table === undefined) {
          flushText();
          tables++;
          table = { name: `table ${tables}`, columns: undefined, rows: 0, headers: undefined };
        }
        stack.push({ kind: 'array', index: 0, table });
        top = stack[stack.length - 1];
        ended = undefined;
      } else ended = undefined;
    }
    if (top?.row !== undefined) return inRow(top, top.row, token, value);
    if (top?.table !== undefined) {
      // A table's own level: `[` opens a row, `]` ends the table; a value that is no row is text.
      if (token === TokenType.LEFT_BRACKET) stack.push({ kind: 'array', index: 0, row: { cells: [] } });
      else if (token === TokenType.RIGHT_BRACKET) {
        // After a value that is no row (a row that lost its `[`), the table may go on.
        const closed = stack.pop()!;
        ended = closed.strayValue === true ? { table: closed.table!, comma: false } : undefined;
        text += ']';
        return;
      } else if (token !== TokenType.COMMA) {
        top.strayValue = true;
        text += jsonOf(token, value);
        if (token === TokenType.LEFT_BRACE) stack.push({ kind: 'object', index: 0, expectKey: true });
      }
      return;
    }
    if (top?.maybe !== undefined) {
      // The first element of an array that may be a table: its tokens wait until it ends.
      const maybe = top.maybe;
      maybe.tokens.push(jsonOf(token, value));
      if (token === TokenType.RIGHT_BRACKET) decide(top);
      else if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
        // A header row that lost its `]`: the rows are its elements (the JSON breaks only at its
        // end; read as text, a list of names came out public). Strings that read as a header row,
        // then a `[` (its comma lost too, or the names after it: `["姓名","微信号"[…`); or a first
        // row of values that lost its end (a table without a header row).
        const before = maybe.tokens.slice(0, -1);
        const list = before[before.length - 1] === ',' ? before.slice(0, -1) : before;
        const strings = token === TokenType.LEFT_BRACKET && maybe.columns === undefined ? firstRow([...list, ']']) : undefined;
        if (strings !== undefined && (headerRow(strings) || rowOfValues(strings))) {
          top.maybe = undefined;
          flushText();
          tables++;
          const header = headerRow(strings);
          const table: Table = { name: `table ${tables}`, columns: undefined, rows: header ? 1 : 0, headers: header ? strings.map((cell) => String(cell)) : undefined };
          top.table = table;
          if (!header) endRow(table, valuesRow(strings));
          stack.push({ kind: 'array', index: 0, row: { cells: [] } });
          return;
        }
        // A container in the first element: no header row, no row of values. Text.
        top.maybe = undefined;
        text += maybe.tokens.join('');
        stack.push({ kind: 'array', index: 0 });
        if (token === TokenType.LEFT_BRACE) stack.push({ kind: 'object', index: 0, expectKey: true });
        else stack.push({ kind: 'array', index: 0 });
      }
      return;
    }
    if (top?.kind === 'object' && top.expectKey === true && token === TokenType.STRING) {
      top.key = String(value).toLowerCase();
      top.expectKey = false;
      text += jsonOf(token, value);
      return;
    }
    switch (token) {
      case TokenType.LEFT_BRACE:
        text += '{';
        stack.push({ kind: 'object', index: 0, expectKey: true });
        return;
      case TokenType.LEFT_BRACKET:
        if (top?.kind === 'array' && top.index === 0 && top.naming !== true && top.fresh === true) {
          // The first element of an array is an array: the array may be a table.
          top.fresh = false;
          top.maybe = { columns: columnsFor(stack), tokens: ['['] };
          return;
        }
        if (top !== undefined) top.fresh = false;
        text += '[';
        stack.push(top?.kind === 'object' && top.key !== undefined && COLUMN_KEYS.has(top.key) ? { kind: 'array', index: 0, naming: true, columns: [], fresh: true } : { kind: 'array', index: 0, fresh: true });
        return;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET: {
        text += jsonOf(token, value);
        const closed = stack.pop();
        const parent = stack[stack.length - 1];
        if (closed?.naming === true && parent?.kind === 'object') parent.columns = closed.columns;
        // The document's array ended, or a `]` ended none: its outer `[` lost, or its header
        // row's (`[ "姓名", …], [ "王芳", …], …`: the first `]` ends the document). A `,` and a `[`
        // after it start a table's rows, a table without its columns (read as text, such a list
        // came out public).
        if (stack.length === 0 && closed?.kind !== 'object') ended = { table: undefined, comma: false };
        return;
      }
      case TokenType.COMMA:
        text += ',';
        if (top?.kind === 'array') top.index++;
        else if (top !== undefined) {
          top.key = undefined;
          top.expectKey = true;
        }
        return;
      default: {
        text += jsonOf(token, value);
        if (top !== undefined) top.fresh = false;
        if (token !== TokenType.STRING) return;
        if (top?.naming === true) top.columns!.push(String(value));
        else if (top?.kind === 'object' && top.key !== undefined && COLUMN_NAME_KEYS.includes(top.key)) {
          // A column given as an object: its name, once per column.
          const above = stack[stack.length - 2];
          if (above?.naming === true && above.columns!.length === above.index) above.columns!.push(String(value));
        }
      }
    }
  };

  /** What was read of a row or a first element when the JSON broke is handed on. */
  const salvage = () => {
    for (const frame of stack) {
      if (frame.maybe !== undefined) text += frame.maybe.tokens.join('');
      if (frame.row?.nested !== undefined) frame.row.cells.push({ column: frame.row.nested.column, text: frame.row.nested.text });
    }
    const rowAt = stack.findIndex((frame) => frame.row !== undefined);
    if (rowAt > 0 && stack[rowAt - 1].table !== undefined) endRow(stack[rowAt - 1].table!, stack[rowAt].row!);
    stack.length = 0;
  };

  /** Where the current tokenizer's last token started, and the bytes it was fed before this write. */
  let lastOffset = 0;
  let fed = 0;
  const tokenizerOn = (): JsonTokenizer => {
    const fresh = new JsonTokenizer();
    fresh.onToken = (info) => {
      lastOffset = info.offset;
      handle(info);
    };
    lastOffset = 0;
    fed = 0;
    return fresh;
  };
  let tokenizer = tokenizerOn();
  /** A table the JSON broke inside: its rows are taken up again from the next row on. */
  let resync: Table | undefined;
  let resyncs = 0;
  /**
   * The text of a table's first row that broke (its header row, a quote lost), up to the next row
   * once read: its cells, split leniently, head the rows taken up (leniency), else none.
   */
  let brokenFirst: string | undefined;
  /**
   * The JSON broke outside any table: the text goes on to the next array of arrays, a table's
   * start, read from there; from this byte of the next bytes fed (1 right after the break: the
   * table found again is not the one that broke).
   */
  let seeking = false;
  let seekFrom = 0;
  /**
   * A table that just ended, and whether a comma followed: a row that lost its `[` ends its table
   * early at its `]`, and a `[` after that comma starts the table's next row, not text. Or the
   * document's array (`table` undefined): a `[` after that comma starts a table.
   */
  let ended: { table: Table | undefined; comma: boolean } | undefined;

  /** Feeds bytes to the tokenizer; where the JSON breaks, what is left goes on as text or, inside a table, from the next line. */
  const feed = (bytes: Buffer): void => {
    for (;;) {
      if (broken) {
        text += bytes.toString('utf8');
        return;
      }
      if (seeking) {
        const start = nextTable(bytes, seekFrom);
        // A row of a table before any table's start (`], [`): the damage was in a table's first
        // rows (pretty-printed, where no `[[` follows): its rows are taken up from there, a table
        // without its columns (read as text, such a list came out public).
        const row = nextRow(bytes);
        seekFrom = 0;
        if (row >= 0 && (start < 0 || row < start)) {
          seeking = false;
          tables++;
          resync = { name: `table ${tables}`, columns: undefined, rows: 0, headers: undefined };
          continue;
        }
        text += bytes.subarray(0, start < 0 ? bytes.length : start).toString('utf8');
        if (start < 0) return;
        bytes = bytes.subarray(start);
        tokenizer = tokenizerOn();
        seeking = false;
      }
      if (resync !== undefined) {
        // The damaged row as it is, then a new tokenizer from the next row, its rows the table's.
        const next = nextRow(bytes);
        const damaged = bytes.subarray(0, next < 0 ? bytes.length : next).toString('utf8');
        text += damaged;
        if (brokenFirst !== undefined) brokenFirst += damaged;
        if (next < 0) return;
        if (brokenFirst !== undefined) {
          const header = lenientRow(brokenFirst);
          if (resync.columns === undefined && headerRow(header) && !header.includes('')) {
            resync.headers = header;
            resync.rows = 1;
          }
          brokenFirst = undefined;
        }
        bytes = bytes.subarray(next);
        tokenizer = tokenizerOn();
        stack.push({ kind: 'array', index: 0 }, { kind: 'array', index: 0, table: resync });
        resync = undefined;
      }
      try {
        tokenizer.write(bytes);
        fed += bytes.length;
        return;
      } catch {
        // Not JSON from its last token on (damage, a truncated export, garbage after it).
        const table = [...stack].reverse().find((frame) => frame.table !== undefined)?.table;
        // Or the first row of an array of arrays broke (a quote lost in its header row): the rows
        // after it are taken up as a table too (they were text: a list of names came out with its
        // first row found). Its text but the last token, which is read again from here.
        const first = table === undefined ? stack.find((frame) => frame.maybe !== undefined)?.maybe : undefined;
        // Or the document broke before its first element ended (its first `[` lost, or its header
        // row's: `[ X "姓名", …], [ …`, pretty-printed, where no `[[` follows to seek): its rows are
        // taken up the same way.
        // Or before any comma, in arrays alone (`[ [[ X"姓名"`: a `[` put before the first row's).
        const root = stack.every((frame) => frame.kind === 'array' && frame.index === 0 && frame.naming !== true);
        salvage();
        flushText();
        bytes = bytes.subarray(Math.min(bytes.length, Math.max(0, lastOffset - fed)));
        if (table !== undefined && resyncs++ < MAX_RESYNCS) resync = table;
        else if ((first !== undefined || root) && resyncs++ < MAX_RESYNCS) {
          tables++;
          resync = { name: `table ${tables}`, columns: first?.columns, rows: 0, headers: undefined };
          brokenFirst = first === undefined ? '' : first.tokens.slice(0, -1).join('');
        } else if (resyncs++ < MAX_RESYNCS) {
          // Broken before any table (a byte lost in an envelope, in its column names): the rows
          // after the damage were all text, and a list of names came out public. They are read
          // from the next array of arrays on, as a table without its columns.
          seeking = true;
          seekFrom = 1;
        } else broken = true;
      }
    }
  };

  for await (const chunk of chunks) {
    feed(Buffer.from(chunk, 'utf8'));
    flushText();
    if (out.length > 0) yield out.splice(0);
  }
  if (!broken && resync === undefined && !seeking) {
    try {
      tokenizer.end();
    } catch {
      // Cut short: what was read stands.
    }
    salvage();
  }
  flushText();
  if (out.length > 0) yield out.splice(0);
}

/** JSON's white space: a space, a tab, a line end. */
function isJsonSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

/** Where the next row of a table starts in `bytes`: the `[` after a `]` and a comma or a line end, or -1. */
function nextRow(bytes: Buffer): number {
  for (let at = bytes.indexOf(0x5d); at >= 0; at = bytes.indexOf(0x5d, at + 1)) {
    let q = at + 1;
    let apart = false;
    for (; q < bytes.length; q++) {
      if (bytes[q] === 0x2c || bytes[q] === 0x0a) apart = true;
      else if (!isJsonSpace(bytes[q])) break;
    }
    if (apart && q < bytes.length && bytes[q] === 0x5b) return q;
  }
  return -1;
}

/**
 * The cells of a damaged row's text (`["姓名","微信号,"出生日期"],`), split leniently: at its
 * commas, without brackets, quotes and white space around each.
 */
function lenientRow(text: string): string[] {
  const inner = text.trim().replace(/^\[/, '').replace(/\]\s*,?\s*$/, '');
  return inner.split(',').map((cell) => cell.trim().replace(/^"+|"+$/g, '').trim());
}

/** Where an array of arrays starts in `bytes` from `from` on: a `[`, white space, then a `[`; or -1. */
function nextTable(bytes: Buffer, from: number): number {
  for (let at = bytes.indexOf(0x5b, from); at >= 0; at = bytes.indexOf(0x5b, at + 1)) {
    let q = at + 1;
    while (q < bytes.length && isJsonSpace(bytes[q])) q++;
    if (q < bytes.length && bytes[q] === 0x5b) return at;
  }
  return -1;
}

/** The column names for the array on top of `stack`: those the object holding it gave beside it. */
function columnsFor(stack: readonly Frame[]): string[] | undefined {
  const owner = stack[stack.length - 2];
  return owner?.kind === 'object' && owner.columns !== undefined && owner.columns.length > 0 ? owner.columns : undefined;
}

/**
 * True when a first element is a row of values: two or more, a string among them (pandas'
 * `orient="values"` writes no header row); numbers alone (coordinates, a matrix) stay text.
 */
function rowOfValues(first: readonly (string | number | boolean | null)[]): boolean {
  return first.length >= 2 && first.some((cell) => typeof cell === 'string');
}

/** A first element's values as a row's cells (its empty ones left out). */
function valuesRow(first: readonly (string | number | boolean | null)[]): Row {
  const row: Row = { cells: [] };
  first.forEach((cell, column) => {
    if (cell !== null && String(cell).trim() !== '') row.cells.push({ column, text: String(cell).trim() });
  });
  return row;
}

/** True when a first element's values read as a header row: two strings or more, each label-like (not mostly digits). */
function headerRow(first: readonly (string | number | boolean | null)[]): boolean {
  return first.length >= 2 && first.every((cell) => typeof cell === 'string' && labelLike({ column: 0, text: cell }));
}

/** The values of a first element's JSON text (primitives only reach here), or undefined. */
function firstRow(tokens: readonly string[]): (string | number | boolean | null)[] | undefined {
  try {
    const values = JSON.parse(tokens.join('')) as unknown;
    return Array.isArray(values) ? (values as (string | number | boolean | null)[]) : undefined;
  } catch {
    return undefined;
  }
}
