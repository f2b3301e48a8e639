#!/usr/bin/env -S node --max-semi-space-size=4 --single-threaded-gc --expose-gc
// The `shredlock` command. It bundles bin/shredlock.ts and the scan worker with esbuild (about a
// tenth of a second, once: later runs take the bundle from its stamp while no source changed;
// bundle.mjs) and runs the bundle with plain node. Running the TypeScript through
// tsx's loader instead cost a second of start-up, a loader thread, and a transformed copy of every
// large package it loads: measured on the bench's mixed folder, 476 MiB peak RSS for one 400 KB PDF
// under tsx, 151 MiB bundled. When esbuild is missing or the bundle cannot be written, it falls back
// to tsx, which is slower but reads the same files.
//
//
// The heap settings of contract/v8-flags.mjs are set here rather than in the shebang so that `node
// bin/run.mjs` gets them too; V8 flags are per process, so the scan workers share them.
import v8 from 'node:v8';
import { bundleEntries } from './bundle.mjs';
import { RUNTIME_V8_FLAGS } from '../contract/v8-flags.mjs';

for (const flag of RUNTIME_V8_FLAGS) v8.setFlagsFromString(flag);

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
