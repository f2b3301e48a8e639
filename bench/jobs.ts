/**
 * Where the time of `--jobs N` goes on the 20 files, from the bench's own figures: the CPU seconds
 * of the CLI with `--jobs 1` and `--jobs N` (all threads of the process), how many cores each kept
 * busy, and what one engine costs before it runs at speed (loading, and its first file, during
 * which V8 compiles the hot code), which every worker pays again. With `--jobs 1`, V8's compiler
 * threads and the collector's helpers run on the idle cores, free of wall time; with a worker on
 * every core they take its time. And what the machine itself gives N engines that share nothing:
 * N separate `--jobs 1` processes at once, each on a share of the files. Printed by
 * bench/engine.bench.ts under the CLI's table.
 */

/** A CLI run of the 20 files: wall-clock and CPU seconds (all threads). */
export interface JobsRun {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

/** One engine's start on the 20 files, as measure.ts reports it for a folder (CPU seconds). */
export interface EngineStart {
  /** Before the first file: node and the engine's modules loading. */
  readonly loadCpuSeconds: number;
  /** The first file, and the median of the later ones (same size). */
  readonly firstFileCpuSeconds: number;
  readonly laterFileCpuSeconds: number;
}

/**
 * The best `--jobs N` could do if each worker paid the engine's start and nothing else more than
 * `--jobs 1`: the CPU seconds of `--jobs 1` plus a start per extra worker, shared out evenly over N
 * cores; as a speed-up over `--jobs 1`.
 */
export function jobsCeiling(one: JobsRun, start: EngineStart, jobs: number): number {
  const startCost = start.loadCpuSeconds + start.firstFileCpuSeconds - start.laterFileCpuSeconds;
  const best = Math.max(one.seconds / jobs, (one.cpuSeconds + startCost * (jobs - 1)) / jobs);
  return one.seconds / best;
}

/** The lines the bench prints on `--jobs N` against `--jobs 1` on the 20 files. */
export function jobsLines(one: JobsRun, all: JobsRun, start: EngineStart, jobs: number): string[] {
  const s = (n: number) => n.toFixed(2);
  const startCost = start.loadCpuSeconds + start.firstFileCpuSeconds - start.laterFileCpuSeconds;
  const more = (all.cpuSeconds / one.cpuSeconds - 1) * 100;
  return [
    `--jobs 1 used ${s(one.cpuSeconds)} CPU-s in ${s(one.seconds)} s (${s(one.cpuSeconds / one.seconds)} cores busy); ` +
      `--jobs ${jobs} ${s(all.cpuSeconds)} CPU-s in ${s(all.seconds)} s (${s(all.cpuSeconds / all.seconds)} of ${jobs}), ${more.toFixed(0)}% more CPU`,
    `one engine's start: ${s(start.loadCpuSeconds)} CPU-s loading, and a first file of ${s(start.firstFileCpuSeconds)} CPU-s ` +
      `against ${s(start.laterFileCpuSeconds)} for a later one (V8 compiling the hot code): ${s(startCost)} CPU-s that every worker pays again`,
    `so --jobs ${jobs} can be at most ${jobsCeiling(one, start, jobs).toFixed(2)}x faster here: --jobs 1's CPU time and a start per extra worker, over ${jobs} cores`,
  ];
}

/**
 * The files' shares of `parts` separate processes: dealt out in turn, in name order, so each share
 * holds as many files (give or take one) of the folder's sizes.
 */
export function sharesOf(names: readonly string[], parts: number): string[][] {
  const shares: string[][] = Array.from({ length: parts }, () => []);
  [...names].sort().forEach((name, i) => shares[i % parts].push(name));
  return shares.filter((share) => share.length > 0);
}

/**
 * The line on N separate `--jobs 1` processes run at once, each on its share of the 20 files, against
 * one process on all of them and against `--jobs N`: whole lives, from node's start to the report
 * (`oneLife`, `allLife`; `separateLives`, the slowest decides), so each side pays its engines'
 * loading. N engines that share no thread, heap or compiled code get that from this machine: the
 * most `--jobs N` could get from N workers of one engine each.
 */
export function separateLine(oneLife: number, allLife: number, separateLives: readonly number[], jobs: number): string {
  const slowest = Math.max(...separateLives);
  const s = (n: number) => n.toFixed(2);
  return (
    `whole lives (node's start to the report): --jobs 1 ${s(oneLife)} s, --jobs ${jobs} ${s(allLife)} s (${s(oneLife / allLife)}x); ` +
    `${separateLives.length} separate --jobs 1 processes at once, each on a share of the files, ${s(slowest)} s at the slowest ` +
    `(${separateLives.map(s).join(', ')}; ${s(oneLife / slowest)}x): what this machine gives ${jobs} engines that share nothing`
  );
}
