/**
 * Reads the live configuration of a deployed vault. Read-only calls only:
 *
 * | Service    | Calls                                                                         |
 * |------------|-------------------------------------------------------------------------------|
 * | S3         | GetBucketVersioning, GetObjectLockConfiguration, GetBucketEncryption,         |
 * |            | GetPublicAccessBlock, GetBucketPolicy (each bucket of the vault)              |
 * | CloudTrail | GetTrail, GetTrailStatus, GetEventSelectors                                   |
 * | KMS        | ListAliases, DescribeKey, GetKeyRotationStatus, ListResourceTags              |
 *
 * A call that fails is recorded as unreadable with its error code (and becomes a drift); "not
 * configured" answers (no policy, no lock configuration...) are values, not failures.
 */
import {
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  type AdvancedEventSelector,
  type CloudTrailClient,
  type EventSelector,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { GetKeyRotationStatusCommand, type KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isAwsCallError, toCloudTrailError, toKmsError, toS3Error, type AwsCallError } from '../aws/errors.js';
import { describeKey, keyIdOf, keyTags, listEpochAliases } from '../vault/epoch-keys.js';
import type {
  LiveBucket,
  LiveEncryption,
  LiveKey,
  LiveLock,
  LivePublicAccessBlock,
  LiveSelectors,
  LiveTrail,
  LiveVault,
  PolicyStatement,
  Read,
  VaultExpectation,
} from './types.js';

/** The clients of a check. */
export interface CheckClients {
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly cloudtrail: CloudTrailClient;
}

function ok<T>(value: T): Read<T> {
  return { ok: true, value };
}

/** Runs one read; `absent` AWS error names mean "not configured" (the value `absent` gives). */
async function attempt<T>(
  call: () => Promise<T>,
  wrap: (error: unknown) => AwsCallError,
  absent: Readonly<Record<string, T>> = {},
): Promise<Read<T>> {
  try {
    return ok(await call());
  } catch (error) {
    const failure = wrap(error);
    if (Object.hasOwn(absent, failure.awsCode)) return ok(absent[failure.awsCode]);
    return { ok: false, error: failure.awsCode === 'NoSuchBucket' ? 'NoSuchBucket' : failure.code };
  }
}

async function readBucket(s3: S3Client, kms: KMSClient, bucket: string): Promise<LiveBucket> {
  const s3Error = (operation: string) => (error: unknown) => toS3Error(error, operation, { bucket });
  const versioning = await attempt(
    async () => (await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status ?? 'never enabled',
    s3Error('GetBucketVersioning'),
  );
  const missing = !versioning.ok && versioning.error === 'NoSuchBucket';
  const gone: Read<never> = { ok: false, error: 'NoSuchBucket' };
  if (missing) return { name: bucket, exists: false, versioning, lock: gone, encryption: gone, publicAccessBlock: gone, policy: gone };

  const lock = await attempt<LiveLock | null>(
    async () => {
      const c = (await s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }))).ObjectLockConfiguration;
      const d = c?.Rule?.DefaultRetention;
      return {
        enabled: c?.ObjectLockEnabled === 'Enabled',
        ...(d?.Mode ? { mode: d.Mode } : {}),
        ...(d?.Days ? { days: d.Days } : {}),
        ...(d?.Years ? { years: d.Years } : {}),
      };
    },
    s3Error('GetObjectLockConfiguration'),
    { ObjectLockConfigurationNotFoundError: null },
  );
  const encryption = await attempt<LiveEncryption | null>(
    async () => {
      const rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules?.[0];
      const d = rule?.ApplyServerSideEncryptionByDefault;
      if (!d?.SSEAlgorithm) return null;
      const key = d.KMSMasterKeyID;
      return {
        algorithm: d.SSEAlgorithm,
        ...(key ? { key, keyId: await resolveKeyId(kms, key) } : {}),
        bucketKey: rule?.BucketKeyEnabled === true,
        blockedTypes: rule?.BlockedEncryptionTypes?.EncryptionType ?? [],
      };
    },
    s3Error('GetBucketEncryption'),
    { ServerSideEncryptionConfigurationNotFoundError: null },
  );
  const publicAccessBlock = await attempt<LivePublicAccessBlock | null>(
    async () => {
      const c = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
      return {
        BlockPublicAcls: c?.BlockPublicAcls === true,
        IgnorePublicAcls: c?.IgnorePublicAcls === true,
        BlockPublicPolicy: c?.BlockPublicPolicy === true,
        RestrictPublicBuckets: c?.RestrictPublicBuckets === true,
      };
    },
    s3Error('GetPublicAccessBlock'),
    { NoSuchPublicAccessBlockConfiguration: null },
  );
  const policy = await attempt<readonly PolicyStatement[] | null>(
    async () => {
      const text = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
      if (!text) return null;
      const statements = (JSON.parse(text) as { Statement?: PolicyStatement | PolicyStatement[] }).Statement ?? [];
      return Array.isArray(statements) ? statements : [statements];
    },
    s3Error('GetBucketPolicy'),
    { NoSuchBucketPolicy: null },
  );
  return { name: bucket, exists: true, versioning, lock, encryption, publicAccessBlock, policy };
}

