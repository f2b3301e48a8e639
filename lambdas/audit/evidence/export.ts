/**
 * `shredlock evidence export`: one zip holding a vault's evidence for a period, read from the
 * records, trail and inventory buckets with the auditor role's permissions (ListBucket, GetObject;
 * DescribeKey where allowed: a key whose state cannot be read is recorded as `unreadable`).
 *
 * | pack path                                   | from                                                   |
 * |---------------------------------------------|--------------------------------------------------------|
 * | `certificates/<epoch>/<key>.json`, `.manifest.tsv`, `.completion.json`, `.cancellation.json` | records `certificates/<vault>/`, certificates scheduled in the period |
 * | `keys/ledger/<epoch>.json`                  | records `epochs/<vault>/`                              |
 * | `keys/states.json`                          | DescribeKey of every ledger key, at export time        |
 * | `tags/tag-report.{csv,json,html}`           | the scanner's findings under records `reports/scan/` (or `--scan-input`) |
 * | `trail/files/<trail key>` (+ `.metadata.json`) | trail bucket, files of the period, digest signatures in sidecars |
 * | `trail/public-keys.json`                    | `--public-keys`, else CloudTrail ListPublicKeys        |
 * | `trail/verification.json`, `trail/report.{json,html}` | `audit verify` and `audit trail` over those files |
 * | `incidents/<id>/...`, `incidents/summary.json` | records `incidents/`; people to notify per type       |
 * | `compliance/check.json`                     | `--check-report` (a `shredlock check --format json` output) |
 * | `inventory/<key>`                           | inventory bucket: `manifest.json` of deliveries in the period |
 * | `index.html`, `index.json`                  | built here (pack-index.ts, index-html.ts)              |
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { isAwsCallError } from '../../aws/errors.js';
import { buildTagReport } from '../../reports/aggregate.js';
import { observeKey, loadCertificateRecords } from '../../reports/certificates.js';
import { renderTagReportCsv, renderTagReportJson } from '../../reports/csv.js';
import { renderTagReportHtml } from '../../reports/html.js';
import { isReportInputError } from '../../reports/errors.js';
import { loadRecordsBucket } from '../../reports/load-s3.js';
import { tr, type Lang } from '../../reports/messages/index.js';
import type { ReportInput } from '../../reports/types.js';
import { parseNotification, peopleByType } from '../../seal/notification.js';
import { INCIDENTS_PREFIX } from '../../seal/layout.js';
import { certificatePrefix, INVENTORY_PREFIX, ledgerPrefix } from '../../../contract/naming.js';
import { LedgerEntrySchema } from '../../vault/ledger.js';
import { listRecordKeys, readRecord } from '../../vault/records.js';
import { parseCertificate, type Certificate } from '../certificates.js';
import { trailFiles } from '../download.js';
import { AuditError } from '../errors.js';
import { sidecarJson } from '../local-store.js';
import { publicKeysDocument, type TrailPublicKey } from '../public-keys.js';
import { inRange, rangeJson, type TimeRange } from '../range.js';
import { SIGNATURE_SIDECAR_SUFFIX, type TrailStore } from '../store.js';
import { analyzeTrail } from '../trail.js';
import type { TrailReport } from '../trail-report.js';
import { verifyTrail } from '../verify.js';
import type { VerifyReport } from '../verify-report.js';
import { renderPackIndexHtml } from './index-html.js';
import { MemoryTrailStore } from './memory-store.js';
import { INDEX_HTML, INDEX_JSON, PACK_TYPE, PACK_VERSION, indexFile, partSummary, type PackIndex } from './pack-index.js';
import type { PartId } from './parts.js';
import { writeZip, type PackEntry } from './zip.js';

/** Pack folder of the trail's own files. */
export const TRAIL_FILES = 'trail/files/';

