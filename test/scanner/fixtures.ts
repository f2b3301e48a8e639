/**
 * Shared fixtures of the scanner tests: object-locked vaults on moto, synthetic content (generated
 * identifiers with correct checksums, never real people), and S3 EventBridge events in SQS records.
 */
import {
  CreateBucketCommand,
  S3ServiceException,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectLockConfigurationCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { mobile, residentId } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';
import type { S3Tag } from '../../lambdas/aws/object-tags.js';

/** KMS key id of the test vaults' default encryption (moto accepts any key id). */
export const VAULT_DEFAULT_KEY = 'alias/test-vault';

/**
 * Creates a versioned, object-lock-enabled bucket with a default retention and, as a vault has,
 * a default SSE-KMS key: uploads name no key (the vault policy refuses encryption headers).
 */
export async function createVault(
  s3: S3Client,
  bucket: string,
  mode: 'COMPLIANCE' | 'GOVERNANCE' = 'COMPLIANCE',
): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: bucket,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: mode, Days: 1 } } },
    }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: VAULT_DEFAULT_KEY }, BucketKeyEnabled: true }] },
    }),
  );
}

/** A plain (unlocked) bucket, e.g. for reports. */
export async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** Uploads one version as a vault writer must, without encryption headers (the bucket default applies); returns its version id. */
export async function putVersion(s3: S3Client, bucket: string, key: string, body: string | Uint8Array): Promise<string> {
  const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  if (!out.VersionId) throw new Error('bucket is not versioned');
  return out.VersionId;
}

/** The tags of one version. */
export async function tagsOf(s3: S3Client, bucket: string, key: string, versionId: string): Promise<Record<string, string>> {
  const out = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

/** Sets the tags of one version (another system's tags). */
export async function setTags(s3: S3Client, bucket: string, key: string, versionId: string, tags: readonly S3Tag[]): Promise<void> {
  await s3.send(
    new PutObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId, Tagging: { TagSet: [...tags] } }),
  );
}

/** The bytes of one version. */
export async function bodyOf(s3: S3Client, bucket: string, key: string, versionId: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}

/**
 * Makes `s3` refuse one command for one version id with an S3 error (`AccessDenied` 403, `SlowDown`
 * 503...), the way S3 would, before the request leaves the client. The message names the key, as
 * real access-denied messages do, so tests can check it never spreads.
 */
export function refuseVersion(
  s3: S3Client,
  refusal: { commandName: string; versionId: string; name: string; status: number; key: string },
): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === refusal.commandName && (args.input as { VersionId?: string }).VersionId === refusal.versionId) {
        throw new S3ServiceException({
          name: refusal.name,
          $fault: refusal.status >= 500 ? 'server' : 'client',
          $metadata: { httpStatusCode: refusal.status },
          message: `refused arn:aws:s3:::bucket/${refusal.key}`,
        });
      }
      return next(args);
    },
    { step: 'initialize', name: `refuse-${refusal.commandName}-${refusal.versionId}` },
  );
}

/** `n` foreign tags `team:0`.. */
export function foreignTags(n: number): S3Tag[] {
  return Array.from({ length: n }, (_, i) => ({ Key: `team:${i}`, Value: `v${i}` }));
}

/** Synthetic personal data: a CSV of generated resident IDs and mobiles; `values` lists them. */
export function customerCsv(seed: string, rows = 3): { csv: string; values: string[] } {
  const rng = new Rng(seed);
  const values: string[] = [];
  const lines = ['id,resident_id,mobile'];
  for (let i = 0; i < rows; i++) {
    const id = residentId(rng);
    const phone = mobile(rng);
    values.push(id, phone);
    lines.push(`${i + 1},${id},${phone}`);
  }
  return { csv: `${lines.join('\n')}\n`, values };
}

/** Text with no personal data. */
export const PUBLIC_TEXT = 'Quarterly totals: 42 widgets, 7 gadgets. Nothing personal here.\n';

/** A zip local-file header followed by garbage: a corrupt archive. */
export const CORRUPT_ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]);

let messages = 0;

/** An SQS record whose body is an EventBridge S3 event. `key` goes in as given (encode it yourself). */
export function s3EventRecord(event: {
  bucket: string;
  key: string;
  versionId?: string;
  detailType?: string;
  source?: string;
}): SQSRecord {
  const messageId = `msg-${++messages}`;
  const body = {
    version: '0',
    id: `event-${messages}`,
    'detail-type': event.detailType ?? 'Object Created',
    source: event.source ?? 'aws.s3',
    account: '123456789012',
    time: '2026-11-27T00:00:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${event.bucket}`],
    detail: {
      version: '0',
      bucket: { name: event.bucket },
      object: { key: event.key, size: 1, etag: 'etag', ...(event.versionId ? { 'version-id': event.versionId } : {}), sequencer: '01' },
      'request-id': 'REQ',
      requester: '123456789012',
      'source-ip-address': '192.0.2.1',
      reason: 'PutObject',
    },
  };
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1',
      SenderId: 'AIDA',
      ApproximateFirstReceiveTimestamp: '1',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:scanner',
    awsRegion: 'us-east-1',
  };
}

/** A Lambda context good enough for Powertools. */
export function lambdaContext(remainingMs = 60_000) {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'scanner',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:scanner',
    memoryLimitInMB: '1024',
    awsRequestId: 'request-1',
    logGroupName: '/aws/lambda/scanner',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
