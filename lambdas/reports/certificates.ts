/**
 * Destruction certificates as an auditor sees them: each certificate of a vault in the records
 * bucket, with its key's state in KMS now, the record that closed it (completion or
 * cancellation), and, for `verify`, its manifest hash recomputed from the manifest it cites.
 * Schemas and record keys are the shredder's own (lambdas/shredder/certificate.ts, manifest.ts,
 * lambdas/vault/naming.ts). Read-only: ListObjectsV2, GetObject, DescribeKey.
 *
 * | Key in KMS now        | Closing record  | Status                 | Problem                          |
 * |-----------------------|-----------------|------------------------|----------------------------------|
 * | gone                  | completion      | `destroyed`            |                                  |
 * | gone                  | none            | `deleted-unrecorded`   | (the next shredder run records)  |
 * | PendingDeletion       | none            | `scheduled`            |                                  |
 * | Enabled or Disabled   | cancellation    | `cancelled`            |                                  |
 * | Enabled or Disabled   | none            | `cancelled-unrecorded` | DELETION_CANCELLED_UNRECORDED    |
 * | any other combination |                 | as the key says        | CLOSING_RECORD_CONTRADICTS_KEY   |
 * | unreadable            | any             | `unknown`              | KEY_STATE_UNREADABLE             |
 *
 * A certificate made on an overridden clock (`clock: override`: `--now`, a drill) is a problem of
 * its own (CLOCK_OVERRIDDEN): its retention check rests on a pretended time.
 *
 * Manifest checks (verify): the cited manifest exists (MANIFEST_MISSING), is in the canonical form
 * (lines `<key>\t<versionId>\t<etag>`, escaped, sorted: MANIFEST_MALFORMED), hashes to the
 * recorded SHA-256 (MANIFEST_HASH_MISMATCH) and has the recorded number of lines
 * (MANIFEST_COUNT_MISMATCH). Manifests hold object keys: they are read, never printed.
 */
import { createHash } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { isAwsCallError } from '../aws/errors.js';
import { CertificateSchema, ClosingRecordSchema, type Certificate, type ClosingRecord } from '../shredder/certificate.js';
import { buildManifest } from '../shredder/manifest.js';
import { describeKey } from '../vault/epoch-keys.js';
import { certificateKeys, certificatePrefix, parseCertificateKey } from '../../contract/naming.js';
import { listRecordKeys, readRecord } from '../vault/records.js';

/** What the records bucket holds for one key under `certificates/<vault>/<epoch>/<key-id>`. */
export interface CertificateRecords {
  readonly vault: string;
  readonly epoch: string;
  readonly keyId: string;
  /** s3:// URL of the certificate (whether or not it exists). */
  readonly certificateUrl: string;
  readonly certificate?: string;
  readonly completion?: string;
  readonly cancellation?: string;
  /** The manifest the certificate cites: undefined when not read, null when it does not exist. */
  readonly manifest?: string | null;
}

/** The key's state in KMS now: `missing` when KMS does not know it; `unreadable` with the error code. */
export interface KeyObservation {
  readonly state: string;
  readonly deletionDate?: string;
  readonly error?: string;
}

/** Status of one certificate (see the module doc). */
export type CertificateStatus =
  | 'destroyed'
  | 'deleted-unrecorded'
  | 'scheduled'
  | 'cancelled'
  | 'cancelled-unrecorded'
  | 'unknown'
  | 'no-certificate';

/** One problem found. */
export interface CertificateProblem {
  readonly code: string;
  readonly detail: string;
}

/** One certificate, assessed. */
export interface CertificateAssessment {
  readonly vault: string;
  readonly epoch: string;
  readonly keyId: string;
  readonly certificate: string;
  readonly keyArn: string | null;
  readonly scheduledAt: string | null;
  readonly deletionDate: string | null;
  readonly objects: { readonly count: number; readonly bytes: number } | null;
  readonly key: KeyObservation;
  readonly closing: 'completion' | 'cancellation' | 'both' | 'none';
  /** When the closing record observed the key. */
  readonly closedAt: string | null;
  readonly status: CertificateStatus;
  readonly manifest: {
    readonly cited: string | null;
    readonly recordedSha256: string | null;
    /** Null when not recomputed (list) or not readable. */
    readonly recomputedSha256: string | null;
    readonly lines: number | null;
  };
  readonly problems: readonly CertificateProblem[];
}

function parseJson<T>(text: string | undefined, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): { value?: T; issues?: string } {
  if (text === undefined) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { issues: 'not JSON' };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data };
  return { issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ') };
}

const UNESCAPE: Readonly<Record<string, string>> = { '\\\\': '\\', '\\t': '\t', '\\n': '\n', '\\r': '\r' };

/**
 * The lines of a manifest, or why it is not in the canonical form (the one buildManifest writes:
 * re-building it from its own lines gives the same text).
 */
