/**
 * Redis RDB files (`dump.rdb`, as `SAVE`, `BGSAVE` and `redis-cli --rdb` write them; RDB versions 1
 * to 12, Redis 2.x to 7.x): every key and every value a cell. Read by the strings pass, a Redis
 * dump hid most of what it held: Redis stores a value that reads as an integer as a binary integer
 * (a resident ID, a mobile number in a hash: of 200 resident IDs the pass found the 16 ending in
 * `X`), and compresses every string over 20 bytes with LZF (a session's JSON), and a value lay
 * apart from its field's name.
 *
 * Parsed here from the format as Redis's own `rdb.c` writes it (no npm package reads RDB files):
 * lengths and strings (integers, LZF), the types of every version (strings; lists, sets, sorted
 * sets and hashes as linked structures, ziplists, listpacks, intsets, zipmaps and quicklists;
 * streams; module values, skipped by their opcodes), expiry, idle, frequency, aux, function, slot
 * and resize records. Cells (`sheet` `keys`, A1-style `ref`: the column of its header, the key's number):
 *
 * | what | header |
 * |---|---|
 * | the key itself | `key` |
 * | a string's value; a list's, set's or sorted set's members | the key's words: its `:`-separated parts without digits (`session:1001` is `session`, `user:1001:phone` is `user phone`) |
 * | a hash's value | its field's name (`mobile`, `idcard`; camel and snake case read as words) |
 * | a hash's field name that holds a digit (a hash keyed by phone numbers), and its value | `field`, and the key's words (a header holds no personal data) |
 * | a stream entry's value | its field's name |
 *
 * A value that is not UTF-8 (one the application gzipped, or serialized with binary parts) is a
 * cell of bytes, read as a member when it is a file (embedded.ts: a gzip is decompressed and read).
 * Sorted sets' scores, expiry times and stream ids are not values of a person and are left out.
 * A string over VALUE_MAX_BYTES is passed over, the rest read, then LIMIT_EXCEEDED. A length or an
 * encoding out of range, an LZF string that does not decode to its length, a type this reader does
 * not know, a file cut short, a CRC64 (RDB 5 on, unless Redis was set not to write one) that does
 * not match the bytes before it, or bytes after the end is CORRUPT after the keys before it: an end
 * marker written over the first key read as an empty, public dump until the checksum was checked.
 */
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { StreamBytes, sourceBytes } from './bytes.js';
import { whereOf, type ReadContext } from './limits.js';
import { rdbHead } from './sniff.js';
import type { Source } from './source.js';
import { NamedColumns, cellRef, headerOfName, recordBatches, valueText } from './table.js';


/**
 * Longest string held (Redis allows 512 MB): a longer one (a cached export, a blob) is passed over
 * and the dump read on, then LIMIT_EXCEEDED. Held whole, with its text, a value of 100 MB would take
 * a scanner Lambda past its memory.
 */
export const VALUE_MAX_BYTES = 16 * 1024 * 1024;
/** Bytes of a passed-over string read at once. */
const SKIP_PIECE_BYTES = 1024 * 1024;

// Opcodes (rdb.h).
const OP_SLOT_INFO = 0xf4;
const OP_FUNCTION2 = 0xf5;
const OP_FUNCTION_PRE_GA = 0xf6;
const OP_MODULE_AUX = 0xf7;
const OP_IDLE = 0xf8;
const OP_FREQ = 0xf9;
const OP_AUX = 0xfa;
const OP_RESIZEDB = 0xfb;
const OP_EXPIRETIME_MS = 0xfc;
const OP_EXPIRETIME = 0xfd;
const OP_SELECTDB = 0xfe;
const OP_EOF = 0xff;

