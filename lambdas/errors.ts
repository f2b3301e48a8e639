/**
 * The base of ShredLock's own errors: a stable `code` and, where there is one, the cause. Each area
 * keeps its classes, their `name`s, its list of codes and its type guards in its own errors.ts;
 * this holds only what every one of them repeated.
 */

/** An error with a stable code; `Code` is the area's list of codes. */
export abstract class ShredlockError<Code extends string = string> extends Error {
  constructor(
    /** Stable: part of messages, logs and tests. Never rename one. */
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
