/**
 * Retention evidence from the vault bucket itself, at small scale: every object version is listed
 * (ListObjectVersions, all pages; delete markers are not data) and read with HeadObject pinned to
 * its version id, for the KMS key that covers it (SSEKMSKeyId, matched by key id or ARN), its
 * Object Lock mode, retain-until date and legal hold, size and ETag. One pass serves every key.
 *
 * HeadObject returns the Object Lock headers only to a caller with s3:GetObjectRetention and
 * s3:GetObjectLegalHold; without them it silently leaves them out, and every version would look
 * unlocked. So each pass first proves it can see them: GetObjectRetention and GetObjectLegalHold of
 * the first version read. An AccessDenied there, or a legal hold that HeadObject did not show,
 * makes the evidence incomplete ("lock-hidden"). Other answers of the probe give no opinion
 * (HeadObject stays the evidence; moto cannot parse its own GetObjectRetention answer).
 *
 * Failure is never clean: a version whose HeadObject fails (other than "gone") or whose key is not
 * a key id or ARN (an alias, which S3 would not report) cannot be attributed to a key, and counts
 * against every key ("unreadable"). A listing cut short by `maxVersions` is incomplete. Throttling
 * and outages throw, so the run fails and is tried again.
 *
 * Results hold object keys (for the manifest): log only counts, version ids and key hashes.
 */
import {
  GetObjectLegalHoldCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { toS3Error } from '../aws/errors.js';
import { keyHash, versionIds } from '../aws/object-ref.js';
import { isKeyReference, keyIdOf } from '../vault/epoch-keys.js';
import { mapLimit } from '../shared/pool.js';
import type { InventoryProof } from './inventory-evidence.js';
import type { EvidenceCounts } from './safety.js';

/** One object version covered by a key. */
export interface CoveredVersion {
  readonly key: string;
  readonly versionId: string;
  /** ETag without the surrounding quotes. */
  readonly etag: string;
  readonly size: number;
  readonly lockMode?: string;
  /** ISO 8601. */
  readonly retainUntil?: string;
  readonly legalHold: boolean;
}

/** Why a version stops a shred. */
export type BlockerReason = 'retained' | 'legal-hold' | 'unreadable' | 'unattributed' | 'lock-hidden';

/** A version that stops a shred: ids only, never its key. */
export interface Blocker {
  readonly versionId: string;
  readonly keyHash: string;
  readonly reasons: readonly BlockerReason[];
  readonly lockMode?: string;
  readonly retainUntil?: string;
  /** Error code, for `unreadable`. */
  readonly code?: string;
}

/** The evidence for one key. */
export interface KeyEvidence {
  readonly keyId: string;
  readonly covered: readonly CoveredVersion[];
  /** Covered versions that are retained or on legal hold. */
  readonly blockers: readonly Blocker[];
  /** Why the evidence proves nothing for this key (inventory method); absent when it does. */
  readonly problems?: readonly string[];
}

/** The evidence of one pass over the bucket. */
export interface BucketEvidence {
  readonly bucket: string;
  readonly method: 'list-and-head' | 'inventory';
  /** The `now` retention was judged against, ISO 8601. */
  readonly checkedAt: string;
  /** Object versions listed (delete markers not included). */
  readonly versionsListed: number;
  readonly deleteMarkers: number;
  /** Versions under SSE-KMS keys other than the ones asked about. */
  readonly versionsOfOtherKeys: number;
  /** Versions without SSE-KMS (not covered by any key). */
  readonly versionsWithoutKms: number;
  /** Versions listed that were gone by the time of their HeadObject. */
  readonly versionsVanished: number;
  /** Versions that count against every key: unreadable, unattributed, or the lock probe's. */
  readonly shared: readonly Blocker[];
  /** False when listing stopped at `maxVersions`. */
  readonly complete: boolean;
  /** Per key id asked about. */
  readonly byKey: ReadonlyMap<string, KeyEvidence>;
  /** The inventory that proved it (method `inventory`). */
  readonly inventory?: InventoryProof;
}

/** Options of collectEvidence. */
export interface EvidenceOptions {
  /** Versions per ListObjectVersions page. @default 1000 */
  readonly pageSize?: number;
  /** HeadObject calls in flight. @default 16 */
  readonly concurrency?: number;
  /** Versions beyond which the listing stops, incomplete (use the Inventory at that scale). @default 100000 */
  readonly maxVersions?: number;
}

/** Default of EvidenceOptions.maxVersions. */
export const DEFAULT_MAX_VERSIONS = 100_000;

interface Listed {
  readonly key: string;
  readonly versionId: string;
  readonly etag: string;
}

/** HeadObject of one version, reduced to what the evidence needs. */
export type HeadOutcome =
  | { kind: 'head'; sseKey?: string; size: number; lockMode?: string; retainUntil?: string; legalHold: boolean }
  | { kind: 'gone' }
  | { kind: 'failed'; code: string };

/** HeadObject pinned to the version id; `gone` when it no longer exists. Throttling and outages throw. */
export async function head(s3: S3Client, bucket: string, v: Listed): Promise<HeadOutcome> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: v.key, VersionId: v.versionId }));
    return {
      kind: 'head',
      sseKey: out.ServerSideEncryption?.startsWith('aws:kms') ? out.SSEKMSKeyId : undefined,
      size: out.ContentLength ?? 0,
      lockMode: out.ObjectLockMode,
      retainUntil: out.ObjectLockRetainUntilDate?.toISOString(),
      legalHold: out.ObjectLockLegalHoldStatus === 'ON',
    };
  } catch (error) {
    const failure = toS3Error(error, 'HeadObject', versionIds({ bucket, ...v }));
    if (failure.retryable) throw failure;
    if (failure.kind === 'NOT_FOUND') return { kind: 'gone' };
    return { kind: 'failed', code: failure.code };
  }
}

