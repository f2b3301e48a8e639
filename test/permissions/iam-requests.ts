/**
 * What AWS authorizes for each recorded SDK call: action(s), resource ARN and request context
 * keys, from the Service Authorization Reference (S3, KMS, SNS, CloudTrail, STS, IAM). One row per
 * command; a command without a row throws UnmappedCallError, so a new call can never slip past
 * the permission contract unevaluated.
 *
 * | call                                 | authorized as                                                  |
 * |--------------------------------------|----------------------------------------------------------------|
 * | HeadObject, GetObject (+ VersionId)  | s3:GetObject (s3:GetObjectVersion) on the object; + ListBucket |
 * |                                      | on the bucket when it answered 404                             |
 * | GetObject (answered)                 | + kms:Decrypt via S3 on the object's key (moto names none: the |
 * |                                      | stack's bucket default)                                        |
 * | ListObjectVersions, ListObjectsV2    | s3:ListBucketVersions, s3:ListBucket on the bucket             |
 * | PutObject                            | s3:PutObject; kms:GenerateDataKey via S3 on its SSE-KMS key;   |
 * |                                      | + PutObjectTagging with Tagging, + retention and legal-hold    |
 * |                                      | actions with their headers; SSE, if-none-match as context      |
 * | GetBucketEncryption                  | s3:GetEncryptionConfiguration on the bucket                    |
 * | KMS key operations                   | kms:<Op> on the key's ARN (aliases resolved to their key)      |
 * | CreateKey                            | kms:CreateKey on "*" (+ kms:TagResource on the new key)        |
 * | CreateAlias                          | kms:CreateAlias on the alias and on the key                    |
 * | ListAliases, ListKeys                | on "*" (no resource type)                                      |
 * | SNS Publish                          | sns:Publish on the topic; kms:GenerateDataKey and kms:Decrypt  |
 * |                                      | via SNS on an encrypted topic's key                            |
 * | STS GetCallerIdentity                | nothing (always allowed)                                       |
 * | IAM GetRole                          | iam:GetRole on the role                                        |
 *
 * Requests a service makes to KMS on the caller's behalf are the caller's to be allowed, so they
 * are listed with `kms:ViaService`. Not modelled: multipart uploads (no flow makes one).
 */

/** One request IAM evaluates. */
export interface IamRequest {
  readonly action: string;
  /** Full ARN, or "*" for actions without a resource type. */
  readonly resource: string;
  readonly context: Record<string, string | string[]>;
}

/** How names on moto become the synthesized stack's ARNs. */
export interface NameMap {
  /** The stack's region (kms:ViaService). */
  readonly region: string;
  /** The stack's default SSE-KMS key of one of its buckets (none for SSE-S3). */
  bucketKey(stackBucket: string): string | undefined;
  /** The stack's KMS key of one of its topics (none for an unencrypted topic). */
  topicKey(stackTopicArn: string): string | undefined;
  /** The stack's name of a bucket on moto. */
  bucket(motoName: string): string;
  /** The stack's ARN of a key given as id, key ARN, alias name or alias ARN. */
  keyArn(ref: string): string;
  /** An ARN of another service on moto (topic, trail) as the stack's. */
  arn(motoArn: string): string;
  /** ARN prefix of the stack's account and region for `service`, e.g. `arn:aws:kms:eu-central-1:123456789012`. */
  prefix(service: string): string;
}

/** A recorded call that has no row here: add one (from the Service Authorization Reference). */
export class UnmappedCallError extends Error {
  readonly code = 'UNMAPPED_CALL';
  constructor(readonly client: string, readonly command: string) {
    super(`${client} ${command} has no IAM mapping in test/permissions/iam-requests.ts`);
    this.name = 'UnmappedCallError';
  }
}

type Input = Record<string, unknown>;
/** How the call ended: its output, or its error's name. */
interface Result {
  readonly output?: Record<string, unknown>;
  readonly error?: string;
}
type Mapper = (input: Input, names: NameMap, result: Result) => IamRequest[];

