import { CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { GetBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { KeysError } from '../../lambdas/keys/errors.js';
import { activateEpoch, ensureEpochKey, rotate } from '../../lambdas/keys/rotator.js';
import { addMonths } from '../../lambdas/vault/epoch.js';
import { readLedgerEntry } from '../../lambdas/vault/ledger.js';
import { epochAliasPrefix, shredNotBefore, TAG_APPROVED_AT, TAG_APPROVED_BY } from '../../contract/naming.js';
import { APPROVER, EPOCH, NEXT_EPOCH, PAST, TEST_KEY_POLICY, WALL, keysTaggedFor, useMotoVault, vaultConfig } from '../shredder/fixtures.js';

const config = vaultConfig('acme');
const other = vaultConfig('other');
const { s3, kms } = useMotoVault([config, other]);
const clients = { s3, kms };

async function aliasesOf(vault: string): Promise<string[]> {
  const out = await kms.send(new ListAliasesCommand({}));
  return (out.Aliases ?? []).map((a) => a.AliasName as string).filter((n) => n.startsWith(epochAliasPrefix(vault))).sort();
}

async function tagsOf(keyId: string): Promise<Record<string, string>> {
  const out = await kms.send(new ListResourceTagsCommand({ KeyId: keyId }));
  return Object.fromEntries((out.Tags ?? []).map((t) => [t.TagKey, t.TagValue]));
}

async function bucketKey(): Promise<string | undefined> {
  const out = await s3.send(new GetBucketEncryptionCommand({ Bucket: config.vaultBucket }));
  return out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID;
}

describe('rotate', () => {
  it('creates the current and next epoch keys with tags, aliases and rotation, and activates the current one', async () => {
    // Act
    const result = await rotate(clients, config, WALL, { policy: TEST_KEY_POLICY });
    // Assess
    expect(result.current).toMatchObject({ epoch: EPOCH, source: 'created', ledgerWritten: true });
    expect(result.next).toMatchObject({ epoch: NEXT_EPOCH, source: 'created', ledgerWritten: true });
    expect(await aliasesOf('acme')).toEqual([`alias/shredlock/acme/epoch/${EPOCH}`, `alias/shredlock/acme/epoch/${NEXT_EPOCH}`]);
    expect(await tagsOf(result.current?.keyId as string)).toEqual({
      'shredlock:vault': 'acme',
      'shredlock:epoch': EPOCH,
      'shredlock:epoch-months': '1',
      'shredlock:shred-not-before': shredNotBefore(EPOCH, 1, 1),
    });
    const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: result.next.keyId }));
    expect(rotation.KeyRotationEnabled).toBe(true);
    expect(await bucketKey()).toBe(result.current?.keyArn);
    expect(result.activation).toMatchObject({ changed: true, keyId: result.current?.keyId });
  });

  it('records which key covers which writes in the epoch ledger', async () => {
    // Act
    const result = await rotate(clients, config, WALL, { policy: TEST_KEY_POLICY });
    // Assess
    const current = await readLedgerEntry(s3, config.recordsBucket, 'acme', EPOCH);
    const next = await readLedgerEntry(s3, config.recordsBucket, 'acme', NEXT_EPOCH);
    expect(current).toMatchObject({
      keyId: result.current?.keyId,
      keyArn: result.current?.keyArn,
      alias: `alias/shredlock/acme/epoch/${EPOCH}`,
      from: `${EPOCH}-01T00:00:00.000Z`,
      to: `${NEXT_EPOCH}-01T00:00:00.000Z`,
      shredNotBefore: shredNotBefore(EPOCH, 1, 1),
      activatedAt: WALL.toISOString(),
    });
    expect(next).toMatchObject({ keyId: result.next.keyId, activatedAt: null });
  });

  it('is idempotent: a second run finds the same keys and changes nothing', async () => {
    // Prepare
    const first = await rotate(clients, config, WALL, { policy: TEST_KEY_POLICY });
    // Act
    const second = await rotate(clients, config, new Date(WALL.getTime() + 60_000));
    // Assess
    expect(second.current).toMatchObject({ keyId: first.current?.keyId, source: 'alias', ledgerWritten: false });
    expect(second.next).toMatchObject({ keyId: first.next.keyId, source: 'alias', ledgerWritten: false });
    expect(second.activation?.changed).toBe(false);
    expect(await keysTaggedFor(kms, 'acme')).toHaveLength(2);
    expect(await aliasesOf('acme')).toHaveLength(2);
    expect((await readLedgerEntry(s3, config.recordsBucket, 'acme', EPOCH))?.activatedAt).toBe(WALL.toISOString());
  });

  it('in the next epoch, activates its key and creates the one after with the policy of the newest key', async () => {
    // Prepare
    const first = await rotate(clients, config, WALL, { policy: TEST_KEY_POLICY });
    // Act
    const later = await rotate(clients, config, PAST);
    // Assess
    expect(later.current).toMatchObject({ keyId: first.next.keyId, source: 'alias' });
    expect(later.next).toMatchObject({ epoch: addMonths(NEXT_EPOCH, 1), source: 'created' });
    expect(await bucketKey()).toBe(first.next.keyArn);
    const policy = await kms.send(new GetKeyPolicyCommand({ KeyId: later.next.keyId, PolicyName: 'default' }));
    expect(JSON.parse(policy.Policy as string)).toEqual(JSON.parse(TEST_KEY_POLICY));
  });

  it('refuses to create a vault\'s first key without a policy to copy', async () => {
    await expect(rotate(clients, config, WALL)).rejects.toMatchObject({ name: 'KeysError', code: 'NO_POLICY_SOURCE' });
    expect(await keysTaggedFor(kms, 'acme')).toHaveLength(0);
  });
});

