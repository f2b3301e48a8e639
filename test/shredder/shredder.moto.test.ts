import { createHash } from 'node:crypto';
import { CancelKeyDeletionCommand, CreateAliasCommand, DisableKeyCommand, ScheduleKeyDeletionCommand, TagResourceCommand } from '@aws-sdk/client-kms';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectVersionsCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { ensureEpochKey, rotate, type EpochKeyResult } from '../../lambdas/keys/rotator.js';
import { certificateKeys, epochAliasName, TAG_APPROVED_AT, TAG_APPROVED_BY } from '../../contract/naming.js';
import { describeKey } from '../../lambdas/vault/epoch-keys.js';
import { CertificateSchema, ClosingRecordSchema, writeCertificate, type Certificate } from '../../lambdas/shredder/certificate.js';
import { executeShred } from '../../lambdas/shredder/execute.js';
import { planShred, type KeyPlan } from '../../lambdas/shredder/plan.js';
import { motoS3 } from '../support/moto.js';
import { destructionCertificate } from './certificates.js';
import {
  APPROVER,
  EPOCH,
  NEXT_EPOCH,
  PAST,
  SHREDDER_ROLE,
  SHREDDER_SESSION,
  TEST_KEY_POLICY,
  WALL,
  allVersions,
  createTopic,
  keyState,
  putUnderKey,
  useMotoVault,
  vaultConfig,
  type UploadLock,
} from './fixtures.js';

/** A key that looks like it names a person: it may appear in the manifest, nowhere else. */
const NAMED_KEY = 'customers/Sample Person\tlist.csv';
const config = vaultConfig('acme', { topicArn: 'arn:aws:sns:us-east-1:123456789012:acme-notices' });
const other = vaultConfig('other');
const { s3, kms, sns } = useMotoVault([config, other]);
const clients = { s3, kms, sns };

interface Prepared {
  readonly key: EpochKeyResult;
  readonly next: EpochKeyResult;
  /** Version ids under `key`. */
  readonly covered: string[];
}

/**
 * A vault whose EPOCH key covers three versions (by key id and by ARN, one key with two versions,
 * one delete marker), one version under the next epoch's key, and the rotator run again in the
 * next epoch (so EPOCH's key is no longer the bucket default).
 */
async function prepare(options: { rotateAgain?: boolean } = {}): Promise<Prepared> {
  await createTopic(sns, 'acme-notices');
  const first = await rotate({ s3, kms }, config, WALL, { policy: TEST_KEY_POLICY });
  const key = first.current as EpochKeyResult;
  const covered = [
    await putUnderKey(s3, config.vaultBucket, NAMED_KEY, 'first', key.keyId),
    await putUnderKey(s3, config.vaultBucket, NAMED_KEY, 'second version', key.keyArn),
    await putUnderKey(s3, config.vaultBucket, 'exports/b.csv', 'b', key.keyId),
  ];
  await s3.send(new DeleteObjectCommand({ Bucket: config.vaultBucket, Key: 'exports/b.csv' }));
  await putUnderKey(s3, config.vaultBucket, 'exports/later.csv', 'later', first.next.keyId);
  if (options.rotateAgain ?? true) await rotate({ s3, kms }, config, PAST);
  return { key, next: first.next, covered };
}

/**
 * Approves as `principalArn`. approveEpochKey writes IAM principal ARNs only; a session ARN is
 * tagged directly, as an approval written before the key policy's approval rule could be: the
 * shredder must still count a session of its own role as itself.
 */
async function approve(epoch = EPOCH, principalArn = APPROVER): Promise<void> {
  if (!principalArn.startsWith('arn:aws:sts:')) {
    await approveEpochKey(kms, { vaultName: 'acme', epoch, principalArn, now: PAST });
    return;
  }
  const key = await describeKey(kms, epochAliasName('acme', epoch));
  await kms.send(
    new TagResourceCommand({
      KeyId: key.keyId,
      Tags: [
        { TagKey: TAG_APPROVED_BY, TagValue: principalArn },
        { TagKey: TAG_APPROVED_AT, TagValue: PAST.toISOString() },
      ],
    }),
  );
}

function planOf(keys: readonly KeyPlan[], keyId: string): KeyPlan {
  const found = keys.find((k) => k.facts.keyId === keyId);
  if (!found) throw new Error(`no plan for ${keyId}`);
  return found;
}

async function certificateOf(keyId: string, epoch = EPOCH): Promise<Certificate> {
  const out = await s3.send(new GetObjectCommand({ Bucket: config.recordsBucket, Key: certificateKeys('acme', epoch, keyId).certificate }));
  return CertificateSchema.parse(JSON.parse(await (out.Body?.transformToString() ?? '')));
}

