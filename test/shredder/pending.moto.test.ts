/**
 * Keys pending deletion are proved again on every run: a legal hold or retention that arrives
 * during the waiting period cancels the deletion (the key goes back to Disabled), with a
 * cancellation record that says why and a notice. Both evidence methods.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectLegalHoldCommand, PutObjectRetentionCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { rotate, type EpochKeyResult } from '../../lambdas/keys/rotator.js';
import { ClosingRecordSchema } from '../../lambdas/shredder/certificate.js';
import { executeShred } from '../../lambdas/shredder/execute.js';
import type { PlanOptions } from '../../lambdas/shredder/plan.js';
import { certificateKeys } from '../../contract/naming.js';
import { APPROVER, EPOCH, PAST, TEST_KEY_POLICY, WALL, createTopic, keyState, putUnderKey, useMotoVault, vaultConfig } from './fixtures.js';
import { buildDelivery, putDelivery, rowsFromBucket } from './inventory-fixtures.js';

const INVENTORY_BUCKET = 'acme-inventory';
const config = { ...vaultConfig('acme', { topicArn: 'arn:aws:sns:us-east-1:123456789012:acme-notices' }), inventoryBucket: INVENTORY_BUCKET };
const { s3, kms, sns } = useMotoVault([config]);
const clients = { s3, kms, sns };
const CREATED = new Date(PAST.getTime() + 26 * 3_600_000);
const NOW = new Date(CREATED.getTime() + 3_600_000);
const LATER = new Date(NOW.getTime() + 3_600_000);
type Method = 'list-and-head' | 'inventory';
const OPTIONS: Record<Method, PlanOptions> = { 'list-and-head': {}, inventory: { evidence: { maxVersions: 1 } } };

/** EPOCH's key covers two versions, is shredded (PendingDeletion, certified). */
async function shredded(method: Method): Promise<{ key: EpochKeyResult; versions: { key: string; versionId: string }[] }> {
  await createTopic(sns, 'acme-notices');
  await s3.send(new CreateBucketCommand({ Bucket: INVENTORY_BUCKET }));
  const first = await rotate({ s3, kms }, config, WALL, { policy: TEST_KEY_POLICY });
  const key = first.current as EpochKeyResult;
  const versions = [];
  for (const name of ['p/one.csv', 'p/two.csv']) versions.push({ key: name, versionId: await putUnderKey(s3, config.vaultBucket, name, name, key.keyId) });
  await rotate({ s3, kms }, config, PAST);
  await approveEpochKey(kms, { vaultName: 'acme', epoch: EPOCH, principalArn: APPROVER, now: PAST });
  if (method === 'inventory') {
    const rows = await rowsFromBucket(s3, config.vaultBucket);
    await putDelivery(s3, INVENTORY_BUCKET, buildDelivery({ sourceBucket: config.vaultBucket, destinationBucket: INVENTORY_BUCKET, createdAt: CREATED, rows }));
  }
  const result = await executeShred(clients, config, NOW, OPTIONS[method]);
  expect(result.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ outcome: 'scheduled' });
  return { key, versions };
}

describe.each<Method>(['list-and-head', 'inventory'])('a key pending deletion (%s)', (method) => {
  it('stays scheduled while nothing changed', async () => {
    const { key } = await shredded(method);
    const result = await executeShred(clients, config, LATER, OPTIONS[method]);
    expect(result.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ label: 'already-scheduled', outcome: 'unchanged' });
    expect((await keyState(kms, key.keyId)).state).toBe('PendingDeletion');
  });

  it.each([
    ['a legal hold', 'legal-hold'],
    ['retention extended', 'retained'],
  ] as const)('%s during the waiting period cancels the deletion, with a record and a notice', async (_name, reason) => {
    // Prepare
    const { key, versions } = await shredded(method);
    const v = versions[1] as { key: string; versionId: string };
    await s3.send(
      reason === 'legal-hold'
        ? new PutObjectLegalHoldCommand({ Bucket: config.vaultBucket, Key: v.key, VersionId: v.versionId, LegalHold: { Status: 'ON' } })
        : (new PutObjectRetentionCommand({
            Bucket: config.vaultBucket,
            Key: v.key,
            VersionId: v.versionId,
            Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(LATER.getTime() + 90 * 86_400_000) },
          }) as never),
    );
    // Act
    const result = await executeShred(clients, config, LATER, OPTIONS[method]);
    const again = await executeShred(clients, config, new Date(LATER.getTime() + 3_600_000), OPTIONS[method]);
    // Assess
    const action = result.actions.find((a) => a.keyId === key.keyId);
    expect(action).toMatchObject({ label: `cancel:${reason}`, outcome: 'deletion-cancelled', reasons: [reason], notification: 'sent' });
    expect((await keyState(kms, key.keyId)).state).toBe('Disabled');
    const out = await s3.send(new GetObjectCommand({ Bucket: config.recordsBucket, Key: certificateKeys('acme', EPOCH, key.keyId).cancellation }));
    expect(ClosingRecordSchema.parse(JSON.parse((await out.Body?.transformToString()) ?? ''))).toMatchObject({
      type: 'shredlock.destruction-cancellation',
      keyState: 'Disabled',
      cancelledBy: 'shredlock',
      reasons: [reason],
      blockers: [{ versionId: v.versionId, reasons: [reason] }],
    });
    expect(again.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ label: 'cancelled', outcome: 'unchanged' });
  });
});
