/**
 * CloudTrail digest files: their content and their signature.
 *
 * Sources: AWS CloudTrail User Guide, "CloudTrail digest file structure" and "Custom
 * implementations of CloudTrail log file integrity validation"; `awscli/customizations/cloudtrail/
 * validation.py` (what `aws cloudtrail validate-logs` runs). The signature is RSA PKCS#1 v1.5 over
 * SHA-256 (`SHA256withRSA`) of the data-signing string:
 *
 *   digestEndTime            (as written in the digest, UTC extended format: 2015-08-17T15:01:31Z)
 *   \n digestS3Bucket/digestS3Object
 *   \n hex(SHA-256(uncompressed digest file bytes))
 *   \n previousDigestSignature (hex; the literal `null` in a starting digest, where the field is null)
 *
 * Hashes (`hashValue`, `previousDigestHashValue`) are over the gzip-DEcompressed content.
 */
import { createHash, verify as rsaVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { issueFields } from '../shared/issues.js';

/** The only signature algorithm CloudTrail uses. */
export const SIGNATURE_ALGORITHM = 'SHA256withRSA';
/** The only hash algorithm digests use. */
export const HASH_ALGORITHM = 'SHA-256';

const LogFileEntry = z.object({
  s3Bucket: z.string(),
  s3Object: z.string(),
  hashValue: z.string(),
  hashAlgorithm: z.string(),
  newestEventTime: z.string().nullish(),
  oldestEventTime: z.string().nullish(),
});

/** The fields of a digest file the verifier relies on (others are kept but not read). */
export const DigestSchema = z.looseObject({
  awsAccountId: z.string(),
  digestStartTime: z.string(),
  digestEndTime: z.string(),
  digestS3Bucket: z.string(),
  digestS3Object: z.string(),
  digestPublicKeyFingerprint: z.string(),
  digestSignatureAlgorithm: z.string(),
  previousDigestS3Bucket: z.string().nullish(),
  previousDigestS3Object: z.string().nullish(),
  previousDigestHashValue: z.string().nullish(),
  previousDigestHashAlgorithm: z.string().nullish(),
  previousDigestSignature: z.string().nullish(),
  logFiles: z.array(LogFileEntry),
});

/** A parsed digest file. */
export type Digest = z.infer<typeof DigestSchema>;

/** A digest as read from the store: its parsed content and the hash of its uncompressed bytes. */
export interface LoadedDigest {
  readonly digest: Digest;
  /** Hex SHA-256 of the uncompressed digest file. */
  readonly hash: string;
}

/** Hex SHA-256. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Decompresses and parses a digest file; the message says what is wrong when it cannot. */
export function loadDigest(gzipped: Uint8Array): LoadedDigest | { error: string } {
  let raw: Buffer;
  try {
    raw = gunzipSync(gzipped);
  } catch {
    return { error: 'not gzip' };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { error: 'not JSON' };
  }
  const parsed = DigestSchema.safeParse(json);
  if (!parsed.success) {
    return { error: `not a CloudTrail digest (${issueFields(parsed.error.issues, '(root)')})` };
  }
  return { digest: parsed.data, hash: sha256Hex(raw) };
}

/** The data-signing string (see the module comment). */
export function signingString(digest: Digest, hash: string): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    hash,
    digest.previousDigestSignature ?? 'null',
  ].join('\n');
}

/** True when `signatureHex` is a valid SHA256withRSA signature of the digest by `key`. */
export function verifyDigestSignature(loaded: LoadedDigest, signatureHex: string, key: KeyObject): boolean {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex)) return false;
  return rsaVerify('sha256', Buffer.from(signingString(loaded.digest, loaded.hash), 'utf8'), key, Buffer.from(signatureHex, 'hex'));
}

/** True when the digest is a starting digest: every previous-digest field is null. */
export function isStartingDigest(digest: Digest): boolean {
  return digest.previousDigestS3Object == null && digest.previousDigestSignature == null;
}
