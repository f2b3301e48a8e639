/**
 * NumPy arrays' items as cells: a dtype as NumPy describes it (`<U18`, `|S10`, `<i8`, `<M8[D]`, a
 * record's fields), read from the array's bytes. For the `.npy` reader (numpy.ts) and the arrays a
 * pickle holds (pickle.ts); the kinds read, and how, are numpy.ts's table.
 */
import { ScanError } from '../errors.js';
import { HeaderRow, type RowCell } from '../header-row.js';
import type { Cell } from '../types.js';
import { utf8OrGb18030 } from './charset.js';
import { CELL_BATCH, cellRef, valueText } from './table.js';

export function corrupt(what: string): ScanError {
  return new ScanError('CORRUPT', `numpy ${what}`);
}

/** A dtype's description as the header gives it: a string (`<U18`), or a structured one's fields. */
export type Descr = string | readonly (readonly unknown[])[];

/** One item's kind, as a dtype string says. */
interface Scalar {
  readonly kind: string;
  readonly size: number;
  readonly little: boolean;
  /** datetime64 and timedelta64: the unit (`D`, `s`, `ns`) and how many of it. */
  readonly unit?: string;
  readonly step?: number;
}

/** A field of a structured dtype: its name, where it starts in a record, its items and their count. */
interface Field {
  readonly name: string;
  readonly offset: number;
  readonly scalar: Scalar;
  readonly count: number;
}

/** A dtype: plain (one scalar an item) or structured (fields). */
export interface Dtype {
  readonly size: number;
  readonly scalar?: Scalar;
  readonly fields?: readonly Field[];
}

const SIZES: Readonly<Record<string, readonly number[]>> = {
  b: [1],
  i: [1, 2, 4, 8],
  u: [1, 2, 4, 8],
  f: [2, 4, 8],
  c: [8, 16],
  M: [8],
  m: [8],
};

/** The scalar of a dtype string (`<U18`, `|S10`, `<i8`, `<M8[D]`); OPAQUE for one not read here. */
function scalarOf(text: string): Scalar {
  const m = /^([<>|=]?)([a-zA-Z])(\d*)(?:\[(\d*)([a-zA-Z]+)\])?$/.exec(text);
  if (m === null) throw corrupt('dtype is not one NumPy writes');
  const [, order, kind, digits, step, unit] = m;
  const little = order !== '>';
  if (kind === 'U' || kind === 'S' || kind === 'a') {
    const count = Number(digits || '0');
    return { kind: kind === 'a' ? 'S' : kind, size: kind === 'U' ? count * 4 : count, little };
  }
  const size = Number(digits);
  if (SIZES[kind]?.includes(size) === true) {
    if ((kind === 'M' || kind === 'm') && unit === undefined) return { kind, size, little, unit: 'generic', step: 1 };
    return { kind, size, little, unit, step: step ? Number(step) : 1 };
  }
  if (kind === 'O') throw new ScanError('OPAQUE', 'numpy array of objects inside a structured dtype is not read');
  throw new ScanError('OPAQUE', `numpy items of dtype ${kind}${digits} are not read`);
}

/** The dtype of a header's `descr`. */
export function dtypeOf(descr: Descr): Dtype {
  if (typeof descr === 'string') {
    const scalar = scalarOf(descr);
    return { size: scalar.size, scalar };
  }
  const fields: Field[] = [];
  let offset = 0;
  for (const entry of descr) {
    const [name, type, shape] = entry;
    if (typeof type !== 'string') throw new ScanError('OPAQUE', 'numpy nested structured dtypes are not read');
    const title = Array.isArray(name) ? name[1] : name;
    if (typeof title !== 'string') throw corrupt('field has no name');
    const count = shape === undefined ? 1 : shapeOf(shape).reduce((a, b) => a * b, 1);
    // Padding (an unnamed void field, as NumPy describes an aligned record's gaps) is skipped by its size.
    const padding = title === '' ? /^[|<>=]?V(\d+)$/.exec(type) : null;
    if (padding !== null) {
      offset += Number(padding[1]) * count;
      continue;
    }
    const scalar = scalarOf(type);
    fields.push({ name: title, offset, scalar, count });
    offset += scalar.size * count;
  }
  return { size: offset, fields };
}

