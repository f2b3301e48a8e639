/**
 * The inventory path on moto: a vault whose versions are written by the real rotator and uploads,
 * an S3 Inventory delivery built from those versions in AWS's exact format and put into an
 * inventory bucket, and a listing limit forced low so plan and execute prove from the inventory.
 */
import { createHash } from 'node:crypto';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from 'vitest';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { rotate, type EpochKeyResult } from '../../lambdas/keys/rotator.js';
import { CertificateSchema, type Certificate } from '../../lambdas/shredder/certificate.js';
import { executeShred } from '../../lambdas/shredder/execute.js';
import { planShred, type KeyPlan, type PlanOptions } from '../../lambdas/shredder/plan.js';
import { certificateKeys } from '../../contract/naming.js';
import { APPROVER, EPOCH, PAST, TEST_KEY_POLICY, WALL, keyState, putUnderKey, useMotoVault, vaultConfig, type UploadLock } from './fixtures.js';
import { buildDelivery, putDelivery, rowsFromBucket, type Delivery } from './inventory-fixtures.js';

const INVENTORY_BUCKET = 'acme-inventory';
const config = { ...vaultConfig('acme'), inventoryBucket: INVENTORY_BUCKET };
const { s3, kms } = useMotoVault([config]);
const clients = { s3, kms };
/** The inventory began a day after EPOCH's key stopped being the default (the next key's activation at PAST). */
const CREATED = new Date(PAST.getTime() + 26 * 3_600_000);
/** The shredder runs an hour after the inventory began. */
const NOW = new Date(CREATED.getTime() + 3_600_000);
/** Three versions in the bucket: above this, the inventory is used. */
const FORCE_INVENTORY: PlanOptions = { evidence: { maxVersions: 2 } };

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: INVENTORY_BUCKET }));
});

/** EPOCH's key covers three versions (by key id and ARN) and a delete marker; the rotator has moved on. */
async function prepare(extra?: UploadLock): Promise<{ key: EpochKeyResult; covered: string[]; extra?: string }> {
  const first = await rotate({ s3, kms }, config, WALL, { policy: TEST_KEY_POLICY });
  const key = first.current as EpochKeyResult;
  const covered = [
    await putUnderKey(s3, config.vaultBucket, 'customers/Sample Person+list.csv', 'first', key.keyId),
    await putUnderKey(s3, config.vaultBucket, 'customers/Sample Person+list.csv', 'second version', key.keyArn),
    await putUnderKey(s3, config.vaultBucket, 'exports/b.csv', 'b', key.keyId),
  ];
  await s3.send(new DeleteObjectCommand({ Bucket: config.vaultBucket, Key: 'exports/b.csv' }));
  const held = extra ? await putUnderKey(s3, config.vaultBucket, 'held/Sample Person.pdf', 'held', key.keyArn, extra) : undefined;
  await rotate({ s3, kms }, config, PAST);
  return { key, covered, ...(held ? { extra: held } : {}) };
}

/** Delivers today's inventory of the vault bucket, as S3 would. */
async function deliverInventory(): Promise<Delivery> {
  const delivery = buildDelivery({
    sourceBucket: config.vaultBucket,
    destinationBucket: INVENTORY_BUCKET,
    createdAt: CREATED,
    rows: await rowsFromBucket(s3, config.vaultBucket),
  });
  await putDelivery(s3, INVENTORY_BUCKET, delivery);
  return delivery;
}

function planOf(keys: readonly KeyPlan[], keyId: string): KeyPlan {
  const found = keys.find((k) => k.facts.keyId === keyId);
  if (!found) throw new Error(`no plan for ${keyId}`);
  return found;
}

async function certificateOf(keyId: string): Promise<Certificate> {
  const out = await s3.send(new GetObjectCommand({ Bucket: config.recordsBucket, Key: certificateKeys('acme', EPOCH, keyId).certificate }));
  return CertificateSchema.parse(JSON.parse(await (out.Body?.transformToString() ?? '')));
}

