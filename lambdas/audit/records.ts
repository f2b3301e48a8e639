/**
 * CloudTrail records as the audit reads them: only the fields the report sections use, checked
 * loosely (records carry many more fields, which are ignored and never copied into reports).
 */
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';

const Identity = z.looseObject({
  type: z.string().optional(),
  principalId: z.string().optional(),
  arn: z.string().optional(),
  accountId: z.string().optional(),
  invokedBy: z.string().optional(),
  sessionContext: z.looseObject({ sessionIssuer: z.looseObject({ arn: z.string().optional() }).optional() }).optional(),
});

const Resource = z.looseObject({ ARN: z.string().optional(), type: z.string().optional() });

/** The fields of a record the audit relies on. */
export const RecordSchema = z.looseObject({
  eventTime: z.string(),
  eventSource: z.string(),
  eventName: z.string(),
  eventID: z.string().optional(),
  awsRegion: z.string().optional(),
  userIdentity: Identity.optional(),
  requestParameters: z.record(z.string(), z.unknown()).nullish(),
  responseElements: z.record(z.string(), z.unknown()).nullish(),
  resources: z.array(Resource).nullish(),
  errorCode: z.string().nullish(),
});

/** One CloudTrail record. */
export type TrailRecord = z.infer<typeof RecordSchema>;

/** A record's caller. */
export type UserIdentity = NonNullable<TrailRecord['userIdentity']>;

/** A log file's records, plus how many entries were not records. */
export interface ParsedLogFile {
  readonly records: TrailRecord[];
  readonly invalid: number;
}

/** Decompresses and parses a log file (`{ "Records": [...] }`); a message when it is not one. */
export function parseLogFile(gzipped: Uint8Array): ParsedLogFile | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(gzipped).toString('utf8'));
  } catch {
    return { error: 'not gzip-compressed JSON' };
  }
  const list = (json as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(list)) return { error: 'no "Records" array' };
  const records: TrailRecord[] = [];
  let invalid = 0;
  for (const item of list) {
    const parsed = RecordSchema.safeParse(item);
    if (parsed.success) records.push(parsed.data);
    else invalid++;
  }
  return { records, invalid };
}

/** Who made a call: the caller's ARN, else `service:<invokedBy>` for AWS services, else type and id. */
export function principalOf(identity: UserIdentity | undefined): string {
  if (identity?.arn) return identity.arn;
  if (identity?.invokedBy) return `service:${identity.invokedBy}`;
  if (identity?.type || identity?.principalId) return `${identity.type ?? 'unknown'}:${identity.principalId ?? identity.accountId ?? '?'}`;
  return 'unknown';
}

/** The role behind an assumed-role session (`sessionContext.sessionIssuer.arn`), if any. */
export function issuerOf(identity: UserIdentity | undefined): string | undefined {
  return identity?.sessionContext?.sessionIssuer?.arn;
}

/** A string request parameter. */
export function stringParam(record: TrailRecord, name: string): string | undefined {
  const value = record.requestParameters?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The ARN of the first resource of `type` (or whose ARN matches `pattern`). */
export function resourceArn(record: TrailRecord, type: string, pattern: RegExp): string | undefined {
  const resources = record.resources ?? [];
  return resources.find((r) => r.type === type && r.ARN)?.ARN ?? resources.find((r) => r.ARN && pattern.test(r.ARN))?.ARN;
}

/** Bucket, key and version an S3 record is about (request parameters, else the resources' ARNs). */
export function s3Target(record: TrailRecord): { bucket?: string; key?: string; versionId?: string } {
  const object = resourceArn(record, 'AWS::S3::Object', /^arn:[^:]+:s3:::[^/]+\/.+/);
  const fromArn = object ? /^arn:[^:]+:s3:::([^/]+)\/(.+)$/.exec(object) : null;
  const bucketArn = resourceArn(record, 'AWS::S3::Bucket', /^arn:[^:]+:s3:::[^/]+$/);
  const bucket = stringParam(record, 'bucketName') ?? fromArn?.[1] ?? bucketArn?.replace(/^arn:[^:]+:s3:::/, '');
  const key = stringParam(record, 'key') ?? stringParam(record, 'Key') ?? fromArn?.[2];
  const versionId = stringParam(record, 'versionId');
  return { ...(bucket ? { bucket } : {}), ...(key ? { key } : {}), ...(versionId ? { versionId } : {}) };
}
