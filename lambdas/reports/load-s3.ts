/**
 * Reads the tag report's inputs from S3: the scanner's findings files in the records bucket
 * (`<prefix>scan/dt=YYYY-MM-DD/<run>.jsonl`), or the live `shredlock:*` tags of every version in
 * a vault bucket. Read-only: ListObjectsV2 and GetObject, or ListObjectVersions and
 * GetObjectTagging.
 *
 * The tag reports under `<prefix>tags/` are not read: they describe the same runs as the findings
 * files, without counts per type.
 */
import { GetObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import { isS3Error, toS3Error } from '../aws/errors.js';
import { DEFAULT_REPORT_PREFIX } from '../scanner/report-writer.js';
import { getVersionTags } from '../scanner/scan-object.js';
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
  const keys: string[] = [];
  let token: string | undefined;
  do {
    let out;
    try {
      out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: scanPrefix, ContinuationToken: token }));
    } catch (error) {
      throw toS3Error(error, 'ListObjectsV2', { bucket, prefix: scanPrefix });
    }
    for (const o of out.Contents ?? []) if (o.Key?.endsWith('.jsonl')) keys.push(o.Key);
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
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

interface ListedVersion {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  readonly size: number;
}

async function listVersions(s3: S3Client, bucket: string, prefix: string): Promise<ListedVersion[]> {
  const versions: ListedVersion[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    let page;
    try {
      page = await s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix || undefined, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
      );
    } catch (error) {
      throw toS3Error(error, 'ListObjectVersions', { bucket });
    }
    // Delete markers are not data: only versions are listed.
    for (const v of page.Versions ?? []) {
      if (v.Key !== undefined && v.VersionId !== undefined) versions.push({ bucket, key: v.Key, versionId: v.VersionId, size: v.Size ?? 0 });
    }
    if (!page.IsTruncated || !page.NextKeyMarker) return versions;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
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
  const versions = await listVersions(s3, bucket, prefix);
  const objects: ObservedObject[] = new Array(versions.length);
  let next = 0;
  const worker = async () => {
    while (next < versions.length) {
      const i = next++;
      const v = versions[i];
      try {
        objects[i] = observedFromTags(v, await getVersionTags(s3, v));
      } catch (error) {
        if (!isS3Error(error) || error.retryable) throw error;
        objects[i] = { vault: bucket, key: v.key, versionId: v.versionId, size: v.size, level: 'failed', types: [], error: error.code };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? DEFAULT_TAG_CONCURRENCY) }, worker));
  const location = `s3://${bucket}/${prefix}`;
  return { kind: 'vault-tags', location, runs: [{ format: 'live-tags', id: 'live-tags', source: location, objects }] };
}
