/** Local files as scan sources: walking folders and opening files. */
import { createReadStream } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Source } from '../lambdas/engine/index.js';
import { UsageError } from './errors.js';

/** A file to scan and the key it is reported under. */
export interface LocalObject {
  readonly key: string;
  readonly source: Source;
}

/** A Source reading a local file in 1 MiB chunks. */
export function fileSource(path: string, size: number): Source {
  return {
    name: basename(path),
    size,
    path,
    open: () => createReadStream(path, { highWaterMark: 1 << 20 }),
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
      yield { key: root, source: fileSource(root, info.size) };
    } else if (info.isDirectory()) {
      for await (const path of walk(root)) {
        const size = (await stat(path)).size;
        yield { key: relative(root, path).split(sep).join('/'), source: fileSource(path, size) };
      }
    } else {
      throw new PathError(`cannot scan ${root}: not a regular file or folder`);
    }
  }
}
