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
 *
 * pg_dump's tar format (`pg_dump -Ft`) is such an archive: `toc.dat` first (the custom format's
 * table of contents), then a file of COPY rows per table (`3340.dat`), then `restore.sql`. A data
 * file alone is rows without their columns' names (a list of names and WeChat ids came out
 * public), so a `toc.dat` that is one is held (it is small) and the data files it names, under
 * the same folder (a tarred `pg_dump -Fd` folder's `3340.dat.gz` too), are read after their COPY
 * statement, as a custom-format archive's data is (pgdump.ts). A data file before its `toc.dat`
 * (a folder tarred in name order) is read as text.
 */
import tarStream, { type Extract, type Headers } from 'tar-stream';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { collect, mapErrors, meter, sourceBytes, toScanError } from './bytes.js';
import { checkDepth, memberContext, type Opened, type ReadContext } from './limits.js';
import { errorPart, readMember } from './members.js';
import type { Source } from './source.js';

const FILE_TYPES = new Set<Headers['type']>(['file', 'contiguous-file']);
const CORRUPT = 'tar archive is corrupt or truncated';
/** The folder part of a member path, with its slash (`dump/` of `dump/toc.dat`). */
const folderOf = (path: string): string => path.slice(0, path.lastIndexOf('/') + 1);

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
  /** pg_dump's data files named by a `toc.dat` read so far, and their COPY statements. */
  const copyStatements = new Map<string, string>();
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
        let bytes: AsyncIterable<Buffer> = meter(mapErrors(entryChunks(chunks), 'CORRUPT', CORRUPT), { budget: ctx.budget, label });
        if (header.name === 'toc.dat' || header.name.endsWith('/toc.dat')) {
          const pgdump = await import('./pgdump.js');
          if ((header.size ?? 0) <= pgdump.MAX_TOC_BYTES) {
            const held = await collect(bytes, pgdump.MAX_TOC_BYTES);
            for (const [path, copyStmt] of await pgdump.copyStatements(folderOf(header.name), held)) copyStatements.set(path, copyStmt);
            bytes = (async function* () {
              yield held;
            })();
          }
        }
        const member: Source = {
          name: header.name,
          size: header.size,
          open: () => {
            // A streamed archive goes by once: its members cannot be reopened.
            if (opened) throw new ScanError('READ_FAILED', `${label} can be read only once`);
            opened = true;
            return bytes;
          },
        };
        const copyStmt = copyStatements.get(header.name);
        const open = async (): Promise<Opened> => {
          if (copyStmt === undefined) return ctx.open(member, inner);
          const { readPgDumpData } = await import('./pgdump.js');
          return { format: 'pgdump', parts: readPgDumpData(member, copyStmt, inner) };
        };
        yield* readMember(open, { entry: inner.entry }, ctx.budget);
      }
      await drain(chunks);
    }
  } finally {
    extract.destroy();
    await pumped;
  }
}
