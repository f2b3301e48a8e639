/**
 * The settings every ShredLock bucket shares, and the bucket-policy statement shapes that guard
 * locked buckets. LockedBucket (lib/locked-bucket.ts) composes them, so vault, records and trail
 * buckets cannot drift apart.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { UPLOAD_ACTIONS } from '../contract/permissions.js';

/** Object Lock default retention. */
export interface LockSettings {
  /** COMPLIANCE can never be shortened; GOVERNANCE can, with s3:BypassGovernanceRetention. */
  readonly mode: 'COMPLIANCE' | 'GOVERNANCE';
  /** Default retention of every new object version, in days. */
  readonly days: number;
}

/** Block public access, TLS 1.2+ only, versioned, owner-enforced, no SSE-C, retained on stack deletion. */
export const HARDENED_BUCKET_PROPS = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  blockedEncryptionTypes: [s3.BlockedEncryptionType.SSE_C],
  removalPolicy: RemovalPolicy.RETAIN,
} as const satisfies s3.BucketProps;

/** Object Lock props for a bucket: enabled, with the given default retention. */
export function objectLockProps(lock: LockSettings): Pick<s3.BucketProps, 'objectLockEnabled' | 'objectLockDefaultRetention'> {
  const duration = Duration.days(lock.days);
  return {
    objectLockEnabled: true,
    objectLockDefaultRetention:
      lock.mode === 'COMPLIANCE'
        ? s3.ObjectLockRetention.compliance(duration)
        : s3.ObjectLockRetention.governance(duration),
  };
}

/**
 * Lifecycle of a locked bucket: non-current versions expire only a day after their retention ended
 * (S3 refuses earlier deletes anyway), orphaned delete markers are removed, incomplete multipart
 * uploads are aborted after a week.
 */
export function lockedLifecycleRules(retentionDays: number): s3.LifecycleRule[] {
  return [
    {
      id: 'expire-noncurrent-after-retention',
      noncurrentVersionExpiration: Duration.days(retentionDays + 1),
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    },
    { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
  ];
}

/** Deny the actions to every principal whose ARN is not in `allowed` (to everyone when it is empty). */
export function denyExcept(
  bucket: s3.IBucket,
  sid: string,
  actions: readonly string[],
  allowed: readonly string[],
  resources: readonly string[] = [bucket.arnForObjects('*')],
): void {
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...actions],
      resources: [...resources],
      ...(allowed.length > 0 ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': [...allowed] } } } : {}),
    }),
  );
}

/**
 * Send the bucket's events to EventBridge through the CloudFormation property itself. The L2
 * `eventBridgeEnabled` prop deploys a Lambda-backed custom resource instead, which this stack
 * avoids (no Lambda, no asset, no extra role).
 */
export function enableEventBridge(bucket: s3.Bucket): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket;
  cfn.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}

/** Deny uploads to `resources` to everyone when all `conditions` hold. */
function denyUploads(bucket: s3.IBucket, sid: string, resources: readonly string[], conditions: Record<string, Record<string, string>>): void {
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...UPLOAD_ACTIONS],
      resources: [...resources],
      conditions,
    }),
  );
}

/** Condition: the request carries a customer-provided key (SSE-C has no x-amz-server-side-encryption header). */
const NAMES_CUSTOMER_KEY = { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' } };

/**
 * Deny uploads to `resources` that name an encryption other than SSE-KMS, or a customer-provided
 * key (SSE-C, which carries no x-amz-server-side-encryption header). Requests without the
 * header are not refused: they get the bucket's default SSE-KMS key, and UploadPart requests of
 * multipart uploads never carry it. (A negated operator, with or without IfExists, also matches
 * when the key is absent; the Null condition limits the statement to requests that name one.)
 */
export function denyUploadsNotSseKms(bucket: s3.IBucket, sid: string, customerKeysSid: string, resources: readonly string[]): void {
  denyUploads(bucket, sid, resources, {
    Null: { 's3:x-amz-server-side-encryption': 'false' },
    StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
  });
  denyUploads(bucket, customerKeysSid, resources, NAMES_CUSTOMER_KEY);
}

/**
 * Deny uploads to `resources` that carry any encryption header: the algorithm (`sid`), a KMS key
 * id (`keyIdSid`) or a customer-provided key (`customerKeysSid`). Three statements, because the
 * conditions of one statement must all hold. What is left is an upload without encryption
 * headers, which gets the bucket's default key (contract/bucket-policy.ts says why).
 */
export function denyUploadsNamingEncryption(
  bucket: s3.IBucket,
  sids: { readonly header: string; readonly keyId: string; readonly customerKeys: string },
  resources: readonly string[],
): void {
  denyUploads(bucket, sids.header, resources, { Null: { 's3:x-amz-server-side-encryption': 'false' } });
  denyUploads(bucket, sids.keyId, resources, { Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' } });
  denyUploads(bucket, sids.customerKeys, resources, NAMES_CUSTOMER_KEY);
}

/** Deny uploads to `resources` without an `If-None-Match` header: no version is ever written over another. */
export function denyOverwrites(bucket: s3.IBucket, sid: string, resources: readonly string[]): void {
  denyUploads(bucket, sid, resources, { Null: { 's3:if-none-match': 'true' } });
}
