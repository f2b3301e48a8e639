/**
 * Which evidence proves the keys of a vault, by the size of its bucket:
 *
 * | Versions in the bucket | Inventory location configured | Method                                         |
 * |------------------------|-------------------------------|------------------------------------------------|
 * | up to `maxVersions`    | any                           | `list-and-head` (evidence.ts)                  |
 * | more                   | yes                           | `inventory` (inventory-evidence.ts)            |
 * | more                   | no                            | `list-and-head`, stopped at `maxVersions`:     |
 * |                        |                               | incomplete, so every key is refused            |
 *
 * With an inventory configured, the versions are first counted with ListObjectVersions alone (at
 * most `maxVersions / pageSize + 1` pages, no HeadObject) to choose. Either method yields the same
 * BucketEvidence; safety.ts decides on it alone.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { listVersionPage, type VersionMarker } from '../aws/object-versions.js';
import type { VaultConfig } from '../vault/config.js';
import { collectEvidence, DEFAULT_MAX_VERSIONS, type EvidenceOptions } from './evidence.js';
import type { BucketEvidence } from './evidence-model.js';
import { collectInventoryEvidence, type InventoryEvidenceOptions } from './inventory-evidence.js';

/** Options of collectVaultEvidence. */
export interface VaultEvidenceOptions {
  /** Listing options; `maxVersions` is also the size above which the inventory is used. */
  readonly evidence?: EvidenceOptions;
  readonly inventory?: InventoryEvidenceOptions;
}

/** Versions (not delete markers) in `bucket`, counted up to `limit + 1` and no further. */
export async function countVersionsUpTo(s3: S3Client, bucket: string, limit: number, pageSize = 1000): Promise<number> {
  let count = 0;
  let after: VersionMarker | undefined;
  for (;;) {
    const page = await listVersionPage(s3, bucket, { pageSize, ...(after ? { after } : {}) });
    count += page.versions.length;
    // Without a marker the count cannot go on: call it large, so the inventory is used.
    if (count > limit || (page.truncated && !page.next)) return Math.max(count, limit + 1);
    if (!page.next) return count;
    after = page.next;
  }
}

/** The evidence for `keyIds` of the vault, by the method the table in the module doc chooses. */
export async function collectVaultEvidence(
  s3: S3Client,
  config: VaultConfig,
  keyIds: readonly string[],
  now: Date,
  options: VaultEvidenceOptions = {},
): Promise<BucketEvidence> {
  const inventoryBucket = config.inventoryBucket;
  if (inventoryBucket) {
    const limit = options.evidence?.maxVersions ?? DEFAULT_MAX_VERSIONS;
    if ((await countVersionsUpTo(s3, config.vaultBucket, limit, options.evidence?.pageSize)) > limit) {
      return collectInventoryEvidence(s3, { ...config, inventoryBucket }, keyIds, now, options.inventory);
    }
  }
  return collectEvidence(s3, config.vaultBucket, keyIds, now, options.evidence);
}
