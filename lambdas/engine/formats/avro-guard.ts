/**
 * Guards around avsc for hostile Avro files. avsc trusts the counts it reads: a map or array
 * count of 10^15 in the header or in a record makes it loop that many times, synchronously (a
 * hang, not an error), and a block may claim more records than it has bytes. These checks bound
 * every count by the bytes left to read, so such a file is CORRUPT at once.
 */
import { ScanError } from '../errors.js';

/** Avro's magic: `Obj` and version 1. */
const MAGIC = Buffer.from('Obj\x01', 'latin1');
const SYNC_BYTES = 16;

/** A zigzag varint long at `pos`, or undefined when the bytes end first. */
function readLong(bytes: Uint8Array, pos: number): { value: number; next: number } | undefined {
  let result = 0;
  let factor = 1;
  for (let i = pos; i < bytes.length && i < pos + 10; i++) {
    result += (bytes[i] & 0x7f) * factor;
    factor *= 128;
    if ((bytes[i] & 0x80) === 0) return { value: result % 2 === 0 ? result / 2 : -(result + 1) / 2, next: i + 1 };
  }
  if (bytes.length >= pos + 10) throw new ScanError('CORRUPT', 'avro header has an overlong number');
  return undefined;
}

/**
 * Checks the file header in `head` (magic, metadata map, sync marker): its length when complete,
 * undefined when more bytes are needed. Throws CORRUPT for a bad magic or a count or length that
 * the bytes cannot hold.
 */
export function avroHeaderLength(head: Uint8Array): number | undefined {
  if (head.length < MAGIC.length) return undefined;
  if (!MAGIC.equals(head.subarray(0, MAGIC.length))) throw new ScanError('CORRUPT', 'not an avro object container');
  let pos = MAGIC.length;
  for (;;) {
    const count = readLong(head, pos);
    if (count === undefined) return undefined;
    pos = count.next;
    if (count.value === 0) break;
    let entries = Math.abs(count.value);
    if (count.value < 0) {
      const size = readLong(head, pos); // a negative count is followed by the block's byte size
      if (size === undefined) return undefined;
      pos = size.next;
    }
    // Each entry is at least two length bytes: more entries than that is a lie.
    if (entries > 1 << 20) throw new ScanError('CORRUPT', 'avro header declares too many metadata entries');
    for (; entries > 0; entries--) {
      for (let part = 0; part < 2; part++) {
        const length = readLong(head, pos);
        if (length === undefined) return undefined;
        if (length.value < 0 || length.value > 1 << 30) throw new ScanError('CORRUPT', 'avro header has a bad length');
        pos = length.next + length.value;
        if (pos > head.length) return undefined;
      }
    }
  }
  return pos + SYNC_BYTES <= head.length ? pos + SYNC_BYTES : undefined;
}

/** The parts of avsc's reading position (its Tap) that the guards use (avsc 5.7). */
interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  skipLong(): void;
  readString(): string;
}

/** avsc's array and map types (avsc 5.7), whose readers are replaced. */
interface AvscTypes {
  readonly ArrayType: { prototype: { _read(this: { itemsType: Readable }, tap: Tap): unknown } };
  readonly MapType: { prototype: { _read(this: { valuesType: Readable }, tap: Tap): unknown } };
}

interface Readable {
  _read(tap: Tap): unknown;
}

/** The next block count of an array or map, checked against the bytes left (each item takes one). */
function blockCount(tap: Tap): number {
  let n = tap.readLong();
  if (n < 0) {
    n = -n;
    tap.skipLong();
  }
  if (n > tap.buf.length - tap.pos + 1) throw new ScanError('CORRUPT', 'avro record declares more items than it holds');
  return n;
}

const guarded = new WeakSet<object>();

/**
 * Replaces avsc's array and map readers (on their prototypes: avsc freezes its type objects) with
 * ones that check each count against the bytes left before looping; the decoding is otherwise
 * avsc's. Only the Avro reader uses avsc, and a valid file decodes the same. Idempotent.
 */
export function guardCounts(types: AvscTypes): void {
  if (guarded.has(types.ArrayType)) return;
  guarded.add(types.ArrayType);
  types.ArrayType.prototype._read = function (tap) {
    const values: unknown[] = [];
    for (let n = blockCount(tap); n !== 0; n = blockCount(tap)) while (n-- > 0) values.push(this.itemsType._read(tap));
    return values;
  };
  types.MapType.prototype._read = function (tap) {
    // No prototype: a key named __proto__ stays a key.
    const map = Object.create(null) as Record<string, unknown>;
    for (let n = blockCount(tap); n !== 0; n = blockCount(tap)) while (n-- > 0) map[tap.readString()] = this.valuesType._read(tap);
    return map;
  };
}
