/**
 * The layout of pages of placed text (PDF, OFD, and a text's lines: text-table.ts): their tables
 * as cells, the rest as text.
 *
 * Tables: a customer list printed or exported to PDF is a header line (姓名 出生日期 微信号 …)
 * over rows of values in the same columns. Read as lines of text, a value is far from its
 * column's name, and the types found by their labels only (names, birth dates, WeChat ids, QQ
 * numbers, passports) went unfound: such a list came out public. And a cell printed clipped to its
 * column (wider than its column, the next cell not empty) abuts or overlaps the next cell's text:
 * an ID and a phone ran together as one run of digits, and neither was found.
 *
 * | a line                                                                 | is                          |
 * |------------------------------------------------------------------------|-----------------------------|
 * | two pieces of text or more, apart (a gap of `COLUMN_GAP_EM` or more, or overlapping: clipped), each label-like (`headerLike`), and the next line has text in two of its columns or more | a table's header line: its pieces are the columns (Chinese headers pdfjs joined with spaces cut apart) |
 * | below a header line, text in two columns or more                        | a row of the table          |
 * | right below a row (`WRAP_GAP_LINES`), text only in columns the row fills, fewer of them, each within its column | the row's cells going on (a cell that wraps); not in a text's table, a row a line |
 * | below a row, text in one column only, within that column, close (`ROW_GAP_LINES`) | a row                       |
 * | at the top of the next page, while a table was open: up to `PAGE_TOP_LINES` lines that are not rows (a page's title), then rows in the same columns | the table going on |
 * | anything else                                                          | the end of the table; text  |
 *
 * Each piece of a row goes to the column it starts in, unless another column holds more than
 * twice as much of it; a piece across columns (pdfjs joins two cells' text when they are close) is
 * cut at its spaces first, when its words start at columns. In a text's table, a row of as many
 * pieces as its header line has columns (three or more) goes a piece a column, in order. A row's cells are `Cell`s (`sheet` =
 * `table N`, A1-style `ref`, the header line being row 1) under their column's header; the header
 * line's own cells have none. The pieces a table takes are left out of the page's text; the rest
 * of the page stays text.
 */
import { ScanError } from '../errors.js';
import type { Cell, ContentPart, ErrorPart, Location } from '../types.js';
import { labelLike, labelOf, withLabel } from '../header-row.js';
import { errorPart } from './members.js';
import { cellRef } from './table.js';
import { stringChunks } from './text.js';

/**
 * A piece of text on a page, in the order the page draws it: its left edge and baseline (y
 * growing downward; NaN when unknown), its width and font size; `hasEOL` when the producer ended
 * the line after it; `upright` false when it is rotated or skewed (it stays text, out of tables).
 */
export interface Placed {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly size: number;
  readonly hasEOL?: boolean;
  readonly upright?: boolean;
  /**
   * A piece of a text's line cut at its runs of spaces or tabs (text-table.ts linePieces), not at
   * `|`: only such lines make a table without a header line (headlessOf; tables drawn with `|`
   * whose header line is lost are pipeRunCells').
   */
  readonly spaced?: boolean;
}

/**
 * A document's pages as parts (PDF, OFD): each page's tables as cells and the rest as text (a
 * table may go on to the next page), then errors after the last page. A scan of paper (a
 * contract, ID card copies) is pages of images, and nothing here reads images (no OCR), so nothing
 * read is not public; nor is a page whose text is not what it shows.
 *
 * | pages                                                    | after them                      |
 * |----------------------------------------------------------|---------------------------------|
 * | none has text                                            | NO_TEXT (the whole document)    |
 * | some have text; others show images and have none         | NO_TEXT naming those pages      |
 * | some have text; the others are blank (show no image)      | nothing                         |
 * | some read as control characters (garbled)                | CORRUPT naming those pages      |
 */
export class PagedDocument {
  private readonly tables = new PageTables();
  private pages = 0;
  private anyText = false;
  /** Pages that show images and have no text: scans, not read. */
  private readonly scanned: number[] = [];
  /** Pages whose text reads as control characters (garbled). */
  private readonly garbled: number[] = [];