/** Where the pack's evidence comes from and what it covers. */
export interface EvidenceOptions {
  readonly vault: string;
  readonly recordsBucket: string;
  readonly range: TimeRange;
  readonly lang: Lang;
  /** The trail bucket and key prefix; no trail part without it. */
  readonly trail?: { readonly store: TrailStore; readonly bucket: string; readonly prefix?: string };
  /** CloudTrail public keys for the trail's digests (carried in the pack). */
  readonly publicKeys?: (from: Date, to: Date) => Promise<readonly TrailPublicKey[]>;
  readonly inventoryBucket?: string;
  /** A `shredlock check --format json` output, as text. */
  readonly checkReport?: string;
  /** Scan results to build the tag reports from, instead of the records bucket's. */
  readonly scanInput?: ReportInput;
  /** Renders the trail report as a page (bin/render/audit-trail-html.ts). */
  readonly renderTrailHtml?: (report: TrailReport, lang: Lang) => string;
  /** Export time. @default now */
  readonly now?: Date;
}

/** The pack: the zip's bytes and its index. */
export interface EvidencePack {
  readonly zip: Buffer;
  readonly index: PackIndex;
  /** The trail verification made while exporting, when there is a trail. */
  readonly trailVerification?: VerifyReport;
}

type Notes = Partial<Record<PartId, string>>;

const text = (s: string): Buffer => Buffer.from(s, 'utf8');
const json = (value: unknown): Buffer => text(`${JSON.stringify(value, null, 2)}\n`);

async function records(s3: S3Client, bucket: string, prefix: string): Promise<{ key: string; body: string }[]> {
  const out: { key: string; body: string }[] = [];
  for (const key of (await listRecordKeys(s3, bucket, prefix)).sort()) {
    const body = await readRecord(s3, bucket, key);
    if (body !== undefined) out.push({ key, body });
  }
  return out;
}

/** Certificates whose scheduling falls in the range, with their manifests and closing records. */
async function certificatesPart(s3: S3Client, o: EvidenceOptions, add: (p: PackEntry) => void, notes: Notes): Promise<Certificate[]> {
  const prefix = certificatePrefix(o.vault);
  const parsed: Certificate[] = [];
  let n = 0;
  for (const r of await loadCertificateRecords(s3, o.recordsBucket, o.vault, { manifests: true })) {
    if (r.certificate === undefined) continue;
    let certificate: Certificate | undefined;
    try {
      certificate = parseCertificate(JSON.parse(r.certificate), r.certificateUrl);
    } catch {
      certificate = undefined;
    }
    const scheduledAt = certificate?.scheduledAt ?? '';
    // An unreadable certificate goes in: evidence verify names it, the export does not judge.
    if (scheduledAt && !inRange(o.range, new Date(scheduledAt))) continue;
    const stem = `certificates/${r.epoch}/${r.keyId}`;
    add({ path: `${stem}.json`, bytes: text(r.certificate) });
    if (typeof r.manifest === 'string') add({ path: `${stem}.manifest.tsv`, bytes: text(r.manifest) });
    if (r.completion !== undefined) add({ path: `${stem}.completion.json`, bytes: text(r.completion) });
    if (r.cancellation !== undefined) add({ path: `${stem}.cancellation.json`, bytes: text(r.cancellation) });
    if (certificate) parsed.push(certificate);
    n++;
  }
  if (n === 0) notes.certificates = tr(o.lang, 'no certificate under {where} scheduled in the period', { where: `s3://${o.recordsBucket}/${prefix}` });
  return parsed;
}

/** The key ledger, and each ledger key's state now. */
async function keysPart(clients: { s3: S3Client; kms: KMSClient }, o: EvidenceOptions, add: (p: PackEntry) => void, notes: Notes): Promise<void> {
  const entries = await records(clients.s3, o.recordsBucket, ledgerPrefix(o.vault));
  const states: Record<string, unknown>[] = [];
  for (const { key, body } of entries) {
    add({ path: `keys/ledger/${key.slice(ledgerPrefix(o.vault).length)}`, bytes: text(body) });
    let entry;
    try {
      entry = LedgerEntrySchema.parse(JSON.parse(body));
    } catch {
      continue;
    }
    states.push({ epoch: entry.epoch, keyId: entry.keyId, keyArn: entry.keyArn, ...(await observeKey(clients.kms, entry.keyId)) });
  }
  if (entries.length === 0) notes.keys = tr(o.lang, 'no ledger entry under {where}', { where: `s3://${o.recordsBucket}/${ledgerPrefix(o.vault)}` });
  else add({ path: 'keys/states.json', bytes: json({ observedAt: (o.now ?? new Date()).toISOString(), keys: states }) });
}

