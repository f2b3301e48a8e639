/**
 * Files that readers load from their npm package at run time (WASM binaries), found through the
 * package's package.json: next to the Lambda bundle it is copied the way pdfjs-dist's data is.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { toScanError } from './bytes.js';

/** A loader of `pkg`/`path`, read once; failure is READ_FAILED (and tried again next time). */
export function packageFile(pkg: string, path: string): () => Promise<Buffer> {
  let loading: Promise<Buffer> | undefined;
  return () => {
    loading ??= (async () => join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), path))()
      .then((file) => readFile(file))
      .catch((error: unknown) => {
        loading = undefined;
        throw toScanError(error, 'READ_FAILED', `${pkg} could not be loaded`);
      });
    return loading;
  };
}