/**
 * Proves the caller sees Object Lock fields in HeadObject (see the module doc): undefined when it
 * does or the probe has no opinion, a blocker when they are hidden.
 */
async function probeLockVisibility(s3: S3Client, bucket: string, v: Listed, headLegalHold: boolean): Promise<Blocker | undefined> {
  const hidden = (code: string): Blocker => ({ versionId: v.versionId, keyHash: keyHash(v.key), reasons: ['lock-hidden'], code });
  const ref = { Bucket: bucket, Key: v.key, VersionId: v.versionId };
  const ids = versionIds({ bucket, ...v });
  try {
    await s3.send(new GetObjectRetentionCommand(ref));
  } catch (error) {
    const failure = toS3Error(error, 'GetObjectRetention', ids);
    if (failure.kind === 'ACCESS_DENIED') return hidden(failure.code);
    if (failure.retryable) throw failure;
  }
  try {
    const out = await s3.send(new GetObjectLegalHoldCommand(ref));
    if (out.LegalHold?.Status === 'ON' && !headLegalHold) return hidden('LEGAL_HOLD_NOT_IN_HEAD');
  } catch (error) {
    const failure = toS3Error(error, 'GetObjectLegalHold', ids);
    if (failure.kind === 'ACCESS_DENIED') return hidden(failure.code);
    if (failure.retryable) throw failure;
  }
  return undefined;
}

