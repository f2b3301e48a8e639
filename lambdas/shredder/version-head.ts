/**
 * One listed version read with HeadObject, and the two checks around it that keep a read from
 * passing for evidence it is not:
 *
 * - HeadObject returns the Object Lock headers only to a caller with s3:GetObjectRetention and
 *   s3:GetObjectLegalHold; without them it silently leaves them out, and every version would look
 *   unlocked. probeLockVisibility asks GetObjectRetention and GetObjectLegalHold of one version
 *   read: AccessDenied, or a legal hold HeadObject did not show, is `lock-hidden`. Other answers
 *   give no opinion (moto cannot parse its own GetObjectRetention answer).
 * - A listed version whose HeadObject answers 404 is not "gone" on that word alone: the listing
 *   may have named the wrong key. stillListed lists again, from the key itself; only a fresh
 *   URL-encoded listing without that version proves it gone.
 */
import { GetObjectLegalHoldCommand, GetObjectRetentionCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { toS3Error } from '../aws/errors.js';
import { keyHash, versionIds } from '../aws/object-ref.js';
import { listVersionPage, type VersionMarker } from '../aws/object-versions.js';
import { isKeyReference, keyIdOf } from '../vault/epoch-keys.js';
import type { Blocker, CoveredVersion } from './evidence-model.js';

/** A version to read: its key, version id and ETag. */
export interface VersionToRead {
  readonly key: string;
  readonly versionId: string;
  readonly etag: string;
}

/**
 * HeadObject of one version, reduced to what the evidence needs: `gone` is a 404 that a fresh
 * listing confirmed, `missing` a 404 that it did not (readVersion).
 */
export type HeadOutcome =
  | { kind: 'head'; sseKey?: string; size: number; lockMode?: string; retainUntil?: string; legalHold: boolean }
  | { kind: 'gone' }
  | { kind: 'missing' }
  | { kind: 'failed'; code: string };

/** readVersion: HeadObject, and a 404 checked against a fresh listing (stillListed). */
export async function readVersion(s3: S3Client, bucket: string, v: VersionToRead): Promise<HeadOutcome> {
  const h = await head(s3, bucket, v);
  if (h.kind !== 'gone') return h;
  return (await stillListed(s3, bucket, v)) ? { kind: 'missing' } : h;
}

/** HeadObject pinned to the version id; `gone` on 404 (unconfirmed: use readVersion). Throttling and outages throw. */
export async function head(s3: S3Client, bucket: string, v: VersionToRead): Promise<HeadOutcome> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: v.key, VersionId: v.versionId }));
    return {
      kind: 'head',
      sseKey: out.ServerSideEncryption?.startsWith('aws:kms') ? out.SSEKMSKeyId : undefined,
      size: out.ContentLength ?? 0,
      lockMode: out.ObjectLockMode,
      retainUntil: out.ObjectLockRetainUntilDate?.toISOString(),
      legalHold: out.ObjectLockLegalHoldStatus === 'ON',
    };
  } catch (error) {
    const failure = toS3Error(error, 'HeadObject', versionIds({ bucket, ...v }));
    if (failure.retryable) throw failure;
    if (failure.kind === 'NOT_FOUND') return { kind: 'gone' };
    return { kind: 'failed', code: failure.code };
  }
}

/** Proves the caller sees Object Lock fields in HeadObject: undefined when it does or the probe has no opinion. */
export async function probeLockVisibility(s3: S3Client, bucket: string, v: VersionToRead, headLegalHold: boolean): Promise<Blocker | undefined> {
  const hidden = (code: string): Blocker => ({ versionId: v.versionId, keyHash: keyHash(v.key), reasons: ['lock-hidden'], code });
  const ref = { Bucket: bucket, Key: v.key, VersionId: v.versionId };
  const ids = versionIds({ bucket, ...v });
  try {
    await s3.send(new GetObjectRetentionCommand(ref));
  } catch (error) {
    const failure = toS3Error(error, 'GetObjectRetention', ids);
    if (failure.kind === 'ACCESS_DENIED') return hidden(failure.code);
    if (failure.retryable) throw failure;
  }
  try {
    const out = await s3.send(new GetObjectLegalHoldCommand(ref));
    if (out.LegalHold?.Status === 'ON' && !headLegalHold) return hidden('LEGAL_HOLD_NOT_IN_HEAD');
  } catch (error) {
    const failure = toS3Error(error, 'GetObjectLegalHold', ids);
    if (failure.kind === 'ACCESS_DENIED') return hidden(failure.code);
    if (failure.retryable) throw failure;
  }
  return undefined;
}

/**
 * True unless a fresh listing from `v.key` proves `v` gone: it is listed again under that exact
 * key, or the listing's keys were not URL-encoded (then they may not be the keys stored).
 */
export async function stillListed(s3: S3Client, bucket: string, v: VersionToRead): Promise<boolean> {
  let after: VersionMarker | undefined;
  for (;;) {
    const page = await listVersionPage(s3, bucket, { prefix: v.key, ...(after ? { after } : {}) });
    if (!page.encoded) return true;
    if (page.versions.some((x) => x.key === v.key && x.versionId === v.versionId)) return true;
    if (!page.truncated) return false;
    if (!page.next) return true; // cut short: proves nothing
    after = page.next;
  }
}

/** The shared blocker of a version HeadObject could not find and a fresh listing still names. */
export function notFoundBlocker(v: VersionToRead): Blocker {
  return { versionId: v.versionId, keyHash: keyHash(v.key), reasons: ['not-found'], code: 'S3_NOT_FOUND' };
}

/** Where one version's HeadObject sends it. */
export type HeadVerdict =
  | { readonly kind: 'shared'; readonly blocker: Blocker }
  | { readonly kind: 'vanished' }
  | { readonly kind: 'without-kms' }
  | { readonly kind: 'key'; readonly keyId: string; readonly version: CoveredVersion };

/** Judges one listed version by what readVersion found (evidence.ts's table). */
export function judgeHead(v: VersionToRead, h: HeadOutcome): HeadVerdict {
  if (h.kind === 'gone') return { kind: 'vanished' };
  if (h.kind === 'missing') return { kind: 'shared', blocker: notFoundBlocker(v) };
  if (h.kind === 'failed') return { kind: 'shared', blocker: { versionId: v.versionId, keyHash: keyHash(v.key), reasons: ['unreadable'], code: h.code } };
  if (h.sseKey === undefined) return { kind: 'without-kms' };
  if (!isKeyReference(h.sseKey)) return { kind: 'shared', blocker: { versionId: v.versionId, keyHash: keyHash(v.key), reasons: ['unattributed'] } };
  return {
    kind: 'key',
    keyId: keyIdOf(h.sseKey),
    version: {
      key: v.key,
      versionId: v.versionId,
      etag: v.etag,
      size: h.size,
      legalHold: h.legalHold,
      ...(h.lockMode ? { lockMode: h.lockMode } : {}),
      ...(h.retainUntil ? { retainUntil: h.retainUntil } : {}),
    },
  };
}
