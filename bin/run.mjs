#!/usr/bin/env -S node --max-semi-space-size=4
// The `shredlock` command. It bundles bin/shredlock.ts and the scan worker with esbuild (about a
// tenth of a second; bundle.mjs) and runs the bundle with plain node. Running the TypeScript through
// tsx's loader instead cost a second of start-up, a loader thread, and a transformed copy of every
// large package it loads: measured on the bench's mixed folder, 476 MiB peak RSS for one 400 KB PDF
// under tsx, 151 MiB bundled. When esbuild is missing or the bundle cannot be written, it falls back
// to tsx, which is slower but reads the same files.
//
// V8 lets the old generation grow to up to four times what was live after its last full collection
// before it collects again. A scan keeps tens of MiB live while it reads a workbook (the shared
// strings, the loaded readers), so objects that outlive the small young generation piled up to
// 150-200 MiB of old generation between collections (`--trace-gc` on the bench's 2.5 MB XLSX:
// 205 MiB collected down to 52 MiB). A growth of HEAP_GROWING_PERCENT instead keeps peak RSS near
// what is live, for a few more full collections. V8 flags are per process: this applies to the scan
// workers too, and it is set here rather than in the shebang so that `node bin/run.mjs` gets it.
import v8 from 'node:v8';
import { bundleEntries } from './bundle.mjs';

/** Old-generation growth between full collections, percent of what survived the last one. */
const HEAP_GROWING_PERCENT = 25;
v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

const argv = process.argv.slice(2);
let cli;
try {
  const urls = await bundleEntries({
    cli: new URL('./shredlock.ts', import.meta.url),
    'scan-worker': new URL('./pool/worker.ts', import.meta.url),
  });
  cli = await import(urls.cli.href);
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('./shredlock.ts');
}
cli.runAsProcess(argv);
