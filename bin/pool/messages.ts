/** What the scan pool and its worker threads say to each other (structured-clone data only). */
import type { ObjectReport, ScanOptions } from '../../lambdas/engine/index.js';

/** Scan options a worker can receive: detectors and the finding callback are code, which workers cannot be sent. */
export type WorkerScanOptions = Omit<ScanOptions, 'detectors' | 'onFinding'>;

/** Data every worker starts with. */
export interface WorkerData {
  /** file: URL of the TypeScript worker module, for boot.mjs; absent when the worker is the bundle (worker-module.ts). */
  readonly entry?: string;
  readonly options: WorkerScanOptions;
}

/** One local file to scan. The pool sends a worker a batch of them (`ScanJob[]`) a message. */
export interface ScanJob {
  readonly index: number;
  readonly key: string;
  readonly path: string;
  readonly size: number;
  /** Write the file's listed findings (at most `cap`, 0: all) to this spill file instead of its report (finding-spill.ts). */
  readonly spill?: { readonly path: string; readonly cap: number };
}

/** A file a worker has scanned. */
export interface ScanDone {
  readonly index: number;
  readonly report: ObjectReport;
  /** Findings written to the job's spill file. */
  readonly spilled?: number;
}

/**
 * Worker -> pool: started (its modules loaded), bytes read from a large file (progress), or files
 * finished, in the order they were given (several at once when they are small).
 */
export type WorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'read'; readonly index: number; readonly bytes: number }
  | { readonly kind: 'done'; readonly done: readonly ScanDone[] };
