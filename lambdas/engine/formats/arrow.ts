/**
 * Apache Arrow IPC reader: Feather v2 files (what pandas' `to_feather` and pyarrow's
 * `write_feather` write), IPC files (`.arrow`) and IPC streams (`.arrows`, also the pre-0.15 form
 * without continuation markers). One CellsPart, one sheet (`arrow`) whose headers are the top-level
 * column names, read record batch by record batch as the bytes stream in (no seeking, no whole
 * table in memory).
 *
 * The messages' framing, their flatbuffer metadata (every offset and length checked against the
 * bytes it lies in: flatbuffers' own reader reads outside them as zeros, and a vector length of
 * two billion would loop), the record batches' buffers and the body compression are read here;
 * apache-arrow (Apache-2.0) decodes the schema's field types. Its own loader checks nothing (a
 * buffer region past the body reads as a shorter buffer, values past it as nothing), so the
 * columns are read here too, every buffer checked against the lengths its field node declares.
 *
 * Values: int64 and uint64 as full digits (bigints); dates as `YYYY-MM-DD`; timestamps as ISO
 * text (`Z` when the column has a time zone); times as `HH:MM:SS`; decimals as digits with their
 * scale; binary as bytes (a file in them is read by embedded.ts); dictionary-encoded values
 * resolved; structs, lists, maps and unions as JSON text; nulls skipped.
 *
 * Body compression (LZ4_FRAME, ZSTD) is decompressed buffer by buffer with the project's own
 * decoders (lz4.ts, zstd.ts: every frame checksum and size checked), each into a buffer of the size
 * its prefix declares. apache-arrow's compression registry is not used: it is process-wide, and its
 * codecs get neither the declared length nor the object's budget.
 *
 * A Feather v1 file (`FEA1`, the format before Arrow IPC) is not read by apache-arrow: sealed.ts
 * tells it, and the strings pass reads it, then OPAQUE.
 *
 * | Condition                                                           | Result                |
 * |---------------------------------------------------------------------|-----------------------|
 * | metadata or a message body larger than `maxBufferedBytes`           | throws LIMIT_EXCEEDED |
 * | a record batch's values (x 16 bytes) past `maxBufferedBytes`        | throws LIMIT_EXCEEDED |
 * | a buffer declaring more than `maxBufferedBytes` decompressed        | throws LIMIT_EXCEEDED, before allocating |
 * | a batch decompressing past `maxBufferedBytes`, or above `maxRatio` (past the grace bytes) | throws LIMIT_EXCEEDED |
 * | a buffer decompressing to more or fewer bytes than declared         | throws CORRUPT        |
 * | cut anywhere (inside a message, before the end-of-stream marker, in the footer) | the cells before, then CORRUPT |
 * | metadata pointing outside itself, buffers shorter than their field nodes, offsets out of order, an unknown codec or type, a footer that disagrees with the batches read | the cells before, then CORRUPT |
 */
import { ScanError } from '../errors.js';
import type { DataType, Field, Schema } from 'apache-arrow';
import type { Cell, ContentPart } from '../types.js';
import { ByteCounter, StreamBytes, collect, sourceBytes, toScanError } from './bytes.js';
import { RATIO_GRACE_BYTES, whereOf, type ReadContext } from './limits.js';
import { CELL_MEMORY_BYTES } from './parquet.js';
import type { Source } from './source.js';
import { tableCells } from './table.js';

/** The sheet name of an Arrow file's cells (it has one table). */
export const ARROW_SHEET = 'arrow';

/** `ARROW1` and two bytes of padding: an IPC file (Feather v2) starts so, and ends with `ARROW1`. */
const FILE_MAGIC = Buffer.from('ARROW1\0\0', 'latin1');
const FILE_END = Buffer.from('ARROW1', 'latin1');
const CONTINUATION = 0xffffffff;
/** Schema fields nested deeper than this (a list of structs of lists...) are refused as damage. */
const MAX_NESTING = 64;
/** Metadata of a stream's first message that the sniffer believes: 16 MiB (a schema of many thousand columns). */
const SNIFF_MAX_METADATA = 16 * 1024 * 1024;

// Arrow's flatbuffer enums (format/Message.fbs, Schema.fbs), as apache-arrow's `Type` numbers them.
const HEADER_SCHEMA = 1;
const HEADER_DICTIONARY = 2;
const HEADER_RECORD_BATCH = 3;
/** MetadataVersion V4 (Arrow 0.8, 2017): earlier layouts are not read. V5 is 4. */
const VERSION_V4 = 3;
const VERSION_V5 = 4;
const CODEC_LZ4_FRAME = 0;
const CODEC_ZSTD = 1;
const T = {
  Dictionary: -1,
  Null: 1,
  Int: 2,
  Float: 3,
  Binary: 4,
  Utf8: 5,
  Bool: 6,
  Decimal: 7,
  Date: 8,
  Time: 9,
  Timestamp: 10,
  Interval: 11,
  List: 12,
  Struct: 13,
  Union: 14,
  FixedSizeBinary: 15,
  FixedSizeList: 16,
  Map: 17,
  Duration: 18,
  LargeBinary: 19,
  LargeUtf8: 20,
  LargeList: 21,
  BinaryView: 23,
  Utf8View: 24,
} as const;

/** apache-arrow's enum numbers this reader switches on (a test checks them against the library). */
export const ARROW_TYPE_IDS: Readonly<Record<string, number>> = T;

const corrupt = (what: string) => new ScanError('CORRUPT', `arrow ${what}`);
const startsWith = (head: Uint8Array, magic: Buffer) => head.length >= magic.length && magic.equals(Buffer.from(head.buffer, head.byteOffset, magic.length));

// ---------------------------------------------------------------------------------------------
// Sniffing

/**
 * True when `head` starts an Arrow IPC file (`ARROW1`), or an IPC stream: a continuation marker (or, before Arrow 0.15, none), a metadata length that keeps
 * the body 8-byte aligned, then a flatbuffer Message whose header is a Schema.
 */
export function arrowHead(head: Uint8Array, _name: string): boolean {
  if (startsWith(head, FILE_MAGIC)) return true;
  return streamHead(head);
}

