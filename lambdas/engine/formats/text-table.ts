/**
 * Tables drawn in text: a query's output saved or pasted into a `.txt` or a `.log` (psql's
 * ` 姓名 | 出生日期 ` over `------+------`, the mysql client's `+------+` boxes), a Markdown table,
 * and a report aligned with spaces (a legacy system's 客户花名册 printed to a text file). Read as
 * plain text, a value had no column header: a list of names, birth dates, WeChat ids, QQ numbers
 * and passports came out public (psql's and mysql's output of five customers found nothing, the
 * report one name).
 *
 * Each line is cut into pieces: at its `|` when it has any (trimmed), else at runs of two spaces or
 * more (or tabs); a rule line (`------+------`, `|---|:--|`) gives none. The pieces are placed at
 * their line and their column as a terminal shows it (a Chinese character two columns wide), and
 * laid out as a PDF page's are (page-layout.ts PageTables): a header line of label-like pieces
 * over rows in the same columns is a table, its values cells under their headers (`sheet` =
 * `table N`, A1-style `ref`, the header line row 1), wherever it stands in the text; so are four
 * lines or more cut at spaces into as many pieces, in the same columns, without a header line (a
 * report printed without it, or with it damaged: page-layout.ts headlessOf), whose columns are then
 * told by their values. The rest is
 * text, where a table's lines are left empty, so that the text's findings keep their lines and
 * columns.
 *
 * Read so when the text's first lines show such a table (`textTableHead`, index.ts); lines longer
 * than TABLE_LINE_MAX_CHARS are text (and end a table above them).
 *
 * Also here, for the documents whose text gives a table's cells as tabs (RTF's `\cell`, Word 97's
 * cell marks as word-extractor gives them): `tabTablePieces`, a run of rows with as many cells.
 */
import type { Cell, ContentPart, Location } from '../types.js';
import { documentTableCells, labelLike, type RowCell } from '../header-row.js';
import { readPiecesOnce, type Piece } from './held-text.js';
import type { ReadContext } from './limits.js';
import { PageTables, cellsAndText, halfEms, type Placed } from './page-layout.js';
import type { Source } from './source.js';
import { cellRef } from './table.js';
import { decodeSample, detectEncoding, textLines, type TextLine } from './text.js';

/** Lines longer than this are text, never a table's (a minified file, a log's payload). */
const TABLE_LINE_MAX_CHARS = 2048;
/** Lines laid out together: a table goes on across batches (as across a PDF's pages). */
const BATCH_LINES = 256;
/** Lines, and bytes, of the head looked at to tell a table. */
const HEAD_LINES = 64;
const HEAD_BYTES = 8192;

/** The characters a rule is drawn with. */
const RULE_CHARS = /[\s|+:=-]/g;

/**
 * A line that only draws a table's rules (`------+------`, `+------+------+`, `|---|:--|`); one of
 * eight dashes or more with a character or two damaged in it too (`+-----+--�--+`: read as a line
 * of text, it cut the header from its rows, and a list of names came out public); and one framed
 * as a rule (from a `+` or `|` to a `+` or `|`) of sixteen dashes or more and at least half rule
 * characters, with a stretch of it damaged (random bytes inserted: the same). What such a line
 * holds besides stays in the text (a rule line is never a table's line).
 */
export function ruleLine(line: string): boolean {
  if (/^[\s|+:=-]*[-=][\s|+:=-]*$/.test(line)) return true;
  const others = line.replace(RULE_CHARS, '').length;
  const dashes = line.match(/[-=]/g)?.length ?? 0;
  if (others <= 2 && dashes >= 8) return true;
  return dashes >= 16 && others * 2 <= line.length && /^\s*[+|]/.test(line) && /[+|]\s*$/.test(line);
}

/**
 * A rule line only a table draws: psql's or the mysql client's (`-----+-----`, `+-----+`), or
 * Markdown's (`|-----|:---|`, `| --- | --- |`, `---|---`); not a line of dashes alone, which any
 * text may hold.
 */
