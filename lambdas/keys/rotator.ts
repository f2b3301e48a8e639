/**
 * The key rotator: makes the next epoch's KMS key ahead of time, points the vault bucket's default
 * encryption at the current epoch's key when that epoch starts, and records in the epoch ledger
 * which key covers which writes. Every step is idempotent: a second run finds the alias (or a key
 * a crashed run created but did not alias yet) and changes nothing.
 *
 * New keys get the key policy of an existing epoch key of the vault (the stack creates the first
 * one with epochKeyPolicy: its statements name roles and tags, never a key, so the frame is the
 * same for every epoch), unless a policy is passed explicitly.
 *
 * | Step                | Calls                                                          | When              |
 * |---------------------|----------------------------------------------------------------|-------------------|
 * | find                | DescribeKey(alias), ListResourceTags                           | always            |
 * | adopt               | ListKeys, ListResourceTags, DescribeKey, CreateAlias           | alias missing     |
 * | create              | GetKeyPolicy (source), CreateKey (tags), CreateAlias,          | no key at all     |
 * |                     | EnableKeyRotation                                              |                   |
 * | ledger              | GetObject, PutObject `epochs/<vault>/<epoch>.json`             | entry new/changed |
 * | activate            | GetBucketEncryption, PutBucketEncryption (SSE-KMS, Bucket Key) | default differs   |
 */
