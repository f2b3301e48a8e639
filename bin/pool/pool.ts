/**
 * Scans local files on a pool of worker threads, one file per worker at a time: a large file is
 * never split (its windows, column headers and counts stay in one thread). Reports come back in
 * the order of the files given, whatever order the workers finish in, so `--jobs N` prints the
 * same report as `--jobs 1`.
 *
 * Each worker is handed its next files before it needs them (at most QUEUED_FILES, and
 * QUEUED_BYTES behind the one it is on), in one message: a file of a few bytes then costs no wait
 * for the main thread between two files. A worker scans its files in the order given.
 *
 * A worker that dies on a file (out of memory, a crash in a reader) marks that file `failed` and
 * is replaced; the files queued behind it go back to the pool and are still scanned. A worker that
 * cannot start at all (its module does not load) is a setup problem, not a file's: the whole scan
 * rejects with ScanPoolError. Workers load one bundle of worker.ts, made once per run
 * (worker-module.ts).
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { ShredlockError } from '../../lambdas/errors.js';
import { type ObjectReport, ScanError, toScanError } from '../../lambdas/engine/index.js';
import type { FindingSpill } from '../finding-spill.js';
import type { ScanJob, WorkerData, WorkerMessage, WorkerScanOptions } from './messages.js';
import { workerModule, type WorkerModule } from './worker-module.js';

/** A file for the pool: its report key, path and size. */
export interface PoolFile {
  readonly key: string;
  readonly path: string;
  readonly size: number;
}

/** Options of scanFilesInPool. */
export interface PoolOptions {
  /** Worker threads; never more than there are files. */
  readonly jobs: number;
  readonly scan: WorkerScanOptions;
  /** V8 limits of each worker. @default a young generation of WORKER_YOUNG_GENERATION_MIB */
  readonly workerLimits?: ResourceLimits;
  /** Hears of bytes read from file `index`, as they are read (progress). */
  readonly onRead?: (bytes: number, index: number) => void;
  /** Hears of each file when it is done, in the order they finish. */
  readonly onObject?: (report: ObjectReport, index: number) => void;
  /** Workers write each file's listed findings to a spill file of this (finding-spill.ts). */
  readonly spill?: FindingSpill;
}

/** A scan worker could not start (the TypeScript loader is missing, a module failed to load). */
export class ScanPoolError extends ShredlockError<'WORKER_START_FAILED'> {
  override readonly name = 'ScanPoolError';
}

/**
 * Young generation of each worker, MiB: 3 x the 4 MiB semi-space that `npm run shredlock` gives the
 * main thread (`--max-semi-space-size=4`). The engine keeps about 10 MB live, but V8 grows the young
 * generation to 48 MiB under its string churn: measured on the bench's 100 MiB Chinese log, a 4 MiB
 * semi-space took the CLI's peak RSS from about 215 MiB to 132 MiB for 8% more CPU time.
 */
export const WORKER_YOUNG_GENERATION_MIB = 12;

/** Most files a worker holds at once: the one it scans and those queued behind it. */
export const QUEUED_FILES = 64;

/**
 * Most bytes of files queued behind the one a worker scans: enough for batches of small files,
 * too few for a file that takes long to wait behind a busy worker while another has none. Bytes
 * say little of time: a 400 KB PDF takes 0.7 s. With 1 MiB, one worker of the bench's mixed folder
 * took both PDFs and both letters behind its workbook while the other ran out of files.
 */
export const QUEUED_BYTES = 64 * 1024;

/**
 * The report of a file whose worker died: `failed`, never clean. A worker that reached its V8 heap
 * limit (Node's ERR_WORKER_OUT_OF_MEMORY) is LIMIT_EXCEEDED, like the readers' own memory limits.
 */
