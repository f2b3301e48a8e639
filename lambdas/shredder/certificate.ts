/**
 * Destruction certificates and the records that close them, in the records bucket (Object Lock,
 * default retention, audit key). Each object is written once (`If-None-Match: *`) and never
 * overwritten; a later completion or cancellation is a separate object beside the certificate:
 *
 * | Object                                                        | Written when                         |
 * |---------------------------------------------------------------|--------------------------------------|
 * | `certificates/<vault>/<epoch>/<key-id>.manifest.tsv`          | deletion scheduled (before the cert) |
 * | `certificates/<vault>/<epoch>/<key-id>.json`                  | deletion scheduled                   |
 * | `certificates/<vault>/<epoch>/<key-id>.completion.json`       | a later run finds the key gone       |
 * | `certificates/<vault>/<epoch>/<key-id>.cancellation.json`     | a later run finds deletion cancelled |
 *
 * Every record carries `type`, `version`, `vault`, `keyArn` and `scheduledAt`, so a reader of any
 * one of them (lambdas/audit/certificates.ts, lambdas/reports/certificates.ts) finds the key it is
 * about; `type` tells them apart.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { VaultRecordError } from '../vault/errors.js';
import { certificateKeys } from '../../contract/naming.js';
import { EPOCH_PATTERN, KMS_KEY_ARN_PATTERN } from '../../contract/patterns.js';
import { putNewRecord, readRecord, recordJson, type WrittenRecord } from '../vault/records.js';
import { issueMessages } from '../shared/issues.js';

/** Schema version of the certificate and its closing records. */
export const CERTIFICATE_VERSION = 1;
/** `type` of a destruction certificate. */
export const CERTIFICATE_TYPE = 'shredlock.destruction-certificate';
/** `type` of the records that close a certificate (completion, cancellation): not certificates. */
export const CLOSING_RECORD_TYPES = ['shredlock.destruction-completion', 'shredlock.destruction-cancellation'] as const;

const iso = z.iso.datetime({ offset: true });

