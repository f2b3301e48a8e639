/** Local files as scan sources: walking folders and opening files. */
import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Source } from '../lambdas/engine/index.js';
import { UsageError } from './errors.js';

/** A file to scan and the key it is reported under (its Source is made when it is scanned: fileSource). */
export interface LocalObject {
  readonly key: string;
  readonly path: string;
  readonly size: number;
}

/** Largest read of a local file; files smaller than this are read at once. */
export const READ_CHUNK_BYTES = 256 * 1024;

/**
 * A small file (listed under READ_CHUNK_BYTES) in one synchronous read of its size plus one byte;
 * if that byte came, the file grew since it was listed, and the rest is streamed.
 */
async function* smallFile(path: string, size: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(size + 1);
  let bytesRead: number;
  const fd = openSync(path, 'r');
  try {
    bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  if (bytesRead > 0) yield buffer.subarray(0, bytesRead);
  if (bytesRead === buffer.length) yield* createReadStream(path, { start: bytesRead, highWaterMark: READ_CHUNK_BYTES });
}

/**
 * A Source reading a local file: a small one at once, a larger one in chunks of READ_CHUNK_BYTES.
 * - Larger chunks outlived the young generation while they were decoded and waited, dead, for a
 *   full collection: with 1 MiB chunks two scan workers peaked at 220 MiB on the bench's 20 CSV
 *   files, with 256 KiB at 125 MiB, as fast.
 * - A small file was a read stream too, which allocates a whole chunk for every read, outside the
 *   heap, and goes to libuv's thread pool for its open, each read and its close: 20,000 files of
 *   30 bytes took 18.6 s with `--jobs 1`, the collector busy most of the time; 2.1-2.4 s now.
 */
export function fileSource(path: string, size: number): Source {
  return {
    name: basename(path),
    size,
    path,
    open: size < READ_CHUNK_BYTES ? () => smallFile(path, size) : () => createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }),
    // The file of that name in the same folder.
    sibling: async (name) => {
      const beside = join(dirname(path), name);
      try {
        const stats = await stat(beside);
        return stats.isFile() ? fileSource(beside, stats.size) : undefined;
      } catch {
        return undefined;
      }
    },
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

/**
 * The files under `dir`, sorted, with their sizes. Listing uses synchronous calls: the asynchronous
 * ones sent every stat to libuv's thread pool, and listing 20,000 small files took 0.95 s, more
 * than scanning them. Synchronous, it takes a tenth of that; nothing else runs while a scan lists.
 */
function* walk(dir: string): Generator<{ path: string; size: number }> {
  const entries: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Symbolic links are not followed: a link loop or a link out of the tree is not the scan's business.
    if (entry.isDirectory()) entries.push(join(dir, entry.name) + sep);
    else if (entry.isFile()) entries.push(join(dir, entry.name));
  }
  entries.sort();
  for (const path of entries) {
    if (path.endsWith(sep)) yield* walk(path.slice(0, -1));
    else yield { path, size: statSync(path).size };
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
      info = statSync(root);
    } catch {
      throw new PathError(`cannot read ${root}: no such file or folder`);
    }
    if (info.isFile()) {
      yield { key: root, path: root, size: info.size };
    } else if (info.isDirectory()) {
      for (const { path, size } of walk(root)) {
        yield { key: relative(root, path).split(sep).join('/'), path, size };
      }
    } else {
      throw new PathError(`cannot scan ${root}: not a regular file or folder`);
    }
  }
}
