/**
 * Object versions as ListObjectVersions gives them, one page at a time or every page under a
 * prefix. URL-encoded and decoded once (listed-key.ts), keys and markers alike. Delete markers
 * are counted, not listed: they hold no data, and carry no tags, holds or retention.
 */
import { ListObjectVersionsCommand, type ListObjectVersionsCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { toS3Error } from './errors.js';
import { keyDecoder, LISTING_ENCODING } from './listed-key.js';

/** A version as listed. */
export interface ListedVersion {
  readonly key: string;
  readonly versionId: string;
  /** Without the quotes S3 puts around it (bareEtag). */
  readonly etag: string;
  readonly size: number;
  /** The key's current version (IsLatest): not when a delete marker is newer. */
  readonly latest: boolean;
}

/** Where a listing goes on (decoded key, version id). */
export interface VersionMarker {
  readonly keyMarker: string;
  readonly versionIdMarker?: string;
}

/** One page of ListObjectVersions. */
export interface VersionPage {
  readonly versions: readonly ListedVersion[];
  readonly deleteMarkers: number;
  /** S3 said more follow. */
  readonly truncated: boolean;
  /** The answer said its keys were URL-encoded (S3 always does; a server that ignores the parameter does not). */
  readonly encoded: boolean;
  /** Where the next page starts; undefined on the last page, or when S3 gave no marker (truncated without `next`). */
  readonly next?: VersionMarker;
}

/** Options of listVersionPage. */
export interface VersionPageOptions {
  readonly prefix?: string;
  /** @default LIST_PAGE_SIZE */
  readonly pageSize?: number;
  readonly after?: VersionMarker;
}

/** Versions per ListObjectVersions page (S3's maximum). */
export const LIST_PAGE_SIZE = 1000;

/** An ETag without the quotes S3 puts around it. */
export function bareEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^"(.*)"$/, '$1');
}

/** One page of versions of `bucket` (throttling, outages and refusals throw S3Error). */
export async function listVersionPage(s3: S3Client, bucket: string, options: VersionPageOptions = {}): Promise<VersionPage> {
  const { prefix, pageSize = LIST_PAGE_SIZE, after } = options;
  let page: ListObjectVersionsCommandOutput;
  try {
    page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: prefix || undefined,
        MaxKeys: pageSize,
        EncodingType: LISTING_ENCODING,
        ...(after?.keyMarker ? { KeyMarker: after.keyMarker, VersionIdMarker: after.versionIdMarker || undefined } : {}),
      }),
    );
  } catch (error) {
    throw toS3Error(error, 'ListObjectVersions', { bucket });
  }
  const decode = keyDecoder(page.EncodingType, 'ListObjectVersions', bucket);
  const versions: ListedVersion[] = [];
  for (const v of page.Versions ?? []) {
    if (v.Key === undefined || v.VersionId === undefined) continue;
    versions.push({ key: decode(v.Key), versionId: v.VersionId, etag: bareEtag(v.ETag), size: v.Size ?? 0, latest: v.IsLatest === true });
  }
  const truncated = page.IsTruncated === true;
  return {
    versions,
    deleteMarkers: page.DeleteMarkers?.length ?? 0,
    truncated,
    encoded: page.EncodingType === LISTING_ENCODING,
    ...(truncated && page.NextKeyMarker
      ? { next: { keyMarker: decode(page.NextKeyMarker), ...(page.NextVersionIdMarker ? { versionIdMarker: page.NextVersionIdMarker } : {}) } }
      : {}),
  };
}

/** Every version under `prefix` (delete markers left out), in listing order. */
export async function listVersions(
  s3: S3Client,
  bucket: string,
  prefix: string,
  pageSize: number = LIST_PAGE_SIZE,
): Promise<ListedVersion[]> {
  const versions: ListedVersion[] = [];
  let after: VersionMarker | undefined;
  for (;;) {
    const page = await listVersionPage(s3, bucket, { prefix, pageSize, ...(after ? { after } : {}) });
    versions.push(...page.versions);
    if (!page.truncated) return versions;
    // Without a next marker the loop would list the same page again: S3 promises one.
    if (!page.next) throw toS3Error({ name: 'MissingNextKeyMarker' }, 'ListObjectVersions', { bucket });
    after = page.next;
  }
}