import {
  CreateAliasCommand,
  CreateKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  ListKeysCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { PutBucketEncryptionCommand, type S3Client } from '@aws-sdk/client-s3';
import { isKmsError, toKmsError, toS3Error } from '../aws/errors.js';
import { bucketDefaultKeyId } from '../vault/bucket-encryption.js';
import type { RotatorConfig } from '../vault/config.js';
import { addMonths, epochContaining, epochEnd, epochStart } from '../vault/epoch.js';
import { describeKey, keyTags, listEpochAliases, type KeyDescription } from '../vault/epoch-keys.js';
import { readLedgerEntry, writeLedgerEntry, ledgerJson, LEDGER_VERSION, type LedgerEntry } from '../vault/ledger.js';
import { epochAliasName, shredNotBefore, TAG_EPOCH, TAG_EPOCH_MONTHS, TAG_SHRED_NOT_BEFORE, TAG_VAULT } from '../../contract/naming.js';
import { KeysError } from './errors.js';

/** Clients of the rotator. */
export interface RotatorClients {
  readonly kms: KMSClient;
  readonly s3: S3Client;
}

/** Options of ensureEpochKey. */
export interface EnsureEpochKeyOptions {
  /** Key policy (JSON) for a new key. @default the policy of the vault's newest existing epoch key */
  readonly policy?: string;
}

/** An epoch key that exists after ensureEpochKey. */
export interface EpochKeyResult {
  readonly epoch: string;
  readonly keyId: string;
  readonly keyArn: string;
  readonly aliasName: string;
  readonly shredNotBefore: string;
  /** How the key was found: an existing alias, an un-aliased key adopted, or a new key. */
  readonly source: 'alias' | 'adopted' | 'created';
  /** True when the ledger entry was written by this call. */
  readonly ledgerWritten: boolean;
}

/** What activateEpoch did. */
export interface ActivationResult {
  readonly epoch: string;
  readonly keyId: string;
  /** True when PutBucketEncryption was called. */
  readonly changed: boolean;
  /** Key id of the previous default key, when there was a KMS default. */
  readonly previousKeyId?: string;
}

/** What one rotation run did. */
export interface RotationResult {
  /** Undefined before the vault's first epoch. */
  readonly current?: EpochKeyResult;
  readonly next: EpochKeyResult;
  readonly activation?: ActivationResult;
}

/** The tags of a new epoch key. */
export function epochKeyTags(config: RotatorConfig, epoch: string): Record<string, string> {
  return {
    [TAG_VAULT]: config.vaultName,
    [TAG_EPOCH]: epoch,
    [TAG_EPOCH_MONTHS]: String(config.epochMonths),
    [TAG_SHRED_NOT_BEFORE]: shredNotBefore(epoch, config.epochMonths, config.retentionDays),
  };
}

function checkOwnership(config: RotatorConfig, epoch: string, keyId: string, tags: Record<string, string>): void {
  if (tags[TAG_VAULT] !== config.vaultName || tags[TAG_EPOCH] !== epoch) {
    throw new KeysError(
      'ALIAS_CONFLICT',
      config.vaultName,
      epoch,
      `the epoch alias points at a key tagged ${TAG_VAULT}=${tags[TAG_VAULT] ?? '(none)'} ${TAG_EPOCH}=${tags[TAG_EPOCH] ?? '(none)'}`,
      keyId,
    );
  }
}

function checkUsable(config: RotatorConfig, epoch: string, key: KeyDescription): void {
  if (key.state !== 'Enabled') {
    throw new KeysError('KEY_NOT_USABLE', config.vaultName, epoch, `key state is ${key.kmsState ?? key.state}, not Enabled`, key.keyId);
  }
}

/**
 * Makes sure the epoch's key exists with its tags, alias and rotation, and that the ledger records
 * it. Idempotent (see the module doc). `now` is the ledger's `recordedAt` for a new entry.
 */
export async function ensureEpochKey(
  clients: RotatorClients,
  config: RotatorConfig,
  epoch: string,
  now: Date,
  options: EnsureEpochKeyOptions = {},
): Promise<EpochKeyResult> {
  const aliasName = epochAliasName(config.vaultName, epoch);
  let source: EpochKeyResult['source'] = 'alias';
  let key = await describeKey(clients.kms, aliasName);
  let tags: Record<string, string>;
  if (key.state !== 'missing') {
    tags = await keyTags(clients.kms, key.keyId);
    checkOwnership(config, epoch, key.keyId, tags);
  } else {
    const orphan = await findUnaliasedKey(clients.kms, config.vaultName, epoch);
    if (orphan) {
      source = 'adopted';
      key = orphan;
    } else {
      source = 'created';
      key = await createKey(clients.kms, config, epoch, options.policy ?? (await policyOfNewestKey(clients.kms, config, epoch)));
    }
    await createAlias(clients.kms, aliasName, key.keyId, config, epoch);
    await enableRotation(clients.kms, key.keyId);
    tags = await keyTags(clients.kms, key.keyId);
  }
  if (key.state === 'PendingDeletion' || key.state === 'other') checkUsable(config, epoch, key);
  const keyArn = key.keyArn as string;
  const notBefore = tags[TAG_SHRED_NOT_BEFORE] ?? shredNotBefore(epoch, config.epochMonths, config.retentionDays);
  const months = Number(tags[TAG_EPOCH_MONTHS] ?? config.epochMonths);
  const ledgerWritten = await recordInLedger(clients.s3, config, {
    type: 'shredlock.epoch',
    version: LEDGER_VERSION,
    vault: config.vaultName,
    epoch,
    epochMonths: months,
    from: epochStart(epoch).toISOString(),
    to: epochEnd(epoch, months).toISOString(),
    keyId: key.keyId,
    keyArn,
    alias: aliasName,
    shredNotBefore: notBefore,
    recordedAt: now.toISOString(),
    activatedAt: null,
  });
  return { epoch, keyId: key.keyId, keyArn, aliasName, shredNotBefore: notBefore, source, ledgerWritten };
}

/**
 * Writes the ledger entry unless an equal one is there; keeps the first `recordedAt` and any
 * `activatedAt`. A ledger that names another key for the epoch is a conflict, never overwritten.
 */
async function recordInLedger(s3: S3Client, config: RotatorConfig, wanted: LedgerEntry): Promise<boolean> {
  const existing = await readLedgerEntry(s3, config.recordsBucket, config.vaultName, wanted.epoch);
  if (existing && existing.keyId !== wanted.keyId) {
    throw new KeysError(
      'LEDGER_CONFLICT',
      config.vaultName,
      wanted.epoch,
      `the epoch ledger names key ${existing.keyId}, the alias names another`,
      wanted.keyId,
    );
  }
  const entry: LedgerEntry = existing
    ? { ...wanted, recordedAt: existing.recordedAt, activatedAt: existing.activatedAt }
    : wanted;
  if (existing && ledgerJson(existing) === ledgerJson(entry)) return false;
  await writeLedgerEntry(s3, config.recordsBucket, entry);
  return true;
}

async function createKey(kms: KMSClient, config: RotatorConfig, epoch: string, policy: string): Promise<KeyDescription> {
  const tags = epochKeyTags(config, epoch);
  try {
    const out = await kms.send(
      new CreateKeyCommand({
        Description: `ShredLock ${config.vaultName}: data key for epoch ${epoch} (+${config.epochMonths} month(s))`,
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeySpec: 'SYMMETRIC_DEFAULT',
        Policy: policy,
        Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
      }),
    );
    const meta = out.KeyMetadata;
    if (!meta?.KeyId || !meta.Arn) throw new Error('CreateKey returned no key');
    return { keyId: meta.KeyId, keyArn: meta.Arn, state: 'Enabled', kmsState: meta.KeyState, requestId: out.$metadata.requestId };
  } catch (error) {
    throw toKmsError(error, 'CreateKey', { vault: config.vaultName, epoch });
  }
}

async function createAlias(kms: KMSClient, aliasName: string, keyId: string, config: RotatorConfig, epoch: string): Promise<void> {
  try {
    await kms.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keyId }));
  } catch (error) {
    const failure = toKmsError(error, 'CreateAlias', { keyId, alias: aliasName });
    if (failure.awsCode === 'AlreadyExistsException') {
      // Another run won the race: its key stays, this one is left un-aliased (and is adopted by nobody).
      throw new KeysError('ALIAS_CONFLICT', config.vaultName, epoch, 'the alias was created by another run meanwhile', keyId);
    }
    throw failure;
  }
}

