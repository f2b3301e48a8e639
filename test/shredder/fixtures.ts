/**
 * Shared fixtures of the key and shredder tests on moto: a vault bucket (versioning + Object Lock,
 * default retention 1 day) and a records bucket (Object Lock), clients, a vault configuration,
 * and uploads under a given epoch key. moto stamps default retention from its own (real) clock,
 * so the test clock is built from the real date: the epoch is the current month, and "past
 * retention" is the day after its shred-not-before.
 */
import { KMSClient, DescribeKeyCommand, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { SNSClient, CreateTopicCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeEach } from 'vitest';
import { createKmsClient, createSnsClient } from '../../lambdas/aws/clients.js';
import type { RotatorConfig } from '../../lambdas/vault/config.js';
import { addMonths, epochContaining } from '../../lambdas/vault/epoch.js';
import { shredNotBefore } from '../../contract/naming.js';
import { motoS3, motoSettings, resetMoto } from '../support/moto.js';

/** The real clock at load: moto's default retention counts from it. */
export const WALL = new Date();
/** The epoch of the real current month. */
export const EPOCH = epochContaining(WALL, '2020-01', 1);
/** The epoch after it. */
export const NEXT_EPOCH = addMonths(EPOCH, 1);
/** Retention of the test vault: 1 day (the default retention of its bucket). */
export const RETENTION_DAYS = 1;
/** First day EPOCH's key may be shredded. */
export const NOT_BEFORE = shredNotBefore(EPOCH, 1, RETENTION_DAYS);
/** A time past EPOCH's retention (and in NEXT_EPOCH). */
export const PAST = new Date(Date.parse(`${NOT_BEFORE}T00:00:00Z`) + 86_400_000);

/** The shredder's own role, and a session of it. */
export const SHREDDER_ROLE = 'arn:aws:iam::123456789012:role/shredlock/acme-shredder';
export const SHREDDER_SESSION = 'arn:aws:sts::123456789012:assumed-role/acme-shredder/daily-run';
/** The approver. */
export const APPROVER = 'arn:aws:iam::123456789012:role/shredlock/acme-approver';

/** A permissive policy for the first key of a test vault (moto does not evaluate key policies). */
export const TEST_KEY_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'TestRoot', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }],
});

/** The configuration of test vault `name`. */
export function vaultConfig(name = 'acme', overrides: Partial<RotatorConfig> = {}): RotatorConfig {
  return {
    vaultName: name,
    vaultBucket: `${name}-vault`,
    recordsBucket: `${name}-records`,
    epochMonths: 1,
    firstEpoch: '2020-01',
    retentionDays: RETENTION_DAYS,
    keyDeletionWindowDays: 7,
    requireApproval: true,
    shredderPrincipalArn: SHREDDER_ROLE,
    ...overrides,
  };
}

/** A bucket with versioning and Object Lock, default retention of 1 day. */
export async function createLockedBucket(s3: S3Client, bucket: string, mode: 'GOVERNANCE' | 'COMPLIANCE' = 'GOVERNANCE'): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: bucket,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: mode, Days: 1 } } },
    }),
  );
}

/** The clients of a test file on moto, with a reset before each test and the vault buckets of `vaults`. */
export function useMotoVault(vaults: readonly RotatorConfig[]): { s3: S3Client; kms: KMSClient; sns: SNSClient } {
  const settings = motoSettings();
  const s3 = motoS3();
  const kms = createKmsClient(settings);
  const sns = createSnsClient(settings);
  afterAll(() => {
    s3.destroy();
    kms.destroy();
    sns.destroy();
  });
  beforeEach(async () => {
    await resetMoto();
    for (const v of vaults) {
      await createLockedBucket(s3, v.vaultBucket, 'GOVERNANCE');
      await createLockedBucket(s3, v.recordsBucket, 'COMPLIANCE');
    }
  });
  return { s3, kms, sns };
}

/** Creates an SNS topic; returns its ARN. */
export async function createTopic(sns: SNSClient, name: string): Promise<string> {
  const out = await sns.send(new CreateTopicCommand({ Name: name }));
  return out.TopicArn as string;
}

/** Lock settings of one upload. */
export interface UploadLock {
  readonly retainUntil?: Date;
  readonly mode?: 'GOVERNANCE' | 'COMPLIANCE';
  readonly legalHold?: boolean;
}

/** Uploads one SSE-KMS version under `keyRef` (id, ARN or alias); returns its version id. */
export async function putUnderKey(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  keyRef: string,
  lock: UploadLock = {},
): Promise<string> {
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyRef,
      ...(lock.retainUntil ? { ObjectLockMode: lock.mode ?? 'GOVERNANCE', ObjectLockRetainUntilDate: lock.retainUntil } : {}),
      ...(lock.legalHold ? { ObjectLockLegalHoldStatus: 'ON' as const } : {}),
    }),
  );
  if (!out.VersionId) throw new Error('bucket is not versioned');
  return out.VersionId;
}

/** State and deletion date of a key. */
export async function keyState(kms: KMSClient, keyId: string): Promise<{ state?: string; deletionDate?: Date }> {
  const out = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  return { state: out.KeyMetadata?.KeyState, deletionDate: out.KeyMetadata?.DeletionDate };
}

/** Ids of every key tagged `shredlock:vault=<vault>`. */
export async function keysTaggedFor(kms: KMSClient, vault: string): Promise<string[]> {
  const ids: string[] = [];
  for (const k of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
    const tags = (await kms.send(new ListResourceTagsCommand({ KeyId: k.KeyId }))).Tags ?? [];
    if (tags.some((t) => t.TagKey === 'shredlock:vault' && t.TagValue === vault)) ids.push(k.KeyId as string);
  }
  return ids;
}

/** Every object version key and id in a bucket (records: to prove nothing was written). */
export async function allVersions(s3: S3Client, bucket: string): Promise<string[]> {
  const out = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  return (out.Versions ?? []).map((v) => `${v.Key}@${v.VersionId}`).sort();
}

/** Keys a listing must give back byte for byte: XML would change `\r`; `+`, `%` and spaces trip decoders; 1,024 bytes is S3's limit. */
export const HOSTILE_KEYS = [
  'exports/evil\r.csv',
  'exports/tab\there.csv',
  'exports/two  spaces .csv',
  'exports/plus+sign.csv',
  'exports/per%25cent%2F.csv',
  'exports/emoji 🔥😀.csv',
  `exports/${'k'.repeat(1024 - 'exports/'.length)}`,
  `exports/${'😀'.repeat((1024 - 'exports/'.length) / 4)}`,
] as const;
