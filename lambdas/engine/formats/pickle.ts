/**
 * Python pickles (`.pkl`, `.pickle`: `pickle.dump`, pandas' `to_pickle`, `joblib.dump` without
 * compression, the objects of a NumPy `.npy` of dtype object). Read by the strings pass before, a
 * pickle hid what it held: protocols 2 and 3 put a memo opcode right after each string (an ID read
 * as `440914195707232174q`, and was not found), protocol 0 puts `V` before each one, NumPy keeps
 * the strings of its arrays as UTF-32 and numbers as binary, and the names of a list's columns lay
 * apart from its values (a customer list pickled with protocol 2 came out with only its emails).
 *
 * Read here by a SAFE interpreter of every opcode of protocols 0 to 5: it never imports nor calls
 * anything. A class or function a pickle names (GLOBAL, STACK_GLOBAL, INST) is a placeholder naming
 * it; calling it or making an instance (REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ) gives a placeholder
 * holding its arguments, and BUILD gives it its state, so their strings are read all the same. A
 * few calls are data and are done as data: bytes of protocols 0 to 2 (`_codecs.encode`,
 * `bytearray`), `set`, `frozenset`, `datetime.date`, `datetime.datetime` and pandas' Timestamp (as
 * `1990-05-03`), `Decimal`, NumPy's arrays, dtypes and scalars, and pyarrow's arrays (pandas 3's
 * strings). joblib writes an array's items right after its wrapper's BUILD, as its unpickler reads
 * them. The whole pickle is held (at most `maxBufferedBytes`); several pickles one after another in
 * a file (`pickle.dump` called again and again) are read one after another. What it holds is laid
 * out so:
 *
 * | what | read as |
 * |---|---|
 * | a list or tuple of dicts with string keys (`df.to_dict('records')`), or of objects (their `__dict__`) | a table (sheet `pickle`, or the key the list is under): a column per key, the key (camel and snake case as words) each value's header; nested dicts as `address.city` |
 * | a dict of such dicts (`df.to_dict('index')`, a cache keyed by user id) | the same, the outer key first, under the dict's own key |
 * | a dict of equal-length lists or 1-D arrays (`df.to_dict('list')`), or of dicts keyed by an index's labels (`df.to_dict()`) | a table, the keys its header row |
 * | a list of lists or tuples (rows) | a table, its header row found as a sheet's (header-row.ts: a list's first row often holds its names) |
 * | a NumPy array (`_reconstruct` and BUILD, protocol 5's `_frombuffer`, joblib's wrapper) | its items as numpy.ts reads them (`numpyArrayCells`: UTF-32 strings, int64 mobiles, dates); of one dimension a column under its key; of objects the list of them |
 * | a pandas DataFrame or Series (pandas 1 to 3: its BlockManager's blocks, its column Index, a MultiIndex's names joined) | a table, the columns' names its header row, an index that is not a range a first column; blocks of NumPy arrays, datetimes, categoricals, masked arrays (`Int64`), `string` and Arrow arrays; a frame laid out otherwise as below |
 * | anything else | text, in order: every string, integer, float and bytes value that is UTF-8 a line, a dict's value after its key (`key: value`, the key its label; a key that is no name, a phone keying a dict, a line too); bytes that are not UTF-8 a cell of bytes (a file inside: embedded.ts) |
 *
 * Bounds: more than MAX_VALUES values pushed (a pickle that builds a huge structure from a few
 * bytes by its memo), nesting deeper than MAX_DEPTH, more than MAX_WORK values laid out (a
 * container referred to again and again in a table's cells), are LIMIT_EXCEEDED; an integer longer
 * than LONG_MAX_BYTES is no text. A container met again (memo references, cycles) is walked once.
 * An opcode unknown, a global that is no Python name, a length past the end, a memo reference to
 * nothing, a stack that does not hold what an opcode takes, a file cut short or going on after its
 * pickle with what is no pickle, is CORRUPT after what was read (the objects on the stack when it
 * failed); an array whose items are not as long as its shape says is CORRUPT, one of a dtype
 * numpy.ts does not read OPAQUE, both after the rest. Out-of-band buffers (protocol 5's
 * NEXT_BUFFER) are not in the file: a placeholder.
 */
import { ScanError } from '../errors.js';
import { HeaderRow, labelLike, type RowCell } from '../header-row.js';
import type { Cell, ContentPart } from '../types.js';
import { utf8OrGb18030 } from './charset.js';
import { whereOf, type ReadContext } from './limits.js';
import { type Descr, dtypeOf, numpyArrayCells } from './numpy-arrays.js';
import type { Source } from './source.js';
import { CELL_BATCH, NamedColumns, cellPosition, cellRef, headerOfName, valueText } from './table.js';
import { wholeObject } from './whole.js';

/** Values a pickle may push (each a few dozen bytes held): 10 million, a frame of a million rows of ten columns. */
export const MAX_VALUES = 10_000_000;
/** Containers within containers laid out (Python itself fails past about a thousand). */
export const MAX_DEPTH = 1000;
/**
 * Values, lines and cells laid out at most (or twice the pickle's bytes, when more): a container
 * referred to again and again is walked once, but a table's every cell is laid out, the same
 * container in each.
 */
export const MAX_WORK = 2 * MAX_VALUES;
/** An integer longer than this (LONG1, LONG4) is no identifier: not turned into digits (a long one takes quadratic time). */
const LONG_MAX_BYTES = 1024;
/** Characters of text handed on at once. */
const TEXT_CHUNK_CHARS = 64 * 1024;
/** Opcodes read from a pickle with no protocol header (0 and 1) or with one that names no `.pkl`, before its head is taken for a pickle. */
const HEAD_MIN_OPS = 8;
/** The names of pickles: protocols 0 and 1 have no header. */
const PICKLE_NAME = /\.(?:pkl|pickle|pck|pk|joblib)$/i;
/** The sheet of what a pickle holds at its top. */
export const PICKLE_SHEET = 'pickle';

function corrupt(what: string): ScanError {
  return new ScanError('CORRUPT', `pickle ${what}`);
}

function limit(what: string): ScanError {
  return new ScanError('LIMIT_EXCEEDED', `pickle ${what}`);
}

// Opcodes (Lib/pickle.py), by the protocol that brought them.
const MARK = 0x28; // (
const STOP = 0x2e; // .
const POP = 0x30; // 0
const POP_MARK = 0x31; // 1
const DUP = 0x32; // 2
const FLOAT = 0x46; // F
const INT = 0x49; // I
const BININT = 0x4a; // J
const BININT1 = 0x4b; // K
const LONG = 0x4c; // L
const BININT2 = 0x4d; // M
const NONE = 0x4e; // N
const PERSID = 0x50; // P
const BINPERSID = 0x51; // Q
const REDUCE = 0x52; // R
const STRING = 0x53; // S
const BINSTRING = 0x54; // T
const SHORT_BINSTRING = 0x55; // U
const UNICODE = 0x56; // V
const BINUNICODE = 0x58; // X
const APPEND = 0x61; // a
const BUILD = 0x62; // b
const GLOBAL = 0x63; // c
const DICT = 0x64; // d
const EMPTY_DICT = 0x7d; // }
const APPENDS = 0x65; // e
const GET = 0x67; // g
const BINGET = 0x68; // h
const INST = 0x69; // i
const LONG_BINGET = 0x6a; // j
const LIST = 0x6c; // l
const EMPTY_LIST = 0x5d; // ]
const OBJ = 0x6f; // o
const PUT = 0x70; // p
const BINPUT = 0x71; // q
const LONG_BINPUT = 0x72; // r
const SETITEM = 0x73; // s
const TUPLE = 0x74; // t
const EMPTY_TUPLE = 0x29; // )
const SETITEMS = 0x75; // u
const BINFLOAT = 0x47; // G
const PROTO = 0x80;
const NEWOBJ = 0x81;
const EXT1 = 0x82;
const EXT2 = 0x83;
const EXT4 = 0x84;
const TUPLE1 = 0x85;
const TUPLE2 = 0x86;
const TUPLE3 = 0x87;
const NEWTRUE = 0x88;
const NEWFALSE = 0x89;
const LONG1 = 0x8a;
const LONG4 = 0x8b;
const BINBYTES = 0x42; // B
const SHORT_BINBYTES = 0x43; // C
const SHORT_BINUNICODE = 0x8c;
const BINUNICODE8 = 0x8d;
const BINBYTES8 = 0x8e;
const EMPTY_SET = 0x8f;
const ADDITEMS = 0x90;
const FROZENSET = 0x91;
const NEWOBJ_EX = 0x92;
const STACK_GLOBAL = 0x93;
const MEMOIZE = 0x94;
const FRAME = 0x95;
const BYTEARRAY8 = 0x96;
const NEXT_BUFFER = 0x97;
const READONLY_BUFFER = 0x98;

/** An opcode's argument: none, fixed bytes, a line or two, or a length of 1, 4 or 8 bytes and that many bytes. */
type Arg = 0 | 1 | 2 | 4 | 8 | 'line' | 'lines' | 'len1' | 'len4' | 'len8';

/** Each opcode: the protocol that brought it and its argument. */
const OPCODES = new Map<number, readonly [number, Arg]>([
  [MARK, [0, 0]], [STOP, [0, 0]], [POP, [0, 0]], [DUP, [0, 0]], [FLOAT, [0, 'line']], [INT, [0, 'line']], [LONG, [0, 'line']],
  [NONE, [0, 0]], [PERSID, [0, 'line']], [REDUCE, [0, 0]], [STRING, [0, 'line']], [UNICODE, [0, 'line']], [APPEND, [0, 0]],
  [BUILD, [0, 0]], [GLOBAL, [0, 'lines']], [DICT, [0, 0]], [GET, [0, 'line']], [INST, [0, 'lines']], [LIST, [0, 0]],
  [PUT, [0, 'line']], [SETITEM, [0, 0]], [TUPLE, [0, 0]],
  [POP_MARK, [1, 0]], [BININT, [1, 4]], [BININT1, [1, 1]], [BININT2, [1, 2]], [BINPERSID, [1, 0]], [BINSTRING, [1, 'len4']],
  [SHORT_BINSTRING, [1, 'len1']], [BINUNICODE, [1, 'len4']], [EMPTY_DICT, [1, 0]], [APPENDS, [1, 0]], [BINGET, [1, 1]],
  [LONG_BINGET, [1, 4]], [EMPTY_LIST, [1, 0]], [OBJ, [1, 0]], [BINPUT, [1, 1]], [LONG_BINPUT, [1, 4]], [EMPTY_TUPLE, [1, 0]],
  [SETITEMS, [1, 0]], [BINFLOAT, [1, 8]],
  [PROTO, [2, 1]], [NEWOBJ, [2, 0]], [EXT1, [2, 1]], [EXT2, [2, 2]], [EXT4, [2, 4]], [TUPLE1, [2, 0]], [TUPLE2, [2, 0]],
  [TUPLE3, [2, 0]], [NEWTRUE, [2, 0]], [NEWFALSE, [2, 0]], [LONG1, [2, 'len1']], [LONG4, [2, 'len4']],
  [BINBYTES, [3, 'len4']], [SHORT_BINBYTES, [3, 'len1']],
  [SHORT_BINUNICODE, [4, 'len1']], [BINUNICODE8, [4, 'len8']], [BINBYTES8, [4, 'len8']], [EMPTY_SET, [4, 0]], [ADDITEMS, [4, 0]],
  [FROZENSET, [4, 0]], [NEWOBJ_EX, [4, 0]], [STACK_GLOBAL, [4, 0]], [MEMOIZE, [4, 0]], [FRAME, [4, 8]],
  [BYTEARRAY8, [5, 'len8']], [NEXT_BUFFER, [5, 0]], [READONLY_BUFFER, [5, 0]],
]);

