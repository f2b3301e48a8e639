/**
 * Tar reader (tar-stream): ustar, pax (long names, UTF-8 paths) and GNU (long names) archives,
 * streamed in one pass, so a `.tar.gz` or `.tar.xz` of any size is read without holding it.
 * Every regular file is sniffed and read like an object of its own, recursively, with
 * `where.entry` = its path below the top-level object.
 *
 * | Condition                                   | Result                                        |
 * |---------------------------------------------|-----------------------------------------------|
 * | directory, link, device, FIFO               | skipped (still counted as a member)           |
 * | more members than `maxEntries` (all levels) | throws LIMIT_EXCEEDED, reading stops          |
 * | more bytes than `maxTotalBytes` (all levels)| throws LIMIT_EXCEEDED, reading stops          |
 * | nesting deeper than `maxDepth`              | ErrorPart LIMIT_EXCEEDED for that member      |
 * | a member that fails (corrupt, over a limit) | ErrorPart, the rest of it is skipped, next member |
 * | entry of an unknown type with data (GNU sparse, multi-volume) | ErrorPart CORRUPT (not read) |
 * | bad header checksum, truncated archive      | throws CORRUPT (the archive stops there)      |
 */
import tarStream, { type Extract, type Headers } from 'tar-stream';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { mapErrors, meter, sourceBytes, toScanError } from './bytes.js';
import { checkDepth, memberContext, type ReadContext } from './limits.js';
import { errorPart, readMember } from './members.js';
import type { Source } from './source.js';

const FILE_TYPES = new Set<Headers['type']>(['file', 'contiguous-file']);
const CORRUPT = 'tar archive is corrupt or truncated';

/**
 * Until the extractor wants more (`drain`) or is gone (`close`, `error`). Never rejects: the
 * extractor's own error reaches the reader through its iterator.
 */
function writable(extract: Extract): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      extract.off('drain', done);
      extract.off('close', done);
      extract.off('error', done);
      resolve();
    };
    extract.on('drain', done);
    extract.on('close', done);
    extract.on('error', done);
  });
}

/** Feeds the archive's bytes to the extractor with backpressure; stops when it is destroyed. */
async function pump(input: AsyncIterable<Buffer>, extract: Extract): Promise<void> {
  try {
    for await (const chunk of input) {
      if (extract.destroyed) return;
      if (!extract.write(chunk)) await writable(extract);
    }
    if (!extract.destroyed) extract.end();
  } catch (error) {
    extract.destroy(error as Error);
  }
}

/**
 * An entry's chunks for one reader. A member reader that stops early must not close the entry:
 * tar-stream then destroys the whole archive. The tar reader drains what is left instead.
 */
async function* entryChunks(chunks: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  for (;;) {
    const result = await chunks.next();
    if (result.done) return;
    yield result.value;
  }
}

/** Reads what a member reader left of an entry, so the archive can go on to the next header. */
async function drain(chunks: AsyncIterator<Buffer>): Promise<void> {
  try {
    while (!(await chunks.next()).done);
  } catch (error) {
    throw toScanError(error, 'CORRUPT', CORRUPT);
  }
}

/** Reads a tar archive (any compression is already removed: compressed.ts). */
export async function* readTar(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  const extract = tarStream.extract();
  const pumped = pump(sourceBytes(source), extract);
  const entries = mapErrors(extract, 'CORRUPT', CORRUPT);
  try {
    let index = 0;
    for await (const entry of entries) {
      index += 1;
      ctx.budget.countEntry();
      const { header } = entry;
      const chunks = (entry as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      const label = `tar entry ${index}`;
      if (header.type === null && (header.size ?? 0) > 0) {
        yield errorPart({ entry: memberContext(ctx, header.name).entry }, new ScanError('CORRUPT', `${label} has an unknown entry type (not read)`));
      } else if (FILE_TYPES.has(header.type)) {
        const inner = memberContext(ctx, header.name);
        let opened = false;
        const member: Source = {
          name: header.name,
          size: header.size,
          open: () => {
            // A streamed archive goes by once: its members cannot be reopened.
            if (opened) throw new ScanError('READ_FAILED', `${label} can be read only once`);
            opened = true;
            return meter(mapErrors(entryChunks(chunks), 'CORRUPT', CORRUPT), { budget: ctx.budget, label });
          },
        };
        yield* readMember(() => ctx.open(member, inner), { entry: inner.entry }, ctx.budget);
      }
      await drain(chunks);
    }
  } finally {
    extract.destroy();
    await pumped;
  }
}
