/** Types of v8-flags.mjs (plain JavaScript, run before any TypeScript loader exists). */

/** Old-generation growth between full collections, percent of what survived the last one. */
export const HEAP_GROWING_PERCENT: number;

/** The flags, as `node` takes them on its command line. */
export const RUNTIME_V8_FLAGS: readonly string[];

/** Flags that only work on node's command line: the shebangs and package.json's `shredlock` script carry them. */
export const COMMAND_LINE_V8_FLAGS: readonly string[];

/** All of them, as `node` takes them on its command line. */
export const SCAN_V8_FLAGS: readonly string[];

/** The wrapper script of the Lambdas that run the scan engine, by its path in their bundle. */
export const LAMBDA_WRAPPER_FILE: string;

/** The text of that wrapper script (bash): it puts SCAN_V8_FLAGS just before the runtime's script. */
export function lambdaExecWrapper(): string;

/** The flags Lambda's Node.js runtime starts node with, for a function of `memoryMiB` (its V8 heap flags among them). */
export function lambdaRuntimeNodeFlags(memoryMiB: number): string[];