/** Opcodes that push one value and take none. */
const PUSHES = new Set([FLOAT, INT, LONG, NONE, PERSID, STRING, UNICODE, GLOBAL, BININT, BININT1, BININT2, BINSTRING, SHORT_BINSTRING, BINUNICODE, EMPTY_DICT, EMPTY_LIST, EMPTY_TUPLE, BINFLOAT, EXT1, EXT2, EXT4, NEWTRUE, NEWFALSE, LONG1, LONG4, BINBYTES, SHORT_BINBYTES, SHORT_BINUNICODE, BINUNICODE8, BINBYTES8, EMPTY_SET, BYTEARRAY8, NEXT_BUFFER]);
/** Opcodes that take `[n]` values and push one back, or none (`[n, 0]`). */
const TAKES: ReadonlyMap<number, readonly [number, number]> = new Map([
  [BINPERSID, [1, 1]], [REDUCE, [2, 1]], [NEWOBJ, [2, 1]], [STACK_GLOBAL, [2, 1]], [BUILD, [2, 1]], [APPEND, [2, 1]], [SETITEM, [3, 1]],
  [NEWOBJ_EX, [3, 1]], [TUPLE1, [1, 1]], [TUPLE2, [2, 1]], [TUPLE3, [3, 1]], [DUP, [1, 2]], [READONLY_BUFFER, [1, 1]],
  [PUT, [1, 1]], [BINPUT, [1, 1]], [LONG_BINPUT, [1, 1]], [MEMOIZE, [1, 1]],
]);

const LINE_CHECKS: ReadonlyMap<number, RegExp> = new Map([
  [INT, /^-?\d+$/],
  [LONG, /^-?\d+L?$/],
  [FLOAT, /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|inf|infinity|nan)$/i],
  [GET, /^\d+$/],
  [PUT, /^\d+$/],
  [PERSID, /^[\x20-\x7e]*$/],
  [STRING, /^(?:'.*'|".*")$/s],
  [UNICODE, /^[^]*$/],
  [GLOBAL, /^[\w.\u0080-\u00ff]+$/],
  [INST, /^[\w.\u0080-\u00ff]+$/],
]);

/** joblib's wrapper of a NumPy array, whose items follow its BUILD in the file. */
const JOBLIB_WRAPPER = Buffer.from('NumpyArrayWrapper');

/**
 * The opcodes of a pickle's head from `from`, checked as Python's unpickler would run them (each
 * known and of protocol `protocol` at most, its argument well formed, the stack and marks holding
 * what it takes, each memo reference to a value put): `ops` read, `stopped` at a STOP that ends the
 * pickle. An argument past the head's end ends the walk (the pickle goes on past the head), and so
 * do the items of a joblib array after its wrapper's BUILD. `relaxed`: from inside a pickle (its
 * first bytes damaged), what the stack, the marks and the memo held before is not known.
 */
function headOpcodes(head: Uint8Array, from: number, protocol: number, relaxed = false): { ok: boolean; ops: number; stopped: boolean } {
  let at = from;
  let depth = 0;
  const marks: number[] = [];
  const memo = new Set<number>();
  let ops = 0;
  let last = -1;
  const fail = () => {
    // joblib's array items right after its wrapper's BUILD: the pickle goes on after them.
    const joblib = last === BUILD && Buffer.from(head.buffer, head.byteOffset, head.length).includes(JOBLIB_WRAPPER);
    return { ok: joblib, ops, stopped: false };
  };
  const end = (counted = 0) => ({ ok: true, ops: ops + counted, stopped: false });
  const line = (): string | undefined => {
    const stop = head.indexOf(0x0a, at);
    if (stop < 0) return undefined;
    const text = Buffer.from(head.buffer, head.byteOffset + at, stop - at).toString('latin1');
    at = stop + 1;
    return text;
  };
  /** Takes `n` values off the stack: false when it does not hold them. */
  const takes = (n: number): boolean => {
    if (depth >= n) {
      depth -= n;
      return true;
    }
    depth = 0;
    return relaxed;
  };
  const popMark = (): boolean => {
    if (marks.length > 0) {
      depth = marks.pop()!;
      return true;
    }
    depth = 0;
    return relaxed;
  };
  while (at < head.length) {
    const op = head[at++];
    const code = OPCODES.get(op);
    if (code === undefined || code[0] > protocol || op === PROTO) return fail();
    const [, arg] = code;
    let index = -1;
    if (arg === 'line' || arg === 'lines') {
      const first = line();
      if (first === undefined) return end();
      if (!LINE_CHECKS.get(op)!.test(first) && !(op === INT && (first === '00' || first === '01'))) return fail();
      if (arg === 'lines') {
        const second = line();
        if (second === undefined) return end();
        if (!LINE_CHECKS.get(op)!.test(second)) return fail();
      }
      if (op === GET || op === PUT) index = Number(first);
    } else if (typeof arg === 'number') {
      if (at + arg > head.length) return end();
      if (op === BINGET || op === BINPUT) index = head[at];
      if (op === LONG_BINGET || op === LONG_BINPUT) index = Buffer.from(head.buffer, head.byteOffset + at, 4).readUInt32LE(0);
      if (op === FRAME && Buffer.from(head.buffer, head.byteOffset + at, 8).readBigUInt64LE(0) > 0xffffffffn) return fail();
      at += arg;
    } else {
      const width = arg === 'len1' ? 1 : arg === 'len4' ? 4 : 8;
      if (at + width > head.length) return end();
      const view = Buffer.from(head.buffer, head.byteOffset + at, width);
      const length = width === 1 ? view[0] : width === 4 ? (op === BINSTRING || op === LONG4 ? view.readInt32LE(0) : view.readUInt32LE(0)) : Number(view.readBigUInt64LE(0));
      if (length < 0) return fail();
      at += width;
      if (at + length > head.length) return end(1);
      at += length;
    }
    ops++;
    last = op;
    if (PUSHES.has(op)) depth++;
    else if (op === MARK) {
      marks.push(depth);
      depth = 0;
    } else if (op === STOP) return depth === 1 && marks.length === 0 ? { ok: true, ops, stopped: true } : relaxed ? { ok: true, ops, stopped: true } : fail();
    else if (op === POP) {
      if (depth > 0) depth--;
      else if (!popMark()) return fail();
    } else if (op === POP_MARK) {
      if (!popMark()) return fail();
    } else if (op === GET || op === BINGET || op === LONG_BINGET) {
      if (!memo.has(index) && !relaxed) return fail();
      depth++;
    } else if (TAKES.has(op)) {
      const [taken, given] = TAKES.get(op)!;
      if (!takes(taken)) return fail();
      depth += given;
      if (op === MEMOIZE) memo.add(memo.size);
      else if (op === PUT || op === BINPUT || op === LONG_BINPUT) memo.add(index);
    } else if (op === LIST || op === DICT || op === TUPLE || op === FROZENSET || op === INST || op === OBJ) {
      if ((op === DICT && depth % 2 !== 0) || (op === OBJ && depth === 0 && marks.length > 0) || !popMark()) return fail();
      depth++;
    } else if (op === APPENDS || op === SETITEMS || op === ADDITEMS) {
      if ((op === SETITEMS && depth % 2 !== 0) || !popMark()) return fail();
      if (depth === 0 && !relaxed) return fail();
    }
    // FRAME changes nothing on the stack.
  }
  return end();
}

/** Bytes from the start where a damaged pickle's opcodes are looked for (after a damaged string of its first opcodes). */
const RESYNC_BYTES = 256;

/**
 * True when `head` starts a pickle (the object named `name`): protocols 2 to 5 by their PROTO
 * opcode (then, for 4 and 5, usually a FRAME), 0 and 1 (no header) only under a pickle's name
 * (`.pkl`, `.pickle`, `.pck`, `.pk`, `.joblib`). Without that name, its opcodes must parse as a
 * pickle to its STOP or to the head's end, HEAD_MIN_OPS of them at least (random bytes that start
 * 0x80 0x02 are not taken). Under that name, the PROTO opcode is enough, opcodes that parse to the
 * head's end (a pickle cut short) too, and a head whose first bytes are damaged is taken when
 * opcodes parse after them: the reader then fails it as CORRUPT (read by the strings pass, a
 * damaged protocol 2 pickle of a customer list was public).
 */
export function pickleHead(head: Uint8Array, name: string): boolean {
  if (head.length === 0) return false;
  const named = PICKLE_NAME.test(name);
  if (head[0] === PROTO) {
    if (named) return true;
    const protocol = head[1];
    if (protocol < 2 || protocol > 5) return false;
    const walk = headOpcodes(head, 2, protocol);
    return walk.ok && (walk.stopped || walk.ops >= HEAD_MIN_OPS);
  }
  if (!named) return false;
  // Under its name, a pickle cut short within its first opcodes is one too, and one damaged after them.
  const walk = headOpcodes(head, 0, 1);
  if ((walk.ok && walk.ops > 0) || walk.ops >= HEAD_MIN_OPS) return true;
  for (let from = 1; from < Math.min(RESYNC_BYTES, head.length); from++) {
    const resync = headOpcodes(head, from, 5, true);
    if (resync.ok && resync.ops >= HEAD_MIN_OPS * 2) return true;
  }
  return false;
}

// ----- The values a pickle builds.

/** A class or function a pickle names (GLOBAL, STACK_GLOBAL, INST): never imported. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}

  get path(): string {
    return `${this.module}.${this.name}`;
  }
}

/** What calling a global, or making an instance of a class, gave (REDUCE, NEWOBJ, INST, OBJ): its arguments, and what BUILD, APPEND and SETITEM gave it. */
export class PyObject {
  /** BUILD's state (`__setstate__`, `__dict__`). */
  state: unknown = undefined;
  /** APPEND, APPENDS, ADDITEMS on it (a list's subclass, a deque). */
  items: unknown[] | undefined;
  /** SETITEM, SETITEMS on it (an OrderedDict, a defaultdict). */
  entries: Map<unknown, unknown> | undefined;

  constructor(
    readonly callee: unknown,
    readonly args: readonly unknown[],
    readonly kwargs?: unknown,
  ) {}

  /** The dotted name of what was called (`pandas.core.frame.DataFrame`), or ''. */
  get path(): string {
    return this.callee instanceof PyGlobal ? this.callee.path : '';
  }
}

/** An integer too long to read as digits (LONG_MAX_BYTES). */
class LongInteger {
  constructor(readonly bytes: number) {}
}

/** A NumPy dtype (`numpy.dtype` REDUCE, then BUILD its state). */
class NpDtype {
  order = '|';
  sub: unknown;
  names: unknown;
  fields: unknown;
  elsize = -1;
  unit: unknown;

  constructor(readonly typestr: string) {}

  build(state: unknown): void {
    if (!Array.isArray(state) || state.length < 6) return;
    if (typeof state[1] === 'string') this.order = state[1];
    this.sub = state[2];
    this.names = state[3];
    this.fields = state[4];
    this.elsize = toNumber(state[5]) ?? -1;
    // Version 4 (datetime64, timedelta64): (metadata, (unit, count, 1, 1)) last.
    const last = state[state.length - 1];
    if (Array.isArray(last) && last.length === 2 && Array.isArray(last[1])) this.unit = last[1];
  }
}

/** A NumPy array: its dtype's description, shape, order, and items (bytes, or a list of objects). */
class NdArray {
  descr: Descr | 'object' | undefined;
  shape: number[] = [];
  fortran = false;
  data: Uint8Array | undefined;
  objects: unknown[] | undefined;
  error: ScanError | undefined;