  /** `format` names the document in messages; `where` is the document's location. */
  constructor(
    private readonly format: string,
    private readonly where: Location,
  ) {}

  /**
   * Page `page`'s parts: its pieces laid out, `extra` text after them (a PDF's form fields), and
   * `showsImage` asked only when the page has no text.
   */
  async page(page: number, pieces: readonly Placed[], showsImage: () => boolean | Promise<boolean>, extra = ''): Promise<ContentPart[]> {
    this.pages += 1;
    const { cells, text: laid } = pageContent(pieces, this.tables);
    const text = extra === '' ? laid : `${laid}${laid === '' || laid.endsWith('\n') ? '' : '\n'}${extra}`;
    const hasText = cells.length > 0 || /\S/.test(text);
    this.anyText ||= hasText;
    if (!hasText && (await showsImage())) this.scanned.push(page);
    if (garbled(text) || garbled(cells.map((cell) => cell.text).join(' '))) this.garbled.push(page);
    return cellsAndText(cells, text, { ...this.where, page });
  }

  /**
   * After the last page: NO_TEXT for its scanned pages (the module's table), CORRUPT for pages
   * whose text reads as control characters (garbled).
   */
  end(): ErrorPart[] {
    const { format, pages, scanned, where } = this;
    const listed = (numbers: readonly number[]) => (numbers.length <= 10 ? numbers.join(', ') : `${numbers.slice(0, 10).join(', ')} and ${numbers.length - 10} more`);
    const errors: ErrorPart[] = [];
    if (!this.anyText && pages > 0) errors.push(errorPart(where, new ScanError('NO_TEXT', `${format} has ${pages} pages and no text on any: scanned images are not read (no OCR)`)));
    // Typed pages with scanned ones (a contract, then copies of the parties' ID cards): the typed
    // pages are read, the scanned ones are not, and the object is not public for them.
    else if (scanned.length > 0) errors.push(errorPart(where, new ScanError('NO_TEXT', `${format} pages ${listed(scanned)} show images and no text: scanned pages are not read (no OCR)`)));
    if (this.garbled.length > 0) {
      errors.push(errorPart(where, new ScanError('CORRUPT', `${format} pages ${listed(this.garbled)} read as control characters: their fonts' maps to text are damaged, what they show is not read`)));
    }
    return errors;
  }
}

/**
 * A page's text that reads as control characters (NUL and the like, or U+FFFD) for one in twenty
 * of its characters, four or more: a font whose map to text is damaged (a Chinese font read a byte
 * a character gives each digit a NUL before it), so what the page shows is not what was read. Such
 * a page of IDs came out public (found by fuzzing).
 */
function garbled(text: string): boolean {
  let controls = 0;
  let visible = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd) controls++;
    if (code > 0x20) visible++;
  }
  return controls >= 4 && controls * 20 >= visible;
}

/** Cells and text held whole as parts at `where`: a CellsPart of the cells (when there are any), then a TextPart. */
export function cellsAndText(cells: readonly Cell[], text: string, where: Location): ContentPart[] {
  const parts: ContentPart[] = [];
  if (cells.length > 0) {
    parts.push({
      kind: 'cells',
      where,
      cells: {
        async *[Symbol.asyncIterator]() {
          yield cells;
        },
      },
    });
  }
  parts.push({ kind: 'text', where, chunks: stringChunks(text) });
  return parts;
}

/** A page's tables as cells under their column headers (PageTables), and the rest of its text (pageText). */
export function pageContent(pieces: readonly Placed[], tables: PageTables): { text: string; cells: Cell[] } {
  const { cells, taken } = tables.read(pieces);
  return { text: pageText(taken.size === 0 ? pieces : pieces.filter((_, i) => !taken.has(i))), cells };
}

