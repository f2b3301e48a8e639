/**
 * Every IAM action list of the stack, in one file so a reviewer audits them in one place. No list
 * contains a wildcard. CDK `grant*()` helpers are not used for the vault: `grantPut()` alone also
 * grants tagging, retention and legal-hold changes.
 */

/** Writer: upload backups. No read, delete, retag, retention or legal-hold action. */
export const WRITER_S3_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'] as const;
/** Writer: SSE-KMS uploads (Decrypt is needed to complete multipart uploads, only via S3). */
export const WRITER_KMS_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * Scanner: read object versions and their tags. Every read names a version (ObjectVersionRef), so
 * the unversioned actions are not granted (the permission contract test found them unused).
 */
export const SCANNER_READ_ACTIONS = ['s3:GetObjectVersion', 's3:GetObjectVersionTagging'] as const;
/** Scanner and shredder: list the vault bucket and its versions. */
export const LIST_VERSIONS_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions'] as const;
/** Scanner: write classification tags (tags are not object data; locked versions may be tagged). */
export const SCANNER_TAG_ACTIONS = ['s3:PutObjectVersionTagging'] as const;
/** Scanner: decrypt vault objects it reads (only via S3). */
export const SCANNER_KMS_ACTIONS = ['kms:Decrypt'] as const;

/**
 * Shredder: key life-cycle of vault keys, only on keys tagged for this vault. CancelKeyDeletion:
 * a key pending deletion whose data must now be kept is cancelled (lambdas/shredder/cancel.ts).
 */
export const SHREDDER_KMS_ACTIONS = ['kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'] as const;
/** Shredder: read the vault bucket's default encryption (a plan refuses the current default key). */
export const SHREDDER_BUCKET_ACTIONS = ['s3:GetEncryptionConfiguration'] as const;
/** Shredder: read retention and legal holds of versions (not their data). */
export const SHREDDER_S3_ACTIONS = ['s3:GetObjectRetention', 's3:GetObjectLegalHold'] as const;
/**
 * Shredder: HeadObject of a version (its KMS key, lock and size). S3 authorizes a HEAD with a
 * version id as s3:GetObjectVersion; the shredder holds no kms:Decrypt, so it cannot read the data.
 */
export const SHREDDER_HEAD_ACTIONS = ['s3:GetObjectVersion'] as const;
/**
 * Shredder: list the inventory bucket, to find the newest delivery of the vault's S3 Inventory
 * (ListObjectsV2 with a delimiter). Not narrowed by s3:prefix: S3 checks s3:ListBucket without
 * that key when it decides whether a GetObject of a missing key answers 404 or 403, and the reader
 * skips a delivery whose manifest.json is not written yet only on a 404. Inventory report keys
 * hold dates, bucket names and UUIDs, never object keys.
 */
export const SHREDDER_INVENTORY_LIST_ACTIONS = ['s3:ListBucket'] as const;
/** Shredder: read the manifest, its checksum and the data files of the vault's S3 Inventory. */
export const SHREDDER_INVENTORY_READ_ACTIONS = ['s3:GetObject'] as const;
/** Shredder: decrypt the inventory reports (the inventory bucket's key is the audit key), only via S3. */
export const SHREDDER_INVENTORY_KMS_ACTIONS = ['kms:Decrypt'] as const;
/** Shredder and rotator: read the tags of vault keys (epoch, shred-not-before, approval). */
export const KEY_TAG_READ_ACTIONS = ['kms:ListResourceTags'] as const;
/** Shredder and rotator: list aliases. KMS supports no resource for it, so its Resource is "*". */
export const LIST_ALIASES_ACTIONS = ['kms:ListAliases'] as const;

/** Rotator: keys of later epochs are created with the vault tags (Resource "*": CreateKey has none). */
export const ROTATOR_CREATE_KEY_ACTIONS = ['kms:CreateKey'] as const;
/**
 * Rotator: tag a key while creating it. KMS authorizes the Tags of CreateKey as kms:TagResource on
 * every key of the account; the statement is limited to keys without the vault tag and to the
 * epoch tags, so the rotator can neither retag a vault key nor set approval tags.
 */
export const ROTATOR_TAG_ON_CREATE_ACTIONS = ['kms:TagResource'] as const;
/** Rotator: on vault-tagged keys, read them and their policy (the frame of the next key), alias them, turn on rotation. */
export const ROTATOR_KEY_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:CreateAlias',
  'kms:EnableKeyRotation',
] as const;
/** Rotator: the alias side of CreateAlias, on the vault's epoch alias prefix only. */
export const ROTATOR_ALIAS_ACTIONS = ['kms:CreateAlias'] as const;
/** Rotator: find a key a crashed run created but did not alias. KMS supports no resource for it. */
export const LIST_KEYS_ACTIONS = ['kms:ListKeys'] as const;
/** Rotator: read and point the vault bucket's default encryption at the current epoch key. */
export const ROTATOR_BUCKET_ACTIONS = ['s3:GetEncryptionConfiguration', 's3:PutEncryptionConfiguration'] as const;

