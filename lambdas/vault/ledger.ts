/**
 * The epoch ledger: the project's own record of which KMS key covers which writes (S3 Inventory
 * does not report KMS key ARNs). One object per epoch, `epochs/<vault>/<YYYY-MM>.json` in the
 * records bucket; a change (activation) is a new version of it, and the locked bucket keeps every
 * version.
 *
 * ```json
 * { "type": "shredlock.epoch", "version": 1, "vault": "shredlock", "epoch": "2026-11",
 *   "epochMonths": 1, "from": "2026-11-01T00:00:00.000Z", "to": "2026-12-01T00:00:00.000Z",
 *   "keyId": "…", "keyArn": "arn:aws:kms:…:key/…", "alias": "alias/shredlock/shredlock/epoch/2026-11",
 *   "shredNotBefore": "2033-11-29", "recordedAt": "…", "activatedAt": "…" | null }
 * ```
 *
 * `from`/`to` are the epoch's planned window; `activatedAt` is when the rotator pointed the vault
 * bucket's default encryption at the key (writes that name no key are covered from then on).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { VaultRecordError } from './errors.js';
import { ledgerKey, ledgerPrefix } from '../../contract/naming.js';
import { EPOCH_PATTERN, KMS_KEY_ARN_PATTERN } from '../../contract/patterns.js';
import { listRecordKeys, putRecordVersion, readRecord, recordJson } from './records.js';
import { issueMessages } from '../shared/issues.js';

/** Schema version of ledger entries. */
export const LEDGER_VERSION = 1;

/** The schema of one ledger entry. */
export const LedgerEntrySchema = z.object({
  type: z.literal('shredlock.epoch'),
  version: z.literal(LEDGER_VERSION),
  vault: z.string().min(1),
  epoch: z.string().regex(EPOCH_PATTERN),
  epochMonths: z.number().int().min(1).max(12),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  keyId: z.string().min(1),
  keyArn: z.string().regex(KMS_KEY_ARN_PATTERN),
  alias: z.string().min(1),
  shredNotBefore: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  recordedAt: z.iso.datetime(),
  activatedAt: z.iso.datetime().nullable(),
});

/** One ledger entry. */
export type LedgerEntry = z.output<typeof LedgerEntrySchema>;

/** Parses a ledger entry; VaultRecordError names the record and each problem. */
export function parseLedgerEntry(text: string, record: string): LedgerEntry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VaultRecordError('LEDGER_INVALID', record, ['not JSON']);
  }
  const parsed = LedgerEntrySchema.safeParse(json);
  if (!parsed.success) {
    throw new VaultRecordError(
      'LEDGER_INVALID',
      record,
      issueMessages(parsed.error.issues, '(entry)'),
    );
  }
  return parsed.data;
}

/** The ledger entry of one epoch, or undefined. */
export async function readLedgerEntry(s3: S3Client, bucket: string, vault: string, epoch: string): Promise<LedgerEntry | undefined> {
  const key = ledgerKey(vault, epoch);
  const text = await readRecord(s3, bucket, key);
  return text === undefined ? undefined : parseLedgerEntry(text, `s3://${bucket}/${key}`);
}

/** Every ledger entry of a vault, oldest epoch first. */
export async function listLedger(s3: S3Client, bucket: string, vault: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  for (const key of (await listRecordKeys(s3, bucket, ledgerPrefix(vault))).sort()) {
    if (!key.endsWith('.json')) continue;
    const text = await readRecord(s3, bucket, key);
    if (text !== undefined) entries.push(parseLedgerEntry(text, `s3://${bucket}/${key}`));
  }
  return entries;
}

/** Canonical JSON of an entry (fixed field order, so equal entries are equal text). */
export function ledgerJson(entry: LedgerEntry): string {
  return recordJson(LedgerEntrySchema.parse(entry));
}

/** Writes an entry as a new version of its ledger object. */
export async function writeLedgerEntry(s3: S3Client, bucket: string, entry: LedgerEntry): Promise<void> {
  await putRecordVersion(s3, bucket, ledgerKey(entry.vault, entry.epoch), ledgerJson(entry), 'application/json');
}