/** Lists and reads every version of `bucket`; evidence for each of `keyIds` (ids, not ARNs). */
export async function collectEvidence(
  s3: S3Client,
  bucket: string,
  keyIds: readonly string[],
  now: Date,
  options: EvidenceOptions = {},
): Promise<BucketEvidence> {
  const { pageSize = 1000, concurrency = 16, maxVersions = DEFAULT_MAX_VERSIONS } = options;
  const wanted = new Map(keyIds.map((id) => [id, { covered: [] as CoveredVersion[], blockers: [] as Blocker[] }]));
  const shared: Blocker[] = [];
  let versionsListed = 0;
  let deleteMarkers = 0;
  let versionsOfOtherKeys = 0;
  let versionsWithoutKms = 0;
  let versionsVanished = 0;
  let complete = true;
  let probed = false;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;

  for (;;) {
    let page;
    try {
      page = await s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: pageSize, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
      );
    } catch (error) {
      throw toS3Error(error, 'ListObjectVersions', { bucket });
    }
    deleteMarkers += page.DeleteMarkers?.length ?? 0;
    const listed: Listed[] = [];
    for (const v of page.Versions ?? []) {
      if (v.Key === undefined || v.VersionId === undefined) continue;
      listed.push({ key: v.Key, versionId: v.VersionId, etag: (v.ETag ?? '').replace(/^"|"$/g, '') });
    }
    if (versionsListed + listed.length > maxVersions) {
      listed.splice(maxVersions - versionsListed);
      complete = false;
    }
    versionsListed += listed.length;
    const heads = await mapLimit(listed, concurrency, (v) => head(s3, bucket, v));
    if (!probed) {
      const first = heads.findIndex((h) => h.kind === 'head');
      if (first >= 0) {
        probed = true;
        const blocker = await probeLockVisibility(s3, bucket, listed[first] as Listed, (heads[first] as { legalHold: boolean }).legalHold);
        if (blocker) shared.push(blocker);
      }
    }
    listed.forEach((v, i) => {
      const h = heads[i] as HeadOutcome;
      if (h.kind === 'gone') {
        versionsVanished++;
        return;
      }
      if (h.kind === 'failed') {
        shared.push({ versionId: v.versionId, keyHash: keyHash(v.key), reasons: ['unreadable'], code: h.code });
        return;
      }
      if (h.sseKey === undefined) {
        versionsWithoutKms++;
        return;
      }
      if (!isKeyReference(h.sseKey)) {
        shared.push({ versionId: v.versionId, keyHash: keyHash(v.key), reasons: ['unattributed'] });
        return;
      }
      const evidence = wanted.get(keyIdOf(h.sseKey));
      if (!evidence) {
        versionsOfOtherKeys++;
        return;
      }
      evidence.covered.push({
        key: v.key,
        versionId: v.versionId,
        etag: v.etag,
        size: h.size,
        legalHold: h.legalHold,
        ...(h.lockMode ? { lockMode: h.lockMode } : {}),
        ...(h.retainUntil ? { retainUntil: h.retainUntil } : {}),
      });
      const reasons = lockBlockerReasons(h.retainUntil, h.legalHold, now);
      if (reasons.length > 0) {
        evidence.blockers.push({
          versionId: v.versionId,
          keyHash: keyHash(v.key),
          reasons,
          ...(h.lockMode ? { lockMode: h.lockMode } : {}),
          ...(h.retainUntil ? { retainUntil: h.retainUntil } : {}),
        });
      }
    });
    if (!complete || !page.IsTruncated) break;
    if (!page.NextKeyMarker) {
      complete = false; // cannot go on without a marker: never call a partial listing complete
      break;
    }
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }

  return {
    bucket,
    method: 'list-and-head',
    checkedAt: now.toISOString(),
    versionsListed,
    deleteMarkers,
    versionsOfOtherKeys,
    versionsWithoutKms,
    versionsVanished,
    shared,
    complete,
    byKey: new Map([...wanted].map(([keyId, e]) => [keyId, { keyId, covered: e.covered, blockers: e.blockers }])),
  };
}

/** Why a covered version's lock stops a shred at `now`: retained (retain-until after it, any mode), legal hold. */
export function lockBlockerReasons(retainUntil: string | undefined, legalHold: boolean, now: Date): BlockerReason[] {
  const reasons: BlockerReason[] = [];
  if (retainUntil !== undefined && Date.parse(retainUntil) > now.getTime()) reasons.push('retained');
  if (legalHold) reasons.push('legal-hold');
  return reasons;
}

/** The counts the safety decision needs, for one key. */
export function evidenceCounts(evidence: BucketEvidence, keyId: string): EvidenceCounts {
  const key = evidence.byKey.get(keyId);
  const has = (r: BlockerReason) => (key?.blockers ?? []).filter((b) => b.reasons.includes(r)).length;
  return {
    retained: has('retained'),
    legalHolds: has('legal-hold'),
    unreadable: evidence.shared.length,
    complete: evidence.complete && key !== undefined && (key.problems?.length ?? 0) === 0,
  };
}

/** Every version that stops a shred of `keyId`: its own blockers, then the shared ones. */
export function blockersOf(evidence: BucketEvidence, keyId: string): Blocker[] {
  return [...(evidence.byKey.get(keyId)?.blockers ?? []), ...evidence.shared];
}
