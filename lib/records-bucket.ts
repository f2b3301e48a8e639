/**
 * Records: scan reports (`reports/`) and destruction certificates (`certificates/`). Locked and
 * encrypted with the audit key, so the proof of destruction outlives the destroyed data's key.
 */
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  denyExcept,
  denyGovernanceBypass,
  denyUploadsNotSseKms,
  enableEventBridge,
  HARDENED_BUCKET_PROPS,
  lockedLifecycleRules,
  objectLockProps,
  type LockSettings,
} from './hardened-bucket.js';
import { bucketName, RECORD_PREFIXES } from './naming.js';
import { VERSION_DELETE_ACTIONS } from './permissions.js';

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
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...HARDENED_BUCKET_PROPS,
      ...objectLockProps(props.lock),
      bucketName: props.bucketName ?? bucketName(Stack.of(this), props.vaultName, 'records'),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'records/',
      lifecycleRules: lockedLifecycleRules(props.lock.days),
    });
    enableEventBridge(this.bucket);
    this.reportsArn = this.bucket.arnForObjects(`${RECORD_PREFIXES.reports}*`);
    this.certificatesArn = this.bucket.arnForObjects(`${RECORD_PREFIXES.certificates}*`);
    denyGovernanceBypass(this.bucket, props.breakGlassRoleArn);
    // Records are evidence: no principal deletes a version, ever (lifecycle expiry still applies).
    denyExcept(this.bucket, 'DenyVersionDeletes', VERSION_DELETE_ACTIONS, []);
    denyUploadsNotSseKms(this.bucket, 'DenyUploadsNotSseKms', [this.bucket.arnForObjects('*')]);
  }
}
