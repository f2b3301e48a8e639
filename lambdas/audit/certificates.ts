/**
 * Destruction certificates as the audit reads them: the files the shredder writes to the records
 * bucket (lambdas/shredder/certificate.ts), copied to a folder, for example with
 * `aws s3 cp --recursive s3://<records bucket>/certificates/<vault>/ <dir>`.
 *
 * Every `*.json` file in the folder and its subfolders is read:
 *
 * | `type` in the file                                          | Read as                                  |
 * |-------------------------------------------------------------|------------------------------------------|
 * | `shredlock.destruction-certificate`                         | a certificate; must match the schema     |
 * | `shredlock.destruction-completion` or `-cancellation`       | passed over: it closes a certificate and |
 * |                                                             | names its key, but is not one            |
 * | anything else                                               | CERTIFICATE_INVALID, naming the file     |
 *
 * Manifests (`*.manifest.tsv`) are not read.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CertificateSchema, CLOSING_RECORD_TYPES, type Certificate as DestructionCertificate } from '../shredder/certificate.js';
import { AuditError } from './errors.js';

/** A certificate found in the folder, with the file it was read from. */
export interface Certificate extends DestructionCertificate {
  readonly file: string;
}

const CLOSING_TYPES: ReadonlySet<unknown> = new Set(CLOSING_RECORD_TYPES);

/** True for a completion or cancellation record (they carry the key, vault and schedule too). */
export function isClosingRecord(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && CLOSING_TYPES.has((raw as { type?: unknown }).type);
}

/** Validates one certificate with the shredder's schema; `file` names it in errors. */
export function parseCertificate(raw: unknown, file: string): Certificate {
  const parsed = CertificateSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(certificate)'}: ${i.message}`);
    throw new AuditError('CERTIFICATE_INVALID', file, issues.join('; '));
  }
  return { ...parsed.data, file };
}

/** Reads every certificate in `dir` and its subfolders (see the module doc), in file name order. */
export async function loadCertificates(dir: string): Promise<Certificate[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    throw new AuditError('CERTIFICATE_INVALID', dir, (error as Error).message, { cause: error });
  }
  const certificates: Certificate[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new AuditError('CERTIFICATE_INVALID', file, `not JSON: ${(error as Error).message}`, { cause: error });
    }
    if (!isClosingRecord(raw)) certificates.push(parseCertificate(raw, file));
  }
  return certificates;
}
