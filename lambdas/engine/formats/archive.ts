/**
 * Zip plumbing shared by the zip, XLSX and DOCX readers: opening an archive from a path (random
 * access, nothing buffered) or from a buffer, decoding member names, and reading members as
 * metered byte streams.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ScanError } from '../errors.js';
import { describeError, mapErrors, meter, toScanError } from './bytes.js';
import type { Budget } from './limits.js';
import { listedMembers, type ReadLimits } from './source.js';
import { decodeSample, utf8Stats } from './text.js';

/** Where an archive's bytes are: a local file (read by seeking) or memory. */
export type ZipInput = { readonly path: string } | { readonly buffer: Buffer };

/** Opens an archive for one pass over its entries; a broken central directory is CORRUPT. */
export async function openArchive(input: ZipInput): Promise<ZipFile> {
  const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
  try {
    return 'path' in input
      ? await yauzl.openPromise(input.path, options)
      : await yauzl.fromBufferPromise(input.buffer, options);
  } catch (error) {
    // open() fails with fs errors too: those are I/O failures, not a bad archive.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) {
      throw toScanError(error, 'READ_FAILED', 'could not open archive');
    }
    throw new ScanError('CORRUPT', `not a readable zip archive (${describeError(error)})`);
  }
}

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
    name = utf8Stats(raw).invalid === 0 ? raw.toString('utf8') : decodeSample(raw, 'gb18030');
  }
  return name.replace(/\\/g, '/');
}

/** Directories carry no data. */
export function isDirectory(name: string): boolean {
  return name.endsWith('/');
}

/** Raw (decompressed, unmetered) bytes of one member; zlib and size errors are CORRUPT. */
export async function* entryBytes(zip: ZipFile, entry: Entry, label: string): AsyncGenerator<Buffer> {
  let stream: AsyncIterable<Buffer>;
  try {
    stream = (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>;
  } catch (error) {
    throw toScanError(error, 'CORRUPT', `${label} could not be opened`);
  }
  // Stopping early (a binary member, a limit) destroys the stream.
  yield* mapErrors(stream, 'CORRUPT', `${label} could not be decompressed`);
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