/** The manifest recomputed here from the listing, independently of manifest.ts. */
async function expectedManifest(versionIds: readonly string[]): Promise<{ sha256: string; count: number; bytes: number }> {
  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: config.vaultBucket }));
  const mine = (listed.Versions ?? []).filter((v) => versionIds.includes(v.VersionId as string));
  const lines = mine
    .map((v) => `${(v.Key as string).replace(/\\/g, '\\\\').replace(/\t/g, '\\t')}\t${v.VersionId}\t${(v.ETag as string).replace(/"/g, '')}\n`)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return {
    sha256: createHash('sha256').update(lines.join('')).digest('hex'),
    count: mine.length,
    bytes: mine.reduce((n, v) => n + (v.Size ?? 0), 0),
  };
}

describe('plan', () => {
  it('plans a due key, marks the next one not due, and changes nothing', async () => {
    // Prepare
    const { key, next } = await prepare();
    const recordsBefore = await allVersions(s3, config.recordsBucket);
    // Act
    const plan = await planShred(clients, config, PAST);
    // Assess
    expect(planOf(plan.keys, key.keyId)).toMatchObject({ label: 'refuse:approval-missing', covered: { count: 3, bytes: 20 } });
    expect(planOf(plan.keys, next.keyId).label).toBe('not-due');
    expect(plan.evidence).toMatchObject({ deleteMarkers: 1, versionsOfOtherKeys: 1, complete: true });
    expect((await keyState(kms, key.keyId)).state).toBe('Enabled');
    expect(await allVersions(s3, config.recordsBucket)).toEqual(recordsBefore);
  });

  it.each([
    { approver: undefined, label: 'refuse:approval-missing' },
    { approver: SHREDDER_ROLE, label: 'refuse:approval-by-shredder' },
    { approver: SHREDDER_SESSION, label: 'refuse:approval-by-shredder' },
    { approver: APPROVER, label: 'shred' },
  ])('requires an approval by another principal: approved by $approver -> $label', async ({ approver, label }) => {
    // Prepare
    const { key } = await prepare();
    if (approver) await approve(EPOCH, approver);
    // Act
    const plan = await planShred(clients, config, PAST);
    // Assess
    expect(planOf(plan.keys, key.keyId).label).toBe(label);
  });

  it('proceeds without approval only when the configuration says so', async () => {
    const { key } = await prepare();
    const plan = await planShred(clients, { ...config, requireApproval: false }, PAST);
    expect(planOf(plan.keys, key.keyId).label).toBe('shred');
  });

  it.each([
    { lock: { retainUntil: new Date(PAST.getTime() + 30 * 86_400_000) }, label: 'refuse:retained', reasons: ['retained'] },
    { lock: { retainUntil: new Date(PAST.getTime() + 86_400_000), mode: 'COMPLIANCE' }, label: 'refuse:retained', reasons: ['retained'] },
    { lock: { legalHold: true }, label: 'refuse:legal-hold', reasons: ['legal-hold'] },
    {
      lock: { legalHold: true, retainUntil: new Date(PAST.getTime() + 86_400_000) },
      label: 'refuse:retained+legal-hold',
      reasons: ['retained', 'legal-hold'],
    },
  ] as { lock: UploadLock; label: string; reasons: string[] }[])(
    'refuses while a covered version is locked ($label) and names its version id',
    async ({ lock, label, reasons }) => {
      // Prepare
      const { key } = await prepare();
      const locked = await putUnderKey(s3, config.vaultBucket, 'held/Sample Person.pdf', 'held', key.keyArn, lock);
      await approve();
      // Act
      const result = await executeShred(clients, config, PAST);
      // Assess
      const action = result.actions.find((a) => a.keyId === key.keyId);
      expect(action).toMatchObject({ label, outcome: 'refused', reasons, notification: 'sent' });
      expect(action?.blockers).toEqual([expect.objectContaining({ versionId: locked, reasons })]);
      expect(result.refused).toBe(1);
      expect((await keyState(kms, key.keyId)).state).toBe('Enabled');
      expect(JSON.stringify(action)).not.toContain('Sample');
    },
  );

  it('refuses the key that is still the bucket default (the rotator did not move on)', async () => {
    const { key } = await prepare({ rotateAgain: false });
    await approve();
    const plan = await planShred(clients, config, PAST);
    expect(planOf(plan.keys, key.keyId).label).toBe('refuse:current-bucket-key');
  });

  it('refuses when a version names its key by alias (it cannot be attributed)', async () => {
    const { key } = await prepare();
    await approve();
    const odd = await putUnderKey(s3, config.vaultBucket, 'odd.csv', 'odd', `alias/shredlock/acme/epoch/${EPOCH}`);
    const plan = await planShred(clients, config, PAST);
    expect(planOf(plan.keys, key.keyId)).toMatchObject({
      label: 'refuse:evidence-incomplete',
      blockers: [expect.objectContaining({ versionId: odd, reasons: ['unattributed'] })],
    });
  });

  it('refuses when lock fields may be hidden from HeadObject (no s3:GetObjectRetention)', async () => {
    // Prepare: a client whose GetObjectRetention is denied, as S3 does without the permission
    const { key } = await prepare();
    await approve();
    const denied = motoS3();
    denied.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetObjectRetentionCommand') {
          throw new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'denied' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'deny-get-object-retention' },
    );
    // Act
    const plan = await planShred({ s3: denied, kms }, config, PAST);
    denied.destroy();
    // Assess
    expect(planOf(plan.keys, key.keyId)).toMatchObject({
      label: 'refuse:evidence-incomplete',
      blockers: [expect.objectContaining({ reasons: ['lock-hidden'], code: 'S3_ACCESS_DENIED' })],
    });
  });

  it('refuses a key under the vault\'s alias that is tagged for another vault, and never lists other vaults\' keys', async () => {
    // Prepare
    const { key } = await prepare();
    await approve();
    const foreign = await ensureEpochKey({ s3, kms }, other, EPOCH, WALL, { policy: TEST_KEY_POLICY });
    await approveEpochKey(kms, { vaultName: 'other', epoch: EPOCH, principalArn: APPROVER, now: PAST });
    const rogue = await ensureEpochKey({ s3, kms }, other, '2021-01', WALL, { policy: TEST_KEY_POLICY });
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/shredlock/acme/epoch/2021-02', TargetKeyId: rogue.keyId }));
    // Act
    const result = await executeShred(clients, { ...config, requireApproval: false }, PAST);
    // Assess
    expect(result.plan.keys.map((k) => k.facts.keyId)).not.toContain(foreign.keyId);
    expect(planOf(result.plan.keys, rogue.keyId).label).toBe('refuse:vault-tag-mismatch');
    expect((await keyState(kms, foreign.keyId)).state).toBe('Enabled');
    expect((await keyState(kms, rogue.keyId)).state).toBe('Enabled');
    expect((await keyState(kms, key.keyId)).state).toBe('PendingDeletion');
  });
});

