/**
 * Scenarios of the key life cycle: the rotator, the shredder by listing and by S3 Inventory, its
 * re-check of a pending key, the operator CLI (`keys approve` as a key administrator, `shred
 * --execute` as the shredder), a listed version that vanishes before its HeadObject, and the seal
 * Lambda cancelling a pending key.
 */
import { DeleteObjectCommand, PutObjectLegalHoldCommand, S3Client } from '@aws-sdk/client-s3';
import { registerKeys } from '../../bin/commands/keys.js';
import { registerShred } from '../../bin/commands/shred.js';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { rotate } from '../../lambdas/keys/rotator.js';
import { executeShred } from '../../lambdas/shredder/execute.js';
import * as scannerFixtures from '../scanner/fixtures.js';
import * as sealFixtures from '../seal/fixtures.js';
import { APPROVER, EPOCH, PAST, createTopic } from '../shredder/fixtures.js';
import { buildDelivery, putDelivery, rowsFromBucket } from '../shredder/inventory-fixtures.js';
import { runCli } from '../support/cli.js';
import { motoSettings } from '../support/moto.js';
import {
  HOUR,
  KEY_ADMIN,
  KEY_ADMIN_ROLE_NAME,
  NOW,
  SHREDDER_ARN,
  VAULT_NAME,
  bucket,
  config,
  createMotoRole,
  expectOutcome,
  outcomeOf,
  sessionEnv,
  shreddableVault,
  withCliEnv,
  withSealLambda,
  type Scenario,
  type ScenarioClients,
} from './flow-kit.js';

/** A vault whose EPOCH key is due and approved (topic, buckets, two versions; nothing recorded). */
async function approvedVault(c: ScenarioClients, extra: { inventoryBucket?: string } = {}) {
  const topicArn = await createTopic(c.sns, `${VAULT_NAME}-notifications`);
  const cfg = config(topicArn, extra);
  const key = await shreddableVault(c, topicArn, () => rotate({ s3: c.s3, kms: c.kms }, cfg, PAST));
  await approveEpochKey(c.kms, { vaultName: VAULT_NAME, epoch: EPOCH, principalArn: APPROVER, now: PAST });
  return { topicArn, cfg, key };
}

/** Runs `work` with the first HeadObject of `key` on `s3` preceded by the deletion of that version. */
async function vanishBeforeHead<T>(s3: S3Client, bucketName: string, key: string, work: () => Promise<T>): Promise<T> {
  const name = 'permissionContractVanish';
  // Not made by lambdas/aws/clients.ts: the recorder does not see this deletion.
  const deleter = new S3Client({ ...motoSettings(), forcePathStyle: true });
  let done = false;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Bucket?: string; Key?: string; VersionId?: string };
      if (!done && context.commandName === 'HeadObjectCommand' && input.Bucket === bucketName && input.Key === key) {
        done = true;
        // moto honours a governance bypass of `true` (docs/testing.md): the version is under default retention.
        await deleter.send(new DeleteObjectCommand({ Bucket: bucketName, Key: key, VersionId: input.VersionId, BypassGovernanceRetention: true }));
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    const result = await work();
    if (!done) throw new Error('no HeadObject of the version to make vanish');
    return result;
  } finally {
    s3.middlewareStack.remove(name);
    deleter.destroy();
  }
}

