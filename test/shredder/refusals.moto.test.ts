/**
 * The refusals the shredder promises, each by the path that could lose it, for both evidence
 * methods: a HeadObject that fails, a legal hold HeadObject hides, a hold or retention that comes
 * after the plan (or after the inventory), and a proof cut short. Every case here fails when its
 * check in evidence.ts, version-head.ts, inventory-*.ts or execute.ts is removed (tried by hand).
 */
import { PutObjectLegalHoldCommand, PutObjectRetentionCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { rotate, type EpochKeyResult } from '../../lambdas/keys/rotator.js';
import { executeShred, type KeyAction } from '../../lambdas/shredder/execute.js';
import type { PlanOptions } from '../../lambdas/shredder/plan.js';
import { motoS3 } from '../support/moto.js';
import { APPROVER, EPOCH, PAST, TEST_KEY_POLICY, WALL, keyState, putUnderKey, useMotoVault, vaultConfig } from './fixtures.js';
import { buildDelivery, putDelivery, rowsFromBucket } from './inventory-fixtures.js';

const INVENTORY_BUCKET = 'acme-inventory';
const config = { ...vaultConfig('acme'), inventoryBucket: INVENTORY_BUCKET };
const { s3, kms } = useMotoVault([config]);
/** The inventory began a day after EPOCH's key stopped being the default; the shredder runs an hour later. */
const CREATED = new Date(PAST.getTime() + 26 * 3_600_000);
const NOW = new Date(CREATED.getTime() + 3_600_000);

type Method = 'list-and-head' | 'inventory';
const METHODS: readonly Method[] = ['list-and-head', 'inventory'];
/** Three versions in the bucket: above 2, the inventory is used. */
const OPTIONS: Record<Method, PlanOptions> = { 'list-and-head': {}, inventory: { evidence: { maxVersions: 2 } } };

interface Vault {
  readonly key: EpochKeyResult;
  readonly versions: { key: string; versionId: string }[];
}

/** EPOCH's key covers three versions; rotated on, approved; the inventory delivered. */
async function prepare(method: Method): Promise<Vault> {
  await s3.send(new CreateBucketCommand({ Bucket: INVENTORY_BUCKET }));
  const first = await rotate({ s3, kms }, config, WALL, { policy: TEST_KEY_POLICY });
  const key = first.current as EpochKeyResult;
  const versions = [];
  for (const name of ['a/one.csv', 'a/two.csv', 'b/three.csv']) {
    versions.push({ key: name, versionId: await putUnderKey(s3, config.vaultBucket, name, name, key.keyId) });
  }
  await rotate({ s3, kms }, config, PAST);
  await approveEpochKey(kms, { vaultName: 'acme', epoch: EPOCH, principalArn: APPROVER, now: PAST });
  if (method === 'inventory') {
    const rows = await rowsFromBucket(s3, config.vaultBucket);
    await putDelivery(s3, INVENTORY_BUCKET, buildDelivery({ sourceBucket: config.vaultBucket, destinationBucket: INVENTORY_BUCKET, createdAt: CREATED, rows }));
  }
  return { key, versions };
}

/** Puts a legal hold on one version. */
async function hold(v: { key: string; versionId: string }): Promise<void> {
  await s3.send(new PutObjectLegalHoldCommand({ Bucket: config.vaultBucket, Key: v.key, VersionId: v.versionId, LegalHold: { Status: 'ON' } }));
}

/** A client on which `change` rewrites or replaces one command's call. */
function clientWith(name: string, change: (commandName: string, input: Record<string, unknown>, call: () => Promise<{ output: unknown }>) => Promise<{ output: unknown }>): S3Client {
  const client = motoS3();
  client.middlewareStack.add(
    (next, context) => async (args) => change(context.commandName as string, args.input as Record<string, unknown>, () => next(args) as Promise<{ output: unknown }>) as never,
    { step: 'initialize', name },
  );
  return client;
}

function denied(): S3ServiceException {
  return new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'denied' });
}

async function run(method: Method, client: S3Client = s3, options: PlanOptions = OPTIONS[method]): Promise<KeyAction[]> {
  const result = await executeShred({ s3: client, kms }, config, NOW, options);
  expect(result.plan.evidence?.method ?? method).toBe(method);
  return [...result.actions];
}

function actionOf(actions: readonly KeyAction[], keyId: string): KeyAction {
  const found = actions.find((a) => a.keyId === keyId);
  if (!found) throw new Error(`no action for ${keyId}`);
  return found;
}

