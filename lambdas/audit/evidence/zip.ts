/**
 * The pack as a zip: written with yazl (entries sorted, fixed times, so one content gives one
 * zip), read with yauzl into memory. Reading refuses what could escape a folder or hide a file:
 * absolute paths, `..` segments, backslashes and duplicate names are problems, reported by name.
 */
import yauzl from 'yauzl';
import yazl from 'yazl';
import { AuditError } from '../errors.js';

/** A file of the pack. */
export interface PackEntry {
  readonly path: string;
  readonly bytes: Buffer;
}

/** Fixed modification time of every entry (zip times carry no zone; the index has the real time). */
const ENTRY_TIME = new Date(Date.UTC(2020, 0, 1));

/** A zip of `entries`, in path order. */
export async function writeZip(entries: readonly PackEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    zip.addBuffer(e.bytes, e.path, { mtime: ENTRY_TIME, mode: 0o100644 });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Why a member name is refused, or undefined when it is a plain relative path. */
export function unsafePath(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute path';
  if (path.includes('\\')) return 'backslash in the name';
  if (path.split('/').some((s) => s === '..' || s === '.')) return '"." or ".." segment';
  return undefined;
}

/** What a zip holds: its files, and the names refused (unsafe or repeated) with the reason. */
export interface ReadPack {
  readonly files: ReadonlyMap<string, Buffer>;
  readonly refused: readonly { readonly path: string; readonly reason: string }[];
}

/** Reads every member of a zip into memory; AuditError PACK_UNREADABLE when it is not a zip. */
export async function readZip(buffer: Buffer, subject: string): Promise<ReadPack> {
  let zip;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  } catch (error) {
    throw new AuditError('PACK_UNREADABLE', subject, `not a zip archive (${(error as Error).message})`, { cause: error });
  }
  const files = new Map<string, Buffer>();
  const refused: { path: string; reason: string }[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const path = entry.fileName;
      if (path.endsWith('/')) continue;
      const reason = unsafePath(path) ?? (files.has(path) ? 'appears twice' : undefined);
      if (reason) {
        refused.push({ path, reason });
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
      files.set(path, Buffer.concat(chunks));
    }
  } catch (error) {
    throw new AuditError('PACK_UNREADABLE', subject, `corrupt zip (${(error as Error).message})`, { cause: error });
  }
  return { files, refused };
}
