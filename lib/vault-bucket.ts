/**
 * The backup vault: a versioned, Object-Locked, SSE-KMS bucket (a LockedBucket) whose policy refuses
 * anything the vault's roles are not there to do, plus its server-access-log bucket and inventory
 * bucket.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ConstructPropsError } from './errors.js';
import { BUCKET_POLICIES } from '../contract/bucket-policy.js';
import { enableEventBridge, HARDENED_BUCKET_PROPS, type LockSettings } from './hardened-bucket.js';
import { LockedBucket } from './locked-bucket.js';
import { bucketName, INVENTORY_CONFIG_ID as INVENTORY_ID, INVENTORY_PREFIX } from './naming.js';

/** Fields of the daily S3 Inventory: enough to prove lock and encryption of every version. */
export const INVENTORY_FIELDS = [
  'Size',
  'LastModifiedDate',
  'ETag',
  'StorageClass',
  'IsMultipartUploaded',
  'EncryptionStatus',
  'BucketKeyStatus',
  'ObjectLockMode',
  'ObjectLockRetainUntilDate',
  'ObjectLockLegalHoldStatus',
  'ChecksumAlgorithm',
] as const;

/**
 * Id of the vault's S3 Inventory configuration (part of every inventory report key) and its
 * destination prefix in the inventory bucket: defined once in contract/naming.ts, which the
 * shredder reads them from.
 */
export { INVENTORY_ID, INVENTORY_PREFIX };

/** Role ARNs the vault policy names. ARNs may be tokens. */
export interface VaultPrincipals {
  /** The only principal allowed to delete object versions. */
  readonly shredderRoleArn: string;
  /** Reads data and writes tags. */
  readonly scannerRoleArn: string;
  /**
   * Places and lifts legal holds (incident seals) and reads sealed versions. The shredder may read
   * too: it heads versions (s3:GetObjectVersion) but holds no kms:Decrypt. @default - no sealer
   */
  readonly sealerRoleArn?: string;
  /** The only principal allowed to bypass GOVERNANCE retention or change retention and legal holds. @default - nobody */
  readonly breakGlassRoleArn?: string;
  /** Macie's service-linked role, allowed to read data for classification. @default - Macie may not read */
  readonly macieServiceLinkedRoleArn?: string;
  /** The Macie findings Lambda's tag-only role, allowed to change tags. @default - only the scanner may */
  readonly macieFindingsRoleArn?: string;
}

/** Props of BackupVault. */
export interface BackupVaultProps extends VaultPrincipals {
  /** Vault name; bucket names derive from it. */
  readonly vaultName: string;
  /** Object Lock default retention of backups. */
  readonly lock: LockSettings;
  /** Default SSE-KMS key of the bucket (the current epoch key). */
  readonly encryptionKey: kms.IKey;
  /** Bucket name. @default `<vault>-vault-<account>-<region>` */
  readonly bucketName?: string;
  /** Server access log target (must be SSE-S3 and have no default retention). @default - a new bucket */
  readonly accessLogsBucket?: s3.IBucket;
  /** Days to keep server access logs in the created log bucket. @default 3650 */
  readonly accessLogRetentionDays?: number;
  /** Destination of the daily S3 Inventory. @default - a new bucket encrypted with inventoryEncryptionKey */
  readonly inventoryBucket?: s3.IBucket;
  /** Key of the created inventory bucket. Required unless inventoryBucket is given. */
  readonly inventoryEncryptionKey?: kms.IKey;
  /** Days to keep inventory reports in the created inventory bucket. @default 400 */
  readonly inventoryRetentionDays?: number;
}

/** The vault bucket with its access-log and inventory buckets. */
export class BackupVault extends Construct {
  /** The Object-Locked vault bucket. */
  public readonly bucket: s3.Bucket;
  /** Server access log bucket (not locked: S3 refuses log delivery to buckets with default retention). */
  public readonly accessLogsBucket: s3.IBucket;
  /** Daily inventory destination. */
  public readonly inventoryBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!props.inventoryBucket && !props.inventoryEncryptionKey)
      problems.push('inventoryEncryptionKey is required when inventoryBucket is not given');
    if (!Number.isInteger(props.lock.days) || props.lock.days < 1)
      problems.push(`lock.days ${props.lock.days} must be a whole number of at least 1`);
    if (problems.length > 0) throw new ConstructPropsError('BackupVault', problems);

    const stack = Stack.of(this);
    this.accessLogsBucket =
      props.accessLogsBucket ??
      withEventBridge(new s3.Bucket(this, 'AccessLogs', {
        ...HARDENED_BUCKET_PROPS,
        bucketName: bucketName(stack, props.vaultName, 'access-logs'),
        // S3 server access logging can only deliver to SSE-S3 buckets.
        encryption: s3.BucketEncryption.S3_MANAGED,
        lifecycleRules: [
          {
            id: 'expire-access-logs',
            expiration: Duration.days(props.accessLogRetentionDays ?? 3650),
            noncurrentVersionExpiration: Duration.days(1),
            abortIncompleteMultipartUploadAfter: Duration.days(7),
          },
        ],
      }));
    this.inventoryBucket =
      props.inventoryBucket ??
      withEventBridge(new s3.Bucket(this, 'Inventory', {
        ...HARDENED_BUCKET_PROPS,
        bucketName: bucketName(stack, props.vaultName, 'inventory'),
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: props.inventoryEncryptionKey,
        bucketKeyEnabled: true,
        serverAccessLogsBucket: this.accessLogsBucket,
        serverAccessLogsPrefix: 'inventory/',
        lifecycleRules: [
          {
            id: 'expire-inventory',
            expiration: Duration.days(props.inventoryRetentionDays ?? 400),
            noncurrentVersionExpiration: Duration.days(1),
          },
        ],
      }));

    this.bucket = new LockedBucket(this, 'Bucket', {
      bucketName: props.bucketName ?? bucketName(stack, props.vaultName, 'vault'),
      lock: props.lock,
      encryptionKey: props.encryptionKey,
      accessLogsBucket: this.accessLogsBucket,
      accessLogsPrefix: 'vault/',
      inventories: [
        {
          inventoryId: INVENTORY_ID,
          destination: { bucket: this.inventoryBucket, prefix: INVENTORY_PREFIX },
          frequency: s3.InventoryFrequency.DAILY,
          includeObjectVersions: s3.InventoryObjectVersion.ALL,
          format: s3.InventoryFormat.CSV,
          optionalFields: [...INVENTORY_FIELDS],
        },
      ],
      policy: BUCKET_POLICIES.vault,
      exempt: {
        shredder: props.shredderRoleArn,
        scanner: props.scannerRoleArn,
        sealer: props.sealerRoleArn,
        'break-glass': props.breakGlassRoleArn,
        macie: props.macieServiceLinkedRoleArn,
        'macie-findings': props.macieFindingsRoleArn,
      },
    });
  }
}

function withEventBridge(bucket: s3.Bucket): s3.Bucket {
  enableEventBridge(bucket);
  return bucket;
}
