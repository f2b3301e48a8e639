// V8 heap settings of the `shredlock` process and its scan workers: bin/run.mjs sets them at start,
// and the bench's CLI rows (bench/engine.bench.ts) run with the same. Plain JavaScript, as run.mjs.
//
// V8 lets the old generation grow to up to four times what was live after its last full collection
// before it collects again. A scan keeps tens of MiB live while it reads a workbook (the shared
// strings, the loaded readers), so objects that outlive the small young generation piled up to
// 150-200 MiB of old generation between collections (`--trace-gc` on the bench's 2.5 MB XLSX:
// 205 MiB collected down to 52 MiB). A growth of HEAP_GROWING_PERCENT instead keeps peak RSS near
// what is live, for a few more full collections.

/** Old-generation growth between full collections, percent of what survived the last one. */
export const HEAP_GROWING_PERCENT = 25;

/** The flags, as `node` takes them on its command line. */
export const RUNTIME_V8_FLAGS = [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`];