// Value types (rdb.h).
const T_STRING = 0;
const T_LIST = 1;
const T_SET = 2;
const T_ZSET = 3;
const T_HASH = 4;
const T_ZSET_2 = 5;
const T_MODULE_PRE_GA = 6;
const T_MODULE_2 = 7;
const T_HASH_ZIPMAP = 9;
const T_LIST_ZIPLIST = 10;
const T_SET_INTSET = 11;
const T_ZSET_ZIPLIST = 12;
const T_HASH_ZIPLIST = 13;
const T_LIST_QUICKLIST = 14;
const T_STREAM_LISTPACKS = 15;
const T_HASH_LISTPACK = 16;
const T_ZSET_LISTPACK = 17;
const T_LIST_QUICKLIST_2 = 18;
const T_STREAM_LISTPACKS_2 = 19;
const T_SET_LISTPACK = 20;
const T_STREAM_LISTPACKS_3 = 21;
const T_HASH_METADATA_PRE_GA = 22;
const T_HASH_LISTPACK_EX_PRE_GA = 23;
const T_HASH_METADATA = 24;
const T_HASH_LISTPACK_EX = 25;

const corrupt = (what: string) => new ScanError('CORRUPT', `Redis RDB: ${what}`);

/** The words of a key: its `:`-separated parts that hold no digit. */
export function keyWords(key: string): string {
  return key
    .split(':')
    .filter((part) => part !== '' && !/\d/.test(part))
    .join(' ');
}

/** Decompresses LZF data to exactly `length` bytes (liblzf's format), or CORRUPT. */
export function lzfDecompress(input: Uint8Array, length: number): Buffer {
  const out = Buffer.alloc(length);
  let i = 0;
  let o = 0;
  while (i < input.length) {
    const ctrl = input[i++];
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (i + run > input.length || o + run > length) throw corrupt('an LZF string does not decode to its length');
      out.set(input.subarray(i, i + run), o);
      i += run;
      o += run;
      continue;
    }
    let run = ctrl >> 5;
    if (run === 7) {
      if (i >= input.length) throw corrupt('an LZF string is cut short');
      run += input[i++];
    }
    if (i >= input.length) throw corrupt('an LZF string is cut short');
    let from = o - ((ctrl & 0x1f) << 8) - 1 - input[i++];
    run += 2;
    if (from < 0 || o + run > length) throw corrupt('an LZF string does not decode to its length');
    for (const end = o + run; o < end; ) out[o++] = out[from++];
  }
  if (o !== length) throw corrupt('an LZF string does not decode to its length');
  return out;
}

/** A string of an RDB file: bytes, or an integer Redis stored as one. */
type RdbString = Buffer | bigint;

const textOf = (value: RdbString): string => (typeof value === 'bigint' ? value.toString() : value.toString('utf8'));

/** The entries of a ziplist (Redis before 7), as strings or integers. */
export function ziplistEntries(zl: Buffer): RdbString[] {
  if (zl.length < 11) throw corrupt('a ziplist is cut short');
  const count = zl.readUInt16LE(8);
  const out: RdbString[] = [];
  let at = 10;
  const need = (n: number) => {
    if (at + n > zl.length) throw corrupt('a ziplist entry is cut short');
  };
  for (;;) {
    need(1);
    if (zl[at] === 0xff) break;
    // The previous entry's length: one byte, or 0xfe and four.
    at += zl[at] === 0xfe ? 5 : 1;
    need(1);
    const e = zl[at];
    const kind = e >> 6;
    if (kind === 0 || kind === 1 || kind === 2) {
      let length: number;
      if (kind === 0) {
        length = e & 0x3f;
        at += 1;
      } else if (kind === 1) {
        need(2);
        length = ((e & 0x3f) << 8) | zl[at + 1];
        at += 2;
      } else {
        need(5);
        length = zl.readUInt32BE(at + 1);
        at += 5;
      }
      need(length);
      out.push(zl.subarray(at, at + length));
      at += length;
    } else {
      at += 1;
      if (e === 0xc0) (need(2), out.push(BigInt(zl.readInt16LE(at))), (at += 2));
      else if (e === 0xd0) (need(4), out.push(BigInt(zl.readInt32LE(at))), (at += 4));
      else if (e === 0xe0) (need(8), out.push(zl.readBigInt64LE(at)), (at += 8));
      else if (e === 0xf0) (need(3), out.push(BigInt((zl.readUIntLE(at, 3) << 8) >> 8)), (at += 3));
      else if (e === 0xfe) (need(1), out.push(BigInt(zl.readInt8(at))), (at += 1));
      else if (e >= 0xf1 && e <= 0xfd) out.push(BigInt((e & 0x0f) - 1));
      else throw corrupt('a ziplist entry has an unknown encoding');
    }
  }
  if (count !== 0xffff && count !== out.length) throw corrupt('a ziplist holds other than the entries it counts');
  return out;
}

