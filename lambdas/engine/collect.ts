/**
 * A full garbage collection after a large value. A value of millions of characters (a MongoDB
 * document of 12 MiB, a cell, a SQL string) is one string in V8's heap, dead once it has been
 * matched; but V8 collects the old generation only when it has grown by a share of what was live,
 * so several such values lay dead in it at once: eight BSON documents of 12 MiB took the engine, as
 * the scanner Lambda runs it, to 167-249 MiB. Collected after each, the dead ones never pile up
 * (128-141 MiB; docs/benchmark.md). A collection takes a few milliseconds, against a hundred or more to
 * match such a value.
 *
 * The collector is exposed by Lambda's Node.js runtime (`--expose-gc`) and by the CLI's flags
 * (contract/v8-flags.mjs); where it is not (tests), nothing happens.
 */

/** Characters of a value after which the heap is collected. */
export const LARGE_VALUE_CHARS = 4 * 1024 * 1024;

/** Collects the heap when `chars`, the length of a value just matched, is LARGE_VALUE_CHARS or more and the collector is exposed. */
export function afterValue(chars: number): void {
  if (chars >= LARGE_VALUE_CHARS) (globalThis as { gc?: () => void }).gc?.();
}