const str = (v: unknown): string => String(v);
const bucketArn = (i: Input, names: NameMap) => `arn:aws:s3:::${names.bucket(str(i.Bucket))}`;
const objectArn = (i: Input, names: NameMap) => `${bucketArn(i, names)}/${str(i.Key)}`;
const req = (action: string, resource: string, context: Record<string, string | string[]> = {}): IamRequest => ({ action, resource, context });
/** Defined entries only, as strings. */
function ctx(entries: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(entries)) {
    if (v === undefined || v === null) continue;
    out[k] = Array.isArray(v) ? v.map(String) : v instanceof Date ? v.toISOString() : String(v);
  }
  return out;
}
const versioned = (i: Input, plain: string, version: string): string => (i.VersionId === undefined ? plain : version);
const versionContext = (i: Input) => ctx({ 's3:versionid': i.VersionId });
const listContext = (i: Input) => ctx({ 's3:prefix': i.Prefix, 's3:delimiter': i.Delimiter, 's3:max-keys': i.MaxKeys });
/** On the object, `s3:<action>` or its Version form when the call names a version. */
const objectAction = (plain: string, version: string = plain): Mapper => (i, n) => [req(versioned(i, plain, version), objectArn(i, n), versionContext(i))];
const bucketAction = (action: string): Mapper => (i, n) => [req(action, bucketArn(i, n))];

const via = (service: string, names: NameMap) => ({ 'kms:ViaService': `${service}.${names.region}.amazonaws.com` });

/**
 * The SSE-KMS key S3 uses for an object: the one the call (or S3's answer) names, else the stack's
 * default key of the bucket; none for SSE-S3. moto leaves objects unencrypted that the stack's
 * bucket default would encrypt, so the default is the stack's, not moto's.
 */
function sseKey(named: unknown, algorithm: unknown, i: Input, names: NameMap): string | undefined {
  if (algorithm === 'AES256') return undefined;
  return typeof named === 'string' ? names.keyArn(named) : names.bucketKey(names.bucket(str(i.Bucket)));
}

/** S3 answers 404 for a missing object only to a caller with s3:ListBucket (403 otherwise); the code relies on the 404. */
const MISSING_OBJECT_ERRORS = new Set(['NoSuchKey', 'NotFound', 'NoSuchVersion']);
const missingNeedsList = (i: Input, names: NameMap, r: Result): IamRequest[] =>
  r.error !== undefined && MISSING_OBJECT_ERRORS.has(r.error) ? [req('s3:ListBucket', bucketArn(i, names))] : [];

/** HeadObject: metadata only (no decrypt). */
const headObject: Mapper = (i, n, r) => [...objectAction('s3:GetObject', 's3:GetObjectVersion')(i, n, r), ...missingNeedsList(i, n, r)];

/** GetObject: and S3 decrypts with the object's key on the caller's behalf (kms:Decrypt via S3). */
const getObject: Mapper = (i, n, r) => {
  const key = r.output ? sseKey(r.output.SSEKMSKeyId, r.output.ServerSideEncryption, i, n) : undefined;
  return [...headObject(i, n, r), ...(key ? [req('kms:Decrypt', key, via('s3', n))] : [])];
};

/** Tags in a PutObject's `Tagging` header (`k=v&k2=v2`). */
function headerTags(tagging: string): Record<string, string> {
  return Object.fromEntries([...new URLSearchParams(tagging)]);
}

function putObject(i: Input, names: NameMap): IamRequest[] {
  const tags = typeof i.Tagging === 'string' ? headerTags(i.Tagging) : undefined;
  const tagContext = tags ? { ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`s3:RequestObjectTag/${k}`, v])), 's3:RequestObjectTagKeys': Object.keys(tags) } : {};
  const context = ctx({
    's3:x-amz-server-side-encryption': i.ServerSideEncryption,
    's3:x-amz-server-side-encryption-aws-kms-key-id': i.SSEKMSKeyId,
    's3:if-none-match': i.IfNoneMatch,
    's3:object-lock-mode': i.ObjectLockMode,
    's3:object-lock-retain-until-date': i.ObjectLockRetainUntilDate,
    's3:object-lock-legal-hold': i.ObjectLockLegalHoldStatus,
    ...tagContext,
  });
  const object = objectArn(i, names);
  const key = sseKey(i.SSEKMSKeyId, i.ServerSideEncryption, i, names);
  return [
    req('s3:PutObject', object, context),
    // S3 asks KMS for a data key on the caller's behalf.
    ...(key ? [req('kms:GenerateDataKey', key, via('s3', names))] : []),
    ...(tags ? [req('s3:PutObjectTagging', object, context)] : []),
    ...(i.ObjectLockMode !== undefined || i.ObjectLockRetainUntilDate !== undefined ? [req('s3:PutObjectRetention', object, context)] : []),
    ...(i.ObjectLockLegalHoldStatus !== undefined ? [req('s3:PutObjectLegalHold', object, context)] : []),
  ];
}

