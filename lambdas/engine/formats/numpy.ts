/**
 * NumPy arrays: `.npy` files (`np.save`), and so the members of an `.npz` (`np.savez`, a zip of
 * them, read by the zip reader). Read by the strings pass before, an array of strings was public:
 * NumPy keeps text as UTF-32, four bytes a character, which no pass over bytes reads as text, and
 * numbers as binary integers.
 *
 * The format ([NEP 1](https://numpy.org/neps/nep-0001-npy-format.html)): `\x93NUMPY`, a version
 * (1.0, 2.0, 3.0), a header length (2 bytes in 1.0, 4 after), a header that is a Python dict
 * literal (`{'descr': '<U18', 'fortran_order': False, 'shape': (20, 6), }`, UTF-8 in 3.0), then
 * the items one after another, in C order unless `fortran_order`.
 *
 * | array | read as |
 * |---|---|
 * | of two dimensions or more | a table: a row per index of the first dimensions, a column per index of the last; its header row found as a sheet's (header-row.ts: an array of a list's rows with its names first) |
 * | of one dimension, or none | a column (a single cell) |
 * | structured (`dtype=[('姓名', '<U4'), ('手机', '<i8')]`, a record array) | a row per record, the fields' names as the columns' headers |
 * | items: `U` (UTF-32), `S` (bytes: UTF-8 text, else GB18030, else bytes a file may be in), `i` and `u` (every digit: a mobile stored as int64), `f`, `c`, `b`, `M` (`datetime64`: a date as `YYYY-MM-DD`), `m` | their text; a field with its own shape as JSON text |
 * | `O` (objects: the array is pickled after the header, `allow_pickle`) | the pickle reader (pickle.ts), the pickle held (at most `maxBufferedBytes`) |
 * | `V` (raw bytes), a long double, a dtype not above | `OPAQUE`, never public |
 * | a header that is not such a dict, items fewer or more than the shape says | `CORRUPT`, after the cells before |
 *
 * Rows are read as they come (a row longer than `maxBufferedBytes` is `LIMIT_EXCEEDED`); a
 * Fortran-ordered array of two dimensions or more is held whole (at most `maxBufferedBytes`).
 */
import { ScanError } from '../errors.js';
import { HeaderRow, type RowCell } from '../header-row.js';
import type { Cell, ContentPart } from '../types.js';
import { sourceBytes, StreamBytes } from './bytes.js';
import { whereOf, type ReadContext } from './limits.js';
import { memoryMember } from './members.js';
import type { Source } from './source.js';
import { CELL_BATCH, cellRef, valueText } from './table.js';

/** The first bytes of an `.npy` file. */
export const NUMPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

/** A header longer than this is refused (NumPy's own reader refuses over 10,000 bytes unless told). */
const MAX_HEADER_BYTES = 1024 * 1024;
/** Bytes of rows read at once. */
const ROWS_BYTES = 1024 * 1024;
/** The sheet of an array's cells (an `.npz` member's location names its file). */
export const NUMPY_SHEET = 'array';

