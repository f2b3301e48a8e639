/**
 * Zip plumbing shared by the zip, XLSX and DOCX readers: opening an archive from a path (random
 * access, nothing buffered) or from a buffer, decoding member names, and reading members as
 * metered byte streams.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { describeError, mapErrors, meter, toScanError } from './bytes.js';
import { checkDepth, memberContext, type Budget, type Opened, type ReadContext } from './limits.js';
import { readMember } from './members.js';
import { listedMembers, type ReadLimits, type Source } from './source.js';
import { decodeSample, utf8Stats } from './text.js';

/** Where an archive's bytes are: a local file (read by seeking) or memory. */
export type ZipInput = { readonly path: string } | { readonly buffer: Buffer };

/** Bytes read from an archive file at once, and kept for the small reads that follow. */
const FILE_BLOCK = 64 * 1024;

/**
 * An archive file read with synchronous positioned reads, the last block kept. yauzl's own file
 * reader sent each read to libuv's thread pool: a central directory record and a local header
 * are two or three small reads each, so listing 20,000 members took 1 s of thread hand-overs,
 * against 0.07 s this way. The reads are of the file being scanned, on the thread scanning it.
 */
class ArchiveFileReader extends yauzl.RandomAccessReader {
  private readonly block = Buffer.allocUnsafe(FILE_BLOCK);
  private blockStart = 0;
  private blockLength = 0;

  constructor(private readonly fd: number) {
    super();
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null, bytesRead?: number) => void): void {
    let bytesRead = 0;
    try {
      if (length > FILE_BLOCK) bytesRead = readSync(this.fd, buffer, offset, length, position);
      else {
        if (position < this.blockStart || position + length > this.blockStart + this.blockLength) {
          this.blockStart = position;
          this.blockLength = readSync(this.fd, this.block, 0, FILE_BLOCK, position);
        }
        bytesRead = Math.max(0, Math.min(length, this.blockStart + this.blockLength - position));
        this.block.copy(buffer, offset, position - this.blockStart, position - this.blockStart + bytesRead);
      }
    } catch (error) {
      queueMicrotask(() => callback(error as Error));
      return;
    }
    queueMicrotask(() => callback(null, bytesRead));
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const { fd } = this;
    let at = start;
    return new Readable({
      read() {
        try {
          if (at >= end) {
            this.push(null);
            return;
          }
          const chunk = Buffer.allocUnsafe(Math.min(FILE_BLOCK, end - at));
          const n = readSync(fd, chunk, 0, chunk.length, at);
          if (n === 0) throw new Error('unexpected end of file');
          at += n;
          this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
        } catch (error) {
          this.destroy(error as Error);
        }
      },
    });
  }

  override close(callback: (err: Error | null) => void): void {
    try {
      closeSync(this.fd);
    } catch (error) {
      setImmediate(() => callback(error as Error));
      return;
    }
    setImmediate(() => callback(null));
  }
}

