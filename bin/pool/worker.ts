/**
 * A scan worker thread: scans the local files the pool sends, one at a time, with the same
 * scanSource as a one-job scan, and reports the bytes it reads as it goes (the progress bar).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanSource, type Source } from '../../lambdas/engine/index.js';
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

port.on('message', (job: ScanJob) => {
  // scanSource never throws for a bad file: its report carries the error.
  void scanSource(reportingSource(job), job.key, options).then((report) =>
    port.postMessage({ kind: 'done', index: job.index, report } satisfies WorkerMessage),
  );
});

port.postMessage({ kind: 'ready' } satisfies WorkerMessage);
