/**
 * Zstandard decoder: fzstd (pure JS, streaming). fzstd allocates the window a frame header
 * declares (up to 2 GB): the first frame's window is checked against `maxBufferedBytes` before
 * any allocation, so a hostile header is LIMIT_EXCEEDED, not an out-of-memory crash. One `push`
 * decodes every block it can, synchronously: the ratio is checked as each block comes out, so a
 * bomb stops inside the call instead of after it.
 */
import { Decompress } from 'fzstd';
import { ScanError } from '../errors.js';
import { checkRatio, toScanError, type ByteCounter } from './bytes.js';
import type { ReadContext } from './limits.js';

const MAGIC = 0xfd2fb528;

/**
 * Memory a zstd frame header asks for: its window size, or its content size for a single-segment
 * frame. Undefined while the header is incomplete or for a skippable frame.
 */
export function frameMemory(head: Uint8Array): number | undefined {
  if (head.length < 6) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return undefined;
  const descriptor = head[4];
  const singleSegment = (descriptor & 0x20) !== 0;
  if (!singleSegment) {
    const exponent = head[5] >> 3;
    const base = 2 ** (10 + exponent);
    return base + (base / 8) * (head[5] & 7);
  }
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3];
  const sizeBytes = [1, 2, 4, 8][descriptor >> 6];
  const at = 5 + dictionaryBytes;
  if (head.length < at + sizeBytes) return undefined;
  if (sizeBytes === 1) return head[at];
  if (sizeBytes === 2) return view.getUint16(at, true) + 256;
  if (sizeBytes === 4) return view.getUint32(at, true);
  return Number(view.getBigUint64(at, true));
}

/** Decompresses a zstd byte stream (all frames); bad or truncated data is CORRUPT. */
export async function* unzstd(compressed: AsyncIterable<Buffer>, counter: ByteCounter, ctx: ReadContext): AsyncGenerator<Buffer> {
  const ready: Uint8Array[] = [];
  let ended = false;
  let produced = 0;
  const decoder = new Decompress((chunk, final) => {
    produced += chunk.length;
    checkRatio(produced, counter.count, ctx.budget.limits.maxRatio, 'zstd member');
    ready.push(chunk);
    if (final) ended = true;
  });
  let head: Buffer | undefined = Buffer.alloc(0);
  const max = ctx.budget.limits.maxBufferedBytes;
  for await (const chunk of counter.through(compressed)) {
    if (head !== undefined) {
      head = Buffer.concat([head, chunk]);
      const memory = frameMemory(head);
      if (memory !== undefined && memory > max) {
        throw new ScanError('LIMIT_EXCEEDED', `zstd frame needs a ${memory}-byte window, more than ${max} (maxBufferedBytes)`);
      }
      if (memory !== undefined || head.length >= 18) head = undefined;
    }
    try {
      decoder.push(chunk);
    } catch (error) {
      throw toScanError(error, 'CORRUPT', 'zstd data could not be decompressed');
    }
    // fzstd may hand out views of its window, which later frames overwrite: copy.
    for (const out of ready.splice(0)) if (out.byteLength > 0) yield Buffer.from(out);
  }
  try {
    decoder.push(new Uint8Array(0), true);
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'zstd data is truncated');
  }
  for (const out of ready.splice(0)) if (out.byteLength > 0) yield Buffer.from(out);
  if (!ended) throw new ScanError('CORRUPT', 'zstd data is truncated');
}