async function openFile(path: string, options: yauzl.Options): Promise<ZipFile> {
  const fd = openSync(path, 'r');
  try {
    return await yauzl.fromRandomAccessReaderPromise(new ArchiveFileReader(fd), fstatSync(fd).size, options);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Opens an archive for one pass over its entries; a broken central directory is CORRUPT. */
export async function openArchive(input: ZipInput): Promise<ZipFile> {
  const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
  let zip: ZipFile;
  try {
    zip = 'path' in input ? await openFile(input.path, options) : await yauzl.fromBufferPromise(input.buffer, options);
  } catch (error) {
    // open() fails with fs errors too: those are I/O failures, not a bad archive.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) {
      throw toScanError(error, 'READ_FAILED', 'could not open archive');
    }
    throw new ScanError('CORRUPT', `not a readable zip archive (${describeError(error)})`);
  }
  // An empty archive is its end record alone (and a zip64 one's, and the comment): a directory
  // listing no member in a larger file has lost them (an end record whose count was overwritten).
  if (zip.entryCount === 0 && zip.fileSize > EMPTY_ZIP_MAX_BYTES + (zip.comment as unknown as Buffer).length) {
    closeArchive(zip);
    throw new ScanError('CORRUPT', 'zip directory lists no member, but the file holds more');
  }
  return zip;
}

/** The most an archive without members holds besides its comment: a zip64 end record (56), its locator (20) and the end record (22). */
const EMPTY_ZIP_MAX_BYTES = 98;

/** Closes an archive opened from a path (a no-op for buffers). */
export function closeArchive(zip: ZipFile): void {
  if (zip.isOpen) zip.close();
}

/** Entries one by one; a broken central directory record is CORRUPT. */
export function archiveEntries(zip: ZipFile): AsyncGenerator<Entry> {
  return mapErrors(zip.eachEntry(), 'CORRUPT', 'zip central directory is corrupt');
}

/**
 * The member's name. Flagged UTF-8 and Info-ZIP Unicode paths are honoured; otherwise UTF-8 when
 * the bytes are valid UTF-8, else GB18030 (Windows in Chinese writes GBK names without a flag;
 * CP437 would turn them into nonsense). Backslashes become `/`.
 */
export function entryName(entry: Entry): string {
  const raw = entry.fileNameRaw;
  let name: string;
  if ((entry.generalPurposeBitFlag & 0x800) !== 0 || entry.extraFields.some((field) => field.id === 0x7075)) {
    name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
  } else if (raw.every((byte) => byte < 0x80)) {
    name = raw.toString('latin1');
  } else {
    name = utf8Stats(raw).invalidRuns === 0 ? raw.toString('utf8') : decodeSample(raw, 'gb18030');
  }
  return name.replace(/\\/g, '/');
}

/** Directories carry no data. */
export function isDirectory(name: string): boolean {
  return name.endsWith('/');
}

/**
 * Deflated members up to this size (compressed and declared uncompressed) are inflated in one
 * synchronous call: a zlib stream sends every chunk to libuv's thread pool and back, which was
 * most of the time of a small member (20,000 of them: 2.4 s with streams, 0.5 s this way).
 */
const INFLATE_AT_ONCE_BYTES = 1024 * 1024;

/** A deflated member's bytes from one inflate call, its size checked against the declared one. */
async function* inflatedAtOnce(zip: ZipFile, entry: Entry, label: string): AsyncGenerator<Buffer> {
  let raw: AsyncIterable<Buffer>;
  try {
    raw = (await zip.openReadStreamPromise(entry, { decodeFileData: false } as yauzl.ZipFileOptions)) as AsyncIterable<Buffer>;
  } catch (error) {
    throw toScanError(error, 'CORRUPT', `${label} could not be opened`);
  }
  let data: Buffer;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk);
    // Never more than declared: a member that inflates further is corrupt, as yauzl says.
    data = inflateRawSync(Buffer.concat(chunks), { maxOutputLength: entry.uncompressedSize + 1 });
  } catch (error) {
    throw toScanError(error, 'CORRUPT', `${label} could not be decompressed`);
  }
  if (data.length !== entry.uncompressedSize) {
    throw new ScanError('CORRUPT', `${label} could not be decompressed (${entry.uncompressedSize} bytes declared, ${data.length} inflated)`);
  }
  if (data.length > 0) yield data;
  checkCrc(entry, crc32(data), label);
}

/**
 * A member whose bytes do not give the CRC-32 its directory entry lists is CORRUPT: it was damaged
 * after it was written. Neither yauzl nor SheetJS's own zip reader checks it, and a stored
 * (uncompressed) member has no other check: an .xlsb relationship part overwritten in place sent a
 * sheet to the theme part, read as an empty sheet: public (found by fuzzing).
 */
function checkCrc(entry: Entry, crc: number, label: string): void {
  if (crc !== entry.crc32) throw new ScanError('CORRUPT', `${label} is damaged (its CRC-32 does not match the zip directory's)`);
}