/**
 * Text of a page's pieces in the order drawn: joined, with a newline where the producer ended a
 * line, and where a piece does not go on from the one before (it starts on another line, or
 * apart from it, or back to the left), a newline or a space: pdfjs marks none between the text of
 * two form XObjects (a flattened form's fields: an ID and a phone came out as one run of 29
 * digits). A space piece that is a typesetter's spacing between Chinese and Latin (AUTOSPACE_EM)
 * is dropped; a line's end is lineEnd's.
 */
export function pageText(pieces: readonly Placed[]): string {
  const out = new PageTextBuilder();
  let previous: { x: number; y: number; end: number; size: number } | undefined;
  for (let i = 0; i < pieces.length; i++) {
    const { text: str, hasEOL, x, y, width, size } = pieces[i];
    const at = Number.isFinite(x) && Number.isFinite(y);
    if (str === ' ' && hasEOL !== true && previous !== undefined && width < AUTOSPACE_EM * previous.size && betweenHanAndLatin(out.tail, pieces[i + 1]?.text)) continue;
    if (str !== '' && at && previous !== undefined && out.tail !== '' && !/\s$/.test(out.tail)) {
      const lineHeight = Math.max(size, previous.size, 1);
      if (Math.abs(y - previous.y) > lineHeight / 2) out.add(lineEnd(out.tail));
      else if (x - previous.end > lineHeight / 4 || x < previous.x) out.add(' ');
    }
    out.add(str);
    if (hasEOL === true) out.add(lineEnd(out.tail));
    if (str !== '' && at) previous = { x, y, end: x + (Number.isFinite(width) ? width : 0), size };
  }
  return out.text();
}

/**
 * A page's text built piece by piece, its last characters at hand: reading the end of a string
 * built by `+=` makes V8 flatten it each time (a page of 200,000 pieces took 7 s).
 */
class PageTextBuilder {
  private readonly parts: string[] = [];
  /** The last LINE_END_TAIL characters added. */
  tail = '';

  add(piece: string): void {
    if (piece === '') return;
    this.parts.push(piece);
    this.tail = (this.tail + piece).slice(-LINE_END_TAIL);
  }

  text(): string {
    return this.parts.join('');
  }
}

/**
 * What ends a line, given the text's last characters: a newline, but a space after a label that
 * ends the line with its colon (a form wraps `微信号：` at the line's end, its value at the next
 * line's start), nothing after that space, and nothing after a hyphen between letters or digits
 * (WRAPPED_AT_HYPHEN).
 */
function lineEnd(tail: string): string {
  if (/[:：] *$/.test(tail)) return tail.endsWith(' ') ? '' : ' ';
  return WRAPPED_AT_HYPHEN.test(tail) ? '' : '\n';
}

/** Characters at a text's end that pageText keeps at hand for lineEnd (a label's colon and its spaces). */
const LINE_END_TAIL = 16;

/** A line broken after a hyphen inside a word or a number (`wang-` then `lei956`): the two halves are one. */
const WRAPPED_AT_HYPHEN = /[0-9A-Za-z]-$/;

/**
 * Widest gap (in ems) that is the spacing a typesetter puts between Chinese characters and Latin
 * letters or digits (LibreOffice's autospace: `文化街 156 号`), not a space typed: pdfjs gives it
 * as a space of its own, which broke an address (`文化街156号`) that the detector reads unbroken.
 */
const AUTOSPACE_EM = 0.3;

/** True when `text` ends with a Chinese character and `next` starts with a Latin letter or digit, or the other way round. */
function betweenHanAndLatin(text: string, next: string | undefined): boolean {
  if (next === undefined || text === '' || next === '') return false;
  const before = text.charAt(text.length - 1);
  const first = next.charAt(0);
  return (HAN_CHAR.test(before) && LATIN_CHAR.test(first)) || (LATIN_CHAR.test(before) && HAN_CHAR.test(first));
}

const HAN_CHAR = /\p{Script=Han}/u;
const LATIN_CHAR = /[0-9A-Za-z]/;

