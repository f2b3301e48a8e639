/**
 * PostgreSQL's custom-format archive (`pg_dump -Fc`, the format most PostgreSQL backups are kept
 * in; `PGDMP` first): a table of contents (each object's SQL, and for each table the `COPY`
 * statement that names its columns), then each table's rows as `COPY` text, compressed by default.
 * Read by the strings pass, the compressed rows were `OPAQUE` (failed, unread), and uncompressed
 * (`-Z0`) they lay apart from their columns' names. Read here as pg_restore would print it as SQL,
 * and that text read as a SQL dump (sql.ts): every row's values as cells under their columns
 * (`sheet` = the table), the other statements as text.
 *
 * Archive versions 1.12 to 1.16 (PostgreSQL 9.6 to 17), data uncompressed, zlib (`gzip`, the
 * default) or zstd; LZ4 (PostgreSQL 16's `-Z lz4`) is not read: `OPAQUE` after the rest. Large
 * objects are read as the bytes of a table `pg_largeobject` (a photo is `NO_TEXT`, a zip opened);
 * one over MAX_LARGE_OBJECT_BYTES is not, and the archive is LIMIT_EXCEEDED after the rest.
 * The directory format's `toc.dat` (`-Fd`, its data in other files) gives its statements only.
 * Cut short or damaged: `CORRUPT` after what was read. Layout from PostgreSQL's
 * pg_backup_archiver.c (ReadHead, ReadToc) and pg_backup_custom.c.
 */
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { ByteCounter, StreamBytes, asBuffer, collect, meter, sourceBytes } from './bytes.js';
import { gunzip } from './gzip.js';
import type { ReadContext } from './limits.js';
import { OpacityMeter } from './opacity.js';
import { PG_DATA_FILE } from './sniff.js';
import type { Source } from './source.js';
import { readRowsAfter, readSqlText } from './sql.js';
import { decodeText } from './text.js';

/** Archive versions read (major.minor as major * 256 + minor). */
const OLDEST = (1 << 8) | 12;
const NEWEST = (1 << 8) | 16;
/** Most bytes of one data chunk, and of one string of the table of contents (pg_dump writes a few KiB). */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
/**
 * The largest large object read as a BLOB: its statement, in hex, stays under the SQL reader's
 * longest statement (16 Mi characters); a larger one would be read as hex text, not as a file.
 */
const MAX_LARGE_OBJECT_BYTES = 7 * 1024 * 1024;
/** Block types of the data section (pg_backup_custom.c). */
const BLK_DATA = 1;
const BLK_BLOBS = 3;
/** Compression algorithms of the header (1.15 on): none, gzip (zlib), lz4, zstd. */
const COMPRESSION = ['none', 'gzip', 'lz4', 'zstd'] as const;
type Compression = (typeof COMPRESSION)[number];

const corrupt = (why: string) => new ScanError('CORRUPT', `pg_dump archive: ${why}`);

/** The source's bytes, read as the archive asks for them. */
class ArchiveBytes {
  private readonly input: StreamBytes;
  intSize = 4;
  offSize = 8;

  constructor(source: Source) {
    this.input = new StreamBytes(sourceBytes(source));
  }

  /** The next `n` bytes; CORRUPT if the archive ends before. */
  async bytes(n: number): Promise<Buffer> {
    const bytes = await this.input.read(n);
    if (bytes.length < n) throw corrupt('cut short');
    return bytes;
  }

  /** The next byte, or -1 at the end of the archive. */
  async byteOrEnd(): Promise<number> {
    const bytes = await this.input.read(1);
    return bytes.length === 0 ? -1 : bytes[0];
  }

  async byte(): Promise<number> {
    return (await this.bytes(1))[0];
  }

  /** ReadInt: a sign byte, then intSize bytes, least significant first. */
  async int(): Promise<number> {
    const sign = await this.byte();
    const bytes = await this.bytes(this.intSize);
    let value = 0;
    for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i];
    return sign === 0 ? value : -value;
  }

  /** ReadStr: a length (-1 for NULL), then the bytes. */
  async str(): Promise<string | undefined> {
    const length = await this.int();
    if (length < 0) return undefined;
    if (length > MAX_CHUNK_BYTES) throw corrupt('a string longer than it can be');
    return (await this.bytes(length)).toString('utf8');
  }

  /** ReadOffset: a flag byte, then offSize bytes. */
  async offset(): Promise<void> {
    await this.bytes(1 + this.offSize);
  }
}

/** Reads a pg_dump custom-format archive (the module doc). */
export function readPgDump(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const opacity = new OpacityMeter();
  return readSqlText(decodeText(archiveSql(new ArchiveBytes(source), ctx), 'utf-8', opacity), opacity, ctx);
}

