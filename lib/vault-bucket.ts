/**
 * The backup vault: a versioned, Object-Locked, SSE-KMS bucket whose policy refuses anything the
 * vault's roles are not there to do, plus its server-access-log bucket and inventory bucket.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ConstructPropsError } from './errors.js';
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
import { bucketName, epochAliasPrefix, INVENTORY_CONFIG_ID as INVENTORY_ID, INVENTORY_PREFIX } from './naming.js';
import {
  DATA_READ_ACTIONS,
  LEGAL_HOLD_CHANGE_ACTIONS,
  RETENTION_CHANGE_ACTIONS,
  TAG_CHANGE_ACTIONS,
  VERSION_DELETE_ACTIONS,
} from './permissions.js';

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
 * destination prefix in the inventory bucket: defined once in lambdas/vault/naming.ts, which the
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
}

/** Props of BackupVault. */
export interface BackupVaultProps extends VaultPrincipals {
  /** Vault name; bucket names derive from it. */
  readonly vaultName: string;
  /** Object Lock default retention of backups. */
  readonly lock: LockSettings;
  /** Default SSE-KMS key of the bucket (the current epoch key). */
  readonly encryptionKey: kms.IKey;
  /** ARN of the default key, allowed in upload headers besides the epoch aliases. */
  readonly encryptionKeyArn: string;
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

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...HARDENED_BUCKET_PROPS,
      ...objectLockProps(props.lock),
      bucketName: props.bucketName ?? bucketName(stack, props.vaultName, 'vault'),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'vault/',
      lifecycleRules: lockedLifecycleRules(props.lock.days),
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
    });
    enableEventBridge(this.bucket);
    this.addVaultPolicy(props);
  }

  private addVaultPolicy(props: BackupVaultProps): void {
    const stack = Stack.of(this);
    const objects = this.bucket.arnForObjects('*');
    // Uploads without SSE headers get the bucket default (the current epoch key). Uploads that name
    // an encryption must name SSE-KMS, and a key that is the default key or an epoch alias.
    denyUploadsNotSseKms(this.bucket, 'DenyUploadsNotSseKms', [objects]);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUploadsWithOtherKeys',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [objects],
        conditions: {
          Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
          StringNotLike: {
            's3:x-amz-server-side-encryption-aws-kms-key-id': [
              props.encryptionKeyArn,
              `arn:${stack.partition}:kms:${stack.region}:${stack.account}:${epochAliasPrefix(props.vaultName)}*`,
            ],
          },
        },
      }),
    );
    denyGovernanceBypass(this.bucket, props.breakGlassRoleArn);
    denyExcept(this.bucket, 'DenyVersionDeletesExceptShredder', VERSION_DELETE_ACTIONS, [props.shredderRoleArn]);
    const defined = (...arns: (string | undefined)[]) => arns.filter((arn): arn is string => arn !== undefined);
    const readers = defined(
      props.scannerRoleArn,
      props.sealerRoleArn,
      props.shredderRoleArn,
      props.breakGlassRoleArn,
      props.macieServiceLinkedRoleArn,
    );
    denyExcept(this.bucket, 'DenyDataReadsExceptReaders', DATA_READ_ACTIONS, readers);
    denyExcept(this.bucket, 'DenyTagChangesExceptScanner', TAG_CHANGE_ACTIONS, [props.scannerRoleArn]);
    denyExcept(this.bucket, 'DenyRetentionChangesExceptBreakGlass', RETENTION_CHANGE_ACTIONS, defined(props.breakGlassRoleArn));
    denyExcept(
      this.bucket,
      'DenyLegalHoldChangesExceptSealerAndBreakGlass',
      LEGAL_HOLD_CHANGE_ACTIONS,
      defined(props.sealerRoleArn, props.breakGlassRoleArn),
    );
  }
}

function withEventBridge(bucket: s3.Bucket): s3.Bucket {
  enableEventBridge(bucket);
  return bucket;
}