function drawnRule(line: string): boolean {
  return ruleLine(line) && (line.includes('+-') || (line.includes('|') && line.includes('---')));
}

/**
 * A table's rule (drawnRule), or a stretch of one in a damaged line: a header line whose end was
 * lost runs into the rule under it (` 姓名 | 护照号码 ---+------+`).
 */
function holdsRule(line: string): boolean {
  return drawnRule(line) || /-{3}\+-|-\+-{3}|\|\s*:?-{3,}:?\s*\|/.test(line);
}

/** A line's pieces, placed at line `y` (the module doc); none for a rule line or a long line. */
export function linePieces(line: string, y: number): Placed[] {
  if (line.length > TABLE_LINE_MAX_CHARS) return [longLine(line, y)];
  if (line.trim() === '' || ruleLine(line)) return [];
  const barred = line.includes('|');
  const cut = barred ? /\|/g : /\t+| {2,}/g;
  const pieces: Placed[] = [];
  let from = 0;
  let column = 0;
  const add = (end: number) => {
    const raw = line.slice(from, end);
    const text = raw.trim();
    if (text !== '') {
      const x = column + halfEms(raw.slice(0, raw.length - raw.trimStart().length));
      pieces.push(barred ? { text, x, y, width: halfEms(text), size: 1 } : { text, x, y, width: halfEms(text), size: 1, spaced: true });
    }
    column += halfEms(raw);
  };
  for (const match of line.matchAll(cut)) {
    add(match.index);
    column += halfEms(match[0]);
    from = match.index + match[0].length;
  }
  add(line.length);
  return pieces;
}

/**
 * A line too long to be a table's (or a piece of one cut), as one piece as wide as it: it is no row,
 * so it ends a table above it, as any line of text does (a line without pieces would not, and the
 * line after it could be taken for a row).
 */
function longLine(line: string, y: number): Placed {
  return { text: line.slice(0, 16), x: 0, y, width: 2 * line.length, size: 1 };
}

/** Rows (rule lines aside) a run of lines cut at `|` needs to be a table the layout left (pipeRunCells). */
const PIPE_RUN_ROWS = 2;

/**
 * A line's fields between its `|`, trimmed, without its frame: what stands before the first `|`
 * or after the last when that is empty or rule characters (`| a | b |`, and `+-----+| a | b |`,
 * the rule above run into it, its line end lost), and a rule run into its end (`| a | b
 * ||---|---|`). Undefined for a line without `|`, or a rule line (a character or two damaged in it).
 */
function pipeFields(line: string): string[] | undefined {
  // A rule line, or one with a character or two damaged (ruleLine); not a line of fields that a rule ran into.
  if (!line.includes('|') || line.replace(RULE_CHARS, '').length <= 2) return undefined;
  const fields = line.split('|').map((field) => field.trim());
  const frame = /^[+:=-]*$/;
  const stretch = /^[+:=-]{3,}$/;
  const last = () => fields[fields.length - 1];
  if (frame.test(fields[0])) fields.shift();
  if (fields.length > 0 && frame.test(last())) fields.pop();
  if (fields.length > 0 && stretch.test(last())) {
    while (fields.length > 0 && stretch.test(last())) fields.pop();
    if (fields.length > 0 && last() === '') fields.pop();
  }
  return fields;
}

/**
 * Tables drawn with `|` whose header line the layout could not read (PageTables wants a header
 * line over its rows): in a damaged copy, the header line's end lost (the rule below run into it),
 * random bytes in it, or the rule above run into it. Read as text, the rows' values had no
 * header: of lists of names, WeChat ids, birth dates, passports and QQ numbers drawn by psql, the
 * mysql client or as Markdown, with 8 bytes of the header line overwritten, 28 inserted or up to 40
 * cut, 14-40 in 100 came out public. Each run of PIPE_RUN_ROWS lines or more among `lines` that
 * `taken` does not hold, rule lines aside, with the same count of fields (two or more) is a table:
 * its first line its header row when every field reads as a label (not mostly digits), else a
 * table without one (its columns told by their values, column-profile.ts). Returns their cells
 * (each table's sheet from `sheet`) and the lines they took.
 */
