import { GetBucketEncryptionCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { RotationResult } from '../../lambdas/keys/rotator.js';
import { ensureEpochKey } from '../../lambdas/keys/rotator.js';
import { addMonths } from '../../lambdas/vault/epoch.js';
import { useHandler } from '../support/handler.js';
import { EPOCH, NEXT_EPOCH, TEST_KEY_POLICY, WALL, keysTaggedFor, useMotoVault, vaultConfig } from '../shredder/fixtures.js';

const config = vaultConfig('acme');
const { s3, kms } = useMotoVault([config]);
const context = { awsRequestId: 'request-1', functionName: 'rotator', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

describe('rotator handler', () => {
  const handler = useHandler<(event: unknown, context: Context) => Promise<RotationResult>>(
    {
      SHREDLOCK_VAULT_NAME: config.vaultName,
      SHREDLOCK_VAULT_BUCKET: config.vaultBucket,
      SHREDLOCK_RECORDS_BUCKET: config.recordsBucket,
      SHREDLOCK_FIRST_EPOCH: addMonths(EPOCH, -1),
      SHREDLOCK_RETENTION_DAYS: '1',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    () => import('../../lambdas/keys/handler.js'),
    { reload: true },
  );

  it('creates the current and next keys from the policy of the stack-made first key, twice the same', async () => {
    // Prepare: the stack made the first epoch's key
    const first = await ensureEpochKey({ s3, kms }, config, addMonths(EPOCH, -1), WALL, { policy: TEST_KEY_POLICY });
    // Act
    const result = await handler({}, context);
    const again = await handler({}, context);
    // Assess
    expect(result.current).toMatchObject({ epoch: EPOCH, source: 'created' });
    expect(result.next).toMatchObject({ epoch: NEXT_EPOCH, source: 'created' });
    expect(again.current?.keyId).toBe(result.current?.keyId);
    expect(await keysTaggedFor(kms, 'acme')).toHaveLength(3);
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: config.vaultBucket }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID).toBe(result.current?.keyArn);
    expect(first.epoch).toBe(addMonths(EPOCH, -1));
  });
});