/** Least gap between two columns' text, in ems: words of a line are closer (a space is a quarter em to half). */
const COLUMN_GAP_EM = 0.8;
/** An overlap of more than this (in ems) is a clipped cell's text running into the next cell. */
const CLIPPED_EM = 0.2;
/** Longest header, in characters (统一社会信用代码/纳税人识别号 is 16). */
const HEADER_MAX_CHARS = 24;
/** Most columns a header line may have. */
const MAX_COLUMNS = 64;
/** A one-column row is at most this many line heights below the row before it. */
const ROW_GAP_LINES = 2.5;
/**
 * A text's lines in a row that make a table without a header line (fromText): each cut into as many
 * pieces, at least HEADLESS_COLUMNS, each piece starting (or, right-aligned, ending) where the first
 * line's does. A report or fixed-width export printed without its header (名单 of names, WeChat ids,
 * birth dates, passports and QQ numbers aligned with spaces) was text, and came out public: as a
 * table its columns are told by their values (column-profile.ts).
 */
const HEADLESS_ROWS = 4;
const HEADLESS_COLUMNS = 3;
/**
 * A log line's start, its time (`2024-11-01 00:00:01`, `00:00:01.250`): a log aligned with spaces
 * stays text, its findings at their lines (a report's first column is a name or a number).
 */
