/** Local files as scan sources: walking folders and opening files. */
import { createReadStream } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Source } from '../lambdas/engine/index.js';
import { UsageError } from './errors.js';

/** A file to scan and the key it is reported under. */
export interface LocalObject {
  readonly key: string;
  readonly path: string;
  readonly size: number;
  readonly source: Source;
}

/** Largest read of a local file. */
export const READ_CHUNK_BYTES = 256 * 1024;
/** Smallest read of a local file. */
const MIN_READ_BYTES = 4 * 1024;

/**
 * A Source reading a local file in chunks of READ_CHUNK_BYTES, or of its listed size (plus one,
 * to meet its end) when that is smaller, from MIN_READ_BYTES up; a file that grew since is read
 * to its end all the same.
 * - Larger chunks outlived the young generation while they were decoded and waited, dead, for a
 *   full collection: with 1 MiB chunks two scan workers peaked at 220 MiB on the bench's 20 CSV
 *   files, with 256 KiB at 125 MiB, as fast.
 * - Node's read stream allocates a whole chunk for every read, outside the heap: 256 KiB for each
 *   of 20,000 files of 30 bytes kept the collector busy most of the time (`--jobs 1`: 18.6 s,
 *   now 7.1 s).
 */
export function fileSource(path: string, size: number): Source {
  const highWaterMark = Math.min(READ_CHUNK_BYTES, Math.max(size + 1, MIN_READ_BYTES));
  return {
    name: basename(path),
    size,
    path,
    open: () => createReadStream(path, { highWaterMark }),
  };
}

/** `source` telling `onRead` of every chunk as it is read (progress over bytes). */
export function countingSource(source: Source, onRead: (bytes: number) => void): Source {
  return {
    ...source,
    async *open() {
      for await (const chunk of source.open()) {
        onRead(chunk.byteLength);
        yield chunk;
      }
    },
  };
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries: string[] = [];
  const handle = await opendir(dir);
  for await (const entry of handle) {
    // Symbolic links are not followed: a link loop or a link out of the tree is not the scan's business.
    if (entry.isDirectory()) entries.push(join(dir, entry.name) + sep);
    else if (entry.isFile()) entries.push(join(dir, entry.name));
  }
  entries.sort();
  for (const path of entries) {
    if (path.endsWith(sep)) yield* walk(path.slice(0, -1));
    else yield path;
  }
}

/** A path given on the command line that does not exist or is not a file or folder. */
export class PathError extends UsageError {
  override readonly name: string = 'PathError';
}

/**
 * The files under each path, in a stable order. Keys are relative to the folder given, or the
 * path as given for a file.
 */
export async function* listLocalObjects(paths: readonly string[]): AsyncGenerator<LocalObject> {
  for (const root of paths) {
    let info;
    try {
      info = await stat(root);
    } catch {
      throw new PathError(`cannot read ${root}: no such file or folder`);
    }
    if (info.isFile()) {
      yield { key: root, path: root, size: info.size, source: fileSource(root, info.size) };
    } else if (info.isDirectory()) {
      for await (const path of walk(root)) {
        const size = (await stat(path)).size;
        yield { key: relative(root, path).split(sep).join('/'), path, size, source: fileSource(path, size) };
      }
    } else {
      throw new PathError(`cannot scan ${root}: not a regular file or folder`);
    }
  }
}