function crashedReport(file: ScanJob, error: unknown): ObjectReport {
  const scanError =
    (error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new ScanError('LIMIT_EXCEEDED', 'the scan worker ran out of memory (its V8 heap limit)', { cause: error })
      : toScanError(error);
  return {
    key: file.key,
    size: file.size,
    format: 'binary',
    sensitivity: 'failed',
    counts: {},
    findings: [],
    error: { code: scanError.code, message: scanError.message },
  };
}

/** Scans `files` on `jobs` worker threads; the reports are in the order of `files`. */
export async function scanFilesInPool(files: readonly PoolFile[], options: PoolOptions): Promise<ObjectReport[]> {
  if (files.length === 0) return [];
  return runPool(files, options, await workerModule());
}

function runPool(files: readonly PoolFile[], options: PoolOptions, module: WorkerModule): Promise<ObjectReport[]> {
  const reports: ObjectReport[] = new Array<ObjectReport>(files.length);
  const workers = new Set<Worker>();
  /** Files handed back by a worker that died, given out again before `next`. */
  const returned: number[] = [];
  let next = 0;
  let remaining = files.length;
  const data: WorkerData = { ...(module.entry ? { entry: module.entry } : {}), options: options.scan };
  const waiting = () => returned.length > 0 || next < files.length;
  const take = () => returned.shift() ?? next++;
  const peek = () => returned[0] ?? next;
  const job = (index: number): ScanJob => {
    const { key, path, size } = files[index];
    const spill = options.spill === undefined ? undefined : { path: options.spill.pathFor(index), cap: options.spill.cap };
    return { index, key, path, size, ...(spill === undefined ? {} : { spill }) };
  };

  return new Promise<ObjectReport[]>((resolve, reject) => {
    const settle = (index: number, report: ObjectReport) => {
      reports[index] = report;
      options.onObject?.(report, index);
      if (--remaining === 0) resolve(reports);
    };
    let stopped = false;
    const fail = (error: ScanPoolError) => {
      stopped = true;
      for (const w of workers) void w.terminate();
      reject(error);
    };

    const start = () => {
      const worker = new Worker(module.url, {
        workerData: data,
        resourceLimits: options.workerLimits ?? { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MIB },
      });
      workers.add(worker);
      /** The files this worker holds, in the order it scans them: the first is the one it is on. */
      const held: ScanJob[] = [];
      let heldBytes = 0;
      let started = false;
      let crash: unknown;
      const give = () => {
        const batch: ScanJob[] = [];
        while (waiting() && held.length < QUEUED_FILES && (held.length === 0 || heldBytes - held[0].size + files[peek()].size <= QUEUED_BYTES)) {
          const given = job(take());
          held.push(given);
          heldBytes += given.size;
          batch.push(given);
        }
        if (batch.length > 0) worker.postMessage(batch);
        else if (held.length === 0) void worker.terminate();
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'ready') {
          started = true;
          give();
        } else if (message.kind === 'read') options.onRead?.(message.bytes, message.index);
        else {
          for (const { index, report, spilled } of message.done) {
            heldBytes -= held.shift()!.size;
            if (spilled !== undefined) options.spill?.set(report, { path: options.spill.pathFor(index), count: spilled });
            settle(index, report);
          }
          give();
        }
      });
      worker.on('error', (error) => {
        crash = error;
      });
      worker.on('exit', (exitCode) => {
        workers.delete(worker);
        if (stopped) return;
        if (!started) {
          const why = (crash as { code?: string } | undefined)?.code ?? `exit ${exitCode}`;
          return fail(new ScanPoolError('WORKER_START_FAILED', `a scan worker could not start (${why})`, { cause: crash }));
        }
        const [current, ...queued] = held;
        if (current === undefined) return;
        returned.unshift(...queued.map((queuedJob) => queuedJob.index));
        settle(current.index, crashedReport(current, crash ?? Object.assign(new Error('worker exited'), { code: 'WORKER_EXITED' })));
        if (waiting()) start();
      });
    };
    for (let i = 0; i < Math.min(options.jobs, files.length); i++) start();
  });
}