const LOG_TIME = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2}:\d{2})/;
/** Lines at the top of a page (a title, a page header) passed over before an open table's next row. */
const PAGE_TOP_LINES = 3;
/** Punctuation of sentences, not of headers. */
const SENTENCE = /[。，；！？]|[,;!?]\s/;
/** Characters of code, not of a column's name (`if (!line.startsWith('`, `[ -n "$base" ]`): a script's line cut at its `||`. */
const CODE = /["'`$=;{}[\]<>\\]/;
/** A label with its value after it (`姓名：张伟`): a form's line, not a header. */
const LABEL_WITH_VALUE = /[:：]\s*\S/;

interface Line {
  readonly y: number;
  readonly size: number;
  /** Indexes into the page's pieces, left to right. */
  readonly pieces: number[];
}

interface Column {
  readonly start: number;
  readonly end: number;
  readonly header: string;
}

interface OpenTable {
  readonly columns: readonly Column[];
  /** Edges between columns: column i spans [edges[i], edges[i + 1]). */
  readonly edges: readonly number[];
  readonly sheet: string;
  row: number;
  /** Baseline and size of the last row's last line on this page, or undefined at the top of a page. */
  last: { y: number; size: number } | undefined;
  /** The last row's cells on this page, by column: their index in the page's cells (a wrapped cell's next line is added to its cell). */
  rowCells: Map<number, number>;
}

/** A text piece of a row, put in a column. */
interface Put {
  readonly column: number;
  readonly x: number;
  readonly end: number;
  readonly text: string;
  readonly size: number;
}

/** A segment of a line: pieces that go on from each other. */
interface Segment {
  readonly x: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Reads the tables of a document's pages, page after page (a table may go on to the next page).
 * `read` gives a page's cells and the indexes of the pieces they took.
 */
export class PageTables {
  private open: OpenTable | undefined;
  private tables = 0;
  /** Tables read without a header line (fromText: headlessOf). */
  headless = 0;

  /**
   * `fromText`: the pieces are a text's lines already cut into cells (text-table.ts): none is cut
   * again at its spaces (cutAcross), and a row is a line (no cell wraps onto the next: wrappedLine).
   */
  constructor(private readonly fromText = false) {}

  read(pieces: readonly Placed[]): { cells: Cell[]; taken: Set<number> } {
    const cells: Cell[] = [];
    const taken = new Set<number>();
    const lines = linesOf(pieces);
    if (this.open !== undefined) {
      this.open.last = undefined;
      this.open.rowCells = new Map();
    }
    let skipped = 0;
    /** The line a table without a header line was last opened at (never twice at one line). */
    let reopened = -1;
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l];
      const open = this.open;
      if (open !== undefined) {
        const row = rowOf(line, pieces, open, !this.fromText);
        if (row !== undefined && !this.fromText && open.last !== undefined && wrappedLine(row, open, line)) {
          // The next line of cells that wrap (司马 / 辉, an address over three lines): added to them.
          for (const [column, list] of byColumn(row.puts)) {
            const index = open.rowCells.get(column)!;
            cells[index] = { ...cells[index], text: joinedLines(cells[index].text, joined(list)) };
          }
          open.last = { y: line.y, size: line.size };
          for (const index of line.pieces) taken.add(index);
          continue;
        }
        if (row !== undefined && (row.columns >= 2 || (open.last !== undefined && row.within && line.y - open.last.y <= ROW_GAP_LINES * Math.max(line.size, open.last.size)))) {
          open.row += 1;
          open.last = { y: line.y, size: line.size };
          this.put(row.puts, open, cells);
          for (const index of line.pieces) taken.add(index);
          continue;
        }
        if (open.last === undefined && skipped < PAGE_TOP_LINES) {
          skipped++;
          continue;
        }
        this.open = undefined;
      }
      const header = headerOf(line, pieces, !this.fromText);
      if (header === undefined && this.fromText) {
        const columns = l === reopened ? undefined : headlessOf(lines, l, pieces);
        if (columns !== undefined) {
          reopened = l;
          // Its first line is its first row: read again, as the open table's.
          this.tables += 1;
          this.headless += 1;
          this.open = { ...tableOf(columns, `table ${this.tables}`), row: 0 };
          l -= 1;
          continue;
        }
      }
      if (header === undefined || l + 1 >= lines.length) continue;
      const table = tableOf(header, `table ${this.tables + 1}`);
      if ((rowOf(lines[l + 1], pieces, table, !this.fromText)?.columns ?? 0) < 2) continue;
      this.tables += 1;
      this.open = table;
      table.last = { y: line.y, size: line.size };
      header.forEach((column, i) => {
        // A header line of a key and its value (psql's expanded `姓名 | 张伟`): the value after its label.
        const label = i > 0 ? labelOf(header[i - 1].header) : undefined;
        cells.push(label === undefined ? { sheet: table.sheet, ref: cellRef(i, 1), text: column.header } : { sheet: table.sheet, ref: cellRef(i, 1), text: column.header, header: label });
      });
      for (const index of line.pieces) taken.add(index);
    }
    return { cells, taken };
  }

  /** The sheet of a table read beside the layout (text-table.ts pipeRunCells): numbered on with its own. */
  nextSheet(): string {
    this.tables += 1;
    return `table ${this.tables}`;
  }

  /** A row's cells: each column's pieces joined, under the column's header. */
  private put(puts: readonly Put[], table: OpenTable, cells: Cell[]): void {
    table.rowCells = new Map();
    let left: { column: number; text: string } | undefined;
    for (const [column, list] of byColumn(puts)) {
      const text = joined(list);
      if (text.trim() === '') continue;
      table.rowCells.set(column, cells.length);
      // Under its column's header, and after the label on its left (a form laid out as a table).
      const label = left !== undefined && left.column === column - 1 ? labelOf(left.text) : undefined;
      const header = withLabel(table.columns[column].header, label);
      // A table without a header line gives a cell no header but a label on its left.
      cells.push(header === '' ? { sheet: table.sheet, ref: cellRef(column, table.row), text } : { sheet: table.sheet, ref: cellRef(column, table.row), text, header });
      left = { column, text };
    }
  }
}

/** A row's pieces by column, left to right. */
function byColumn(puts: readonly Put[]): [number, Put[]][] {
  const columns = new Map<number, Put[]>();
  for (const put of puts) {
    const list = columns.get(put.column) ?? [];
    list.push(put);
    columns.set(put.column, list);
  }
  return [...columns].sort((a, b) => a[0] - b[0]);
}

/** Most line heights between a cell's lines when it wraps. */
const WRAP_GAP_LINES = 1.6;

/**
 * True when a line goes on with the last row's cells rather than starting a row: right below it
 * (WRAP_GAP_LINES: rows stand further apart), each piece within its column, and its text only in
 * columns the row has text in, fewer of them (a wrapped name and address fill two of eight).
 */