function streamHead(head: Uint8Array): boolean {
  if (head.length < 16) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const continued = view.getUint32(0, true) === CONTINUATION;
  const at = continued ? 8 : 4;
  const length = view.getInt32(at - 4, true);
  // Writers pad the metadata so that the body starts 8-byte aligned.
  if (length < 24 || length > SNIFF_MAX_METADATA || (at + length) % 8 !== 0) return false;
  const end = Math.min(head.length, at + length);
  const u16 = (p: number) => (p + 2 <= end ? view.getUint16(p, true) : -1);
  const root = view.getUint32(at, true);
  const table = at + root;
  if (root < 4 || root >= length || table + 4 > end) return false;
  const vtable = table - view.getInt32(table, true);
  if (vtable < at + 4 || vtable + 4 > end) return false;
  const vsize = u16(vtable);
  const tsize = u16(vtable + 2);
  // A Message has five fields; header_type (1) and header (2) must be there.
  if (vsize < 10 || vsize > 64 || vsize % 2 !== 0 || vtable + vsize > end || tsize < 8 || table + tsize > end) return false;
  const slot = (index: number) => (4 + 2 * index < vsize ? u16(vtable + 4 + 2 * index) : 0);
  const version = slot(0);
  if (version !== 0 && (version + 2 > tsize || view.getInt16(table + version, true) > VERSION_V5 || view.getInt16(table + version, true) < 0)) return false;
  const headerType = slot(1);
  if (headerType === 0 || headerType >= tsize || head[table + headerType] !== HEADER_SCHEMA) return false;
  const header = slot(2);
  if (header === 0 || header + 4 > tsize) return false;
  const target = table + header + view.getUint32(table + header, true);
  return target > table && target < at + length;
}

// ---------------------------------------------------------------------------------------------
// Flatbuffers, read with every offset checked

interface Table {
  readonly at: number;
  readonly vtable: number;
  readonly vsize: number;
  readonly tsize: number;
}

/**
 * A flatbuffer (a message's metadata, the file footer) read with bounds checks: a table, its
 * vtable, a field, a vector or a string that lies (partly) outside the buffer is CORRUPT, and so
 * is a buffer that visits more tables than it could hold (shared subtables made to repeat).
 */
class Flat {
  private readonly view: DataView;
  private visits = 0;