describe('ensureEpochKey', () => {
  it('adopts a tagged key a crashed run left without an alias instead of creating a second', async () => {
    // Prepare: CreateKey succeeded, CreateAlias never ran
    const orphan = await kms.send(
      new CreateKeyCommand({
        Policy: TEST_KEY_POLICY,
        Tags: [
          { TagKey: 'shredlock:vault', TagValue: 'acme' },
          { TagKey: 'shredlock:epoch', TagValue: EPOCH },
          { TagKey: 'shredlock:epoch-months', TagValue: '1' },
          { TagKey: 'shredlock:shred-not-before', TagValue: shredNotBefore(EPOCH, 1, 1) },
        ],
      }),
    );
    // Act
    const result = await ensureEpochKey(clients, config, EPOCH, WALL, { policy: TEST_KEY_POLICY });
    // Assess
    expect(result).toMatchObject({ keyId: orphan.KeyMetadata?.KeyId, source: 'adopted' });
    expect(await keysTaggedFor(kms, 'acme')).toHaveLength(1);
    expect(await aliasesOf('acme')).toEqual([`alias/shredlock/acme/epoch/${EPOCH}`]);
  });

  it('refuses an epoch alias that points at a key of another vault', async () => {
    // Prepare
    const foreign = await ensureEpochKey(clients, other, EPOCH, WALL, { policy: TEST_KEY_POLICY });
    await kms.send(new CreateAliasCommand({ AliasName: `alias/shredlock/acme/epoch/${EPOCH}`, TargetKeyId: foreign.keyId }));
    // Act + Assess
    await expect(ensureEpochKey(clients, config, EPOCH, WALL, { policy: TEST_KEY_POLICY })).rejects.toMatchObject({
      code: 'ALIAS_CONFLICT',
      keyId: foreign.keyId,
    });
    expect(await keysTaggedFor(kms, 'acme')).toHaveLength(0);
  });

  it('never activates a key that is not Enabled', async () => {
    // Prepare
    const key = await ensureEpochKey(clients, config, EPOCH, WALL, { policy: TEST_KEY_POLICY });
    await kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    // Act + Assess
    await expect(activateEpoch(clients, config, key, WALL)).rejects.toBeInstanceOf(KeysError);
  });
});

describe('approveEpochKey', () => {
  it('tags the epoch key with the approver and the time', async () => {
    // Prepare
    const key = await ensureEpochKey(clients, config, EPOCH, WALL, { policy: TEST_KEY_POLICY });
    // Act
    const approval = await approveEpochKey(kms, { vaultName: 'acme', epoch: EPOCH, principalArn: APPROVER, now: PAST });
    // Assess
    expect(approval).toMatchObject({ keyId: key.keyId, approvedBy: APPROVER, approvedAt: PAST.toISOString() });
    expect(await tagsOf(key.keyId)).toMatchObject({ [TAG_APPROVED_BY]: APPROVER, [TAG_APPROVED_AT]: PAST.toISOString() });
  });

  it.each([
    { what: 'an epoch without a key', epoch: '2001-01', principal: APPROVER, code: 'NO_SUCH_EPOCH_KEY' },
    { what: 'a principal that is not an ARN', epoch: EPOCH, principal: 'approver', code: 'INVALID_PRINCIPAL' },
    { what: 'an STS session ARN (KMS compares the role ARN)', epoch: EPOCH, principal: 'arn:aws:sts::123456789012:assumed-role/acme-approver/s', code: 'INVALID_PRINCIPAL' },
  ])('refuses $what', async ({ epoch, principal, code }) => {
    await ensureEpochKey(clients, config, EPOCH, WALL, { policy: TEST_KEY_POLICY });
    await expect(approveEpochKey(kms, { vaultName: 'acme', epoch, principalArn: principal, now: PAST })).rejects.toMatchObject({ code });
  });
});
