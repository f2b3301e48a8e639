/**
 * Destruction certificates, as far as the audit needs them. PROVISIONAL: a later issue defines
 * the certificate; until then this file is the one place that knows its shape. Each `*.json` file
 * in the folder holds one certificate with at least:
 *
 *   { "keyArn": "arn:aws:kms:<region>:<account>:key/<id>", "vault": string, "scheduledAt": ISO 8601 }
 *
 * Other fields are allowed and ignored.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AuditError } from './errors.js';

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

const CertificateSchema = z.looseObject({
  keyArn: z.string().regex(KEY_ARN, 'expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)'),
  vault: z.string().min(1),
  scheduledAt: z.iso.datetime({ offset: true }),
});

/** A certificate found in the folder. */
export interface Certificate {
  readonly file: string;
  readonly keyArn: string;
  readonly vault: string;
  readonly scheduledAt: string;
}

/** Validates one certificate; `file` names it in errors. */
export function parseCertificate(raw: unknown, file: string): Certificate {
  const parsed = CertificateSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(certificate)'}: ${i.message}`);
    throw new AuditError('CERTIFICATE_INVALID', file, issues.join('; '));
  }
  return { file, keyArn: parsed.data.keyArn, vault: parsed.data.vault, scheduledAt: parsed.data.scheduledAt };
}

/** Reads every `*.json` certificate directly in `dir`. */
export async function loadCertificates(dir: string): Promise<Certificate[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
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
    certificates.push(parseCertificate(raw, file));
  }
  return certificates;
}

/** The key id (the part after `key/`) of a key ARN or id. */
export function keyIdOf(arnOrId: string): string {
  const slash = arnOrId.lastIndexOf('key/');
  return slash >= 0 ? arnOrId.slice(slash + 4) : arnOrId;
}
