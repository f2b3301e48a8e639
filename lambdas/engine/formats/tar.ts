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
 * statement, as a custom-format archive's data is (pgdump.ts). A data file met before any
 * `toc.dat` of its folder (a folder tarred in name order, or in the order its directory lists) is
 * held, MAX_WAITING_BYTES in all, until one names it or the archive ends (then read as it is);
 * one larger than what is left is read as text at once.
 */
import tarStream, { type Extract, type Headers } from 'tar-stream';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { collect, mapErrors, meter, sourceBytes, toScanError } from './bytes.js';
import { checkDepth, memberContext, type Opened, type ReadContext } from './limits.js';
import { errorPart, readMember } from './members.js';
import { PG_DATA_FILE } from './sniff.js';
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

/** Most bytes of pg_dump data files held, in all, while no `toc.dat` has named them yet. */
const MAX_WAITING_BYTES = 32 * 1024 * 1024;

/** A member held until a `toc.dat` after it names it, or the archive ends. */
interface Waiting {
  readonly name: string;
  readonly inner: ReadContext;
  readonly label: string;
  readonly bytes: Buffer;
}

/** Reads a tar archive (any compression is already removed: compressed.ts). */
export async function* readTar(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  const extract = tarStream.extract();
  const pumped = pump(sourceBytes(source), extract);
  const entries = mapErrors(extract, 'CORRUPT', CORRUPT);
  /** pg_dump's data files named by a `toc.dat` read so far, and their COPY statements. */
  const copyStatements = new Map<string, string>();
  /** The folders whose `toc.dat` has been read. */
  const tocFolders = new Set<string>();
  /** Data files named as pg_dump's, met before any `toc.dat` in their folder (a folder tarred in name order). */
  const waiting: Waiting[] = [];
  let waitingBytes = 0;
  /** One member, read once from `bytes`: after its COPY statement when a `toc.dat` named it. */
  function readOne(name: string, size: number | undefined, bytes: AsyncIterable<Buffer>, inner: ReadContext, label: string): AsyncGenerator<ContentPart> {
    let opened = false;
    const member: Source = {
      name,
      size,
      open: () => {
        // A streamed archive goes by once: its members cannot be reopened.
        if (opened) throw new ScanError('READ_FAILED', `${label} can be read only once`);
        opened = true;
        return bytes;
      },
    };
    const copyStmt = copyStatements.get(name);
    const open = async (): Promise<Opened> => {
      if (copyStmt === undefined) return ctx.open(member, inner);
      const { readPgDumpData } = await import('./pgdump.js');
      return { format: 'pgdump', parts: readPgDumpData(member, copyStmt, inner) };
    };
    return readMember(open, { entry: inner.entry }, ctx.budget);
  }
  const held = (bytes: Buffer) =>
    (async function* () {
      yield bytes;
    })();
  /** The members held for `folder` (all with none), read now: under their columns if its `toc.dat` named them. */
  async function* release(folder?: string): AsyncGenerator<ContentPart> {
    for (let i = 0; i < waiting.length; ) {
      const member = waiting[i];
      if (folder !== undefined && folderOf(member.name) !== folder) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      waitingBytes -= member.bytes.length;
      yield* readOne(member.name, member.bytes.length, held(member.bytes), member.inner, member.label);
    }
  }
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
        const folder = folderOf(header.name);
        const size = header.size ?? 0;
        let bytes: AsyncIterable<Buffer> = meter(mapErrors(entryChunks(chunks), 'CORRUPT', CORRUPT), { budget: ctx.budget, label });
        if (header.name === 'toc.dat' || header.name.endsWith('/toc.dat')) {
          const pgdump = await import('./pgdump.js');
          if (size <= pgdump.MAX_TOC_BYTES) {
            const toc = await collect(bytes, pgdump.MAX_TOC_BYTES);
            for (const [path, copyStmt] of await pgdump.copyStatements(folder, toc)) copyStatements.set(path, copyStmt);
            tocFolders.add(folder);
            bytes = held(toc);
            yield* readOne(header.name, header.size, bytes, inner, label);
            yield* release(folder);
            await drain(chunks);
            continue;
          }
        } else if (!tocFolders.has(folder) && PG_DATA_FILE.test(header.name) && waitingBytes + size <= MAX_WAITING_BYTES) {
          const data = await collect(bytes, MAX_WAITING_BYTES);
          waiting.push({ name: header.name, inner, label, bytes: data });
          waitingBytes += data.length;
          await drain(chunks);
          continue;
        }
        yield* readOne(header.name, header.size, bytes, inner, label);
      }
      await drain(chunks);
    }
  } catch (error) {
    // The members held are read before the archive's error, as the ones before them were.
    yield* release();
    throw error;
  } finally {
    extract.destroy();
    await pumped;
  }
  yield* release();
}
