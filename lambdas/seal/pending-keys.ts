/**
 * After a seal, the vault keys pending deletion that cover a sealed version are cancelled: the
 * seal just put a legal hold on data under them, and the shredder's next run may be days away
 * while KMS deletes the key at its date. For each version under the prefix, HeadObject names its
 * key (SSEKMSKeyId); each key that DescribeKey shows PendingDeletion and whose `shredlock:vault`
 * tag names this vault is cancelled (lambdas/shredder/cancel.ts: record beside its certificate,
 * notice on the topic) with reason `legal-hold` and the sealed versions under it as blockers.
 *
 * | HeadObject of a sealed version  | Key (DescribeKey, tags)                  | Result                      |
 * |---------------------------------|------------------------------------------|-----------------------------|
 * | SSE-KMS, key id, ARN or alias   | PendingDeletion, tagged for this vault   | cancelled                   |
 * | SSE-KMS                         | any other state, or another vault's tag  | left alone                  |
 * | not SSE-KMS, or 404             | -                                        | no key                      |
 * | fails otherwise                 | -                                        | `unreadable`: reported, the seal stands |
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { keyHash } from '../aws/object-ref.js';
import type { ListedVersion } from '../aws/object-versions.js';
import { cancelKeyDeletion } from '../shredder/cancel.js';
import type { Blocker } from '../shredder/evidence-model.js';
import { head } from '../shredder/version-head.js';
import { describeKey, keyTags } from '../vault/epoch-keys.js';
import { TAG_EPOCH, TAG_VAULT } from '../../contract/naming.js';
import { forEachLimit } from '../shared/pool.js';

/** The vault whose keys a seal may cancel. */
export interface SealVault {
  readonly vaultName: string;
  readonly vaultBucket: string;
  readonly recordsBucket: string;
  readonly topicArn?: string;
}

/** What the pending-key check did. */
export interface PendingKeysResult {
  /** Keys whose deletion was cancelled, with the record written (if the key had a certificate). */
  readonly cancelled: readonly { readonly keyId: string; readonly epoch: string; readonly record?: string; readonly notification: string }[];
  /** Versions whose key could not be read (version id and code). */
  readonly unreadable: readonly { readonly versionId: string; readonly code: string }[];
}

/** Cancels the deletion of every pending key of `vault` under `versions` (see the module doc). */
export async function cancelPendingKeys(
  clients: { readonly s3: S3Client; readonly kms: KMSClient; readonly sns?: SNSClient },
  vault: SealVault,
  versions: readonly ListedVersion[],
  context: { readonly incidentId: string; readonly now: Date; readonly concurrency?: number },
): Promise<PendingKeysResult> {
  const byKey = new Map<string, Blocker[]>();
  const unreadable: { versionId: string; code: string }[] = [];
  await forEachLimit(versions, context.concurrency ?? 8, async (v) => {
    const h = await head(clients.s3, vault.vaultBucket, v);
    if (h.kind === 'failed') unreadable.push({ versionId: v.versionId, code: h.code });
    if (h.kind !== 'head' || h.sseKey === undefined) return;
    const list = byKey.get(h.sseKey) ?? [];
    list.push({ versionId: v.versionId, keyHash: keyHash(v.key), reasons: ['legal-hold'] });
    byKey.set(h.sseKey, list);
  });
  // Several references (id, ARN, alias) may name one key: group by the key id DescribeKey gives.
  const keys = new Map<string, { keyArn?: string; blockers: Blocker[] }>();
  for (const [ref, blockers] of byKey) {
    const key = await describeKey(clients.kms, ref);
    if (key.state !== 'PendingDeletion') continue;
    const entry = keys.get(key.keyId) ?? { ...(key.keyArn ? { keyArn: key.keyArn } : {}), blockers: [] };
    entry.blockers.push(...blockers);
    keys.set(key.keyId, entry);
  }
  const cancelled: PendingKeysResult['cancelled'][number][] = [];
  for (const [keyId, entry] of keys) {
    const tags = await keyTags(clients.kms, keyId);
    const epoch = tags[TAG_EPOCH];
    if (tags[TAG_VAULT] !== vault.vaultName || !epoch) continue;
    const done = await cancelKeyDeletion(
      clients,
      { vaultName: vault.vaultName, recordsBucket: vault.recordsBucket, ...(vault.topicArn ? { topicArn: vault.topicArn } : {}), keyId, ...(entry.keyArn ? { keyArn: entry.keyArn } : {}), epoch },
      { reasons: ['legal-hold'], blockers: entry.blockers, now: context.now, clock: 'system', by: `seal ${context.incidentId}` },
    );
    cancelled.push({ keyId, epoch, ...(done.record ? { record: done.record } : {}), notification: done.notification });
  }
  return { cancelled, unreadable };
}
