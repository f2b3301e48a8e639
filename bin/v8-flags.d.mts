/** Types of v8-flags.mjs (plain JavaScript, run before any TypeScript loader exists). */

/** Old-generation growth between full collections, percent of what survived the last one. */
export const HEAP_GROWING_PERCENT: number;

/** The flags, as `node` takes them on its command line. */
export const RUNTIME_V8_FLAGS: readonly string[];

/** Flags that only work on node's command line: the shebangs and package.json's `shredlock` script carry them. */
export const COMMAND_LINE_V8_FLAGS: readonly string[];
