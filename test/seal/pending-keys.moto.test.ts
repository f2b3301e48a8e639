/**
 * Sealing cancels the deletion of the vault's keys pending deletion that cover a sealed version,
 * and leaves every other key alone.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { rotate, type EpochKeyResult } from '../../lambdas/keys/rotator.js';
import { runSealAction, sealAndNotify } from '../../lambdas/seal/actions.js';
import { sealConfigFromEnv } from '../../lambdas/seal/config.js';
import { encodeSealEnv } from '../../contract/env/seal.js';
import { recorder } from '../support/recorder.js';
import { ClosingRecordSchema } from '../../lambdas/shredder/certificate.js';
import { executeShred } from '../../lambdas/shredder/execute.js';
import { certificateKeys } from '../../contract/naming.js';
import { APPROVER, EPOCH, PAST, TEST_KEY_POLICY, WALL, createTopic, keyState, putUnderKey, useMotoVault, vaultConfig } from '../shredder/fixtures.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:acme-notices';
const config = vaultConfig('acme', { topicArn: TOPIC });
const { s3, kms, sns } = useMotoVault([config]);

/** EPOCH's key covers leak/ and kept/ versions and is pending deletion with its certificate. */
async function shredded(): Promise<EpochKeyResult> {
  await createTopic(sns, 'acme-notices');
  const first = await rotate({ s3, kms }, config, WALL, { policy: TEST_KEY_POLICY });
  const key = first.current as EpochKeyResult;
  await putUnderKey(s3, config.vaultBucket, 'leak/a.csv', 'a', key.keyId);
  await putUnderKey(s3, config.vaultBucket, 'leak/b.csv', 'b', key.keyArn);
  await putUnderKey(s3, config.vaultBucket, 'other/c.csv', 'c', first.next.keyId);
  await rotate({ s3, kms }, config, PAST);
  await approveEpochKey(kms, { vaultName: 'acme', epoch: EPOCH, principalArn: APPROVER, now: PAST });
  const result = await executeShred({ s3, kms, sns }, config, PAST);
  expect(result.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ outcome: 'scheduled' });
  return key;
}

const request = (prefix: string) => ({
  vaultBucket: config.vaultBucket,
  recordsBucket: config.recordsBucket,
  prefix,
  reason: 'INC-7: export leaked',
  principal: APPROVER,
  incidentId: `INC-${prefix.replace(/\W/g, '')}`,
  now: PAST,
});

describe('sealing and keys pending deletion', () => {
  it('cancels the deletion of a pending key under a sealed version, with a record that says why', async () => {
    // Prepare
    const key = await shredded();
    // Act
    const result = await sealAndNotify({ s3, kms, sns }, request('leak/'), { vault: { vaultName: 'acme', topicArn: TOPIC } });
    // Assess
    expect(result.pendingKeys).toMatchObject({ cancelled: [{ keyId: key.keyId, epoch: EPOCH, notification: 'sent' }], unreadable: [] });
    expect((await keyState(kms, key.keyId)).state).toBe('Disabled');
    const out = await s3.send(new GetObjectCommand({ Bucket: config.recordsBucket, Key: certificateKeys('acme', EPOCH, key.keyId).cancellation }));
    const record = ClosingRecordSchema.parse(JSON.parse((await out.Body?.transformToString()) ?? ''));
    expect(record).toMatchObject({ cancelledBy: 'shredlock', reasons: ['legal-hold'], keyState: 'Disabled' });
    expect(record.blockers).toHaveLength(2);
  });

  it('leaves a pending key alone when the sealed prefix holds nothing under it, and checks nothing without a vault name', async () => {
    const key = await shredded();
    const other = await sealAndNotify({ s3, kms, sns }, request('other/'), { vault: { vaultName: 'acme' } });
    expect(other.pendingKeys).toEqual({ cancelled: [], unreadable: [] });
    const unnamed = await sealAndNotify({ s3, kms, sns }, request('leak/'));
    expect(unnamed.pendingKeys).toBeUndefined();
    expect((await keyState(kms, key.keyId)).state).toBe('PendingDeletion');
  });

  it('the seal Lambda, configured as the stack configures it, cancels the pending key and tells the topic', async () => {
    // Prepare: the environment lib/incident.ts writes
    const key = await shredded();
    const env = encodeSealEnv({ vaultBucket: config.vaultBucket, recordsBucket: config.recordsBucket, vaultName: 'acme', topicArn: TOPIC });
    const invocation = { requestId: 'd00dfeed-0000-4000-8000-000000000007', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:acme-seal' };
    // Act
    const result = await runSealAction(
      { action: 'seal', prefix: 'leak/', reason: 'INC-8: export leaked', incidentId: 'INC-8' },
      { s3, kms, sns, config: sealConfigFromEnv(env), logger: recorder().logger, now: () => PAST, invocation },
    );
    // Assess
    expect(result).toMatchObject({ complete: true, pendingKeysCancelled: [key.keyId] });
    expect((await keyState(kms, key.keyId)).state).toBe('Disabled');
  });
});
