/**
 * Limit accounting shared by every reader of one top-level object: one budget per object, so a
 * zip of zips cannot multiply its allowance by nesting.
 */
import { ScanError } from '../errors.js';
import type { ContentPart, Format, Location } from '../types.js';
import type { ReadLimits, Source } from './source.js';

/**
 * Decompressed bytes a member may produce before its ratio is checked: small, very repetitive
 * files (a 30-byte deflate of 10 KiB of spaces) are not bombs.
 */
export const RATIO_GRACE_BYTES = 1024 * 1024;

/**
 * Counts members and decompressed bytes across the whole object. A whole-object limit is
 * remembered in `fatal`, so member-level error handling can tell it apart and let it through.
 */
export class Budget {
  entries = 0;
  totalBytes = 0;
  fatal: ScanError | undefined;

  constructor(readonly limits: ReadLimits) {}

  /** Counts one container member; throws (fatal) past `maxEntries`. */
  countEntry(): void {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries) {
      this.fail(`object has more than ${this.limits.maxEntries} container members (maxEntries)`);
    }
  }

  /** Counts decompressed bytes; throws (fatal) past `maxTotalBytes`. */
  addBytes(n: number): void {
    this.totalBytes += n;
    if (this.totalBytes > this.limits.maxTotalBytes) {
      this.fail(`object decompresses to more than ${this.limits.maxTotalBytes} bytes (maxTotalBytes)`);
    }
  }

  /** True for the error that stopped the whole object: never turn it into an ErrorPart. */
  isFatal(error: unknown): boolean {
    return this.fatal !== undefined && error === this.fatal;
  }

  private fail(message: string): never {
    this.fatal ??= new ScanError('LIMIT_EXCEEDED', message);
    throw this.fatal;
  }
}

/** What an opened object or member is and how to read it. */
export interface Opened {
  readonly format: Format;
  readonly parts: AsyncIterable<ContentPart>;
}

/** How containers read their members: sniff and dispatch, recursively. */
export type OpenFn = (source: Source, ctx: ReadContext) => Promise<Opened>;

/** State passed down the recursion. */
export interface ReadContext {
  readonly budget: Budget;
  /** Containers around the object being read (0 for the top-level object). */
  readonly depth: number;
  /** Member path of the object being read, `outer.zip/inner.csv`; undefined at the top level. */
  readonly entry: string | undefined;
  readonly open: OpenFn;
}

/** `where` for parts of the object in `ctx`. */
export function whereOf(ctx: ReadContext): Location {
  return ctx.entry === undefined ? {} : { entry: ctx.entry };
}

/** Context for a member named `name` of the container being read in `ctx`. */
export function memberContext(ctx: ReadContext, name: string): ReadContext {
  return {
    ...ctx,
    depth: ctx.depth + 1,
    entry: ctx.entry === undefined ? name : `${ctx.entry}/${name}`,
  };
}

/** Throws LIMIT_EXCEEDED when opening one more container level would pass `maxDepth`. */
export function checkDepth(ctx: ReadContext): void {
  const depth = ctx.depth + 1;
  if (depth > ctx.budget.limits.maxDepth) {
    throw new ScanError(
      'LIMIT_EXCEEDED',
      `container nesting depth ${depth} exceeds ${ctx.budget.limits.maxDepth} (maxDepth)`,
    );
  }
}

/** Throws ScanError when limits are not positive numbers (a programming error, reported early). */
export function validateLimits(limits: ReadLimits): void {
  const bad = (Object.keys(limits) as (keyof ReadLimits)[]).filter(
    (key) => !(typeof limits[key] === 'number' && limits[key] >= 0 && !Number.isNaN(limits[key])),
  );
  if (bad.length > 0) {
    throw new ScanError('READ_FAILED', `invalid read limits: ${bad.join(', ')} must be numbers >= 0`);
  }
}
