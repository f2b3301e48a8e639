/**
 * Snappy streams, told by sniff.ts:
 * - the framing format of a `.sz` file (snzip, python-snappy's `-c`, cramjam, Rust's snap; magic
 *   `ff 06 00 00 sNaPpY`), as google/snappy's framing_format.txt specifies it: chunks of at most
 *   64 KiB of data, compressed (raw snappy, decoded by hyparquet's snappyUncompress, a dependency
 *   already) or stored, each with a masked CRC-32C of its data, checked here; padding and
 *   skippable chunks passed over; a reserved unskippable chunk, a bad identifier or a chunk cut
 *   short `CORRUPT`.
 * - Hadoop's Snappy stream (SnappyCodec's BlockCompressorStream: a `.snappy` file of Spark, Hive or
 *   MapReduce): blocks of a big-endian length of their data, then chunks of a big-endian length and
 *   a raw snappy block each, until the block's data is whole. It has no checksum: a chunk that does
 *   not decode, or decodes to more than its block holds, or a block cut short is `CORRUPT`.
 *
 * Before this reader a `.sz` file went to the strings pass, which found what snappy had left as it
 * was: of 5,000 customers, 2 names and 112 of their mobiles; of a Hadoop `.snappy` of 5,000
 * customers, 77 of the resident IDs.
 */
import { ScanError } from '../errors.js';
import { checkRatio, StreamBytes, type ByteCounter } from './bytes.js';
import type { ReadContext } from './limits.js';
import { HADOOP_SNAPPY_MAX_BLOCK, SNAPPY_FRAMED_MAGIC, snappyLength, snappyMaxCompressed } from './sniff.js';

/** Most data one chunk holds. */
const CHUNK_DATA_BYTES = 65_536;

/** CRC-32C (Castagnoli), reflected, table-driven. */
const CRC32C = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  CRC32C[i] = c;
}

/** The masked CRC-32C the framing format stores: rotated right 15 bits, plus 0xa282ead8. */
export function maskedCrc32c(data: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = CRC32C[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  crc = ~crc >>> 0;
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

const corrupt = (what: string) => new ScanError('CORRUPT', `snappy ${what}`);

/** Decompresses a framed snappy stream (streams one after another too), or Hadoop's (by its first byte: a frame's is `ff`). */
export async function* unsnappy(compressed: AsyncIterable<Buffer>, counter: ByteCounter, ctx: ReadContext): AsyncGenerator<Buffer> {
  const { snappyUncompress } = await import('hyparquet');
  const input = new StreamBytes(counter.through(compressed));
  const first = await input.read(4);
  if (first.length > 0 && first[0] !== 0xff) {
    yield* hadoopBlocks(input, first, snappyUncompress, counter, ctx);
    return;
  }
  yield* framedChunks(input, first, snappyUncompress, counter, ctx);
}

type Uncompress = (input: Uint8Array, output: Uint8Array) => void;

/** Most data one raw snappy block of `length` bytes can hold: a copy of 64 bytes takes 3. */
const snappyMaxData = (length: number): number => 22 * length + 64;

/** Hadoop's blocks, the first block's length already read (`first`). */
async function* hadoopBlocks(input: StreamBytes, first: Buffer, snappyUncompress: Uncompress, counter: ByteCounter, ctx: ReadContext): AsyncGenerator<Buffer> {
  let produced = 0;
  for (let head = first; head.length > 0; head = await input.read(4)) {
    if (head.length < 4) throw corrupt('data is truncated (in a block header)');
    const blockLength = head.readUInt32BE(0);
    if (blockLength > HADOOP_SNAPPY_MAX_BLOCK) throw corrupt('block is longer than a Hadoop block is taken to be');
    for (let left = blockLength; left > 0; ) {
      const chunkHead = await input.read(4);
      if (chunkHead.length < 4) throw corrupt('data is truncated (in a chunk header)');
      const chunkLength = chunkHead.readUInt32BE(0);
      if (chunkLength > snappyMaxCompressed(left)) throw corrupt('chunk is longer than its block can take');
      // A chunk is held whole to be decoded (and its data): no more than any part parsed in memory.
      if (chunkLength > ctx.budget.limits.maxBufferedBytes) throw new ScanError('LIMIT_EXCEEDED', `snappy chunk is larger than ${ctx.budget.limits.maxBufferedBytes} bytes (maxBufferedBytes)`);
      const chunk = await input.read(chunkLength);
      if (chunk.length < chunkLength) throw corrupt('data is truncated (in a chunk)');
      const size = snappyLength(chunk, 'snappy chunk');
      if (size === 0 || size > left || size > snappyMaxData(chunkLength)) throw corrupt('chunk holds other than its block has left');
      const out = Buffer.alloc(size);
      try {
        snappyUncompress(chunk, out);
      } catch {
        throw corrupt('chunk could not be decompressed');
      }
      left -= size;
      produced += size;
      checkRatio(produced, counter.count, ctx.budget.limits.maxRatio, 'snappy member');
      yield out;
    }
  }
}

/** Framed chunks, the first chunk's header already read (`first`). */
async function* framedChunks(input: StreamBytes, first: Buffer, snappyUncompress: Uncompress, counter: ByteCounter, ctx: ReadContext): AsyncGenerator<Buffer> {
  let produced = 0;
  for (let head = first, isFirst = true; ; head = await input.read(4), isFirst = false) {
    if (head.length === 0 && !isFirst) return;
    if (head.length < 4) throw corrupt('data is truncated (in a chunk header)');
    const type = head[0];
    const length = head.readUIntLE(1, 3);
    const body = await input.read(length);
    if (body.length < length) throw corrupt('data is truncated (in a chunk)');
    if (isFirst && type !== 0xff) throw corrupt('data does not start with its stream identifier');
    if (type === 0xff) {
      if (!body.equals(SNAPPY_FRAMED_MAGIC.subarray(4))) throw corrupt('stream identifier is damaged');
      continue;
    }
    if (type >= 0x80) continue; // Padding and reserved skippable chunks.
    if (type > 0x01) throw corrupt(`data holds a reserved chunk that may not be skipped (${type})`);
    if (length < 4) throw corrupt('chunk is too short for its checksum');
    const data = body.subarray(4);
    let out: Buffer;
    if (type === 0x01) out = Buffer.from(data);
    else {
      const size = snappyLength(data, 'snappy chunk');
      if (size > CHUNK_DATA_BYTES) throw corrupt('chunk decompresses to more than 64 KiB');
      out = Buffer.alloc(size);
      try {
        snappyUncompress(data, out);
      } catch {
        throw corrupt('chunk could not be decompressed');
      }
    }
    if (out.length > CHUNK_DATA_BYTES) throw corrupt('chunk holds more than 64 KiB');
    if (maskedCrc32c(out) !== body.readUInt32LE(0)) throw corrupt('chunk checksum does not match its data');
    produced += out.length;
    checkRatio(produced, counter.count, ctx.budget.limits.maxRatio, 'snappy member');
    if (out.length > 0) yield out;
  }
}
