// V8 heap settings of the `shredlock` process and its scan workers: bin/run.mjs sets them at start,
// and the bench's CLI rows (bench/engine.bench.ts) run with the same. Plain JavaScript, as run.mjs.
//
// V8 lets the old generation grow to up to four times what was live after its last full collection
// before it collects again. A scan keeps tens of MiB live while it reads a workbook (the shared
// strings, the loaded readers), so objects that outlive the small young generation piled up to
// 150-200 MiB of old generation between collections (`--trace-gc` on the bench's 2.5 MB XLSX:
// 205 MiB collected down to 52 MiB). A growth of HEAP_GROWING_PERCENT instead keeps peak RSS near
// what is live, for a few more full collections.

/**
 * Flags that only work on node's command line (set at run time they do not reach the main thread's
 * young generation, or crash V8): the shebang of bin/run.mjs and of bin/shredlock.ts and
 * package.json's `shredlock` script carry them (test/cli/v8-flags.test.ts checks all three).
 *
 * - `--max-semi-space-size=4`: a scan churns through short strings, and V8 would otherwise grow its
 *   young generation to 48 MiB per thread (bin/pool/pool.ts gives the workers the same limit).
 * - `--single-threaded-gc`: V8 collects garbage on the thread that allocates instead of sharing the
 *   work with helper threads. A scan thread is busy all the time, so the helpers only compete with
 *   the other scan threads for the cores and cost synchronisation: on this 2-core machine the
 *   bench's 20 CSV files took 4.5% less wall time with `--jobs 2` and 10% less CPU time with
 *   `--jobs 1`, the mixed XLSX/DOCX/PDF/zip folder 9-14% less wall time (docs/benchmark.md).
 */
export const COMMAND_LINE_V8_FLAGS = ['--max-semi-space-size=4', '--single-threaded-gc'];

/** Old-generation growth between full collections, percent of what survived the last one. */
export const HEAP_GROWING_PERCENT = 25;

/** The flags, as `node` takes them on its command line. */
export const RUNTIME_V8_FLAGS = [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`];