/** The key life-cycle scenarios, in the order they run. */
export const KEY_SCENARIOS: readonly Scenario[] = [
  {
    name: 'keys and list-and-head evidence',
    async run(c, record) {
      const topicArn = await createTopic(c.sns, `${VAULT_NAME}-notifications`);
      const cfg = config(topicArn);
      const key = await shreddableVault(c, topicArn, () => record('rotator: next epoch (lambdas/keys)', 'rotator', () => rotate({ s3: c.s3, kms: c.kms }, cfg, PAST)));
      await approveEpochKey(c.kms, { vaultName: VAULT_NAME, epoch: EPOCH, principalArn: APPROVER, now: PAST });
      const flow = 'shredder: plan and execute (list and head)';
      expectOutcome(flow, outcomeOf(await record(flow, 'shredder', () => executeShred(c, cfg, NOW)), key.keyId), 'scheduled');
      // A hold arrives during the waiting period: the next run cancels the deletion.
      const versions = await rowsFromBucket(c.s3, bucket('vault'));
      const held = versions.find((v) => v.key === 'p/one.csv');
      await c.s3.send(new PutObjectLegalHoldCommand({ Bucket: bucket('vault'), Key: 'p/one.csv', VersionId: held?.versionId, LegalHold: { Status: 'ON' } }));
      const recheck = 'shredder: pending key re-check';
      expectOutcome(recheck, outcomeOf(await record(recheck, 'shredder', () => executeShred(c, cfg, new Date(NOW.getTime() + HOUR))), key.keyId), 'deletion-cancelled');
    },
  },
  {
    name: 'inventory evidence',
    async run(c, record) {
      await scannerFixtures.createBucket(c.s3, bucket('inventory'));
      const { cfg, key } = await approvedVault(c, { inventoryBucket: bucket('inventory') });
      const rows = await rowsFromBucket(c.s3, bucket('vault'));
      const createdAt = new Date(NOW.getTime() - HOUR);
      await putDelivery(c.s3, bucket('inventory'), buildDelivery({ sourceBucket: bucket('vault'), destinationBucket: bucket('inventory'), createdAt, rows }));
      const flow = 'shredder: plan and execute (S3 Inventory)';
      // maxVersions 1: the listing is over its limit, so the inventory is the evidence.
      expectOutcome(flow, outcomeOf(await record(flow, 'shredder', () => executeShred(c, cfg, NOW, { evidence: { maxVersions: 1 } })), key.keyId), 'scheduled');
    },
  },
  {
    name: 'vanished version',
    async run(c, record) {
      const { cfg, key } = await approvedVault(c);
      // A listed version is deleted just before its HeadObject (by a client the recorder does not see):
      // the 404 only s3:ListBucket allows, then the fresh listing that proves it gone.
      const flow = 'shredder: a listed version vanishes';
      const vanished = await vanishBeforeHead(c.s3, bucket('vault'), 'p/one.csv', () => record(flow, 'shredder', () => executeShred(c, cfg, NOW)));
      expectOutcome(flow, outcomeOf(vanished, key.keyId), 'scheduled');
    },
  },
  {
    name: 'operator CLI',
    async run(c, record) {
      const topicArn = await createTopic(c.sns, `${VAULT_NAME}-notifications`);
      await shreddableVault(c, topicArn, () => rotate({ s3: c.s3, kms: c.kms }, config(topicArn), PAST));
      const cli = (argv: string[]) => runCli(argv, registerShred, registerKeys);
      await createMotoRole(KEY_ADMIN_ROLE_NAME);
      const adminSession = await sessionEnv(c.sts, KEY_ADMIN_ROLE_NAME);
      const approve = await record('cli: keys approve', KEY_ADMIN, () =>
        withCliEnv(adminSession, () => cli(['keys', 'approve', '--vault', VAULT_NAME, '--epoch', EPOCH, '--now', PAST.toISOString()])),
      );
      if (approve.code !== 0) throw new Error(`keys approve exited ${approve.code}: ${approve.err}`);
      const shred = await record('cli: shred --execute', 'shredder', () =>
        withCliEnv({}, () =>
          cli(['shred', '--vault', VAULT_NAME, '--vault-bucket', bucket('vault'), '--records-bucket', bucket('records'), '--topic-arn', topicArn,
            '--principal', SHREDDER_ARN, '--now', NOW.toISOString(), '--drill', '--execute']),
        ),
      );
      if (shred.code !== 0 || !/scheduled/.test(shred.out)) throw new Error(`shred --execute exited ${shred.code}: ${shred.err}`);
    },
  },
  {
    name: 'seal with pending keys',
    async run(c, record) {
      const { topicArn, cfg, key } = await approvedVault(c);
      expectOutcome('setup shred', outcomeOf(await executeShred(c, cfg, NOW), key.keyId), 'scheduled');
      // The seal Lambda with the vault name and topic (contract/env/seal.ts): it cancels the pending key under what it seals.
      const env = { SHREDLOCK_VAULT_BUCKET: bucket('vault'), SHREDLOCK_RECORDS_BUCKET: bucket('records'), SHREDLOCK_VAULT_NAME: VAULT_NAME, SHREDLOCK_TOPIC_ARN: topicArn };
      const flow = 'seal Lambda: seal cancelling a pending key';
      const event = { action: 'seal', prefix: 'p/', reason: sealFixtures.REASON, principal: sealFixtures.PRINCIPAL, incidentId: 'INC-7' };
      const result = (await withSealLambda(env, (invoke) => record(flow, 'sealer', () => invoke(event)))) as { pendingKeysCancelled?: unknown };
      const cancelled = result.pendingKeysCancelled;
      if (!Array.isArray(cancelled) || !cancelled.includes(key.keyId)) throw new Error(`${flow}: the pending key was not cancelled (${JSON.stringify(cancelled)})`);
    },
  },
];