/** The sizes of a shape (a tuple, or one size). */
export function shapeOf(value: unknown): number[] {
  const dims = typeof value === 'number' ? [value] : Array.isArray(value) ? value : undefined;
  if (dims === undefined || !dims.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) throw corrupt('shape is not a tuple of sizes');
  return dims as number[];
}


/** Units of datetime64 in milliseconds (months and years are counted apart). */
const UNIT_MS: Readonly<Record<string, number>> = { W: 7 * 86_400_000, D: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, ns: 1e-6, ps: 1e-9, fs: 1e-12, as: 1e-15 };
const NAT = -(2n ** 63n);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A datetime64's text: `YYYY-MM-DD` for a day, ISO time for finer units, `YYYY-MM` or `YYYY` for months and years. */
function datetimeText(count: bigint, unit: string, step: number): string {
  if (count === NAT) return '';
  const n = Number(count) * step;
  if (unit === 'Y') return String(1970 + n);
  if (unit === 'M') return `${1970 + Math.floor(n / 12)}-${pad((((n % 12) + 12) % 12) + 1)}`;
  const ms = UNIT_MS[unit];
  if (ms === undefined) return count.toString();
  const date = new Date(n * ms);
  if (Number.isNaN(date.getTime())) return count.toString();
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return unit === 'D' || unit === 'W' ? day : date.toISOString().replace('.000Z', 'Z');
}

/** IEEE half precision. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** The code points of a `U` item, reused from one item to the next. */
const CODE_POINTS: number[] = [];

/** The value of one item at `at`. */
function item(scalar: Scalar, view: DataView, bytes: Uint8Array, at: number): unknown {
  const { kind, size, little } = scalar;
  switch (kind) {
    case 'U': {
      // The code points gathered, then one flat string (a string added to a character at a time is a
      // rope of them: an array of 300,000 rows of such cells took the engine to 305 MiB).
      const codes = CODE_POINTS;
      codes.length = 0;
      for (let i = 0; i < size; i += 4) {
        const code = view.getUint32(at + i, little);
        if (code === 0) break;
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw corrupt('string holds a value that is no character');
        codes.push(code);
      }
      return String.fromCodePoint(...codes);
    }
    case 'S': {
      let end = at + size;
      while (end > at && bytes[end - 1] === 0) end--;
      const raw = bytes.subarray(at, end);
      return utf8OrGb18030(raw) ?? raw.slice();
    }
    case 'b':
      return bytes[at] !== 0;
    case 'i':
      return size === 1 ? view.getInt8(at) : size === 2 ? view.getInt16(at, little) : size === 4 ? view.getInt32(at, little) : view.getBigInt64(at, little);
    case 'u':
      return size === 1 ? bytes[at] : size === 2 ? view.getUint16(at, little) : size === 4 ? view.getUint32(at, little) : view.getBigUint64(at, little);
    case 'f':
      return size === 2 ? half(view.getUint16(at, little)) : size === 4 ? view.getFloat32(at, little) : view.getFloat64(at, little);
    case 'c': {
      const part = size / 2;
      const re = part === 4 ? view.getFloat32(at, little) : view.getFloat64(at, little);
      const im = part === 4 ? view.getFloat32(at + part, little) : view.getFloat64(at + part, little);
      return `${valueText(re)}${im < 0 ? '-' : '+'}${valueText(Math.abs(im))}j`;
    }
    case 'M':
      return datetimeText(view.getBigInt64(at, little), scalar.unit!, scalar.step!);
    case 'm': {
      const count = view.getBigInt64(at, little);
      return count === NAT ? '' : `${count * BigInt(scalar.step!)} ${scalar.unit}`;
    }
    default:
      throw new ScanError('OPAQUE', `numpy items of kind ${kind} are not read`);
  }
}

