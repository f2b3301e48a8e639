/**
 * Reads the tag report's inputs from S3: the scanner's findings files in the records bucket
 * (`<prefix>scan/dt=YYYY-MM-DD/<run>.jsonl`), or the live `shredlock:*` tags of every version in
 * a vault bucket. Read-only: ListObjectsV2 and GetObject, or ListObjectVersions and
 * GetObjectTagging.
 *
 * The tag reports under `<prefix>tags/` are not read: they describe the same runs as the findings
 * files, without counts per type.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isS3Error, toS3Error } from '../aws/errors.js';
import { getVersionTags } from '../aws/object-tags.js';
import { listVersions } from '../aws/object-versions.js';
import { mapLimit } from '../shared/pool.js';
import { DEFAULT_REPORT_PREFIX } from '../scanner/report-writer.js';
import { listRecordKeys } from '../vault/records.js';
import { ReportInputError } from './errors.js';
import { observedFromTags, parseScanLines } from './parse.js';
import type { ObservedObject, ReportInput, ScanRun } from './types.js';

/** Versions whose tags are read at once. */
export const DEFAULT_TAG_CONCURRENCY = 8;

function withSlash(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** Every findings file of the records bucket under `<prefix>scan/`, oldest date first. */
export async function loadRecordsBucket(s3: S3Client, bucket: string, prefix: string = DEFAULT_REPORT_PREFIX): Promise<ReportInput> {
  const scanPrefix = `${withSlash(prefix)}scan/`;
  const location = `s3://${bucket}/${withSlash(prefix)}`;
  const keys = (await listRecordKeys(s3, bucket, scanPrefix)).filter((key) => key.endsWith('.jsonl'));
  if (keys.length === 0) throw new ReportInputError('INPUT_EMPTY', location, `no findings files (*.jsonl) under ${scanPrefix}`);
  const runs: ScanRun[] = [];
  for (const key of keys.sort()) {
    let text: string;
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      text = (await out.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      // Report keys hold dates and run ids only, so the key may be named.
      throw toS3Error(error, 'GetObject', { bucket, reportKey: key });
    }
    runs.push(parseScanLines(text, `s3://${bucket}/${key}`));
  }
  return { kind: 'records-bucket', location, runs };
}

/**
 * The live tags of every version under `prefix` of a vault bucket. A version whose tags cannot be
 * read (access denied, gone) is reported `failed` with the S3 error code, never left out; a
 * throttled or unavailable S3 (after the SDK's retries) fails the whole read.
 */
export async function loadVaultTags(
  s3: S3Client,
  bucket: string,
  options: { readonly prefix?: string; readonly concurrency?: number } = {},
): Promise<ReportInput> {
  const prefix = options.prefix ?? '';
  const versions = (await listVersions(s3, bucket, prefix)).map((v) => ({ ...v, bucket }));
  const limit = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_TAG_CONCURRENCY));
  const objects = await mapLimit(versions, limit, async (v): Promise<ObservedObject> => {
    try {
      return observedFromTags(v, await getVersionTags(s3, v));
    } catch (error) {
      if (!isS3Error(error) || error.retryable) throw error;
      return { vault: bucket, key: v.key, versionId: v.versionId, size: v.size, level: 'failed', types: [], error: error.code };
    }
  });
  const location = `s3://${bucket}/${prefix}`;
  return { kind: 'vault-tags', location, runs: [{ format: 'live-tags', id: 'live-tags', source: location, objects }] };
}
