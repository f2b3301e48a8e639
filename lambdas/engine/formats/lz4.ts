/**
 * LZ4 decoder: the frame format (the `lz4` tool, the LZ4F library: `tar -I lz4`, XtraBackup,
 * ClickHouse; magic `04 22 4d 18`) and the legacy format (`lz4 -l`; `02 21 4c 18`), as the format's
 * own documents specify them (lz4 1.9, doc/lz4_Frame_format.md and doc/lz4_Block_format.md).
 *
 * Written here because no npm package streams it: `lz4` (node-lz4) builds a native addon at
 * install and its JavaScript decoder joins every chunk it is given to the ones before; `lz4js`
 * decodes whole buffers and skips every checksum; `lz4-asm` installs process-wide handlers that
 * abort on any unhandled rejection; `lz4-napi` is native and decodes whole buffers;
 * hyparquet-compressors' block decoder (a dependency already) is not exported and decodes
 * independent blocks only, where the LZ4F library links them by default.
 *
 * Before this reader an `.lz4` file went to the strings pass: LZ4 leaves text's rare bytes as they
 * were, so the pass found what the compressor had not shortened (of 5,000 customers, 2 names and
 * 388 of their mobiles), and the object's level and counts were those fragments'.
 *
 * Everything a frame declares is checked: its header checksum, each block's size against the
 * frame's block size, its checksum, the content checksum and size, and every match against the
 * bytes before it (within the 64 KiB a linked block may reach back into). What fails is CORRUPT; a
 * frame that needs a dictionary from outside the object is OPAQUE (nothing of it can be read).
 * Decoded bytes go out in slices of 256 KiB of a block (at most 4 MiB; 8 MiB in the legacy format),
 * each checked against the member's ratio as it comes.
 */
import xxhash, { type XXHashAPI } from 'xxhash-wasm';
import { ScanError } from '../errors.js';
import { checkRatio, StreamBytes, type ByteCounter } from './bytes.js';
import type { ReadContext } from './limits.js';

const FRAME_MAGIC = 0x184d2204;
const LEGACY_MAGIC = 0x184c2102;
/** Skippable frames: 0x184D2A50 to 0x184D2A5F. */
const SKIPPABLE_MAGIC = 0x184d2a50;
/** How far back a match of a linked block reaches into the blocks before it. */
const WINDOW_BYTES = 64 * 1024;
/** Block maximum sizes by the frame descriptor's BD byte, bits 6-4 (4 to 7). */
const BLOCK_MAX_BYTES: Readonly<Record<number, number>> = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 };
/** What one legacy block decodes to at most, and its compressed size at most (LZ4_COMPRESSBOUND). */
const LEGACY_BLOCK_BYTES = 8 * 1024 * 1024;
const LEGACY_BOUND_BYTES = LEGACY_BLOCK_BYTES + LEGACY_BLOCK_BYTES / 255 + 16;
/** Bytes of a skippable frame passed over per read. */
const SKIP_READ_BYTES = 1024 * 1024;
/** Decoded bytes handed on at once: a block of 4 MiB goes out in slices, its ratio checked at each. */
const OUT_SLICE_BYTES = 256 * 1024;

const corrupt = (what: string) => new ScanError('CORRUPT', `lz4 ${what}`);

function isSkippable(magic: number): boolean {
  return (magic & 0xfffffff0) >>> 0 === SKIPPABLE_MAGIC;
}

/** Exactly `n` bytes, or CORRUPT: the data ends inside `what`. */
async function exactly(input: StreamBytes, n: number, what: string): Promise<Buffer> {
  const bytes = await input.read(n);
  if (bytes.length < n) throw corrupt(`data is truncated (in ${what})`);
  return bytes;
}

/**
 * Decodes one compressed block `src` into `dst` from `start`, where the bytes before `start` are the
 * history its matches may reach; returns where its output ends. Output past `dst`'s end, a match
 * before the start of `dst`, or a sequence cut short is CORRUPT.
 */