function wrappedLine(row: { puts: readonly Put[]; columns: number; within: boolean }, table: OpenTable, line: Line): boolean {
  const last = table.last!;
  if (!row.within || table.rowCells.size === 0 || line.y - last.y > WRAP_GAP_LINES * Math.max(line.size, last.size)) return false;
  if (row.columns >= table.rowCells.size) return false;
  return row.puts.every((put) => table.rowCells.has(put.column));
}

/** A cell's text and its next line: joined as they read, Chinese to Chinese with nothing, else a space. */
function joinedLines(before: string, after: string): string {
  const end = before.charCodeAt(before.length - 1);
  const start = after.charCodeAt(0);
  const wide = (code: number) => code >= 0x2e80;
  return wide(end) && wide(start) ? before + after : `${before} ${after}`;
}

/**
 * The pieces in reading order, lines top to bottom and each left to right, for a page whose
 * drawing order is not (an OFD's template page, its labels, is drawn whole before the page's
 * values); pieces without a place (rotated, or no position) after them, as drawn.
 */
export function readingOrder(pieces: readonly Placed[]): Placed[] {
  const lines = linesOf(pieces);
  const placed = new Set(lines.flatMap((line) => line.pieces));
  return [...lines.flatMap((line) => line.pieces.map((i) => pieces[i])), ...pieces.filter((_, i) => !placed.has(i))];
}

/** The page's upright pieces with text, as lines top to bottom, each left to right. */
function linesOf(pieces: readonly Placed[]): Line[] {
  const order: number[] = [];
  pieces.forEach((piece, i) => {
    if (piece.upright !== false && piece.text.trim() !== '' && Number.isFinite(piece.x) && Number.isFinite(piece.y) && Number.isFinite(piece.width) && piece.size > 0) order.push(i);
  });
  order.sort((a, b) => pieces[a].y - pieces[b].y || pieces[a].x - pieces[b].x);
  const lines: Line[] = [];
  let current: { y: number; size: number; pieces: number[] } | undefined;
  for (const i of order) {
    const piece = pieces[i];
    if (current !== undefined && Math.abs(piece.y - current.y) <= Math.max(piece.size, current.size) / 2) {
      current.pieces.push(i);
      current.size = Math.max(current.size, piece.size);
    } else {
      current = { y: piece.y, size: piece.size, pieces: [i] };
      lines.push(current);
    }
  }
  for (const line of lines) line.pieces.sort((a, b) => pieces[a].x - pieces[b].x);
  return lines;
}

/** A line's segments: pieces closer than a column gap, not overlapping as a clipped cell does. */
function segmentsOf(line: Line, pieces: readonly Placed[]): Segment[] {
  const segments: { x: number; end: number; parts: Put[] }[] = [];
  for (const i of line.pieces) {
    const piece = pieces[i];
    const last = segments[segments.length - 1];
    const gap = last === undefined ? 0 : piece.x - last.end;
    const part: Put = { column: 0, x: piece.x, end: piece.x + piece.width, text: piece.text, size: piece.size };
    if (last !== undefined && gap < COLUMN_GAP_EM * piece.size && gap >= -CLIPPED_EM * piece.size) {
      last.parts.push(part);
      last.end = Math.max(last.end, part.end);
    } else segments.push({ x: piece.x, end: part.end, parts: [part] });
  }
  return segments.map((segment) => ({ x: segment.x, end: segment.end, text: joined(segment.parts).trim() }));
}

/** A line's columns when it reads as a header line (the module's table), else undefined. */
function headerOf(line: Line, pieces: readonly Placed[], joinedPieces: boolean): Column[] | undefined {
  // Chinese headers pdfjs joined into one piece with spaces between them (姓名 出生日期 联系地址) are cut apart.
  const segments = segmentsOf(line, pieces).flatMap((segment) =>
    joinedPieces && HAN_WORDS.test(segment.text) ? wordsOf({ column: 0, x: segment.x, end: segment.end, text: segment.text, size: line.size }).map((word) => ({ x: word.x, end: word.end, text: word.text })) : [segment],
  );
  if (segments.length < 2 || segments.length > MAX_COLUMNS || !segments.every((segment) => headerLike(segment.text))) return undefined;
  return segments.map((segment) => ({ start: segment.x, end: segment.end, header: segment.text }));
}