/**
 * The key id of a key id, key ARN, alias name or alias ARN (DescribeKey for aliases); undefined
 * when KMS does not know the alias or will not say (the comparison then finds no matching key).
 */
async function resolveKeyId(kms: KMSClient, key: string): Promise<string | undefined> {
  if (!key.includes('alias/')) return keyIdOf(key);
  try {
    const d = await describeKey(kms, key);
    return d.state === 'missing' ? undefined : d.keyId;
  } catch (error) {
    if (isAwsCallError(error)) return undefined;
    throw error;
  }
}

async function readKey(kms: KMSClient, keyId: string, alias?: { aliasName: string; epoch: string }, withTags = true): Promise<LiveKey> {
  const kmsError = (operation: string) => (error: unknown) => toKmsError(error, operation, { keyId });
  const description = await attempt(() => describeKey(kms, keyId), kmsError('DescribeKey'));
  const state: Read<string> = description.ok
    ? ok(description.value.state === 'other' ? (description.value.kmsState ?? 'other') : description.value.state)
    : description;
  const current = state.ok ? state.value : undefined;
  // KMS answers KMSInvalidStateException for the rotation of a key pending deletion.
  const rotation =
    current === 'Enabled' || current === 'Disabled'
      ? await attempt(async () => (await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled === true, kmsError('GetKeyRotationStatus'))
      : undefined;
  const tags: Read<Record<string, string>> =
    withTags && current !== 'missing' ? await attempt(() => keyTags(kms, keyId), kmsError('ListResourceTags')) : ok({});
  return {
    keyId,
    ...(alias ? { alias: alias.aliasName, epoch: alias.epoch } : {}),
    state,
    ...(description.ok && description.value.deletionDate ? { deletionDate: description.value.deletionDate } : {}),
    ...(rotation ? { rotation } : {}),
    tags,
  };
}

/** Basic and advanced event selectors reduced to management events and S3 object coverage. */
export function reduceSelectors(basic: readonly EventSelector[], advanced: readonly AdvancedEventSelector[]): LiveSelectors {
  const s3Objects: { prefix: string; readWrite: string }[] = [];
  let management: string | undefined;
  const merge = (a: string | undefined, b: string) => (a === undefined ? b : a === b ? a : 'All');
  for (const s of basic) {
    const rw = s.ReadWriteType ?? 'All';
    if (s.IncludeManagementEvents !== false) management = merge(management, rw);
    for (const d of s.DataResources ?? []) {
      if (d.Type !== 'AWS::S3::Object') continue;
      for (const v of d.Values ?? []) s3Objects.push({ prefix: v, readWrite: rw });
    }
  }
  for (const s of advanced) {
    const field = (name: string) => (s.FieldSelectors ?? []).find((f) => f.Field === name);
    const category = field('eventCategory')?.Equals ?? [];
    const readOnly = field('readOnly')?.Equals;
    const rw = readOnly?.length === 1 ? (readOnly[0] === 'true' ? 'ReadOnly' : 'WriteOnly') : 'All';
    if (category.includes('Management')) management = merge(management, rw);
    if (category.includes('Data') && (field('resources.type')?.Equals ?? []).includes('AWS::S3::Object')) {
      const arn = field('resources.ARN');
      const prefixes = [...(arn?.StartsWith ?? []), ...(arn?.Equals ?? [])];
      for (const prefix of arn ? prefixes : ['arn:']) s3Objects.push({ prefix, readWrite: rw });
    }
  }
  return { ...(management ? { managementEvents: management } : {}), s3Objects };
}

async function readTrail(cloudtrail: CloudTrailClient, name: string): Promise<LiveTrail> {
  const ctError = (operation: string) => (error: unknown) => toCloudTrailError(error, operation, { trail: name });
  let trail: Read<Trail | undefined>;
  try {
    trail = ok((await cloudtrail.send(new GetTrailCommand({ Name: name }))).Trail);
  } catch (error) {
    const failure = toCloudTrailError(error, 'GetTrail', { trail: name });
    if (failure.awsCode === 'TrailNotFoundException') {
      const gone: Read<never> = { ok: false, error: 'TrailNotFoundException' };
      return { name, exists: false, config: gone, status: gone, selectors: gone };
    }
    trail = { ok: false, error: failure.code };
  }
  const config: LiveTrail['config'] = trail.ok
    ? ok({
        ...(trail.value?.S3BucketName ? { bucket: trail.value.S3BucketName } : {}),
        multiRegion: trail.value?.IsMultiRegionTrail === true,
        globalEvents: trail.value?.IncludeGlobalServiceEvents === true,
        logFileValidation: trail.value?.LogFileValidationEnabled === true,
        ...(trail.value?.KmsKeyId ? { kmsKeyId: trail.value.KmsKeyId } : {}),
      })
    : trail;
  const status = await attempt(async () => {
    const s = await cloudtrail.send(new GetTrailStatusCommand({ Name: name }));
    return {
      logging: s.IsLogging === true,
      ...(s.LatestDeliveryError ? { deliveryError: s.LatestDeliveryError } : {}),
      ...(s.LatestDigestDeliveryError ? { digestDeliveryError: s.LatestDigestDeliveryError } : {}),
    };
  }, ctError('GetTrailStatus'));
  const selectors = await attempt(async () => {
    const s = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: name }));
    return reduceSelectors(s.EventSelectors ?? [], s.AdvancedEventSelectors ?? []);
  }, ctError('GetEventSelectors'));
  return { name, exists: true, config, status, selectors };
}

