/**
 * The byte pass: the WebAssembly walk of wasm/byte-pass.ts over a window's raw UTF-8 bytes. It
 * finds where patterns can start and makes there the checks that depend on the text alone, as
 * dispatch.ts's character walk does, and hands back the tries that pass. It reads the dispatch
 * plan's own tables and trigger entries, written into its memory once per plan here, so what it
 * finds is derived from the detectors' triggers; test/engine/byte-pass.test.ts checks it against
 * the character walk.
 */
import { BYTE_PASS_WASM } from './wasm.generated.js';

/** What the pass reads of a trigger entry (dispatch.ts `Entry`). */
export interface PassEntry {
  readonly k: number;
  readonly inside: boolean;
  readonly accepts: Uint8Array;
  readonly first: Uint8Array | undefined;
  readonly notAfter: Uint8Array | undefined;
  readonly afterLast: Uint8Array | undefined;
  readonly ahead: number;
  readonly within: number;
  readonly through: Uint8Array | undefined;
  readonly then:
    | { readonly first: Uint8Array | undefined; readonly accepts: Uint8Array; readonly next: Uint8Array | undefined; readonly follow: Uint8Array | undefined }
    | undefined;
}

/** What it reads of a group of Han entries (dispatch.ts `HanGroup`). */
interface PassHanGroup<E> {
  readonly entries: readonly E[];
  readonly insideMax: number;
  readonly insideMin: number;
  readonly afterLast: Uint8Array | undefined;
}

/** What it reads of a dispatch plan (dispatch.ts `Plan`): its tables and entry lists. */
export interface PassPlan<E extends PassEntry> {
  readonly lists: readonly (readonly E[])[];
  readonly chars: readonly (readonly E[] | undefined)[];
  readonly han: readonly PassHanGroup<E>[];
  readonly alnum: Uint16Array;
  readonly alnumAhead: Uint16Array;
  readonly byClass: Uint16Array;
  readonly alnumNext: { readonly of: Uint8Array; readonly classes: number };
  readonly hanNext: { readonly of: Uint8Array };
  readonly aheadChars: readonly number[];
  readonly aheadWithin: number;
}

/** What it reads of the entries live in a text (dispatch.ts `Live`). */
export interface PassLive<E> {
  readonly dead: Uint8Array;
  readonly han: readonly PassHanGroup<E>[];
  readonly hanOn: boolean;
}

/** The part of the runtime's WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const wasm = (globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: object) => { readonly exports: unknown };
  };
}).WebAssembly;

/** Exports of the compiled module. */
interface Exports {
  readonly memory: WasmMemory;
  setPlan(header: number): void;
  walk(
    window: number,
    end: number,
    from: number,
    unit: number,
    before: number,
    skipFirst: boolean,
    dead: number,
    hanBounds: number,
    hanOn: boolean,
    tries: number,
    triesEnd: number,
  ): number;
  unitsEnd(): number;
}

/** Bytes below this are the module's own (its stack and static data). */
const RESERVED = 64 * 1024;
const PAGE = 64 * 1024;
/** i32 fields of an entry record (wasm/byte-pass.ts ENTRY_FIELDS and E_* in this order). */
const ENTRY_FIELDS = 16;
const F_INSIDE = 1;
const F_THEN = 2;
/** Tries a window may hold per byte before the pass gives up on it (the text is walked instead). */
const TRIES_PER_BYTE = 4;

function align(n: number): number {
  return (n + 15) & ~15;
}

/** A plan's image in the module's memory: its tables, entries and lists, and the entries by number. */
interface PlanImage {
  readonly bytes: Uint8Array;
  readonly header: number;
  readonly entries: readonly PassEntry[];
}

