/**
 * What retention evidence is, whichever method collected it (evidence.ts lists and heads the
 * bucket, inventory-evidence.ts reads its S3 Inventory), and the rules that read it: which lock
 * fields block a shred, and the counts safety.ts decides on. Both methods and their callers
 * import from here, never from each other.
 */
import { keyHash } from '../aws/object-ref.js';
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

/**
 * Why a version stops a shred. `not-found`: listed, but HeadObject answered 404 and no fresh
 * listing proved it gone (a listed key that names no object is a key the listing got wrong).
 */
export type BlockerReason = 'retained' | 'legal-hold' | 'unreadable' | 'unattributed' | 'lock-hidden' | 'not-found';

/** A version that stops a shred: ids only, never its key. */
export interface Blocker {
  readonly versionId: string;
  readonly keyHash: string;
  readonly reasons: readonly BlockerReason[];
  readonly lockMode?: string;
  readonly retainUntil?: string;
  /** Error or problem code, for `unreadable`, `unattributed`, `lock-hidden`, `not-found`. */
  readonly code?: string;
}

/** The evidence for one key. */
export interface KeyEvidence {
  readonly keyId: string;
  readonly covered: readonly CoveredVersion[];
  /** Covered versions that are retained or on legal hold (and, inventory method, unattributed ones). */
  readonly blockers: readonly Blocker[];
  /** Why the evidence proves nothing for this key (inventory method); absent when it does. */
  readonly problems?: readonly string[];
}

/** Why an inventory proves nothing for every key (see inventory-evidence.ts). */
export type InventoryProblemCode =
  | 'NO_INVENTORY'
  | 'MANIFEST_CHECKSUM'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_VERSION'
  | 'NOT_CSV'
  | 'WRONG_SOURCE_BUCKET'
  | 'WRONG_DESTINATION_BUCKET'
  | 'SCHEMA_INCOMPLETE'
  | 'INVENTORY_TOO_OLD'
  | 'INVENTORY_IN_FUTURE'
  | 'FILE_MISSING'
  | 'FILE_UNREADABLE'
  | 'FILE_SIZE_MISMATCH'
  | 'FILE_MD5_MISMATCH'
  | 'TOO_MANY_BOUNDARY_VERSIONS'
  | 'TOO_MANY_BLOCKERS'
  | 'TOO_MANY_RECHECK_VERSIONS';

/** A problem of the inventory as a whole; `file` is an inventory data file (no object keys). */
export interface InventoryProblem {
  readonly code: InventoryProblemCode;
  readonly file?: string;
  readonly detail?: string;
}

/** Which inventory proved the evidence (recorded in the certificate). */
export interface InventoryProof {
  /** `s3://<inventory bucket>/<…>/manifest.json`; undefined when none was found. */
  readonly manifestKey?: string;
  /** SHA-256 of manifest.json, hex. */
  readonly manifestSha256?: string;
  /** When S3 began the inventory's scan, ISO 8601. */
  readonly creationTimestamp?: string;
  readonly files: number;
  /** CSV rows read (delete markers included). */
  readonly rows: number;
  /** Versions around an activation whose key HeadObject named. */
  readonly versionsResolvedByHead: number;
  /** Versions read again with HeadObject after DisableKey (recheck.ts); absent before it. */
  readonly versionsRechecked?: number;
  /** Empty when the inventory itself is sound. */
  readonly problems: readonly InventoryProblem[];
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
  /** Versions listed whose HeadObject found nothing, and that a fresh listing no longer listed. */
  readonly versionsVanished: number;
  /** Versions that count against every key: unreadable, unattributed, not found, or the lock probe's. */
  readonly shared: readonly Blocker[];
  /** False when listing stopped at `maxVersions` (or the inventory proves nothing). */
  readonly complete: boolean;
  /** Per key id asked about. */
  readonly byKey: ReadonlyMap<string, KeyEvidence>;
  /** The inventory that proved it (method `inventory`). */
  readonly inventory?: InventoryProof;
}

/** Why a covered version's lock stops a shred at `now`: retained (retain-until after it, any mode), legal hold. */
export function lockBlockerReasons(retainUntil: string | undefined, legalHold: boolean, now: Date): BlockerReason[] {
  const reasons: BlockerReason[] = [];
  if (retainUntil !== undefined && Date.parse(retainUntil) > now.getTime()) reasons.push('retained');
  if (legalHold) reasons.push('legal-hold');
  return reasons;
}

/** The blocker of a covered version whose lock stops a shred at `now`; undefined when it does not. */
export function lockBlocker(v: CoveredVersion, now: Date): Blocker | undefined {
  const reasons = lockBlockerReasons(v.retainUntil, v.legalHold, now);
  if (reasons.length === 0) return undefined;
  return {
    versionId: v.versionId,
    keyHash: keyHash(v.key),
    reasons,
    ...(v.lockMode ? { lockMode: v.lockMode } : {}),
    ...(v.retainUntil ? { retainUntil: v.retainUntil } : {}),
  };
}

/** The counts the safety decision needs, for one key. */
export function evidenceCounts(evidence: BucketEvidence, keyId: string): EvidenceCounts {
  const key = evidence.byKey.get(keyId);
  const has = (r: BlockerReason) => (key?.blockers ?? []).filter((b) => b.reasons.includes(r)).length;
  const notFound = evidence.shared.filter((b) => b.reasons.includes('not-found')).length;
  return {
    retained: has('retained'),
    legalHolds: has('legal-hold'),
    unreadable: evidence.shared.length - notFound,
    notFound,
    complete: evidence.complete && key !== undefined && (key.problems?.length ?? 0) === 0,
  };
}

/** Every version that stops a shred of `keyId`: its own blockers, then the shared ones. */
export function blockersOf(evidence: BucketEvidence, keyId: string): Blocker[] {
  return [...(evidence.byKey.get(keyId)?.blockers ?? []), ...evidence.shared];
}
