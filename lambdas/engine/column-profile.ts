/**
 * Columns told by their values. A column's header gives its values context (a list of names under
 * `姓名`); a table without a header row gives none (`SELECT … INTO OUTFILE`, `mysql -N`, an INSERT
 * without its column list and no CREATE TABLE before it, a list pasted into a sheet), nor does one
 * whose header names no role (`col1`, `备注`): a list of names, WeChat ids, birth dates and QQ
 * numbers without its header row came out public. So a column whose first values are mostly whole
 * matches of a detector that opts in (Detector.columnOfValues: names, passports, Taiwan IDs,
 * shapes seldom a whole field of anything else) counts as headed by that detector's first context
 * word.
 *
 * | sampled | the column counts as the detector's when |
 * |---|---|
 * | a table's first PROFILE_ROWS rows (its header row, or the row taken for it, among them), at most PROFILE_VALUES non-empty values a column | at least PROFILE_MIN of them, and PROFILE_SHARE of those sampled, are each one whole match of the detector, its context given |
 *
 * The text matcher profiles a CSV's columns from its first lines (text-matcher.ts readHeader);
 * `CellProfiles` those of every reader of tables, a sheet at a time (scan.ts scanCells).
 */
import { contextWordsOf, scanString } from './match.js';
import { cellPosition } from './formats/table.js';
import { namesRows, rowHeader } from './header-row.js';
import type { Cell, Detector } from './types.js';

/** Rows of a table its columns are profiled from. */
export const PROFILE_ROWS = 24;
/** Values of one column looked at, at most. */
export const PROFILE_VALUES = 20;
/** Whole matches a column needs at least. */
const PROFILE_MIN = 3;
/** The share of a column's sampled values that must be whole matches. */
const PROFILE_SHARE = 0.75;
/** Cells of one sheet held for its profile at most (a sheet of thousands of columns). */
const HELD_CELLS = 4096;
/**
 * Characters of text held for a profile at most: a sheet whose first rows are documents (BSON of
 * MongoDB's largest, a Redis value) is profiled from the rows that came before them. Four BSON
 * documents of 6 Mi characters, all held, took the scanner Lambda's engine to 174 MiB.
 */
const HELD_CHARS = 2 * 1024 * 1024;

/** The detectors a column can be told by (Detector.columnOfValues), of those scanning. */
export function profilers(detectors: readonly Detector[]): readonly Detector[] {
  return detectors.filter((d) => d.columnOfValues !== undefined && d.columnOfValues !== false && (d.context?.length ?? 0) > 0);
}

/**
 * True when `value` (trimmed) is one whole match of `detector` (of one of the patterns its
 * `columnOfValues` lists), its first context word as header, scanned with every detector of the
 * scan (`all`: their plan is compiled already; one of its own cost each process 9 ms), so a value
 * another type claims is not counted.
 */
function wholeMatch(value: string, detector: Detector, all: readonly Detector[]): boolean {
  const text = value.trim();
  const patterns = typeof detector.columnOfValues === 'object' ? detector.columnOfValues.patterns : undefined;
  let whole = false;
  scanString(text, all, detector.context![0], (c) => {
    if (c.detector === detector && c.start === 0 && c.end === text.length && (patterns === undefined || patterns.includes(c.pattern))) whole = true;
  });
  return whole;
}

/** Characters of a value a numbering's values share (`E0001` of `E00012345`, `E00012346`). */
const NUMBERING_PREFIX = 5;

/**
 * True when most of `values` share their first NUMBERING_PREFIX characters with another: a
 * system's codes counted up (`E00012345`, `E00012346`), not numbers issued to many people, which
 * spread (of 20 passports, nearly every first five characters differ).
 */
function numbering(values: readonly string[]): boolean {
  const prefixes = new Set(values.map((value) => value.trim().slice(0, NUMBERING_PREFIX)));
  return prefixes.size * 2 < values.length;
}

/**
 * The words a column's header gains from its sampled values (`values`: non-empty, at most
 * PROFILE_VALUES): the first context word of each profiler (Detector.columnOfValues) of
 * `detectors` whose whole matches make up the column and that its `header` (if any) does not name
 * already; '' when none.
 */
