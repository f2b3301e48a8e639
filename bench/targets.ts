/**
 * Issue 12's targets, each against what the bench measured in the same run: met or not met, with
 * the figure. Printed last by bench/engine.bench.ts, so a run says itself which targets it reached.
 */

/** 250 MB (10^6 bytes) per second, in MiB/s. */
export const ENGINE_TARGET_MIBPS = 250e6 / 2 ** 20;
/** The engine within this factor of the bare byte pass. */
export const BYTE_PASS_FACTOR = 2.5;
/** `--jobs` at two cores against `--jobs 1` on the 20 files. */
export const JOBS_SPEEDUP = 1.8;
/** Peak RSS of one worker, and what each further worker may add: 150 MB and 100 MB, in MiB. */
export const ONE_WORKER_MIB = 150e6 / 2 ** 20;
export const EXTRA_WORKER_MIB = 100e6 / 2 ** 20;

/** What one bench run measured, for the targets. */
export interface Measured {
  /** The engine (as the scanner Lambda runs it) on the customer CSV, and the byte pass there, MiB/s. */
  readonly csvMiBps: number;
  readonly csvBytePassMiBps: number;
  /** The CLI's speed-up on the 20 files with `--jobs` at `jobs` against `--jobs 1`. */
  readonly jobs: number;
  readonly folderSpeedup: number;
  /** The same folder's speed-up from `jobs` separate `--jobs 1` processes at once, whole lives (bench/jobs.ts separateLine), if measured. */
  readonly separateSpeedup?: number;
  /** The highest peak RSS of one worker: the engine's rows, the hostile set's and the CLI's `--jobs 1` rows, MiB. */
  readonly oneWorkerPeakMiB: number;
  /** The highest peak RSS of the CLI with `--jobs` at `jobs`, MiB. */
  readonly workersPeakMiB: number;
}

const verdict = (met: boolean): string => (met ? 'met' : 'NOT MET');

/** One line per target: what it asks, what this run measured, and whether it is met. */
export function targetLines(m: Measured): string[] {
  const ratio = m.csvBytePassMiBps / m.csvMiBps;
  const workersLimit = ONE_WORKER_MIB + EXTRA_WORKER_MIB * (m.jobs - 1);
  return [
    `engine on the CSV >= ${ENGINE_TARGET_MIBPS.toFixed(1)} MiB/s (250 MB/s) and within ${BYTE_PASS_FACTOR}x of the byte pass: ` +
      `${m.csvMiBps.toFixed(1)} MiB/s, ${ratio.toFixed(1)}x: ${verdict(m.csvMiBps >= ENGINE_TARGET_MIBPS && ratio <= BYTE_PASS_FACTOR)}`,
    `--jobs ${m.jobs} >= ${JOBS_SPEEDUP}x --jobs 1 on the 20 files: ${m.folderSpeedup.toFixed(2)}x` +
      (m.separateSpeedup === undefined ? '' : ` (${m.jobs} separate processes, whole lives: ${m.separateSpeedup.toFixed(2)}x)`) +
      `: ${verdict(m.folderSpeedup >= JOBS_SPEEDUP)}`,
    `peak RSS of one worker < ${ONE_WORKER_MIB.toFixed(0)} MiB (150 MB): ${m.oneWorkerPeakMiB.toFixed(0)} MiB: ${verdict(m.oneWorkerPeakMiB < ONE_WORKER_MIB)}`,
    `peak RSS with --jobs ${m.jobs} < ${workersLimit.toFixed(0)} MiB (150 MB + 100 MB per extra worker): ${m.workersPeakMiB.toFixed(0)} MiB: ` +
      verdict(m.workersPeakMiB < workersLimit),
  ];
}
