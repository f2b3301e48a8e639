/**
 * Tables as spreadsheet cells, for the readers of databases and columnar files (SQLite, .xls,
 * .ods, Parquet, Avro): the column names are row 1 and every value below carries its column's
 * name as `header`, so a column named 手机号 gives its values context the way a CSV header does.
 */
import type { Cell } from '../types.js';
import { dateText, numberText } from './xlsx-values.js';

/**
 * A column's or a field's name as its header: snake case, camel case and a field path read as
 * words (`bank_account`, `bankAccount` and `bank.account` are `bank account`, a context word).
 */
export function headerOfName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .trim();
}

/**
 * Columns of records whose fields are told by name, not place (BSON documents, Redis hashes): a
 * column for each distinct name, in the order met, up to `max`; further names share the last
 * column and its header.
 */
export class NamedColumns {
  private readonly columns = new Map<string, number>();
  private readonly headers: string[] = [];

  constructor(private readonly max = 16_384) {}

  /** The column of `name` and that column's header (`header` of the name that opened it). */
  of(name: string, header: (name: string) => string = (same) => same): { readonly column: number; readonly header: string } {
    let column = this.columns.get(name);
    if (column === undefined) {
      column = Math.min(this.columns.size, this.max - 1);
      if (this.columns.size < this.max) {
        this.columns.set(name, column);
        this.headers[column] = header(name);
      }
    }
    return { column, header: this.headers[column] };
  }
}

/** A1-style reference of a 0-based column and a 1-based row: (0, 1) is A1, (27, 5) is AB5. */
export function cellRef(column: number, row: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return `${letters}${row}`;
}

/** The 0-based column and 1-based row of an A1-style reference (`cellRef`'s inverse), or undefined. */
export function cellPosition(ref: string): { column: number; row: number } | undefined {
  let column = 0;
  let at = 0;
  for (; at < ref.length; at++) {
    const c = ref.charCodeAt(at);
    if (c < 65 || c > 90) break;
    column = column * 26 + (c - 64);
  }
  const row = Number(ref.slice(at));
  return at === 0 || at === ref.length || !Number.isInteger(row) ? undefined : { column: column - 1, row };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Text of one stored value. Integers (numbers or bigints) are plain digits, so a phone or an ID
 * stored as INTEGER/INT64 is found; bytes are text when they are valid UTF-8 (a name stored as a
 * BLOB), otherwise nothing (tableCells hands them on as Cell.bytes); nested records and lists are
 * JSON text.
 */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if (value instanceof Uint8Array) {
    try {
      return UTF8.decode(value);
    } catch {
      return '';
    }
  }
  if (typeof value === 'object') {
    return JSON.stringify(value, (_, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner instanceof Uint8Array ? valueText(inner) : inner));
  }
  return '';
}

/** Cells the table readers hand on at once (one await per cell cost more than finding them). */
export const CELL_BATCH = 1024;

/** Text and bytes of the cells a batch of records holds at most, besides CELL_BATCH cells. */
export const RECORD_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * The cells of `records` (a record's cells in an array: a document, a key) in batches of at least
 * `size` cells, or RECORD_BATCH_BYTES of their text and bytes: records of 16 MiB (MongoDB's
 * largest document, a long Redis string) are handed on one at a time, not a thousand together.
 * When the records fail (damage, a stream that broke), the cells of those read before are handed
 * on first, then the error.
 */
export async function* recordBatches(records: AsyncIterable<readonly Cell[]>, size = CELL_BATCH): AsyncGenerator<Cell[]> {
  let batch: Cell[] = [];
  let held = 0;
  try {
    for await (const cells of records) {
      for (const cell of cells) {
        batch.push(cell);
        held += cell.text.length * 2 + (cell.bytes?.length ?? 0);
      }
      if (batch.length >= size || held >= RECORD_BATCH_BYTES) {
        yield batch;
        batch = [];
        held = 0;
      }
    }
  } catch (error) {
    if (batch.length > 0) yield batch;
    throw error;
  }
  if (batch.length > 0) yield batch;
}

/** `items` in arrays of up to `size`. */
export function* inBatches<T>(items: Iterable<T>, size = CELL_BATCH): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Where a batch of rows sits in its sheet. */
export interface TableBatch {
  /** Give the column names as row 1 (the first batch of a sheet). @default true */
  readonly headerRow?: boolean;
  /** Data rows of the sheet given in earlier batches. @default 0 */
  readonly rowsBefore?: number;
}

/**
 * One sheet's cells: the column names as row 1, then each non-empty value with its header, in
 * batches of up to CELL_BATCH cells (a batch ends with the rows given).
 */
export async function* tableCells(
  sheet: string,
  columns: readonly string[],
  rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  batch: TableBatch = {},
): AsyncGenerator<Cell[]> {
  let cells: Cell[] = [];
  if (batch.headerRow ?? true) {
    for (let column = 0; column < columns.length; column++) {
      if (columns[column] !== '') cells.push({ sheet, ref: cellRef(column, 1), text: columns[column] });
    }
  }
  let row = 1 + (batch.rowsBefore ?? 0);
  for await (const values of rows) {
    row += 1;
    for (let column = 0; column < values.length; column++) {
      const value = values[column];
      const text = valueText(value);
      if (text === '') {
        // Bytes that are not text may be a file (a photo in a BLOB column): embedded.ts looks.
        if (value instanceof Uint8Array && value.length > 0) cells.push({ sheet, ref: cellRef(column, row), text, bytes: value });
        continue;
      }
      const header = columns[column];
      const ref = cellRef(column, row);
      cells.push(header === undefined || header === '' ? { sheet, ref, text } : { sheet, ref, text, header });
    }
    if (cells.length >= CELL_BATCH) {
      yield cells;
      cells = [];
    }
  }
  if (cells.length > 0) yield cells;
}