/** The manifest hash recomputed from the live listing, independently of the inventory. */
async function listedManifestSha256(versionIds: readonly string[]): Promise<string> {
  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: config.vaultBucket }));
  const lines = (listed.Versions ?? [])
    .filter((v) => versionIds.includes(v.VersionId as string))
    .map((v) => `${v.Key}\t${v.VersionId}\t${(v.ETag as string).replace(/"/g, '')}\n`)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return createHash('sha256').update(lines.join('')).digest('hex');
}

describe('shredding proved by the S3 Inventory', () => {
  it('plans from the inventory above the listing limit, then shreds with a certificate that names the inventory', async () => {
    // Prepare
    const { key, covered } = await prepare();
    const delivery = await deliverInventory();
    // Act: plan before approval
    const plan = await planShred(clients, config, NOW, FORCE_INVENTORY);
    // Assess
    expect(planOf(plan.keys, key.keyId)).toMatchObject({ label: 'refuse:approval-missing', covered: { count: 3, bytes: 20 }, blockers: [] });
    expect(plan.evidence).toMatchObject({ method: 'inventory', complete: true, deleteMarkers: 1, inventory: { problems: [] } });

    // Act: approve and execute
    await approveEpochKey(kms, { vaultName: 'acme', epoch: EPOCH, principalArn: APPROVER, now: PAST });
    const result = await executeShred(clients, config, NOW, FORCE_INVENTORY);
    // Assess
    expect(result.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ outcome: 'scheduled' });
    expect((await keyState(kms, key.keyId)).state).toBe('PendingDeletion');
    const certificate = await certificateOf(key.keyId);
    const manifestBytes = delivery.objects.get(delivery.manifestKey) as Buffer;
    expect(certificate.retentionEvidence).toMatchObject({
      method: 'inventory',
      versionsListed: 3,
      deleteMarkers: 1,
      retained: 0,
      legalHolds: 0,
      inventory: {
        manifestKey: `s3://${INVENTORY_BUCKET}/${delivery.manifestKey}`,
        manifestSha256: createHash('sha256').update(manifestBytes).digest('hex'),
        creationTimestamp: CREATED.toISOString(),
        files: 2,
        rows: 4,
      },
    });
    // The inventory proves the same versions a listing would.
    expect(certificate.objects).toMatchObject({ count: 3, bytes: 20, manifestSha256: await listedManifestSha256(covered) });
  });

  it.each([
    { lock: { legalHold: true }, label: 'refuse:legal-hold', reasons: ['legal-hold'] },
    { lock: { retainUntil: new Date(NOW.getTime() + 30 * 86_400_000) }, label: 'refuse:retained', reasons: ['retained'] },
  ] as { lock: UploadLock; label: string; reasons: string[] }[])('refuses ($label) from the inventory and names the version', async ({ lock, label, reasons }) => {
    // Prepare
    const { key, extra } = await prepare(lock);
    await deliverInventory();
    await approveEpochKey(kms, { vaultName: 'acme', epoch: EPOCH, principalArn: APPROVER, now: PAST });
    // Act
    const result = await executeShred(clients, config, NOW, FORCE_INVENTORY);
    // Assess
    const action = result.actions.find((a) => a.keyId === key.keyId);
    expect(action).toMatchObject({ label, outcome: 'refused', reasons });
    expect(action?.blockers).toEqual([expect.objectContaining({ versionId: extra, reasons })]);
    expect(result.plan.evidence?.method).toBe('inventory');
    expect((await keyState(kms, key.keyId)).state).toBe('Enabled');
  });

  it('refuses when no inventory has been delivered', async () => {
    const { key } = await prepare();
    const plan = await planShred(clients, config, NOW, FORCE_INVENTORY);
    expect(planOf(plan.keys, key.keyId)).toMatchObject({ label: 'refuse:evidence-incomplete+approval-missing', evidenceProblems: ['NO_INVENTORY'] });
  });

  it('keeps listing and HeadObject below the limit, inventory or not', async () => {
    const { key } = await prepare();
    const plan = await planShred(clients, config, NOW);
    expect(plan.evidence?.method).toBe('list-and-head');
    expect(planOf(plan.keys, key.keyId).covered).toEqual({ count: 3, bytes: 20 });
  });
});
