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
 * Rows are read as they come (a row longer than `maxBufferedBytes` is `LIMIT_EXCEEDED`). A
 * Fortran-ordered table (a pandas frame's `to_numpy()` saved: its columns one after another) is
 * read from a local file a block of rows at a time, each block from every column (an array of
 * 300,000 customers, 120 MB, took the engine to 92 MiB where holding it took 305); from any other
 * source it is held whole (at most `maxBufferedBytes`).
 */
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { open } from 'node:fs/promises';
import { collect, sourceBytes, StreamBytes } from './bytes.js';
import { whereOf, type ReadContext } from './limits.js';
import { memoryMember } from './members.js';
import { utf8OrGb18030 } from './charset.js';
import { corrupt, type Descr, type Dtype, dtypeOf, layout, numpyArrayCells, RowCells, shapeOf, values } from './numpy-arrays.js';
import type { Source } from './source.js';
import { CELL_BATCH } from './table.js';

/** The first bytes of an `.npy` file. */
export const NUMPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

/** A header longer than this is refused (NumPy's own reader refuses over 10,000 bytes unless told). */
const MAX_HEADER_BYTES = 1024 * 1024;
/** Bytes of rows read at once. */
const ROWS_BYTES = 1024 * 1024;
/** The sheet of an array's cells (an `.npz` member's location names its file). */
export const NUMPY_SHEET = 'array';

/** The header of an `.npy` file, read from `input`: its dict's three keys. */
async function readHeader(input: StreamBytes): Promise<{ descr: Descr; fortranOrder: boolean; shape: number[]; dataStart: number }> {
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
  const text = major === 3 ? utf8OrGb18030(raw, true) : raw.toString('latin1');
  if (text === undefined) throw corrupt('header is not UTF-8');
  const header = pythonLiteral(text.trim());
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw corrupt('header is not a dict');
  const { descr, fortran_order: fortranOrder, shape } = header as Record<string, unknown>;
  if (typeof fortranOrder !== 'boolean') throw corrupt('header has no fortran_order');
  if (typeof descr !== 'string' && !(Array.isArray(descr) && descr.every(Array.isArray))) throw corrupt('header has no descr');
  return { descr: descr as Descr, fortranOrder, shape: shapeOf(shape), dataStart: (major > 1 ? 12 : 10) + length };
}

/** Reads an `.npy` file (see the module doc). */
export async function* readNumpy(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const input = new StreamBytes(sourceBytes(source));
  const { descr, fortranOrder, shape, dataStart } = await readHeader(input);
  const max = ctx.budget.limits.maxBufferedBytes;
  // An array of objects is pickled after the header (np.save with allow_pickle).
  if (descr === '|O' || descr === 'O' || descr === '<O' || descr === '>O') {
    const pickled = await collect(input.rest(), max);
    const { readPickle } = await import('./pickle.js');
    yield* readPickle(memoryMember(`${source.name}.pkl`, pickled, ctx.budget, 'numpy objects'), ctx);
    return;
  }
  const dtype = dtypeOf(descr);
  const { rows, width } = layout(dtype, shape);
  const rowBytes = width * dtype.size;
  if (fortranOrder && width > 1) {
    // A table's columns one after another (as a pandas frame's `to_numpy()` is saved): a local
    // file's rows are read a block at a time from each column; any other source's array is held.
    if (source.path !== undefined) {
      yield { kind: 'cells', where: whereOf(ctx), cells: fortranFromFile(source.path, dataStart, dtype, rows, width) };
      return;
    }
    const total = rows * rowBytes;
    if (total > max) throw new ScanError('LIMIT_EXCEEDED', `numpy array in Fortran order is larger than ${max} bytes (maxBufferedBytes)`);
    const data = Buffer.allocUnsafe(total);
    const got = await input.readInto(data, 0);
    yield { kind: 'cells', where: whereOf(ctx), cells: held(numpyArrayCells(NUMPY_SHEET, descr, shape, true, data), got === total, input) };
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

/** The cells of a Fortran-ordered table in a local file, a block of rows at a time, each block read column by column. */
async function* fortranFromFile(path: string, dataStart: number, dtype: Dtype, rows: number, width: number): AsyncGenerator<Cell[]> {
  const item = dtype.size;
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size !== dataStart + rows * width * item) throw corrupt(`file holds ${size - dataStart} bytes of items where its shape says ${rows * width * item}`);
    const cells = new RowCells(NUMPY_SHEET, undefined);
    const perRead = Math.max(1, Math.floor(ROWS_BYTES / Math.max(1, width * item)));
    const column = Buffer.alloc(perRead * item);
    const block = Buffer.alloc(perRead * width * item);
    for (let r = 0; r < rows; r += perRead) {
      const count = Math.min(perRead, rows - r);
      for (let c = 0; c < width; c++) {
        const { bytesRead } = await file.read(column, 0, count * item, dataStart + (c * rows + r) * item);
        if (bytesRead < count * item) throw corrupt('array is truncated');
        for (let i = 0; i < count; i++) column.copy(block, (i * width + c) * item, i * item, (i + 1) * item);
      }
      yield* rowsCells(cells, dtype, width, block, count);
    }
    if (cells.out.length > 0) yield cells.take();
  } finally {
    await file.close();
  }
}

/** The rows of a C-ordered block of `count` rows, added to `cells`; its batches handed on as they fill. */
function* rowsCells(cells: RowCells, dtype: Dtype, width: number, data: Buffer, count: number): Generator<Cell[]> {
  const rowBytes = width * dtype.size;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < count; i++) {
    const row: unknown[] = [];
    for (let c = 0; c < width; c++) row.push(...values(dtype, view, data, i * rowBytes + c * dtype.size));
    cells.add(row);
    if (cells.out.length >= CELL_BATCH) yield cells.take();
  }
}

/** The cells of a C-ordered array, rows read as they come. */
async function* streamed(dtype: Dtype, rows: number, width: number, input: StreamBytes): AsyncGenerator<Cell[]> {
  const rowBytes = width * dtype.size;
  const cells = new RowCells(NUMPY_SHEET, dtype.fields?.map((field) => field.name));
  const perRead = Math.max(1, Math.floor(ROWS_BYTES / Math.max(1, rowBytes)));
  for (let r = 0; r < rows; ) {
    const count = Math.min(perRead, rows - r);
    const data = await input.read(count * rowBytes);
    const whole = Math.floor(data.length / Math.max(1, rowBytes));
    yield* rowsCells(cells, dtype, width, data, Math.min(whole, count));
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
