/**
 * Records: scan reports (`reports/`) and destruction certificates (`certificates/`). Locked and
 * encrypted with the audit key, so the proof of destruction outlives the destroyed data's key.
 */
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BUCKET_POLICIES } from '../contract/bucket-policy.js';
import type { LockSettings } from './hardened-bucket.js';
import { LockedBucket } from './locked-bucket.js';
import { bucketName, RECORD_PREFIXES } from './naming.js';

/** Props of RecordsBucket. */
export interface RecordsBucketProps {
  /** Vault name; the bucket name derives from it. */
  readonly vaultName: string;
  /** Object Lock default retention of records. */
  readonly lock: LockSettings;
  /** SSE-KMS key (the audit key). */
  readonly encryptionKey: kms.IKey;
  /** Server access log target. */
  readonly accessLogsBucket: s3.IBucket;
  /** Only principal that may bypass GOVERNANCE retention. @default - nobody */
  readonly breakGlassRoleArn?: string;
  /** Bucket name. @default `<vault>-records-<account>-<region>` */
  readonly bucketName?: string;
}

/** The records bucket. */
export class RecordsBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** ARN pattern of scan reports. */
  public readonly reportsArn: string;
  /** ARN pattern of destruction certificates. */
  public readonly certificatesArn: string;

  constructor(scope: Construct, id: string, props: RecordsBucketProps) {
    super(scope, id);
    this.bucket = new LockedBucket(this, 'Bucket', {
      bucketName: props.bucketName ?? bucketName(Stack.of(this), props.vaultName, 'records'),
      lock: props.lock,
      encryptionKey: props.encryptionKey,
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'records/',
      policy: BUCKET_POLICIES.records,
      exempt: { 'break-glass': props.breakGlassRoleArn },
    });
    this.reportsArn = this.bucket.arnForObjects(`${RECORD_PREFIXES.reports}*`);
    this.certificatesArn = this.bucket.arnForObjects(`${RECORD_PREFIXES.certificates}*`);
  }
}
