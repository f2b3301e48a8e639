// Bundles TypeScript entry points of this project into plain ES modules with esbuild, for the CLI
// launcher (run.mjs) and the scan workers (pool/worker-module.ts). Plain JavaScript on purpose: the
// launcher runs it before any TypeScript loader exists.
//
// Packages stay external: the bundles live in `node_modules/.cache/shredlock/<hash>/`, so every
// `import 'pkg'` and `createRequire(import.meta.url)` in them resolves from the project's
// node_modules, as from the sources. The folder is named by the SHA-256 of the bundles' content:
// a changed source gives a new folder, concurrent runs share one, and a folder is written aside and
// renamed into place, so no run ever loads a half-written bundle. Writing a new folder removes the
// folders not written in the last day (edited sources leave one behind per change).
//
// Code splitting keeps lazy loading lazy: without it, esbuild inlines every `import('./sevenzip.js')`
// of the format readers and hoists their packages' static imports (7z-wasm, node-unrar-js,
// postal-mime, word-extractor, saxes) to the top of the bundle, so every process and every scan
// worker loaded them at start (about 5 MiB of RSS per thread, measured). With `splitting`, each
// lazily imported reader is its own chunk in the same folder, loaded when a file of its format is met.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where bundles go: the cache folder of the node_modules that holds this project's packages. */
export const BUNDLE_ROOT = new URL('../node_modules/.cache/shredlock/', import.meta.url);

/**
 * Bundles `entries` (output name -> file: URL of a .ts entry) and returns the URL of each output
 * (`<name>.mjs`, all in one folder with the chunks they share). Throws when esbuild is missing or a build fails.
 */
export async function bundleEntries(entries) {
  const stamp = stampOf(entries);
  const built = await fromStamp(stamp);
  if (built !== undefined) return built;
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, url]) => [name, fileURLToPath(url)])),
    outdir: fileURLToPath(BUNDLE_ROOT),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    splitting: true,
    target: 'node20',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const hash = createHash('sha256');
  for (const file of result.outputFiles) hash.update(basename(file.path)).update(file.contents);
  const dir = new URL(`${hash.digest('hex').slice(0, 16)}/`, BUNDLE_ROOT);
  const urls = Object.fromEntries(Object.keys(entries).map((name) => [name, new URL(`${name}.mjs`, dir)]));
  const inputs = [...Object.keys(result.metafile.inputs).map((input) => resolve(input)), ...STAMPED_TOO];
  if (await exists(dir)) {
    await writeStamp(stamp, urls, inputs);
    return urls;
  }
  const partial = new URL(`partial-${process.pid}-${Date.now()}/`, BUNDLE_ROOT);
  await mkdir(partial, { recursive: true });
  for (const file of result.outputFiles) {
    // A source's shebang line is kept by esbuild; the bundles are imported, never executed.
    await writeFile(new URL(basename(file.path), partial), file.contents);
  }
  try {
    await rename(partial, dir);
  } catch (error) {
    // Another run renamed the same bundles into place first: theirs are identical.
    await rm(partial, { recursive: true, force: true });
    if (!(await exists(dir))) throw error;
  }
  await pruneOlderThan(BUNDLE_ROOT, Date.now() - STALE_MS);
  await writeStamp(stamp, urls, inputs);
  return urls;
}

// A stamp (`stamp-<key>.json` beside the folders) records which folder a set of entries was last
// bundled into and the size and modification time of every file that went into it. When none has
// changed, the next run takes that folder without loading esbuild at all: the CLI then starts a
// tenth of a second sooner, and its process never holds esbuild and a build's output (about 20 MiB
// of a scan's peak RSS, measured on the bench's mixed folder).

/** Files a bundle depends on beyond its inputs: this file (the build options) and esbuild's version. */
const STAMPED_TOO = [fileURLToPath(import.meta.url), fileURLToPath(new URL('../node_modules/esbuild/package.json', import.meta.url))];

/** The stamp file of a set of entries (names and sources). */
function stampOf(entries) {
  const key = createHash('sha256')
    .update(JSON.stringify(Object.entries(entries).map(([name, url]) => [name, url.href])))
    .digest('hex')
    .slice(0, 16);
  return new URL(`stamp-${key}.json`, BUNDLE_ROOT);
}

/** The output URLs a stamp records, when its folder is there and no input changed since; otherwise undefined. */
async function fromStamp(stamp) {
  let recorded;
  try {
    recorded = JSON.parse(await readFile(stamp, 'utf8'));
  } catch {
    return undefined;
  }
  for (const { path, size, mtimeMs } of recorded.inputs) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined || info.size !== size || info.mtimeMs !== mtimeMs) return undefined;
  }
  const urls = Object.fromEntries(Object.entries(recorded.outputs).map(([name, href]) => [name, new URL(href)]));
  for (const url of Object.values(urls)) if (!(await exists(url))) return undefined;
  return urls;
}

/** Records `urls` and the current size and modification time of `inputs` (none when an input cannot be read). */
async function writeStamp(stamp, urls, inputs) {
  const recorded = [];
  for (const path of inputs) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) return;
    recorded.push({ path, size: info.size, mtimeMs: info.mtimeMs });
  }
  const outputs = Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, url.href]));
  // Written aside and renamed: a concurrent run reads the old stamp or the new one, never half of one.
  const partial = new URL(`${basename(fileURLToPath(stamp))}.${process.pid}.${Date.now()}`, BUNDLE_ROOT);
  await writeFile(partial, JSON.stringify({ outputs, inputs: recorded }));
  await rename(partial, stamp);
}

/** Bundle folders older than this are removed when a new one is written. */
const STALE_MS = 24 * 60 * 60 * 1000;

async function pruneOlderThan(root, cutoff) {
  for (const name of await readdir(root)) {
    const url = new URL(`${name}/`, root);
    const info = await stat(url).catch(() => undefined);
    if (info?.isDirectory() && info.mtimeMs < cutoff) await rm(url, { recursive: true, force: true });
  }
}

async function exists(url) {
  try {
    await stat(url);
    return true;
  } catch {
    return false;
  }
}
