/**
 * Writes and reads of the records bucket (epoch ledger, certificates). Records are evidence: a
 * record that must exist once is written with `If-None-Match: *`, so it is never overwritten, and
 * without lock or encryption headers, so the bucket's default Object Lock retention and default
 * key (the audit key) apply.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isS3Error, toS3Error } from '../aws/errors.js';

/** A record written. */
export interface WrittenRecord {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly requestId?: string;
}

/**
 * Writes a record that must not exist yet. Returns undefined when it already exists (S3 answers
 * 412 to `If-None-Match: *`), so a re-run never writes a second one.
 */
export async function putNewRecord(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  contentType: string,
): Promise<WrittenRecord | undefined> {
  try {
    const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body, 'utf8'), ContentType: contentType, IfNoneMatch: '*' }));
    return { bucket, key, versionId: out.VersionId, requestId: out.$metadata.requestId };
  } catch (error) {
    const failure = toS3Error(error, 'PutObject', { bucket, record: key });
    if (failure.httpStatus === 412 || failure.awsCode === 'PreconditionFailed') return undefined;
    throw failure;
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
  try {
    const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body, 'utf8'), ContentType: contentType }));
    return { bucket, key, versionId: out.VersionId, requestId: out.$metadata.requestId };
  } catch (error) {
    throw toS3Error(error, 'PutObject', { bucket, record: key });
  }
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
  const keys: string[] = [];
  let token: string | undefined;
  do {
    let out;
    try {
      out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    } catch (error) {
      throw toS3Error(error, 'ListObjectsV2', { bucket, prefix });
    }
    for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