/** Lays a plan out for the module, from `at` on (see wasm/byte-pass.ts setPlan for the header). */
function planImage(plan: PassPlan<PassEntry>, at: number): PlanImage {
  const chunks: { offset: number; data: Uint8Array }[] = [];
  let end = at;
  const place = (data: ArrayBufferView): number => {
    const offset = end;
    chunks.push({ offset, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    end = align(end + data.byteLength);
    return offset;
  };
  const tables = new Map<Uint8Array, number>();
  const table = (t: Uint8Array | undefined): number => {
    if (t === undefined) return 0;
    let offset = tables.get(t);
    if (offset === undefined) tables.set(t, (offset = place(t)));
    return offset;
  };
  // Lists: the plan's alnum lists by number, then those of the punctuation characters and Han groups.
  const entries: PassEntry[] = [];
  const entryNumber = new Map<PassEntry, number>();
  const numberOf = (e: PassEntry): number => {
    let x = entryNumber.get(e);
    if (x === undefined) {
      entryNumber.set(e, (x = entries.length));
      entries.push(e);
    }
    return x;
  };
  const lists: (readonly PassEntry[])[] = [...plan.lists];
  const listOf = (list: readonly PassEntry[]): number => lists.push(list) - 1;
  const charLists = Int32Array.from({ length: 128 }, (_, c) => (plan.chars[c] === undefined ? -1 : listOf(plan.chars[c]!)));
  const hanGroups = new Int32Array(4 * plan.han.length);
  plan.han.forEach((g, x) => {
    hanGroups[4 * x] = listOf(g.entries);
    hanGroups[4 * x + 1] = Math.min(g.insideMax, 0x7fffffff);
    hanGroups[4 * x + 2] = g.insideMin;
    hanGroups[4 * x + 3] = table(g.afterLast);
  });
  const listStarts = new Int32Array(2 * lists.length);
  const items: number[] = [];
  lists.forEach((list, x) => {
    listStarts[2 * x] = items.length;
    listStarts[2 * x + 1] = list.length;
    for (const e of list) items.push(numberOf(e));
  });
  if (entries.length > 0xffff) throw new RangeError('too many trigger entries for the byte pass');
  const records = new Int32Array(ENTRY_FIELDS * entries.length);
  entries.forEach((e, x) => {
    const r = x * ENTRY_FIELDS;
    records[r] = (e.inside ? F_INSIDE : 0) | (e.then !== undefined ? F_THEN : 0);
    records[r + 1] = table(e.accepts);
    records[r + 2] = table(e.first);
    records[r + 3] = table(e.notAfter);
    records[r + 4] = table(e.afterLast);
    records[r + 5] = e.ahead;
    records[r + 6] = e.within;
    records[r + 7] = table(e.through);
    records[r + 8] = table(e.then?.first);
    records[r + 9] = table(e.then?.accepts);
    records[r + 10] = table(e.then?.next);
    records[r + 11] = table(e.then?.follow);
    records[r + 12] = e.k;
  });
  if (plan.aheadChars.length > 8 || plan.aheadChars.some((c) => c >= 128)) throw new RangeError('the byte pass takes up to 8 ASCII ahead characters');
  const header = Int32Array.from([
    place(plan.alnum),
    place(plan.alnumAhead),
    place(plan.byClass),
    place(plan.alnumNext.of),
    plan.alnumNext.classes,
    place(listStarts),
    place(Uint16Array.from(items)),
    place(records),
    place(charLists),
    place(plan.hanNext.of),
    place(hanGroups),
    place(Uint8Array.from(plan.aheadChars)),
    plan.aheadChars.length,
    plan.aheadWithin,
    place(new Int32Array(entries.length)),
    place(new Int32Array(entries.length)),
    entries.length,
  ]);
  const headerAt = place(header);
  const bytes = new Uint8Array(end - at);
  for (const { offset, data } of chunks) bytes.set(data, offset - at);
  return { bytes, header: headerAt, entries };
}

/**
 * One instance of the module, its memory laid out as: reserved | one plan's image | the Live sets'
 * Han tables | the window's dead patterns and Han bounds | window | tries.
 */
class BytePass {
  private readonly exports: Exports;
  private plan: object | undefined;
  private image: PlanImage | undefined;
  /** Where the window goes: after the plan's image and the tables added since. */
  private windowAt = RESERVED;
  /** The `afterLast` tables of Live sets' Han groups, placed after the plan's image. */
  private readonly tables = new Map<Uint8Array, number>();

  /** The offset of a Live set's table in the module's memory (placed on first use). */
  private tableAt(t: Uint8Array | undefined): number {
    if (t === undefined) return 0;
    let offset = this.tables.get(t);
    if (offset === undefined) {
      offset = this.windowAt;
      this.ensure(offset + t.length);
      new Uint8Array(this.exports.memory.buffer).set(t, offset);
      this.windowAt = align(offset + t.length);
      this.tables.set(t, offset);
    }
    return offset;
  }

  constructor() {
    if (BYTE_PASS_WASM === '') throw new Error('the byte pass was not built');
    const module = new wasm.Module(Buffer.from(BYTE_PASS_WASM, 'base64'));
    const abort = (): never => {
      throw new Error('byte pass aborted');
    };
    this.exports = new wasm.Instance(module, { env: { abort } }).exports as Exports;
  }

  private ensure(bytes: number): void {
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
  }

  private load(plan: PassPlan<PassEntry>): PlanImage {
    const image = planImage(plan, RESERVED);
    this.ensure(RESERVED + image.bytes.length);
    new Uint8Array(this.exports.memory.buffer).set(image.bytes, RESERVED);
    this.exports.setPlan(image.header);
    this.windowAt = align(RESERVED + image.bytes.length);
    this.tables.clear();
    this.plan = plan;
    this.image = image;
    return image;
  }

  /**
   * The tries in `bytes` from byte `from` (UTF-16 offset `unit`; `before` is the character before
   * it, -1 at the text's start; `skipFirst` when an alnum run at `from` began before it), as
   * [start, entry, run length] triples with the entries they number, or undefined when the bytes
   * do not hold `units` UTF-16 units (they are not the text's) or the tries do not fit (then the
   * caller walks the text). The array is a view of the module's memory, valid until the next call.
   */
  walk<E extends PassEntry>(
    plan: PassPlan<E>,
    live: PassLive<E>,
    bytes: Uint8Array,
    from: number,
    unit: number,
    before: number,
    skipFirst: boolean,
    units: number,
  ): { readonly tries: Int32Array; readonly entries: readonly E[] } | undefined {
    const image = this.plan === plan ? this.image! : this.load(plan);
    const bounds = Int32Array.from(live.han.flatMap((g) => [Math.min(g.insideMax, 0x7fffffff), g.insideMin, this.tableAt(g.afterLast), g.entries.length]));
    const deadAt = this.windowAt;
    const boundsAt = align(deadAt + live.dead.length);
    const window = align(boundsAt + bounds.byteLength);
    const tries = align(window + bytes.length + 4);
    const triesEnd = tries + 12 * TRIES_PER_BYTE * (bytes.length + 16);
    this.ensure(triesEnd);
    const memory = new Uint8Array(this.exports.memory.buffer);
    memory.set(live.dead, deadAt);
    memory.set(new Uint8Array(bounds.buffer), boundsAt);
    memory.set(bytes, window);
    const count = this.exports.walk(window, bytes.length, from, unit, before, skipFirst, deadAt, boundsAt, live.hanOn, tries, triesEnd);
    if (this.exports.unitsEnd() !== units) return undefined;
    // The image numbers the plan's own entries, so they are of its entry type.
    return { tries: new Int32Array(this.exports.memory.buffer, tries, count), entries: image.entries as readonly E[] };
  }
}

/** The byte pass of this thread; null when the runtime could not compile it. */
let instance: BytePass | null | undefined;

/**
 * The byte pass of this thread (compiled on first use), or undefined when the runtime cannot run
 * it (then texts are walked as decoded text).
 */
export function bytePass(): BytePass | undefined {
  if (instance === undefined) {
    try {
      instance = new BytePass();
    } catch {
      instance = null;
    }
  }
  return instance ?? undefined;
}

/**
 * The byte offset in `bytes` (valid UTF-8) where UTF-16 unit `unit` begins, or -1 when that unit
 * is the second half of a surrogate pair or lies beyond the bytes.
 */
export function byteOffsetOfUnit(bytes: Uint8Array, unit: number): number {
  let i = 0;
  let u = 0;
  while (u < unit && i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    i += length;
    u += length === 4 ? 2 : 1;
  }
  return u === unit ? i : -1;
}

/**
 * The byte offset in `bytes` (valid UTF-8) where the last `units` UTF-16 units begin, counted from
 * the end (the kept tail of a window), or -1 when that falls inside a surrogate pair.
 */
export function byteOffsetOfTail(bytes: Uint8Array, units: number): number {
  let i = bytes.length;
  let u = 0;
  while (u < units && i > 0) {
    i--;
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    u += b >= 0xf0 ? 2 : 1;
  }
  return u === units ? i : -1;
}