export function decodeBlock(src: Uint8Array, dst: Uint8Array, start: number): number {
  const n = src.length;
  const limit = dst.length;
  let s = 0;
  let d = start;
  for (;;) {
    if (s >= n) throw corrupt('block ends inside a sequence');
    const token = src[s++];
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do {
        if (s >= n) throw corrupt('block ends inside a literal length');
        b = src[s++];
        literals += b;
      } while (b === 255);
    }
    if (s + literals > n) throw corrupt('block ends inside its literals');
    if (d + literals > limit) throw corrupt('block decodes to more than its frame allows');
    dst.set(src.subarray(s, s + literals), d);
    s += literals;
    d += literals;
    // The last sequence is literals only: the block ends there.
    if (s === n) return d;
    if (s + 2 > n) throw corrupt('block ends inside a match offset');
    const offset = src[s] | (src[s + 1] << 8);
    s += 2;
    if (offset === 0 || offset > d) throw corrupt('match reaches before the data');
    let length = token & 15;
    if (length === 15) {
      let b: number;
      do {
        if (s >= n) throw corrupt('block ends inside a match length');
        b = src[s++];
        length += b;
      } while (b === 255);
    }
    length += 4;
    if (d + length > limit) throw corrupt('block decodes to more than its frame allows');
    let from = d - offset;
    if (offset >= length) {
      dst.copyWithin(d, from, from + length);
      d += length;
    } else {
      // The match overlaps what it writes (a run): byte by byte.
      for (const end = d + length; d < end; ) dst[d++] = dst[from++];
    }
  }
}

let api: Promise<XXHashAPI> | undefined;

/** Decompresses an LZ4 byte stream (frames, legacy frames, skippable frames, one after another). */
export async function* unlz4(compressed: AsyncIterable<Buffer>, counter: ByteCounter, ctx: ReadContext): AsyncGenerator<Buffer> {
  const hash = await (api ??= xxhash());
  const input = new StreamBytes(counter.through(compressed));
  let produced = 0;
  /** Copies of `bytes` (a view of the window, which the next block overwrites), a slice at a time. */
  const out = function* (bytes: Uint8Array): Generator<Buffer> {
    for (let at = 0; at < bytes.length; at += OUT_SLICE_BYTES) {
      const slice = bytes.subarray(at, at + OUT_SLICE_BYTES);
      produced += slice.length;
      checkRatio(produced, counter.count, ctx.budget.limits.maxRatio, 'lz4 member');
      yield Buffer.from(slice);
    }
  };
  const memory = (bytes: number) => {
    const max = ctx.budget.limits.maxBufferedBytes;
    if (bytes > max) throw new ScanError('LIMIT_EXCEEDED', `lz4 block needs ${bytes} bytes, more than ${max} (maxBufferedBytes)`);
  };
  let frames = 0;
  /** The magic number that ended a legacy frame (the next frame's), still to be read. */
  let pending: number | undefined;
  for (;; frames++) {
    let magic = pending;
    pending = undefined;
    if (magic === undefined) {
      const head = await input.read(4);
      if (head.length === 0 && frames > 0) return;
      if (head.length < 4) throw corrupt(frames === 0 ? 'data is truncated (in a magic number)' : 'data ends in bytes that are no frame');
      magic = head.readUInt32LE(0);
    }
    if (magic === FRAME_MAGIC) {
      yield* frame(input, hash, out, memory);
    } else if (magic === LEGACY_MAGIC) {
      memory(LEGACY_BLOCK_BYTES);
      const block = new Uint8Array(LEGACY_BLOCK_BYTES);
      for (;;) {
        const head = await input.read(4);
        if (head.length === 0) return;
        if (head.length < 4) throw corrupt('data is truncated (in a legacy block size)');
        const size = head.readUInt32LE(0);
        if (size === FRAME_MAGIC || size === LEGACY_MAGIC || isSkippable(size)) {
          pending = size;
          break;
        }
        if (size > LEGACY_BOUND_BYTES) throw corrupt('legacy block is larger than one can be');
        const end = decodeBlock(await exactly(input, size, 'a legacy block'), block, 0);
        yield* out(block.subarray(0, end));
      }
    } else if (isSkippable(magic)) {
      for (let left = (await exactly(input, 4, 'a skippable frame')).readUInt32LE(0); left > 0; ) {
        const passed = (await exactly(input, Math.min(left, SKIP_READ_BYTES), 'a skippable frame')).length;
        left -= passed;
      }
    } else {
      throw corrupt(frames === 0 ? 'data has no frame magic number' : 'data ends in bytes that are no frame');
    }
  }
}

