import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { ensureEpochKey } from '../../lambdas/keys/rotator.js';
import { captureOutput } from '../support/cli.js';
import { useHandler } from '../support/handler.js';
import { APPROVER, SHREDDER_ROLE, TEST_KEY_POLICY, WALL, keyState, putUnderKey, useMotoVault, vaultConfig } from './fixtures.js';

/**
 * The handler runs on the real clock: an old epoch (2021-01) is long past its retention, and its
 * versions sit in a vault bucket without default retention (moto would date it from today).
 */
const config = vaultConfig('acme', { vaultBucket: 'acme-unlocked-vault' });
const { s3, kms } = useMotoVault([{ ...config, vaultBucket: 'acme-vault' }]);
const NAMED_KEY = 'customers/Sample Person.csv';
const context = { awsRequestId: 'request-1', functionName: 'shredder', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

describe('shredder handler', () => {
  const handler = useHandler<(event: unknown, context: Context) => Promise<{ keys: number; refused: number; failed: number }>>(
    {
      SHREDLOCK_VAULT_NAME: config.vaultName,
      SHREDLOCK_VAULT_BUCKET: config.vaultBucket,
      SHREDLOCK_RECORDS_BUCKET: config.recordsBucket,
      SHREDLOCK_KEY_DELETION_WINDOW_DAYS: '7',
      SHREDLOCK_SHREDDER_PRINCIPAL_ARN: SHREDDER_ROLE,
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    () => import('../../lambdas/shredder/handler.js'),
    { reload: true },
  );

  it('shreds a due, approved key on the real clock and logs ids, never object keys', async () => {
    // Prepare
    await s3.send(new CreateBucketCommand({ Bucket: config.vaultBucket, ObjectLockEnabledForBucket: true }));
    const old = await ensureEpochKey({ s3, kms }, config, '2021-01', WALL, { policy: TEST_KEY_POLICY });
    await putUnderKey(s3, config.vaultBucket, NAMED_KEY, 'old data', old.keyId);
    await approveEpochKey(kms, { vaultName: 'acme', epoch: '2021-01', principalArn: APPROVER, now: WALL });
    // Act
    const { value: summary, out: logged } = await captureOutput(() => handler({}, context));
    // Assess
    expect(summary).toEqual({ keys: 1, refused: 0, failed: 0 });
    expect((await keyState(kms, old.keyId)).state).toBe('PendingDeletion');
    expect(logged).toContain(old.keyId);
    expect(logged).toContain('"outcome":"scheduled"');
    expect(logged).not.toContain('Sample');
  });
});
