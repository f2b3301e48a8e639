/**
 * The management events that undo the vault's protection, as data: lib/protection-alarms.ts makes
 * one EventBridge rule of each entry (CloudTrail's "AWS API Call via CloudTrail" events, sent to the
 * notification topic), and docs/deploy.md lists them in a table that test/docs.test.ts checks
 * against this list.
 *
 * | scope            | what the rule matches in `detail.requestParameters`                                 |
 * |------------------|--------------------------------------------------------------------------------------|
 * | `trail`          | `name` is the vault's trail (name or ARN)                                            |
 * | `account-keys`   | nothing: any key of the account and Region (vault keys are created at run time and   |
 * |                  | CloudTrail events carry no key tags)                                                 |
 * | `key-tags-set`   | `tags[].tagKey` starts with `shredlock:`                                             |
 * | `key-tags-unset` | `tagKeys[]` starts with `shredlock:`                                                 |
 * | `buckets`        | `bucketName` is one of the vault's buckets                                           |
 * | `functions`      | `functionName` is `<vault>-*` (name or ARN)                                          |
 * | `roles`          | `roleName` is `<vault>-*`                                                            |
 * | `break-glass`    | `roleArn` is the break-glass role (only when the stack has one)                      |
 */

/** The detail-type of CloudTrail management events in EventBridge. */
export const CLOUDTRAIL_API_CALL = 'AWS API Call via CloudTrail';

/** What a protection rule narrows its events to (see the table above). */
export type ProtectionScope = 'trail' | 'account-keys' | 'key-tags-set' | 'key-tags-unset' | 'buckets' | 'functions' | 'roles' | 'break-glass';

/** One EventBridge rule on management events that undo protection. */
export interface ProtectionEventRule {
  /** Rule id: the rule is named `<vault>-protect-<id>`. */
  readonly id: string;
  /** Event source in EventBridge (`aws.<service>`). */
  readonly source: string;
  /** `detail.eventSource` of the CloudTrail record. */
  readonly eventSource: string;
  /** `detail.eventName` values (IAM action names of the service). */
  readonly eventNames: readonly string[];
  /**
   * `prefix` where CloudTrail appends an API version to the name (Lambda records
   * `UpdateFunctionCode20150331v2`). @default exact
   */
  readonly eventNameMatch?: 'exact' | 'prefix';
  /** What the rule narrows the events to. */
  readonly scope: ProtectionScope;
  /** What the events undo, for the notification's reader and the docs. */
  readonly undoes: string;
}

/** Tag keys of ShredLock on keys (vault, epoch, shred-not-before, approvals) all start with this. */
export const SHREDLOCK_TAG_PREFIX = 'shredlock:';

/** Every protection rule; the stack makes one EventBridge rule of each. */
export const PROTECTION_EVENT_RULES: readonly ProtectionEventRule[] = [
  {
    id: 'trail',
    source: 'aws.cloudtrail',
    eventSource: 'cloudtrail.amazonaws.com',
    eventNames: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'],
    scope: 'trail',
    undoes: 'the audit trail stops recording, or records less',
  },
  {
    id: 'keys',
    source: 'aws.kms',
    eventSource: 'kms.amazonaws.com',
    eventNames: ['PutKeyPolicy', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'DisableKey'],
    scope: 'account-keys',
    undoes: 'a key policy changes, or a key is disabled, scheduled for deletion or kept past its shredding',
  },
  {
    id: 'key-tags',
    source: 'aws.kms',
    eventSource: 'kms.amazonaws.com',
    eventNames: ['TagResource'],
    scope: 'key-tags-set',
    undoes: "a key's vault, epoch, shred-not-before or approval tags are set",
  },
  {
    id: 'key-untags',
    source: 'aws.kms',
    eventSource: 'kms.amazonaws.com',
    eventNames: ['UntagResource'],
    scope: 'key-tags-unset',
    undoes: "a key's vault, epoch, shred-not-before or approval tags are removed",
  },
  {
    id: 'buckets',
    source: 'aws.s3',
    eventSource: 's3.amazonaws.com',
    eventNames: [
      'PutBucketPolicy',
      'DeleteBucketPolicy',
      'PutObjectLockConfiguration',
      'PutBucketVersioning',
      'PutBucketEncryption',
      'DeleteBucketEncryption',
    ],
    scope: 'buckets',
    undoes: "a bucket's policy, Object Lock default, versioning or default encryption changes",
  },
  {
    id: 'functions',
    source: 'aws.lambda',
    eventSource: 'lambda.amazonaws.com',
    eventNames: ['UpdateFunctionConfiguration', 'UpdateFunctionCode', 'AddPermission'],
    eventNameMatch: 'prefix',
    scope: 'functions',
    undoes: "a ShredLock function's code, configuration or invoke permissions change",
  },
  {
    id: 'roles',
    source: 'aws.iam',
    eventSource: 'iam.amazonaws.com',
    eventNames: ['UpdateAssumeRolePolicy', 'PutRolePolicy', 'AttachRolePolicy'],
    scope: 'roles',
    undoes: "a ShredLock role's trust or permissions change",
  },
  {
    id: 'break-glass',
    source: 'aws.sts',
    eventSource: 'sts.amazonaws.com',
    eventNames: ['AssumeRole'],
    scope: 'break-glass',
    undoes: 'someone assumes the break-glass role',
  },
];

/** `<vault>-protect-<id>`: the name of a protection rule (at most 64 characters for any vault name). */
export function protectionRuleName(vaultName: string, id: string): string {
  return `${vaultName}-protect-${id}`;
}