function putObjectTagging(i: Input, names: NameMap): IamRequest[] {
  const set = ((i.Tagging as { TagSet?: { Key?: string; Value?: string }[] } | undefined)?.TagSet ?? []).map((t) => [str(t.Key), str(t.Value)] as const);
  const context = {
    ...versionContext(i),
    ...Object.fromEntries(set.map(([k, v]) => [`s3:RequestObjectTag/${k}`, v])),
    's3:RequestObjectTagKeys': set.map(([k]) => k),
  };
  return [req(versioned(i, 's3:PutObjectTagging', 's3:PutObjectVersionTagging'), objectArn(i, names), context)];
}

function putObjectRetention(i: Input, names: NameMap): IamRequest[] {
  const retention = i.Retention as { Mode?: string; RetainUntilDate?: Date } | undefined;
  const context = { ...versionContext(i), ...ctx({ 's3:object-lock-mode': retention?.Mode, 's3:object-lock-retain-until-date': retention?.RetainUntilDate }) };
  const object = objectArn(i, names);
  return [req('s3:PutObjectRetention', object, context), ...(i.BypassGovernanceRetention ? [req('s3:BypassGovernanceRetention', object, context)] : [])];
}

/** Tag context of a KMS request that sets tags (CreateKey, TagResource). */
function kmsTagContext(tags: unknown): Record<string, string | string[]> {
  const list = ((tags as { TagKey?: string; TagValue?: string }[] | undefined) ?? []).map((t) => [str(t.TagKey), str(t.TagValue)] as const);
  return { ...Object.fromEntries(list.map(([k, v]) => [`aws:RequestTag/${k}`, v])), 'aws:TagKeys': list.map(([k]) => k) };
}

/** A key ARN no key has: the key CreateKey is about to make (its tags are authorized on it). */
const NEW_KEY_ID = '00000000-0000-4000-8000-000000000000';