/** The tag report in its three forms, from the scanner's findings. */
async function tagsPart(s3: S3Client, o: EvidenceOptions, add: (p: PackEntry) => void, notes: Notes): Promise<void> {
  let input = o.scanInput;
  if (!input) {
    try {
      input = await loadRecordsBucket(s3, o.recordsBucket);
    } catch (error) {
      if (!isReportInputError(error) || error.code !== 'INPUT_EMPTY') throw error;
      notes.tags = tr(o.lang, 'no scan results under {where}', { where: `s3://${o.recordsBucket}/reports/scan/` });
      return;
    }
  }
  const report = buildTagReport(input, { now: o.now ?? new Date() });
  add({ path: 'tags/tag-report.csv', bytes: text(renderTagReportCsv(report, o.lang)) });
  add({ path: 'tags/tag-report.json', bytes: text(renderTagReportJson(report)) });
  add({ path: 'tags/tag-report.html', bytes: text(renderTagReportHtml(report, { lang: o.lang })) });
}

/** The trail files of the period, their public keys, their verification and the trail report. */
async function trailPart(
  o: EvidenceOptions,
  certificates: readonly Certificate[],
  add: (p: PackEntry) => void,
  notes: Notes,
): Promise<VerifyReport | undefined> {
  if (!o.trail) {
    notes.trail = tr(o.lang, 'no trail bucket given (--trail-bucket)');
    return undefined;
  }
  // The trail is read once; verification and report run on the copy the pack holds.
  const copy = new Map<string, Uint8Array>();
  for await (const f of trailFiles(o.trail.store, o.range)) {
    copy.set(f.key, f.bytes);
    if (f.signature) copy.set(`${f.key}${SIGNATURE_SIDECAR_SUFFIX}`, text(sidecarJson(f.signature)));
  }
  for (const [key, bytes] of copy) add({ path: `${TRAIL_FILES}${key}`, bytes: Buffer.from(bytes) });
  const store = new MemoryTrailStore(copy, o.trail.store.source, o.trail.bucket);
  const from = o.range.from ?? new Date(0);
  const to = o.range.to ?? o.now ?? new Date();
  let keys: readonly TrailPublicKey[] = [];
  try {
    keys = o.publicKeys ? await o.publicKeys(from, to) : [];
  } catch (error) {
    // The auditor role may not call ListPublicKeys: the pack is still checked with --public-keys.
    if (!isAwsCallError(error)) throw error;
    notes.trail = tr(o.lang, 'no public keys ({code}): verify the pack with --public-keys', { code: error.code });
  }
  add({ path: 'trail/public-keys.json', bytes: json(publicKeysDocument(keys)) });
  const verification = await verifyTrail(store, { range: o.range, publicKeys: keys });
  add({ path: 'trail/verification.json', bytes: json(verification) });
  const report = await analyzeTrail(store, { range: o.range, certificates });
  add({ path: 'trail/report.json', bytes: json(report) });
  if (o.renderTrailHtml) add({ path: 'trail/report.html', bytes: text(o.renderTrailHtml(report, o.lang)) });
  if (copy.size === 0) notes.trail ??= tr(o.lang, 'no trail file in the period');
  return verification;
}

/** Every incident record, and the people to notify per identifier type of each incident. */
async function incidentsPart(s3: S3Client, o: EvidenceOptions, add: (p: PackEntry) => void, notes: Notes): Promise<void> {
  const found = await records(s3, o.recordsBucket, INCIDENTS_PREFIX);
  const summary: { incidentId: string; versions: number; people: Record<string, number> }[] = [];
  for (const { key, body } of found) {
    add({ path: key, bytes: text(body) });
    if (!key.endsWith('/notification.json')) continue;
    let notification;
    try {
      notification = parseNotification(JSON.parse(body));
    } catch {
      notification = undefined;
    }
    if (notification) summary.push({ incidentId: notification.incidentId, versions: notification.versions, people: peopleByType(notification) });
  }
  if (found.length === 0) notes.incidents = tr(o.lang, 'no incident recorded');
  else add({ path: 'incidents/summary.json', bytes: json({ incidents: summary }) });
}

