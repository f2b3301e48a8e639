/**
 * Names one S3 object version, and the ids of it that may appear in logs, errors and metrics.
 * Object keys may contain people's names: they never leave this shape except towards S3 itself
 * and the (restricted) report bucket.
 */
import { createHmac, randomBytes } from 'node:crypto';

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

/** Hex characters kept of the key's HMAC-SHA256: enough to tell keys apart in one run's logs. */
export const KEY_HASH_LENGTH = 12;

/** Environment variable holding the secret of the key pseudonyms (at least 32 characters). */
export const PSEUDONYM_KEY_ENV = 'SHREDLOCK_PSEUDONYM_KEY';

let secret: Buffer | undefined;

/**
 * The pseudonym secret: SHREDLOCK_PSEUDONYM_KEY when set (then pseudonyms agree across processes
 * and runs: set it from a secret store to correlate logs), otherwise 32 random bytes made once per
 * process. An unkeyed hash of a key could be reversed with a dictionary of names.
 */
function pseudonymSecret(): Buffer {
  if (secret) return secret;
  const configured = process.env[PSEUDONYM_KEY_ENV];
  if (configured !== undefined && configured !== '') {
    if (configured.length < 32) throw new RangeError(`${PSEUDONYM_KEY_ENV} must be at least 32 characters`);
    secret = Buffer.from(configured, 'utf8');
  } else secret = randomBytes(32);
  return secret;
}

/** Forgets the secret (tests that change SHREDLOCK_PSEUDONYM_KEY); the next keyHash reads it again. */
export function resetPseudonymKey(): void {
  secret = undefined;
}

/** A short keyed pseudonym of an object key (HMAC-SHA256), to correlate log lines without writing the key. */
export function keyHash(key: string): string {
  return createHmac('sha256', pseudonymSecret()).update(key, 'utf8').digest('hex').slice(0, KEY_HASH_LENGTH);
}

/** The loggable ids of an object version. */
export function versionIds(ref: ObjectVersionRef): ObjectVersionIds {
  return { bucket: ref.bucket, versionId: ref.versionId, keyHash: keyHash(ref.key) };
}