async function enableRotation(kms: KMSClient, keyId: string): Promise<void> {
  try {
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  } catch (error) {
    throw toKmsError(error, 'EnableKeyRotation', { keyId });
  }
}

/** The policy of the vault's newest epoch key before `epoch` that still exists. */
async function policyOfNewestKey(kms: KMSClient, config: RotatorConfig, epoch: string): Promise<string> {
  const sources = (await listEpochAliases(kms, config.vaultName)).filter((a) => a.epoch < epoch).reverse();
  for (const alias of sources) {
    try {
      const out = await kms.send(new GetKeyPolicyCommand({ KeyId: alias.keyId, PolicyName: 'default' }));
      if (out.Policy) return out.Policy;
    } catch (error) {
      const failure = toKmsError(error, 'GetKeyPolicy', { keyId: alias.keyId });
      if (failure.kind !== 'NOT_FOUND') throw failure;
    }
  }
  throw new KeysError(
    'NO_POLICY_SOURCE',
    config.vaultName,
    epoch,
    'no earlier epoch key to copy the key policy from (the stack creates the first one); pass a policy explicitly',
  );
}

/**
 * A key tagged for this vault and epoch that has no alias: left by a run that stopped between
 * CreateKey and CreateAlias. Keys whose tags the caller may not read are not ours.
 */
async function findUnaliasedKey(kms: KMSClient, vault: string, epoch: string): Promise<KeyDescription | undefined> {
  let marker: string | undefined;
  do {
    let out;
    try {
      out = await kms.send(new ListKeysCommand({ Marker: marker, Limit: 100 }));
    } catch (error) {
      throw toKmsError(error, 'ListKeys', {});
    }
    for (const k of out.Keys ?? []) {
      if (!k.KeyId) continue;
      let tags: Record<string, string>;
      try {
        tags = await keyTags(kms, k.KeyId);
      } catch (error) {
        if (isKmsError(error) && (error.kind === 'ACCESS_DENIED' || error.kind === 'NOT_FOUND')) continue;
        throw error;
      }
      if (tags[TAG_VAULT] !== vault || tags[TAG_EPOCH] !== epoch) continue;
      const described = await describeKey(kms, k.KeyId);
      if (described.state === 'Enabled') return described;
    }
    marker = out.Truncated ? out.NextMarker : undefined;
  } while (marker);
  return undefined;
}

/**
 * Points the vault bucket's default encryption at the epoch's key (SSE-KMS, S3 Bucket Key on) and
 * records the activation in the ledger. No change when it already points there (by id or ARN).
 */
export async function activateEpoch(
  clients: RotatorClients,
  config: RotatorConfig,
  key: Pick<EpochKeyResult, 'epoch' | 'keyId' | 'keyArn'>,
  now: Date,
): Promise<ActivationResult> {
  const described = await describeKey(clients.kms, key.keyId);
  checkUsable(config, key.epoch, described);
  const previous = await bucketDefaultKeyId(clients.s3, config.vaultBucket);
  const changed = previous !== key.keyId;
  if (changed) {
    try {
      await clients.s3.send(
        new PutBucketEncryptionCommand({
          Bucket: config.vaultBucket,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.keyArn }, BucketKeyEnabled: true }],
          },
        }),
      );
    } catch (error) {
      throw toS3Error(error, 'PutBucketEncryption', { bucket: config.vaultBucket, keyId: key.keyId });
    }
  }
  const entry = await readLedgerEntry(clients.s3, config.recordsBucket, config.vaultName, key.epoch);
  if (entry && entry.activatedAt === null) {
    await writeLedgerEntry(clients.s3, config.recordsBucket, { ...entry, activatedAt: now.toISOString() });
  }
  return { epoch: key.epoch, keyId: key.keyId, changed, ...(previous ? { previousKeyId: previous } : {}) };
}

/**
 * One run: the current epoch's key (activated as the bucket default) and the next epoch's key
 * (created ahead of time). Before the vault's first epoch only the first key is made.
 */
export async function rotate(
  clients: RotatorClients,
  config: RotatorConfig,
  now: Date,
  options: EnsureEpochKeyOptions = {},
): Promise<RotationResult> {
  if (now < epochStart(config.firstEpoch)) {
    return { next: await ensureEpochKey(clients, config, config.firstEpoch, now, options) };
  }
  const currentEpoch = epochContaining(now, config.firstEpoch, config.epochMonths);
  const current = await ensureEpochKey(clients, config, currentEpoch, now, options);
  const next = await ensureEpochKey(clients, config, addMonths(currentEpoch, config.epochMonths), now, options);
  const activation = await activateEpoch(clients, config, current, now);
  return { current, next, activation };
}
