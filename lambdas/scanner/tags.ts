/**
 * The ShredLock tag set of a scanned object version, and how it merges with the tags already there.
 * Pure functions: no AWS calls.
 *
 * Tags (values are never personal data: tag values show up in CloudTrail and cannot be shredded):
 *
 * | Key                     | Value                                              | Priority |
 * |-------------------------|----------------------------------------------------|----------|
 * | `shredlock:sensitivity` | `public`, `sensitive`, `confidential` or `failed`  | 1        |
 * | `shredlock:engine`      | engine version, e.g. `0.3.25`                      | 2        |
 * | `shredlock:types`       | detected types, `cn_resident_id+cn_mobile`, `none` | 3        |
 * | `shredlock:scanned`     | scan date, `YYYY-MM-DD` (UTC)                      | 4        |
 *
 * Merge rule (PutObjectTagging replaces the whole set, so the merge must carry every other tag):
 *
 * | Room left by other systems' tags | Written                          | Outcome    |
 * |----------------------------------|----------------------------------|------------|
 * | 4 or more                        | all four of ours                 | `complete` |
 * | 1 to 3                           | ours by priority, as many as fit | `partial`  |
 * | 0                                | nothing (no PutObjectTagging)    | `skipped`  |
 *
 * Other systems' tags are never dropped or changed; our own keys are always replaced as a group, so
 * no stale value of ours survives a new scan. The engine tag comes second: it records that this
 * engine version has read the object, so a partial result is not re-read on every prefix scan.
 */
import type { S3Tag } from '../aws/object-tags.js';
import type { ObjectReport } from '../engine/scan.js';
import { PII_TYPES, type ObjectLevel } from '../engine/types.js';

/** Tag keys written by ShredLock. These strings are read by other tools: never rename one. */
export const TAG_KEYS = {
  sensitivity: 'shredlock:sensitivity',
  engine: 'shredlock:engine',
  types: 'shredlock:types',
  scanned: 'shredlock:scanned',
} as const;

/**
 * Written by the Macie findings handler when Macie, not the engine, set the level
 * (lambdas/macie/findings.ts). Ours too: an engine rescan removes it with the level it explained.
 */
export const SOURCE_TAG_KEY = 'shredlock:source';

/** One of our tag keys. */
export type ShredlockTagKey = (typeof TAG_KEYS)[keyof typeof TAG_KEYS];

/** Our keys in the order they are written when not all fit. */
export const TAG_PRIORITY: readonly ShredlockTagKey[] = [
  TAG_KEYS.sensitivity,
  TAG_KEYS.engine,
  TAG_KEYS.types,
  TAG_KEYS.scanned,
];

const OUR_KEYS: ReadonlySet<string> = new Set([...TAG_PRIORITY, SOURCE_TAG_KEY]);

/** S3's limits on object tags (per object version). */
export const S3_TAG_LIMITS = { maxTags: 10, maxKeyLength: 128, maxValueLength: 256 } as const;

/** `shredlock:types` of an object without findings. */
export const NO_TYPES = 'none';

/** Separator of `shredlock:types` (allowed in tag values, not in type names). */
export const TYPES_SEPARATOR = '+';

/** Ends a `shredlock:types` value that had to be cut to fit. */
export const TYPES_TRUNCATED = '+...';

/** What the tags say about one scan. */
export interface ScanTagValues {
  readonly sensitivity: ObjectLevel;
  /** Detected types, any order; formatted in PII_TYPES order. */
  readonly types: readonly string[];
  readonly engine: string;
  /** `YYYY-MM-DD`. */
  readonly scanned: string;
}

/** How the tagging of one version went (or would go, in a dry run). */
export type TaggingOutcome = 'complete' | 'partial' | 'skipped';

/** Result of mergeTags. */
export interface TagMerge {
  /** The full tag set to write; equal to `existing` when `outcome` is `skipped`. */
  readonly tags: readonly S3Tag[];
  readonly outcome: TaggingOutcome;
  /** Our keys that are in `tags`. */
  readonly written: readonly ShredlockTagKey[];
  /** Our keys that did not fit. */
  readonly omitted: readonly ShredlockTagKey[];
}

