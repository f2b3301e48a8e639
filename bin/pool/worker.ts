/**
 * A scan worker thread: scans the local files the pool sends, one at a time, with the same
 * scanSource as a one-job scan, and reports the bytes it reads as it goes (the progress bar).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanKeeping, scanSource, type Source } from '../../lambdas/engine/index.js';
import { SpillKeeper } from '../finding-spill.js';
import { countingSource, fileSource } from '../local-files.js';
import type { ScanJob, WorkerData, WorkerMessage } from './messages.js';

const { options } = workerData as WorkerData;
const port = parentPort!;

/** The file as a Source that tells the pool of every chunk read. */
function reportingSource(job: ScanJob): Source {
  return countingSource(fileSource(job.path, job.size), (bytes) =>
    port.postMessage({ kind: 'read', index: job.index, bytes } satisfies WorkerMessage),
  );
}

/** Scans the job's file; with a spill file, its listed findings go there (the report lists none). */
async function scan(job: ScanJob): Promise<WorkerMessage> {
  // scanSource never throws for a bad file: its report carries the error.
  if (job.spill === undefined) return { kind: 'done', index: job.index, report: await scanSource(reportingSource(job), job.key, options) };
  const keeper = new SpillKeeper(job.spill.path, job.spill.cap);
  const report = await scanKeeping(reportingSource(job), job.key, options, keeper);
  return { kind: 'done', index: job.index, report, spilled: keeper.spilled.count };
}

port.on('message', (job: ScanJob) => {
  void scan(job).then((message) => port.postMessage(message));
});

port.postMessage({ kind: 'ready' } satisfies WorkerMessage);