  /** From `_reconstruct`'s BUILD state, `(version, shape, dtype, is_fortran, rawdata)`, or `_frombuffer`'s arguments. */
  set(shape: unknown, dtype: unknown, fortran: unknown, raw: unknown): void {
    const dims = Array.isArray(shape) ? shape.map(toNumber) : [toNumber(shape)];
    if (!dims.every((d) => d !== undefined && d >= 0) || !(dtype instanceof NpDtype)) {
      this.error = corrupt('holds a NumPy array without a shape or dtype');
      return;
    }
    this.shape = dims as number[];
    this.fortran = fortran === true || fortran === 1 || fortran === 'F';
    try {
      this.descr = descrOf(dtype);
    } catch (error) {
      if (!(error instanceof ScanError)) throw error;
      this.error = error;
    }
    if (raw instanceof Uint8Array) this.data = raw;
    else if (typeof raw === 'string') this.data = Buffer.from(raw, 'latin1');
    else if (Array.isArray(raw)) this.objects = raw;
    else this.error ??= corrupt('holds a NumPy array without its items');
  }

  build(state: unknown): void {
    if (!Array.isArray(state) || state.length < 4) {
      this.error = corrupt('holds a NumPy array whose state is not one NumPy writes');
      return;
    }
    const [shape, dtype, fortran, raw] = state.length >= 5 ? state.slice(1) : state;
    this.set(shape, dtype, fortran, raw);
  }

