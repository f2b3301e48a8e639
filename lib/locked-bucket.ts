/**
 * LockedBucket: the one recipe of an Object-Locked ShredLock bucket (vault, records, trail):
 * hardened settings, Object Lock default retention, SSE-KMS with a bucket key, server access logs,
 * the locked lifecycle, EventBridge events, and the bucket policy contract/bucket-policy.ts
 * describes for its kind. An s3.Bucket itself, so construct ids (and logical ids) stay those of
 * a plain bucket.
 */
import { Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { customerKeysSid, exemptArns, keyIdSid, type BucketStatement, type ExemptArns } from '../contract/bucket-policy.js';
import {
  denyExcept,
  denyOverwrites,
  denyUploadsNamingEncryption,
  denyUploadsNotSseKms,
  enableEventBridge,
  HARDENED_BUCKET_PROPS,
  lockedLifecycleRules,
  objectLockProps,
  type LockSettings,
} from './hardened-bucket.js';

/** Props of LockedBucket. */
export interface LockedBucketProps {
  /** Bucket name. */
  readonly bucketName: string;
  /** Object Lock default retention. */
  readonly lock: LockSettings;
  /** SSE-KMS key of the bucket. */
  readonly encryptionKey: kms.IKey;
  /** Server access log target. */
  readonly accessLogsBucket: s3.IBucket;
  /** Prefix of this bucket's access logs in the target, ending in "/". */
  readonly accessLogsPrefix: string;
  /** The bucket policy's statements, in order (BUCKET_POLICIES of contract/bucket-policy.ts). */
  readonly policy: readonly BucketStatement[];
  /** ARNs of the principals the statements exempt; an absent one is exempted nowhere. @default - none */
  readonly exempt?: ExemptArns;
  /** S3 Inventory configurations. @default - none */
  readonly inventories?: s3.Inventory[];
}

/** An Object-Locked, SSE-KMS, versioned bucket with its policy. */
export class LockedBucket extends s3.Bucket {
  constructor(scope: Construct, id: string, props: LockedBucketProps) {
    super(scope, id, {
      ...HARDENED_BUCKET_PROPS,
      ...objectLockProps(props.lock),
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: props.accessLogsPrefix,
      lifecycleRules: lockedLifecycleRules(props.lock.days),
      ...(props.inventories ? { inventories: props.inventories } : {}),
    });
    enableEventBridge(this);
    for (const statement of props.policy) this.addStatement(statement, props);
  }

  private addStatement(statement: BucketStatement, props: LockedBucketProps): void {
    const objects = this.arnForObjects('*');
    switch (statement.kind) {
      case 'deny-except':
        denyExcept(this, statement.sid, statement.actions, exemptArns(statement.exempt, props.exempt ?? {}));
        return;
      case 'deny-uploads-not-sse-kms': {
        // Digest files (AWSLogs/<account>/CloudTrail-Digest/) are always SSE-S3 and stay outside
        // the log-file rule, or log-file validation would break.
        const resources =
          statement.objects === 'all' ? [objects] : [this.arnForObjects(`AWSLogs/${Stack.of(this).account}/CloudTrail/*`)];
        denyUploadsNotSseKms(this, statement.sid, customerKeysSid(statement.sid), resources);
        return;
      }
      case 'deny-uploads-naming-encryption':
        denyUploadsNamingEncryption(this, { header: statement.sid, keyId: keyIdSid(statement.sid), customerKeys: customerKeysSid(statement.sid) }, [objects]);
        return;
      case 'deny-overwrites':
        denyOverwrites(this, statement.sid, statement.objects.map((pattern) => this.arnForObjects(pattern)));
        return;
    }
  }
}
