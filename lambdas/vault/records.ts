/**
 * Writes and reads of the records bucket (epoch ledger, certificates, incident records). Records
 * are evidence: a record that must exist once is written with `If-None-Match: *`, so it is never
 * overwritten, and without lock or encryption headers, so the bucket's default Object Lock
 * retention and default key (the audit key) apply.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { listObjectKeys } from '../aws/object-keys.js';
import { isS3Error, toS3Error, type S3Error } from '../aws/errors.js';

/** A record written. */
export interface WrittenRecord {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly requestId?: string;
}

/** A record as pretty JSON with a final newline: the form of every JSON record. */
export function recordJson(record: unknown): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * Writes one record (UTF-8 text); with `exclusive`, only if the key is free (`If-None-Match: *`).
 * Every failure, a taken key included, throws S3Error (see isRecordTaken).
 */
export async function putRecord(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  options: { readonly contentType: string; readonly exclusive: boolean },
): Promise<WrittenRecord> {
  try {
    const out = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: Buffer.from(body, 'utf8'),
        ContentType: options.contentType,
        ...(options.exclusive ? { IfNoneMatch: '*' } : {}),
      }),
    );
    return { bucket, key, versionId: out.VersionId, requestId: out.$metadata.requestId };
  } catch (error) {
    throw toS3Error(error, 'PutObject', { bucket, record: key });
  }
}

/** True when an exclusive putRecord found the key taken (S3 answers 412 to `If-None-Match: *`). */
export function isRecordTaken(error: S3Error): boolean {
  return error.httpStatus === 412 || error.awsCode === 'PreconditionFailed';
}

/**
 * Writes a record that must not exist yet. Returns undefined when it already exists, so a re-run
 * never writes a second one.
 */
export async function putNewRecord(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  contentType: string,
): Promise<WrittenRecord | undefined> {
  try {
    return await putRecord(s3, bucket, key, body, { contentType, exclusive: true });
  } catch (error) {
    if (isS3Error(error) && isRecordTaken(error)) return undefined;
    throw error;
  }
}

/** Writes a record as a new version (the records bucket keeps every version under its retention). */
export async function putRecordVersion(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  contentType: string,
): Promise<WrittenRecord> {
  return putRecord(s3, bucket, key, body, { contentType, exclusive: false });
}

/** The text of a record, or undefined when there is none. */
export async function readRecord(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await out.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    const failure = toS3Error(error, 'GetObject', { bucket, record: key });
    if (isS3Error(failure) && failure.kind === 'NOT_FOUND') return undefined;
    throw failure;
  }
}

/** Every record key under a prefix (all pages). */
export async function listRecordKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  return [...(await listObjectKeys(s3, bucket, prefix)).keys];
}
