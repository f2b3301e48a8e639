/**
 * CloudTrail's public keys, which verify digest signatures. Offline they come from a JSON file in
 * the shape of `aws cloudtrail list-public-keys` output; online from the ListPublicKeys API.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { z } from 'zod';
import { AuditError } from './errors.js';
import type { TimeRange } from './range.js';

/** A key usable for verification. */
export interface TrailPublicKey {
  /** Hex fingerprint, as digests name it in `digestPublicKeyFingerprint` (lower case). */
  readonly fingerprint: string;
  readonly key: KeyObject;
  readonly validFrom?: Date;
  readonly validTo?: Date;
}

/** Epoch seconds (number or numeric string, as the CLI v1 prints them) or an ISO 8601 string (CLI v2). */
const timeLike = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const date =
    typeof value === 'number' || /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `"${String(value)}" is neither epoch seconds nor an ISO 8601 time` });
    return z.NEVER;
  }
  return date;
});

const KeySchema = z.object({
  /** Base64 DER, PKCS#1 RSAPublicKey (SubjectPublicKeyInfo is accepted too). */
  Value: z.string().min(1),
  ValidityStartTime: timeLike.optional(),
  ValidityEndTime: timeLike.optional(),
  Fingerprint: z.string().regex(/^[0-9a-fA-F]+$/, 'expected a hex fingerprint'),
});

/** `{ "PublicKeyList": [...] }`; older CLI output spells it `publicKeyList`. */
const FileSchema = z.union([
  z.object({ PublicKeyList: z.array(KeySchema) }).transform((f) => f.PublicKeyList),
  z.object({ publicKeyList: z.array(KeySchema) }).transform((f) => f.publicKeyList),
]);

/** Decodes DER key bytes (PKCS#1 as ListPublicKeys returns them, or SubjectPublicKeyInfo). */
export function rsaPublicKey(der: Uint8Array, subject: string): KeyObject {
  const bytes = Buffer.from(der);
  for (const type of ['pkcs1', 'spki'] as const) {
    try {
      return createPublicKey({ key: bytes, format: 'der', type });
    } catch {
      // try the next encoding; the error below names both
    }
  }
  throw new AuditError('PUBLIC_KEYS_INVALID', subject, 'key value is neither a PKCS#1 nor an SPKI DER RSA public key');
}

/** Validates a ListPublicKeys-shaped document; `subject` (the file name) prefixes every message. */
export function parsePublicKeys(raw: unknown, subject: string): TrailPublicKey[] {
  const result = FileSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new AuditError(
      'PUBLIC_KEYS_INVALID',
      subject,
      `expected {"PublicKeyList": [{"Value", "Fingerprint", "ValidityStartTime", "ValidityEndTime"}]}: ${issues.join('; ')}`,
    );
  }
  return result.data.map((k, i) => ({
    fingerprint: k.Fingerprint.toLowerCase(),
    key: rsaPublicKey(Buffer.from(k.Value, 'base64'), `${subject} PublicKeyList.${i}`),
    ...(k.ValidityStartTime ? { validFrom: k.ValidityStartTime } : {}),
    ...(k.ValidityEndTime ? { validTo: k.ValidityEndTime } : {}),
  }));
}

/**
 * Fetches the keys valid in `range` from CloudTrail in the client's region (keys are per region:
 * call once for each region whose digests are verified). Online only; the JSON file is the
 * offline path.
 */
export async function fetchPublicKeys(client: CloudTrailClient, range: TimeRange): Promise<TrailPublicKey[]> {
  const keys: TrailPublicKey[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListPublicKeysCommand({ StartTime: range.from, EndTime: range.to ?? new Date(), NextToken }),
    );
    for (const k of page.PublicKeyList ?? []) {
      if (!k.Value || !k.Fingerprint) continue;
      keys.push({
        fingerprint: k.Fingerprint.toLowerCase(),
        key: rsaPublicKey(k.Value, `ListPublicKeys ${k.Fingerprint}`),
        ...(k.ValidityStartTime ? { validFrom: k.ValidityStartTime } : {}),
        ...(k.ValidityEndTime ? { validTo: k.ValidityEndTime } : {}),
      });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return keys;
}

/** Keys as a `list-public-keys` JSON document (what parsePublicKeys reads): how a pack carries them. */
export function publicKeysDocument(keys: readonly TrailPublicKey[]): { PublicKeyList: Record<string, string>[] } {
  return {
    PublicKeyList: keys.map((k) => ({
      Value: k.key.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
      Fingerprint: k.fingerprint,
      ...(k.validFrom ? { ValidityStartTime: k.validFrom.toISOString() } : {}),
      ...(k.validTo ? { ValidityEndTime: k.validTo.toISOString() } : {}),
    })),
  };
}
