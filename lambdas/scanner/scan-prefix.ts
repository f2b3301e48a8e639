/**
 * Scans every object version under a prefix, resumably.
 *
 * Lists versions (ListObjectVersions, paginated; delete markers are not objects and are passed
 * over), skips versions this engine version already tagged (unless `force`), scans and tags the
 * others one at a time. Before each version it checks the deadline; when the deadline is reached it
 * stops cleanly and returns a continuation (the key and version id markers of the last version
 * done), which a later run passes back to go on where this one stopped.
 *
 * Every run handles at least one version, even past its deadline: a deadline too tight for a
 * single object would otherwise return the same continuation forever.
 *
 * With `concurrency` above 1, up to that many versions of a listing page are read and scanned at
 * once (the CLI: network reads overlap; memory stays bounded by `concurrency` objects, each
 * streamed or buffered up to the engine's `maxBufferedBytes`). Results and the report keep listing
 * order. The continuation is the last version before which every version is done; versions done
 * after a gap (a retryable error) are reported in this run and, when tagged, skipped in the next.
 *
 * A version whose S3 calls fail for good (access denied, not found) is reported `failed` and the
 * scan goes on; one that is throttled or meets an outage (after the SDK's own retries) ends the run
 * the same clean way as the deadline, before that version, so the next run tries it again.
 *
 * A continuation holds an object key: store it (state machine, CLI state file), never log it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { listVersionPage, type VersionPage } from '../aws/object-versions.js';
import { buildReport, type ScanReport } from '../engine/report.js';
import type { ObjectReport } from '../engine/scan.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { isS3Error, type S3Error } from '../aws/errors.js';
import { versionIds, type ObjectVersionIds, type ObjectVersionRef } from '../aws/object-ref.js';
import { getVersionTags } from '../aws/object-tags.js';
import { scanObjectVersion, scanVersionInRanges, type RangeSettings, type ScanObjectOptions, type ScanObjectResult } from './scan-object.js';
import { isScannedBy } from './tags.js';

/** Where a prefix scan goes on: list versions after this key and version id. */
export interface ScanContinuation {
  readonly keyMarker: string;
  readonly versionIdMarker: string;
}

/** What to scan. */
export interface PrefixTarget {
  readonly bucket: string;
  /** Key prefix; `''` for the whole bucket. */
  readonly prefix: string;
}

/** Versions per ListObjectVersions page unless told otherwise (S3's maximum). */
export const DEFAULT_PAGE_SIZE = 1000;

/** Options of scanPrefix. */
export interface PrefixScanOptions extends Omit<ScanObjectOptions, 'head'> {
  /** Scan versions already tagged by this engine version too. @default false */
  readonly force?: boolean;
  /** Epoch milliseconds after which no further version is started. @default no deadline */
  readonly deadlineMs?: number;
  /** From a previous run that stopped at its deadline. @default start of the prefix */
  readonly continuation?: ScanContinuation;
  /** @default DEFAULT_PAGE_SIZE */
  readonly pageSize?: number;
  /** Clock for the deadline, epoch milliseconds. @default Date.now */
  readonly clock?: () => number;
  /** Hears of each version scanned (progress, metrics), in the order they finish. */
  readonly onResult?: (result: ScanObjectResult) => void;
  /** Versions read and scanned at once. @default 1 */
  readonly concurrency?: number;
  /**
   * Scan versions larger than `rangeBytes` in byte ranges across runs (ranged-scan.ts): the run
   * stops before such a version when the deadline comes mid-object, and the next run resumes it
   * from its checkpoint. @default every version is scanned whole
   */
  readonly ranges?: RangeSettings;
}

/** A version whose S3 calls failed: reported as `failed`, not tagged, scanned again next run. */
export interface PrefixScanFailure {
  readonly ids: ObjectVersionIds;
  readonly operation: string;
  readonly code: string;
  readonly report: ObjectReport;
}

/** Result of one prefix scan run. */
export interface PrefixScanResult {
  /** Versions scanned in this run (including failures, as `failed`), `source: s3://bucket/prefix`. */
  readonly report: ScanReport;
  readonly results: readonly ScanObjectResult[];
  /** Versions passed over because this engine version had tagged them. */
  readonly alreadyScanned: number;
  readonly failures: readonly PrefixScanFailure[];
  /** True when the prefix has been listed to its end. */
  readonly done: boolean;
  /** Present when `done` is false: pass it back to resume. */
  readonly continuation?: ScanContinuation;
  /** Why a run that is not done stopped: `deadline`, the code of a retryable S3 error, `no-next-marker`. */
  readonly stoppedBy?: string;
}

/** The report entry of a version whose S3 calls failed: `failed`, never clean. */
function failedObject(key: string, size: number, error: S3Error): ObjectReport {
  return {
    key,
    size,
    format: 'binary',
    sensitivity: 'failed',
    counts: {},
    findings: [],
    error: { code: 'READ_FAILED', message: `${error.operation} failed (${error.code})` },
  };
}

