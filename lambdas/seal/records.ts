/**
 * The seal and unseal records (their JSON shapes, documented in docs/incidents.md), and how they are written to
 * and read from the records bucket. A record read back is validated by its schema: nothing is held
 * or released on the strength of a record that does not parse.
 *
 * Records hold version ids and key hashes, never object keys (the manifest holds the keys). They do
 * hold the prefix and the reason as given, so the records bucket is as restricted as the vault.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { isS3Error, toS3Error } from '../aws/errors.js';
import { isRecordTaken, listRecordKeys as listKeysUnder, putRecord } from '../vault/records.js';
import { IncidentError, RecordError } from './errors.js';
import { INCIDENTS_PREFIX, incidentPrefix } from './layout.js';

/** Schema tag of seal records. */
export const SEAL_SCHEMA = 'shredlock.seal/1';
/** Schema tag of unseal records. */
export const UNSEAL_SCHEMA = 'shredlock.unseal/1';
/** Schema tag of seal intents. */
export const INTENT_SCHEMA = 'shredlock.seal-intent/1';

const VersionRefSchema = z.object({ versionId: z.string().min(1), keyHash: z.string() });

const FailureSchema = VersionRefSchema.extend({
  /** The S3 operation that failed, e.g. `PutObjectLegalHold`. */
  operation: z.string(),
  /** Our code, e.g. `S3_ACCESS_DENIED`. */
  code: z.string(),
  /** S3's error name, e.g. `AccessDenied`, `InvalidRequest`. */
  awsCode: z.string(),
});

const InvocationSchema = z.object({ requestId: z.string(), functionArn: z.string() });

/** A seal revision whose sealer the record cannot name: made through the Lambda (CloudTrail names the caller). */
const SealInvocationSchema = z.object({
  revision: z.number().int().min(1),
  requestId: z.string(),
  functionArn: z.string().optional(),
});

