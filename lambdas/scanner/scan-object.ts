/**
 * Scans one S3 object version and tags it: HeadObject -> streamed GetObject through the engine ->
 * GetObjectTagging -> merge -> PutObjectTagging (only when `apply`). Every call names the version id.
 *
 * Never writes object data, retention or legal holds, and never deletes anything: tags are the
 * only thing it changes, and tagging a locked version is allowed (tags are not object data).
 * An object that cannot be read is tagged `failed` (the engine's verdict), never `public`.
 * Tags are read again just before writing, to keep the window in which another system's tag
 * change could be overwritten as small as S3 allows (it has no conditional tagging).
 */
import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { scanKeeping, scanSource, type FindingKeeper, type ObjectReport, type ScanOptions } from '../engine/scan.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { toS3Error } from '../aws/errors.js';
import { versionIds, type ObjectVersionIds, type ObjectVersionRef } from '../aws/object-ref.js';
import { getVersionTags, putVersionTags } from '../aws/object-tags.js';
import { s3VersionSource } from './s3-source.js';
import type { CheckpointStore } from './range-checkpoint.js';
import { scanInRanges } from './ranged-scan.js';
import {
  mergeTags,
  scanTagValues,
  shredlockTags,
  type ScanTagValues,
  type ShredlockTagKey,
  type TaggingOutcome,
} from './tags.js';

/** Options of scanObjectVersion. */
export interface ScanObjectOptions extends ScanOptions {
  /** Write the tags; otherwise only report what would be written. @default false (dry run) */
  readonly apply?: boolean;
  /** Clock for the `shredlock:scanned` date. @default () => new Date() */
  readonly now?: () => Date;
  /** HeadObject of this version, when the caller already made it. @default fetched */
  readonly head?: VersionHead;
  /**
   * Where each version's listed findings go as they are found, instead of its report (the CLI
   * keeps them on disk with `--max-findings 0`). @default in the report
   */
  readonly findings?: FindingStore;
}

/** Takes the findings of the versions scanned: one keeper (engine scanKeeping) per version, opened in scan order. */
export interface FindingStore {
  open(): FindingKeeper;
}

/** What HeadObject says about a version: size, lock and encryption. */
export interface VersionHead {
  readonly size: number;
  readonly lockMode?: string;
  /** ISO 8601. */
  readonly retainUntil?: string;
  readonly legalHold: boolean;
  /** `aws:kms`, `aws:kms:dsse`, `AES256`. */
  readonly sse?: string;
  /** KMS key ARN or id covering the version, when SSE-KMS. */
  readonly kmsKeyId?: string;
}

/** How tagging went for one version. */
export interface TaggingResult {
  readonly outcome: TaggingOutcome;
  /** False in a dry run, and when `outcome` is `skipped`. */
  readonly applied: boolean;
  readonly values: ScanTagValues;
  readonly written: readonly ShredlockTagKey[];
  readonly omitted: readonly ShredlockTagKey[];
}

/** Result of scanning one version. */
export interface ScanObjectResult {
  /** Loggable ids: bucket, version id, key hash. */
  readonly ids: ObjectVersionIds;
  /** The engine's report; `key` is the object key (reports only, never logs). */
  readonly report: ObjectReport;
  readonly head: VersionHead;
  readonly tagging: TaggingResult;
}

/** Reads size, lock and encryption fields of a version. */
export async function headVersion(s3: S3Client, ref: ObjectVersionRef): Promise<VersionHead> {
  let head: HeadObjectCommandOutput;
  try {
    head = await s3.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
  } catch (error) {
    throw toS3Error(error, 'HeadObject', versionIds(ref));
  }
  return {
    size: head.ContentLength ?? 0,
    lockMode: head.ObjectLockMode,
    retainUntil: head.ObjectLockRetainUntilDate?.toISOString(),
    legalHold: head.ObjectLockLegalHoldStatus === 'ON',
    sse: head.ServerSideEncryption,
    kmsKeyId: head.SSEKMSKeyId,
  };
}

/**
 * Scans one version and (with `apply`) merges the ShredLock tags into its tag set.
 * Content problems end up in `report.error` and a `failed` level; S3 call failures (HeadObject,
 * tagging) throw S3Error, and nothing is tagged.
 */
export async function scanObjectVersion(
  s3: S3Client,
  ref: ObjectVersionRef,
  options: ScanObjectOptions = {},
): Promise<ScanObjectResult> {
  const { apply = false, now = () => new Date(), head: knownHead, findings, ...scanOptions } = options;
  const head = knownHead ?? (await headVersion(s3, ref));
  const source = s3VersionSource(s3, ref, head.size);
  const report = findings === undefined ? await scanSource(source, ref.key, scanOptions) : await scanKeeping(source, ref.key, scanOptions, findings.open());
  return tagVersion(s3, ref, head, report, { apply, now });
}

/** Settings of scans in byte ranges (ranged-scan.ts). */
export interface RangeSettings {
  /** Versions larger than this are scanned in ranges of this many bytes (text) or fail. */
  readonly rangeBytes: number;
  readonly store: CheckpointStore;
}

/**
 * Scans a version larger than `rangeBytes` in ranges from its checkpoint, then tags it like
 * scanObjectVersion; undefined when the deadline came first (its checkpoint is stored).
 */
export async function scanVersionInRanges(
  s3: S3Client,
  ref: ObjectVersionRef,
  options: ScanObjectOptions & RangeSettings & { readonly deadlineMs?: number; readonly clock?: () => number },
): Promise<ScanObjectResult | undefined> {
  const { apply = false, now = () => new Date(), head: knownHead, ...rest } = options;
  const head = knownHead ?? (await headVersion(s3, ref));
  const run = await scanInRanges(s3, ref, head.size, { ...rest, now });
  return run.done ? tagVersion(s3, ref, head, run.report, { apply, now }) : undefined;
}

/** Merges the ShredLock tags of `report` into the version's tags; writes them only with `apply`. */
async function tagVersion(
  s3: S3Client,
  ref: ObjectVersionRef,
  head: VersionHead,
  report: ObjectReport,
  options: { apply: boolean; now: () => Date },
): Promise<ScanObjectResult> {
  const values = scanTagValues(report, ENGINE_VERSION, options.now());
  const merge = mergeTags(await getVersionTags(s3, ref), shredlockTags(values));
  const write = options.apply && merge.outcome !== 'skipped';
  if (write) await putVersionTags(s3, ref, merge.tags);
  return {
    ids: versionIds(ref),
    report,
    head,
    tagging: { outcome: merge.outcome, applied: write, values, written: merge.written, omitted: merge.omitted },
  };
}