/** A column's name: short, not mostly digits, no sentence, no value after a label, no code, some letter or character. */
function headerLike(text: string): boolean {
  return (
    text.length <= HEADER_MAX_CHARS &&
    labelLike({ column: 0, text }) &&
    !SENTENCE.test(text) &&
    !LABEL_WITH_VALUE.test(text) &&
    !CODE.test(text) &&
    /[\p{L}]/u.test(text)
  );
}

/**
 * The columns of a table without a header line that starts at line `l` of a text (HEADLESS_ROWS),
 * with no header, or undefined.
 */
function headlessOf(lines: readonly Line[], l: number, pieces: readonly Placed[]): Column[] | undefined {
  if (l + HEADLESS_ROWS > lines.length) return undefined;
  const first = lines[l];
  const count = first.pieces.length;
  if (count < HEADLESS_COLUMNS || count > MAX_COLUMNS || !first.pieces.every((i) => pieces[i].spaced === true)) return undefined;
  if (LOG_TIME.test(pieces[first.pieces[0]].text)) return undefined;
  for (let r = 1; r < HEADLESS_ROWS; r++) {
    const line = lines[l + r];
    // Lines one after another, as many pieces, each in the first line's place.
    if (line.y !== first.y + r || line.pieces.length !== count) return undefined;
    if (!line.pieces.every((i) => pieces[i].spaced === true)) return undefined;
    for (let c = 0; c < count; c++) {
      const a = pieces[first.pieces[c]];
      const b = pieces[line.pieces[c]];
      if (a.x !== b.x && a.x + a.width !== b.x + b.width) return undefined;
    }
  }
  return first.pieces.map((i) => ({ start: pieces[i].x, end: pieces[i].x + pieces[i].width, header: '' }));
}

function tableOf(columns: readonly Column[], sheet: string): OpenTable {
  const edges = [Number.NEGATIVE_INFINITY];
  for (let i = 1; i < columns.length; i++) edges.push((columns[i - 1].end + columns[i].start) / 2);
  edges.push(Number.POSITIVE_INFINITY);
  return { columns, edges, sheet, row: 1, last: undefined, rowCells: new Map() };
}

/**
 * A line's pieces put in the table's columns: how many columns they fill, and whether they stay
 * within them, each in the column it starts in (a one-column row must: a sentence under the table
 * starts in the first column and runs across the others). Undefined for a line with nothing in it.
 */
function rowOf(line: Line, pieces: readonly Placed[], table: OpenTable, cutJoined: boolean): { puts: Put[]; columns: number; within: boolean } | undefined {
  const puts: Put[] = [];
  let within = true;
  if (!cutJoined && line.pieces.length === table.columns.length && line.pieces.length >= 3) {
    // A text's row of as many pieces as its header line has columns: a piece a column, in order,
    // wherever it stands (a header line moved by damage, its title's indent run into it: its
    // rows fell one column to the left of their headers, and such a report came out public).
    for (const [column, i] of line.pieces.entries()) {
      const piece = pieces[i];
      puts.push({ column, x: piece.x, end: piece.x + piece.width, text: piece.text, size: piece.size });
    }
    return { puts, columns: puts.length, within };
  }
  for (const i of line.pieces) {
    const piece = pieces[i];
    const put: Put = { column: 0, x: piece.x, end: piece.x + piece.width, text: piece.text, size: piece.size };
    for (const part of cutJoined ? cutAcross(put, table) : [put]) {
      const column = columnOf(part, table);
      if (column !== startColumn(part, table) || overlap(part, table, column) < 0.6 * (part.end - part.x)) within = false;
      puts.push({ ...part, column });
    }
  }
  if (puts.length === 0) return undefined;
  return { puts, columns: new Set(puts.map((put) => put.column)).size, within };
}