  constructor(
    readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(at: number, size: number): void {
    if (!(at >= 0 && size >= 0 && at + size <= this.bytes.length)) throw corrupt(`${this.what} points outside itself`);
  }

  private i32(at: number): number {
    this.need(at, 4);
    return this.view.getInt32(at, true);
  }

  /** The root table. */
  root(): Table {
    this.need(0, 4);
    return this.table(this.view.getUint32(0, true));
  }

  table(at: number): Table {
    if (++this.visits > this.bytes.length / 4 + 16) throw corrupt(`${this.what} refers to more tables than it holds`);
    const vtable = at - this.i32(at);
    this.need(vtable, 4);
    const vsize = this.view.getUint16(vtable, true);
    const tsize = this.view.getUint16(vtable + 2, true);
    if (vsize < 4 || vsize % 2 !== 0 || vsize >= 0x8000 || tsize < 4 || tsize >= 0x8000) throw corrupt(`${this.what} has a bad table`);
    this.need(vtable, vsize);
    this.need(at, tsize);
    for (let slot = vtable + 4; slot < vtable + vsize; slot += 2) {
      if (this.view.getUint16(slot, true) >= tsize) throw corrupt(`${this.what} has a field outside its table`);
    }
    return { at, vtable, vsize, tsize };
  }

  /** Where field `index` of `table` is, `size` bytes of it in the table; undefined when absent. */
  private field(table: Table, index: number, size: number): number | undefined {
    const slot = 4 + 2 * index;
    if (slot >= table.vsize) return undefined;
    const offset = this.view.getUint16(table.vtable + slot, true);
    if (offset === 0) return undefined;
    if (offset + size > table.tsize) throw corrupt(`${this.what} has a field outside its table`);
    return table.at + offset;
  }

  u8(table: Table, index: number, fallback = 0): number {
    const at = this.field(table, index, 1);
    return at === undefined ? fallback : this.view.getUint8(at);
  }

  i16(table: Table, index: number, fallback = 0): number {
    const at = this.field(table, index, 2);
    return at === undefined ? fallback : this.view.getInt16(at, true);
  }

  i64(table: Table, index: number): bigint {
    const at = this.field(table, index, 8);
    return at === undefined ? 0n : this.view.getBigInt64(at, true);
  }

  /** The object an offset field points to (offsets point forward). */
  private target(at: number): number {
    const offset = this.i32(at);
    if (offset <= 0) throw corrupt(`${this.what} has a bad offset`);
    const target = at + offset;
    this.need(target, 4);
    return target;
  }

  child(table: Table, index: number): Table | undefined {
    const at = this.field(table, index, 4);
    return at === undefined ? undefined : this.table(this.target(at));
  }

  /** A vector of `count` elements of `size` bytes from `start`; undefined when absent. */
  vector(table: Table, index: number, size: number): { start: number; count: number } | undefined {
    const at = this.field(table, index, 4);
    if (at === undefined) return undefined;
    const target = this.target(at);
    const count = this.i32(target);
    if (count < 0) throw corrupt(`${this.what} has a bad vector length`);
    this.need(target + 4, count * size);
    return { start: target + 4, count };
  }

  string(table: Table, index: number): string | undefined {
    const vector = this.vector(table, index, 1);
    return vector === undefined ? undefined : Buffer.from(this.bytes.buffer, this.bytes.byteOffset + vector.start, vector.count).toString('utf8');
  }

  tables(table: Table, index: number): Table[] {
    const vector = this.vector(table, index, 4);
    const out: Table[] = [];
    for (let i = 0; i < (vector?.count ?? 0); i++) out.push(this.table(this.target(vector!.start + 4 * i)));
    return out;
  }

  /** A struct's int64 (`offset` bytes into element `i` of a vector of `size`-byte structs). */
  structI64(vector: { start: number }, i: number, size: number, offset: number): bigint {
    return this.view.getBigInt64(vector.start + i * size + offset, true);
  }

  structI32(vector: { start: number }, i: number, size: number, offset: number): number {
    return this.view.getInt32(vector.start + i * size + offset, true);
  }
}

/** A safe non-negative integer from an int64 field, or CORRUPT. */
function count(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(`${what} is out of range`);
  return Number(value);
}

// Schema.fbs: Schema { endianness, fields, custom_metadata, features }; Field { name, nullable,
// type_type, type, dictionary, children, custom_metadata }; DictionaryEncoding { id, indexType };
// KeyValue { key, value }.

function checkKeyValues(flat: Flat, table: Table, index: number): void {
  for (const pair of flat.tables(table, index)) {
    flat.string(pair, 0);
    flat.string(pair, 1);
  }
}

function checkField(flat: Flat, field: Table, depth: number): void {
  if (depth > MAX_NESTING) throw corrupt(`schema nests fields deeper than ${MAX_NESTING}`);
  flat.string(field, 0);
  const typeType = flat.u8(field, 2);
  const type = flat.child(field, 3);
  if (type !== undefined && typeType === T.Timestamp) flat.string(type, 1);
  if (type !== undefined && typeType === T.Union) flat.vector(type, 1, 4);
  const dictionary = flat.child(field, 4);
  if (dictionary !== undefined) flat.child(dictionary, 1);
  for (const child of flat.tables(field, 5)) checkField(flat, child, depth + 1);
  checkKeyValues(flat, field, 6);
}

/** Checks a Schema table whole; returns its endianness (true: little) and top-level field names. */
function checkSchema(flat: Flat, schema: Table): { little: boolean; names: string[] } {
  const endianness = flat.i16(schema, 0);
  if (endianness !== 0 && endianness !== 1) throw corrupt('schema has an unknown endianness');
  const fields = flat.tables(schema, 1);
  for (const field of fields) checkField(flat, field, 0);
  checkKeyValues(flat, schema, 2);
  flat.vector(schema, 3, 8);
  return { little: endianness === 0, names: fields.map((field) => flat.string(field, 0) ?? '') };
}

interface FieldNode {
  readonly length: number;
  readonly nullCount: number;
}

interface Region {
  readonly offset: number;
  readonly length: number;
}

/** A RecordBatch table (Message.fbs): its length, field nodes, buffer regions, codec. */
interface BatchHeader {
  readonly length: number;
  readonly nodes: readonly FieldNode[];
  readonly buffers: readonly Region[];
  readonly codec: number | undefined;
  readonly variadic: readonly number[];
}

function batchHeader(flat: Flat, table: Table): BatchHeader {
  const length = count(flat.i64(table, 0), 'record batch length');
  const nodes: FieldNode[] = [];
  const nodeVector = flat.vector(table, 1, 16);
  for (let i = 0; i < (nodeVector?.count ?? 0); i++) {
    const nodeLength = count(flat.structI64(nodeVector!, i, 16, 0), 'field node length');
    const nullCount = count(flat.structI64(nodeVector!, i, 16, 8), 'field node null count');
    if (nullCount > nodeLength) throw corrupt('field node has more nulls than values');
    nodes.push({ length: nodeLength, nullCount });
  }
  const buffers: Region[] = [];
  const bufferVector = flat.vector(table, 2, 16);
  for (let i = 0; i < (bufferVector?.count ?? 0); i++) {
    buffers.push({ offset: count(flat.structI64(bufferVector!, i, 16, 0), 'buffer offset'), length: count(flat.structI64(bufferVector!, i, 16, 8), 'buffer length') });
  }
  let codec: number | undefined;
  const compression = flat.child(table, 3);
  if (compression !== undefined) {
    codec = flat.u8(compression, 0);
    if (codec !== CODEC_LZ4_FRAME && codec !== CODEC_ZSTD) throw corrupt(`body compression ${codec} is not known`);
    if (flat.u8(compression, 1) !== 0) throw corrupt('body compression method is not known');
  }
  const variadic: number[] = [];
  const variadicVector = flat.vector(table, 4, 8);
  for (let i = 0; i < (variadicVector?.count ?? 0); i++) variadic.push(count(flat.structI64(variadicVector!, i, 8, 0), 'variadic buffer count'));
  return { length, nodes, buffers, codec, variadic };
}

// ---------------------------------------------------------------------------------------------
// Columns

/** A decoded array: its length and the value at an index (null for a null). */
interface Column {
  readonly length: number;
  value(index: number): unknown;
}

/** Bytes and a DataView of one buffer. */
interface Bytes {
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

const UTF8 = new TextDecoder('utf-8');
const DAY_MS = 86_400_000;
/** Milliseconds a JavaScript Date can hold either side of 1970. */
const DATE_RANGE_MS = 8.64e15;

function isoDate(ms: number): string | undefined {
  return Math.abs(ms) <= DATE_RANGE_MS ? new Date(ms).toISOString().slice(0, 10) : undefined;
}

/** Units of Time, Timestamp and Duration: seconds to nanoseconds. */
const PER_SECOND = [1n, 1_000n, 1_000_000n, 1_000_000_000n] as const;
const FRACTION_DIGITS = [0, 3, 6, 9] as const;

/** ISO text of a timestamp: `YYYY-MM-DDTHH:MM:SS`, its fraction when not zero, `Z` when zoned. */
export function timestampText(value: bigint, unit: number, zoned: boolean): string {
  const per = PER_SECOND[unit] ?? 1n;
  let seconds = value / per;
  let fraction = value % per;
  if (fraction < 0n) {
    fraction += per;
    seconds -= 1n;
  }
  const ms = Number(seconds) * 1000;
  if (!(Math.abs(ms) <= DATE_RANGE_MS)) return value.toString();
  const digits = FRACTION_DIGITS[unit] ?? 0;
  const tail = fraction === 0n ? '' : `.${fraction.toString().padStart(digits, '0')}`;
  return `${new Date(ms).toISOString().slice(0, 19)}${tail}${zoned ? 'Z' : ''}`;
}

/** `HH:MM:SS` and a fraction of a time of day, or its digits when it is none. */
function timeText(value: bigint, unit: number): string {
  const per = PER_SECOND[unit] ?? 1n;
  if (value < 0n || value >= 86_400n * per) return value.toString();
  const seconds = Number(value / per);
  const fraction = value % per;
  const hms = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return fraction === 0n ? hms : `${hms}.${fraction.toString().padStart(FRACTION_DIGITS[unit] ?? 0, '0')}`;
}

/** Digits of a decimal's unscaled value with its scale: 12345 at scale 2 is `123.45`. */
export function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  } else if (scale < 0) {
    digits += '0'.repeat(-scale);
  }
  return negative ? `-${digits}` : digits;
}

function halfFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Structural view of apache-arrow's DataType subclasses (the fields read here). */
interface AnyType {
  readonly typeId: number;
  readonly bitWidth?: number;
  readonly isSigned?: boolean;
  readonly precision?: number;
  readonly scale?: number;
  readonly unit?: number;
  readonly timezone?: string | null;
  readonly byteWidth?: number;
  readonly listSize?: number;
  readonly mode?: number;
  readonly typeIds?: ArrayLike<number>;
  readonly children?: readonly Field[];
  readonly dictionary?: DataType;
  readonly indices?: DataType;
  readonly id?: number;
}

/**
 * Reads one record batch's (or dictionary batch's) columns from its field nodes and buffers, in
 * the order the format lays them out, checking each buffer against the lengths its node declares.
 */
class Loader {
  private nodeAt = 0;
  private bufferAt = 0;
  private variadicAt = 0;

  constructor(
    private readonly header: BatchHeader,
    private readonly buffers: readonly Uint8Array[],
    private readonly dictionaries: ReadonlyMap<number, Column>,
    private readonly little: boolean,
    private readonly version: number,
  ) {}

  /** Throws unless every node and buffer was used: the batch and the schema agree. */
  finish(): void {
    if (this.nodeAt !== this.header.nodes.length || this.bufferAt !== this.buffers.length) {
      throw corrupt('record batch has more field nodes or buffers than its schema');
    }
  }

  private node(): FieldNode {
    const node = this.header.nodes[this.nodeAt++];
    if (node === undefined) throw corrupt('record batch has fewer field nodes than its schema');
    return node;
  }