/** The entries of a listpack (Redis 7), as strings or integers. */
export function listpackEntries(lp: Buffer): RdbString[] {
  if (lp.length < 7) throw corrupt('a listpack is cut short');
  const count = lp.readUInt16LE(4);
  const out: RdbString[] = [];
  let at = 6;
  const need = (n: number) => {
    if (at + n > lp.length) throw corrupt('a listpack entry is cut short');
  };
  for (;;) {
    need(1);
    const e = lp[at];
    if (e === 0xff) break;
    const start = at;
    if (e < 0x80) {
      out.push(BigInt(e));
      at += 1;
    } else if (e >> 6 === 2) {
      const length = e & 0x3f;
      need(1 + length);
      out.push(lp.subarray(at + 1, at + 1 + length));
      at += 1 + length;
    } else if (e >> 5 === 6) {
      need(2);
      out.push(BigInt((((((e & 0x1f) << 8) | lp[at + 1]) << 19) >> 19)));
      at += 2;
    } else if (e >> 4 === 0xe) {
      need(2);
      const length = ((e & 0x0f) << 8) | lp[at + 1];
      need(2 + length);
      out.push(lp.subarray(at + 2, at + 2 + length));
      at += 2 + length;
    } else if (e === 0xf0) {
      need(5);
      const length = lp.readUInt32LE(at + 1);
      need(5 + length);
      out.push(lp.subarray(at + 5, at + 5 + length));
      at += 5 + length;
    } else if (e === 0xf1) (need(3), out.push(BigInt(lp.readInt16LE(at + 1))), (at += 3));
    else if (e === 0xf2) (need(4), out.push(BigInt((lp.readUIntLE(at + 1, 3) << 8) >> 8)), (at += 4));
    else if (e === 0xf3) (need(5), out.push(BigInt(lp.readInt32LE(at + 1))), (at += 5));
    else if (e === 0xf4) (need(9), out.push(lp.readBigInt64LE(at + 1)), (at += 9));
    else throw corrupt('a listpack entry has an unknown encoding');
    // The entry's length again, backwards: one byte per 7 bits of it.
    const size = at - start;
    at += size <= 127 ? 1 : size < 16_383 ? 2 : size < 2_097_151 ? 3 : size < 268_435_455 ? 4 : 5;
  }
  if (count !== 0xffff && count !== out.length) throw corrupt('a listpack holds other than the entries it counts');
  return out;
}

/** The integers of an intset. */
export function intsetEntries(is: Buffer): RdbString[] {
  if (is.length < 8) throw corrupt('an intset is cut short');
  const width = is.readUInt32LE(0);
  const count = is.readUInt32LE(4);
  if ((width !== 2 && width !== 4 && width !== 8) || 8 + width * count !== is.length) throw corrupt('an intset holds other than its length says');
  const out: RdbString[] = [];
  for (let k = 0; k < count; k++) {
    const at = 8 + k * width;
    out.push(width === 2 ? BigInt(is.readInt16LE(at)) : width === 4 ? BigInt(is.readInt32LE(at)) : is.readBigInt64LE(at));
  }
  return out;
}

