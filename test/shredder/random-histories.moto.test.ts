/**
 * The shredder's first promise, over generated histories: no run leaves a key scheduled (or
 * pending deletion) while a version under it is retained or on legal hold.
 *
 * Each history is drawn from a seeded Rng (synthetic/random.ts): versions under one epoch key with
 * hostile or plain names, each unlocked, retention expired, retained (GOVERNANCE or COMPLIANCE) or
 * held; uploads naming the old epoch's alias; the evidence method (listing or inventory); and late
 * events: a hold or retention after the inventory began, a hold placed while the key is being
 * disabled, and a hold, retention or old-alias upload while the key is pending deletion. Two runs
 * of the shredder; after each, every PendingDeletion key is checked against the live versions
 * (HeadObject; an alias resolved to its key). The seed of a failing history is in the message.
 * Set SHREDLOCK_HISTORY_SEED to replay one seed, SHREDLOCK_HISTORIES to run more.
 */
import { ListAliasesCommand, type KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, HeadObjectCommand, PutObjectLegalHoldCommand, PutObjectRetentionCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { listVersions } from '../../lambdas/aws/object-versions.js';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { rotate, type EpochKeyResult } from '../../lambdas/keys/rotator.js';
import { executeShred, type ExecuteResult } from '../../lambdas/shredder/execute.js';
import type { PlanOptions } from '../../lambdas/shredder/plan.js';
import { epochAliasName } from '../../contract/naming.js';
import { Rng } from '../../synthetic/random.js';
import { resetMoto } from '../support/moto.js';
import { APPROVER, EPOCH, HOSTILE_KEYS, PAST, TEST_KEY_POLICY, WALL, createLockedBucket, keyState, keysTaggedFor, putUnderKey, useMotoVault, vaultConfig, type UploadLock } from './fixtures.js';
import { buildDelivery, putDelivery, rowsFromBucket } from './inventory-fixtures.js';

const INVENTORY_BUCKET = 'acme-inventory';
const config = { ...vaultConfig('acme'), inventoryBucket: INVENTORY_BUCKET };
const { s3, kms } = useMotoVault([config]);
const CREATED = new Date(PAST.getTime() + 26 * 3_600_000);
const RUNS = [new Date(CREATED.getTime() + 3_600_000), new Date(CREATED.getTime() + 2 * 3_600_000)] as const;
const DAY = 86_400_000;
const SEED = Number(process.env.SHREDLOCK_HISTORY_SEED ?? 90_210);
const HISTORIES = process.env.SHREDLOCK_HISTORY_SEED ? 1 : Number(process.env.SHREDLOCK_HISTORIES ?? 30);

type Late = 'hold-after-inventory' | 'retention-after-inventory' | 'hold-while-disabling' | 'hold-while-pending' | 'retention-while-pending' | 'old-alias-while-pending';
const LATE: readonly Late[] = ['hold-after-inventory', 'retention-after-inventory', 'hold-while-disabling', 'hold-while-pending', 'retention-while-pending', 'old-alias-while-pending'];

/** A generated history: what is written, how it is proved, what happens late. */
interface History {
  readonly seed: number;
  readonly method: 'list-and-head' | 'inventory';
  readonly versions: readonly { name: string; lock: 'none' | 'expired' | 'governance' | 'compliance' | 'held' }[];
  readonly oldAliasUploads: number;
  readonly late: readonly Late[];
}

function generate(seed: number): History {
  const rng = new Rng(seed);
  const count = rng.int(1, 4);
  return {
    seed,
    method: rng.pick(['list-and-head', 'inventory'] as const),
    versions: Array.from({ length: count }, (_, i) => ({
      name: rng.chance(0.5) ? rng.pick(HOSTILE_KEYS) : `data/file-${i}.csv`,
      lock: rng.chance(0.55) ? rng.pick(['none', 'expired'] as const) : rng.pick(['governance', 'compliance', 'held'] as const),
    })),
    oldAliasUploads: rng.chance(0.2) ? 1 : 0,
    late: LATE.filter(() => rng.chance(0.2)),
  };
}

function lockOf(lock: History['versions'][number]['lock'], now: Date): UploadLock {
  switch (lock) {
    case 'expired':
      return { mode: 'GOVERNANCE', retainUntil: new Date(WALL.getTime() + 3_600_000) };
    case 'governance':
      return { mode: 'GOVERNANCE', retainUntil: new Date(now.getTime() + 30 * DAY) };
    case 'compliance':
      return { mode: 'COMPLIANCE', retainUntil: new Date(now.getTime() + 30 * DAY) };
    case 'held':
      return { legalHold: true };
    default:
      return {};
  }
}

/** Every version of the vault whose key is a PendingDeletion key and that is retained at `now` or held: must be none. */
async function violations(s3c: S3Client, kmsc: KMSClient, now: Date): Promise<string[]> {
  const pending = new Set<string>();
  for (const id of await keysTaggedFor(kmsc, 'acme')) if ((await keyState(kmsc, id)).state === 'PendingDeletion') pending.add(id);
  if (pending.size === 0) return [];
  const aliases = new Map(((await kmsc.send(new ListAliasesCommand({}))).Aliases ?? []).map((a) => [a.AliasName as string, a.TargetKeyId as string]));
  const found: string[] = [];
  for (const v of await listVersions(s3c, config.vaultBucket, '')) {
    const h = await s3c.send(new HeadObjectCommand({ Bucket: config.vaultBucket, Key: v.key, VersionId: v.versionId }));
    const ref = h.SSEKMSKeyId ?? '';
    const keyId = ref.startsWith('alias/') ? aliases.get(ref) : ref.replace(/^arn:.*:key\//, '');
    if (!keyId || !pending.has(keyId)) continue;
    const retained = h.ObjectLockRetainUntilDate !== undefined && h.ObjectLockRetainUntilDate.getTime() > now.getTime();
    if (retained || h.ObjectLockLegalHoldStatus === 'ON') found.push(`${v.versionId} under ${keyId}: ${retained ? 'retained ' : ''}${h.ObjectLockLegalHoldStatus === 'ON' ? 'held' : ''}`);
  }
  return found;
}

async function lateLock(s3c: S3Client, v: { key: string; versionId: string }, kind: 'hold' | 'retention', now: Date): Promise<void> {
  await s3c.send(
    kind === 'hold'
      ? new PutObjectLegalHoldCommand({ Bucket: config.vaultBucket, Key: v.key, VersionId: v.versionId, LegalHold: { Status: 'ON' } })
      : (new PutObjectRetentionCommand({ Bucket: config.vaultBucket, Key: v.key, VersionId: v.versionId, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(now.getTime() + 60 * DAY) } }) as never),
  );
}

/** Plays one history; returns its two results. */
async function play(h: History): Promise<ExecuteResult[]> {
  const rng = new Rng(h.seed ^ 0x5eed);
  await resetMoto();
  await createLockedBucket(s3, config.vaultBucket, 'GOVERNANCE');
  await createLockedBucket(s3, config.recordsBucket, 'COMPLIANCE');
  await s3.send(new CreateBucketCommand({ Bucket: INVENTORY_BUCKET }));
  const first = await rotate({ s3, kms }, config, WALL, { policy: TEST_KEY_POLICY });
  const key = first.current as EpochKeyResult;
  const written: { key: string; versionId: string }[] = [];
  for (const v of h.versions) written.push({ key: v.name, versionId: await putUnderKey(s3, config.vaultBucket, v.name, 'data', key.keyId, lockOf(v.lock, RUNS[1])) });
  await rotate({ s3, kms }, config, PAST);
  for (let i = 0; i < h.oldAliasUploads; i++) {
    written.push({ key: `late/${i}.csv`, versionId: await putUnderKey(s3, config.vaultBucket, `late/${i}.csv`, 'late', epochAliasName('acme', EPOCH), { legalHold: true }) });
  }
  await approveEpochKey(kms, { vaultName: 'acme', epoch: EPOCH, principalArn: APPROVER, now: PAST });
  const options: PlanOptions = h.method === 'inventory' ? { evidence: { maxVersions: 0 } } : {};
  if (h.method === 'inventory') {
    await putDelivery(s3, INVENTORY_BUCKET, buildDelivery({ sourceBucket: config.vaultBucket, destinationBucket: INVENTORY_BUCKET, createdAt: CREATED, rows: await rowsFromBucket(s3, config.vaultBucket) }));
  }
  if (h.late.includes('hold-after-inventory')) await lateLock(s3, rng.pick(written), 'hold', RUNS[0]);
  if (h.late.includes('retention-after-inventory')) await lateLock(s3, rng.pick(written), 'retention', RUNS[0]);
  const target = rng.pick(written);
  if (h.late.includes('hold-while-disabling')) {
    kms.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName === 'DisableKeyCommand') await lateLock(s3, target, 'hold', RUNS[0]);
        return out;
      },
      { step: 'initialize', name: 'late-hold' },
    );
  }
  const results: ExecuteResult[] = [];
  try {
    results.push(await executeShred({ s3, kms }, config, RUNS[0], options));
  } finally {
    kms.middlewareStack.remove('late-hold');
  }
  expect(await violations(s3, kms, RUNS[0]), `seed ${h.seed} after run 1: ${JSON.stringify(h)}`).toEqual([]);
  if (h.late.includes('hold-while-pending')) await lateLock(s3, rng.pick(written), 'hold', RUNS[1]);
  if (h.late.includes('retention-while-pending')) await lateLock(s3, rng.pick(written), 'retention', RUNS[1]);
  if (h.late.includes('old-alias-while-pending')) await putUnderKey(s3, config.vaultBucket, 'late/pending.csv', 'late', epochAliasName('acme', EPOCH), { legalHold: true });
  results.push(await executeShred({ s3, kms }, config, RUNS[1], options));
  expect(await violations(s3, kms, RUNS[1]), `seed ${h.seed} after run 2: ${JSON.stringify(h)}`).toEqual([]);
  return results;
}

describe('random shredder histories', () => {
  it(`no run leaves a key pending deletion over a retained or held version (${HISTORIES} histories from seed ${SEED})`, async () => {
    const outcomes = new Map<string, number>();
    for (let i = 0; i < HISTORIES; i++) {
      const results = await play(generate(SEED + i));
      for (const r of results) for (const a of r.actions) outcomes.set(a.outcome, (outcomes.get(a.outcome) ?? 0) + 1);
    }
    // The histories exercise both sides: some keys are shredded, some refused or cancelled.
    expect(outcomes.get('scheduled') ?? 0).toBeGreaterThan(0);
    expect((outcomes.get('refused') ?? 0) + (outcomes.get('deletion-cancelled') ?? 0)).toBeGreaterThan(0);
  }, 120_000);
});