/** An archive's header and table of contents. */
interface Toc {
  readonly version: number;
  /** 1 custom, 3 tar, 5 directory (pg_backup.h's ArchiveFormat). */
  readonly format: number;
  readonly compression: Compression;
  readonly entries: readonly {
    readonly dumpId: number;
    /** The object's statement (`CREATE TABLE …`). */
    readonly defn: string | undefined;
    /** A table's COPY statement (`COPY public.customer (id, …) FROM stdin;`). */
    readonly copyStmt: string | undefined;
    /** The tar and directory formats' file of the entry's data (`3340.dat`). */
    readonly file: string | undefined;
  }[];
}

const CUSTOM = 1;

/** ReadHead and ReadToc (pg_backup_archiver.c): what an archive holds, before its data. */
async function readToc(archive: ArchiveBytes): Promise<Toc> {
  const magic = await archive.bytes(5);
  if (magic.toString('latin1') !== 'PGDMP') throw corrupt('no PGDMP signature');
  const [major, minor] = [await archive.byte(), await archive.byte()];
  await archive.byte();
  const version = (major << 8) | minor;
  if (version < OLDEST || version > NEWEST) throw corrupt(`archive version ${major}.${minor} is not read (1.12 to 1.16 are)`);
  archive.intSize = await archive.byte();
  archive.offSize = await archive.byte();
  if (archive.intSize < 1 || archive.intSize > 8 || archive.offSize < 1 || archive.offSize > 16) throw corrupt('integer sizes out of range');
  const format = await archive.byte();
  let compression: Compression;
  if (version >= ((1 << 8) | 15)) {
    compression = COMPRESSION[await archive.byte()] ?? 'lz4';
  } else compression = (await archive.int()) === 0 ? 'none' : 'gzip';
  for (let i = 0; i < 7; i++) await archive.int();
  for (let i = 0; i < 3; i++) await archive.str();
  const count = await archive.int();
  if (count < 0 || count > 10_000_000) throw corrupt('a table of contents of no possible size');
  const entries: Toc['entries'][number][] = [];
  for (let i = 0; i < count; i++) {
    const dumpId = await archive.int();
    // hadDumper, table oid, oid, tag, description, section.
    await archive.int();
    for (let field = 0; field < 4; field++) await archive.str();
    await archive.int();
    const defn = await archive.str();
    await archive.str();
    const copyStmt = await archive.str();
    await archive.str();
    await archive.str();
    if (version >= ((1 << 8) | 14)) await archive.str();
    if (version >= ((1 << 8) | 16)) await archive.int();
    await archive.str();
    await archive.str();
    while ((await archive.str()) !== undefined) {
      // Dependencies: not needed to read the data.
    }
    // The custom format gives where the entry's data is; the directory and tar formats, its file.
    let file: string | undefined;
    if (format === CUSTOM) await archive.offset();
    else file = await archive.str();
    entries.push({ dumpId, defn, copyStmt, file });
  }
  return { version, format, compression, entries };
}

/** The largest `toc.dat` held to learn its data files' columns (pg_dump writes a few KiB per table). */
export const MAX_TOC_BYTES = 16 * 1024 * 1024;

/**
 * The COPY statement of each table's data file named by a tar or directory archive's `toc.dat`
 * held in `toc`, under `folder` (`dump/` + `3340.dat` → `COPY public.customer (id, …) FROM
 * stdin;`, and its gzipped form `3340.dat.gz`, as `pg_dump -Fd` writes it); none when `toc` is
 * no such table of contents (any other file so named, a custom-format archive, a damaged one).
 * pg_dump -Ft writes `toc.dat` first, then a file per table; the tar reader reads each of those
 * after its statement, as the custom format's data is (readPgDumpData), and so is a `-Fd` data
 * file scanned alone with its `toc.dat` beside it (dataFileBeside).
 */
export async function copyStatements(folder: string, toc: Uint8Array): Promise<Map<string, string>> {
  const statements = new Map<string, string>();
  try {
    const { format, entries } = await readToc(new ArchiveBytes({ name: 'toc.dat', size: toc.byteLength, open: async function* () { yield asBuffer(toc); } }));
    if (format === CUSTOM) return statements;
    for (const { file, copyStmt } of entries) {
      if (file === undefined || copyStmt === undefined || copyStmt.trim() === '') continue;
      statements.set(`${folder}${file}`, copyStmt);
      statements.set(`${folder}${file}.gz`, copyStmt);
    }
  } catch {
    // Not a table of contents this reader knows: the files are read as any other.
  }
  return statements;
}


/**
 * The COPY statement of `source` when it is a `pg_dump -Fd` data file scanned alone (an object or
 * a file of its own) with the archive's `toc.dat` beside it (Source.sibling) naming it; undefined
 * otherwise, and when that `toc.dat` cannot be read: then it is read as any other file.
 */
