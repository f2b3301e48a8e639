/**
 * SQL dumps (mysqldump, pg_dump): the values of every row as spreadsheet cells under their
 * column's name. Read as text, an `INSERT ... VALUES (...)` holds a row's values far from the
 * column names of its `CREATE TABLE`: a dump of names, birth dates, WeChat ids, passports, QQ
 * numbers or bank accounts gave none of them context, and came out public.
 *
 * | line                                                        | read as |
 * |-------------------------------------------------------------|---------|
 * | `CREATE TABLE t (` and its column lines, to the `)` line (or all on one line) | the columns of `t` (not text: column names side by side read as a label and its value); one that never closes (a line neither a column nor a key comes first, or the end) is text, every line of it |
 * | `INSERT INTO t [(columns)] VALUES (…), (…);` (MySQL's modifiers, SQL Server's without INTO and its `GO`, a column list or VALUES on the next lines, no `;`), over lines when a string holds a line break | each value a cell of sheet `t`, under its column (the statement's list, else `t`'s); a hex literal or a bytea as bytes (a BLOB: embedded.ts) |
 * | `COPY t [(columns)] FROM stdin [WITH (FORMAT csv)];`, then tab-separated (or CSV) rows to `\.` | each value a cell, under its column |
 * | anything else, and an `INSERT` whose values do not parse     | text |
 *
 * Streamed line by line, once: the cells are handed on as they are read, the text is held
 * (held-text.ts) and read after them. A line longer than LINE_PIECE_CHARS comes in pieces: an
 * INSERT's rows are parsed as they come (a row a string longer than a cell cuts is read on from
 * where it was cut, that string's text handed on as it is read), any other line is joined. A row
 * longer than MAX_STATEMENT_CHARS, and a value longer than MAX_CELL_CHARS, are read as text.
 * Strings are read with MySQL's backslash escapes and SQL's doubled quote; `NULL` and `\N` are
 * no value. Table names are matched in any case.
 */
import type { Cell, ContentPart } from '../types.js';
import { collect, sourceBytes } from './bytes.js';
import { HeldText, cellsThenHeldText } from './held-text.js';
import type { ReadContext } from './limits.js';
import type { Source } from './source.js';
import { headerOfName, tableCells } from './table.js';
import { OpacityMeter } from './opacity.js';
import { decodeText, detectEncoding } from './text.js';

/** The longest row parsed into cells (a BLOB of 8 MiB in hex), and the longest line of anything else joined whole. */
const MAX_STATEMENT_CHARS = 16 * 1024 * 1024;
/** Most lines, and characters, of one row that is not complete yet (a string over several lines). */
const PENDING_ROW_LINES = 1000;
const MAX_PENDING_ROW_CHARS = 1024 * 1024;
/** The longest value read as a cell (Excel's own limit is 32,767 characters); a longer one is text. */
const MAX_CELL_CHARS = 256 * 1024;
/** Most lines of one CREATE TABLE (MySQL allows 4,096 columns, PostgreSQL 1,600), keys included. */
const MAX_TABLE_LINES = 10_000;

