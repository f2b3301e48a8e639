/** Gzip, zlib and Brotli decoders for the compressed-stream reader (compressed.ts): node:zlib's. */
import { Readable, pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { isScanError } from '../errors.js';
import { ByteCounter, toScanError } from './bytes.js';

/** Output chunk size of the decompressor: big enough that the text reader rarely coalesces. */
const GUNZIP_CHUNK_BYTES = 64 * 1024;

const DECOMPRESSORS = {
  gzip: () => createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }),
  zlib: () => createInflate({ chunkSize: GUNZIP_CHUNK_BYTES }),
  brotli: () => createBrotliDecompress({ chunkSize: GUNZIP_CHUNK_BYTES }),
} as const;

/**
 * Decompresses a gzip byte stream (all members of a multi-member file), or with `zlib` a zlib
 * stream (a pg_dump archive's data: pgdump.ts), or with `brotli` a Brotli stream; bad data is CORRUPT.
 */
export async function* gunzip(compressed: AsyncIterable<Buffer>, counter: ByteCounter, wrapping: keyof typeof DECOMPRESSORS = 'gzip'): AsyncGenerator<Buffer> {
  const output = pipeline(
    Readable.from(counter.through(compressed), { objectMode: false }),
    DECOMPRESSORS[wrapping](),
    () => undefined, // errors surface through the iteration below
  );
  try {
    for await (const chunk of output) yield chunk as Buffer;
  } catch (error) {
    throw isScanError(error) ? error : toScanError(error, 'CORRUPT', `${wrapping} data could not be decompressed`);
  } finally {
    output.destroy();
  }
}
