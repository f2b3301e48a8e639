/**
 * The S3 calls of sealing: read and set one version's legal hold (the versions under a prefix are
 * listed by lambdas/aws/object-versions.ts). Every call names a version id.
 */
import { GetObjectLegalHoldCommand, PutObjectLegalHoldCommand, type S3Client } from '@aws-sdk/client-s3';
import { isS3Error, toS3Error } from '../aws/errors.js';
import { keyHash, versionIds, type ObjectVersionRef } from '../aws/object-ref.js';
import type { VersionFailure } from './records.js';

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
