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
import { scanObjectVersion, type ScanObjectOptions, type ScanObjectResult } from './scan-object.js';
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
  /** Hears of each version scanned (progress, metrics). */
  readonly onResult?: (result: ScanObjectResult) => void;
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

/** Scans the versions under `target` (see the module doc). */
export async function scanPrefix(
  s3: S3Client,
  target: PrefixTarget,
  options: PrefixScanOptions = {},
): Promise<PrefixScanResult> {
  const { force = false, deadlineMs, continuation, pageSize = DEFAULT_PAGE_SIZE, clock = Date.now, onResult, ...objectOptions } = options;
  const startedAt = new Date();
  const objects: ObjectReport[] = [];
  const results: ScanObjectResult[] = [];
  const failures: PrefixScanFailure[] = [];
  let alreadyScanned = 0;
  let handled = 0;
  let position: ScanContinuation | undefined = continuation?.keyMarker ? continuation : undefined;
  const pastDeadline = () => deadlineMs !== undefined && handled > 0 && clock() >= deadlineMs;

  const finish = (stoppedBy?: string): PrefixScanResult => ({
    report: buildReport(`s3://${target.bucket}/${target.prefix}`, startedAt, new Date(), objects),
    results,
    alreadyScanned,
    failures,
    done: stoppedBy === undefined,
    ...(stoppedBy === undefined ? {} : { stoppedBy, continuation: position ?? { keyMarker: '', versionIdMarker: '' } }),
  });

  for (;;) {
    if (pastDeadline()) return finish('deadline');
    let page: VersionPage;
    try {
      page = await listVersionPage(s3, target.bucket, { prefix: target.prefix, pageSize, ...(position?.keyMarker ? { after: position } : {}) });
    } catch (error) {
      if (isS3Error(error) && error.retryable) return finish(error.code);
      throw error;
    }
    for (const version of page.versions) {
      if (pastDeadline()) return finish('deadline');
      const ref: ObjectVersionRef = { bucket: target.bucket, key: version.key, versionId: version.versionId };
      try {
        if (!force && isScannedBy(await getVersionTags(s3, ref), ENGINE_VERSION)) {
          alreadyScanned++;
        } else {
          const result = await scanObjectVersion(s3, ref, objectOptions);
          results.push(result);
          objects.push(result.report);
          onResult?.(result);
        }
      } catch (error) {
        if (!isS3Error(error)) throw error;
        if (error.retryable) return finish(error.code);
        const report = failedObject(ref.key, version.size, error);
        failures.push({ ids: versionIds(ref), operation: error.operation, code: error.code, report });
        objects.push(report);
      }
      handled++;
      position = { keyMarker: ref.key, versionIdMarker: ref.versionId };
    }
    if (!page.truncated) return finish();
    // Without a next marker the loop would list the same page again.
    if (!page.next) return finish('no-next-marker');
    position = { keyMarker: page.next.keyMarker, versionIdMarker: page.next.versionIdMarker ?? '' };
  }
}