  private buffer(): Bytes {
    const bytes = this.buffers[this.bufferAt++];
    if (bytes === undefined) throw corrupt('record batch has fewer buffers than its schema');
    return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  /** A buffer of at least `bytes` bytes. */
  private sized(bytes: number): Bytes {
    const buffer = this.buffer();
    if (buffer.bytes.length < bytes) throw corrupt('buffer is shorter than its field node needs');
    return buffer;
  }

  /** The validity bitmap: undefined when nothing is null; its zero bits must count the node's nulls. */
  private validity(node: FieldNode): ((index: number) => boolean) | undefined {
    const { bytes } = this.buffer();
    if (node.nullCount === 0) return undefined;
    if (bytes.length < Math.ceil(node.length / 8)) throw corrupt('validity bitmap is shorter than its field node needs');
    let valid = 0;
    for (let i = 0; i < node.length; i++) valid += (bytes[i >> 3] >> (i & 7)) & 1;
    if (node.length - valid !== node.nullCount) throw corrupt('validity bitmap does not count the nulls its field node declares');
    return (index) => ((bytes[index >> 3] >> (index & 7)) & 1) === 1;
  }

  /** `length + 1` offsets (4 or 8 bytes), in order, the last at most `limit` (checked by `within`). */
  private offsets(node: FieldNode, wide: boolean): { at: Float64Array; within(limit: number): void } {
    const width = wide ? 8 : 4;
    const at = new Float64Array(node.length + 1);
    if (node.length > 0) {
      const { view } = this.sized((node.length + 1) * width);
      for (let i = 0; i <= node.length; i++) {
        at[i] = wide ? Number(view.getBigInt64(i * width, this.little)) : view.getInt32(i * width, this.little);
        if (at[i] < 0 || (i > 0 && at[i] < at[i - 1])) throw corrupt('offsets are out of order');
      }
    } else {
      this.buffer();
    }
    return {
      at,
      within: (limit) => {
        if (at[node.length] > limit) throw corrupt('offsets point past their values');
      },
    };
  }

  private nullable(valid: ((index: number) => boolean) | undefined, length: number, value: (index: number) => unknown): Column {
    return { length, value: valid === undefined ? value : (index) => (valid(index) ? value(index) : null) };
  }

  /** A column of fixed-width values, `width` bytes each. */
  private fixed(node: FieldNode, width: number, read: (view: DataView, at: number) => unknown): Column {
    const valid = this.validity(node);
    const { view } = this.sized(node.length * width);
    return this.nullable(valid, node.length, (index) => read(view, index * width));
  }

  load(field: Field | DataType, depth: number): Column {
    if (depth > MAX_NESTING) throw corrupt(`schema nests fields deeper than ${MAX_NESTING}`);
    const type = ('type' in field ? field.type : field) as unknown as AnyType;
    const little = this.little;
    switch (type.typeId) {
      case T.Null: {
        const { length } = this.node();
        return { length, value: () => null };
      }
      case T.Bool: {
        const node = this.node();
        const valid = this.validity(node);
        const { bytes } = this.sized(Math.ceil(node.length / 8));
        return this.nullable(valid, node.length, (index) => ((bytes[index >> 3] >> (index & 7)) & 1) === 1);
      }
      case T.Int: {
        const signed = type.isSigned === true;
        switch (type.bitWidth) {
          case 8:
            return this.fixed(this.node(), 1, (view, at) => (signed ? view.getInt8(at) : view.getUint8(at)));
          case 16:
            return this.fixed(this.node(), 2, (view, at) => (signed ? view.getInt16(at, little) : view.getUint16(at, little)));
          case 32:
            return this.fixed(this.node(), 4, (view, at) => (signed ? view.getInt32(at, little) : view.getUint32(at, little)));
          case 64:
            return this.fixed(this.node(), 8, (view, at) => (signed ? view.getBigInt64(at, little) : view.getBigUint64(at, little)));
        }
        throw corrupt('integer column has a bad bit width');
      }
      case T.Float:
        switch (type.precision) {
          case 0:
            return this.fixed(this.node(), 2, (view, at) => halfFloat(view.getUint16(at, little)));
          case 1:
            return this.fixed(this.node(), 4, (view, at) => view.getFloat32(at, little));
          case 2:
            return this.fixed(this.node(), 8, (view, at) => view.getFloat64(at, little));
        }
        throw corrupt('floating-point column has a bad precision');
      case T.Decimal: {
        const width = (type.bitWidth ?? 128) / 8;
        if (![4, 8, 16, 32].includes(width)) throw corrupt('decimal column has a bad bit width');
        const scale = type.scale ?? 0;
        return this.fixed(this.node(), width, (view, at) => decimalText(signedInteger(view, at, width, little), scale));
      }
      case T.Date:
        if (type.unit === 0) return this.fixed(this.node(), 4, (view, at) => isoDate(view.getInt32(at, little) * DAY_MS) ?? String(view.getInt32(at, little)));
        return this.fixed(this.node(), 8, (view, at) => {
          const ms = view.getBigInt64(at, little);
          return isoDate(Number(ms)) ?? ms.toString();
        });
      case T.Time: {
        const unit = type.unit ?? 0;
        if (type.bitWidth === 64) return this.fixed(this.node(), 8, (view, at) => timeText(view.getBigInt64(at, little), unit));
        return this.fixed(this.node(), 4, (view, at) => timeText(BigInt(view.getInt32(at, little)), unit));
      }
      case T.Timestamp: {
        const unit = type.unit ?? 0;
        const zoned = typeof type.timezone === 'string' && type.timezone !== '';
        return this.fixed(this.node(), 8, (view, at) => timestampText(view.getBigInt64(at, little), unit, zoned));
      }
      case T.Duration:
        return this.fixed(this.node(), 8, (view, at) => view.getBigInt64(at, little));
      case T.Interval:
        if (type.unit === 0) return this.fixed(this.node(), 4, (view, at) => ({ months: view.getInt32(at, little) }));
        if (type.unit === 1) return this.fixed(this.node(), 8, (view, at) => ({ days: view.getInt32(at, little), milliseconds: view.getInt32(at + 4, little) }));
        return this.fixed(this.node(), 16, (view, at) => ({ months: view.getInt32(at, little), days: view.getInt32(at + 4, little), nanoseconds: view.getBigInt64(at + 8, little) }));
      case T.FixedSizeBinary: {
        const width = type.byteWidth ?? 0;
        if (width < 0) throw corrupt('fixed-size binary column has a bad width');
        return this.fixed(this.node(), width, (view, at) => new Uint8Array(view.buffer, view.byteOffset + at, width));
      }
      case T.Binary:
      case T.LargeBinary:
      case T.Utf8:
      case T.LargeUtf8: {
        const node = this.node();
        const valid = this.validity(node);
        const offsets = this.offsets(node, type.typeId === T.LargeBinary || type.typeId === T.LargeUtf8);
        const { bytes } = this.buffer();
        offsets.within(bytes.length);
        const at = offsets.at;
        const text = type.typeId === T.Utf8 || type.typeId === T.LargeUtf8;
        return this.nullable(valid, node.length, (index) => {
          const value = bytes.subarray(at[index], at[index + 1]);
          return text ? UTF8.decode(value) : value;
        });
      }
      case T.BinaryView:
      case T.Utf8View: {
        const node = this.node();
        const valid = this.validity(node);
        const { bytes, view } = this.sized(node.length * 16);
        const count = this.header.variadic[this.variadicAt++];
        if (count === undefined) throw corrupt('record batch lacks the variadic buffer count of a view column');
        const data: Uint8Array[] = [];
        for (let i = 0; i < count; i++) data.push(this.buffer().bytes);
        const text = type.typeId === T.Utf8View;
        return this.nullable(valid, node.length, (index) => {
          const at = index * 16;
          const size = view.getInt32(at, little);
          let value: Uint8Array;
          if (size <= 12) {
            value = bytes.subarray(at + 4, at + 4 + Math.max(0, size));
          } else {
            const buffer = data[view.getInt32(at + 8, little)];
            const offset = view.getInt32(at + 12, little);
            if (buffer === undefined || offset < 0 || offset + size > buffer.length) throw corrupt('view points outside its buffers');
            value = buffer.subarray(offset, offset + size);
          }
          return text ? UTF8.decode(value) : value;
        });
      }
      case T.List:
      case T.LargeList:
      case T.Map: {
        const node = this.node();
        const valid = this.validity(node);
        const offsets = this.offsets(node, type.typeId === T.LargeList);
        const childField = type.children?.[0];
        if (childField === undefined) throw corrupt('list column has no child field');
        const child = this.load(childField, depth + 1);
        offsets.within(child.length);
        const at = offsets.at;
        const items = (index: number) => {
          const out: unknown[] = [];
          for (let i = at[index]; i < at[index + 1]; i++) out.push(child.value(i));
          return out;
        };
        return this.nullable(valid, node.length, type.typeId === T.Map ? (index) => mapObject(items(index)) : items);
      }
      case T.FixedSizeList: {
        const node = this.node();
        const valid = this.validity(node);
        const size = type.listSize ?? 0;
        const childField = type.children?.[0];
        if (childField === undefined || size < 0) throw corrupt('fixed-size list column has no child field');
        const child = this.load(childField, depth + 1);
        if (child.length < node.length * size) throw corrupt('fixed-size list child is shorter than its parent needs');
        return this.nullable(valid, node.length, (index) => Array.from({ length: size }, (_, i) => child.value(index * size + i)));
      }
      case T.Struct: {
        const node = this.node();
        const valid = this.validity(node);
        const fields = type.children ?? [];
        const children = fields.map((child) => this.load(child, depth + 1));
        if (children.some((child) => child.length < node.length)) throw corrupt('struct child is shorter than its parent');
        return this.nullable(valid, node.length, (index) => Object.fromEntries(fields.map((child, i) => [child.name, children[i].value(index)])));
      }
      case T.Union: {
        const node = this.node();
        // Before V5 a union had a validity bitmap; it is unused.
        if (this.version < VERSION_V5) this.buffer();
        const { bytes: ids } = this.sized(node.length);
        const dense = type.mode === 1;
        const offsets = dense ? this.sized(node.length * 4).view : undefined;
        const fields = type.children ?? [];
        const children = fields.map((child) => this.load(child, depth + 1));
        const typeIds = Array.from(type.typeIds ?? fields.map((_, i) => i));
        return {
          length: node.length,
          value: (index) => {
            const child = children[typeIds.indexOf(ids[index])];
            const at = offsets === undefined ? index : offsets.getInt32(index * 4, little);
            if (child === undefined || at < 0 || at >= child.length) throw corrupt('union value points outside its children');
            return child.value(at);
          },
        };
      }
      case T.Dictionary: {
        // One node and the indices' buffers; the values are in a dictionary batch sent before.
        const node = this.node();
        const valid = this.validity(node);
        const indexType = (type.indices ?? {}) as AnyType;
        const width = (indexType.bitWidth ?? 32) / 8;
        const signed = indexType.isSigned !== false;
        if (![1, 2, 4, 8].includes(width)) throw corrupt('dictionary index has a bad bit width');
        const { view } = this.sized(node.length * width);
        const dictionary = this.dictionaries.get(type.id ?? -1);
        if (dictionary === undefined) throw corrupt('dictionary-encoded column comes before its dictionary');
        return this.nullable(valid, node.length, (index) => {
          const key = integerAt(view, index * width, width, signed, little);
          if (key < 0 || key >= dictionary.length) throw corrupt('dictionary index is out of range');
          return dictionary.value(key);
        });
      }
    }
    throw corrupt(`column type ${type.typeId} is not read here`);
  }
}

/** An integer of `width` bytes (1, 2, 4 or 8) at `at`, as a number (a 64-bit one past 2^53 is out of any range here). */
function integerAt(view: DataView, at: number, width: number, signed: boolean, little: boolean): number {
  switch (width) {
    case 1:
      return signed ? view.getInt8(at) : view.getUint8(at);
    case 2:
      return signed ? view.getInt16(at, little) : view.getUint16(at, little);
    case 4:
      return signed ? view.getInt32(at, little) : view.getUint32(at, little);
    default:
      return Number(signed ? view.getBigInt64(at, little) : view.getBigUint64(at, little));
  }
}

/** A two's-complement little- (or big-) endian integer of `width` bytes at `at`. */
function signedInteger(view: DataView, at: number, width: number, little: boolean): bigint {
  if (width === 4) return BigInt(view.getInt32(at, little));
  if (width === 8) return view.getBigInt64(at, little);
  let value = 0n;
  const words = width / 8;
  for (let i = 0; i < words; i++) {
    const word = view.getBigUint64(at + 8 * (little ? words - 1 - i : i), little);
    value = (value << 64n) | word;
  }
  return BigInt.asIntN(width * 8, value);
}

/** A map's entries (structs of key and value) as an object when every key is text or a number. */
function mapObject(entries: unknown[]): unknown {
  const pairs = entries.map((entry) => Object.values(entry as Record<string, unknown>));
  if (pairs.every(([key]) => typeof key === 'string' || typeof key === 'number' || typeof key === 'bigint')) {
    return Object.fromEntries(pairs.map(([key, value]) => [String(key), value]));
  }
  return pairs;
}

// ---------------------------------------------------------------------------------------------
// Messages

/** The object's bytes, read by counts, with the offset of the next one. */
class Input {
  offset = 0;
  private readonly bytes: StreamBytes;