function corrupt(what: string): ScanError {
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
interface Dtype {
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

function shapeOf(value: unknown): number[] {
  const dims = typeof value === 'number' ? [value] : Array.isArray(value) ? value : undefined;
  if (dims === undefined || !dims.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) throw corrupt('shape is not a tuple of sizes');
  return dims as number[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const GB18030 = new TextDecoder('gb18030', { fatal: true });

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

/** The value of one item at `at`. */
function item(scalar: Scalar, view: DataView, bytes: Uint8Array, at: number): unknown {
  const { kind, size, little } = scalar;
  switch (kind) {
    case 'U': {
      let text = '';
      for (let i = 0; i < size; i += 4) {
        const code = view.getUint32(at + i, little);
        if (code === 0) break;
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw corrupt('string holds a value that is no character');
        text += String.fromCodePoint(code);
      }
      return text;
    }
    case 'S': {
      let end = at + size;
      while (end > at && bytes[end - 1] === 0) end--;
      const raw = bytes.subarray(at, end);
      for (const decoder of [UTF8, GB18030]) {
        try {
          return decoder.decode(raw);
        } catch {
          // the next decoder, else the bytes themselves
        }
      }
      return raw.slice();
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
function values(dtype: Dtype, view: DataView, bytes: Uint8Array, at: number): unknown[] {
  if (dtype.scalar !== undefined) return [item(dtype.scalar, view, bytes, at)];
  return dtype.fields!.map((field) => {
    if (field.count === 1) return item(field.scalar, view, bytes, at + field.offset);
    const list: unknown[] = [];
    for (let i = 0; i < field.count; i++) list.push(item(field.scalar, view, bytes, at + field.offset + i * field.scalar.size));
    return list;
  });
}

/** How an array is laid out as a table: rows, and items a row (a plain array's last dimension). */
function layout(dtype: Dtype, shape: readonly number[]): { rows: number; width: number } {
  const items = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(items * Math.max(1, dtype.size))) throw corrupt('shape is too large');
  const width = dtype.fields !== undefined || shape.length < 2 ? 1 : shape[shape.length - 1];
  return { rows: width === 0 ? 0 : items / width, width };
}

/**
 * Cells of rows, a row at a time: a structured array's under its fields' names (row 1), a plain
 * one's under the header row found among its first rows.
 */
class RowCells {
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

/** The header of an `.npy` file, read from `input`: its dict's three keys. */
async function readHeader(input: StreamBytes): Promise<{ descr: Descr; fortranOrder: boolean; shape: number[] }> {
  const start = await input.read(10);
  if (start.length < 10 || !NUMPY_MAGIC.equals(start.subarray(0, 6))) throw corrupt('file is truncated');
  const major = start[6];
  if (major < 1 || major > 3) throw corrupt(`version ${major} is not one NumPy writes`);
  let length = start.readUInt16LE(8);
  if (major > 1) {
    const high = await input.read(2);
    if (high.length < 2) throw corrupt('file is truncated');
    length += high.readUInt16LE(0) * 0x10000;
  }
  if (length > MAX_HEADER_BYTES) throw corrupt(`header of ${length} bytes is longer than NumPy writes`);
  const raw = await input.read(length);
  if (raw.length < length) throw corrupt('header is truncated');
  let text: string;
  try {
    text = major === 3 ? UTF8.decode(raw) : raw.toString('latin1');
  } catch {
    throw corrupt('header is not UTF-8');
  }
  const header = pythonLiteral(text.trim());
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw corrupt('header is not a dict');
  const { descr, fortran_order: fortranOrder, shape } = header as Record<string, unknown>;
  if (typeof fortranOrder !== 'boolean') throw corrupt('header has no fortran_order');
  if (typeof descr !== 'string' && !(Array.isArray(descr) && descr.every(Array.isArray))) throw corrupt('header has no descr');
  return { descr: descr as Descr, fortranOrder, shape: shapeOf(shape) };
}

/** Reads an `.npy` file (see the module doc). */
export async function* readNumpy(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const input = new StreamBytes(sourceBytes(source));
  const { descr, fortranOrder, shape } = await readHeader(input);
  const max = ctx.budget.limits.maxBufferedBytes;
  // An array of objects is pickled after the header (np.save with allow_pickle).
  if (descr === '|O' || descr === 'O' || descr === '<O' || descr === '>O') {
    const parts: Buffer[] = [];
    let held = 0;
    for (;;) {
      const piece = await input.read(ROWS_BYTES);
      if (piece.length === 0) break;
      held += piece.length;
      if (held > max) throw new ScanError('LIMIT_EXCEEDED', `numpy array of objects is larger than ${max} bytes (maxBufferedBytes)`);
      parts.push(piece);
    }
    const { readPickle } = await import('./pickle.js');
    yield* readPickle(memoryMember(`${source.name}.pkl`, Buffer.concat(parts), ctx.budget, 'numpy objects'), ctx);
    return;
  }
  const dtype = dtypeOf(descr);
  const { rows, width } = layout(dtype, shape);
  const rowBytes = width * dtype.size;
  if (fortranOrder && width > 1) {
    const total = rows * rowBytes;
    if (total > max) throw new ScanError('LIMIT_EXCEEDED', `numpy array in Fortran order is larger than ${max} bytes (maxBufferedBytes)`);
    const data = await input.read(total);
    yield { kind: 'cells', where: whereOf(ctx), cells: held(numpyArrayCells(NUMPY_SHEET, descr, shape, true, data), data.length === total, input) };
    return;
  }
  if (rowBytes > max) throw new ScanError('LIMIT_EXCEEDED', `numpy array row is larger than ${max} bytes (maxBufferedBytes)`);
  yield { kind: 'cells', where: whereOf(ctx), cells: streamed(dtype, rows, width, input) };
}

/** The cells of an array held whole, then CORRUPT when it was cut short or more bytes follow it. */
async function* held(cells: Generator<Cell[]>, whole: boolean, input: StreamBytes): AsyncGenerator<Cell[]> {
  if (!whole) throw corrupt('array is truncated');
  yield* cells;
  if ((await input.read(1)).length > 0) throw corrupt('file goes on after its array');
}

/** The cells of a C-ordered array, rows read as they come. */
async function* streamed(dtype: Dtype, rows: number, width: number, input: StreamBytes): AsyncGenerator<Cell[]> {
  const rowBytes = width * dtype.size;
  const cells = new RowCells(NUMPY_SHEET, dtype.fields?.map((field) => field.name));
  const perRead = Math.max(1, Math.floor(ROWS_BYTES / Math.max(1, rowBytes)));
  for (let r = 0; r < rows; ) {
    const count = Math.min(perRead, rows - r);
    const data = await input.read(count * rowBytes);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const whole = Math.floor(data.length / Math.max(1, rowBytes));
    for (let i = 0; i < whole && i < count; i++) {
      const row: unknown[] = [];
      for (let c = 0; c < width; c++) row.push(...values(dtype, view, data, i * rowBytes + c * dtype.size));
      cells.add(row);
      if (cells.out.length >= CELL_BATCH) yield cells.take();
    }
    if (data.length < count * rowBytes) {
      if (cells.out.length > 0) yield cells.take();
      throw corrupt(`array is truncated after ${r + whole} of its ${rows} rows`);
    }
    r += count;
  }
  if (cells.out.length > 0) yield cells.take();
  if ((await input.read(1)).length > 0) throw corrupt('file goes on after its array');
}

/**
 * A Python literal as `repr` writes a NumPy header: a dict, tuples and lists, strings (with their
 * escapes), integers, True, False and None. Anything else is CORRUPT.
 */
export function pythonLiteral(text: string): unknown {
  let at = 0;
  const space = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const value = (): unknown => {
    space();
    const c = text[at];
    if (c === '{') return collection('}', true);
    if (c === '(') return collection(')', false);
    if (c === '[') return collection(']', false);
    if (c === "'" || c === '"') return string(c);
    const m = /^(?:-?\d+|True|False|None)/.exec(text.slice(at, at + 32));
    if (m === null) throw corrupt('header is not a Python literal');
    at += m[0].length;
    return m[0] === 'True' ? true : m[0] === 'False' ? false : m[0] === 'None' ? null : Number(m[0]);
  };
  const collection = (close: string, dict: boolean): unknown => {
    at++;
    const items: unknown[] = [];
    const entries: Record<string, unknown> = {};
    for (;;) {
      space();
      if (text[at] === close) {
        at++;
        return dict ? entries : items;
      }
      const first = value();
      if (dict) {
        space();
        if (text[at++] !== ':' || typeof first !== 'string') throw corrupt('header dict is malformed');
        entries[first] = value();
      } else items.push(first);
      space();
      if (text[at] === ',') at++;
      else if (text[at] !== close) throw corrupt('header is not a Python literal');
    }
  };
  const string = (quote: string): string => {
    at++;
    let out = '';
    while (at < text.length && text[at] !== quote) {
      if (text[at] !== '\\') {
        out += text[at++];
        continue;
      }
      const e = text[at + 1];
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex > 0) {
        const code = Number.parseInt(text.slice(at + 2, at + 2 + hex), 16);
        if (!Number.isInteger(code) || code > 0x10ffff) throw corrupt('header string escape is malformed');
        out += String.fromCodePoint(code);
        at += 2 + hex;
      } else {
        out += ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[e] ?? e;
        at += 2;
      }
    }
    if (at >= text.length) throw corrupt('header string never ends');
    at++;
    return out;
  };
  const result = value();
  space();
  if (at !== text.length) throw corrupt('header is not a Python literal');
  return result;
}
