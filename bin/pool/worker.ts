/**
 * A scan worker thread: scans the local files the pool sends (a batch a message), one at a time, with
 * the same scanSource as a one-job scan, and reports the bytes it reads as it goes (the progress bar).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanKeeping, scanSource, type Source } from '../../lambdas/engine/index.js';
import { SpillKeeper } from '../finding-spill.js';
import { countingSource, fileSource, READ_CHUNK_BYTES } from '../local-files.js';
import type { ScanDone, ScanJob, WorkerData, WorkerMessage } from './messages.js';

const { options } = workerData as WorkerData;
const port = parentPort!;

/**
 * The file as a Source that tells the pool of every chunk read. A file under READ_CHUNK_BYTES is
 * one read: the pool counts its bytes when it is done, without a message of its own.
 */
function reportingSource(job: ScanJob): Source {
  const source = fileSource(job.path, job.size);
  if (job.size < READ_CHUNK_BYTES) return source;
  return countingSource(source, (bytes) => port.postMessage({ kind: 'read', index: job.index, bytes } satisfies WorkerMessage));
}

/** Scans the job's file; with a spill file, its listed findings go there (the report lists none). */
async function scan(job: ScanJob): Promise<ScanDone> {
  // scanSource never throws for a bad file: its report carries the error.
  if (job.spill === undefined) return { index: job.index, report: await scanSource(reportingSource(job), job.key, options) };
  const keeper = new SpillKeeper(job.spill.path, job.spill.cap);
  const report = await scanKeeping(reportingSource(job), job.key, options, keeper);
  return { index: job.index, report, spilled: keeper.spilled.count };
}

/** Most finished files told in one message. */
const DONE_BATCH = 16;
/** Longest a finished file waits to be told, ms (the progress bar). */
const DONE_WAIT_MS = 100;

/** Files given and not yet scanned, in the order given. */
const queue: ScanJob[] = [];
let scanning = false;

/**
 * Scans the queued files one after another. Finished files are told in batches: when the queue is
 * empty (the pool then gives more), at DONE_BATCH files, or DONE_WAIT_MS after the last message.
 */
async function drain(): Promise<void> {
  scanning = true;
  let done: ScanDone[] = [];
  let told = performance.now();
  for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
    done.push(await scan(job));
    if (queue.length === 0 || done.length >= DONE_BATCH || performance.now() - told >= DONE_WAIT_MS) {
      port.postMessage({ kind: 'done', done } satisfies WorkerMessage);
      done = [];
      told = performance.now();
    }
  }
  scanning = false;
}

port.on('message', (jobs: ScanJob[]) => {
  queue.push(...jobs);
  if (!scanning) void drain();
});

port.postMessage({ kind: 'ready' } satisfies WorkerMessage);
