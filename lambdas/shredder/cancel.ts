/**
 * Cancelling a vault key's deletion because its data must be kept: by the shredder (a key pending
 * deletion that its evidence no longer clears, execute.ts) and by sealing (a legal hold placed on a
 * version under a key pending deletion, lambdas/seal/pending-keys.ts).
 *
 * CancelKeyDeletion leaves the key Disabled: nothing is lost, and nothing is shredded until an
 * operator acts. When the key has a certificate, a cancellation record beside it says who
 * cancelled (`cancelledBy: shredlock`), why, and which versions (ids only); the topic is told.
 */
import { CancelKeyDeletionCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { toKmsError } from '../aws/errors.js';
import { closingRecord, readCertificate, writeClosingRecord } from './certificate.js';
import type { Blocker } from './evidence-model.js';
import { publishNotice } from './notify.js';

/** Blockers named in records and notices. */
export const MAX_BLOCKERS_LISTED = 50;

/** The key whose deletion is cancelled. */
export interface CancelTarget {
  readonly vaultName: string;
  readonly recordsBucket: string;
  readonly topicArn?: string;
  readonly keyId: string;
  readonly keyArn?: string;
  readonly epoch: string;
}

/** What a cancellation did. */
export interface Cancellation {
  readonly requestId?: string;
  /** s3:// URL of the cancellation record; undefined when the key has no certificate (or one was there). */
  readonly record?: string;
  readonly notification: 'sent' | 'failed' | 'none';
}

/** Cancels the deletion, records it beside the certificate (if any), and tells the topic (see the module doc). */
export async function cancelKeyDeletion(
  clients: { readonly s3: S3Client; readonly kms: KMSClient; readonly sns?: SNSClient },
  target: CancelTarget,
  why: { readonly reasons: readonly string[]; readonly blockers: readonly Blocker[]; readonly now: Date; readonly clock: 'system' | 'override'; readonly by?: string },
): Promise<Cancellation> {
  let requestId: string | undefined;
  try {
    const out = await clients.kms.send(new CancelKeyDeletionCommand({ KeyId: target.keyId }));
    requestId = out.$metadata.requestId;
  } catch (error) {
    throw toKmsError(error, 'CancelKeyDeletion', { keyId: target.keyId });
  }
  const blockers = why.blockers.slice(0, MAX_BLOCKERS_LISTED).map((b) => ({ versionId: b.versionId, reasons: [...b.reasons] }));
  let record: string | undefined;
  const certificate = await readCertificate(clients.s3, target.recordsBucket, target.vaultName, target.epoch, target.keyId);
  if (certificate) {
    const closing = closingRecord(certificate, target.recordsBucket, {
      kind: 'cancellation',
      keyState: 'Disabled',
      observedAt: why.now,
      ...(requestId ? { requestId } : {}),
      clock: why.clock,
      cancelled: { reasons: why.reasons, blockers },
    });
    const written = await writeClosingRecord(clients.s3, target.recordsBucket, closing);
    if (written) record = `s3://${written.bucket}/${written.key}`;
  }
  let notification: Cancellation['notification'] = 'none';
  if (target.topicArn && clients.sns) {
    try {
      await publishNotice(clients.sns, target.topicArn, {
        event: 'key-deletion-cancelled',
        vault: target.vaultName,
        detail: {
          epoch: target.epoch,
          keyId: target.keyId,
          keyArn: target.keyArn ?? null,
          cancelledBy: 'shredlock',
          ...(why.by ? { by: why.by } : {}),
          reasons: why.reasons,
          blockers,
          blockersTotal: why.blockers.length,
          observedAt: why.now.toISOString(),
          ...(record ? { record } : {}),
        },
      });
      notification = 'sent';
    } catch {
      // The cancellation is done and recorded; a lost notice is reported, not retried here.
      notification = 'failed';
    }
  }
  return { ...(requestId ? { requestId } : {}), ...(record ? { record } : {}), notification };
}
