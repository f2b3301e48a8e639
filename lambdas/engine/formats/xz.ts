/**
 * Xz decoder: xz-embedded compiled to WASM (xz-decompress), which runs in Lambda as anywhere. Its
 * WASM instance decodes one stream at a time and makes a second one wait until the first is done;
 * an xz inside an xz (read while the outer one is open) would wait forever, so it is refused as
 * LIMIT_EXCEEDED instead: that member fails, it is never skipped.
 */
import { ReadableStream } from 'node:stream/web';
import xzDecompress from 'xz-decompress';
import { ScanError } from '../errors.js';
import { toScanError, type ByteCounter } from './bytes.js';

/** Xz streams open in this process (0 or 1, see the module doc). */
let open = 0;

/** Decompresses an xz byte stream; bad or truncated data is CORRUPT. */
export async function* unxz(compressed: AsyncIterable<Buffer>, counter: ByteCounter): AsyncGenerator<Buffer> {
  if (open > 0) throw new ScanError('LIMIT_EXCEEDED', 'an xz stream inside another xz stream is not read (one xz decoder per process)');
  open++;
  const input = counter.through(compressed)[Symbol.asyncIterator]();
  const web = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const result = await input.next();
      if (result.done) controller.close();
      else controller.enqueue(result.value);
    },
    async cancel() {
      await input.return?.(undefined);
    },
  });
  const reader = new xzDecompress.XzReadableStream(web as unknown as globalThis.ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      let result: { done: boolean; value?: Uint8Array };
      try {
        result = await reader.read();
      } catch (error) {
        throw toScanError(error, 'CORRUPT', 'xz data could not be decompressed');
      }
      if (result.done || result.value === undefined) return;
      if (result.value.byteLength > 0) yield Buffer.from(result.value.buffer, result.value.byteOffset, result.value.byteLength);
    }
  } finally {
    open--;
    await reader.cancel(undefined).catch(() => undefined);
  }
}
