/** Gzip, zlib, raw deflate and Brotli decoders for the compressed-stream reader (compressed.ts): node:zlib's. */
import { Readable, pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { ScanError, isScanError } from '../errors.js';
import { ByteCounter, toScanError } from './bytes.js';

/** Output chunk size of the decompressor: big enough that the text reader rarely coalesces. */
const GUNZIP_CHUNK_BYTES = 64 * 1024;

const DECOMPRESSORS = {
  gzip: () => createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }),
  zlib: () => createInflate({ chunkSize: GUNZIP_CHUNK_BYTES }),
  deflate: () => createInflateRaw({ chunkSize: GUNZIP_CHUNK_BYTES }),
  brotli: () => createBrotliDecompress({ chunkSize: GUNZIP_CHUNK_BYTES }),
} as const;

/**
 * One deflate stream is all a zlib or raw deflate object holds: node:zlib stops at its end and
 * drops what follows, so bytes after it are CORRUPT rather than left unread.
 */
const ONE_STREAM: ReadonlySet<keyof typeof DECOMPRESSORS> = new Set(['zlib', 'deflate']);

/**
 * Decompresses a gzip byte stream (all members of a multi-member file), or with `zlib` a zlib
 * stream (a pg_dump archive's data: pgdump.ts), with `deflate` a raw deflate stream, or with
 * `brotli` a Brotli stream; bad data is CORRUPT.
 */
export async function* gunzip(compressed: AsyncIterable<Buffer>, counter: ByteCounter, wrapping: keyof typeof DECOMPRESSORS = 'gzip'): AsyncGenerator<Buffer> {
  const decompressor = DECOMPRESSORS[wrapping]();
  let completed: (error: unknown) => void = () => undefined;
  const done = new Promise<unknown>((resolve) => {
    completed = resolve;
  });
  const own = new ByteCounter(); // this stream's bytes (`counter` may count others' too: a pg_dump archive's blocks)
  const output = pipeline(
    Readable.from(own.through(counter.through(compressed)), { objectMode: false }),
    decompressor,
    (error) => completed(error), // errors surface through the iteration below
  );
  try {
    for await (const chunk of output) yield chunk as Buffer;
    if (ONE_STREAM.has(wrapping)) {
      // Once the pipeline is done, every byte of the object has been read: the decompressor took fewer.
      const failure = await done;
      if (decompressor.bytesWritten < own.count) {
        throw new ScanError('CORRUPT', `${own.count - decompressor.bytesWritten} bytes after the end of the ${wrapping} stream`);
      }
      if (failure !== undefined && failure !== null) throw failure;
    }
  } catch (error) {
    throw isScanError(error) ? error : toScanError(error, 'CORRUPT', `${wrapping} data could not be decompressed`);
  } finally {
    output.destroy();
  }
}