/** `YYYY-MM-DD` of a date, in UTC. */
export function scanDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** The tag values of a scanned object: level, types with at least one finding, engine, date. */
export function scanTagValues(report: Pick<ObjectReport, 'sensitivity' | 'counts'>, engine: string, now: Date): ScanTagValues {
  const types = Object.entries(report.counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([type]) => type);
  return { sensitivity: report.sensitivity, types, engine, scanned: scanDate(now) };
}

const TYPE_ORDER: ReadonlyMap<string, number> = new Map(PII_TYPES.map((t, i) => [t, i]));

/**
 * `shredlock:types`: the types in PII_TYPES order (unknown ones after, alphabetically) joined by
 * `+`; `none` when empty; cut at a type boundary and ended with `+...` when over `maxLength`.
 */
export function formatTypes(types: readonly string[], maxLength: number = S3_TAG_LIMITS.maxValueLength): string {
  const sorted = [...new Set(types)].sort((a, b) => {
    const ia = TYPE_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER;
    const ib = TYPE_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER;
    return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
  });
  if (sorted.length === 0) return NO_TYPES;
  const full = sorted.join(TYPES_SEPARATOR);
  if (full.length <= maxLength) return full;
  let value = '';
  for (const type of sorted) {
    const next = value ? value + TYPES_SEPARATOR + type : type;
    if (next.length + TYPES_TRUNCATED.length > maxLength) break;
    value = next;
  }
  return value + TYPES_TRUNCATED;
}

/** Our four tags, in priority order. */
export function shredlockTags(values: ScanTagValues): S3Tag[] {
  const tags: S3Tag[] = [
    { Key: TAG_KEYS.sensitivity, Value: values.sensitivity },
    { Key: TAG_KEYS.engine, Value: values.engine },
    { Key: TAG_KEYS.types, Value: formatTypes(values.types) },
    { Key: TAG_KEYS.scanned, Value: values.scanned },
  ];
  for (const tag of tags) {
    // Programming errors (an engine version string gone wild), not data problems.
    if (tag.Value.length > S3_TAG_LIMITS.maxValueLength) throw new RangeError(`${tag.Key} value over 256 characters`);
  }
  return tags;
}

/**
 * Merges our tags into an object version's existing tags (see the module doc for the rule).
 * `ours` is taken in the order given (use shredlockTags, which orders by priority).
 */
export function mergeTags(
  existing: readonly S3Tag[],
  ours: readonly S3Tag[],
  maxTags: number = S3_TAG_LIMITS.maxTags,
): TagMerge {
  const foreign = existing.filter((t) => !OUR_KEYS.has(t.Key));
  const room = Math.max(0, maxTags - foreign.length);
  const fit = ours.slice(0, room);
  const keysOf = (tags: readonly S3Tag[]) => tags.map((t) => t.Key as ShredlockTagKey);
  if (fit.length === 0 && ours.length > 0) {
    return { tags: existing, outcome: 'skipped', written: [], omitted: keysOf(ours) };
  }
  return {
    tags: [...foreign, ...fit],
    outcome: fit.length === ours.length ? 'complete' : 'partial',
    written: keysOf(fit),
    omitted: keysOf(ours.slice(room)),
  };
}

/** Our tags as found on a version (any may be missing). */
export interface FoundScanTags {
  readonly sensitivity?: string;
  readonly engine?: string;
  readonly types?: string;
  readonly scanned?: string;
}

/** Reads our tags from a version's tag set. */
export function readScanTags(tags: readonly S3Tag[]): FoundScanTags {
  const get = (key: string) => tags.find((t) => t.Key === key)?.Value;
  return {
    sensitivity: get(TAG_KEYS.sensitivity),
    engine: get(TAG_KEYS.engine),
    types: get(TAG_KEYS.types),
    scanned: get(TAG_KEYS.scanned),
  };
}

/**
 * True when a version needs no new scan by `engine`: it carries this engine version and a level
 * other than `failed` (a failed read may have been transient, so it is tried again).
 */
export function isScannedBy(tags: readonly S3Tag[], engine: string): boolean {
  const found = readScanTags(tags);
  return found.engine === engine && found.sensitivity !== undefined && found.sensitivity !== 'failed';
}