export function profileWords(values: readonly string[], detectors: readonly Detector[], header?: string): string {
  if (values.length < PROFILE_MIN) return '';
  const words: string[] = [];
  for (const detector of profilers(detectors)) {
    const lower = header?.toLowerCase();
    if (lower !== undefined && contextWordsOf(detectors).inHeader(detectors.indexOf(detector), lower)) continue;
    if (lower !== undefined && detector.notColumnHeaders?.some((word) => lower.includes(word)) === true) continue;
    // Stops once the values left cannot make up the share (most columns: after a few).
    const need = Math.max(PROFILE_MIN, Math.ceil(PROFILE_SHARE * values.length));
    const matched: string[] = [];
    for (let x = 0; x < values.length && matched.length + values.length - x >= need; x++) {
      if (wholeMatch(values[x], detector, detectors)) matched.push(values[x]);
    }
    if (matched.length < need) continue;
    const by = detector.columnOfValues;
    if (typeof by === 'object' && by.checked !== true && numbering(matched)) continue;
    words.push(detector.context![0]);
  }
  return words.join(' ');
}

/** Characters of a list's value at most: a name, a number, a code; a longer line is a sentence. */
const LIST_VALUE_CHARS = 40;

/** A list item's number or bullet before its value: `1.`, `1、`, `1)`, `(1)` (`（1）` by then), `①`, `-`, `*`, `•`, and blanks. */
const ITEM_MARK = /^[ \t]*(?:(?:\d{1,3}[.、)]|\(\d{1,3}\)|[\u2460-\u2473]|[-*\u2022])[ \t]*)?/;

/** True when `prefix`, a line's text before a value, is only blanks and an item's number or bullet (ITEM_MARK). */
export function startsListItem(prefix: string): boolean {
  return ITEM_MARK.exec(prefix)![0].length === prefix.length;
}

