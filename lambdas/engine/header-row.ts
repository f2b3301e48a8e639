/**
 * Which row of a table holds its column headers, for every reader of tables (CSV and TSV through
 * the text matcher, XLSX, .xls, OpenDocument, HTML, Excel 2003 XML). Not always the first: Chinese
 * exports put a title above the header row (`客户信息表`, merged across the columns), often a line
 * of its own after it (`导出日期：2024-05-03`). Taken for the header row, a title gave every
 * column but the first no header, and a list of names, WeChat ids or birth dates came out public.
 *
 * | rows so far                                                      | header row            |
 * |------------------------------------------------------------------|-----------------------|
 * | the first with two non-empty cells or more                       | that one              |
 * | one non-empty cell, then another row of one (a one-column list)  | the first             |
 * | one-cell rows, then one of two cells or more that are not mostly digits, before any other | that one (the others were titles) |
 * | right after the header row, a row of more cells, none mostly digits | that one (the first held its column groups) |
 *
 * Rows are given as they go by (streamed readers decide without looking ahead): a row's cells get
 * the headers known when it comes, and a header row's own cells get none.
 */

import type { Cell } from './types.js';
import { cellPosition, cellRef } from './formats/table.js';

/** One non-empty cell of a row: its 0-based column and its text. */
export interface RowCell {
  readonly column: number;
  readonly text: string;
}