describe('execute', () => {
  it('disables the key, schedules its deletion and writes a certificate with the manifest hash', async () => {
    // Prepare
    const { key, next, covered } = await prepare();
    await approve();
    // Act
    const result = await executeShred(clients, config, PAST);
    // Assess: the key
    const action = result.actions.find((a) => a.keyId === key.keyId);
    expect(action).toMatchObject({ outcome: 'scheduled', notification: 'sent' });
    const state = await keyState(kms, key.keyId);
    expect(state.state).toBe('PendingDeletion');
    expect(state.deletionDate).toBeInstanceOf(Date);
    expect((await keyState(kms, next.keyId)).state).toBe('Enabled');
    // Assess: the certificate
    const certificate = await certificateOf(key.keyId);
    const expected = await expectedManifest(covered);
    expect(certificate).toMatchObject({
      vault: 'acme',
      keyArn: key.keyArn,
      epoch: EPOCH,
      objects: { count: 3, bytes: expected.bytes, manifestSha256: expected.sha256 },
      retentionEvidence: { retained: 0, legalHolds: 0, deleteMarkers: 1, versionsOfOtherKeys: 1, lockModes: { GOVERNANCE: 3 } },
      approval: { required: true, approvedBy: APPROVER, approvedAt: PAST.toISOString() },
      shredder: { principalArn: SHREDDER_ROLE },
      keyStateBefore: 'Enabled',
      scheduledAt: PAST.toISOString(),
      deletionDate: state.deletionDate?.toISOString(),
      pendingWindowDays: 7,
    });
    // Assess: the manifest object beside it, and the records' Object Lock (default retention)
    const keys = certificateKeys('acme', EPOCH, key.keyId);
    const manifest = await s3.send(new GetObjectCommand({ Bucket: config.recordsBucket, Key: keys.manifest }));
    const text = (await manifest.Body?.transformToString()) ?? '';
    expect(createHash('sha256').update(text).digest('hex')).toBe(expected.sha256);
    expect(text).toContain('customers/Sample Person\\tlist.csv\t');
    const head = await s3.send(new HeadObjectCommand({ Bucket: config.recordsBucket, Key: keys.certificate }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
  });

  it('is safe to run again: reports already-scheduled and writes no second certificate', async () => {
    // Prepare
    const { key } = await prepare();
    await approve();
    await executeShred(clients, config, PAST);
    const recordsBefore = await allVersions(s3, config.recordsBucket);
    // Act
    const again = await executeShred(clients, config, PAST);
    // Assess
    expect(again.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ label: 'already-scheduled', outcome: 'unchanged' });
    expect(await allVersions(s3, config.recordsBucket)).toEqual(recordsBefore);
    expect(again.refused).toBe(0);
  });

  it('a plan after the shred changes nothing either', async () => {
    const { key } = await prepare();
    await approve();
    await executeShred(clients, config, PAST);
    const recordsBefore = await allVersions(s3, config.recordsBucket);
    const plan = await planShred(clients, config, PAST);
    expect(planOf(plan.keys, key.keyId).label).toBe('already-scheduled');
    expect(await allVersions(s3, config.recordsBucket)).toEqual(recordsBefore);
  });

  it('records a cancellation once when the deletion was cancelled', async () => {
    // Prepare
    const { key } = await prepare();
    await approve();
    await executeShred(clients, config, PAST);
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }));
    // Act
    const later = await executeShred(clients, config, new Date(PAST.getTime() + 86_400_000));
    const again = await executeShred(clients, config, new Date(PAST.getTime() + 2 * 86_400_000));
    // Assess
    expect(later.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ label: 'cancelled', outcome: 'cancellation-recorded' });
    expect(again.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ label: 'cancelled', outcome: 'unchanged' });
    expect((await keyState(kms, key.keyId)).state).toBe('Disabled');
    const out = await s3.send(new GetObjectCommand({ Bucket: config.recordsBucket, Key: certificateKeys('acme', EPOCH, key.keyId).cancellation }));
    expect(ClosingRecordSchema.parse(JSON.parse((await out.Body?.transformToString()) ?? ''))).toMatchObject({
      type: 'shredlock.destruction-cancellation',
      keyArn: key.keyArn,
      keyState: 'Disabled',
    });
    expect((await certificateOf(key.keyId)).keyArn).toBe(key.keyArn);
  });

  it('records completion once when KMS no longer knows a certified key', async () => {
    // Prepare: a certificate for a key that is gone (moto never deletes keys, so one that never existed)
    await prepare();
    const gone = '0f0e0d0c-0b0a-4000-8000-000000000001';
    const certificate = destructionCertificate({ vault: 'acme', epoch: '2021-01', keyId: gone }, { vaultBucket: config.vaultBucket });
    await writeCertificate(s3, config.recordsBucket, certificate, '');
    // Act
    const first = await executeShred(clients, config, PAST);
    const second = await executeShred(clients, config, PAST);
    // Assess
    expect(first.actions.find((a) => a.keyId === gone)).toMatchObject({ label: 'completed', outcome: 'completion-recorded' });
    expect(second.actions.find((a) => a.keyId === gone)).toMatchObject({ label: 'completed', outcome: 'unchanged' });
    const out = await s3.send(new GetObjectCommand({ Bucket: config.recordsBucket, Key: certificateKeys('acme', '2021-01', gone).completion }));
    expect(JSON.parse((await out.Body?.transformToString()) ?? '')).toMatchObject({
      type: 'shredlock.destruction-completion',
      keyState: 'missing',
      scheduledAt: certificate.scheduledAt,
    });
  });

  it('resumes a key left PendingDeletion without a certificate, and cancels one scheduled before its time', async () => {
    // Prepare: a run that stopped after ScheduleKeyDeletion; and a next-epoch key someone scheduled early
    const { key, next } = await prepare();
    await approve();
    await approve(NEXT_EPOCH);
    for (const id of [key.keyId, next.keyId]) {
      await kms.send(new DisableKeyCommand({ KeyId: id }));
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    }
    // Act
    const result = await executeShred(clients, config, PAST);
    // Assess
    expect(result.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ outcome: 'scheduled' });
    expect(await certificateOf(key.keyId)).toMatchObject({ keyStateBefore: 'PendingDeletion', requestIds: { scheduleKeyDeletion: null } });
    expect(result.actions.find((a) => a.keyId === next.keyId)).toMatchObject({ label: 'cancel:retention-not-ended', outcome: 'deletion-cancelled' });
    expect((await keyState(kms, next.keyId)).state).toBe('Disabled');
  });

  it('refuses an approval whose approver is not a principal ARN', async () => {
    const { key } = await prepare();
    await kms.send(
      new TagResourceCommand({ KeyId: key.keyId, Tags: [{ TagKey: 'shredlock:approved-by', TagValue: 'someone' }, { TagKey: 'shredlock:approved-at', TagValue: PAST.toISOString() }] }),
    );
    const result = await executeShred(clients, config, PAST);
    expect(result.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ label: 'refuse:approval-invalid', outcome: 'refused' });
    expect((await keyState(kms, key.keyId)).state).toBe('Enabled');
  });
});
