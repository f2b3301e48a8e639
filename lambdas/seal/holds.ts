/**
 * The S3 calls of sealing: list the versions under a prefix, read and set one version's legal
 * hold. Every call names a version id; a delete marker is never listed (it holds no data and
 * cannot carry a hold).
 */
import {
  GetObjectLegalHoldCommand,
  ListObjectVersionsCommand,
  PutObjectLegalHoldCommand,
  type ListObjectVersionsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isS3Error, toS3Error } from '../aws/errors.js';
import { keyHash, versionIds, type ObjectVersionRef } from '../aws/object-ref.js';
import { bareEtag, type ManifestEntry } from './manifest.js';
import type { VersionFailure } from './records.js';

/** A version as listed: its manifest entry and size. */
export interface ListedVersion extends ManifestEntry {
  readonly size: number;
}

/** Versions per ListObjectVersions page (S3's maximum). */
export const LIST_PAGE_SIZE = 1000;

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
          Prefix: prefix,
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

/** True when the version's legal hold is ON (a version never held answers with no status: OFF). */
export async function getLegalHold(s3: S3Client, ref: ObjectVersionRef): Promise<boolean> {
  try {
    const out = await s3.send(new GetObjectLegalHoldCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
    return out.LegalHold?.Status === 'ON';
  } catch (error) {
    throw toS3Error(error, 'GetObjectLegalHold', versionIds(ref));
  }
}

/** Sets the version's legal hold ON or OFF. */
export async function putLegalHold(s3: S3Client, ref: ObjectVersionRef, on: boolean): Promise<void> {
  try {
    await s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        VersionId: ref.versionId,
        LegalHold: { Status: on ? 'ON' : 'OFF' },
      }),
    );
  } catch (error) {
    throw toS3Error(error, 'PutObjectLegalHold', versionIds(ref));
  }
}

/** The record entry of a version whose S3 call failed; anything but an S3Error is a bug and is rethrown. */
export function versionFailure(ref: ObjectVersionRef, error: unknown): VersionFailure {
  if (!isS3Error(error)) throw error;
  return { versionId: ref.versionId, keyHash: keyHash(ref.key), operation: error.operation, code: error.code, awsCode: error.awsCode };
}