/** How much of [part.x, part.end) lies in column `column`. */
function overlap(part: { x: number; end: number }, table: OpenTable, column: number): number {
  return Math.max(0, Math.min(part.end, table.edges[column + 1]) - Math.max(part.x, table.edges[column]));
}

/** The column a piece starts in. */
function startColumn(part: { x: number }, table: OpenTable): number {
  let start = 0;
  while (start + 1 < table.columns.length && part.x >= table.edges[start + 1]) start++;
  return start;
}

/** The column a piece goes to: the one it starts in, unless another holds more than twice as much of it. */
function columnOf(part: { x: number; end: number }, table: OpenTable): number {
  const start = startColumn(part, table);
  let best = start;
  for (let c = 0; c < table.columns.length; c++) if (overlap(part, table, c) > overlap(part, table, best)) best = c;
  return overlap(part, table, best) > 2 * overlap(part, table, start) ? best : start;
}

/** A word cut from a piece across columns starts at most this far (in ems) from a column's start, or the piece is not cut. */
const CUT_NEAR_EM = 1.5;

/**
 * A piece that spans two columns or more (an em in each) and holds spaces, cut at its spaces
 * (wordsOf), when
 * every word after the first starts near a column's start (CUT_NEAR_EM): two cells pdfjs joined,
 * not a sentence under the table (its words fall anywhere).
 */
function cutAcross(part: Put, table: OpenTable): Put[] {
  const spanned = table.columns.reduce((n, _, c) => n + (overlap(part, table, c) >= part.size ? 1 : 0), 0);
  if (spanned < 2 || !/\S\s+\S/.test(part.text)) return [part];
  const cut = wordsOf(part);
  const near = (x: number) => table.columns.some((column) => Math.abs(column.start - x) <= CUT_NEAR_EM * part.size);
  return cut.slice(1).every((word) => near(word.x)) ? cut : [part];
}

/** Words of Chinese characters separated by spaces, a piece's whole text: headers joined into one piece. */
const HAN_WORDS = /^\p{Script=Han}+(?: \p{Script=Han}+)+$/u;

/**
 * The width of a text in half ems, as a terminal counts its columns: a Chinese (East Asian wide or
 * full-width) character two, any other one. How wide a text is printed when nothing says (an OFD
 * text without glyph advances, the words of a piece pdfjs joined, a terminal's table).
 */
export function halfEms(text: string): number {
  let halves = 0;
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      code >= 0x20000;
    halves += wide ? 2 : 1;
  }
  return halves;
}

/** A piece's words, each placed where it would be printed (widths estimated: halfEms). */
function wordsOf(part: Put): Put[] {
  const weights = [...part.text].map((c) => halfEms(c));
  const total = weights.reduce((a, b) => a + b, 0);
  const unit = (part.end - part.x) / total;
  const cut: Put[] = [];
  let at = 0;
  let word = '';
  let from = 0;
  [...part.text].forEach((c, i) => {
    if (/\s/.test(c)) {
      if (word !== '') cut.push({ ...part, x: part.x + from * unit, end: part.x + at * unit, text: word });
      word = '';
    } else {
      if (word === '') from = at;
      word += c;
    }
    at += weights[i];
  });
  if (word !== '') cut.push({ ...part, x: part.x + from * unit, end: part.x + at * unit, text: word });
  return cut;
}

/** Pieces of one cell or segment, left to right, a space where they are apart (a quarter em). */
function joined(parts: readonly Put[]): string {
  const sorted = [...parts].sort((a, b) => a.x - b.x);
  let text = '';
  let end: number | undefined;
  for (const part of sorted) {
    if (end !== undefined && part.x - end > part.size / 4 && !/\s$/.test(text)) text += ' ';
    text += part.text;
    end = Math.max(end ?? part.end, part.end);
  }
  return text;
}
