/**
 * The tag set of one S3 object version: GetObjectTagging and PutObjectTagging, always with the
 * version id. Light on purpose: the Macie findings Lambda uses it without the scan engine.
 */
import { GetObjectTaggingCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { toS3Error } from './errors.js';
import { versionIds, type ObjectVersionRef } from './object-ref.js';

/** One S3 tag. */
export interface S3Tag {
  readonly Key: string;
  readonly Value: string;
}

/** The tag set of a version. */
export async function getVersionTags(s3: S3Client, ref: ObjectVersionRef): Promise<S3Tag[]> {
  try {
    const out = await s3.send(new GetObjectTaggingCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
    return (out.TagSet ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
  } catch (error) {
    throw toS3Error(error, 'GetObjectTagging', versionIds(ref));
  }
}

/** Replaces the tag set of a version (PutObjectTagging replaces the whole set). */
export async function putVersionTags(s3: S3Client, ref: ObjectVersionRef, tags: readonly S3Tag[]): Promise<void> {
  try {
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        VersionId: ref.versionId,
        Tagging: { TagSet: tags.map((t) => ({ Key: t.Key, Value: t.Value })) },
      }),
    );
  } catch (error) {
    throw toS3Error(error, 'PutObjectTagging', versionIds(ref));
  }
}