/** Reads everything `expected` names (see the module doc). */
export async function readVault(clients: CheckClients, expected: VaultExpectation): Promise<LiveVault> {
  const buckets: LiveBucket[] = [];
  for (const b of expected.buckets) buckets.push(await readBucket(clients.s3, clients.kms, b.name));
  const trail = await readTrail(clients.cloudtrail, expected.trail.name);
  const aliases = await attempt(() => listEpochAliases(clients.kms, expected.vault), (e) => toKmsError(e, 'ListAliases', {}));
  let epochKeys: Read<readonly LiveKey[]>;
  if (!aliases.ok) epochKeys = aliases;
  else {
    const keys: LiveKey[] = [];
    for (const a of aliases.value) keys.push(await readKey(clients.kms, a.keyId, a));
    epochKeys = ok(keys);
  }
  const records = buckets.find((b) => b.name === expected.buckets.find((e) => e.kind === 'records')?.name);
  const trailKey = trail.config.ok ? trail.config.value.kmsKeyId : undefined;
  const recordsKey = records?.encryption.ok ? records.encryption.value?.keyId : undefined;
  const auditKeyId = trailKey ? await resolveKeyId(clients.kms, trailKey) : recordsKey;
  const auditKey = auditKeyId ? await readKey(clients.kms, auditKeyId, undefined, false) : undefined;
  return { buckets, trail, epochKeys, ...(auditKey ? { auditKey } : {}) };
}
