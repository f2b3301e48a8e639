/**
 * Snappy: a raw block's length (Avro's and Parquet's snappy blocks), and the framing format of a
 * `.sz` file (snzip, python-snappy's `-c`, cramjam, Rust's snap; magic `ff 06 00 00 sNaPpY`), as
 * google/snappy's framing_format.txt specifies it: chunks of at most 64 KiB of data, compressed
 * (raw snappy, decoded by hyparquet's snappyUncompress, a dependency already) or stored, each with
 * a masked CRC-32C of its data, checked here; padding and skippable chunks passed over; a reserved
 * unskippable chunk, a bad identifier or a chunk cut short `CORRUPT`.
 *
 * Before this reader a `.sz` file went to the strings pass, which found what snappy had left as it
 * was: of 5,000 customers, 2 names and 112 of their mobiles.
 */
import { ScanError } from '../errors.js';
import { checkRatio, StreamBytes, type ByteCounter } from './bytes.js';
import type { ReadContext } from './limits.js';
import { SNAPPY_FRAMED_MAGIC } from './sniff.js';

/** Most data one chunk holds. */
const CHUNK_DATA_BYTES = 65_536;

/** Length of the uncompressed data a raw snappy block starts with (a varint); `label` names the block in the error. */
export function snappyLength(block: Uint8Array, label: string): number {
  let length = 0;
  for (let i = 0, shift = 0; i < 5 && i < block.length; i++, shift += 7) {
    length += (block[i] & 0x7f) * 2 ** shift;
    if ((block[i] & 0x80) === 0) return length;
  }
  throw new ScanError('CORRUPT', `${label} has no length`);
}

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

/** Decompresses a framed snappy stream (streams one after another too). */
export async function* unsnappy(compressed: AsyncIterable<Buffer>, counter: ByteCounter, ctx: ReadContext): AsyncGenerator<Buffer> {
  const { snappyUncompress } = await import('hyparquet');
  const input = new StreamBytes(counter.through(compressed));
  let produced = 0;
  for (let first = true; ; first = false) {
    const head = await input.read(4);
    if (head.length === 0 && !first) return;
    if (head.length < 4) throw corrupt('data is truncated (in a chunk header)');
    const type = head[0];
    const length = head.readUIntLE(1, 3);
    const body = await input.read(length);
    if (body.length < length) throw corrupt('data is truncated (in a chunk)');
    if (first && type !== 0xff) throw corrupt('data does not start with its stream identifier');
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