const CREATE_TABLE = /^\s*CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([^\s(]+)\s*\(/i;
/** An INSERT up to its rows: MySQL's modifiers, SQL Server's without INTO (`INSERT [dbo].[t] ([a]) VALUES`). */
const INSERT = /^\s*(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*(?:INTO\s+)?([^\s(]+)\s*(?:\(([^)]*)\))?\s*VALUES\s*/i;
/** The start of an INSERT whose column list or VALUES goes on over the next lines. */
const INSERT_START = /^\s*(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*(?:INTO\s+)?[^\s(]+\s*(?:\([^)]*\)?)?\s*$/i;
/** Lines an INSERT's head may take before its VALUES. */
const INSERT_HEAD_LINES = 200;
/** A COPY block's start: its table, its columns (else its table's), and whether its rows are CSV. */
const COPY = /^\s*COPY\s+([^\s(]+)\s*(?:\(([^)]*)\))?\s+FROM\s+stdin\b([^;]*);/i;
/** A column line of a CREATE TABLE: a name, then its type (not a key or constraint). */
const COLUMN = /^\s*([`"[]?)([^\s`"\]]+)\1\]?\s+\w/;
/** A blank line or a comment: nothing of a table's definition, and no end of it. */
const NEUTRAL = /^\s*(?:$|--|#|\/\*|\*)/;
const CONSTRAINT = /^\s*(?:PRIMARY|UNIQUE|KEY|INDEX|CONSTRAINT|FOREIGN|CHECK|FULLTEXT|SPATIAL|EXCLUDE)\b/i;

/**
 * A string longer than a cell holds (MAX_CELL_CHARS: a document stored in a column), as the pieces
 * it was read in between its escapes: slices of its statement's line, not a copy of them (joined,
 * 12 MB of text took 24 MB more, at the peak of the dump's memory).
 */
class LongText {
  constructor(readonly pieces: readonly string[]) {}
}

/** A value of a row: text, bytes (a hex literal, a bytea), or NULL. */
type Value = string | Uint8Array | null | LongText;
/** A hex literal: `0x89504E47`, `X'89504E47'` (whole bytes). */
const HEX_LITERAL = /^(?:0x((?:[0-9a-fA-F]{2})+)|[xX]'((?:[0-9a-fA-F]{2})*)')$/;
/** A bytea in hex form after its backslash is read: `x89504e47`. */
const BYTEA_HEX = /^x(?:[0-9a-fA-F]{2})+$/;

/** A table's name without quotes or schema: `public.customer` and `` `customer` `` are one. */
function tableName(written: string): string {
  const last = written.split('.').pop() ?? written;
  return last.replace(/^[`"[]|[`"\]]$/g, '');
}

function columnNames(list: string): string[] {
  return list.split(',').map((name) => headerOfName(tableName(name.trim())));
}

/**
 * A row that a piece of a long line (LinePiece), or a line, ended in, read on from the next rather
 * than parsed again from its start: its values so far, and where it goes on (inside a string
 * longer than a cell, its quote; before a value; after one). Held whole, a line of a 12 MiB
 * document took a dump's reading to 145 MiB, over the memory target of one worker (issue 12).
 */
type OpenRow = { readonly row: Value[]; readonly at: 'string'; readonly quote: string } | { readonly row: Value[]; readonly at: 'value' | 'next' };

interface Parsed {
  readonly rows: Value[][];
  readonly end: number;
  readonly status: 'done' | 'more' | 'bad';
  /** A row left open at the text's end: where it goes on, its long string's text read so far, and the text it goes on from (`carry`, put before the next). */
  readonly open?: { readonly row: OpenRow; readonly read: string[]; readonly carry: string };
  /** The text ended after a row, before the comma or `;` that follows it. */
  readonly afterRow?: boolean;
}

/** Where a text of an INSERT's VALUES starts (tuples): in a row left open, or after a row. */
interface ReadOn {
  readonly open?: OpenRow;
  readonly afterRow?: boolean;
}

/**
 * The rows of an INSERT's VALUES in `text`: those complete, where they end (after the comma that
 * follows the last), and whether the statement ended (`;`), goes on in the next line, or does not
 * parse from `end` on. From `from.open`, a row an earlier text left open, read on from the
 * start of `text`; after a row (`from.afterRow`), where a comma goes on to the next. A row that
 * `text` cuts is left open (OpenRow) rather than parsed again with the next text when a string
 * longer than a cell cuts it (its text read so far handed on), when it began in an earlier text,
 * or when it is longer than a line's piece; else it is parsed again.
 */
function tuples(text: string, from: ReadOn = {}): Parsed {
  const rows: Value[][] = [];
  let end = 0;
  let i = 0;
  const n = text.length;
  const space = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
  };
  const more = (): Parsed => ({ rows, end, status: 'more' });
  const bad = (): Parsed => ({ rows, end, status: 'bad' });
  const leave = (row: OpenRow, cut: number, read: string[] = []): Parsed => ({ rows, end, status: 'more', open: { row, read, carry: text.slice(cut) } });
  // A row the text's end cuts at a value (or after one, `from` on) is left open when it began in
  // an earlier text or is longer than a line's piece; else it is parsed again with the next text.
  const cut = (row: Value[], at: 'value' | 'next', from: number, resumed: boolean, rowStart: number): Parsed =>
    resumed || n - rowStart > LINE_PIECE_CHARS ? leave({ row, at }, from) : more();
  let open = from.open;
  if (open === undefined && from.afterRow === true) {
    space();
    if (text[i] === ',') end = ++i;
  }
  for (;;) {
    let row: Value[];
    let at: OpenRow['at'];
    const rowStart = i;
    if (open === undefined) {
      space();
      if (i >= n) return more();
      if (text[i] === ';') return { rows, end: i + 1, status: 'done' };
      if (text[i] !== '(') return bad();
      i++;
      row = [];
      at = 'value';
    } else {
      row = open.row;
      at = open.at;
    }
    // A row begun in an earlier text cannot be parsed again from its start (cut).
    const resumed = open !== undefined;
    for (;;) {
      if (at !== 'next') {
        if (at === 'value') space();
        const start = i;
        if (i >= n) return cut(row, 'value', start, resumed, rowStart);
        if (at === 'string' || text[i] === "'" || text[i] === '"') {
          // Read on from an earlier piece: its start was handed on already.
          const long = at === 'string';
          // PostgreSQL's bytea as pg_dump --inserts writes it ('\x89504e47…'): bytes.
          const bytea = !long && text[i + 1] === '\\' && text[i + 2] === 'x';
          const quote = long && open?.at === 'string' ? open.quote : text[i++];
          at = 'value';
          const begin = i;
          // Runs between escapes and quotes are sliced whole: a string of megabytes built a
          // character at a time took half a gigabyte and seconds (found by fuzzing).
          const pieces: string[] = [];
          let chars = 0;
          let nextQuote = text.indexOf(quote, i);
          let nextEscape = text.indexOf('\\', i);
          // The text ends inside the string, at `cut`: left open when it is longer than a cell.
          const cutAt = (where: number): Parsed =>
            long || (!bytea && n - begin > MAX_CELL_CHARS) ? leave({ row, at: 'string', quote }, where, pieces) : cut(row, 'value', start, resumed, rowStart);
          for (;;) {
            if (nextQuote < 0 && !long && (bytea || n - begin <= MAX_CELL_CHARS)) return cut(row, 'value', start, resumed, rowStart);
            if (nextEscape >= 0 && (nextQuote < 0 || nextEscape < nextQuote)) {
              if (nextEscape + 1 >= n) {
                pieces.push(text.slice(i, nextEscape));
                return cutAt(nextEscape);
              }
              pieces.push(text.slice(i, nextEscape));
              const e = text[nextEscape + 1];
              pieces.push(e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '0' || e === 'Z' ? '' : e);
              chars += nextEscape - i + 1;
              i = nextEscape + 2;
              if (nextQuote >= 0 && nextQuote < i) nextQuote = text.indexOf(quote, i);
              nextEscape = text.indexOf('\\', i);
              continue;
            }
            if (nextQuote < 0) {
              pieces.push(text.slice(i));
              return cutAt(n);
            }
            pieces.push(text.slice(i, nextQuote));
            chars += nextQuote - i;
            i = nextQuote;
            if (i + 1 >= n) return cutAt(i);
            if (text[i + 1] !== quote) {
              i++;
              break;
            }
            pieces.push(quote);
            chars++;
            i += 2;
            nextQuote = text.indexOf(quote, i);
            if (nextEscape >= 0 && nextEscape < i) nextEscape = text.indexOf('\\', i);
          }
          if ((long || chars > MAX_CELL_CHARS) && !bytea) row.push(new LongText(pieces));
          else {
            const value = pieces.join('');
            row.push(bytea && BYTEA_HEX.test(value) ? Buffer.from(value.slice(1), 'hex') : value);
          }
        } else {
          let depth = 0;
          while (i < n && (depth > 0 || (text[i] !== ',' && text[i] !== ')'))) {
            if (text[i] === '(') depth++;
            else if (text[i] === ')') depth--;
            else if (text[i] === "'") {
              const close = text.indexOf("'", i + 1);
              if (close < 0) return cut(row, 'value', start, resumed, rowStart);
              i = close;
            }
            i++;
          }
          if (i >= n) return cut(row, 'value', start, resumed, rowStart);
          const token = text.slice(start, i).trim();
          // A hex literal (mysqldump --hex-blob: 0x…, X'…') is bytes: a photo in a BLOB column.
          const hex = HEX_LITERAL.exec(token);
          // A charset introducer (_utf8mb4'…', _binary '…') or a literal's quotes are not its text.
          row.push(/^null$/i.test(token) ? null : hex !== null ? Buffer.from(hex[1] ?? hex[2], 'hex') : token.replace(/^_\w+\s*/, '').replace(/^[xXbBnN]?'(.*)'$/s, '$1'));
        }
      }
      // After a value: a cast after a string (pg_dump's '…'::jsonb) is no value of its own, and
      // a token ends at its comma or `)`.
      while (i < n && text[i] !== ',' && text[i] !== ')') i++;
      if (i >= n) return cut(row, 'next', i, resumed, rowStart);
      at = 'value';
      if (text[i++] === ',') continue;
      break;
    }
    rows.push(row);
    open = undefined;
    space();
    if (i >= n) return { rows, end: i, status: 'more', afterRow: true };
    if (text[i] === ',') {
      i++;
      end = i;
      continue;
    }
    if (text[i] === ';') return { rows, end: i + 1, status: 'done' };
    end = i;
    return bad();
  }
}

/**
 * The columns of a CREATE TABLE written on one line (`a int, b varchar(8))` after its `(`), or
 * undefined when the line does not close it.
 */
function oneLineColumns(rest: string): string[] | undefined {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '(') depth++;
    else if (c === ',' && depth === 0) {
      items.push(rest.slice(start, i));
      start = i + 1;
    } else if (c === ')' && depth-- === 0) {
      if (!/^[^()]*;\s*$/.test(rest.slice(i + 1))) return undefined;
      items.push(rest.slice(start, i));
      return items.flatMap((item) => {
        const column = CONSTRAINT.test(item) ? null : COLUMN.exec(item);
        return column === null ? [] : [headerOfName(column[2])];
      });
    }
  }
  return undefined;
}

/** The fields of one CSV line (a `COPY … WITH (FORMAT csv)` row): quoted fields with `""` inside; an empty unquoted field is NULL. */
function csvFields(line: string): Value[] {
  const fields: Value[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) {
          value += line.slice(j);
          j = line.length;
          break;
        }
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      fields.push(value);
      const comma = line.indexOf(',', j);
      if (comma < 0) return fields;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      const field = line.slice(i, comma < 0 ? line.length : comma);
      fields.push(field === '' ? null : field);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

/**
 * What one pass over a dump hands on: a row's cells, a text line, or a long string (text); a text
 * or a long string that `goesOn` in the next one is not a line's end.
 */
type Piece = { cells: Cell[] } | { text: string; goesOn?: boolean } | { long: LongText; goesOn?: boolean };

/** Characters of a line handed on in pieces (LinePiece), not joined whole: an extended INSERT of mysqldump's default 1 MB is one. */
const LINE_PIECE_CHARS = 1024 * 1024;

/** A piece of a line longer than LINE_PIECE_CHARS, and whether it is the line's last. */
class LinePiece {
  constructor(
    readonly text: string,
    readonly last: boolean,
  ) {}
}

/** Lines of `chunks` (without their `\n`, or a lone `\r`); a line longer than LINE_PIECE_CHARS comes in pieces. */
async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string | LinePiece> {
  // The start of a line not ended yet, in the chunks it came in: joined once, when it ends. Added
  // to one string, a line of megabytes (a document in one INSERT) was copied whole at every chunk
  // to search it for its end: 12 MB took 1.5 s and 210 MiB.
  let pending: string[] = [];
  let pendingChars = 0;
  /** The line being read was handed on in pieces so far. */
  let inPieces = false;
  for await (const read of chunks) {
    // A CR alone ends a line too (a dump saved with old Mac line ends was one line, never parsed);
    // a CR cut from its LF by the chunk's end gives one blank line more.
    const chunk = read.includes('\r') ? read.replace(/\r(?!\n)/g, '\n') : read;
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      if (pending.length === 0 && !inPieces) yield chunk.slice(start, nl);
      else {
        pending.push(chunk.slice(start, nl));
        // Its chunks are let go before the line is read: held while it was, they were as much
        // again at the reader's peak.
        const line = pending.join('');
        pending = [];
        pendingChars = 0;
        yield inPieces ? new LinePiece(line, true) : line;
        inPieces = false;
      }
      start = nl + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.slice(start));
      pendingChars += chunk.length - start;
    }
    if (pendingChars > LINE_PIECE_CHARS) {
      const piece = pending.join('');
      pending = [];
      pendingChars = 0;
      inPieces = true;
      yield new LinePiece(piece, false);
    }
  }
  if (pendingChars > 0 || inPieces) {
    const line = pending.join('');
    pending = [];
    yield inPieces ? new LinePiece(line, true) : line;
  }
}

/** One pass over a dump: its data rows as cells, every other line as text (the module doc). */
async function* pieces(chunks: AsyncIterable<string>): AsyncGenerator<Piece> {
  const columns = new Map<string, string[]>();
  const rowsOf = new Map<string, number>();
  /** A CREATE TABLE being read: its columns, and its lines, text if it never closes. */
  let creating: { name: string; columns: string[]; lines: string[] } | undefined;
  let copying: { name: string; columns: string[]; csv: boolean } | undefined;
  /** The lines of an INSERT's head so far, before its VALUES. */
  let heading: string[] | undefined;
  /** The INSERT being read: its table, its columns, its text not parsed yet, its lines since its last row, and the row a line's piece left open. */
  let insert: { name: string; names: readonly string[]; rest: string; lines: number; open?: OpenRow; afterRow?: boolean } | undefined;
  /** A long line's pieces: joined into one (the lines of anything else than an INSERT), or read as they come. */
  let longLine: string[] | 'insert' | undefined;
  let longChars = 0;
  /** Text of the long line was handed on without its line's end, which its last piece gives. */
  let lineText = false;
  /** A row's values longer than a cell holds (a document stored in a column): text, not fields. */
  function* longValues(row: Value[]): Generator<Piece> {
    for (let k = 0; k < row.length; k++) {
      const value = row[k];
      if (typeof value === 'string' && value.length > MAX_CELL_CHARS) {
        yield { text: value };
        row[k] = null;
      } else if (value instanceof LongText) {
        yield { long: value };
        row[k] = null;
      }
    }
  }
  /** A table's rows as cells under its columns (table.ts), numbered on from its rows before. */
  async function* cellsOf(name: string, names: readonly string[], rows: readonly Value[][]): AsyncGenerator<Piece> {
    for (const row of rows) yield* longValues(row);
    const rowsBefore = rowsOf.get(name) ?? 0;
    rowsOf.set(name, rowsBefore + rows.length);
    for await (const cells of tableCells(name, names, rows, { headerRow: false, rowsBefore })) yield { cells };
  }
  /**
   * An INSERT read no further: the values of the row a piece left open are cells, and its text
   * not parsed is text (after the text of a string left open, which it ends as a line).
   */
  async function* leaveInsert(left: NonNullable<typeof insert>): AsyncGenerator<Piece> {
    if (left.open !== undefined) yield* cellsOf(left.name, left.names, [left.open.row]);
    if (left.rest.trim() !== '' || left.open?.at === 'string') yield { text: left.rest };
  }
  for await (const read of lines(chunks)) {
    let line: string;
    /** A later piece of the line before, and whether the line goes on in a next piece. */
    let continuing = false;
    let goesOn = false;
    if (read instanceof LinePiece) {
      // A long line that starts or goes on with an INSERT is read a piece at a time; any other is
      // joined, as it was read (up to MAX_STATEMENT_CHARS: a longer one is cut there into lines).
      if (longLine === undefined && copying === undefined && heading === undefined && creating === undefined && (insert !== undefined || INSERT.test(read.text))) {
        longLine = 'insert';
        line = read.text;
        goesOn = !read.last;
      } else if (longLine === 'insert') {
        continuing = true;
        line = read.text;
        goesOn = !read.last;
      } else {
        longLine ??= [];
        longLine.push(read.text);
        longChars += read.text.length;
        if (!read.last && longChars <= MAX_STATEMENT_CHARS) continue;
        line = longLine.join('');
        longLine = [];
        longChars = 0;
      }
      if (read.last) longLine = undefined;
    } else line = read;
    if (continuing && insert === undefined) {
      // The rest of a line whose statement ended, or did not parse: text.
      if (line.trim() !== '' || (lineText && !goesOn)) yield { text: line, goesOn };
      lineText = goesOn && (lineText || line.trim() !== '');
      continue;
    }
    if (copying !== undefined) {
      if (line === '\\.' || line === '\\.\r') {
        copying = undefined;
        yield { text: line };
        continue;
      }
      const values = copying.csv ? csvFields(line.replace(/\r$/, '')) : line.replace(/\r$/, '').split('\t').map((value): Value => {
        if (value === '\\N') return null;
        // A bytea in COPY's text form: `\\x` and its hex digits.
        if (value.startsWith('\\\\x') && BYTEA_HEX.test(value.slice(2))) return Buffer.from(value.slice(3), 'hex');
        return value.replace(/\\(.)/g, (_, e: string) => (e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e));
      });
      yield* cellsOf(copying.name, copying.columns, [values]);
      continue;
    }
    // An INSERT whose column list or VALUES is on the lines after it: read as one line.
    if (heading !== undefined) {
      heading.push(line);
      const joined = heading.join(' ');
      if (INSERT.test(joined)) {
        heading = undefined;
        line = joined;
      } else if (heading.length <= INSERT_HEAD_LINES && !/;\s*$/.test(line)) continue;
      else {
        for (const held of heading) yield { text: held };
        heading = undefined;
        continue;
      }
    } else if (insert === undefined && INSERT_START.test(line) && !INSERT.test(line)) {
      heading = [line];
      continue;
    }
    // A statement whose rows are all read and that never ended (no `;`, a statement a line) ends
    // where the next one starts.
    const rowsRead = insert !== undefined && !continuing && insert.open === undefined && insert.rest.trim() === '';
    if (rowsRead && INSERT.test(line)) insert = undefined;
    // SQL Server's batch separator ends one too.
    if (rowsRead && /^\s*GO\s*$/i.test(line)) {
      insert = undefined;
      yield { text: line };
      continue;
    }
    // A row still open when the next line starts an INSERT lost a quote (a damaged byte): it is
    // text, and the statement on this line is read (the row took every line after it into text,
    // up to PENDING_ROW_LINES, and a list of names came out public). Into any table: the damage
    // may have hit the open one's name too (`INSERT INTO\x1dc`). A string over lines that holds
    // such a line (a script kept in a column) is so read as text and cells: nothing is left out.
    if (insert !== undefined && !continuing && (insert.open !== undefined || insert.rest.trim() !== '') && INSERT.test(line)) {
      yield* leaveInsert(insert);
      insert = undefined;
    }
    if (insert !== undefined || INSERT.test(line)) {
      if (insert === undefined) {
        const head = INSERT.exec(line)!;
        const name = tableName(head[1]);
        // The statement's words and its column list are not text (as a table's definition).
        insert = { name, names: head[2] === undefined ? (columns.get(name.toLowerCase()) ?? []) : columnNames(head[2]), rest: line.slice(head[0].length), lines: 1 };
      } else if (continuing) insert.rest += line;
      else {
        insert.rest += `\n${line}`;
        insert.lines++;
        // A line without a quote, `)` or `;` ends no value, row or statement: the row it
        // continues (a string over many lines) is not parsed again for it.
        if (!/['");]/.test(line) && insert.lines <= PENDING_ROW_LINES && insert.rest.length < MAX_PENDING_ROW_CHARS) continue;
      }
      const parsed = tuples(insert.rest, { open: insert.open, afterRow: insert.afterRow });
      insert.afterRow = parsed.afterRow;
      if (parsed.rows.length > 0) yield* cellsOf(insert.name, insert.names, parsed.rows);
      if (parsed.rows.length > 0) insert.lines = 1;
      if (parsed.open !== undefined) {
        // A row a piece of the line left open: its long values read whole, then its long string's
        // text so far, go on as text now (in their order), and the row is read on from where it
        // was left.
        yield* longValues(parsed.open.row.row);
        if (parsed.open.read.length > 0) yield { long: new LongText(parsed.open.read), goesOn: true };
        insert.open = parsed.open.row;
        insert.rest = parsed.open.carry;
        if (insert.lines <= PENDING_ROW_LINES) continue;
        // Over PENDING_ROW_LINES lines, as any row: a string that never ends.
        yield* leaveInsert(insert);
        insert = undefined;
        continue;
      }
      insert.open = undefined;
      const rest = insert.rest.slice(parsed.end);
      // A row is parsed again with each line of it that could end it: a string that never ends
      // would make that quadratic, so a row over PENDING_ROW_LINES lines is text. One longer than
      // a line's piece is left open (tuples), so what is held here over MAX_PENDING_ROW_CHARS is
      // one value (a bytea, a hex literal): text, unless the pieces of one line cut it (its rows
      // may take MAX_STATEMENT_CHARS).
      if (parsed.status === 'more' && insert.lines <= PENDING_ROW_LINES && rest.length < (parsed.rows.length > 0 || continuing || goesOn ? MAX_STATEMENT_CHARS : MAX_PENDING_ROW_CHARS)) {
        insert.rest = rest;
        continue;
      }
      // What does not parse, or is too long, is read as text: nothing is left out.
      if (rest.trim() !== '') yield { text: rest, goesOn };
      lineText = goesOn && rest.trim() !== '';
      insert = undefined;
      continue;
    }
    // A table's definition and a COPY's column list are read for their column names, not as text:
    // names side by side (`wechat, birthday`, `wechat varchar(64)`) read as a label and its value.
    const copy = COPY.exec(line);
    if (copy !== null) {
      const name = tableName(copy[1]);
      copying = { name, columns: copy[2] === undefined ? (columns.get(name.toLowerCase()) ?? []) : columnNames(copy[2]), csv: /\bcsv\b/i.test(copy[3]) };
      continue;
    }
    const create = CREATE_TABLE.exec(line);
    if (creating !== undefined) {
      if (/^\s*\)/.test(line)) {
        columns.set(creating.name.toLowerCase(), creating.columns);
        creating = undefined;
        continue;
      }
      const column = create === null && !NEUTRAL.test(line) ? COLUMN.exec(line) : null;
      if (create === null && (column !== null || CONSTRAINT.test(line) || NEUTRAL.test(line)) && creating.lines.length <= MAX_TABLE_LINES) {
        creating.lines.push(line);
        if (column !== null) creating.columns.push(headerOfName(column[2]));
        continue;
      }
      // Neither a column nor a key before the `)`: no table's definition after all. Its lines are
      // text (`张三 13812345678` looks like a column and its type), and so is this one.
      for (const held of creating.lines) yield { text: held };
      creating = undefined;
    }
    if (create !== null) {
      const inline = oneLineColumns(line.slice(create[0].length));
      if (inline !== undefined) columns.set(tableName(create[1]).toLowerCase(), inline);
      else creating = { name: tableName(create[1]), columns: [], lines: [line] };
      continue;
    }
    yield { text: line };
  }
  // A definition never closed, an INSERT's head without VALUES: text, as above.
  for (const held of creating?.lines ?? []) yield { text: held };
  for (const held of heading ?? []) yield { text: held };
  if (insert !== undefined) yield* leaveInsert(insert);
}

/** The largest `.sql` beside a `.txt` read for its table's definition (mysqldump writes a few KiB). */
const MAX_DEFINITION_BYTES = 1024 * 1024;

/**
 * `mysqldump --tab` writes each table as two files side by side: `t.sql`, its CREATE TABLE, and
 * `t.txt`, its rows without their columns' names (tab separated, `\N` for NULL, backslash
 * escapes: a COPY block's text). Read alone, a `.txt` of names, WeChat ids and QQ numbers came out
 * public. The `.sql` beside a `.txt` (Source.sibling) when it creates that table, else undefined
 * (none, too large, or of another table: then the `.txt` is read as it is).
 */
export async function definitionBeside(source: Source): Promise<{ table: string; definition: Buffer } | undefined> {
  const file = source.name.slice(source.name.lastIndexOf('/') + 1);
  const table = file.replace(/\.txt$/i, '');
  if (table === file || table === '' || source.sibling === undefined) return undefined;
  try {
    const beside = await source.sibling(`${table}.sql`);
    if (beside === undefined || (beside.size ?? 0) > MAX_DEFINITION_BYTES) return undefined;
    const definition = await collect(sourceBytes(beside), MAX_DEFINITION_BYTES);
    const creates = definition
      .toString('utf8')
      .split('\n')
      .some((line) => tableName(CREATE_TABLE.exec(line)?.[1] ?? '').toLowerCase() === table.toLowerCase());
    return creates ? { table, definition } : undefined;
  } catch {
    return undefined;
  }
}

/** A `mysqldump --tab` data file read after its table's definition, as that table's COPY block (definitionBeside). */
export function readTabData(source: Source, beside: { readonly table: string; readonly definition: Buffer }, ctx: ReadContext): AsyncGenerator<ContentPart> {
  return readRowsAfter(Buffer.concat([beside.definition, Buffer.from(`\nCOPY \`${beside.table}\` FROM stdin;\n`)]), sourceBytes(source), ctx);
}

/**
 * A file of a table's rows alone (COPY's text: a `pg_dump -Fd` data file, a `mysqldump --tab`
 * `.txt`) read as SQL after `before`, the statements that name its columns, in UTF-8.
 */
export function readRowsAfter(before: Uint8Array, rows: AsyncIterable<Uint8Array>, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const meter = new OpacityMeter();
  async function* all(): AsyncGenerator<Uint8Array> {
    yield before;
    yield* rows;
  }
  return readSqlText(decodeText(all(), 'utf-8', meter), meter, ctx);
}

/** Reads a SQL dump (the module doc). */
export function readSql(source: Source, head: Uint8Array, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const meter = new OpacityMeter();
  return readSqlText(decodeText(sourceBytes(source), detectEncoding(head), meter), meter, ctx);
}

/**
 * Reads the text of a SQL dump, as decoded with `meter` (a pg_dump archive's statements and data:
 * pgdump.ts): its rows' cells, then the rest as text.
 */
export async function* readSqlText(chunks: AsyncIterable<string>, meter: OpacityMeter, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const held = new HeldText('sql');
  /** The rows' cells, the text lines held for the text part. */
  async function* cells(): AsyncGenerator<readonly Cell[]> {
    let batch: Cell[] = [];
    let text = '';
    try {
      for await (const piece of pieces(chunks)) {
        // A long string goes to the held text a piece at a time, as a line of its own (its end's).
        const end = 'cells' in piece || piece.goesOn === true ? '' : '\n';
        if ('long' in piece) {
          for (const part of piece.long.pieces) {
            text += part;
            if (text.length >= 64 * 1024) {
              held.add(text);
              text = '';
            }
          }
          text += end;
          continue;
        }
        if ('text' in piece) {
          // A long text (a value longer than a cell) goes to the held text as it is, not copied.
          if (piece.text.length >= 64 * 1024) {
            held.add(text);
            held.add(piece.text);
            text = end;
            continue;
          }
          text += `${piece.text}${end}`;
          if (text.length >= 64 * 1024) {
            held.add(text);
            text = '';
          }
          continue;
        }
        batch.push(...piece.cells);
        if (batch.length >= 1024) {
          yield batch;
          batch = [];
        }
      }
    } catch (error) {
      // The rows read before the source broke (a tar cut short) count: then its error.
      if (batch.length > 0) yield batch;
      throw error;
    }
    if (batch.length > 0) yield batch;
    held.add(text);
    held.finish();
  }
  yield* cellsThenHeldText(cells, held, meter, ctx);
}