export function parseManifest(text: string): { lines: number } | { error: string } {
  if (text === '') return { lines: 0 };
  if (!text.endsWith('\n')) return { error: 'does not end with a newline' };
  const rows = text.slice(0, -1).split('\n');
  const versions = [];
  for (let i = 0; i < rows.length; i++) {
    const fields = rows[i].split('\t');
    if (fields.length !== 3 || !fields[1] || !fields[2]) return { error: `line ${i + 1}: not <key>\\t<versionId>\\t<etag>` };
    versions.push({ key: fields[0].replace(/\\[\\tnr]/g, (e) => UNESCAPE[e] ?? e), versionId: fields[1], etag: fields[2], size: 0 });
  }
  if (buildManifest(versions).text !== text) return { error: 'not in canonical form (lines unsorted or not escaped as the shredder writes them)' };
  return { lines: rows.length };
}

/** SHA-256 of a text (UTF-8), hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function statusOf(key: KeyObservation, closing: CertificateAssessment['closing']): { status: CertificateStatus; problem?: CertificateProblem } {
  const contradicts = (detail: string) => ({ code: 'CLOSING_RECORD_CONTRADICTS_KEY', detail });
  if (key.state === 'unreadable') return { status: 'unknown', problem: { code: 'KEY_STATE_UNREADABLE', detail: `DescribeKey failed (${key.error ?? 'error'})` } };
  if (closing === 'both') return { status: 'unknown', problem: { code: 'CLOSING_RECORDS_CONFLICT', detail: 'both a completion and a cancellation record' } };
  if (key.state === 'missing') {
    if (closing === 'cancellation') return { status: 'destroyed', problem: contradicts('a cancellation is recorded, but KMS no longer knows the key') };
    return { status: closing === 'completion' ? 'destroyed' : 'deleted-unrecorded' };
  }
  if (key.state === 'PendingDeletion') {
    if (closing !== 'none') return { status: 'scheduled', problem: contradicts(`a ${closing} is recorded, but the key is pending deletion`) };
    return { status: 'scheduled' };
  }
  if (closing === 'completion') return { status: 'cancelled-unrecorded', problem: contradicts(`a completion is recorded, but the key exists (${key.state})`) };
  if (closing === 'cancellation') return { status: 'cancelled' };
  return {
    status: 'cancelled-unrecorded',
    problem: { code: 'DELETION_CANCELLED_UNRECORDED', detail: `the key is ${key.state}: its deletion was cancelled and no cancellation is recorded yet` },
  };
}

function closingMismatch(certificate: Certificate, record: ClosingRecord, kind: string): CertificateProblem | undefined {
  const fields = (['keyId', 'keyArn', 'epoch', 'vault', 'scheduledAt', 'deletionDate'] as const).filter((f) => record[f] !== certificate[f]);
  return fields.length ? { code: 'CLOSING_RECORD_MISMATCH', detail: `the ${kind} differs from the certificate in ${fields.join(', ')}` } : undefined;
}

/** Assesses one key's records against its state now (pure; see the module doc). */
export function assessCertificate(records: CertificateRecords, key: KeyObservation): CertificateAssessment {
  const problems: CertificateProblem[] = [];
  const cert = parseJson(records.certificate, CertificateSchema);
  const completion = parseJson(records.completion, ClosingRecordSchema);
  const cancellation = parseJson(records.cancellation, ClosingRecordSchema);
  if (records.certificate === undefined) {
    problems.push({ code: 'CERTIFICATE_MISSING', detail: 'a manifest or closing record without its certificate' });
  } else if (cert.issues) {
    problems.push({ code: 'CERTIFICATE_INVALID', detail: cert.issues });
  }
  for (const [kind, parsed] of [['completion', completion], ['cancellation', cancellation]] as const) {
    if (parsed.issues) problems.push({ code: 'CLOSING_RECORD_INVALID', detail: `${kind}: ${parsed.issues}` });
    else if (parsed.value && cert.value) {
      const mismatch = closingMismatch(cert.value, parsed.value, kind);
      if (mismatch) problems.push(mismatch);
    }
  }
  const closing = records.completion !== undefined && records.cancellation !== undefined ? 'both' : records.completion !== undefined ? 'completion' : records.cancellation !== undefined ? 'cancellation' : 'none';
  const { status, problem } = statusOf(key, closing);
  if (problem) problems.push(problem);

  const c = cert.value;
  if (c?.clock === 'override') {
    problems.push({ code: 'CLOCK_OVERRIDDEN', detail: `decided at ${c.decidedAt} on an overridden clock (--now): a drill or demo, not a real retention check` });
  }
  let recomputed: string | null = null;
  let lines: number | null = null;
  if (c && records.manifest !== undefined) {
    if (records.manifest === null) problems.push({ code: 'MANIFEST_MISSING', detail: `${c.objects.manifestKey} does not exist` });
    else {
      recomputed = sha256(records.manifest);
      const parsed = parseManifest(records.manifest);
      if ('error' in parsed) problems.push({ code: 'MANIFEST_MALFORMED', detail: parsed.error });
      else lines = parsed.lines;
      if (recomputed !== c.objects.manifestSha256) {
        problems.push({ code: 'MANIFEST_HASH_MISMATCH', detail: `recorded ${c.objects.manifestSha256}, recomputed ${recomputed}` });
      }
      if (lines !== null && lines !== c.objects.count) {
        problems.push({ code: 'MANIFEST_COUNT_MISMATCH', detail: `recorded ${c.objects.count} versions, the manifest lists ${lines}` });
      }
    }
  }
  const closedRecord = completion.value ?? cancellation.value;
  return {
    vault: records.vault,
    epoch: records.epoch,
    keyId: records.keyId,
    certificate: records.certificateUrl,
    keyArn: c?.keyArn ?? null,
    scheduledAt: c?.scheduledAt ?? null,
    deletionDate: c?.deletionDate ?? null,
    objects: c ? { count: c.objects.count, bytes: c.objects.bytes } : null,
    key,
    closing,
    closedAt: closedRecord?.observedAt ?? null,
    status: records.certificate === undefined ? 'no-certificate' : status,
    manifest: { cited: c?.objects.manifestKey ?? null, recordedSha256: c?.objects.manifestSha256 ?? null, recomputedSha256: recomputed, lines },
    problems,
  };
}