  get items(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** A NumPy dtype as numpy.ts describes one (`<U18`, `|S10`, `<M8[D]`, a structured one's fields), or `object`; OPAQUE for one it does not read. */
function descrOf(dtype: NpDtype): Descr | 'object' {
  const m = /^([a-zA-Z])(\d*)$/.exec(dtype.typestr);
  if (m === null) throw new ScanError('OPAQUE', 'pickle holds a NumPy dtype that is not read');
  const [, kind, size] = m;
  if (kind === 'O') return 'object';
  const order = dtype.order === '>' ? '>' : dtype.order === '|' ? '|' : '<';
  if (kind === 'V' && Array.isArray(dtype.names) && dtype.fields instanceof Map) return structuredDescr(dtype);
  if (kind === 'M' || kind === 'm') {
    const unit = Array.isArray(dtype.unit) ? dtype.unit : [];
    const name = unit[0] instanceof Uint8Array ? Buffer.from(unit[0]).toString('latin1') : typeof unit[0] === 'string' ? unit[0] : '';
    const count = toNumber(unit[1]) ?? 1;
    return name === '' || name === 'generic' ? `${order}${kind}8` : `${order}${kind}8[${count === 1 ? '' : count}${name}]`;
  }
  return `${order}${kind}${size}`;
}

/** A structured dtype's fields in order of offset, the bytes between them unnamed `V` fields (padding, as NumPy describes it). */
function structuredDescr(dtype: NpDtype): Descr {
  const fields = dtype.fields as Map<unknown, unknown>;
  const entries: { name: string; offset: number; descr: unknown[] }[] = [];
  for (const name of dtype.names as unknown[]) {
    const field = fields.get(name);
    if (typeof name !== 'string' || !Array.isArray(field) || !(field[0] instanceof NpDtype)) throw new ScanError('OPAQUE', 'pickle holds a NumPy structured dtype that is not read');
    const offset = toNumber(field[1]) ?? -1;
    const own = field[0];
    let entry: unknown[];
    if (Array.isArray(own.sub) && own.sub[0] instanceof NpDtype) {
      const base = descrOf(own.sub[0]);
      if (typeof base !== 'string') throw new ScanError('OPAQUE', 'pickle holds a NumPy structured dtype that is not read');
      entry = [name, base, Array.isArray(own.sub[1]) ? own.sub[1].map(toNumber) : [toNumber(own.sub[1])]];
    } else {
      const base = descrOf(own);
      if (typeof base !== 'string') throw new ScanError('OPAQUE', 'pickle holds a NumPy structured dtype with objects or nested fields: not read');
      entry = [name, base];
    }
    entries.push({ name, offset, descr: entry });
  }
  entries.sort((a, b) => a.offset - b.offset);
  const out: unknown[][] = [];
  let at = 0;
  for (const entry of entries) {
    if (entry.offset < at) throw new ScanError('OPAQUE', 'pickle holds a NumPy structured dtype whose fields overlap: not read');
    if (entry.offset > at) out.push(['', `|V${entry.offset - at}`]);
    out.push(entry.descr);
    at = entry.offset + dtypeOf([entry.descr]).size;
  }
  if (dtype.elsize > at) out.push(['', `|V${dtype.elsize - at}`]);
  return out;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_LENIENT = new TextDecoder('utf-8');

/** Python 2's `str` (STRING, BINSTRING): UTF-8 text, else GB18030 text, else its bytes. */
function py2String(bytes: Uint8Array): string | Uint8Array {
  return utf8OrGb18030(bytes) ?? bytes;
}

const ESCAPES: Readonly<Record<number, number>> = { 0x5c: 0x5c, 0x27: 0x27, 0x22: 0x22, 0x61: 7, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11 };

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Python's `codecs.escape_decode`: a protocol 0 STRING's escapes (`\n`, `\\`, `\'`, `\xhh`, octal). */
export function escapeDecode(raw: Uint8Array): Uint8Array {
  const out = Buffer.alloc(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== 0x5c) {
      out[n++] = c;
      continue;
    }
    if (i + 1 >= raw.length) throw corrupt('string ends in a backslash');
    const e = raw[++i];
    if (e === 0x0a) continue;
    if (ESCAPES[e] !== undefined) out[n++] = ESCAPES[e];
    else if (e >= 0x30 && e <= 0x37) {
      let value = e - 0x30;
      for (let k = 0; k < 2 && i + 1 < raw.length && raw[i + 1] >= 0x30 && raw[i + 1] <= 0x37; k++) value = value * 8 + (raw[++i] - 0x30);
      out[n++] = value & 0xff;
    } else if (e === 0x78) {
      const high = i + 1 < raw.length ? hexValue(raw[i + 1]) : -1;
      const low = i + 2 < raw.length ? hexValue(raw[i + 2]) : -1;
      if (high < 0 || low < 0) throw corrupt('string holds an invalid \\x escape');
      out[n++] = high * 16 + low;
      i += 2;
    } else {
      out[n++] = 0x5c;
      out[n++] = e;
    }
  }
  return out.subarray(0, n);
}

/** Python's `raw-unicode-escape` (protocol 0's UNICODE): Latin-1 bytes, `\uXXXX` and `\UXXXXXXXX` after an odd run of backslashes. */
export function rawUnicodeEscape(raw: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c !== 0x5c) {
      // A run of Latin-1 bytes at once.
      let j = i;
      while (j < raw.length && raw[j] !== 0x5c) j++;
      out += Buffer.from(raw.buffer, raw.byteOffset + i, j - i).toString('latin1');
      i = j;
      continue;
    }
    let j = i;
    while (j < raw.length && raw[j] === 0x5c) j++;
    const run = j - i;
    const kind = raw[j];
    if (run % 2 === 1 && (kind === 0x75 || kind === 0x55)) {
      const digits = kind === 0x75 ? 4 : 8;
      let code = 0;
      for (let k = 1; k <= digits; k++) {
        const h = j + k < raw.length ? hexValue(raw[j + k]) : -1;
        if (h < 0) throw corrupt('string holds a truncated \\u escape');
        code = code * 16 + h;
      }
      if (code > 0x10ffff) throw corrupt('string holds a \\U escape out of range');
      out += '\\'.repeat(run - 1) + String.fromCodePoint(code);
      i = j + 1 + digits;
    } else {
      out += '\\'.repeat(run);
      i = j;
    }
  }
  return out;
}

/** A little-endian two's complement integer (LONG1, LONG4). */
function longOf(bytes: Uint8Array): number | bigint | LongInteger {
  if (bytes.length === 0) return 0;
  if (bytes.length > LONG_MAX_BYTES) return new LongInteger(bytes.length);
  let hex = '';
  for (let i = bytes.length - 1; i >= 0; i--) hex += bytes[i].toString(16).padStart(2, '0');
  let value = BigInt(`0x${hex}`);
  if (bytes[bytes.length - 1] & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return smallest(value);
}

function smallest(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
}

/** A protocol 0 integer's line (`I`, `L`): decimal, Python's `int(text, 0)` forms. */
function intOf(text: string): number | bigint | string {
  const t = text.trim().replace(/L$/, '').replace(/_/g, '');
  if (/^[-+]?\d+$/.test(t)) {
    // Digits past LONG_MAX_BYTES' worth are text as they are (BigInt of them is quadratic).
    if (t.length > LONG_MAX_BYTES) return t;
    return smallest(BigInt(t));
  }
  const m = /^([-+]?)0([xob])([0-9a-f]+)$/i.exec(t);
  if (m === null || m[3].length > LONG_MAX_BYTES) throw corrupt('holds an integer that is no number');
  try {
    const value = BigInt(`0${m[2].toLowerCase()}${m[3]}`);
    return smallest(m[1] === '-' ? -value : value);
  } catch {
    throw corrupt('holds an integer that is no number');
  }
}

function floatOf(text: string): number {
  const t = text.trim();
  if (/^[-+]?(?:inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/i.test(t)) return Number.NaN;
  const value = Number(t);
  if (t === '' || Number.isNaN(value)) throw corrupt('holds a float that is no number');
  return value;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `datetime.date` and `datetime.datetime` as they pickle (`(b'\x07\xc6\x05\x03',)`): `1990-05-03`, `1990-05-03 01:02:03`. */
function dateOf(args: readonly unknown[], time: boolean): string | undefined {
  const raw = args[0] instanceof Uint8Array ? args[0] : typeof args[0] === 'string' ? Buffer.from(args[0], 'latin1') : undefined;
  if (raw === undefined || raw.length !== (time ? 10 : 4)) return undefined;
  const day = `${pad(raw[0] * 256 + raw[1], 4)}-${pad(raw[2] & 0x7f)}-${pad(raw[3])}`;
  return time ? `${day} ${pad(raw[4])}:${pad(raw[5])}:${pad(raw[6])}` : day;
}

function encoded(text: string, encoding: unknown): Uint8Array | undefined {
  const name = typeof encoding === 'string' ? encoding.toLowerCase().replace(/[-_]/g, '') : 'utf8';
  if (name === 'latin1' || name === 'iso88591' || name === 'l1') return Buffer.from(text, 'latin1');
  if (name === 'utf8' || name === 'ascii') return Buffer.from(text, 'utf8');
  return undefined;
}

/** joblib's wrapper of an array whose items follow it in the file. */
const JOBLIB_WRAPPERS = new Set(['joblib.numpy_pickle.NumpyArrayWrapper', 'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper']);

/** Nanoseconds, microseconds, milliseconds and seconds (NumPy's NPY_DATETIMEUNIT) in milliseconds. */
const RESOLUTION_MS: Readonly<Record<number, number>> = { 10: 1e-6, 9: 1e-3, 8: 1, 7: 1000 };

/** A pandas Timestamp (`_unpickle_timestamp(value, freq, tz, reso)`): `1990-05-03`, or its ISO time when not midnight. */
function timestampOf(args: readonly unknown[]): string | undefined {
  const value = typeof args[0] === 'bigint' ? Number(args[0]) : args[0];
  const unit = RESOLUTION_MS[toNumber(args[3]) ?? 10];
  if (typeof value !== 'number' || unit === undefined) return undefined;
  const date = new Date(value * unit);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

const NUMPY_RECONSTRUCT = new Set(['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct', 'numpy.core._multiarray_umath._reconstruct', 'numpy._core._multiarray_umath._reconstruct']);
const NUMPY_FROMBUFFER = new Set(['numpy.core.numeric._frombuffer', 'numpy._core.numeric._frombuffer']);
const NUMPY_SCALAR = new Set(['numpy.core.multiarray.scalar', 'numpy._core.multiarray.scalar', 'numpy.core._multiarray_umath.scalar', 'numpy._core._multiarray_umath.scalar']);
const BUILTINS = new Set(['builtins', '__builtin__']);

/** Counts of one object's pickles: values pushed (MAX_VALUES). */
interface Counts {
  values: number;
}

/**
 * Python's Unpickler over `bytes` from `at`, without its imports and calls (the module doc): `load`
 * runs to STOP; after a failure, `held` gives what was built.
 */
class Unpickler {
  private stack: unknown[] = [];
  private readonly metastack: unknown[][] = [];
  private readonly memo = new Map<number, unknown>();
  /** Values BUILD, APPEND or SETITEM gave what cannot take them: read after the rest. */
  readonly strays: unknown[] = [];

  constructor(
    private readonly bytes: Buffer,
    public at: number,
    private readonly counts: Counts,
    private readonly deferred: ScanError[],
  ) {}

  /** Everything on the stack, under the marks too. */
  held(): unknown[] {
    const out: unknown[] = [];
    for (const frame of this.metastack) for (const value of frame) out.push(value);
    for (const value of this.stack) out.push(value);
    for (const value of this.strays) out.push(value);
    return out;
  }

  private need(n: number): void {
    if (n > this.bytes.length - this.at) throw corrupt(`is cut short (at byte ${this.at})`);
  }

  private take(n: number): Buffer {
    this.need(n);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  private line(): Buffer {
    const end = this.bytes.indexOf(0x0a, this.at);
    if (end < 0) throw corrupt(`is cut short (a line at byte ${this.at} never ends)`);
    const out = this.bytes.subarray(this.at, end);
    this.at = end + 1;
    return out;
  }

  private length(width: 1 | 4 | 8, signed = false): number {
    const raw = this.take(width);
    const n = width === 1 ? raw[0] : width === 4 ? (signed ? raw.readInt32LE(0) : raw.readUInt32LE(0)) : raw.readBigUInt64LE(0);
    if (n < 0) throw corrupt('gives a negative length');
    if (n > this.bytes.length - this.at) throw corrupt(`gives a length of ${n} bytes past its end (cut short or damaged)`);
    return Number(n);
  }

  private push(value: unknown): void {
    if (++this.counts.values > MAX_VALUES) throw limit(`builds more than ${MAX_VALUES} values (MAX_VALUES)`);
    this.stack.push(value);
  }

  private pop(): unknown {
    if (this.stack.length === 0) throw corrupt('takes a value from an empty stack (damaged)');
    return this.stack.pop();
  }

  private top(): unknown {
    if (this.stack.length === 0) throw corrupt('takes a value from an empty stack (damaged)');
    return this.stack[this.stack.length - 1];
  }

  private popMark(): unknown[] {
    const items = this.stack;
    const outer = this.metastack.pop();
    if (outer === undefined) throw corrupt('takes a mark where there is none (damaged)');
    this.stack = outer;
    return items;
  }

  private get(index: number): void {
    if (!this.memo.has(index)) throw corrupt(`refers to memo ${index}, never put (damaged)`);
    this.push(this.memo.get(index));
  }

  private put(index: number): void {
    if (this.memo.size >= MAX_VALUES && !this.memo.has(index)) throw limit(`memoizes more than ${MAX_VALUES} values (MAX_VALUES)`);
    this.memo.set(index, this.top());
  }

  private text(raw: Uint8Array): string {
    return UTF8_LENIENT.decode(raw);
  }

  /** Runs opcodes to STOP; the object pickled. */
  load(): unknown {
    const b = this.bytes;
    for (;;) {
      if (this.at >= b.length) throw corrupt('is cut short (no STOP)');
      const op = b[this.at++];
      switch (op) {
        case PROTO:
          this.take(1);
          break;
        case FRAME: {
          const length = this.take(8).readBigUInt64LE(0);
          if (length > BigInt(b.length - this.at)) throw corrupt('has a frame past its end (cut short or damaged)');
          break;
        }
        case STOP: {
          const value = this.pop();
          // Python returns the top and leaves the rest: read that too.
          for (const frame of this.metastack) for (const left of frame) this.strays.push(left);
          for (const left of this.stack) this.strays.push(left);
          this.stack = [];
          this.metastack.length = 0;
          return value;
        }
        case MARK:
          if (this.metastack.length >= MAX_VALUES) throw limit(`opens more than ${MAX_VALUES} marks (MAX_VALUES)`);
          this.metastack.push(this.stack);
          this.stack = [];
          break;
        case POP:
          if (this.stack.length > 0) this.stack.pop();
          else this.popMark();
          break;
        case POP_MARK:
          this.popMark();
          break;
        case DUP:
          this.push(this.top());
          break;
        case NONE:
          this.push(null);
          break;
        case NEWTRUE:
          this.push(true);
          break;
        case NEWFALSE:
          this.push(false);
          break;
        case INT: {
          const line = this.line().toString('latin1').trim();
          this.push(line === '00' ? false : line === '01' ? true : intOf(line));
          break;
        }
        case LONG:
          this.push(intOf(this.line().toString('latin1')));
          break;
        case BININT:
          this.push(this.take(4).readInt32LE(0));
          break;
        case BININT1:
          this.push(this.take(1)[0]);
          break;
        case BININT2:
          this.push(this.take(2).readUInt16LE(0));
          break;
        case LONG1:
          this.push(longOf(this.take(this.length(1))));
          break;
        case LONG4:
          this.push(longOf(this.take(this.length(4, true))));
          break;
        case FLOAT:
          this.push(floatOf(this.line().toString('latin1')));
          break;
        case BINFLOAT:
          this.push(this.take(8).readDoubleBE(0));
          break;
        case STRING: {
          const raw = this.line();
          const quote = raw[0];
          if (raw.length < 2 || (quote !== 0x27 && quote !== 0x22) || raw[raw.length - 1] !== quote) throw corrupt('holds a STRING that is not quoted');
          this.push(py2String(escapeDecode(raw.subarray(1, raw.length - 1))));
          break;
        }
        case BINSTRING:
          this.push(py2String(this.take(this.length(4, true))));
          break;
        case SHORT_BINSTRING:
          this.push(py2String(this.take(this.length(1))));
          break;
        case UNICODE:
          this.push(rawUnicodeEscape(this.line()));
          break;
        case BINUNICODE:
          this.push(this.text(this.take(this.length(4))));
          break;
        case SHORT_BINUNICODE:
          this.push(this.text(this.take(this.length(1))));
          break;
        case BINUNICODE8:
          this.push(this.text(this.take(this.length(8))));
          break;
        case BINBYTES:
          this.push(this.take(this.length(4)));
          break;
        case SHORT_BINBYTES:
          this.push(this.take(this.length(1)));
          break;
        case BINBYTES8:
        case BYTEARRAY8:
          this.push(this.take(this.length(8)));
          break;
        case NEXT_BUFFER:
          // An out-of-band buffer (pickle.dumps with buffer_callback): its bytes are not in the file.
          this.push(new PyGlobal('pickle', 'out-of-band buffer'));
          break;
        case READONLY_BUFFER:
          this.top();
          break;
        case EMPTY_TUPLE:
        case EMPTY_LIST:
        case EMPTY_SET:
          this.push([]);
          break;
        case EMPTY_DICT:
          this.push(new Map());
          break;
        case TUPLE1:
          this.push([this.pop()]);
          break;
        case TUPLE2: {
          const second = this.pop();
          this.push([this.pop(), second]);
          break;
        }
        case TUPLE3: {
          const third = this.pop();
          const second = this.pop();
          this.push([this.pop(), second, third]);
          break;
        }
        case TUPLE:
        case LIST:
        case FROZENSET:
          this.push(this.popMark());
          break;
        case DICT: {
          const items = this.popMark();
          if (items.length % 2 !== 0) throw corrupt('holds a DICT of an odd number of items (damaged)');
          const dict = new Map<unknown, unknown>();
          for (let i = 0; i < items.length; i += 2) dict.set(items[i], items[i + 1]);
          this.push(dict);
          break;
        }
        case APPEND: {
          const value = this.pop();
          this.appendTo(this.top(), [value]);
          break;
        }
        case APPENDS:
        case ADDITEMS: {
          const items = this.popMark();
          this.appendTo(this.top(), items);
          break;
        }
        case SETITEM: {
          const value = this.pop();
          const key = this.pop();
          this.setItems(this.top(), [key, value]);
          break;
        }
        case SETITEMS: {
          const items = this.popMark();
          if (items.length % 2 !== 0) throw corrupt('holds SETITEMS of an odd number of items (damaged)');
          this.setItems(this.top(), items);
          break;
        }
        case GET:
          this.get(Number(this.line().toString('latin1').trim()));
          break;
        case BINGET:
          this.get(this.take(1)[0]);
          break;
        case LONG_BINGET:
          this.get(this.take(4).readUInt32LE(0));
          break;
        case PUT:
          this.put(Number(this.line().toString('latin1').trim()));
          break;
        case BINPUT:
          this.put(this.take(1)[0]);
          break;
        case LONG_BINPUT:
          this.put(this.take(4).readUInt32LE(0));
          break;
        case MEMOIZE:
          this.put(this.memo.size);
          break;
        case GLOBAL: {
          const module = this.text(this.line());
          this.push(globalOf(module, this.text(this.line())));
          break;
        }
        case STACK_GLOBAL: {
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') throw corrupt('holds a STACK_GLOBAL of what is no name (damaged)');
          this.push(globalOf(module, name));
          break;
        }
        case EXT1:
          this.push(new PyGlobal('copyreg extension', String(this.take(1)[0])));
          break;
        case EXT2:
          this.push(new PyGlobal('copyreg extension', String(this.take(2).readUInt16LE(0))));
          break;
        case EXT4:
          this.push(new PyGlobal('copyreg extension', String(this.take(4).readInt32LE(0))));
          break;
        case PERSID:
          this.push(new PyObject(new PyGlobal('pickle', 'persistent id'), [this.line().toString('latin1')]));
          break;
        case BINPERSID:
          this.push(new PyObject(new PyGlobal('pickle', 'persistent id'), [this.pop()]));
          break;
        case REDUCE: {
          const args = this.pop();
          const callee = this.pop();
          this.push(this.call(callee, Array.isArray(args) ? args : [args]));
          break;
        }
        case NEWOBJ: {
          const args = this.pop();
          const cls = this.pop();
          this.push(new PyObject(cls, Array.isArray(args) ? args : [args]));
          break;
        }
        case NEWOBJ_EX: {
          const kwargs = this.pop();
          const args = this.pop();
          const cls = this.pop();
          this.push(new PyObject(cls, Array.isArray(args) ? args : [args], kwargs));
          break;
        }
        case INST: {
          const module = this.text(this.line());
          const name = this.text(this.line());
          this.push(new PyObject(globalOf(module, name), this.popMark()));
          break;
        }
        case OBJ: {
          const items = this.popMark();
          if (items.length === 0) throw corrupt('holds an OBJ without its class (damaged)');
          this.push(new PyObject(items[0], items.slice(1)));
          break;
        }
        case BUILD: {
          const state = this.pop();
          this.build(this.top(), state);
          break;
        }
        default:
          throw corrupt(`holds opcode 0x${op.toString(16).padStart(2, '0')} at byte ${this.at - 1}, which no protocol has (damaged, or no pickle)`);
      }
    }
  }

  private appendTo(target: unknown, items: readonly unknown[]): void {
    if (Array.isArray(target)) {
      for (const item of items) target.push(item);
    } else if (target instanceof PyObject) {
      target.items ??= [];
      for (const item of items) target.items.push(item);
    } else for (const item of items) this.strays.push(item);
  }

  private setItems(target: unknown, items: readonly unknown[]): void {
    let dict: Map<unknown, unknown> | undefined;
    if (target instanceof Map) dict = target;
    else if (target instanceof PyObject) dict = target.entries ??= new Map();
    for (let i = 0; i < items.length; i += 2) {
      if (dict !== undefined) dict.set(items[i], items[i + 1]);
      else this.strays.push(items[i], items[i + 1]);
    }
  }

  private build(target: unknown, state: unknown): void {
    if (target instanceof NdArray) target.build(state);
    else if (target instanceof NpDtype) target.build(state);
    else if (target instanceof PyObject && target.state === undefined) {
      target.state = state;
      // A NumPy array's state, whatever made it (its `_reconstruct` named otherwise): read as one.
      if (Array.isArray(state) && state.length === 5 && typeof state[0] === 'number' && Array.isArray(state[1]) && state[2] instanceof NpDtype) {
        const array = new NdArray();
        array.build(state);
        this.stack[this.stack.length - 1] = array;
        return;
      }
      // joblib writes an array's items right after its wrapper's BUILD (its NumpyUnpickler reads them there).
      if (JOBLIB_WRAPPERS.has(target.path)) this.stack[this.stack.length - 1] = this.joblibArray(state);
    } else this.strays.push(state);
  }

  /** The array joblib wrote after a NumpyArrayWrapper: a pickle of it for objects, else its items' bytes (after a padding to align them, joblib 1.2 on). */
  private joblibArray(state: unknown): unknown {
    const d = state instanceof Map ? state : undefined;
    const dtype = d?.get('dtype');
    const shape = d?.get('shape');
    if (d === undefined || !(dtype instanceof NpDtype)) throw corrupt('holds a joblib array without its dtype (damaged)');
    let descr: Descr | 'object' | undefined;
    try {
      descr = descrOf(dtype);
    } catch (error) {
      if (!(error instanceof ScanError)) throw error;
    }
    if (descr === 'object') {
      const inner = new Unpickler(this.bytes, this.at, this.counts, this.deferred);
      try {
        const value = inner.load();
        for (const stray of inner.strays) this.strays.push(stray);
        return value;
      } catch (error) {
        for (const value of inner.held()) this.strays.push(value);
        throw error;
      } finally {
        this.at = inner.at;
      }
    }
    if (d.has('numpy_array_alignment_bytes')) this.take(this.take(1)[0]);
    const dims = Array.isArray(shape) ? shape.map(toNumber) : [];
    const size = dtype.elsize > 0 ? dtype.elsize : Number(/\d+$/.exec(dtype.typestr)?.[0] ?? 0);
    const count = dims.reduce<number>((a, b) => a * (b ?? Number.NaN), 1);
    if (!Array.isArray(shape) || !Number.isSafeInteger(count * size) || size <= 0) throw corrupt('holds a joblib array whose shape or dtype is not one NumPy writes (damaged)');
    const array = new NdArray();
    array.set(shape, dtype, d.get('order') === 'F', this.take(count * size));
    return array;
  }

  /** REDUCE: a placeholder of the call, or, for the calls that are data (the module doc), their value. */
  private call(callee: unknown, args: readonly unknown[]): unknown {
    const path = callee instanceof PyGlobal ? callee.path : '';
    if (callee instanceof PyGlobal) {
      const { module, name } = callee;
      if (module === '_codecs' && name === 'encode' && typeof args[0] === 'string') return encoded(args[0], args[1]) ?? new PyObject(callee, args);
      if (BUILTINS.has(module) && (name === 'bytearray' || name === 'bytes')) {
        if (args.length === 0) return new Uint8Array(0);
        if (args[0] instanceof Uint8Array) return args[0];
        if (typeof args[0] === 'string') return encoded(args[0], args[1]) ?? new PyObject(callee, args);
      }
      if (BUILTINS.has(module) && (name === 'set' || name === 'frozenset' || name === 'list' || name === 'tuple')) {
        if (args.length === 0) return [];
        if (Array.isArray(args[0])) return [...args[0]];
      }
      if ((module === 'copyreg' || module === 'copy_reg') && name === '_reconstructor') return new PyObject(args[0], args[2] === null || args[2] === undefined ? [] : [args[2]]);
      if ((module === 'copyreg' || module === 'copy_reg') && name === '__newobj__') return new PyObject(args[0], args.slice(1));
      if ((module === 'copyreg' || module === 'copy_reg') && name === '__newobj_ex__') return new PyObject(args[0], Array.isArray(args[1]) ? args[1] : [], args[2]);
      if (module === 'datetime' && (name === 'date' || name === 'datetime')) return dateOf(args, name === 'datetime') ?? new PyObject(callee, args);
      if (module === 'decimal' && name === 'Decimal' && typeof args[0] === 'string') return args[0];
    }
    if (NUMPY_RECONSTRUCT.has(path)) return new NdArray();
    if (path === 'numpy.dtype' && typeof args[0] === 'string') return new NpDtype(args[0]);
    // An array whose buffer is out of band (not in the file) is a placeholder.
    if (NUMPY_FROMBUFFER.has(path) && !(args[0] instanceof PyGlobal)) {
      const array = new NdArray();
      array.set(args[2], args[1], args[3], args[0]);
      return array;
    }
    if (path.endsWith('._unpickle_timestamp') && path.startsWith('pandas.')) return timestampOf(args) ?? new PyObject(callee, args);
    if (NUMPY_SCALAR.has(path)) return this.scalar(args);
    return new PyObject(callee, args);
  }

  /** A NumPy scalar (`np.int64(13812345678)`, `np.str_`): its value's text. */
  private scalar(args: readonly unknown[]): unknown {
    const [dtype, raw] = args;
    if (!(dtype instanceof NpDtype)) return new PyObject(new PyGlobal('numpy', 'scalar'), args);
    try {
      const descr = descrOf(dtype);
      if (descr === 'object') return raw;
      const data = raw instanceof Uint8Array ? raw : typeof raw === 'string' ? Buffer.from(raw, 'latin1') : undefined;
      if (data === undefined) throw corrupt('holds a NumPy scalar without its bytes');
      for (const batch of numpyArrayCells(PICKLE_SHEET, descr, [], false, data)) for (const cell of batch) return cell.bytes ?? cell.text;
      return '';
    } catch (error) {
      if (!(error instanceof ScanError)) throw error;
      this.deferred.push(error);
      return new PyObject(new PyGlobal('numpy', 'scalar'), args);
    }
  }
}

/** A module's or a class's dotted name, as Python would import it. */
const DOTTED_NAME = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;

function globalOf(module: string, name: string): PyGlobal {
  // What Python could not import is damage (a damaged module name kept a NumPy array's items from being read).
  if (!DOTTED_NAME.test(module) || !DOTTED_NAME.test(name)) throw corrupt('names a global that is no Python name (damaged)');
  // Python 2's names of modules Python 3 renamed (pickle's fix_imports).
  const renamed = module === '__builtin__' ? 'builtins' : module === 'copy_reg' ? 'copyreg' : module;
  return new PyGlobal(renamed, name);
}

/** What a file of pickles holds: each pickle's object, then what the one that failed had built, and its error. */
export interface Unpickled {
  readonly values: unknown[];
  readonly error: ScanError | undefined;
}

/** Runs the pickles of `bytes`, one after another (the module doc); `deferred` gets errors of parts read on past. */
export function unpickle(bytes: Buffer, deferred: ScanError[] = []): Unpickled {
  const counts: Counts = { values: 0 };
  const values: unknown[] = [];
  let at = 0;
  while (at < bytes.length) {
    const unpickler = new Unpickler(bytes, at, counts, deferred);
    try {
      values.push(unpickler.load());
      for (const stray of unpickler.strays) values.push(stray);
    } catch (error) {
      if (!(error instanceof ScanError)) throw error;
      for (const held of unpickler.held()) values.push(held);
      return { values, error: at > 0 ? new ScanError(error.code, `${error.message} (in a pickle after the first, from byte ${at})`) : error };
    }
    at = unpickler.at;
  }
  if (bytes.length === 0) return { values, error: corrupt('is empty') };
  return { values, error: undefined };
}

// ----- Laying out what a pickle holds.

/** Values, lines and cells laid out: MAX_WORK. */
class Work {
  done = 0;

  constructor(private readonly max: number) {}

  count(n = 1): void {
    this.done += n;
    if (this.done > this.max) throw limit(`lays out more than ${this.max} values (MAX_WORK): an object referred to again and again`);
  }
}

/** The text of a leaf value (a str, a number, bytes that are UTF-8), its bytes when not UTF-8, '' for one without text (None, a bool, a class), undefined for a container. */
function leafOf(value: unknown): string | Uint8Array | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? valueText(value) : '';
  if (typeof value === 'bigint') return value.toString();
  if (value === null || value === undefined || typeof value === 'boolean') return '';
  if (value instanceof Uint8Array) {
    if (value.length === 0) return '';
    try {
      return UTF8.decode(value);
    } catch {
      return value;
    }
  }
  if (value instanceof PyGlobal || value instanceof LongInteger || value instanceof NpDtype) return '';
  return undefined;
}

/** The dict a value is, or stands for: a dict, an OrderedDict or defaultdict (SETITEMS on it), an instance's `__dict__` (and `__slots__`). */
function dictOf(value: unknown): Map<unknown, unknown> | undefined {
  if (value instanceof Map) return value;
  if (!(value instanceof PyObject)) return undefined;
  if (value.entries !== undefined) return value.entries;
  const state = value.state;
  if (state instanceof Map) return state;
  if (Array.isArray(state) && state.length === 2 && (state[0] instanceof Map || state[0] === null) && state[1] instanceof Map) {
    return new Map([...(state[0] instanceof Map ? state[0] : []), ...state[1]]);
  }
  return undefined;
}

/** A record: a dict (dictOf) of string keys, not a pandas object. */
function recordOf(value: unknown): Map<unknown, unknown> | undefined {
  if (value instanceof PyObject && isPandas(value)) return undefined;
  const dict = dictOf(value);
  if (dict === undefined || dict.size === 0) return undefined;
  for (const key of dict.keys()) if (typeof key !== 'string') return undefined;
  return dict;
}

function isPandas(value: PyObject): boolean {
  return value.path.startsWith('pandas.');
}

/** A dict key's text: a string, a number's digits, bytes that are UTF-8; undefined for another key (a tuple: read as a value). */
function keyText(key: unknown): string | undefined {
  const leaf = leafOf(key);
  return typeof leaf === 'string' ? leaf : undefined;
}

/** The parts of a placeholder object read as values: its arguments (not its class), its state and what was appended or set on it. */
function partsOf(value: PyObject): unknown[] {
  const parts: unknown[] = [...value.args];
  if (value.kwargs !== undefined) parts.push(value.kwargs);
  if (value.state !== undefined) parts.push(value.state);
  if (value.items !== undefined) parts.push(value.items);
  if (value.entries !== undefined) parts.push(value.entries);
  return parts;
}

/** A cell's value, as a table gives it: text, or bytes that are not text. */
type CellValue = string | Uint8Array;

function cellOf(sheet: string, ref: string, value: CellValue, header: string | undefined): Cell {
  if (typeof value === 'string') return header === undefined || header === '' ? { sheet, ref, text: value } : { sheet, ref, text: value, header };
  return header === undefined || header === '' ? { sheet, ref, text: '', bytes: value } : { sheet, ref, text: '', header, bytes: value };
}

/** The cells of a NumPy array as numpy.ts gives them; an array it cannot read adds its error to `deferred` and gives none. */
function* arrayCells(sheet: string, array: NdArray, shape: readonly number[], data: Uint8Array, deferred: ScanError[], fortran = array.fortran): Generator<Cell[]> {
  if (array.error !== undefined || array.descr === undefined || array.descr === 'object') {
    deferred.push(array.error ?? corrupt('holds a NumPy array without its dtype'));
    return;
  }
  try {
    yield* numpyArrayCells(sheet, array.descr, shape, fortran && shape.length > 1, data);
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    deferred.push(error);
  }
}

/** Lays out values: tables of what reads as one, text and bytes of the rest (the module doc). */
class Layout {
  private readonly sheets = new Map<string, number>();

  constructor(
    readonly work: Work,
    readonly deferred: ScanError[],
  ) {}

  /** A sheet's name for a table at `path` (its keys), unique in the object. */
  sheet(path: string): string {
    const base = path === '' ? PICKLE_SHEET : path.length > 64 ? path.slice(0, 64) : path;
    const seen = this.sheets.get(base) ?? 0;
    this.sheets.set(base, seen + 1);
    return seen === 0 ? base : `${base} (${seen + 1})`;
  }

  /** `value`'s texts and bytes with their paths (`address.city`), for a record's cells; bounded by MAX_DEPTH and MAX_WORK. */
  flatten(value: unknown, path: string, out: [string, CellValue][], seen: Set<object>, depth = 0): void {
    this.work.count();
    const leaf = leafOf(value);
    if (leaf !== undefined) {
      if (leaf !== '' && (typeof leaf !== 'string' || leaf.trim() !== '')) out.push([path, leaf]);
      return;
    }
    const container = value as object;
    if (seen.has(container)) return;
    if (depth >= MAX_DEPTH) throw limit(`nests containers deeper than ${MAX_DEPTH} (MAX_DEPTH)`);
    seen.add(container);
    if (container instanceof NdArray) {
      if (container.objects !== undefined) {
        for (const item of container.objects) this.flatten(item, path, out, seen, depth + 1);
      } else if (container.data !== undefined) {
        for (const batch of arrayCells(PICKLE_SHEET, container, [container.items], container.data, this.deferred)) {
          this.work.count(batch.length);
          for (const cell of batch) out.push([path, cell.bytes ?? cell.text]);
        }
      } else this.deferred.push(container.error ?? corrupt('holds a NumPy array without its items'));
      return;
    }
    const arrow = container instanceof PyObject ? arrowValues(container, this) : undefined;
    if (Array.isArray(container) || arrow !== undefined) {
      for (const item of arrow ?? (container as unknown[])) this.flatten(item, path, out, seen, depth + 1);
      return;
    }
    const dict = container instanceof PyObject && isPandas(container) ? undefined : dictOf(container);
    if (dict !== undefined) {
      for (const [key, item] of dict) {
        const text = keyText(key);
        if (typeof key === 'string') {
          this.flatten(item, path === '' ? key : `${path}.${key}`, out, seen, depth + 1);
          continue;
        }
        if (text !== undefined && text !== '') out.push([path, text]);
        else this.flatten(key, path, out, seen, depth + 1);
        this.flatten(item, path, out, seen, depth + 1);
      }
      if (container instanceof PyObject) for (const part of container.args) this.flatten(part, path, out, seen, depth + 1);
      return;
    }
    if (container instanceof PyObject) for (const part of partsOf(container)) this.flatten(part, path, out, seen, depth + 1);
  }

  /** A value as one cell: a leaf's text or bytes, a container's texts joined by spaces. */
  cellValue(value: unknown): CellValue {
    const leaf = leafOf(value);
    if (leaf !== undefined) return leaf;
    const out: [string, CellValue][] = [];
    this.flatten(value, '', out, new Set());
    const texts = out.filter(([, v]) => typeof v === 'string').map(([, v]) => v as string);
    if (texts.length > 0) return texts.join(' ');
    const bytes = out.find(([, v]) => typeof v !== 'string');
    return bytes === undefined ? '' : bytes[1];
  }

  /** A table of records (dicts of string keys): a column per key (path), the key as each value's header (as bson.ts); `keys`, the dict's keys they are under, first under `keyHeader`. */
  *records(sheet: string, rows: readonly unknown[], keys?: readonly unknown[], keyHeader = ''): Generator<Cell[]> {
    const columns = new NamedColumns();
    let out: Cell[] = [];
    for (let r = 0; r < rows.length; r++) {
      const row = r + 1;
      if (keys !== undefined) {
        const text = keyText(keys[r]);
        const { column, header } = columns.of('\u0000key', () => keyHeader);
        if (text !== undefined && text.trim() !== '') out.push(cellOf(sheet, cellRef(column, row), text, header));
      }
      const values: [string, CellValue][] = [];
      this.flatten(rows[r], '', values, new Set());
      for (const [path, value] of values) {
        const { column, header } = columns.of(path, headerOfName);
        out.push(cellOf(sheet, cellRef(column, row), value, header));
      }
      this.work.count(values.length);
      if (out.length >= CELL_BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  }

  /** A table of rows (lists, tuples), its header row found as a sheet's (header-row.ts). */
  *rows(sheet: string, rows: readonly (readonly unknown[])[]): Generator<Cell[]> {
    const headerRow = new HeaderRow();
    let out: Cell[] = [];
    for (let r = 0; r < rows.length; r++) {
      const row: (RowCell & { value: CellValue })[] = [];
      rows[r].forEach((item, column) => {
        const value = this.cellValue(item);
        if (value !== '' && (typeof value !== 'string' || value.trim() !== '')) row.push({ column, text: typeof value === 'string' ? value : '', value });
      });
      this.work.count(row.length);
      const headers = headerRow.of(row.filter((cell) => cell.text !== ''));
      for (const cell of row) out.push(cellOf(sheet, cellRef(cell.column, r + 1), cell.value, headers?.get(cell.column)));
      if (out.length >= CELL_BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  }

  /** A table of columns: `names` as its header row (row 1), each value under its column's name, rows in order from `streams` (each in order of its rows). */
  *columns(sheet: string, names: readonly string[], streams: Iterator<Item[]>[]): Generator<Cell[]> {
    let out: Cell[] = [];
    names.forEach((name, column) => {
      if (name.trim() !== '') out.push({ sheet, ref: cellRef(column, 1), text: name });
    });
    // Each stream's batch at hand, and where in it.
    const heads = streams.map((stream) => ({ stream, batch: [] as Item[], at: 0, done: false }));
    const peek = (head: (typeof heads)[number]): Item | undefined => {
      while (head.at >= head.batch.length && !head.done) {
        const next = head.stream.next();
        if (next.done) head.done = true;
        else {
          head.batch = next.value;
          head.at = 0;
        }
      }
      return head.at < head.batch.length ? head.batch[head.at] : undefined;
    };
    for (;;) {
      let row = Number.POSITIVE_INFINITY;
      for (const head of heads) {
        const item = peek(head);
        if (item !== undefined && item.row < row) row = item.row;
      }
      if (row === Number.POSITIVE_INFINITY) break;
      const items: Item[] = [];
      for (const head of heads) {
        for (let item = peek(head); item !== undefined && item.row === row; item = peek(head)) {
          items.push(item);
          head.at++;
        }
      }
      if (items.length > 1) items.sort((a, b) => a.column - b.column);
      this.work.count(items.length);
      for (const item of items) out.push(cellOf(sheet, cellRef(item.column, row + 2), item.value, names[item.column]));
      if (out.length >= CELL_BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  }

  /** A column's values in order, from a list, in batches. */
  *listStream(values: readonly unknown[], column: number): Generator<Item[]> {
    let out: Item[] = [];
    for (let row = 0; row < values.length; row++) {
      const value = this.cellValue(values[row]);
      if (value !== '' && (typeof value !== 'string' || value.trim() !== '')) out.push({ row, column, value });
      if (out.length >= CELL_BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  }

  /**
   * A column's values in order, from a NumPy array's bytes (`n` items from `data`), or from an
   * array of `n` rows of `columns.length` items (`columns`: the table's column of each).
   */
  *arrayStream(array: NdArray, data: Uint8Array, shape: readonly number[], columns: readonly number[], skip?: (row: number) => boolean, map?: (text: string) => CellValue, fortran = false): Generator<Item[]> {
    for (const batch of arrayCells(PICKLE_SHEET, array, shape, data, this.deferred, fortran)) {
      const out: Item[] = [];
      for (const cell of batch) {
        const at = cellPosition(cell.ref);
        if (at === undefined) continue;
        const row = at.row - 1;
        if (skip?.(row) === true) continue;
        const value = cell.bytes ?? (map === undefined ? cell.text : map(cell.text));
        if (value !== '' && (typeof value !== 'string' || value.trim() !== '')) out.push({ row, column: columns[at.column], value });
      }
      yield out;
    }
  }

  /** The values of a 1-D array (an Index's labels, a categorical's categories), held: texts, or the objects. */
  arrayValues(array: NdArray): unknown[] | undefined {
    if (array.objects !== undefined) return array.objects;
    if (array.data === undefined || array.shape.length > 1) return undefined;
    const out: unknown[] = new Array(array.items).fill('');
    for (const batch of arrayCells(PICKLE_SHEET, array, [array.items], array.data, this.deferred)) {
      for (const cell of batch) {
        const at = cellPosition(cell.ref);
        if (at !== undefined) out[at.row - 1] = cell.bytes ?? cell.text;
      }
    }
    this.work.count(out.length);
    return out;
  }
}

/** One value of a column of a table of columns: its row (0-based, in the table's data), its column, its text or bytes. */
interface Item {
  readonly row: number;
  readonly column: number;
  readonly value: CellValue;
}

// ----- pandas.

/** The labels of a pandas Index (`_new_Index(cls, {'data': ..., 'name': ...})`), a MultiIndex's joined by spaces; undefined for a RangeIndex or what is none. */
function indexLabels(index: unknown, layout: Layout): { labels?: unknown[]; name: unknown; range: number | undefined } | undefined {
  if (!(index instanceof PyObject)) return undefined;
  const cls = index.args[0];
  const d = index.args[1];
  if (!(cls instanceof PyGlobal) || !(d instanceof Map)) return undefined;
  if (cls.name === 'RangeIndex') {
    const start = toNumber(d.get('start')) ?? 0;
    const stop = toNumber(d.get('stop')) ?? 0;
    const step = toNumber(d.get('step')) ?? 1;
    return { name: d.get('name'), range: step === 0 ? 0 : Math.max(0, Math.ceil((stop - start) / step)) };
  }
  if (cls.name === 'MultiIndex') {
    const levels = d.get('levels');
    const codes = d.get('codes') ?? d.get('labels');
    if (!Array.isArray(levels) || !Array.isArray(codes) || levels.length !== codes.length) return undefined;
    const levelLabels = levels.map((level) => indexLabels(level, layout)?.labels);
    const levelCodes = codes.map((code) => (code instanceof NdArray ? layout.arrayValues(code) : Array.isArray(code) ? code : undefined));
    if (levelLabels.some((labels) => labels === undefined) || levelCodes.some((c) => c === undefined)) return undefined;
    const n = levelCodes[0]!.length;
    const labels: unknown[] = [];
    for (let j = 0; j < n; j++) {
      labels.push(
        levelCodes
          .map((c, l) => {
            const code = Number(c![j]);
            return code >= 0 ? layout.cellValue(levelLabels[l]![code]) : '';
          })
          .filter((text) => text !== '')
          .join(' '),
      );
    }
    return { labels, name: d.get('names'), range: undefined };
  }
  const data = d.get('data');
  const labels = data instanceof NdArray ? layout.arrayValues(data) : Array.isArray(data) ? data : arrowValues(dictOf(data)?.get('_pa_array'), layout);
  return labels === undefined ? undefined : { labels, name: d.get('name'), range: undefined };
}

/** Arrow's types by their aliases (`type_for_alias`): the NumPy dtype of a number's, or a string's offsets' width. */
const ARROW_NUMBERS: Readonly<Record<string, string>> = { int8: '|i1', int16: '<i2', int32: '<i4', int64: '<i8', uint8: '|u1', uint16: '<u2', uint32: '<u4', uint64: '<u8', halffloat: '<f2', float16: '<f2', float: '<f4', float32: '<f4', double: '<f8', float64: '<f8' };
const ARROW_STRINGS: Readonly<Record<string, number>> = { string: 4, utf8: 4, binary: 4, large_string: 8, large_utf8: 8, large_binary: 8 };

/**
 * The values of a pyarrow array as it pickles (`_restore_array((type, length, null_count, offset,
 * buffers, children, dictionary))`, a ChunkedArray `chunked_array([arrays], type)`): strings and
 * binaries by their offsets, numbers by their dtype, nulls as None; undefined for another type.
 */
function arrowValues(value: unknown, layout: Layout): unknown[] | undefined {
  if (!(value instanceof PyObject)) return undefined;
  if (value.path === 'pyarrow.lib.chunked_array' && Array.isArray(value.args[0])) {
    const out: unknown[] = [];
    for (const chunk of value.args[0]) {
      const values = arrowValues(chunk, layout);
      if (values === undefined) return undefined;
      for (const item of values) out.push(item);
    }
    return out;
  }
  const data = value.args[0];
  if (value.path !== 'pyarrow.lib._restore_array' || !Array.isArray(data) || data.length < 6) return undefined;
  const type = data[0];
  const alias = type instanceof PyObject && type.path === 'pyarrow.lib.type_for_alias' && typeof type.args[0] === 'string' ? type.args[0] : undefined;
  const length = toNumber(data[1]);
  const offset = data.length >= 7 ? toNumber(data[3]) : 0;
  const buffers = data.length >= 7 ? data[4] : data[3];
  if (alias === undefined || length === undefined || offset === undefined || !Array.isArray(buffers)) return undefined;
  const buffer = (i: number): Uint8Array | undefined => {
    const b = buffers[i];
    if (b instanceof Uint8Array) return b;
    return b instanceof PyObject && b.path === 'pyarrow.lib.py_buffer' && b.args[0] instanceof Uint8Array ? b.args[0] : undefined;
  };
  const validity = buffer(0);
  const valid = (i: number) => validity === undefined || ((validity[(offset + i) >> 3] ?? 0) >> ((offset + i) & 7)) & 1;
  const out: unknown[] = [];
  const width = ARROW_STRINGS[alias];
  if (width !== undefined) {
    const offsets = buffer(1);
    const bytes = buffer(2) ?? new Uint8Array(0);
    if (offsets === undefined || offsets.length < (offset + length + 1) * width) return undefined;
    const view = new DataView(offsets.buffer, offsets.byteOffset, offsets.byteLength);
    const at = (i: number) => (width === 4 ? view.getInt32(i * 4, true) : Number(view.getBigInt64(i * 8, true)));
    for (let i = 0; i < length; i++) {
      const start = at(offset + i);
      const end = at(offset + i + 1);
      if (start < 0 || end < start || end > bytes.length) {
        layout.deferred.push(corrupt('holds an Arrow string array whose offsets are out of range (damaged)'));
        return out;
      }
      const raw = bytes.subarray(start, end);
      out.push(!valid(i) ? null : alias.endsWith('binary') ? raw : UTF8_LENIENT.decode(raw));
    }
    return out;
  }
  const descr = ARROW_NUMBERS[alias];
  const values = buffer(1);
  if (descr === undefined || values === undefined) return undefined;
  const size = dtypeOf(descr).size;
  const array = new NdArray();
  array.descr = descr;
  array.shape = [length];
  array.data = values.subarray(offset * size, (offset + length) * size);
  const items = layout.arrayValues(array) ?? [];
  for (let i = 0; i < items.length; i++) out.push(valid(i) ? items[i] : null);
  return out;
}

/** A block's column numbers (its `mgr_locs`): a slice, an array or a list of them. */
function placementOf(value: unknown, layout: Layout): number[] | undefined {
  if (value instanceof PyObject && value.path.endsWith('.slice')) {
    const [start, stop, step] = value.args.map(toNumber);
    if (start === undefined || stop === undefined || (step ?? 1) <= 0) return undefined;
    const out: number[] = [];
    for (let i = start; i < stop && out.length <= 1_000_000; i += step ?? 1) out.push(i);
    return out;
  }
  if (value instanceof NdArray) value = layout.arrayValues(value);
  if (Array.isArray(value)) {
    const out = value.map((v) => (typeof v === 'string' ? Number(v) : toNumber(v)));
    return out.every((v) => v !== undefined && Number.isSafeInteger(v) && v >= 0) ? (out as number[]) : undefined;
  }
  const single = toNumber(value);
  return single === undefined ? undefined : [single];
}

/** A block's values as an array: a NumPy array, or the one an extension array holds (DatetimeArray, Categorical, Int64, string), with a mask and categories. */
function blockArray(value: unknown, layout: Layout): { array: NdArray; mask?: NdArray; categories?: unknown[] } | { values: unknown[] } | undefined {
  if (value instanceof NdArray) return { array: value };
  if (!(value instanceof PyObject)) return undefined;
  const state = value.state;
  // pandas' Arrow arrays (`string[pyarrow]`, pandas 3's `str`): their `_pa_array`.
  const arrow = arrowValues(dictOf(value)?.get('_pa_array'), layout);
  if (arrow !== undefined) return { values: arrow };
  // NDArrayBacked (`__pyx_unpickle_NDArrayBacked`): (dtype, ndarray, attrs).
  if (Array.isArray(state) && state.length >= 2 && state[1] instanceof NdArray) {
    if (value.args[0] instanceof PyGlobal && value.args[0].name === 'Categorical') {
      const dtype = state[0] instanceof PyObject ? dictOf(state[0]) : undefined;
      const categories = indexLabels(dtype?.get('categories'), layout)?.labels;
      return categories === undefined ? undefined : { array: state[1], categories };
    }
    return { array: state[1] };
  }
  const dict = dictOf(value);
  if (dict === undefined) return undefined;
  const data = dict.get('_data') ?? dict.get('_ndarray');
  const mask = dict.get('_mask');
  if (data instanceof NdArray) return { array: data, mask: mask instanceof NdArray ? mask : undefined };
  const codes = dict.get('_codes');
  if (codes instanceof NdArray) {
    const dtype = dictOf(dict.get('_dtype'));
    const categories = indexLabels(dtype?.get('categories'), layout)?.labels;
    return categories === undefined ? undefined : { array: codes, categories };
  }
  return undefined;
}

/** A pandas DataFrame's or Series' table: its columns' names and a stream of values for each block; undefined for a layout not read here. */
function frameTable(value: PyObject, layout: Layout): { names: string[]; streams: Iterator<Item[]>[] } | undefined {
  const state = value.state instanceof Map ? value.state : undefined;
  const mgr = state?.get('_mgr') ?? state?.get('_data');
  if (!(mgr instanceof PyObject)) return undefined;
  const series = value.path.endsWith('.Series');
  let blocks: [unknown, unknown][] = [];
  let axes: unknown;
  if (mgr.args.length >= 2 && Array.isArray(mgr.args[0]) && Array.isArray(mgr.args[1])) {
    // pandas 1.1 on: BlockManager.__reduce__, (blocks, axes); a block `_unpickle_block(values, placement, ndim)`.
    axes = mgr.args[1];
    for (const block of mgr.args[0]) {
      if (!(block instanceof PyObject) || block.args.length < 2) return undefined;
      blocks.push([block.args[0], block.args[1]]);
    }
  } else if (Array.isArray(mgr.state) && mgr.state.length >= 3) {
    // __getstate__: (axes, block values, block items, {'0.14.1': {'axes', 'blocks': [{'values', 'mgr_locs'}]}}).
    const [axesList, values, items, extra] = mgr.state;
    axes = axesList;
    const current = extra instanceof Map ? extra.get('0.14.1') : undefined;
    const described = current instanceof Map ? current.get('blocks') : undefined;
    if (Array.isArray(described)) {
      blocks = described.map((block) => (block instanceof Map ? [block.get('values'), block.get('mgr_locs')] : [undefined, undefined]));
    } else if (Array.isArray(values) && Array.isArray(items) && Array.isArray(axesList)) {
      const all = indexLabels(axesList[0], layout)?.labels?.map((label) => layout.cellValue(label));
      if (all === undefined) return undefined;
      for (let b = 0; b < values.length; b++) {
        const names = indexLabels(items[b], layout)?.labels?.map((label) => layout.cellValue(label));
        if (names === undefined) return undefined;
        blocks.push([values[b], names.map((name) => all.indexOf(name))]);
      }
    } else return undefined;
  } else return undefined;
  if (!Array.isArray(axes) || axes.length < 1) return undefined;
  const names: string[] = [];
  let rowIndex: { labels?: unknown[]; name: unknown } | undefined;
  if (series) {
    rowIndex = indexLabels(axes[0], layout);
    const name = state?.get('_name') ?? state?.get('name');
    names.push(name === undefined || name === null ? '' : String(layout.cellValue(name)));
  } else {
    const columns = indexLabels(axes[0], layout)?.labels;
    if (columns === undefined) return undefined;
    for (const label of columns) {
      const text = layout.cellValue(label);
      names.push(typeof text === 'string' ? text : '');
    }
    rowIndex = axes.length > 1 ? indexLabels(axes[1], layout) : undefined;
  }
  // A named or labelled index (`set_index('身份证号')`) is the first column.
  const shift = rowIndex?.labels === undefined ? 0 : 1;
  const streams: Iterator<Item[]>[] = [];
  if (rowIndex?.labels !== undefined) {
    const name = rowIndex.name;
    names.unshift(typeof name === 'string' ? name : Array.isArray(name) ? name.filter((n) => typeof n === 'string').join(' ') : '');
    streams.push(layout.listStream(rowIndex.labels, 0));
  }
  for (const [values, locs] of blocks) {
    const found = blockArray(values, layout);
    const placement = series ? [0] : placementOf(locs, layout);
    if (found === undefined || placement === undefined || placement.some((p) => p >= names.length - shift)) return undefined;
    if ('values' in found) {
      if (placement.length !== 1) return undefined;
      streams.push(layout.listStream(found.values, placement[0] + shift));
      continue;
    }
    const { array, mask, categories } = found;
    if (array.error !== undefined || array.descr === undefined) return undefined;
    const columns = placement.map((p) => p + shift);
    const k = array.shape.length === 2 ? array.shape[0] : 1;
    const n = array.shape.length === 2 ? array.shape[1] : array.items;
    if (k !== columns.length || array.shape.length > 2) return undefined;
    const maskBytes = mask?.data;
    const skip = maskBytes === undefined ? undefined : (row: number) => maskBytes[row] !== 0;
    const category = categories === undefined ? undefined : (text: string): CellValue => {
      const code = Number(text);
      return code >= 0 && code < categories.length ? layout.cellValue(categories[code]) : '';
    };
    if (array.objects !== undefined) {
      const objects = array.objects;
      if (objects.length !== k * n) return undefined;
      streams.push(objectBlockStream(layout, objects, k, n, columns));
    } else if (array.data !== undefined) {
      const size = array.descr === 'object' ? 0 : dtypeOf(array.descr).size;
      if (size * k * n !== array.data.length) return undefined;
      if (k === 1) streams.push(layout.arrayStream(array, array.data, [n], [columns[0]], skip, category));
      // In Fortran order, the items of (k, n) are those of (n, k) in C order: a row of the frame each.
      else if (array.fortran) streams.push(layout.arrayStream(array, array.data, [n, k], columns, skip, category));
      else for (let i = 0; i < k; i++) streams.push(layout.arrayStream(array, array.data.subarray(i * n * size, (i + 1) * n * size), [n], [columns[i]], skip, category));
    } else return undefined;
  }
  return { names, streams };
}

/** The values of a block of objects (a list in C order: item (i, j) at i * n + j) row by row. */
function* objectBlockStream(layout: Layout, objects: readonly unknown[], k: number, n: number, columns: readonly number[]): Generator<Item[]> {
  let out: Item[] = [];
  for (let row = 0; row < n; row++) {
    for (let i = 0; i < k; i++) {
      const value = layout.cellValue(objects[i * n + row]);
      if (value !== '' && (typeof value !== 'string' || value.trim() !== '')) out.push({ row, column: columns[i], value });
    }
    if (out.length >= CELL_BATCH) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

// ----- Walking the object.

/** What the walk hands on: a line of text, or a table's (or a value's bytes') cells. */
type Event = { readonly kind: 'line'; readonly text: string } | { readonly kind: 'cells'; readonly cells: Iterable<Cell[]> };

/** A container being walked: its values (and a dict's keys), the label and path they are under. */
interface Frame {
  readonly items: readonly unknown[];
  readonly keys?: readonly unknown[];
  at: number;
  readonly label: string | undefined;
  readonly path: string;
  readonly depth: number;
}

/** Walks values depth first without recursion (a frame a container), handing on lines and tables as it meets them. */
class Walker {
  private readonly frames: Frame[] = [];
  private readonly seen = new Set<object>();

  constructor(
    roots: readonly unknown[],
    private readonly layout: Layout,
  ) {
    this.frames.push({ items: roots, at: 0, label: undefined, path: '', depth: 0 });
  }

  next(): Event | undefined {
    for (;;) {
      const frame = this.frames[this.frames.length - 1];
      if (frame === undefined) return undefined;
      if (frame.at >= frame.items.length) {
        this.frames.pop();
        continue;
      }
      const i = frame.at++;
      let event: Event | undefined;
      if (frame.keys === undefined) event = this.visit(frame.items[i], frame.label, frame.path, frame.depth);
      else event = this.entry(frame.keys[i], frame.items[i], frame.path, frame.depth);
      if (event !== undefined) return event;
    }
  }

  private line(text: string): Event | undefined {
    this.layout.work.count();
    return text.trim() === '' ? undefined : { kind: 'line', text };
  }

  private bytes(value: Uint8Array, label: string | undefined, path: string): Event {
    this.layout.work.count();
    return { kind: 'cells', cells: [[cellOf(this.layout.sheet(path), 'A1', value, label)]] };
  }

  /** A dict's entry: `key: value` for a leaf; the key, then the value under it, for a container. */
  private entry(key: unknown, value: unknown, path: string, depth: number): Event | undefined {
    const text = keyText(key);
    const leaf = leafOf(value);
    if (text === undefined) {
      // A key that is no text (a tuple): its values, then the value.
      this.frames.push({ items: [key, value], at: 0, label: undefined, path, depth: depth + 1 });
      return undefined;
    }
    const label = text.replace(/\s+/g, ' ').trim();
    if (leaf !== undefined) {
      if (typeof leaf !== 'string') return this.bytes(leaf, label, path);
      if (leaf.trim() === '') return typeof key === 'string' ? undefined : this.line(label);
      return this.line(label === '' ? leaf : `${label}: ${leaf}`);
    }
    if (typeof key !== 'string') {
      // A key that is not a name (a phone number keying a dict) is a value too: its line, then the value under it.
      this.frames.push({ items: [value], at: 0, label: label === '' ? undefined : label, path, depth });
      return this.line(label);
    }
    return this.visit(value, label === '' ? undefined : label, path === '' ? key : `${path}.${key}`, depth);
  }

  /** A value: a leaf's line, a table's cells, or its frame pushed. */
  private visit(value: unknown, label: string | undefined, path: string, depth: number): Event | undefined {
    const leaf = leafOf(value);
    if (leaf !== undefined) {
      if (typeof leaf !== 'string') return this.bytes(leaf, label, path);
      return leaf.trim() === '' ? undefined : this.line(label === undefined ? leaf : `${label}: ${leaf}`);
    }
    const container = value as object;
    if (this.seen.has(container)) return undefined;
    this.seen.add(container);
    if (depth >= MAX_DEPTH) throw limit(`nests containers deeper than ${MAX_DEPTH} (MAX_DEPTH)`);
    const layout = this.layout;
    if (container instanceof NdArray) return this.array(container, label, path, depth);
    if (Array.isArray(container)) return this.sequence(container, label, path, depth);
    const arrow = container instanceof PyObject ? arrowValues(container, layout) : undefined;
    if (arrow !== undefined) return this.sequence(arrow, label, path, depth);
    if (container instanceof PyObject && isPandas(container) && (container.path.endsWith('.DataFrame') || container.path.endsWith('.Series'))) {
      const table = frameTable(container, layout);
      if (table !== undefined) {
        const cells = layout.columns(layout.sheet(path), table.names, table.streams);
        // The frame's `attrs` (metadata a user set) after its table.
        const attrs = container.state instanceof Map ? container.state.get('attrs') : undefined;
        if (attrs instanceof Map && attrs.size > 0) this.frames.push({ items: [attrs], at: 0, label, path, depth: depth + 1 });
        return { kind: 'cells', cells };
      }
    }
    const dict = container instanceof PyObject && isPandas(container) ? undefined : dictOf(container);
    if (dict !== undefined) {
      const table = this.dictTable(dict, label, path);
      if (table !== undefined) return table;
      this.frames.push({ items: [...dict.values()], keys: [...dict.keys()], at: 0, label, path, depth: depth + 1 });
      if (container instanceof PyObject && container.args.length > 0) this.frames.push({ items: container.args, at: 0, label, path, depth: depth + 1 });
      return undefined;
    }
    if (container instanceof PyObject) this.frames.push({ items: partsOf(container), at: 0, label, path, depth: depth + 1 });
    return undefined;
  }

  /** A list or tuple: a table of records or of rows, or its items one by one. */
  private sequence(items: readonly unknown[], label: string | undefined, path: string, depth: number): Event | undefined {
    const layout = this.layout;
    if (items.length > 0 && items.every((item) => recordOf(item) !== undefined)) {
      for (const item of items) this.seen.add(item as object);
      return { kind: 'cells', cells: layout.records(layout.sheet(path), items) };
    }
    if (items.length >= 2 && items.every((item) => Array.isArray(item) || (item instanceof NdArray && item.objects !== undefined && item.shape.length === 1))) {
      const rows = items.map((item) => (item instanceof NdArray ? item.objects! : (item as unknown[])));
      for (const item of items) this.seen.add(item as object);
      return { kind: 'cells', cells: layout.rows(layout.sheet(path), rows) };
    }
    this.frames.push({ items, at: 0, label, path, depth: depth + 1 });
    return undefined;
  }

  /** A dict that is a table: of columns (equal-length lists or 1-D arrays, or dicts of the same keys), or of records. */
  private dictTable(dict: Map<unknown, unknown>, label: string | undefined, path: string): Event | undefined {
    const layout = this.layout;
    if (dict.size === 0) return undefined;
    const keys = [...dict.keys()];
    const values = [...dict.values()];
    if (keys.every((key) => typeof key === 'string')) {
      const columns = values.map((value) => columnOf(value));
      const n = columns[0]?.length;
      if (n !== undefined && n > 0 && columns.every((column) => column !== undefined && column.length === n)) {
        for (const value of values) this.seen.add(value as object);
        const streams = columns.map((column, c) => column!.stream(layout, c));
        return { kind: 'cells', cells: layout.columns(layout.sheet(path), keys as string[], streams) };
      }
    }
    if (values.length >= 2 && values.every((value) => recordOf(value) !== undefined)) {
      for (const value of values) this.seen.add(value as object);
      return { kind: 'cells', cells: layout.records(layout.sheet(path), values, keys, label ?? '') };
    }
    return undefined;
  }

  /** A NumPy array: an array of objects as the list of them (rows of its last dimension), another's items as numpy.ts reads them (one dimension: a column under its key). */
  private array(array: NdArray, label: string | undefined, path: string, depth: number): Event | undefined {
    const layout = this.layout;
    if (array.objects !== undefined) {
      const width = array.shape.length >= 2 ? array.shape[array.shape.length - 1] : 0;
      if (width > 0 && array.objects.length === array.items) {
        const rows: unknown[][] = [];
        for (let at = 0; at < array.objects.length; at += width) rows.push(array.objects.slice(at, at + width));
        return { kind: 'cells', cells: layout.rows(layout.sheet(path), rows) };
      }
      return this.sequence(array.objects, label, path, depth);
    }
    if (array.error !== undefined || array.data === undefined || array.descr === undefined) {
      layout.deferred.push(array.error ?? corrupt('holds a NumPy array without its items'));
      return undefined;
    }
    const sheet = layout.sheet(path);
    const data = array.data;
    // Two dimensions or more, or records of fields (their names the header row): a table as numpy.ts lays it out.
    if (array.shape.length >= 2 || typeof array.descr !== 'string') return { kind: 'cells', cells: arrayCells(sheet, array, array.shape, data, layout.deferred) };
    // One dimension: a column under its key.
    return { kind: 'cells', cells: columnCells(sheet, label, arrayCells(sheet, array, [array.items], data, layout.deferred), layout.work) };
  }
}

/** A column of a dict of columns: a list of leaves or a 1-D array, its length and its values in order. */
function columnOf(value: unknown): { length: number; stream(layout: Layout, column: number): Iterator<Item[]> } | undefined {
  if (Array.isArray(value)) {
    if (!value.every((item) => leafOf(item) !== undefined)) return undefined;
    return { length: value.length, stream: (layout, column) => layout.listStream(value, column) };
  }
  if (value instanceof NdArray && value.shape.length === 1 && value.error === undefined && (value.objects !== undefined || typeof value.descr === 'string')) {
    if (value.objects !== undefined) {
      const objects = value.objects;
      if (!objects.every((item) => leafOf(item) !== undefined)) return undefined;
      return { length: objects.length, stream: (layout, column) => layout.listStream(objects, column) };
    }
    const data = value.data;
    if (data === undefined) return undefined;
    return { length: value.items, stream: (layout, column) => layout.arrayStream(value, data, [value.items], [column]) };
  }
  // `df.to_dict()`: a column a dict of the index's labels (numbers, dates, ids: no field's names) to values.
  const dict = value instanceof Map ? value : undefined;
  if (dict !== undefined && [...dict.keys()].every((key) => typeof key !== 'string' || !labelLike({ column: 0, text: key })) && [...dict.values()].every((item) => leafOf(item) !== undefined)) {
    const items = [...dict.values()];
    return { length: items.length, stream: (layout, column) => layout.listStream(items, column) };
  }
  return undefined;
}

/** The cells of an array of one dimension (a column: A1, A2...) each under `header`, not under the first (numpy.ts's header row of a list). */
function* columnCells(sheet: string, header: string | undefined, cells: Iterable<Cell[]>, work: Work): Generator<Cell[]> {
  for (const batch of cells) {
    work.count(batch.length);
    yield batch.map((cell) => cellOf(sheet, cell.ref, cell.bytes ?? cell.text, header));
  }
}

/** Reads a pickle (see the module doc). */
export async function* readPickle(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const bytes = await wholeObject(source, ctx);
  const deferred: ScanError[] = [];
  const { values, error } = unpickle(bytes, deferred);
  const layout = new Layout(new Work(Math.max(MAX_WORK, 2 * bytes.length)), deferred);
  const walker = new Walker(values, layout);
  const where = whereOf(ctx);
  let current = walker.next();
  while (current !== undefined) {
    if (current.kind === 'cells') {
      const cells = current.cells;
      yield { kind: 'cells', where, cells: (async function* () {
        yield* cells;
      })() };
      current = walker.next();
      continue;
    }
    // A run of lines: one text part, read until the next table.
    let first: Event | undefined = current;
    yield {
      kind: 'text',
      where,
      chunks: (async function* () {
        let chunk = '';
        while (first?.kind === 'line') {
          chunk += `${first.text}\n`;
          first = current = walker.next();
          if (chunk.length >= TEXT_CHUNK_CHARS) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk !== '') yield chunk;
      })(),
    };
    // Lines the reader of the part left unread.
    while (current?.kind === 'line') current = walker.next();
    first = undefined;
  }
  if (error !== undefined) throw error;
  if (deferred.length > 0) throw deferred[0];
}
