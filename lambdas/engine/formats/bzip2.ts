/**
 * Bzip2 decoder: unbzip2-stream's pure-JS block decoder, driven here rather than through its
 * old-style stream so that the output goes into 64 KiB Buffers (not a JS array per block) and the
 * ratio is checked as each byte is written: a bzip2 block decodes in one synchronous call, and a
 * bomb block (45 MB from a few bytes) must stop before it is held in memory. Multi-stream files
 * (pbzip2) are read to their end.
 */
import bitIterator, { type BitReader } from 'unbzip2-stream/lib/bit_iterator.js';
import bz2 from 'unbzip2-stream/lib/bzip2.js';
import { ScanError } from '../errors.js';
import { checkRatio, toScanError, type ByteCounter } from './bytes.js';
import type { ReadContext } from './limits.js';

/** Decoded bytes handed on at a time. */
const OUTPUT_CHUNK_BYTES = 64 * 1024;
/** A block needs at most this many input bytes after its start (unbzip2-stream's own margin). */
const blockInputBytes = (blockSize: number): number => 25_000 + 100_000 * blockSize;

/** Decompresses a bzip2 byte stream; bad or truncated data is CORRUPT, a bomb LIMIT_EXCEEDED. */
export async function* bunzip2(compressed: AsyncIterable<Buffer>, counter: ByteCounter, ctx: ReadContext): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let received = 0;
  // The bit reader takes its first buffer when created: create it once data has come.
  let reader: BitReader | undefined;
  const consumed = (): number => reader?.bytesRead ?? 0;
  const nextBuffer = (): Buffer => {
    const next = queue.shift();
    // Asked past the data: the stream is truncated (blocks are decoded with a margin, so only at the end).
    if (next === undefined) throw new ScanError('CORRUPT', 'bzip2 data is truncated');
    return next;
  };
  let output = Buffer.allocUnsafe(OUTPUT_CHUNK_BYTES);
  let length = 0;
  let produced = 0;
  const ready: Buffer[] = [];
  const write = (byte: number): void => {
    output[length++] = byte;
    if (length === OUTPUT_CHUNK_BYTES) {
      ready.push(output);
      produced += length;
      checkRatio(produced, consumed(), ctx.budget.limits.maxRatio, 'bzip2 member');
      output = Buffer.allocUnsafe(OUTPUT_CHUNK_BYTES);
      length = 0;
    }
  };
  let blockSize = 0;
  let streamCrc: number | null = null;
  let work: Int32Array | undefined;
  /** Decodes one stream header or block; false at the end of a stream. */
  const step = (): void => {
    try {
      if (blockSize === 0) {
        blockSize = bz2.header(reader!);
        streamCrc = 0;
        if (work === undefined || work.length < 100_000 * blockSize) work = new Int32Array(100_000 * blockSize);
        return;
      }
      streamCrc = bz2.decompress(reader!, write, work!, 100_000 * blockSize, streamCrc);
      if (streamCrc === null) blockSize = 0;
    } catch (error) {
      throw toScanError(error, 'CORRUPT', 'bzip2 data could not be decompressed');
    }
    if (length > 0) {
      ready.push(output.subarray(0, length));
      produced += length;
      output = Buffer.allocUnsafe(OUTPUT_CHUNK_BYTES);
      length = 0;
    }
  };

  for await (const chunk of counter.through(compressed)) {
    queue.push(chunk);
    received += chunk.length;
    reader ??= bitIterator(nextBuffer);
    while (received - consumed() + 1 >= (blockSize === 0 ? 4 : blockInputBytes(blockSize))) {
      step();
      yield* ready.splice(0);
    }
  }
  if (received === 0) throw new ScanError('CORRUPT', 'bzip2 data is empty');
  while (received > consumed()) {
    step();
    yield* ready.splice(0);
  }
  if (streamCrc !== null) throw new ScanError('CORRUPT', 'bzip2 data is truncated');
}