/** One frame after its magic number: its blocks' decoded bytes, then its checks. */
async function* frame(input: StreamBytes, hash: XXHashAPI, out: (bytes: Uint8Array) => Generator<Buffer>, memory: (bytes: number) => void): AsyncGenerator<Buffer> {
  const descriptor = await exactly(input, 2, 'a frame descriptor');
  const [flags, bd] = descriptor;
  if (flags >> 6 !== 1) throw corrupt('frame has an unknown version');
  if ((flags & 0x02) !== 0 || (bd & 0x8f) !== 0) throw corrupt('frame descriptor has reserved bits set');
  const blockMax = BLOCK_MAX_BYTES[(bd >> 4) & 7];
  if (blockMax === undefined) throw corrupt('frame has an unknown block size');
  const independent = (flags & 0x20) !== 0;
  const blockChecksums = (flags & 0x10) !== 0;
  const sized = (flags & 0x08) !== 0;
  const contentChecksum = (flags & 0x04) !== 0;
  const dictionary = (flags & 0x01) !== 0;
  const rest = await exactly(input, (sized ? 8 : 0) + (dictionary ? 4 : 0) + 1, 'a frame descriptor');
  const described = Buffer.concat([descriptor, rest.subarray(0, rest.length - 1)]);
  if (((hash.h32Raw(described) >>> 8) & 0xff) !== rest[rest.length - 1]) throw corrupt('frame descriptor checksum does not match');
  if (dictionary) throw new ScanError('OPAQUE', 'lz4 frame needs a dictionary that is not in the object: its data is not read');
  const contentSize = sized ? Number(rest.readBigUInt64LE(0)) : undefined;
  const history = independent ? 0 : WINDOW_BYTES;
  memory(history + blockMax);
  const window = new Uint8Array(history + blockMax);
  const content = contentChecksum ? hash.create32(0) : undefined;
  let kept = 0;
  let size = 0;
  for (;;) {
    const word = (await exactly(input, 4, 'a block size')).readUInt32LE(0);
    if (word === 0) break;
    const stored = (word & 0x80000000) !== 0;
    const length = word & 0x7fffffff;
    if (length > blockMax) throw corrupt('block is larger than its frame allows');
    const data = await exactly(input, length, 'a block');
    if (blockChecksums && (await exactly(input, 4, 'a block checksum')).readUInt32LE(0) !== hash.h32Raw(data)) {
      throw corrupt('block checksum does not match');
    }
    let end: number;
    if (stored) {
      window.set(data, kept);
      end = kept + length;
    } else {
      end = decodeBlock(data, window.subarray(0, kept + blockMax), kept);
    }
    const block = window.subarray(kept, end);
    content?.update(block);
    size += block.length;
    yield* out(block);
    if (!independent) {
      // The next block may reach back 64 KiB into this one and the ones before.
      const keep = Math.min(WINDOW_BYTES, end);
      window.copyWithin(0, end - keep, end);
      kept = keep;
    }
  }
  if (content !== undefined && (await exactly(input, 4, 'a content checksum')).readUInt32LE(0) !== content.digest() >>> 0) {
    throw corrupt('frame checksum does not match its content');
  }
  if (contentSize !== undefined && contentSize !== size) throw corrupt(`frame decoded to ${size} bytes, its header says ${contentSize}`);
}
