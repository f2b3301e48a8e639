/**
 * Reads S3 "Object Created" events that EventBridge delivered to SQS (the record body is the
 * EventBridge event), and finds the object version they name.
 *
 * Whether `detail.object.key` arrives URL-encoded is not settled: S3's own notifications encode it
 * form-style (`a+b.csv` for `a b.csv`), and reports on EventBridge differ. The version id settles
 * it: each plausible decoding is tried with HeadObject pinned to that version id, and the first one
 * that exists is the object (a version id belongs to one key).
 */
import type { SQSRecord } from 'aws-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { isS3Error } from '../aws/errors.js';
import type { ObjectVersionRef } from '../aws/object-ref.js';
import { ScannerEventError } from './errors.js';
import { headVersion, type VersionHead } from './scan-object.js';
import { issueFields } from '../shared/issues.js';

/** EventBridge `detail-type` of a new object. */
export const OBJECT_CREATED = 'Object Created';

const EventSchema = z.object({
  source: z.string(),
  'detail-type': z.string(),
  detail: z.object({
    bucket: z.object({ name: z.string().min(3) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      'version-id': z.string().min(1).optional(),
    }),
  }),
});

/** The object an event names, key as it arrived (possibly encoded). */
export interface CreatedObject {
  readonly bucket: string;
  readonly rawKey: string;
  readonly versionId: string;
  readonly size?: number;
}

/** What a record holds: an object to scan, or an event the scanner ignores (and why). */
export type ParsedRecord =
  | { readonly kind: 'object'; readonly object: CreatedObject }
  | { readonly kind: 'ignored'; readonly reason: 'not-s3' | 'not-object-created' };

/**
 * Parses one SQS record. Events that are not S3 "Object Created" are ignored; a body that is not an
 * EventBridge S3 event, or one without a version id, throws ScannerEventError.
 */
export function parseRecord(record: Pick<SQSRecord, 'messageId' | 'body'>): ParsedRecord {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    throw new ScannerEventError('record body is not JSON', record.messageId);
  }
  const parsed = EventSchema.safeParse(json);
  if (!parsed.success) {
    const fields = issueFields(parsed.error.issues, '(body)');
    throw new ScannerEventError(`record body is not an EventBridge S3 event (${fields})`, record.messageId);
  }
  const event = parsed.data;
  if (event.source !== 'aws.s3') return { kind: 'ignored', reason: 'not-s3' };
  if (event['detail-type'] !== OBJECT_CREATED) return { kind: 'ignored', reason: 'not-object-created' };
  const versionId = event.detail.object['version-id'];
  if (!versionId) {
    throw new ScannerEventError('event has no version-id: the bucket is not versioned', record.messageId);
  }
  return {
    kind: 'object',
    object: { bucket: event.detail.bucket.name, rawKey: event.detail.object.key, versionId, size: event.detail.object.size },
  };
}

function tryDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The keys an event key may stand for, most likely first: as given, percent-decoded, form-decoded. */
export function keyCandidates(rawKey: string): string[] {
  const candidates = [rawKey, tryDecode(rawKey), tryDecode(rawKey.replace(/\+/g, ' '))];
  return [...new Set(candidates.filter((k): k is string => k !== undefined && k.length > 0))];
}

/**
 * The version an event names, with its HeadObject. Throws the S3Error of the first candidate when
 * no candidate exists (NOT_FOUND), or any other S3Error at once.
 */
export async function resolveCreatedObject(
  s3: S3Client,
  object: CreatedObject,
): Promise<{ ref: ObjectVersionRef; head: VersionHead }> {
  let firstError: unknown;
  for (const key of keyCandidates(object.rawKey)) {
    const ref: ObjectVersionRef = { bucket: object.bucket, key, versionId: object.versionId };
    try {
      return { ref, head: await headVersion(s3, ref) };
    } catch (error) {
      if (!isS3Error(error) || error.kind !== 'NOT_FOUND') throw error;
      firstError ??= error;
    }
  }
  throw firstError;
}

/**
 * True for objects the scanner writes itself (its reports): scanning them would scan findings, and
 * their "Object Created" events would loop back. Tagging emits no "Object Created" event, so the
 * scanner's own PutObjectTagging calls cannot trigger it.
 */
export function isReportObject(bucket: string, key: string, report: { bucket: string; prefix: string }): boolean {
  return bucket === report.bucket && key.startsWith(report.prefix);
}