  constructor(
    stream: AsyncIterable<Uint8Array>,
    /** `file` or `stream`, for messages. */
    public kind: string,
  ) {
    this.bytes = new StreamBytes(stream);
  }

  /** Up to `n` bytes (fewer only at the end). */
  async read(n: number): Promise<Buffer> {
    const bytes = await this.bytes.read(n);
    this.offset += bytes.length;
    return bytes;
  }

  /** Exactly `n` bytes, or CORRUPT: the object ends inside `what`. */
  async exactly(n: number, what: string): Promise<Buffer> {
    const bytes = await this.read(n);
    if (bytes.length < n) throw corrupt(`${this.kind} is truncated (in ${what})`);
    return bytes;
  }

  /** Exactly `n` bytes in a buffer of their own (aligned, not a view of the stream's chunks). */
  async fresh(n: number, what: string): Promise<Uint8Array> {
    const bytes = new Uint8Array(n);
    const got = await this.bytes.readInto(bytes, 0);
    this.offset += got;
    if (got < n) throw corrupt(`${this.kind} is truncated (in ${what})`);
    return bytes;
  }

  /** The bytes left. */
  async *rest(): AsyncGenerator<Buffer> {
    for await (const piece of this.bytes.rest()) {
      this.offset += piece.length;
      yield piece;
    }
  }
}

/** One message: where it starts, its metadata (checked) and its body's length (not yet read). */
interface Message {
  readonly offset: number;
  /** Bytes of the length prefix and the metadata, as a file footer's block counts them. */
  readonly metadataLength: number;
  readonly version: number;
  readonly headerType: number;
  readonly flat: Flat;
  readonly header: Table;
  readonly metadata: Uint8Array;
  readonly bodyLength: number;
}

/**
 * The next message's metadata, undefined at the end-of-stream marker. `word`: its first four bytes,
 * when already read. The end of the object before the marker is CORRUPT: a stream cut between two
 * messages must not pass as whole.
 */
async function nextMessage(input: Input, max: number, word?: Buffer): Promise<Message | undefined> {
  const offset = input.offset - (word === undefined ? 0 : 4);
  const first = word ?? (await input.read(4));
  if (first.length === 0) throw corrupt(`${input.kind} ends without its end-of-stream marker`);
  if (first.length < 4) throw corrupt(`${input.kind} is truncated (in a message length)`);
  let prefix = 4;
  let length = first.readInt32LE(0);
  if (first.readUInt32LE(0) === CONTINUATION) {
    length = (await input.exactly(4, 'a message length')).readInt32LE(0);
    prefix = 8;
  }
  if (length === 0) return undefined;
  if (length < 0) throw corrupt('message has a negative metadata length');
  if (length > max) throw new ScanError('LIMIT_EXCEEDED', `arrow message metadata is larger than ${max} bytes (maxBufferedBytes)`);
  const metadata = await input.fresh(length, 'message metadata');
  const flat = new Flat(metadata, 'message metadata');
  const message = flat.root();
  const version = flat.i16(message, 0);
  const headerType = flat.u8(message, 1);
  const header = flat.child(message, 2);
  const bodyLength = count(flat.i64(message, 3), 'message body length');
  checkKeyValues(flat, message, 4);
  if (version < VERSION_V4 || version > VERSION_V5) throw corrupt(`metadata version ${version + 1} is not read (V4 and V5 are)`);
  if (header === undefined) throw corrupt('message has no header');
  if (bodyLength > max) throw new ScanError('LIMIT_EXCEEDED', `arrow message body is larger than ${max} bytes (maxBufferedBytes)`);
  return { offset, metadataLength: prefix + length, version, headerType, flat, header, metadata, bodyLength };
}

/** Refuses a batch whose values (nested ones included) could not be held in memory as cells. */
function checkValues(header: BatchHeader, columns: number, ctx: ReadContext): void {
  const max = ctx.budget.limits.maxBufferedBytes;
  let values = header.length * Math.max(1, columns);
  let nested = 0;
  for (const node of header.nodes) nested += node.length;
  values = Math.max(values, nested);
  if (values * CELL_MEMORY_BYTES > max) throw new ScanError('LIMIT_EXCEEDED', `arrow record batch has too many values to hold in ${max} bytes (maxBufferedBytes)`);
}

/**
 * A message's body, as the buffers its batch lists: slices of the body, or each decompressed into
 * a buffer of the length it declares (all declared lengths checked against the limits first).
 */
async function bodyBuffers(input: Input, message: Message, header: BatchHeader, ctx: ReadContext): Promise<Uint8Array[]> {
  const { limits } = ctx.budget;
  const body = await input.fresh(message.bodyLength, 'a message body');
  const slices = header.buffers.map((region) => {
    if (region.offset + region.length > body.length) throw corrupt('buffer lies outside its message body');
    return body.subarray(region.offset, region.offset + region.length);
  });
  if (header.codec === undefined) {
    ctx.budget.addBytes(body.length);
    return slices;
  }
  const max = limits.maxBufferedBytes;
  // Each buffer: its uncompressed length (int64; -1: stored as it is), then its bytes.
  const declared = slices.map((slice) => {
    if (slice.length === 0) return 0;
    if (slice.length < 8) throw corrupt('compressed buffer lacks its length');
    const length = Buffer.from(slice.buffer, slice.byteOffset, 8).readBigInt64LE(0);
    if (length === -1n) return slice.length - 8;
    if (length > BigInt(max)) throw new ScanError('LIMIT_EXCEEDED', `arrow buffer declares ${length} bytes decompressed, more than ${max} (maxBufferedBytes)`);
    return count(length, 'buffer uncompressed length');
  });
  const total = declared.reduce((sum, length) => sum + length, 0);
  if (total > max) throw new ScanError('LIMIT_EXCEEDED', `arrow record batch decompresses to more than ${max} bytes (maxBufferedBytes)`);
  if (total > RATIO_GRACE_BYTES && total > limits.maxRatio * Math.max(1, body.length)) {
    throw new ScanError('LIMIT_EXCEEDED', `arrow record batch decompresses more than ${limits.maxRatio} times its size (maxRatio)`);
  }
  ctx.budget.addBytes(total);
  const out: Uint8Array[] = [];
  for (const [i, slice] of slices.entries()) {
    const stored = slice.length >= 8 && Buffer.from(slice.buffer, slice.byteOffset, 8).readBigInt64LE(0) === -1n;
    if (slice.length === 0 || declared[i] === 0) out.push(new Uint8Array(0));
    else if (stored) out.push(slice.subarray(8));
    else out.push(await decompress(header.codec, slice.subarray(8), declared[i], body.length, ctx));
  }
  return out;
}

/** One buffer decompressed (lz4.ts, zstd.ts) into exactly the `declared` bytes. */
async function decompress(codec: number, data: Uint8Array, declared: number, bodyLength: number, ctx: ReadContext): Promise<Uint8Array> {
  const counter = new ByteCounter();
  // The batch's ratio was checked whole, before: the decoders' own check of this buffer counts the
  // whole body, so that a column of one repeated value (a ratio of 250 in LZ4) is not refused alone.
  counter.count = bodyLength;
  const input = (async function* () {
    yield Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  })();
  const decoded = codec === CODEC_LZ4_FRAME ? (await import('./lz4.js')).unlz4(input, counter, ctx) : (await import('./zstd.js')).unzstd(input, counter, ctx);
  const out = new Uint8Array(declared);
  let at = 0;
  for await (const chunk of decoded) {
    if (at + chunk.length > declared) throw corrupt('buffer decompresses to more bytes than it declares');
    out.set(chunk, at);
    at += chunk.length;
  }
  if (at !== declared) throw corrupt(`buffer decompresses to ${at} bytes, it declares ${declared}`);
  return out;
}

/** A dictionary followed by a delta batch of more values. */
function appended(before: Column, after: Column): Column {
  return { length: before.length + after.length, value: (index) => (index < before.length ? before.value(index) : after.value(index - before.length)) };
}

/** Where a message lies, as an IPC file's footer lists it. */
interface Block {
  readonly offset: number;
  readonly metadataLength: number;
  readonly bodyLength: number;
}

const blockOf = (message: Message): Block => ({ offset: message.offset, metadataLength: message.metadataLength, bodyLength: message.bodyLength });

/**
 * An IPC file's end, after its end-of-stream marker: the footer (a flatbuffer), its length and
 * `ARROW1`. The footer's schema must name the same columns, and its blocks list exactly the
 * messages read.
 */
async function checkFooter(input: Input, names: readonly string[], dictionaries: readonly Block[], batches: readonly Block[], max: number): Promise<void> {
  const rest = await collect(input.rest(), max);
  if (rest.length < 10 || !rest.subarray(rest.length - 6).equals(FILE_END)) throw corrupt('file does not end with its footer and magic number');
  const footerLength = rest.readInt32LE(rest.length - 10);
  if (footerLength !== rest.length - 10) throw corrupt('file footer is not as long as it says');
  const flat = new Flat(new Uint8Array(rest.subarray(0, footerLength)), 'file footer');
  const footer = flat.root();
  const schema = flat.child(footer, 1);
  if (schema === undefined) throw corrupt('file footer has no schema');
  const footerNames = checkSchema(flat, schema).names;
  if (footerNames.length !== names.length || footerNames.some((name, i) => name !== names[i])) throw corrupt("file footer's schema is not the stream's");
  checkKeyValues(flat, footer, 4);
  for (const [index, read, what] of [
    [2, dictionaries, 'dictionary batches'],
    [3, batches, 'record batches'],
  ] as const) {
    const vector = flat.vector(footer, index, 24);
    const listed = vector?.count ?? 0;
    if (listed !== read.length) throw corrupt(`file footer lists ${listed} ${what}, the file holds ${read.length}`);
    for (let i = 0; i < listed; i++) {
      const block = read[i];
      if (
        flat.structI64(vector!, i, 24, 0) !== BigInt(block.offset) ||
        flat.structI32(vector!, i, 24, 8) !== block.metadataLength ||
        flat.structI64(vector!, i, 24, 16) !== BigInt(block.bodyLength)
      ) {
        throw corrupt(`file footer does not place ${what} where they are`);
      }
    }
  }
}

/** The rows of a batch's columns. */
function* rowsOf(columns: readonly Column[], length: number): Generator<unknown[]> {
  for (let row = 0; row < length; row++) yield columns.map((column) => column.value(row));
}

// ---------------------------------------------------------------------------------------------
// The reader

/** Reads an Arrow IPC file or stream (Feather v2). */
export async function* readArrow(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => arrowCells(sourceBytes(source), ctx) } };
}

