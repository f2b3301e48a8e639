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

/** Pool -> worker: scan one local file. */
export interface ScanJob {
  readonly index: number;
  readonly key: string;
  readonly path: string;
  readonly size: number;
  /** Write the file's listed findings (at most `cap`, 0: all) to this spill file instead of its report (finding-spill.ts). */
  readonly spill?: { readonly path: string; readonly cap: number };
}

/** Worker -> pool: started (its modules loaded), bytes read (progress), or a finished object. */
export type WorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'read'; readonly index: number; readonly bytes: number }
  | { readonly kind: 'done'; readonly index: number; readonly report: ObjectReport; readonly spilled?: number };
