/** Gzip decoder for the compressed-stream reader (compressed.ts). */
import { Readable, pipeline } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { isScanError } from '../errors.js';
import { ByteCounter, toScanError } from './bytes.js';

/** Output chunk size of the decompressor: big enough that the text reader rarely coalesces. */
const GUNZIP_CHUNK_BYTES = 64 * 1024;

/**
 * Decompresses a gzip byte stream (all members of a multi-member file), or with `zlib` a zlib
 * stream (a pg_dump archive's data: pgdump.ts); bad data is CORRUPT.
 */
export async function* gunzip(compressed: AsyncIterable<Buffer>, counter: ByteCounter, wrapping: 'gzip' | 'zlib' = 'gzip'): AsyncGenerator<Buffer> {
  const output = pipeline(
    Readable.from(counter.through(compressed), { objectMode: false }),
    wrapping === 'gzip' ? createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }) : createInflate({ chunkSize: GUNZIP_CHUNK_BYTES }),
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