/** S3 Inventory manifests delivered in the period. */
async function inventoryPart(s3: S3Client, o: EvidenceOptions, add: (p: PackEntry) => void, notes: Notes): Promise<void> {
  if (!o.inventoryBucket) {
    notes.inventory = tr(o.lang, 'no inventory bucket given (--inventory-bucket)');
    return;
  }
  const keys = (await listRecordKeys(s3, o.inventoryBucket, `${INVENTORY_PREFIX}/`)).filter((k) => {
    if (!k.endsWith('/manifest.json')) return false;
    // Deliveries are under <date>T<hh>-<mm>Z/: the folder names the time.
    const m = /\/(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})Z\/manifest\.json$/.exec(k);
    return !m || inRange(o.range, new Date(`${m[1]}T${m[2]}:${m[3]}:00Z`));
  });
  for (const key of keys.sort()) {
    const body = await readRecord(s3, o.inventoryBucket, key);
    if (body !== undefined) add({ path: `inventory/${key}`, bytes: text(body) });
  }
  if (keys.length === 0) notes.inventory = tr(o.lang, 'no inventory delivered in the period under {where}', { where: `s3://${o.inventoryBucket}/${INVENTORY_PREFIX}/` });
}

/** Reads everything and builds the pack (see the module doc). S3 failures throw EVIDENCE_SOURCE_FAILED. */
export async function buildEvidencePack(clients: { readonly s3: S3Client; readonly kms: KMSClient }, o: EvidenceOptions): Promise<EvidencePack> {
  const entries: PackEntry[] = [];
  const add = (e: PackEntry): void => void entries.push(e);
  const notes: Notes = {};
  let trailVerification: VerifyReport | undefined;
  try {
    await tagsPart(clients.s3, o, add, notes);
    await keysPart(clients, o, add, notes);
    await inventoryPart(clients.s3, o, add, notes);
    const certificates = await certificatesPart(clients.s3, o, add, notes);
    if (o.checkReport !== undefined) add({ path: 'compliance/check.json', bytes: text(o.checkReport) });
    else notes.compliance = tr(o.lang, 'no compliance check given (--check-report)');
    await incidentsPart(clients.s3, o, add, notes);
    trailVerification = await trailPart(o, certificates, add, notes);
  } catch (error) {
    if (isAwsCallError(error)) throw new AuditError('EVIDENCE_SOURCE_FAILED', error.message, 'could not read the evidence', { cause: error });
    throw error;
  }
  const base = {
    type: PACK_TYPE,
    version: PACK_VERSION,
    vault: o.vault,
    createdAt: (o.now ?? new Date()).toISOString(),
    lang: o.lang,
    range: rangeJson(o.range),
    sources: {
      recordsBucket: o.recordsBucket,
      ...(o.trail ? { trailBucket: o.trail.bucket, ...(o.trail.prefix ? { trailPrefix: o.trail.prefix } : {}) } : {}),
      ...(o.inventoryBucket ? { inventoryBucket: o.inventoryBucket } : {}),
    },
  } as const;
  const files = entries.map((e) => indexFile(e, o.lang));
  const html = { path: INDEX_HTML, bytes: text(renderPackIndexHtml({ ...base, parts: partSummary(files, notes), files }, o.lang)) };
  const listed = [...files, indexFile(html, o.lang)].sort((a, b) => (a.path < b.path ? -1 : 1));
  const index: PackIndex = { ...base, parts: partSummary(listed, notes), files: listed };
  const zip = await writeZip([...entries, html, { path: INDEX_JSON, bytes: json(index) }]);
  return { zip, index, ...(trailVerification ? { trailVerification } : {}) };
}