/** What became of one listed version. */
type VersionOutcome =
  | { readonly kind: 'already-scanned' }
  | { readonly kind: 'scanned'; readonly result: ScanObjectResult }
  | { readonly kind: 'failed'; readonly failure: PrefixScanFailure }
  | { readonly kind: 'retry'; readonly code: string }
  | { readonly kind: 'unfinished' };

/** Scans the versions under `target` (see the module doc). */
export async function scanPrefix(
  s3: S3Client,
  target: PrefixTarget,
  options: PrefixScanOptions = {},
): Promise<PrefixScanResult> {
  const {
    force = false,
    deadlineMs,
    continuation,
    pageSize = DEFAULT_PAGE_SIZE,
    clock = Date.now,
    onResult,
    concurrency = 1,
    ranges,
    ...objectOptions
  } = options;
  const startedAt = new Date();
  const objects: ObjectReport[] = [];
  const results: ScanObjectResult[] = [];
  const failures: PrefixScanFailure[] = [];
  let alreadyScanned = 0;
  let started = 0;
  let position: ScanContinuation | undefined = continuation?.keyMarker ? continuation : undefined;
  const pastDeadline = () => deadlineMs !== undefined && started > 0 && clock() >= deadlineMs;

  const finish = (stoppedBy?: string): PrefixScanResult => ({
    report: buildReport(`s3://${target.bucket}/${target.prefix}`, startedAt, new Date(), objects),
    results,
    alreadyScanned,
    failures,
    done: stoppedBy === undefined,
    ...(stoppedBy === undefined ? {} : { stoppedBy, continuation: position ?? { keyMarker: '', versionIdMarker: '' } }),
  });

  const handle = async (ref: ObjectVersionRef, size: number): Promise<VersionOutcome> => {
    try {
      if (!force && isScannedBy(await getVersionTags(s3, ref), ENGINE_VERSION)) return { kind: 'already-scanned' };
      const result =
        ranges && size > ranges.rangeBytes
          ? await scanVersionInRanges(s3, ref, { ...objectOptions, ...ranges, deadlineMs, clock })
          : await scanObjectVersion(s3, ref, objectOptions);
      if (result === undefined) return { kind: 'unfinished' };
      onResult?.(result);
      return { kind: 'scanned', result };
    } catch (error) {
      if (!isS3Error(error)) throw error;
      if (error.retryable) return { kind: 'retry', code: error.code };
      const report = failedObject(ref.key, size, error);
      return { kind: 'failed', failure: { ids: versionIds(ref), operation: error.operation, code: error.code, report } };
    }
  };

  for (;;) {
    if (pastDeadline()) return finish('deadline');
    let page: VersionPage;
    try {
      page = await listVersionPage(s3, target.bucket, { prefix: target.prefix, pageSize, ...(position?.keyMarker ? { after: position } : {}) });
    } catch (error) {
      if (isS3Error(error) && error.retryable) return finish(error.code);
      throw error;
    }
    const refs = page.versions.map((v) => ({ ref: { bucket: target.bucket, key: v.key, versionId: v.versionId }, size: v.size }));
    // Lanes take the next version in listing order until the page ends or the run must stop.
    const outcomes: (VersionOutcome | undefined)[] = new Array(refs.length);
    let next = 0;
    let stop: string | undefined;
    const lane = async () => {
      while (next < refs.length && stop === undefined) {
        if (pastDeadline()) {
          stop = 'deadline';
          return;
        }
        const index = next++;
        started++;
        const outcome = await handle(refs[index].ref, refs[index].size);
        outcomes[index] = outcome;
        if (outcome.kind === 'retry') stop ??= outcome.code;
        if (outcome.kind === 'unfinished') stop ??= 'deadline';
      }
    };
    const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, lane));
    const thrown = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (thrown) throw thrown.reason;

    let gap = false;
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome === undefined || outcome.kind === 'retry' || outcome.kind === 'unfinished') {
        gap = true;
        continue;
      }
      if (outcome.kind === 'already-scanned') alreadyScanned++;
      else if (outcome.kind === 'scanned') {
        results.push(outcome.result);
        objects.push(outcome.result.report);
      } else {
        failures.push(outcome.failure);
        objects.push(outcome.failure.report);
      }
      if (!gap) position = { keyMarker: refs[index].ref.key, versionIdMarker: refs[index].ref.versionId };
    }
    if (stop !== undefined) return finish(stop);
    if (!page.truncated) return finish();
    // Without a next marker the loop would list the same page again.
    if (!page.next) return finish('no-next-marker');
    position = { keyMarker: page.next.keyMarker, versionIdMarker: page.next.versionIdMarker ?? '' };
  }
}