export function pipeRunCells(lines: readonly string[], taken: ReadonlySet<number>, sheet: () => string): { cells: Cell[]; taken: number[] } {
  const cells: Cell[] = [];
  const took: number[] = [];
  let run: { y: number; fields: string[] }[] = [];
  let last = -1;
  const close = () => {
    if (run.length >= PIPE_RUN_ROWS) {
      const rows: RowCell[][] = run.map(({ fields }) => fields.flatMap((text, column) => (text === '' ? [] : [{ column, text }])));
      const name = sheet();
      if (rows[0].length >= 2 && rows[0].every(labelLike)) cells.push(...documentTableCells(rows, name));
      else rows.forEach((row, r) => row.forEach(({ column, text }) => cells.push({ sheet: name, ref: cellRef(column, r + 1), text })));
      for (let y = run[0].y; y <= last; y++) took.push(y);
    }
    run = [];
  };
  lines.forEach((raw, y) => {
    const line = raw.replace(/\r$/, '');
    if (taken.has(y)) return close();
    const fields = pipeFields(line);
    if (fields === undefined && run.length > 0 && line.trim() !== '' && ruleLine(line)) return;
    if (fields === undefined || fields.length < 2) return close();
    if (run.length > 0 && fields.length !== run[0].fields.length) close();
    run.push({ y, fields });
    last = y;
  });
  close();
  return { cells, taken: took };
}

/**
 * True when the first lines of `head` hold a table drawn in text: two rows under a header line or
 * more, or, its header line damaged, rows cut at `|` beside a table's rule (pipeRunCells; else a
 * CSV of `|` whose padded fields, ` 1990-05-03 `, are no whole fields).
 */
export function textTableHead(head: Uint8Array): boolean {
  // Most texts have no `|`, no tab and no two spaces in a row in their first bytes: nothing to lay
  // out, told before decoding (a zip of many small texts asks for each).
  const bytes = head.subarray(0, HEAD_BYTES);
  if (!mayBeLaidOut(bytes)) return false;
  const sample = decodeSample(bytes, detectEncoding(head));
  if (!/\||\S(?: {2,}|\t)\S/.test(sample)) return false;
  const lines = sample.split(/\r?\n/).slice(0, -1).slice(0, HEAD_LINES);
  const tables = new PageTables(true);
  const { cells } = tables.read(lines.flatMap((line, y) => linePieces(line.replace(/\r$/, ''), y)));
  if (tables.headless > 0) return true;
  if (new Set(cells.filter((cell) => cell.header !== undefined).map((cell) => cell.ref.replace(/^[A-Z]+/, ''))).size >= 2) return true;
  return lines.some((line) => holdsRule(line.replace(/\r$/, ''))) && pipeRunCells(lines, new Set(), () => '').taken.length > 0;
}

/**
 * True when the first bytes show `|` between spaces (` | `) in a table drawn in text, not a CSV of
 * `|`: a rule line among them (psql's `---+---`, Markdown's `|---|`), or its `|` standing in the
 * same columns on most of its lines, as a terminal shows them (a table printed without rules). A
 * CSV whose fields are padded and not aligned (` 王芳 | wang_fang88 |`) is neither: laid out by
 * where its fields stand, its cells fell under their neighbours' headers; it is read as a CSV,
 * whose fields may be padded by a space.
 */
export function paddedPipes(head: Uint8Array): boolean {
  const sample = decodeSample(head.subarray(0, HEAD_BYTES), detectEncoding(head));
  if (!/ \| /.test(sample)) return false;
  const lines = sample.split(/\r?\n/).slice(0, HEAD_LINES).map((line) => line.replace(/\r$/, ''));
  if (lines.some(holdsRule)) return true;
  const barred = lines.filter((line) => line.includes('|'));
  // Lines by the columns their bars stand in (Chinese characters two wide).
  const byBars = new Map<string, number>();
  for (const line of barred) {
    const bars: number[] = [];
    let width = 0;
    for (const c of line) {
      if (c === '|') bars.push(width);
      width += halfEms(c);
    }
    const key = bars.join(',');
    byBars.set(key, (byBars.get(key) ?? 0) + 1);
  }
  return barred.length >= 3 && Math.max(...byBars.values()) * 10 >= barred.length * 8;
}