/** The entries of a zipmap (Redis before 2.6): field, value, field, value… */
export function zipmapEntries(zm: Buffer): RdbString[] {
  const out: RdbString[] = [];
  let at = 1;
  const length = (): number => {
    if (at >= zm.length) throw corrupt('a zipmap is cut short');
    const first = zm[at++];
    if (first < 254) return first;
    if (first === 254) {
      if (at + 4 > zm.length) throw corrupt('a zipmap is cut short');
      const n = zm.readUInt32LE(at);
      at += 4;
      return n;
    }
    return -1;
  };
  for (;;) {
    const key = length();
    if (key === -1) return out;
    if (at + key > zm.length) throw corrupt('a zipmap is cut short');
    out.push(zm.subarray(at, at + key));
    at += key;
    const value = length();
    if (value === -1) throw corrupt('a zipmap field has no value');
    if (at >= zm.length) throw corrupt('a zipmap is cut short');
    const free = zm[at++];
    if (at + value + free > zm.length) throw corrupt('a zipmap is cut short');
    out.push(zm.subarray(at, at + value));
    at += value + free;
  }
}

/** CRC-64/Jones as Redis computes it (reflected, polynomial 0x95ac9329ac4bc9b5, from 0), in two 32-bit halves. */
const CRC_LO = new Uint32Array(256);
const CRC_HI = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let c = BigInt(i);
  for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ 0x95ac9329ac4bc9b5n : c >> 1n;
  CRC_LO[i] = Number(c & 0xffffffffn);
  CRC_HI[i] = Number(c >> 32n);
}

/** A running CRC-64/Jones. */
export class Crc64 {
  private lo = 0;
  private hi = 0;

