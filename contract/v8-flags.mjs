// V8 heap settings of a scan thread: the `shredlock` process and its scan workers (bin/run.mjs sets
// them at start), and the Lambdas that run the scan engine (a wrapper script gives node them there,
// below); the bench runs both kinds with the same (bench/engine.bench.ts). Plain JavaScript: run.mjs
// loads it before any TypeScript loader exists.
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
 * package.json's `shredlock` script carry them (test/bin/v8-flags.test.ts checks all three).
 *
 * - `--max-semi-space-size=4`: a scan churns through short strings, and V8 would otherwise grow its
 *   young generation to 48 MiB per thread (bin/pool/pool.ts gives the workers the same limit).
 * - `--single-threaded-gc`: V8 collects garbage on the thread that allocates instead of sharing the
 *   work with helper threads. A scan thread is busy all the time, so the helpers only compete with
 *   the other scan threads for the cores and cost synchronisation: on this 2-core machine the
 *   bench's 20 CSV files took 4.5% less wall time with `--jobs 2` and 10% less CPU time with
 *   `--jobs 1`, the mixed XLSX/DOCX/PDF/zip folder 9-14% less wall time (docs/benchmark.md).
 * - `--expose-gc`: the engine collects the heap after a value of millions of characters
 *   (lambdas/engine/collect.ts), as Lambda's Node.js runtime, which exposes the collector, lets it.
 */
export const COMMAND_LINE_V8_FLAGS = ['--max-semi-space-size=4', '--single-threaded-gc', '--expose-gc'];

/** Old-generation growth between full collections, percent of what survived the last one. */
export const HEAP_GROWING_PERCENT = 25;

/** The flags, as `node` takes them on its command line. */
export const RUNTIME_V8_FLAGS = [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`];

/** All of them, as `node` takes them on its command line. */
export const SCAN_V8_FLAGS = [...COMMAND_LINE_V8_FLAGS, ...RUNTIME_V8_FLAGS];

/**
 * The wrapper script of the Lambdas that run the scan engine, by its path in their bundle: the
 * function's `AWS_LAMBDA_EXEC_WRAPPER` names it as `/var/task/<this>`.
 */
export const LAMBDA_WRAPPER_FILE = 'scan-v8-flags';

/**
 * The flags Lambda's Node.js runtime starts node with, for a function of `memoryMiB`: its bootstrap
 * script (in Lambda's Node.js base images) exposes the collector, raises the HTTP header limit, and
 * gives a tenth of the memory to V8's young generation, half of that to each semi-space, and the
 * rest to the old generation. The bench and the bundling test start node as Lambda does with them;
 * nothing in a deployment uses this.
 */
export function lambdaRuntimeNodeFlags(memoryMiB) {
  const young = Math.floor(memoryMiB / 10);
  return ['--expose-gc', '--max-http-header-size', '81920', `--max-semi-space-size=${Math.floor(young / 2)}`, `--max-old-space-size=${memoryMiB - young}`];
}

/**
 * The text of that wrapper script. Lambda's Node.js runtime starts node with V8 heap flags of its
 * own, worked out from the function's memory size (lambdaRuntimeNodeFlags: a 2,048 MiB function gets
 * `--max-semi-space-size=102 --max-old-space-size=1844`), on the command line, where NODE_OPTIONS
 * cannot override them and `--single-threaded-gc` is not allowed at all. With a wrapper script
 * (`AWS_LAMBDA_EXEC_WRAPPER`), Lambda runs the script instead, with node's path, those flags and
 * the runtime's own script last as its arguments. This one puts SCAN_V8_FLAGS just before that
 * script: of two values of a V8 flag the later holds, so a scan in Lambda runs with the CLI's heap.
 * Measured with the bench's engine on its mixed folder: 226-228 MiB peak RSS with the runtime's
 * flags alone, 120-121 MiB with these after them (docs/benchmark.md).
 */
export function lambdaExecWrapper() {
  return [
    '#!/bin/bash',
    '# ShredLock: the V8 heap flags of a scan thread (contract/v8-flags.mjs), after those of the runtime.',
    '# Lambda runs this with the command line of its Node.js runtime: node, its flags, and its script last.',
    'set -euo pipefail',
    'args=("$@")',
    `exec "\${args[@]:0:$#-1}" ${SCAN_V8_FLAGS.join(' ')} "\${args[@]: -1}"`,
    '',
  ].join('\n');
}