function createKey(i: Input, names: NameMap): IamRequest[] {
  const tags = kmsTagContext(i.Tags);
  const context = {
    ...ctx({ 'kms:KeySpec': i.KeySpec ?? 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': i.KeyUsage ?? 'ENCRYPT_DECRYPT', 'kms:KeyOrigin': i.Origin ?? 'AWS_KMS', 'kms:MultiRegion': i.MultiRegion === true ? 'true' : 'false' }),
    ...(i.Tags ? tags : {}),
  };
  return [req('kms:CreateKey', '*', context), ...(i.Tags ? [req('kms:TagResource', `${names.prefix('kms')}:key/${NEW_KEY_ID}`, tags)] : [])];
}

const onKey = (action: string, context: (i: Input) => Record<string, string | string[]> = () => ({})): Mapper => (i, names) => [req(action, names.keyArn(str(i.KeyId)), context(i))];
/** Publish: and, to an encrypted topic, SNS asks KMS for a data key on the caller's behalf. */
const publish: Mapper = (i, names) => {
  const topic = names.arn(str(i.TopicArn));
  const key = names.topicKey(topic);
  return [req('sns:Publish', topic), ...(key ? ['kms:GenerateDataKey', 'kms:Decrypt'].map((a) => req(a, key, via('sns', names))) : [])];
};
const onTrail = (action: string): Mapper => (i, names) => {
  const name = str(i.Name ?? i.TrailName);
  return [req(action, name.startsWith('arn:') ? names.arn(name) : `${names.prefix('cloudtrail')}:trail/${name}`)];
};
const anywhere = (action: string): Mapper => () => [req(action, '*')];

/** The table: `<client>.<command>` -> the requests IAM evaluates. */
const MAPPERS: Record<string, Mapper> = {
  'S3Client.HeadObject': headObject,
  'S3Client.GetObject': getObject,
  'S3Client.GetObjectTagging': objectAction('s3:GetObjectTagging', 's3:GetObjectVersionTagging'),
  'S3Client.PutObjectTagging': putObjectTagging,
  'S3Client.GetObjectRetention': objectAction('s3:GetObjectRetention'),
  'S3Client.GetObjectLegalHold': objectAction('s3:GetObjectLegalHold'),
  'S3Client.PutObjectLegalHold': objectAction('s3:PutObjectLegalHold'),
  'S3Client.PutObjectRetention': putObjectRetention,
  'S3Client.PutObject': putObject,
  'S3Client.DeleteObject': objectAction('s3:DeleteObject', 's3:DeleteObjectVersion'),
  'S3Client.ListObjectVersions': (i, n) => [req('s3:ListBucketVersions', bucketArn(i, n), listContext(i))],
  'S3Client.ListObjectsV2': (i, n) => [req('s3:ListBucket', bucketArn(i, n), listContext(i))],
  'S3Client.ListObjects': (i, n) => [req('s3:ListBucket', bucketArn(i, n), listContext(i))],
  'S3Client.HeadBucket': bucketAction('s3:ListBucket'),
  'S3Client.GetBucketEncryption': bucketAction('s3:GetEncryptionConfiguration'),
  'S3Client.PutBucketEncryption': bucketAction('s3:PutEncryptionConfiguration'),
  'S3Client.GetBucketVersioning': bucketAction('s3:GetBucketVersioning'),
  'S3Client.GetObjectLockConfiguration': bucketAction('s3:GetBucketObjectLockConfiguration'),
  'S3Client.GetPublicAccessBlock': bucketAction('s3:GetBucketPublicAccessBlock'),
  'S3Client.GetBucketPolicy': bucketAction('s3:GetBucketPolicy'),
  'S3Client.GetBucketLocation': bucketAction('s3:GetBucketLocation'),
  'KMSClient.CreateKey': createKey,
  'KMSClient.TagResource': (i, names) => [req('kms:TagResource', names.keyArn(str(i.KeyId)), kmsTagContext(i.Tags))],
  'KMSClient.UntagResource': onKey('kms:UntagResource', (i) => ({ 'aws:TagKeys': ((i.TagKeys as string[] | undefined) ?? []).map(String) })),
  'KMSClient.CreateAlias': (i, names) => [
    req('kms:CreateAlias', `${names.prefix('kms')}:${str(i.AliasName)}`),
    req('kms:CreateAlias', names.keyArn(str(i.TargetKeyId))),
  ],
  'KMSClient.DescribeKey': onKey('kms:DescribeKey'),
  'KMSClient.ListResourceTags': onKey('kms:ListResourceTags'),
  'KMSClient.GetKeyPolicy': onKey('kms:GetKeyPolicy'),
  'KMSClient.GetKeyRotationStatus': onKey('kms:GetKeyRotationStatus'),
  'KMSClient.EnableKeyRotation': onKey('kms:EnableKeyRotation'),
  'KMSClient.EnableKey': onKey('kms:EnableKey'),
  'KMSClient.DisableKey': onKey('kms:DisableKey'),
  'KMSClient.ScheduleKeyDeletion': onKey('kms:ScheduleKeyDeletion', (i) => ctx({ 'kms:ScheduleKeyDeletionPendingWindowInDays': i.PendingWindowInDays })),
  'KMSClient.CancelKeyDeletion': onKey('kms:CancelKeyDeletion'),
  'KMSClient.ListAliases': anywhere('kms:ListAliases'),
  'KMSClient.ListKeys': anywhere('kms:ListKeys'),
  'SNSClient.Publish': publish,
  'STSClient.GetCallerIdentity': () => [],
  // The role's ARN with its path is in the answer; without one, the path-less form.
  'IAMClient.GetRole': (i, names, r) => [
    req('iam:GetRole', str((r.output?.Role as { Arn?: string } | undefined)?.Arn ?? `${names.prefix('iam').replace(`:${names.region}:`, '::')}:role/${str(i.RoleName)}`)),
  ],
  'CloudTrailClient.GetTrail': onTrail('cloudtrail:GetTrail'),
  'CloudTrailClient.GetTrailStatus': onTrail('cloudtrail:GetTrailStatus'),
  'CloudTrailClient.GetEventSelectors': onTrail('cloudtrail:GetEventSelectors'),
  'CloudTrailClient.ListPublicKeys': anywhere('cloudtrail:ListPublicKeys'),
  'CloudTrailClient.LookupEvents': anywhere('cloudtrail:LookupEvents'),
};

/** The IAM requests of one call; throws UnmappedCallError for a command without a row. */
export function iamRequests(call: { readonly client: string; readonly command: string; readonly input: Input } & Result, names: NameMap): IamRequest[] {
  const mapper = MAPPERS[`${call.client}.${call.command}`];
  if (!mapper) throw new UnmappedCallError(call.client, call.command);
  return mapper(call.input, names, call);
}