  update(bytes: Uint8Array): void {
    let { lo, hi } = this;
    for (let i = 0; i < bytes.length; i++) {
      const x = (lo ^ bytes[i]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ CRC_LO[x];
      hi = (hi >>> 8) ^ CRC_HI[x];
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  digest(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

/** Reads an RDB stream's records, each byte into the file's CRC64 as it is read. */
class RdbReader {
  readonly crc = new Crc64();

  constructor(
    private readonly input: StreamBytes,
    private readonly maxBytes: number,
  ) {}

  async bytes(n: number): Promise<Buffer> {
    if (n > this.maxBytes) throw new ScanError('LIMIT_EXCEEDED', `Redis RDB: a value of ${n} bytes, more than ${this.maxBytes} (maxBufferedBytes)`);
    const bytes = await this.input.read(n);
    if (bytes.length < n) throw corrupt('the file is cut short');
    this.crc.update(bytes);
    return bytes;
  }

  /**
   * After the end marker: the CRC64 (RDB 5 on; 0 when Redis was set not to write one), then
   * nothing: a checksum that differs, or bytes after it, is CORRUPT.
   */
  async end(version: number): Promise<void> {
    if (version >= 5) {
      const computed = this.crc.digest();
      const written = (await this.bytes(8)).readBigUInt64LE(0);
      if (written !== 0n && written !== computed) throw corrupt('its CRC64 does not match its bytes (damaged)');
    }
    if ((await this.input.read(1)).length > 0) throw corrupt('bytes follow its end marker');
  }

  async byte(): Promise<number> {
    return (await this.bytes(1))[0];
  }

  /** A length, or a special encoding's number (`special` true). */
  async length(): Promise<{ value: number; special: boolean }> {
    const first = await this.byte();
    const kind = first >> 6;
    if (kind === 0) return { value: first & 0x3f, special: false };
    if (kind === 1) return { value: ((first & 0x3f) << 8) | (await this.byte()), special: false };
    if (kind === 3) return { value: first & 0x3f, special: true };
    if (first === 0x80) return { value: (await this.bytes(4)).readUInt32BE(0), special: false };
    if (first === 0x81) {
      const value = (await this.bytes(8)).readBigUInt64BE(0);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('a length is out of range');
      return { value: Number(value), special: false };
    }
    throw corrupt('a length has an unknown encoding');
  }

  async count(): Promise<number> {
    const { value, special } = await this.length();
    if (special) throw corrupt('a count is encoded as a string');
    return value;
  }

  /** Strings over VALUE_MAX_BYTES passed over unread (their bytes still checked by the CRC64). */
  skipped = 0;

  async string(): Promise<RdbString> {
    const { value, special } = await this.length();
    if (!special) return value > VALUE_MAX_BYTES ? this.skip(value) : this.bytes(value);
    if (value === 0) return BigInt((await this.bytes(1)).readInt8(0));
    if (value === 1) return BigInt((await this.bytes(2)).readInt16LE(0));
    if (value === 2) return BigInt((await this.bytes(4)).readInt32LE(0));
    if (value === 3) {
      const compressed = await this.count();
      const length = await this.count();
      if (length > VALUE_MAX_BYTES) return this.skip(compressed);
      return lzfDecompress(await this.bytes(compressed), length);
    }
    throw corrupt('a string has an unknown encoding');
  }

  /** Passes over `n` bytes of a string too long to hold, a piece at a time: an empty string in its place. */
  private async skip(n: number): Promise<Buffer> {
    for (let left = n; left > 0; left -= SKIP_PIECE_BYTES) await this.bytes(Math.min(left, SKIP_PIECE_BYTES));
    this.skipped++;
    return Buffer.alloc(0);
  }

  /** A string that holds a structure (a ziplist, a listpack): its bytes. */
  async blob(): Promise<Buffer> {
    const value = await this.string();
    if (typeof value === 'bigint') throw corrupt('an encoded structure is stored as an integer');
    return value;
  }

  async skipModuleOpcodes(): Promise<void> {
    for (;;) {
      const opcode = await this.count();
      if (opcode === 0) return;
      if (opcode === 1 || opcode === 2) await this.count();
      else if (opcode === 3) await this.bytes(4);
      else if (opcode === 4) await this.bytes(8);
      else if (opcode === 5) await this.string();
      else throw corrupt('a module value has an unknown opcode');
    }
  }
}

/** One key's values: each with the header it goes under (a hash field's name, or undefined: the key's words). */
type Values = [header: string | undefined, value: RdbString][];

const members = (entries: readonly RdbString[]): Values => entries.map((entry) => [undefined, entry]);

/**
 * Field, value, field, value…: the values under their fields' names. A field that holds a digit
 * (a hash keyed by phone numbers or user ids) is a value itself, under `field`, and its value goes
 * under the key's words: a header is no place for what may be personal data.
 */
function pairs(entries: readonly RdbString[], step = 2): Values {
  const out: Values = [];
  for (let k = 0; k + 1 < entries.length; k += step) {
    const field = textOf(entries[k]);
    if (/\d/.test(field)) out.push(['field', entries[k]], [undefined, entries[k + 1]]);
    else out.push([field, entries[k + 1]]);
  }
  return out;
}

/** A sorted set's members without their scores (member, score, member, score…). */
function everyOther(entries: readonly RdbString[]): Values {
  const out: Values = [];
  for (let k = 0; k < entries.length; k += 2) out.push([undefined, entries[k]]);
  return out;
}

/** A value of `type`: its members or fields' values. */
async function valueOf(rdb: RdbReader, type: number): Promise<Values> {
  switch (type) {
    case T_STRING:
      return [[undefined, await rdb.string()]];
    case T_LIST:
    case T_SET: {
      const out: Values = [];
      for (let n = await rdb.count(); n > 0; n--) out.push([undefined, await rdb.string()]);
      return out;
    }
    case T_ZSET:
    case T_ZSET_2: {
      const out: Values = [];
      for (let n = await rdb.count(); n > 0; n--) {
        out.push([undefined, await rdb.string()]);
        if (type === T_ZSET_2) await rdb.bytes(8);
        else {
          // A score as text, its length one byte (253-255: nan, +inf, -inf).
          const length = await rdb.byte();
          if (length < 253) await rdb.bytes(length);
        }
      }
      return out;
    }
    case T_HASH: {
      const entries: RdbString[] = [];
      for (let n = await rdb.count(); n > 0; n--) entries.push(await rdb.string(), await rdb.string());
      return pairs(entries);
    }
    case T_HASH_METADATA_PRE_GA:
    case T_HASH_METADATA: {
      // Redis 7.4's hash with field expiry: (after a minimum expiry) ttl, field, value each.
      if (type === T_HASH_METADATA) await rdb.bytes(8);
      const entries: RdbString[] = [];
      for (let n = await rdb.count(); n > 0; n--) {
        await rdb.count();
        entries.push(await rdb.string(), await rdb.string());
      }
      return pairs(entries);
    }
    case T_HASH_LISTPACK_EX_PRE_GA:
    case T_HASH_LISTPACK_EX: {
      // Field, value, ttl triples in a listpack (after a minimum expiry).
      if (type === T_HASH_LISTPACK_EX) await rdb.bytes(8);
      return pairs(listpackEntries(await rdb.blob()), 3);
    }
    case T_HASH_ZIPMAP:
      return pairs(zipmapEntries(await rdb.blob()));
    case T_LIST_ZIPLIST:
      return members(ziplistEntries(await rdb.blob()));
    case T_SET_INTSET:
      return members(intsetEntries(await rdb.blob()));
    case T_ZSET_ZIPLIST:
      return everyOther(ziplistEntries(await rdb.blob()));
    case T_HASH_ZIPLIST:
      return pairs(ziplistEntries(await rdb.blob()));
    case T_HASH_LISTPACK:
      return pairs(listpackEntries(await rdb.blob()));
    case T_ZSET_LISTPACK:
      return everyOther(listpackEntries(await rdb.blob()));
    case T_SET_LISTPACK:
      return members(listpackEntries(await rdb.blob()));
    case T_LIST_QUICKLIST: {
      const out: Values = [];
      for (let n = await rdb.count(); n > 0; n--) out.push(...members(ziplistEntries(await rdb.blob())));
      return out;
    }
    case T_LIST_QUICKLIST_2: {
      const out: Values = [];
      for (let n = await rdb.count(); n > 0; n--) {
        const container = await rdb.count();
        // 1: one plain element; 2: a listpack of them.
        if (container === 1) out.push([undefined, await rdb.string()]);
        else if (container === 2) out.push(...members(listpackEntries(await rdb.blob())));
        else throw corrupt('a quicklist node has an unknown container');
      }
      return out;
    }
    case T_STREAM_LISTPACKS:
    case T_STREAM_LISTPACKS_2:
    case T_STREAM_LISTPACKS_3:
      return streamOf(rdb, type);
    case T_MODULE_2:
      await rdb.count();
      await rdb.skipModuleOpcodes();
      return [];
    case T_MODULE_PRE_GA:
      throw corrupt('a module value of the pre-GA format (Redis 4.0 RC) cannot be read');
    default:
      throw corrupt(`a value has an unknown type (${type})`);
  }
}

/**
 * A stream's entries' values under their fields' names. Each listpack starts with a master entry
 * (count, deleted, its fields, 0); each entry then has flags, an id's two deltas, its fields (the
 * master's, when flagged SAMEFIELDS) and values, and a count of its own parts at its end.
 */
async function streamOf(rdb: RdbReader, type: number): Promise<Values> {
  const out: Values = [];
  for (let n = await rdb.count(); n > 0; n--) {
    await rdb.blob(); // The node's master id, 16 bytes.
    const entries = listpackEntries(await rdb.blob());
    const number = (k: number) => {
      const value = entries[k];
      if (typeof value !== 'bigint') throw corrupt('a stream entry holds a string where a number goes');
      return Number(value);
    };
    let k = 0;
    const take = () => {
      if (k >= entries.length) throw corrupt('a stream entry is cut short');
      return k++;
    };
    const count = number(take()) + number(take());
    const fields = number(take());
    const master: string[] = [];
    for (let f = 0; f < fields; f++) master.push(textOf(entries[take()]));
    take(); // The master entry's end (0).
    for (let e = 0; e < count && k < entries.length; e++) {
      const flags = number(take());
      take();
      take();
      if ((flags & 2) !== 0) {
        for (const field of master) out.push([field, entries[take()]]);
      } else {
        for (let f = number(take()); f > 0; f--) out.push(...pairs([entries[take()], entries[take()]]));
      }
      take(); // The entry's count of parts.
    }
  }
  // The stream's length, last id, (version 2 on) first id, max deleted id and entries added.
  await rdb.count();
  await rdb.count();
  await rdb.count();
  if (type >= T_STREAM_LISTPACKS_2) for (let x = 0; x < 5; x++) await rdb.count();
  for (let groups = await rdb.count(); groups > 0; groups--) {
    await rdb.string();
    await rdb.count();
    await rdb.count();
    if (type >= T_STREAM_LISTPACKS_2) await rdb.count();
    for (let pending = await rdb.count(); pending > 0; pending--) {
      await rdb.bytes(16 + 8);
      await rdb.count();
    }
    for (let consumers = await rdb.count(); consumers > 0; consumers--) {
      await rdb.string();
      await rdb.bytes(type >= T_STREAM_LISTPACKS_3 ? 16 : 8);
      for (let pending = await rdb.count(); pending > 0; pending--) await rdb.bytes(16);
    }
  }
  return out;
}

/** Reads an RDB file: every key and value as cells (the module doc). */
export async function* readRedis(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const max = ctx.budget.limits.maxBufferedBytes;
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => keyCells(source, max) } };
}

/** The keys' cells in batches (recordBatches: those before a damage, then its error). */
function keyCells(source: Source, max: number): AsyncGenerator<readonly Cell[]> {
  return recordBatches(keysOf(source, max));
}

/** Each key's cells: the key, then its values; damage ends it with CORRUPT. */
async function* keysOf(source: Source, max: number): AsyncGenerator<readonly Cell[]> {
  const rdb = new RdbReader(new StreamBytes(sourceBytes(source)), max);
  const columns = new NamedColumns();
  let keys = 0;
  const head = await rdb.bytes(9);
  if (!rdbHead(head)) throw corrupt('the file does not start with REDIS and a version');
  const version = Number(head.toString('latin1', 5));
  for (;;) {
    const op = await rdb.byte();
    if (op === OP_EOF) {
      await rdb.end(version);
      if (rdb.skipped > 0) throw new ScanError('LIMIT_EXCEEDED', `Redis RDB: ${rdb.skipped} value(s) longer than ${VALUE_MAX_BYTES} bytes passed over unread (the rest was read)`);
      return;
    }
    if (op === OP_SELECTDB) await rdb.count();
    else if (op === OP_RESIZEDB) (await rdb.count(), await rdb.count());
    else if (op === OP_EXPIRETIME_MS) await rdb.bytes(8);
    else if (op === OP_EXPIRETIME) await rdb.bytes(4);
    else if (op === OP_IDLE) await rdb.count();
    else if (op === OP_FREQ) await rdb.byte();
    else if (op === OP_AUX) (await rdb.string(), await rdb.string());
    else if (op === OP_FUNCTION2) await rdb.string();
    else if (op === OP_FUNCTION_PRE_GA) throw corrupt('a function of the pre-GA format (Redis 7.0 release candidates) cannot be read');
    else if (op === OP_MODULE_AUX) {
      await rdb.count();
      await rdb.count();
      await rdb.count();
      await rdb.skipModuleOpcodes();
    } else if (op === OP_SLOT_INFO) {
      for (let x = 0; x < 3; x++) await rdb.count();
    } else {
      const key = textOf(await rdb.string());
      const values = await valueOf(rdb, op);
      keys++;
      const words = headerOfName(keyWords(key));
      const cell = (name: string, text: string, bytes?: Buffer): Cell => {
        const { column, header } = columns.of(name);
        return { sheet: 'keys', ref: cellRef(column, keys), text, header, ...(bytes === undefined ? {} : { bytes }) };
      };
      const cells: Cell[] = [cell('key', key)];
      for (const [field, value] of values) {
        const header = field === undefined ? words : headerOfName(field);
        const text = typeof value === 'bigint' ? value.toString() : valueText(value);
        if (text.trim() !== '') cells.push(cell(header, text));
        // Bytes that are not UTF-8 (a value the application compressed or serialized): read as a file if they are one (embedded.ts).
        else if (text === '' && typeof value !== 'bigint' && value.length > 0) cells.push(cell(header, '', value));
      }
      yield cells;
    }
  }
}
