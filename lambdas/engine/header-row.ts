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
 *
 * Rows are given as they go by (streamed readers decide without looking ahead): a row's cells get
 * the headers known when it comes, and a header row's own cells get none.
 */

/** One non-empty cell of a row: its 0-based column and its text. */
export interface RowCell {
  readonly column: number;
  readonly text: string;
}

/** A cell a header row could hold: not mostly digits (a phone, an ID, a date, an amount is a value). */
function labelLike(cell: RowCell): boolean {
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

  /**
   * The headers of a row, given its non-empty cells: undefined for the header row itself (and a
   * row that may be one, or a title).
   */
  of(cells: readonly RowCell[]): ReadonlyMap<number, string> | undefined {
    if (cells.length === 0) return this.current;
    // After a row of one cell, a row of more is a header row only if it reads as one: a row of
    // values (a phone, an amount) is data under the one-cell header.
    if (cells.length >= 2 && !this.wide && (this.candidate === undefined || cells.every(labelLike))) {
      this.wide = true;
      this.current = new Map(cells.map((cell) => [cell.column, cell.text]));
      return undefined;
    }
    if (cells.length >= 2) this.wide = true;
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
