/**
 * After DisableKey, the inventory method reads again, with HeadObject, every version it credited
 * to the key (one epoch's worth): the inventory may be up to `maxAgeDays` old, and a legal hold
 * placed or retention extended since it began is only in the live object. Each covered version:
 *
 * | readVersion / judgeHead                 | Outcome                                                  |
 * |-----------------------------------------|----------------------------------------------------------|
 * | head, under this key                    | covered; locks of the inventory and HeadObject merged    |
 * | head, under another key                 | no longer covered (versionsOfOtherKeys)                  |
 * | head, not SSE-KMS (the inventory said)  | shared `unattributed` NOT_SSE_KMS                        |
 * | 404 proved gone by a fresh listing      | no longer covered (versionsVanished)                     |
 * | 404 still listed, or failed             | shared `not-found` / `unreadable`                        |
 *
 * The first version read also proves the lock fields are visible (version-head.ts). More than
 * `maxRecheckVersions` covered versions makes the evidence incomplete. Versions the inventory
 * never listed (written after it began) are not seen here: see inventory-evidence.ts.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { keyHash } from '../aws/object-ref.js';
import { forEachLimit } from '../shared/pool.js';
import { lockBlocker, type Blocker, type BucketEvidence, type CoveredVersion } from './evidence-model.js';
import { INVENTORY_EVIDENCE_DEFAULTS, mergeLocks, type InventoryEvidenceOptions } from './inventory-evidence.js';
import { judgeHead, probeLockVisibility, readVersion, type HeadOutcome } from './version-head.js';

/** The inventory evidence for `keyId`, proved again against the live versions (see the module doc). */
export async function recheckCovered(
  s3: S3Client,
  evidence: BucketEvidence,
  keyId: string,
  options: InventoryEvidenceOptions = {},
): Promise<BucketEvidence> {
  const { concurrency, maxRecheckVersions } = { ...INVENTORY_EVIDENCE_DEFAULTS, ...options };
  const key = evidence.byKey.get(keyId);
  const inventory = evidence.inventory;
  if (!key || !inventory) return evidence;
  if (key.covered.length > maxRecheckVersions) {
    return { ...evidence, complete: false, inventory: { ...inventory, problems: [...inventory.problems, { code: 'TOO_MANY_RECHECK_VERSIONS' }] } };
  }
  const now = new Date(evidence.checkedAt);
  const heads: HeadOutcome[] = new Array(key.covered.length);
  await forEachLimit(key.covered, concurrency, async (v, i) => {
    heads[i] = await readVersion(s3, evidence.bucket, v);
  });
  const shared: Blocker[] = [...evidence.shared];
  const first = heads.findIndex((h) => h.kind === 'head');
  if (first >= 0) {
    const probe = await probeLockVisibility(s3, evidence.bucket, key.covered[first] as CoveredVersion, (heads[first] as { legalHold: boolean }).legalHold);
    if (probe) shared.push(probe);
  }
  const covered: CoveredVersion[] = [];
  let vanished = 0;
  let ofOtherKeys = 0;
  key.covered.forEach((v, i) => {
    const verdict = judgeHead(v, heads[i] as HeadOutcome);
    if (verdict.kind === 'vanished') vanished++;
    else if (verdict.kind === 'shared') shared.push(verdict.blocker);
    else if (verdict.kind === 'without-kms') shared.push({ versionId: v.versionId, keyHash: keyHash(v.key), reasons: ['unattributed'], code: 'NOT_SSE_KMS' });
    else if (verdict.keyId !== keyId) ofOtherKeys++;
    else covered.push({ ...v, ...mergeLocks(v, verdict.version) });
  });
  // Lock blockers are recomputed from the merged locks; the inventory's other blockers stay.
  const blockers = [
    ...key.blockers.filter((b) => !b.reasons.includes('retained') && !b.reasons.includes('legal-hold')),
    ...covered.flatMap((v) => lockBlocker(v, now) ?? []),
  ];
  return {
    ...evidence,
    versionsVanished: evidence.versionsVanished + vanished,
    versionsOfOtherKeys: evidence.versionsOfOtherKeys + ofOtherKeys,
    shared,
    byKey: new Map([...evidence.byKey, [keyId, { ...key, covered, blockers }]]),
    inventory: { ...inventory, versionsRechecked: key.covered.length },
  };
}
