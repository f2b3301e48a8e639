/**
 * Retention evidence from the vault bucket itself, at small scale: every object version is listed
 * (ListObjectVersions, URL-encoded, all pages; delete markers are not data) and read with
 * HeadObject pinned to its version id, for the KMS key that covers it (SSEKMSKeyId, matched by key
 * id or ARN), its Object Lock mode, retain-until date and legal hold, size and ETag. One pass
 * serves every key. The first version read proves the lock fields are visible (version-head.ts).
 *
 * Failure is never clean; each of these counts against every key (`shared`):
 *
 * | HeadObject of a listed version                          | Blocker                         |
 * |---------------------------------------------------------|---------------------------------|
 * | fails (other than 404; throttling and outages throw)    | `unreadable`, its error code    |
 * | 404, and a fresh listing still lists it                 | `not-found`                     |
 * | 404, and a fresh URL-encoded listing no longer does     | none: counted `versionsVanished`|
 * | SSE-KMS under an alias (S3 would give a key id or ARN)  | `unattributed`                  |
 *
 * A listing cut short by `maxVersions`, or truncated without a next marker, is incomplete.
 *
 * Results hold object keys (for the manifest): log only counts, version ids and key hashes.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { listVersionPage, type ListedVersion, type VersionMarker } from '../aws/object-versions.js';
import { forEachLimit } from '../shared/pool.js';
import { lockBlocker, type Blocker, type BucketEvidence, type CoveredVersion } from './evidence-model.js';
import { judgeHead, probeLockVisibility, readVersion, type HeadOutcome } from './version-head.js';

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
  const counts = { versionsListed: 0, deleteMarkers: 0, versionsOfOtherKeys: 0, versionsWithoutKms: 0, versionsVanished: 0 };
  let complete = true;
  let probed = false;
  let after: VersionMarker | undefined;

  for (;;) {
    const page = await listVersionPage(s3, bucket, { pageSize, ...(after ? { after } : {}) });
    counts.deleteMarkers += page.deleteMarkers;
    const listed = [...page.versions];
    if (counts.versionsListed + listed.length > maxVersions) {
      listed.splice(maxVersions - counts.versionsListed);
      complete = false;
    }
    counts.versionsListed += listed.length;
    const heads: HeadOutcome[] = new Array(listed.length);
    await forEachLimit(listed, concurrency, async (v, i) => {
      heads[i] = await readVersion(s3, bucket, v);
    });
    if (!probed) {
      const first = heads.findIndex((h) => h.kind === 'head');
      if (first >= 0) {
        probed = true;
        const h = heads[first] as { legalHold: boolean };
        const blocker = await probeLockVisibility(s3, bucket, listed[first] as ListedVersion, h.legalHold);
        if (blocker) shared.push(blocker);
      }
    }
    for (const [i, v] of listed.entries()) {
      const verdict = judgeHead(v, heads[i] as HeadOutcome);
      if (verdict.kind === 'shared') shared.push(verdict.blocker);
      else if (verdict.kind === 'vanished') counts.versionsVanished++;
      else if (verdict.kind === 'without-kms') counts.versionsWithoutKms++;
      else {
        const evidence = wanted.get(verdict.keyId);
        if (!evidence) {
          counts.versionsOfOtherKeys++;
          continue;
        }
        evidence.covered.push(verdict.version);
        const blocker = lockBlocker(verdict.version, now);
        if (blocker) evidence.blockers.push(blocker);
      }
    }
    if (!complete || !page.truncated) break;
    if (!page.next) {
      complete = false; // cannot go on without a marker: never call a partial listing complete
      break;
    }
    after = page.next;
  }

  return {
    bucket,
    method: 'list-and-head',
    checkedAt: now.toISOString(),
    ...counts,
    shared,
    complete,
    byKey: new Map([...wanted].map(([keyId, e]) => [keyId, { keyId, covered: e.covered, blockers: e.blockers }])),
  };
}