/** The destruction certificate. */
export const CertificateSchema = z.object({
  type: z.literal(CERTIFICATE_TYPE),
  version: z.literal(CERTIFICATE_VERSION),
  vault: z.string().min(1),
  vaultBucket: z.string().min(1),
  epoch: z.string().regex(EPOCH_PATTERN),
  epochMonths: z.number().int().min(1).max(12),
  keyId: z.string().min(1),
  keyArn: z.string().regex(KMS_KEY_ARN_PATTERN),
  aliasName: z.string().nullable(),
  shredNotBefore: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  objects: z.object({
    count: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
    manifestKey: z.string().min(1),
    manifestFormat: z.string().min(1),
  }),
  retentionEvidence: z.object({
    /** `list-and-head` (evidence.ts) or `inventory` (inventory-evidence.ts). */
    method: z.enum(['list-and-head', 'inventory']),
    checkedAt: iso,
    versionsListed: z.number().int().nonnegative(),
    deleteMarkers: z.number().int().nonnegative(),
    versionsOfOtherKeys: z.number().int().nonnegative(),
    versionsWithoutKms: z.number().int().nonnegative(),
    versionsVanished: z.number().int().nonnegative(),
    retained: z.literal(0),
    legalHolds: z.literal(0),
    unreadable: z.literal(0),
    latestRetainUntil: iso.nullable(),
    lockModes: z.record(z.string(), z.number().int().nonnegative()),
    /** The S3 Inventory that proved it (method `inventory` only; optional, so version 1 stays). */
    inventory: z
      .object({
        manifestKey: z.string().regex(/^s3:\/\/[^/]+\/.+\/manifest\.json$/),
        manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
        creationTimestamp: iso,
        files: z.number().int().nonnegative(),
        rows: z.number().int().nonnegative(),
        versionsResolvedByHead: z.number().int().nonnegative(),
      })
      .optional(),
  }).refine((e) => (e.method === 'inventory') === (e.inventory !== undefined), {
    path: ['inventory'],
    message: 'required exactly when method is "inventory"',
  }),
  approval: z.object({
    required: z.boolean(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
  }),
  shredder: z.object({ principalArn: z.string().nullable() }),
  keyStateBefore: z.enum(['Enabled', 'Disabled', 'PendingDeletion']),
  decidedAt: iso,
  disabledAt: iso.nullable(),
  scheduledAt: iso,
  deletionDate: iso,
  pendingWindowDays: z.number().int().min(7).max(30),
  clock: z.enum(['system', 'override']),
  requestIds: z.object({
    disableKey: z.string().nullable(),
    scheduleKeyDeletion: z.string().nullable(),
    describeKey: z.string().nullable(),
  }),
});

/** A destruction certificate. */
export type Certificate = z.output<typeof CertificateSchema>;

/** A completion or cancellation: a later run's observation of the key, beside the certificate. */
export const ClosingRecordSchema = z.object({
  type: z.enum(CLOSING_RECORD_TYPES),
  version: z.literal(CERTIFICATE_VERSION),
  vault: z.string().min(1),
  epoch: z.string().regex(EPOCH_PATTERN),
  keyId: z.string().min(1),
  keyArn: z.string().regex(KMS_KEY_ARN_PATTERN),
  /** Copied from the certificate. */
  scheduledAt: iso,
  deletionDate: iso,
  certificateKey: z.string().min(1),
  observedAt: iso,
  /** `missing` (DescribeKey: NotFoundException) for a completion; `Enabled`/`Disabled` for a cancellation. */
  keyState: z.enum(['missing', 'Enabled', 'Disabled']),
  requestId: z.string().nullable(),
  clock: z.enum(['system', 'override']),
  /** A cancellation the shredder made itself (CancelKeyDeletion): why, and the versions that must be kept (ids only). */
  cancelledBy: z.literal('shredlock').optional(),
  reasons: z.array(z.string().min(1)).optional(),
  blockers: z.array(z.object({ versionId: z.string(), reasons: z.array(z.string()) })).optional(),
});

/** A completion or cancellation record. */
export type ClosingRecord = z.output<typeof ClosingRecordSchema>;

function issuesOf(error: z.ZodError): string[] {
  return issueMessages(error.issues, '(record)');
}

/** Validates a certificate before it is written (a bug must not produce a malformed record). */
export function checkCertificate(certificate: Certificate, record: string): Certificate {
  const parsed = CertificateSchema.safeParse(certificate);
  if (!parsed.success) throw new VaultRecordError('RECORD_INVALID', record, issuesOf(parsed.error));
  return parsed.data;
}

/** Result of writing a certificate: undefined `certificate` when one was already there. */
export interface CertificateWrite {
  readonly manifest?: WrittenRecord;
  readonly certificate?: WrittenRecord;
}

/**
 * Writes the manifest, then the certificate, each only if absent. A manifest already there (a run
 * that stopped before its certificate) is left as it is when its text is the same.
 */
export async function writeCertificate(s3: S3Client, bucket: string, certificate: Certificate, manifestText: string): Promise<CertificateWrite> {
  const keys = certificateKeys(certificate.vault, certificate.epoch, certificate.keyId);
  const checked = checkCertificate(certificate, `s3://${bucket}/${keys.certificate}`);
  const manifest = await putNewRecord(s3, bucket, keys.manifest, manifestText, 'text/tab-separated-values; charset=utf-8');
  if (!manifest) {
    const existing = await readRecord(s3, bucket, keys.manifest);
    if (existing !== manifestText) {
      throw new VaultRecordError('RECORD_INVALID', `s3://${bucket}/${keys.manifest}`, [
        'a different manifest is already recorded for this key; the certificate was not written',
      ]);
    }
  }
  const written = await putNewRecord(s3, bucket, keys.certificate, recordJson(checked), 'application/json');
  return { ...(manifest ? { manifest } : {}), ...(written ? { certificate: written } : {}) };
}

/** Reads and validates the certificate of a key; undefined when there is none. */
export async function readCertificate(s3: S3Client, bucket: string, vault: string, epoch: string, keyId: string): Promise<Certificate | undefined> {
  const key = certificateKeys(vault, epoch, keyId).certificate;
  const text = await readRecord(s3, bucket, key);
  if (text === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new VaultRecordError('RECORD_INVALID', `s3://${bucket}/${key}`, ['not JSON']);
  }
  const parsed = CertificateSchema.safeParse(raw);
  if (!parsed.success) throw new VaultRecordError('RECORD_INVALID', `s3://${bucket}/${key}`, issuesOf(parsed.error));
  return parsed.data;
}

/** The closing record of a certificate, built from it and the observation. */
export function closingRecord(
  certificate: Certificate,
  bucket: string,
  observation: {
    kind: 'completion' | 'cancellation';
    keyState: ClosingRecord['keyState'];
    observedAt: Date;
    requestId?: string;
    clock: ClosingRecord['clock'];
    /** For a cancellation the shredder made: its reasons and blockers. */
    cancelled?: { reasons: readonly string[]; blockers: readonly { versionId: string; reasons: readonly string[] }[] };
  },
): ClosingRecord {
  return {
    type: observation.kind === 'completion' ? 'shredlock.destruction-completion' : 'shredlock.destruction-cancellation',
    version: CERTIFICATE_VERSION,
    vault: certificate.vault,
    epoch: certificate.epoch,
    keyId: certificate.keyId,
    keyArn: certificate.keyArn,
    scheduledAt: certificate.scheduledAt,
    deletionDate: certificate.deletionDate,
    certificateKey: `s3://${bucket}/${certificateKeys(certificate.vault, certificate.epoch, certificate.keyId).certificate}`,
    observedAt: observation.observedAt.toISOString(),
    keyState: observation.keyState,
    requestId: observation.requestId ?? null,
    clock: observation.clock,
    ...(observation.cancelled
      ? {
          cancelledBy: 'shredlock' as const,
          reasons: [...observation.cancelled.reasons],
          blockers: observation.cancelled.blockers.map((b) => ({ versionId: b.versionId, reasons: [...b.reasons] })),
        }
      : {}),
  };
}

/** Writes a completion or cancellation record once; undefined when it was already there. */
export async function writeClosingRecord(s3: S3Client, bucket: string, record: ClosingRecord): Promise<WrittenRecord | undefined> {
  const keys = certificateKeys(record.vault, record.epoch, record.keyId);
  const key = record.type === 'shredlock.destruction-completion' ? keys.completion : keys.cancellation;
  const parsed = ClosingRecordSchema.safeParse(record);
  if (!parsed.success) throw new VaultRecordError('RECORD_INVALID', `s3://${bucket}/${key}`, issuesOf(parsed.error));
  return putNewRecord(s3, bucket, key, recordJson(parsed.data), 'application/json');
}
