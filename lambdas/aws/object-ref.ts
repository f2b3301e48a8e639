/**
 * Names one S3 object version, and the ids of it that may appear in logs, errors and metrics.
 * Object keys may contain people's names: they never leave this shape except towards S3 itself
 * and the (restricted) report bucket.
 */
import { createHash } from 'node:crypto';

/** One object version. Every ShredLock action names a version: a plain key is never enough. */
export interface ObjectVersionRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
}

/**
 * What may be logged about an object version: the bucket, the version id and a short key hash.
 * (A type alias, not an interface, so it fits the `AwsIds` record of error ids.)
 */
export type ObjectVersionIds = {
  readonly bucket: string;
  readonly versionId: string;
  readonly keyHash: string;
};

/** Hex characters kept of the key's SHA-256: enough to tell keys apart in one run's logs. */
export const KEY_HASH_LENGTH = 12;

/** A short, stable hash of an object key, to correlate log lines without writing the key. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, KEY_HASH_LENGTH);
}

/** The loggable ids of an object version. */
export function versionIds(ref: ObjectVersionRef): ObjectVersionIds {
  return { bucket: ref.bucket, versionId: ref.versionId, keyHash: keyHash(ref.key) };
}