/** A `|`, a tab or two spaces in a row, in one byte a character or in UTF-16. */
function mayBeLaidOut(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x7c || byte === 0x09) return true;
    // Two spaces: `20 20`, or `20 00 20 00` / `00 20 00 20` in UTF-16 (a word of one letter between two spaces too, harmlessly).
    if (byte === 0x20 && (bytes[i + 1] === 0x20 || bytes[i + 2] === 0x20)) return true;
  }
  return false;
}

/** Lines of text held at once waiting to be told a table drawn in text or not (a block of lines with `|`). */
const MAX_BLOCK_LINES = 5_000;
/** Cells collected from tables deep in a text, held until the text is read (a few MiB): past this, the tables after are left as text. */
const MAX_LATE_CELLS = 100_000;

/** Where the last `count` lines of `text` start (0 when it holds fewer line ends). */
function lastLinesStart(text: string, count: number): number {
  let at = text.length;
  for (let k = 0; k < count; k++) {
    if (at === 0) return 0;
    const nl = text.lastIndexOf('\n', at - 1);
    if (nl < 0) return 0;
    at = nl;
  }
  return at + 1;
}

/**
 * Tables drawn in text deep in a text that starts as plain text (readText): a query's output
 * pasted into a long ticket or log after its first 8 KiB, which `textTableHead` does not see. Read
 * as text, its values had no headers: a table of names, WeChat ids, birth dates, passports and QQ
 * numbers after a page of a ticket came out public.
 *
 * The text's chunks pass `through` unchanged but for such a table's lines, left empty (the text's
 * findings keep their lines); its values are `cells`, laid out as `readTextTable` lays a table out,
 * to be read after the text. A table here is a block of consecutive lines that each hold a `|` or
 * draw a rule, one of them a table's rule (drawnRule: psql's, the mysql client's or Markdown's, or
 * a stretch of one: holdsRule), and laid out as one (a header line over rows; without a header
 * line the layout can read, its runs of rows: pipeRunCells). A chunk without `---` or `+-` hands
 * on all but its last two lines (a header waits for the rule that may follow it) without looking
 * at its lines: a log pays two searches a chunk.
 */
export class LateTables {
  readonly cells: Cell[] = [];
  /** Tables read so far (their sheets are `table N` on from these). */
  private tables = 0;