const SealRecordSchema = z.object({
  schema: z.literal(SEAL_SCHEMA),
  incidentId: z.string(),
  revision: z.number().int().min(1),
  vaultBucket: z.string(),
  prefix: z.string(),
  reason: z.string(),
  /** Who sealed, as STS named the caller (the CLI). Absent when sealed through the Lambda. */
  principal: z.string().optional(),
  /** The seal Lambda invocation that sealed; CloudTrail's Invoke data event names its caller. */
  invocation: InvocationSchema.optional(),
  /** The principal the Lambda event claimed: unverified, never used for the second-principal rule. */
  claimedPrincipal: z.string().optional(),
  sealedAt: z.string(),
  /** Lambda request id of records written before `invocation` (their `principal` was the event's claim). */
  requestId: z.string().optional(),
  manifest: z.object({ key: z.string(), versionId: z.string().optional(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  versions: z.number().int().min(0),
  bytes: z.number().int().min(0),
  held: z.number().int().min(0),
  heldBefore: z.array(VersionRefSchema),
  carried: z.number().int().min(0),
  failures: z.array(FailureSchema),
  /** What the operator should know that is not a version failure. */
  warnings: z.array(z.string()).optional(),
});

const UnsealRecordSchema = z.object({
  schema: z.literal(UNSEAL_SCHEMA),
  incidentId: z.string(),
  revision: z.number().int().min(1),
  vaultBucket: z.string(),
  reason: z.string(),
  principal: z.string(),
  unsealedAt: z.string(),
  /** Lambda request id of unseal records written when the Lambda could unseal (it no longer can). */
  requestId: z.string().optional(),
  sealRevisions: z.array(z.number().int().min(1)),
  /**
   * Seal revisions made through the Lambda: the second-principal rule was checked against the
   * principals of the other revisions only; the auditor checks these against CloudTrail.
   */
  unverifiedSeals: z.array(SealInvocationSchema).optional(),
  versions: z.number().int().min(0),
  released: z.number().int().min(0),
  alreadyReleased: z.number().int().min(0),
  heldBefore: z.number().int().min(0),
  kept: z.array(VersionRefSchema.extend({ incidents: z.array(z.string()) })),
  failures: z.array(FailureSchema),
  warnings: z.array(z.string()).optional(),
});

const IntentSchema = z.object({
  schema: z.literal(INTENT_SCHEMA),
  incidentId: z.string(),
  revision: z.number().int().min(1),
  /** Version ids whose hold was OFF before this revision placed any hold. */
  off: z.array(z.string()),
  /** The vault bucket (absent in intents written before it was recorded). */
  vaultBucket: z.string().optional(),
  /**
   * Every version id this revision will record as held: those it holds and those it shares with
   * another open incident (absent in intents written before it was recorded: `off` then).
   */
  claimed: z.array(z.string()).optional(),
});

/**
 * `incidents/<id>/intent.json` or `intent-<n>.json`, written before seal revision n places its
 * first hold: which versions were OFF, and which it claims. A run interrupted before its seal
 * record (a Lambda time-out) leaves it behind, so the retry knows that the holds it finds ON on
 * those versions are its own, not holds placed before the seal; and an unseal of another incident
 * running meanwhile keeps the claimed versions held (incident.ts, openIncidentHolds).
 */
export type SealIntent = z.infer<typeof IntentSchema>;

/** A seal revision made through the seal Lambda, named by its invocation. */
export type SealInvocation = z.infer<typeof SealInvocationSchema>;

/** A version named without its key. */
export type VersionRef = z.infer<typeof VersionRefSchema>;

/** A version the action could not complete for, with the failed operation and codes. */
export type VersionFailure = z.infer<typeof FailureSchema>;

/**
 * `incidents/<id>/seal.json` (revision 1) or `seal-<n>.json`. Every version of the manifest is in
 * exactly one group: `versions = held + heldBefore.length + carried + failures.length`.
 */
export type SealRecord = z.infer<typeof SealRecordSchema>;

/**
 * `incidents/<id>/unseal.json` or `unseal-<n>.json`. Every version the incident held is in exactly
 * one group: `versions = released + alreadyReleased + kept.length + failures.length`.
 */
export type UnsealRecord = z.infer<typeof UnsealRecordSchema>;

/** Validates a seal record read back. */
export function parseSealRecord(raw: unknown, incidentId: string, key: string): SealRecord {
  return check(SealRecordSchema, raw, incidentId, key);
}

/** Validates a seal intent read back. */
export function parseSealIntent(raw: unknown, incidentId: string, key: string): SealIntent {
  return check(IntentSchema, raw, incidentId, key);
}

/** Validates an unseal record read back. */
export function parseUnsealRecord(raw: unknown, incidentId: string, key: string): UnsealRecord {
  return check(UnsealRecordSchema, raw, incidentId, key);
}

function check<T extends { incidentId: string }>(schema: z.ZodType<T>, raw: unknown, incidentId: string, key: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.') || '(record)'))].join(', ');
    throw new RecordError('INVALID_RECORD', incidentId, key, `record does not match its schema (${fields})`);
  }
  if (parsed.data.incidentId !== incidentId) {
    throw new RecordError('INVALID_RECORD', incidentId, key, 'record names another incident');
  }
  return parsed.data;
}

/** Keys under `incidents/<id>/`, or under `incidents/` when no id is given. */
export async function listRecordKeys(s3: S3Client, bucket: string, incidentId?: string): Promise<string[]> {
  return listKeysUnder(s3, bucket, incidentId === undefined ? INCIDENTS_PREFIX : incidentPrefix(incidentId));
}

/** The text of a record object (a pinned version when given); undefined when it does not exist. */
export async function readText(s3: S3Client, bucket: string, key: string, versionId?: string): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    return (await out.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    const s3Error = toS3Error(error, 'GetObject', { bucket, recordKey: key });
    if (s3Error.kind === 'NOT_FOUND' && s3Error.awsCode !== 'NoSuchBucket') return undefined;
    throw s3Error;
  }
}

/** A JSON record; RecordError when it is not JSON. */
export async function readJson(s3: S3Client, bucket: string, key: string, incidentId: string): Promise<unknown> {
  const text = await readText(s3, bucket, key);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RecordError('INVALID_RECORD', incidentId, key, 'record is not JSON');
  }
}

/** Options of writeRecord. */
export interface WriteOptions {
  /** Write only if no object has the key yet (`If-None-Match: *`). @default false */
  readonly exclusive?: boolean;
  readonly contentType: string;
  /** For the RECORD_EXISTS error. */
  readonly incidentId: string;
}

/**
 * Writes one record object (lambdas/vault/records.ts putRecord); returns its version id (undefined
 * in an unversioned bucket). An exclusive write that finds the key taken, or racing another
 * conditional write of it, throws IncidentError RECORD_EXISTS. Encryption is the bucket's default
 * (SSE-KMS with the audit key in a deployed stack).
 */
export async function writeRecord(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  options: WriteOptions,
): Promise<string | undefined> {
  const exclusive = options.exclusive ?? false;
  try {
    return (await putRecord(s3, bucket, key, body, { contentType: options.contentType, exclusive })).versionId;
  } catch (error) {
    if (exclusive && isS3Error(error) && (isRecordTaken(error) || error.awsCode === 'ConditionalRequestConflict')) {
      throw new IncidentError('RECORD_EXISTS', options.incidentId, `${key} was written by another run at the same time; run again`, {
        cause: error,
      });
    }
    throw error;
  }
}
