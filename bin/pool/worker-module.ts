/**
 * What a scan worker thread loads. Node gives worker threads no TypeScript loader, and a worker
 * that registered tsx's loader itself (boot.mjs) compiled the engine's modules one by one: up to
 * two seconds and some 45 MiB more per worker, which ate most of what `--jobs 2` gains on a folder
 * of small files. So workers load plain JavaScript, bundled by esbuild (bin/bundle.mjs):
 *
 * | the pool runs                           | workers load                                        |
 * |-----------------------------------------|-----------------------------------------------------|
 * | in the CLI's bundle (bin/run.mjs)       | `scan-worker.mjs`, bundled beside it                 |
 * | from TypeScript (tests, tsx)            | worker.ts bundled on first use, once per process     |
 * | from TypeScript, and bundling failed    | boot.mjs: tsx's loader, then worker.ts               |
 */
import { bundleEntries } from '../bundle.mjs';

/** How workers start: a module URL, and the workerData entry boot.mjs needs (absent for a bundle). */
export interface WorkerModule {
  readonly url: URL;
  /** file: URL of worker.ts for boot.mjs; undefined when `url` is a bundle. */
  readonly entry?: string;
  readonly kind: 'bundle' | 'tsx';
}

const SOURCE = new URL('./worker.ts', import.meta.url);
const BOOT: WorkerModule = { url: new URL('./boot.mjs', import.meta.url), entry: SOURCE.href, kind: 'tsx' };

let pending: Promise<WorkerModule> | undefined;

/** The module scan workers load; bundled at most once per process. */
export function workerModule(): Promise<WorkerModule> {
  pending ??= locate();
  return pending;
}

async function locate(): Promise<WorkerModule> {
  // Inside a bundle, import.meta.url is the bundle's own file, and the worker's is its sibling.
  if (!import.meta.url.endsWith('.ts')) return { url: new URL('./scan-worker.mjs', import.meta.url), kind: 'bundle' };
  try {
    return { url: (await bundleEntries({ 'scan-worker': SOURCE }))['scan-worker'], kind: 'bundle' };
  } catch {
    return BOOT;
  }
}