  async *through(chunks: AsyncIterable<string>): AsyncGenerator<string> {
    /** The last lines handed on by the fast path (a table's header may be one), already out. */
    let tail = '';
    /** The last line of a chunk looked at, not complete yet, not out. */
    let held = '';
    /** The block of table-like lines being read, each line with whether it is already out. */
    let block: { line: string; out: boolean }[] = [];
    /** Characters the next text begins with that are already out (the tail's lines, handed on again unchanged). */
    let skip = 0;
    const handOn = (text: string): string => {
      const dropped = Math.min(skip, text.length);
      skip -= dropped;
      return dropped === 0 ? text : text.slice(dropped);
    };
    /** The last chunk ended in `+` or `-` (a rule's `+-` or `---` may be cut between two chunks). */
    let cut = false;
    for await (const chunk of chunks) {
      const rule = chunk.includes('---') || chunk.includes('+-') || (cut && chunk.startsWith('-'));
      cut = chunk.endsWith('-') || chunk.endsWith('+');
      if (block.length === 0 && !rule) {
        // Handed on as it is (no copy): a log pays this one search a chunk. What of a line begun
        // before is already out (`skip`) is not handed on again.
        const text = held === '' ? chunk : held + chunk;
        held = '';
        const fresh = handOn(text);
        if (fresh !== '') yield fresh;
        // The last two lines and the one begun: in this chunk, or (a small one) with the tail before it.
        const start = lastLinesStart(text, 2);
        const recent = start > 0 ? text.slice(start) : tail + text;
        tail = recent.length > 2 * TABLE_LINE_MAX_CHARS ? '' : start > 0 ? recent : recent.slice(lastLinesStart(recent, 2));
        continue;
      }
      const text = tail + held + chunk;
      const before = tail.length;
      skip += before;
      tail = '';
      const lines = text.split('\n');
      held = lines.pop() ?? '';
      if (held.length > TABLE_LINE_MAX_CHARS) {
        lines.push(held);
        held = '';
      }
      let out = '';
      let at = 0;
      lines.forEach((line, i) => {
        const done = at < before;
        at += line.length + 1;
        const bare = line.endsWith('\r') ? line.slice(0, -1) : line;
        const tableLike = bare.length <= TABLE_LINE_MAX_CHARS && (bare.includes('|') || (bare.trim() !== '' && ruleLine(bare)));
        if (tableLike && block.length < MAX_BLOCK_LINES) {
          block.push({ line, out: done });
          return;
        }
        out += this.blockText(block);
        block = tableLike ? [{ line, out: done }] : [];
        // The last piece of a line too long to hold goes on in the next chunk: no line end yet.
        if (!tableLike) out += i === lines.length - 1 && held === '' && line.length > TABLE_LINE_MAX_CHARS ? line : `${line}\n`;
      });
      if (out !== '') {
        const text = handOn(out);
        if (text !== '') yield text;
      }
    }
    const rest = handOn(this.blockText(block) + held);
    if (rest !== '') yield rest;
  }

  /** A block's lines as text: a table's lines empty (but those already out), its values cells; every line with its end. */
  private blockText(block: readonly { line: string; out: boolean }[]): string {
    if (block.length === 0) return '';
    const asText = () => block.map(({ line }) => `${line}\n`).join('');
    const drawn = block.some(({ line }) => holdsRule(line.replace(/\r$/, '')));
    if (!drawn || block.length < 3 || this.cells.length >= MAX_LATE_CELLS) return asText();
    const placed: Placed[] = [];
    const lineOf: number[] = [];
    block.forEach(({ line }, y) => {
      for (const piece of linePieces(line.replace(/\r$/, ''), y)) {
        placed.push(piece);
        lineOf.push(y);
      }
    });
    // A block of its own: no table goes on from one block to the next across the text between.
    const tables = new PageTables(true);
    const { cells, taken } = tables.read(placed);
    const inTable = new Set([...taken].map((index) => lineOf[index]));
    const runs = pipeRunCells(
      block.map(({ line }) => line),
      inTable,
      () => tables.nextSheet(),
    );
    for (const y of runs.taken) inTable.add(y);
    let last = 0;
    for (const cell of [...cells, ...runs.cells]) {
      const n = Number(cell.sheet.slice('table '.length));
      last = Math.max(last, n);
      this.cells.push({ ...cell, sheet: `table ${this.tables + n}` });
    }
    this.tables += last;
    return block.map(({ line, out }, y) => (inTable.has(y) && !out ? '\n' : `${line}\n`)).join('');
  }
}

/** Reads a text with tables (the module doc). */
export function readTextTable(source: Source, head: Uint8Array, ctx: ReadContext): AsyncGenerator<ContentPart> {
  return readPiecesOnce('texttable', source, head, ctx, pieces);
}