async function* arrowCells(bytes: AsyncIterable<Buffer>, ctx: ReadContext): AsyncGenerator<Cell[]> {
  try {
    yield* batchCells(bytes, ctx);
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'arrow data could not be read');
  }
}

async function* batchCells(bytes: AsyncIterable<Buffer>, ctx: ReadContext): AsyncGenerator<Cell[]> {
  const arrow = await import('apache-arrow');
  const max = ctx.budget.limits.maxBufferedBytes;
  const input = new Input(bytes, 'stream');
  let word: Buffer | undefined = await input.read(4);
  if (word.equals(FILE_MAGIC.subarray(0, 4))) {
    input.kind = 'file';
    if (!(await input.exactly(4, 'its magic number')).equals(FILE_MAGIC.subarray(4))) throw corrupt('file has a bad magic number');
    word = undefined;
  }
  const first = await nextMessage(input, max, word);
  if (first === undefined || first.headerType !== HEADER_SCHEMA) throw corrupt(`${input.kind} does not start with a schema`);
  if (first.bodyLength !== 0) throw corrupt('schema message has a body');
  const { little, names } = checkSchema(first.flat, first.header);
  let schema: Schema;
  try {
    schema = arrow.Message.decode(first.metadata).header() as Schema;
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'arrow schema could not be read (damaged, or a column type apache-arrow does not know)');
  }
  if (schema.fields.length !== names.length) throw corrupt('schema could not be read whole');
  yield* tableCells(ARROW_SHEET, names, [], { headerRow: true });

  const dictionaries = new Map<number, Column>();
  const dictionaryBlocks: Block[] = [];
  const batchBlocks: Block[] = [];
  let rowsBefore = 0;
  for (;;) {
    const message = await nextMessage(input, max);
    if (message === undefined) break;
    const { flat, version } = message;
    if (message.headerType === HEADER_RECORD_BATCH) {
      const header = batchHeader(flat, message.header);
      checkValues(header, names.length, ctx);
      const loader = new Loader(header, await bodyBuffers(input, message, header, ctx), dictionaries, little, version);
      const columns = schema.fields.map((field) => loader.load(field, 0));
      loader.finish();
      if (columns.some((column) => column.length !== header.length)) throw corrupt('record batch has columns of another length than its own');
      batchBlocks.push(blockOf(message));
      if (columns.length > 0) yield* tableCells(ARROW_SHEET, names, rowsOf(columns, header.length), { headerRow: false, rowsBefore });
      rowsBefore += header.length;
    } else if (message.headerType === HEADER_DICTIONARY) {
      const id = flat.i64(message.header, 0);
      const data = flat.child(message.header, 1);
      const isDelta = flat.u8(message.header, 2) === 1;
      const type = id >= 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? schema.dictionaries.get(Number(id)) : undefined;
      if (type === undefined || data === undefined) throw corrupt('dictionary batch belongs to no column of the schema');
      const header = batchHeader(flat, data);
      checkValues(header, 1, ctx);
      const loader = new Loader(header, await bodyBuffers(input, message, header, ctx), dictionaries, little, version);
      const values = loader.load(type, 0);
      loader.finish();
      if (values.length !== header.length) throw corrupt('dictionary batch is not as long as it says');
      const before = dictionaries.get(Number(id));
      dictionaries.set(Number(id), isDelta && before !== undefined ? appended(before, values) : values);
      dictionaryBlocks.push(blockOf(message));
    } else if (message.headerType === HEADER_SCHEMA) {
      throw corrupt(`${input.kind} holds a second schema`);
    } else {
      throw corrupt(`${input.kind} holds a message of type ${message.headerType}, which is not read here`);
    }
  }
  if (input.kind === 'file') {
    await checkFooter(input, names, dictionaryBlocks, batchBlocks, max);
  } else {
    // A stream ends at its marker: bytes after it (other than padding) were not read.
    for await (const piece of input.rest()) if (piece.some((byte) => byte !== 0)) throw corrupt('stream has data after its end-of-stream marker');
  }
}