/** A cell a header row could hold: not mostly digits (a phone, an ID, a date, an amount is a value). */
export function labelLike(cell: RowCell): boolean {
  let digits = 0;
  for (let i = 0; i < cell.text.length; i++) {
    const c = cell.text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits * 2 <= cell.text.length;
}

export class HeaderRow {
  private current: Map<number, string> | undefined;
  /** A row of one cell: the header row of a one-column list, or a title. */
  private candidate: Map<number, string> | undefined;
  /** A row of two cells or more was seen: the header row is settled. */
  private wide = false;
  /** Cells of the header row when it was the last non-empty row given, else 0. */
  private justSet = 0;

  /**
   * The headers of a row, given its non-empty cells: undefined for the header row itself (and a
   * row that may be one, or a title).
   */
  of(cells: readonly RowCell[]): ReadonlyMap<number, string> | undefined {
    if (cells.length === 0) return this.current;
    const after = this.justSet;
    this.justSet = 0;
    if (cells.length >= 2) {
      // The first row of two cells or more; after a row of one, only if it reads as a header row (a
      // row of values, a phone and an amount, is data under the one-cell header). Right after the
      // header row, a row of more cells that reads as one is the header row: the first was its
      // groups (基本信息 merged over 姓名 and 性别).
      const header = this.wide ? after > 0 && cells.length > after && cells.every(labelLike) : this.candidate === undefined || cells.every(labelLike);
      this.wide = true;
      if (header) {
        this.current = new Map(cells.map((cell) => [cell.column, cell.text]));
        this.justSet = cells.length;
        return undefined;
      }
    }
    if (this.current === undefined) {
      if (this.candidate === undefined) {
        this.candidate = new Map(cells.map((cell) => [cell.column, cell.text]));
        return undefined;
      }
      this.current = this.candidate;
    }
    return this.current;
  }

  /** The headers as they stand (the candidate's, before a second row came). */
  get headers(): ReadonlyMap<number, string> | undefined {
    return this.current ?? this.candidate;
  }
}

/** The longest text of a cell read as a label of the cell to its right. */
const LABEL_MAX_CHARS = 16;

/**
 * The label a cell has on its left, for forms laid out as label cells beside value cells (客户信息
 * 登记表: `姓名：` | 张伟 | `微信号：` | zhang_wei88): the text of the cell right before it in the
 * same row when it ends with a colon (`：` or `:`), is short and holds no digit, else undefined. A
 * value's column header there is another value's, or a label of the row above: the label-only
 * types (names, WeChat ids, QQ numbers, birth dates) came out unfound, and a form of them public.
 * Used as context beside the column's header (scan.ts). A label without its colon only when
 * `isFieldName` says it is a field's name (ContextWords.isFieldName: `微信号`, `护照号码`, a detector's
 * word and an ending; since engine 0.3.10, when a sheet of names beside values without colons came
 * out public), and scan.ts gives `isFieldName` only for a sheet whose first column names its rows
 * (namesRows; since engine 0.3.11: a column of payment methods, `微信`, made the order codes beside
 * it WeChat ids): any other text beside a value (a bank's name beside its card number) would become a
 * header of its own for every row, which the matcher looks up in every detector's words (16% on a
 * workbook of customers, measured).
 */
export function leftLabel(
  left: { readonly sheet: string; readonly ref: string; readonly text: string } | undefined,
  cell: { readonly sheet: string; readonly ref: string },
  isFieldName?: (text: string) => boolean,
): string | undefined {
  if (left === undefined || left.sheet !== cell.sheet) return undefined;
  const last = left.text.charCodeAt(left.text.length - 1);
  const colon = last === 0xff1a || last === 0x3a;
  if (!(colon ? left.text.length <= LABEL_MAX_CHARS && !/[0-9]/.test(left.text) : isFieldName?.(left.text) === true)) return undefined;
  const at = cellPosition(cell.ref);
  const before = cellPosition(left.ref);
  return at !== undefined && before !== undefined && before.row === at.row && before.column === at.column - 1 ? left.text : undefined;
}

/** The fewest field names a table's first column holds to name its rows (namesRows). */
const ROW_NAMES_MIN = 3;
/** The longest first cell of a row read as its header (rowHeader). */
const ROW_HEADER_MAX_CHARS = 64;

/**
 * True when a table's first column names its rows, so that each row's first cell is the header of
 * every value after it in the row (rowHeader), as a header row's cells are of the values below
 * them: a list laid out on its side (字段 | 客户1 | 客户2, then a row each for 姓名, 微信号,
 * 出生日期…) or a key-value export (微信号 | zhang_san88, a record after another). Its first cells
 * in a table's first rows (`firstCells`, the non-empty ones) are field names (`isFieldName`:
 * ContextWords.isFieldName, a detector's word alone or with an ending: `护照号码`, not
 * `手机壳`), at least ROW_NAMES_MIN and half of them (a list's rows name its gender and age too),
 * and each once, or the table is two columns wide (a key-value export repeats its names; a column
 * of payment methods beside others repeats `微信`, and names no value beside it). Before, only
 * the value right beside its field's name had it (leftLabel, a sheet's), and a CSV's none: of 20
 * customers on their side, 19 of each kind were unfound in an XLSX, every WeChat id in a CSV.
 */
export function namesRows(firstCells: readonly string[], width: number, isFieldName: (text: string) => boolean): boolean {
  const cells = firstCells.filter((text) => text !== '');
  const names = cells.filter(isFieldName);
  return names.length >= ROW_NAMES_MIN && names.length * 2 >= cells.length && (width <= 2 || new Set(names.map((name) => name.trim().toLowerCase())).size === names.length);
}

/** A row's first cell as the header of the values after it in a table whose rows it names (namesRows), or undefined when too long. */
export function rowHeader(text: string): string | undefined {
  const header = text.trim();
  return header === '' || header.length > ROW_HEADER_MAX_CHARS ? undefined : header;
}

/**
 * A document's table (a Word or OpenDocument text's table, rows of non-empty cells as their
 * columns and texts) as cells (`sheet`, A1-style `ref`): each under its column's header (HeaderRow)
 * and, in a form laid out as a table (登记表: 姓名 | 张伟 | 性别 | 男, the labels without colons), the
 * label on its left: the cell before it, short (LABEL_MAX_CHARS), with no digit (labelOf). A document's tables are small, so telling a label from a value costs nothing
 * here (it does on a workbook's million cells: leftLabel). Read as text, a roster's values were
 * far from its header row: one row of twenty was found.
 */
export function documentTableCells(rows: readonly (readonly RowCell[])[], sheet: string): Cell[] {
  const headerRow = new HeaderRow();
  const cells: Cell[] = [];
  rows.forEach((row, r) => {
    const headers = headerRow.of(row);
    row.forEach((cell, i) => {
      const label = i > 0 && row[i - 1].column === cell.column - 1 ? labelOf(row[i - 1].text) : undefined;
      const header = withLabel(headers?.get(cell.column), label);
      const ref = cellRef(cell.column, r + 1);
      cells.push(header === '' ? { sheet, ref, text: cell.text } : { sheet, ref, text: cell.text, header });
    });
  });
  return cells;
}

/**
 * A cell's text as the label of the cell on its right, in a table a form is laid out in (姓名 |
 * 张伟): short (LABEL_MAX_CHARS) and without a digit; else undefined.
 */
export function labelOf(text: string): string | undefined {
  const label = text.trim();
  return label !== '' && label.length <= LABEL_MAX_CHARS && !/[0-9]/.test(label) ? label : undefined;
}

/** A column's header and a cell's label on its left, as one header (either may be missing). */
export function withLabel(header: string | undefined, label: string | undefined): string {
  return [header ?? '', label ?? ''].filter((text) => text !== '').join(' ');
}

