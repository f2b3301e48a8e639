/** Gzip decoder for the compressed-stream reader (compressed.ts). */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isScanError } from '../errors.js';
import { ByteCounter, toScanError } from './bytes.js';

/** Output chunk size of the decompressor: big enough that the text reader rarely coalesces. */
const GUNZIP_CHUNK_BYTES = 64 * 1024;

/** Decompresses a gzip byte stream (all members of a multi-member file); bad data is CORRUPT. */
export async function* gunzip(compressed: AsyncIterable<Buffer>, counter: ByteCounter): AsyncGenerator<Buffer> {
  const output = pipeline(
    Readable.from(counter.through(compressed), { objectMode: false }),
    createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }),
    () => undefined, // errors surface through the iteration below
  );
  try {
    for await (const chunk of output) yield chunk as Buffer;
  } catch (error) {
    throw isScanError(error) ? error : toScanError(error, 'CORRUPT', 'gzip data could not be decompressed');
  } finally {
    output.destroy();
  }
}