/** The values of a record (structured) or an item (plain) at `at`: one per field. */
export function values(dtype: Dtype, view: DataView, bytes: Uint8Array, at: number): unknown[] {
  if (dtype.scalar !== undefined) return [item(dtype.scalar, view, bytes, at)];
  return dtype.fields!.map((field) => {
    if (field.count === 1) return item(field.scalar, view, bytes, at + field.offset);
    const list: unknown[] = [];
    for (let i = 0; i < field.count; i++) list.push(item(field.scalar, view, bytes, at + field.offset + i * field.scalar.size));
    return list;
  });
}

/** How an array is laid out as a table: rows, and items a row (a plain array's last dimension). */
export function layout(dtype: Dtype, shape: readonly number[]): { rows: number; width: number } {
  const items = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(items * Math.max(1, dtype.size))) throw corrupt('shape is too large');
  const width = dtype.fields !== undefined || shape.length < 2 ? 1 : shape[shape.length - 1];
  return { rows: width === 0 ? 0 : items / width, width };
}

/**
 * Cells of rows, a row at a time: a structured array's under its fields' names (row 1), a plain
 * one's under the header row found among its first rows.
 */
export class RowCells {
  private readonly headerRow = new HeaderRow();
  private row = 0;
  out: Cell[] = [];

  constructor(
    private readonly sheet: string,
    private readonly names: readonly string[] | undefined,
  ) {
    if (names !== undefined) {
      names.forEach((name, column) => {
        if (name !== '') this.out.push({ sheet, ref: cellRef(column, 1), text: name });
      });
      this.row = 1;
    }
  }

  add(values: readonly unknown[]): void {
    this.row++;
    const row: (RowCell & { bytes?: Uint8Array })[] = [];
    values.forEach((value, column) => {
      const text = valueText(value);
      if (text !== '') row.push({ column, text });
      else if (value instanceof Uint8Array && value.length > 0) row.push({ column, text, bytes: value });
    });
    const headers = this.names === undefined ? this.headerRow.of(row.filter((cell) => cell.text !== '')) : undefined;
    for (const cell of row) {
      const ref = cellRef(cell.column, this.row);
      const header = this.names?.[cell.column] ?? headers?.get(cell.column);
      const base: Cell = header === undefined || header === '' ? { sheet: this.sheet, ref, text: cell.text } : { sheet: this.sheet, ref, text: cell.text, header };
      this.out.push(cell.bytes === undefined ? base : { ...base, bytes: cell.bytes });
    }
  }

  take(): Cell[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

/** The values of row `r` of a Fortran-ordered array held in `data` (item (r, c) is at c * rows + r). */
function fortranRow(dtype: Dtype, data: Uint8Array, view: DataView, rows: number, width: number, r: number): unknown[] {
  const out: unknown[] = [];
  for (let c = 0; c < width; c++) out.push(...values(dtype, view, data, (c * rows + r) * dtype.size));
  return out;
}

/**
 * The cells of an array held in memory (an array a pickle holds: pickle.ts), in batches: `descr`,
 * `shape` and `fortranOrder` as an `.npy` header gives them, `data` its items. CORRUPT when
 * `data` is not as long as the shape says; OPAQUE for a dtype not read here.
 */
export function* numpyArrayCells(sheet: string, descr: Descr, shape: readonly number[], fortranOrder: boolean, data: Uint8Array): Generator<Cell[]> {
  const dtype = dtypeOf(descr);
  const { rows, width } = layout(dtype, shape);
  if (rows * width * dtype.size !== data.length) throw corrupt(`array holds ${data.length} bytes where its shape says ${rows * width * dtype.size}`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const cells = new RowCells(sheet, dtype.fields?.map((field) => field.name));
  const rowBytes = width * dtype.size;
  for (let r = 0; r < rows; r++) {
    if (fortranOrder && width > 1) cells.add(fortranRow(dtype, data, view, rows, width, r));
    else {
      const row: unknown[] = [];
      for (let c = 0; c < width; c++) row.push(...values(dtype, view, data, r * rowBytes + c * dtype.size));
      cells.add(row);
    }
    if (cells.out.length >= CELL_BATCH) yield cells.take();
  }
  if (cells.out.length > 0) yield cells.take();
}