/** Raw (decompressed, unmetered) bytes of one member; zlib and size errors are CORRUPT. */
export async function* entryBytes(zip: ZipFile, entry: Entry, label: string): AsyncGenerator<Buffer> {
  if (
    entry.compressionMethod === 8 &&
    !entry.isEncrypted() &&
    entry.compressedSize <= INFLATE_AT_ONCE_BYTES &&
    entry.uncompressedSize <= INFLATE_AT_ONCE_BYTES
  ) {
    yield* inflatedAtOnce(zip, entry, label);
    return;
  }
  let stream: AsyncIterable<Buffer>;
  try {
    stream = (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>;
  } catch (error) {
    throw toScanError(error, 'CORRUPT', `${label} could not be opened`);
  }
  // Stopping early (a binary member, a limit) destroys the stream, and leaves the CRC unchecked.
  let crc = 0;
  for await (const chunk of mapErrors(stream, 'CORRUPT', `${label} could not be decompressed`)) {
    crc = crc32(chunk, crc);
    yield chunk;
  }
  checkCrc(entry, crc, label);
}

/**
 * What `read` gives of the package at `input` (a workbook's cells), the archive closed after; an
 * error that is no ScanError is CORRUPT (`<format> could not be parsed`).
 */
export async function* packageReading<T>(input: ZipInput, format: string, read: (zip: ZipFile) => AsyncIterable<T>): AsyncGenerator<T> {
  const zip = await openArchive(input);
  try {
    yield* read(zip);
  } catch (error) {
    throw toScanError(error, 'CORRUPT', `${format} could not be parsed`);
  } finally {
    closeArchive(zip);
  }
}

/** A member's bytes, counted against the object's budget and checked for its ratio. */
export function meteredEntry(zip: ZipFile, entry: Entry, budget: Budget, label: string): AsyncGenerator<Buffer> {
  return meter(entryBytes(zip, entry, label), { budget, compressed: () => entry.compressedSize, label });
}

/**
 * All entries of a small package (XLSX, DOCX) by name. More than `listedMembers(limits)` parts is
 * refused: a document has tens of parts, not thousands.
 */
export async function packageEntries(zip: ZipFile, limits: ReadLimits): Promise<Map<string, Entry>> {
  const max = listedMembers(limits);
  const entries = new Map<string, Entry>();
  for await (const entry of archiveEntries(zip)) {
    if (entries.size >= max) {
      throw new ScanError('LIMIT_EXCEEDED', `document package has more than ${max} parts`);
    }
    entries.set(entryName(entry), entry);
  }
  return entries;
}

/**
 * Reads every member of a package whose parser reads the zip itself (SheetJS for .xlsb), counted
 * against the object's budget, so that a damaged member is CORRUPT before the parser takes it
 * (it checks no CRC). `format` names the members in errors.
 */
export async function checkPackage(input: ZipInput, format: string, budget: Budget): Promise<void> {
  const zip = await openArchive(input);
  try {
    const entries = await packageEntries(zip, budget.limits);
    let index = 0;
    for (const entry of entries.values()) {
      index += 1;
      if (entry.isEncrypted()) throw new ScanError('ENCRYPTED', `${format} part ${index} is encrypted`);
      for await (const _ of meteredEntry(zip, entry, budget, `${format} part ${index}`));
    }
  } finally {
    closeArchive(zip);
  }
}

/** The member names of an archive, for classification; stops after `listedMembers(limits)` names. */
export async function archiveNames(input: ZipInput, limits: ReadLimits): Promise<string[]> {
  const max = listedMembers(limits);
  const zip = await openArchive(input);
  try {
    const names: string[] = [];
    for await (const entry of archiveEntries(zip)) {
      names.push(entryName(entry));
      if (names.length >= max) break;
    }
    return names;
  } finally {
    closeArchive(zip);
  }
}

/**
 * The files an Office package embeds under `folder` (`word/embeddings/`, `xl/embeddings/`,
 * `ppt/embeddings/`: a workbook pasted into a letter as an object, the workbook behind a chart, an
 * OLE `.bin` holding an `.xls` or a packaged file), each read like a zip member, with `entry` = its
 * path in the package, under the object's limits (depth, members, bytes, ratio).
 */
export async function* packageEmbeddings(input: ZipInput, folder: string, format: string, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const zip = await openArchive(input);
  try {
    const entries = await packageEntries(zip, ctx.budget.limits);
    let index = 0;
    for (const [name, entry] of entries) {
      if (!name.startsWith(folder) || isDirectory(name)) continue;
      index += 1;
      ctx.budget.countEntry();
      const inner = memberContext(ctx, name);
      const label = `${format} embedding ${index}`;
      const member: Source = { name, size: entry.uncompressedSize, open: () => meteredEntry(zip, entry, ctx.budget, label) };
      const open = async (): Promise<Opened> => {
        checkDepth(ctx);
        return ctx.open(member, inner);
      };
      yield* readMember(open, { entry: inner.entry }, ctx.budget);
    }
  } finally {
    closeArchive(zip);
  }
}