/** One pass: lines in batches, each laid out; a table's values as cells, the other lines as text. */
async function* pieces(chunks: AsyncIterable<string>): AsyncGenerator<Piece[]> {
  const tables = new PageTables(true);
  let batch: TextLine[] = [];
  function* laidOut(): Generator<Piece[]> {
    if (batch.length === 0) return;
    const placed: Placed[] = [];
    const lineOf: number[] = [];
    batch.forEach(({ line, cut }, y) => {
      // A piece of a line longer than a table's is text, no row.
      for (const piece of cut === true ? [longLine(line, y)] : linePieces(line.replace(/\r$/, ''), y)) {
        placed.push(piece);
        lineOf.push(y);
      }
    });
    const { cells, taken } = tables.read(placed);
    const inTable = new Set([...taken].map((index) => lineOf[index]));
    const lines = batch.map(({ line }) => line);
    if (lines.some((line) => holdsRule(line.replace(/\r$/, '')))) {
      const runs = pipeRunCells(lines, inTable, () => tables.nextSheet());
      cells.push(...runs.cells);
      for (const y of runs.taken) inTable.add(y);
    }
    const out: Piece[] = cells.map((cell: Cell) => ({ cell }));
    out.push({ text: batch.map(({ line, end }, y) => (inTable.has(y) ? end : line + end)).join('') });
    batch = [];
    yield out;
  }
  for await (const lines of textLines(chunks, TABLE_LINE_MAX_CHARS)) {
    for (const line of lines) {
      batch.push(line);
      if (batch.length >= BATCH_LINES) yield* laidOut();
    }
  }
  yield* laidOut();
}

/**
 * Tables of a document's text whose cells are separated by tabs (RTF's `\cell`, Word 97's cell
 * marks as word-extractor gives them): each run of two lines or more with the same count of
 * tab-separated fields (two or more; the tab after a row's last cell aside) is a table, its cells
 * through documentTableCells (`sheet` `table N`, counted from `firstTable`); the other lines are
 * text. Read as text, a roster's values were far from its header row: a table of twenty customers
 * in an RTF or a `.doc` found one row.
 */
export function tabTablePieces(text: string, firstTable = 1): Piece[] {
  const lines = text.split('\n');
  const fields = lines.map((line) => {
    const cut = line.split('\t');
    if (cut.length > 1 && cut[cut.length - 1] === '') cut.pop();
    return cut;
  });
  const pieces: Piece[] = [];
  let tables = firstTable - 1;
  let pending = '';
  for (let i = 0; i < lines.length; ) {
    let end = i;
    while (end < lines.length && fields[end].length >= 2 && fields[end].length === fields[i].length) end++;
    if (end - i >= 2) {
      if (pending !== '') pieces.push({ text: pending });
      pending = '';
      const rows = fields.slice(i, end).map((row) => row.flatMap((value, column) => (value.trim() === '' ? [] : [{ column, text: value.trim() }])));
      for (const cell of documentTableCells(rows, `table ${++tables}`)) pieces.push({ cell });
      pending = '\n'.repeat(end - i);
      i = end;
    } else {
      pending += `${lines[i]}${i + 1 < lines.length ? '\n' : ''}`;
      i += 1;
    }
  }
  if (pending !== '') pieces.push({ text: pending });
  return pieces;
}

/**
 * Word 97's table rows as lines: word-extractor gives a cell's end and a row's end each as a tab,
 * so a table is one line where every row ends in two tabs. When the first row (its header, no
 * cell empty) has N cells and every (N+1)th field is empty, the line is cut into its rows.
 */
export function wordTableRows(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.includes('\t\t')) return line;
      const tokens = line.split('\t');
      const width = tokens.indexOf('');
      if (width < 2 || tokens.length < 2 * (width + 1)) return line;
      const rows: string[] = [];
      for (let at = 0; at + width < tokens.length; at += width + 1) {
        if (tokens[at + width] !== '') return line;
        rows.push(tokens.slice(at, at + width).join('\t'));
      }
      const rest = tokens.slice(rows.length * (width + 1)).join('\t');
      return rest === '' ? rows.join('\n') : `${rows.join('\n')}\n${rest}`;
    })
    .join('\n');
}

/** A document's text held whole (an RTF's, a `.doc`'s) as parts: its tab-separated tables' cells (tabTablePieces), then the rest as text. */
export function tabTableParts(text: string, where: Location): ContentPart[] {
  const pieces = tabTablePieces(text);
  const cells = pieces.flatMap((piece) => ('cell' in piece ? [piece.cell] : []));
  return cellsAndText(cells, pieces.flatMap((piece) => ('text' in piece ? [piece.text] : [])).join(''), where);
}
