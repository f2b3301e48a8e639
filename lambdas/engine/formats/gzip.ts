/**
 * Gzip reader: streams the inner object through zlib and reads it again from the top (sniffed
 * and dispatched like any object), with `entry` = the inner name. A `.tgz` holds a tar, which is
 * read as binary.
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { ByteCounter, meter, sourceBytes, toScanError } from './bytes.js';
import { checkDepth, memberContext, type ReadContext } from './limits.js';
import { readMember } from './members.js';
import { baseName } from './sniff.js';
import type { Source } from './source.js';

/** Output chunk size of the decompressor: big enough that the text reader rarely coalesces. */
const GUNZIP_CHUNK_BYTES = 64 * 1024;

/** Name of the object inside a gzip: the base name without `.gz`; `.tgz` becomes `.tar`. */
export function innerName(name: string): string {
  const base = baseName(name);
  if (/\.tgz$/i.test(base)) return `${base.slice(0, -4)}.tar`;
  const stripped = base.replace(/\.(gz|gzip)$/i, '');
  return stripped.length > 0 ? stripped : base;
}

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

/** Reads a gzip object: its one inner object as a container member. */
export async function* readGzip(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  const name = innerName(source.name);
  const inner = memberContext(ctx, name);
  const member: Source = {
    name,
    open: () => {
      const counter = new ByteCounter();
      return meter(gunzip(sourceBytes(source), counter), {
        budget: ctx.budget,
        compressed: () => counter.count,
        label: 'gzip member',
      });
    },
  };
  yield* readMember(() => ctx.open(member, inner), { entry: inner.entry }, ctx.budget);
}
