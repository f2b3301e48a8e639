/**
 * Every object version under a prefix (ListObjectVersions, all pages). Delete markers are not
 * listed: they hold no data, and carry no tags, holds or retention.
 */
import { ListObjectVersionsCommand, type ListObjectVersionsCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { toS3Error } from './errors.js';

/** A version as listed. */
export interface ListedVersion {
  readonly key: string;
  readonly versionId: string;
  /** Without the quotes S3 puts around it (bareEtag). */
  readonly etag: string;
  readonly size: number;
}

/** Versions per ListObjectVersions page (S3's maximum). */
export const LIST_PAGE_SIZE = 1000;

/** An ETag without the quotes S3 puts around it. */
export function bareEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^"(.*)"$/, '$1');
}

/** Every version under `prefix` (delete markers left out), in listing order. */
export async function listVersions(
  s3: S3Client,
  bucket: string,
  prefix: string,
  pageSize: number = LIST_PAGE_SIZE,
): Promise<ListedVersion[]> {
  const versions: ListedVersion[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    let page: ListObjectVersionsCommandOutput;
    try {
      page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: prefix || undefined,
          MaxKeys: pageSize,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
        }),
      );
    } catch (error) {
      throw toS3Error(error, 'ListObjectVersions', { bucket });
    }
    for (const v of page.Versions ?? []) {
      if (v.Key === undefined || v.VersionId === undefined) continue;
      versions.push({ key: v.Key, versionId: v.VersionId, etag: bareEtag(v.ETag), size: v.Size ?? 0 });
    }
    if (!page.IsTruncated) return versions;
    // Without a next marker the loop would list the same page again: S3 promises one.
    if (!page.NextKeyMarker) throw toS3Error({ name: 'MissingNextKeyMarker' }, 'ListObjectVersions', { bucket });
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}
