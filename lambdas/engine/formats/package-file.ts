/**
 * What readers load at run time, once a process: files of their npm package (WASM binaries), found
 * through the package's package.json (next to the Lambda bundle it is copied the way pdfjs-dist's
 * data is), and packages whose loading can fail (a WASM binary missing).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { toScanError } from './bytes.js';

/** `load()` run once; a failure is READ_FAILED (`pkg` could not be loaded) and is tried again next time. */
export function loadOnce<T>(pkg: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw toScanError(error, 'READ_FAILED', `${pkg} could not be loaded`);
    });
    return loading;
  };
}

/** A loader of `pkg`/`path`, read once; failure is READ_FAILED (and tried again next time). */
export function packageFile(pkg: string, path: string): () => Promise<Buffer> {
  return loadOnce(pkg, async () => readFile(join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), path)));
}