/** Bucket and key of an `s3://bucket/key` URL. */
export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  return m ? { bucket: m[1], key: m[2] } : undefined;
}

/** Options of loadCertificates. */
export interface LoadCertificatesOptions {
  /** Only this epoch (`YYYY-MM`). */
  readonly epoch?: string;
  /** Only this key id. */
  readonly keyId?: string;
  /** Read the manifests each certificate cites (verify). @default false */
  readonly manifests?: boolean;
}

/** The records of every key of `vault` under `certificates/<vault>/`, oldest epoch first. */
export async function loadCertificateRecords(s3: S3Client, bucket: string, vault: string, options: LoadCertificatesOptions = {}): Promise<CertificateRecords[]> {
  const groups = new Map<string, { epoch: string; keyId: string; kinds: Set<string> }>();
  for (const key of await listRecordKeys(s3, bucket, certificatePrefix(vault))) {
    const parsed = parseCertificateKey(vault, key);
    if (!parsed) continue;
    if (options.epoch && parsed.epoch !== options.epoch) continue;
    if (options.keyId && parsed.keyId !== options.keyId) continue;
    const id = `${parsed.epoch}/${parsed.keyId}`;
    const group = groups.get(id) ?? { epoch: parsed.epoch, keyId: parsed.keyId, kinds: new Set<string>() };
    group.kinds.add(parsed.kind);
    groups.set(id, group);
  }
  const result: CertificateRecords[] = [];
  for (const g of [...groups.values()].sort((a, b) => (a.epoch === b.epoch ? (a.keyId < b.keyId ? -1 : 1) : a.epoch < b.epoch ? -1 : 1))) {
    const keys = certificateKeys(vault, g.epoch, g.keyId);
    const read = async (kind: 'certificate' | 'completion' | 'cancellation') => (g.kinds.has(kind) ? readRecord(s3, bucket, keys[kind]) : undefined);
    const certificate = await read('certificate');
    let manifest: string | null | undefined;
    if (options.manifests && certificate !== undefined) {
      const cited = parseJson(certificate, CertificateSchema).value?.objects.manifestKey;
      const at = cited ? parseS3Url(cited) : undefined;
      if (at) manifest = (await readRecord(s3, at.bucket, at.key)) ?? null;
    }
    result.push({
      vault,
      epoch: g.epoch,
      keyId: g.keyId,
      certificateUrl: `s3://${bucket}/${keys.certificate}`,
      ...(certificate !== undefined ? { certificate } : {}),
      ...(g.kinds.has('completion') ? { completion: await read('completion') } : {}),
      ...(g.kinds.has('cancellation') ? { cancellation: await read('cancellation') } : {}),
      ...(manifest !== undefined ? { manifest } : {}),
    });
  }
  return result;
}

/** The key's state now (DescribeKey); `unreadable` with the error code when KMS will not say. */
export async function observeKey(kms: KMSClient, keyId: string): Promise<KeyObservation> {
  try {
    const d = await describeKey(kms, keyId);
    return { state: d.state === 'other' ? (d.kmsState ?? 'other') : d.state, ...(d.deletionDate ? { deletionDate: d.deletionDate } : {}) };
  } catch (error) {
    if (!isAwsCallError(error)) throw error;
    return { state: 'unreadable', error: error.code };
  }
}

/** Loads and assesses every certificate of `vault` (see loadCertificateRecords and assessCertificate). */
export async function assessCertificates(
  clients: { readonly s3: S3Client; readonly kms: KMSClient },
  bucket: string,
  vault: string,
  options: LoadCertificatesOptions = {},
): Promise<CertificateAssessment[]> {
  const assessed: CertificateAssessment[] = [];
  for (const records of await loadCertificateRecords(clients.s3, bucket, vault, options)) {
    assessed.push(assessCertificate(records, await observeKey(clients.kms, records.keyId)));
  }
  return assessed;
}