export async function dataFileBeside(source: Source): Promise<string | undefined> {
  const file = PG_DATA_FILE.exec(source.name)?.[1];
  if (file === undefined || source.sibling === undefined) return undefined;
  try {
    const toc = await source.sibling('toc.dat');
    if (toc === undefined || (toc.size ?? 0) > MAX_TOC_BYTES) return undefined;
    return (await copyStatements('', await collect(sourceBytes(toc), MAX_TOC_BYTES))).get(file);
  } catch {
    return undefined;
  }
}

/**
 * A tar or directory archive's data file (`3340.dat`: a table's rows as COPY text; `3340.dat.gz`
 * gzipped, as `pg_dump -Fd` writes it) read after its COPY statement, as a SQL dump.
 */
export function readPgDumpData(source: Source, copyStmt: string, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const counter = new ByteCounter();
  const rows = source.name.endsWith('.gz') ? meter(gunzip(sourceBytes(source), counter), { budget: ctx.budget, compressed: () => counter.count, label: 'pg_dump data file' }) : sourceBytes(source);
  return readRowsAfter(Buffer.from(copyStmt), rows, ctx);
}

/** The archive as SQL text: its objects' statements, then each table's COPY with its rows. */
async function* archiveSql(archive: ArchiveBytes, ctx: ReadContext): AsyncGenerator<Uint8Array> {
  const counter = new ByteCounter();
  const { format, compression, entries } = await readToc(archive);
  /** Each entry's COPY statement (`COPY public.customer (id, …) FROM stdin;`), by its dump id. */
  const copyStatements = new Map<number, string | undefined>();
  for (const { dumpId, defn, copyStmt } of entries) {
    copyStatements.set(dumpId, copyStmt);
    if (defn !== undefined && defn.trim() !== '') yield Buffer.from(`${defn}\n`);
  }
  // Only the custom format holds its data after its table of contents.
  if (format !== CUSTOM) return;
  /** Large objects too large to be read as a BLOB: counted, then LIMIT_EXCEEDED after the rest. */
  let unread = 0;
  for (let type = await archive.byteOrEnd(); type !== -1; type = await archive.byteOrEnd()) {
    const dumpId = await archive.int();
    if (type !== BLK_DATA && type !== BLK_BLOBS) throw corrupt(`a data block of unknown type ${type}`);
    if (compression === 'lz4') throw new ScanError('OPAQUE', 'pg_dump archive compressed with LZ4: its data is not read');
    if (type === BLK_DATA) {
      // The COPY statement, then its rows as written, their `\.` line included.
      yield Buffer.from(copyStatements.get(dumpId) ?? '');
      yield* decompressed(chunks(archive), compression, counter, ctx);
      continue;
    }
    // Large objects: rows of a table of their bytes, which the SQL reader reads as BLOBs.
    for (let oid = await archive.int(); oid !== 0; oid = await archive.int()) {
      const parts: Buffer[] = [];
      let bytes = 0;
      for await (const part of decompressed(chunks(archive), compression, counter, ctx)) {
        bytes += part.length;
        if (bytes <= MAX_LARGE_OBJECT_BYTES) parts.push(part);
      }
      if (bytes > MAX_LARGE_OBJECT_BYTES) unread++;
      else yield Buffer.from(`INSERT INTO pg_largeobject (loid, data) VALUES (${oid}, '\\x${Buffer.concat(parts).toString('hex')}');\n`);
    }
  }
  if (unread > 0) throw new ScanError('LIMIT_EXCEEDED', `pg_dump archive: ${unread} large object(s) of more than ${MAX_LARGE_OBJECT_BYTES} bytes not read`);
}

/** One block's data as written: chunks of a length and bytes, up to a length of 0. */
async function* chunks(archive: ArchiveBytes): AsyncGenerator<Buffer> {
  for (let length = await archive.int(); length !== 0; length = await archive.int()) {
    if (length < 0 || length > MAX_CHUNK_BYTES) throw corrupt('a data chunk of no possible length');
    yield await archive.bytes(length);
  }
}

/** A block's data decompressed as the header says, counted against the object's budget and ratio. */
async function* decompressed(data: AsyncGenerator<Buffer>, compression: Compression, counter: ByteCounter, ctx: ReadContext): AsyncGenerator<Buffer> {
  const plain =
    compression === 'none' ? counter.through(data) : compression === 'zstd' ? (await import('./zstd.js')).unzstd(data, counter, ctx) : gunzip(data, counter, 'zlib');
  yield* meter(plain, { budget: ctx.budget, compressed: () => counter.count, label: 'pg_dump archive data' });
}