describe.each(METHODS)('refusals (%s)', (method) => {
  it('shreds the prepared vault when nothing stops it (the cases below differ by one thing)', async () => {
    const { key } = await prepare(method);
    expect(actionOf(await run(method), key.keyId)).toMatchObject({ outcome: 'scheduled' });
  });

  it('a HeadObject that fails marks its version unreadable and refuses the key', async () => {
    // Prepare: HeadObject of one covered version is denied (after DisableKey too)
    const { key, versions } = await prepare(method);
    const target = versions[1]?.versionId;
    const client = clientWith('deny-one-head', async (command, input, call) => {
      if (command === 'HeadObjectCommand' && input.VersionId === target) throw denied();
      return call();
    });
    // Act
    const action = actionOf(await run(method, client), key.keyId);
    client.destroy();
    // Assess
    expect(action).toMatchObject({ outcome: 'refused', reasons: ['evidence-incomplete'] });
    expect(action.blockers).toContainEqual(expect.objectContaining({ versionId: target, reasons: ['unreadable'], code: 'S3_ACCESS_DENIED' }));
    expect((await keyState(kms, key.keyId)).state).not.toBe('PendingDeletion');
  });

  it('a legal hold HeadObject hides (lock headers left out) is caught by the probe', async () => {
    // Prepare: every version held after the inventory began; HeadObject answers without the hold header
    const { key, versions } = await prepare(method);
    for (const v of versions) await hold(v);
    const client = clientWith('hide-legal-hold', async (command, _input, call) => {
      const out = await call();
      if (command === 'HeadObjectCommand') delete (out.output as { ObjectLockLegalHoldStatus?: string }).ObjectLockLegalHoldStatus;
      return out;
    });
    // Act
    const action = actionOf(await run(method, client), key.keyId);
    client.destroy();
    // Assess
    expect(action.outcome).toBe('refused');
    expect(action.blockers).toContainEqual(expect.objectContaining({ reasons: ['lock-hidden'], code: 'LEGAL_HOLD_NOT_IN_HEAD' }));
    expect((await keyState(kms, key.keyId)).state).not.toBe('PendingDeletion');
  });

  it('a legal hold placed after the plan, while the key is being disabled, stops the shred: the key stays Disabled', async () => {
    // Prepare: DisableKey is followed at once by a hold on a covered version
    const { key, versions } = await prepare(method);
    const target = versions[2] as { key: string; versionId: string };
    kms.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName === 'DisableKeyCommand') await hold(target);
        return out;
      },
      { step: 'initialize', name: 'hold-after-disable' },
    );
    // Act
    let action: KeyAction;
    try {
      action = actionOf(await run(method), key.keyId);
    } finally {
      kms.middlewareStack.remove('hold-after-disable');
    }
    // Assess
    expect(action).toMatchObject({ outcome: 'refused', reasons: ['legal-hold'] });
    expect(action.blockers).toEqual([expect.objectContaining({ versionId: target.versionId, reasons: ['legal-hold'] })]);
    expect((await keyState(kms, key.keyId)).state).toBe('Disabled');
  });

  it('a proof cut short is incomplete: the key is refused', async () => {
    const { key } = await prepare(method);
    const cut: PlanOptions =
      method === 'list-and-head' ? { evidence: { maxVersions: 2 } } : { evidence: { maxVersions: 2 }, inventory: { maxRecheckVersions: 2 } };
    // Without an inventory bucket the listing method stops at maxVersions.
    const plainConfig = method === 'list-and-head' ? vaultConfig('acme') : config;
    const result = await executeShred({ s3, kms }, plainConfig, NOW, cut);
    expect(actionOf(result.actions, key.keyId)).toMatchObject({ outcome: 'refused', reasons: ['evidence-incomplete'] });
    expect((await keyState(kms, key.keyId)).state).not.toBe('PendingDeletion');
  });
});

describe('inventory: changes after the snapshot', () => {
  it.each([
    ['a legal hold', (v: { key: string; versionId: string }) => new PutObjectLegalHoldCommand({ Bucket: config.vaultBucket, Key: v.key, VersionId: v.versionId, LegalHold: { Status: 'ON' } }), 'legal-hold'],
    [
      'retention extended',
      (v: { key: string; versionId: string }) =>
        new PutObjectRetentionCommand({
          Bucket: config.vaultBucket,
          Key: v.key,
          VersionId: v.versionId,
          Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(NOW.getTime() + 30 * 86_400_000) },
        }),
      'retained',
    ],
  ] as const)('%s placed after the inventory began blocks the shred', async (_name, command, reason) => {
    // Prepare
    const { key, versions } = await prepare('inventory');
    await s3.send(command(versions[0] as { key: string; versionId: string }) as never);
    // Act
    const action = actionOf(await run('inventory'), key.keyId);
    // Assess
    expect(action).toMatchObject({ outcome: 'refused', reasons: [reason] });
    expect(action.blockers).toEqual([expect.objectContaining({ versionId: versions[0]?.versionId, reasons: [reason] })]);
    expect((await keyState(kms, key.keyId)).state).toBe('Disabled');
  });
});