/** The value of a list's line (`line`, trimmed), its number or bullet taken off, when it can be one: short, one word (no blank inside), no punctuation a sentence or a field has. */
function listValue(line: string): string | undefined {
  const value = line.slice(ITEM_MARK.exec(line)![0].length);
  return value.length <= LIST_VALUE_CHARS && !/[\s,;:=，。；：、！？!?"]/.test(value) ? value : undefined;
}

/**
 * The words a text's values give it when it is a list, one value a line, maybe numbered or
 * bulleted (a roster of names saved as `.txt`, `1. 王芳`, a list of IDs pasted into a mail, a Word
 * document of names a paragraph): as a one-column CSV's column is profiled (profileWords), from
 * `lines`, its first lines (PROFILE_ROWS at most). A title or a header line above the values, or a
 * few lines of another kind, do not stop it: at least PROFILE_SHARE of the non-empty lines must be
 * one word each, and of those the share profileWords needs are whole matches. '' when it is no
 * list.
 */
export function listProfile(lines: readonly string[], detectors: readonly Detector[]): string {
  const filled = lines.map((line) => line.trim()).filter((line) => line !== '');
  const values = filled.map(listValue).filter((value) => value !== undefined && value !== '') as string[];
  if (values.length < PROFILE_MIN || values.length < PROFILE_SHARE * filled.length) return '';
  return profileWords(values.slice(0, PROFILE_VALUES), detectors);
}

/** A header with a profile's words after it (either may be missing or empty). */
export function withProfile(header: string | undefined, words: string): string | undefined {
  if (words === '') return header;
  return header === undefined || header === '' ? words : `${header} ${words}`;
}

/**
 * Per column (0-based), its first PROFILE_VALUES non-empty values among `rows`, each a row's fields
 * by column (a Map: a forged cell's column can be 2^31).
 */
export function columnSamples(rows: Iterable<ReadonlyMap<number, string> | readonly string[]>): Map<number, string[]> {
  const samples = new Map<number, string[]>();
  for (const fields of rows) {
    fields.forEach((field: string, column: number) => {
      if (field.trim() === '') return;
      let sample = samples.get(column);
      if (sample === undefined) samples.set(column, (sample = []));
      if (sample.length < PROFILE_VALUES) sample.push(field);
    });
  }
  return samples;
}

/**
 * The words each column's header gains from its values among `rows` (columnSamples), by column:
 * only columns that gain some. `headerOf` gives a column's header, if it has one.
 */
export function columnProfiles(
  rows: Iterable<ReadonlyMap<number, string> | readonly string[]>,
  detectors: readonly Detector[],
  headerOf: (column: number) => string | undefined,
): Map<number, string> {
  const profiles = new Map<number, string>();
  for (const [column, values] of columnSamples(rows)) {
    const words = profileWords(values, detectors, headerOf(column));
    if (words !== '') profiles.set(column, words);
  }
  return profiles;
}

/**
 * A table reader's cells, each sheet's columns profiled: a sheet's first cells are held until
 * PROFILE_ROWS rows of it have come (or HELD_CELLS cells, HELD_CHARS of text, another sheet, or the end), its columns
 * profiled from them, and every cell of a profiled column, those held and those after, is given
 * with the profile's words in its header; and, when its first column names its rows (header-row.ts
 * namesRows: a list on its side, a key-value export), every cell after a row's first with that
 * cell's text too (rowHeader). Order is kept; nothing else changes. Synchronous, batch
 * by batch (scan.ts scanCells): a generator between the reader and the matcher cost an XLSX of
 * customers 2%.
 */
export class CellProfiles {
  private sheet: string | undefined;
  private held: Cell[] = [];
  /** Characters of the held cells' text. */
  private heldChars = 0;
  private firstRow = 0;
  /** The settled sheet's words by column, empty when no column is profiled; undefined while held. */
  private words: Map<number, string> | undefined;
  /** The settled sheet's first column names its rows (header-row.ts namesRows). */
  private rowNames = false;
  /** The sheets whose first column names their rows, of those settled. */
  private readonly named = new Set<string>();
  /** With rowNames: the row of the last cell given, and its first cell as a header (rowHeader). */
  private labelRow = -1;
  private rowLabel: string | undefined;
  private readonly isFieldName: (text: string) => boolean;

  constructor(private readonly detectors: readonly Detector[]) {
    const context = contextWordsOf(detectors);
    this.isFieldName = (text) => context.isFieldName(text);
  }

  /** The cells of `batch` and those held before it that are ready, in order (maybe none, while held). */
  take(batch: readonly Cell[]): readonly Cell[] {
    // Most batches: a settled sheet's, no column of it profiled, its rows not named.
    if (this.words !== undefined && this.words.size === 0 && !this.rowNames && batch.every((cell) => cell.sheet === this.sheet)) return batch;
    const out: Cell[] = [];
    for (const cell of batch) {
      if (cell.sheet !== this.sheet) {
        if (this.held.length > 0) out.push(...this.settle());
        this.sheet = cell.sheet;
        this.words = undefined;
        this.rowNames = false;
        this.labelRow = -1;
        this.firstRow = cellPosition(cell.ref)?.row ?? 0;
      }
      if (this.words !== undefined) {
        out.push(this.given(cell));
        continue;
      }
      this.held.push(cell);
      this.heldChars += cell.text.length;
      const row = cellPosition(cell.ref)?.row ?? this.firstRow;
      if (row - this.firstRow >= PROFILE_ROWS || this.held.length >= HELD_CELLS || this.heldChars >= HELD_CHARS) out.push(...this.settle());
    }
    return out;
  }

  /** True when the first column of sheet `sheet` (one of the cells given) names its rows. */
  rowsNamed(sheet: string): boolean {
    return this.named.has(sheet);
  }

  /** The cells still held, profiled from what came: at the end, or when the reader failed. */
  rest(): readonly Cell[] {
    return this.held.length > 0 ? this.settle() : [];
  }

  private given(cell: Cell): Cell {
    const words = this.words;
    if ((words === undefined || words.size === 0) && !this.rowNames) return cell;
    const at = cellPosition(cell.ref);
    const added = at === undefined ? undefined : words?.get(at.column);
    const given = added === undefined ? cell : { ...cell, header: withProfile(cell.header, added) };
    if (!this.rowNames || at === undefined) return given;
    // A row's first cell is the header of the values after it (header-row.ts namesRows).
    if (at.row !== this.labelRow) {
      this.labelRow = at.row;
      this.rowLabel = rowHeader(cell.text);
      return given;
    }
    const label = this.rowLabel;
    return label === undefined ? given : { ...given, header: given.header === undefined ? label : `${given.header}|${label}` };
  }

  private settle(): Cell[] {
    const rows = new Map<number, Map<number, string>>();
    const headers = new Map<number, string>();
    for (const cell of this.held) {
      const at = cellPosition(cell.ref);
      if (at === undefined || cell.text === '') continue;
      let row = rows.get(at.row);
      if (row === undefined) rows.set(at.row, (row = new Map()));
      row.set(at.column, cell.text);
      if (cell.header !== undefined) headers.set(at.column, cell.header);
    }
    this.words = columnProfiles(rows.values(), this.detectors, (column) => headers.get(column));
    // Each row's first cell (cells come left to right), and the table's width.
    const firsts = [...rows.values()].map((row) => row.values().next().value ?? '');
    this.rowNames = namesRows(firsts, Math.max(0, ...[...rows.values()].map((row) => row.size)), this.isFieldName);
    if (this.rowNames && this.sheet !== undefined) this.named.add(this.sheet);
    const out = this.held.map((cell) => this.given(cell));
    this.held = [];
    this.heldChars = 0;
    return out;
  }
}
