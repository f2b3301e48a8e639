/**
 * Every IAM action list of the stack, in one file so a reviewer audits them in one place. No list
 * contains a wildcard. CDK `grant*()` helpers are not used for the vault: `grantPut()` alone also
 * grants tagging, retention and legal-hold changes.
 */

/** Writer: upload backups. No read, delete, retag, retention or legal-hold action. */
export const WRITER_S3_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'] as const;
/** Writer: SSE-KMS uploads (Decrypt is needed to complete multipart uploads, only via S3). */
export const WRITER_KMS_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** Scanner: read object versions and their tags, list versions. */
export const SCANNER_READ_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectTagging',
  's3:GetObjectVersionTagging',
] as const;
/** Scanner and shredder: list the vault bucket and its versions. */
export const LIST_VERSIONS_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions'] as const;
/** Scanner: write classification tags (tags are not object data; locked versions may be tagged). */
export const SCANNER_TAG_ACTIONS = ['s3:PutObjectTagging', 's3:PutObjectVersionTagging'] as const;
/** Scanner: decrypt vault objects it reads (only via S3). */
export const SCANNER_KMS_ACTIONS = ['kms:Decrypt'] as const;

/** Shredder: key life-cycle of vault keys, only on keys tagged for this vault. */
export const SHREDDER_KMS_ACTIONS = ['kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion'] as const;
/** Shredder: read retention and legal holds of versions (not their data). */
export const SHREDDER_S3_ACTIONS = ['s3:GetObjectRetention', 's3:GetObjectLegalHold'] as const;

/** Scanner (reports) and shredder (certificates): write records, never overwrite retention. */
export const RECORD_WRITE_ACTIONS = ['s3:PutObject'] as const;
/** Encrypt with the audit key (records, SNS messages). */
export const AUDIT_KEY_ENCRYPT_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;
/** Publish to the notification topic. */
export const NOTIFY_ACTIONS = ['sns:Publish'] as const;

/** Auditor: read the trail files, reports, certificates and inventory. */
export const AUDITOR_S3_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucketVersions'] as const;
/** Auditor: read the trail's CloudWatch Logs. */
export const AUDITOR_LOGS_ACTIONS = ['logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:DescribeLogStreams'] as const;
/** Auditor: trail status and configuration. */
export const AUDITOR_TRAIL_ACTIONS = [
  'cloudtrail:GetTrail',
  'cloudtrail:GetTrailStatus',
  'cloudtrail:GetEventSelectors',
] as const;
/** Auditor: event history. CloudTrail supports no resource for it, so its Resource is "*". */
export const AUDITOR_LOOKUP_ACTIONS = ['cloudtrail:LookupEvents'] as const;
/** Auditor: decrypt the audit key (trail files, records, inventory), only via S3 or Logs. */
export const AUDITOR_KMS_ACTIONS = ['kms:Decrypt'] as const;

/** Break-glass: read, and change retention and legal holds in GOVERNANCE mode. Never delete. */
export const BREAK_GLASS_S3_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:GetObjectRetention',
  's3:GetObjectLegalHold',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:BypassGovernanceRetention',
] as const;
/** Break-glass: decrypt vault objects (restores), only via S3. */
export const BREAK_GLASS_KMS_ACTIONS = ['kms:Decrypt'] as const;

/** Key administration: manage, tag and recover a key; no use, no disable, no deletion. */
export const KEY_ADMIN_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:ListGrants',
  'kms:PutKeyPolicy',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:UpdateKeyDescription',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:RevokeGrant',
  'kms:CancelKeyDeletion',
] as const;

/** Object-version deletes; the vault policy allows them to the shredder only. */
export const VERSION_DELETE_ACTIONS = ['s3:DeleteObjectVersion'] as const;
/** Reads of vault data; the vault policy allows them to the scanner, break-glass and Macie only. */
export const DATA_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const;
/** The one action that shortens GOVERNANCE retention. */
export const BYPASS_GOVERNANCE_ACTIONS = ['s3:BypassGovernanceRetention'] as const;
/** Every change of object tags; the vault policy allows them to the scanner only. */
export const TAG_CHANGE_ACTIONS = [
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersionTagging',
] as const;
/** Retention and legal-hold changes; the vault policy allows them to break-glass only. */
export const RETENTION_CHANGE_ACTIONS = ['s3:PutObjectRetention', 's3:PutObjectLegalHold'] as const;