/** Sealer: place and lift legal holds on vault versions, and read them first. */
export const SEALER_HOLD_ACTIONS = ['s3:GetObjectLegalHold', 's3:PutObjectLegalHold'] as const;
/** Sealer: read sealed versions by version id, to count the people affected (decrypting only via S3). */
export const SEALER_READ_ACTIONS = ['s3:GetObjectVersion'] as const;
/** Sealer: decrypt the versions it rescans (only via S3). */
export const SEALER_KMS_ACTIONS = ['kms:Decrypt'] as const;
/**
 * Sealer: on vault-tagged keys only, read a key's state and cancel its deletion when a sealed
 * version is under it (lambdas/seal/pending-keys.ts; the tags are read with KEY_TAG_READ_ACTIONS).
 */
export const SEALER_CANCEL_KEY_ACTIONS = ['kms:DescribeKey', 'kms:CancelKeyDeletion'] as const;
/** Sealer: read a pending key's destruction certificate, to write its cancellation record beside it. */
export const SEALER_CERTIFICATE_READ_ACTIONS = ['s3:GetObject'] as const;

/** Runtime roles: read their own records (state, ledger, certificates), the current version. */
export const RECORD_READ_ACTIONS = ['s3:GetObject'] as const;
/** Sealer: read incident records, and the manifest version a seal record pins. */
export const INCIDENT_RECORD_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const;
/**
 * Runtime roles: list the records bucket. Without it S3 answers 403 instead of 404 for a record
 * that does not exist yet. Record keys hold dates, ids and vault names, never object keys.
 */
export const RECORD_LIST_ACTIONS = ['s3:ListBucket'] as const;

/** Every Lambda: write its own log group. */
export const FUNCTION_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;
/** Every Lambda and the state machine: X-Ray traces. X-Ray supports no resource, so its Resource is "*". */
export const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] as const;
/** Every Lambda: send a failed asynchronous event to the runtime dead-letter queue. */
export const DLQ_SEND_ACTIONS = ['sqs:SendMessage'] as const;
/** Every Lambda: encrypt messages of the runtime queues (only via SQS). */
export const QUEUE_KEY_ENCRYPT_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;
/** Scanner: consume the scan queue (what the SQS event source mapping does with the function's role). */
export const QUEUE_CONSUME_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
] as const;
/** Scanner: decrypt messages of the scan queue (only via SQS). */
export const QUEUE_KEY_DECRYPT_ACTIONS = ['kms:Decrypt'] as const;
/** EventBridge: put "Object Created" events into the KMS-encrypted scan queue. */
export const EVENTS_QUEUE_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** Inventory scan state machine: read the S3 Inventory manifest and its data files. */
export const INVENTORY_READ_ACTIONS = ['s3:GetObject'] as const;
/** Inventory scan state machine: write the Map Run results (ResultWriter) under reports/. */
export const MAP_RESULT_WRITE_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'] as const;
/** Inventory scan state machine: invoke the inventory scanner. */
export const INVOKE_ACTIONS = ['lambda:InvokeFunction'] as const;
/** Inventory scan state machine: run its Distributed Map's child executions. */
export const MAP_START_ACTIONS = ['states:StartExecution'] as const;
/** Inventory scan state machine: watch and stop its child executions. */
export const MAP_CHILD_ACTIONS = ['states:DescribeExecution', 'states:StopExecution'] as const;
/** Inventory scan state machine: redrive a Map Run. */
export const MAP_REDRIVE_ACTIONS = ['states:RedriveExecution'] as const;
/**
 * Inventory scan state machine: deliver its execution logs (CloudWatch Logs vended delivery).
 * These actions support no resource, so their Resource is "*".
 */
export const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
] as const;

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
/** Auditor: state and dates of vault keys for `shredlock evidence export`; no use of the key. */
export const AUDITOR_VAULT_KEY_ACTIONS = ['kms:DescribeKey'] as const;
/** Auditor: the trail's digest public keys (validation). CloudTrail supports no resource for it: "*". */
export const AUDITOR_TRAIL_KEY_ACTIONS = ['cloudtrail:ListPublicKeys'] as const;

/**
 * Checker: read the configuration of the vault's buckets (versioning, Object Lock, default
 * encryption, public access block, policy); none of these returns object data.
 */
export const CHECKER_BUCKET_ACTIONS = [
  's3:GetBucketVersioning',
  's3:GetBucketObjectLockConfiguration',
  's3:GetEncryptionConfiguration',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketPolicy',
] as const;
/** Checker: trail status and configuration (the auditor's trail reads). */
export const CHECKER_TRAIL_ACTIONS = AUDITOR_TRAIL_ACTIONS;
/** Checker: state, rotation and tags of vault keys (lambdas/check/read.ts readKey). */
export const CHECKER_VAULT_KEY_ACTIONS = ['kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'] as const;
/** Checker: state and rotation of the audit key (read without its tags). */
export const CHECKER_AUDIT_KEY_ACTIONS = ['kms:DescribeKey', 'kms:GetKeyRotationStatus'] as const;
/** Checker: encrypt the drift notice for the audit-key-encrypted topic (only via SNS). */
export const NOTIFY_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * CloudWatch: publish an alarm to the audit-key-encrypted topic. SNS asks KMS for a data key on
 * the alarm's behalf; the audit key allows it for the named alarms only.
 */
export const ALARM_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;
/** CloudWatch: publish an alarm to the notification topic (its topic policy names the alarm). */
export const ALARM_PUBLISH_ACTIONS = ['sns:Publish'] as const;

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
/** A delete without a version id: it adds a delete marker; the records and trail policies deny it to everyone. */
export const DELETE_MARKER_ACTIONS = ['s3:DeleteObject'] as const;
/**
 * Reads of vault data; the vault policy allows them to the scanner, the sealer, break-glass, Macie
 * and (for HeadObject; it cannot decrypt) the shredder only.
 */
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
/** Retention changes; the vault policy allows them to break-glass only. */
export const RETENTION_CHANGE_ACTIONS = ['s3:PutObjectRetention'] as const;
/** Legal-hold changes; the vault policy allows them to break-glass and the sealer only. */
export const LEGAL_HOLD_CHANGE_ACTIONS = ['s3:PutObjectLegalHold'] as const;

/* Macie integration (lib/macie.ts). */

/** Job custom resource: create, read and cancel jobs; tagging a job at creation needs TagResource. */
export const MACIE_JOB_ACTIONS = [
  'macie2:CreateClassificationJob',
  'macie2:DescribeClassificationJob',
  'macie2:UpdateClassificationJob',
  'macie2:TagResource',
] as const;
/** Findings Lambda: read the tags of object versions (never their data). */
export const MACIE_TAG_READ_ACTIONS = ['s3:GetObjectVersionTagging'] as const;
/** Findings Lambda: replace the tags of object versions (the scanner's tag actions). */
export const MACIE_TAG_WRITE_ACTIONS = SCANNER_TAG_ACTIONS;
/** Findings Lambda: consume its queue (what an SQS event source mapping needs). */
export const MACIE_QUEUE_CONSUME_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
] as const;
/** Findings Lambda: read messages of a KMS-encrypted queue (through SQS only). */
export const MACIE_QUEUE_DECRYPT_ACTIONS = ['kms:Decrypt'] as const;
/** EventBridge: write to a KMS-encrypted queue (findings and their dead letters). */
export const MACIE_EVENTS_QUEUE_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;
/** Both Lambdas: write their own log group. */
export const MACIE_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/* Key and bucket policies: what services and the policies' own statements name. */

/** CloudTrail: encrypt log files with the audit key. */
export const CLOUDTRAIL_KEY_ENCRYPT_ACTIONS = ['kms:GenerateDataKey'] as const;
/** CloudTrail: check the audit key when the trail is created or updated. */
export const CLOUDTRAIL_KEY_DESCRIBE_ACTIONS = ['kms:DescribeKey'] as const;
/** CloudWatch Logs: encrypt the vault's log groups with the audit key. */
export const LOGS_KEY_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:DescribeKey',
] as const;
/** S3 Inventory: encrypt the inventory reports with the audit key. */
export const INVENTORY_KEY_ENCRYPT_ACTIONS = ['kms:GenerateDataKey'] as const;
/**
 * Epoch key policy: setting an approval tag (TAG_APPROVED_PATTERN) is denied unless
 * `shredlock:approved-by` is the caller's own `aws:PrincipalArn`: an approval can be given only in
 * one's own name. UntagResource is not guarded: removing an approval can only stop a shred.
 */
export const APPROVAL_TAG_ACTIONS = ['kms:TagResource'] as const;
/** Sid of that statement in the epoch key policy. */
export const APPROVAL_TAGS_SID = 'DenyApprovalTagsExceptInOwnName';
/** The one action that destroys a vault key; its key policy denies it to all but the shredder. */
export const KEY_DELETION_ACTIONS = ['kms:ScheduleKeyDeletion'] as const;
/** Macie's service-linked role: decrypt vault objects it classifies (named in the key policy). */
export const MACIE_KEY_DECRYPT_ACTIONS = ['kms:Decrypt'] as const;
/** Uploads: what the bucket policies' encryption rules deny. */
export const UPLOAD_ACTIONS = ['s3:PutObject'] as const;
/** EventBridge: deliver "Object Created" events to the scan queue. */
export const EVENTS_QUEUE_SEND_ACTIONS = ['sqs:SendMessage'] as const;
