/**
 * The notification list of a sealed incident: every version of its manifests is scanned again
 * with the engine (streamed, pinned to its version id, raw values revealed in memory only), and
 * the people affected are counted per identifier type as distinct identifiers (identity.ts).
 *
 * Raw values never leave this module: each finding's value is reduced at once to an in-memory
 * hash for deduplication and dropped; what is written is the engine's masked form, the key hash
 * and the version id. Versions that cannot be read in full are listed as `unreadable`, never
 * left out: someone's data may be in them.
 *
 * Written to `incidents/<id>/notification.json` and `.csv`. Idempotent: when the list already
 * written covers the same manifests and engine version, nothing is scanned or written again.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { keyHash } from '../aws/object-ref.js';
import type { ReadLimits } from '../engine/formats/source.js';
import { DEFAULT_POLICY, levelOf, type Policy } from '../engine/classification.js';
import { scanSource, type ObjectReport, type ReportedFinding } from '../engine/scan.js';
import { PII_TYPES, type PiiType } from '../engine/types.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { s3VersionSource } from '../scanner/s3-source.js';
import { recordJson } from '../vault/records.js';
import { isSealError } from './errors.js';
import { identityHash } from './identity.js';
import { loadSealedIncident, manifestVersions, type IncidentState } from './incident.js';
import { notificationKeys } from './layout.js';
import type { ManifestEntry } from './manifest.js';
import {
  NOTIFICATION_SCHEMA,
  notificationCsv,
  parseNotification,
  type Notification,
  type TypeNotification,
  type UnreadableVersion,
} from './notification.js';
import { forEachLimit } from '../shared/pool.js';
import { readJson, writeRecord } from './records.js';
import type { SealClients } from './seal.js';

/** Versions scanned at once unless told otherwise: a zip may buffer up to the engine's maxBufferedBytes. */
export const NOTIFY_CONCURRENCY = 2;

/** Options of the notification list. */
export interface NotifyOptions {
  /** Its confidential and sensitive types are counted. @default DEFAULT_POLICY (a USCC is not a person) */
  readonly policy?: Policy;
  /** @default NOTIFY_CONCURRENCY */
  readonly concurrency?: number;
  /** @default the engine's DEFAULT_READ_LIMITS */
  readonly limits?: ReadLimits;
  /** Scan and write even when an up-to-date list exists. @default false */
  readonly force?: boolean;
}

/** Which incident, and the time recorded as `generatedAt`. */
export interface NotifyRequest {
  readonly recordsBucket: string;
  readonly incidentId: string;
  readonly now: Date;
}

/** What notifyIncident did. */
export interface NotifyResult {
  readonly status: 'written' | 'unchanged';
  readonly notification: Notification;
  readonly keys: { readonly json: string; readonly csv: string };
}

/** Distinct identifiers found so far: identity hash -> masked form and where. Memory only. */
class PeopleCounter {
  private readonly byHash = new Map<string, { type: PiiType; masked: string; foundIn: Map<string, string> }>();
  readonly unreadable: UnreadableVersion[] = [];

  constructor(private readonly counted: ReadonlySet<PiiType>) {}

  /** Takes one finding of a version (its raw value) and keeps only its hash and masked form. */
  take(entry: ManifestEntry, finding: ReportedFinding): void {
    if (!this.counted.has(finding.type)) return;
    if (finding.value === undefined) throw new TypeError('the engine returned a finding without its value despite reveal');
    const id = identityHash(finding.type, finding.value);
    let person = this.byHash.get(id);
    if (!person) this.byHash.set(id, (person = { type: finding.type, masked: finding.masked, foundIn: new Map() }));
    person.foundIn.set(entry.versionId, keyHash(entry.key));
  }

  /** Ends one version: listed as unreadable when it could not be read in full. */
  finish(entry: ManifestEntry, report: ObjectReport): void {
    if (!report.error) return;
    const partial = Object.values(report.counts).some((n) => (n ?? 0) > 0);
    this.unreadable.push({ keyHash: keyHash(entry.key), versionId: entry.versionId, code: report.error.code, message: report.error.message, partial });
  }

  /** Per type: the count and the masked identifiers, in a stable order. The hashes stay here. */
  byType(): Partial<Record<PiiType, TypeNotification>> {
    const sorted = [...this.byHash].sort(([ha, a], [hb, b]) => (a.masked < b.masked ? -1 : a.masked > b.masked ? 1 : ha < hb ? -1 : 1));
    const out: Partial<Record<PiiType, TypeNotification>> = {};
    for (const [, person] of sorted) {
      const entry = (out[person.type] ??= { people: 0, identifiers: [] });
      entry.people++;
      const foundIn = [...person.foundIn]
        .map(([versionId, keyHash]) => ({ keyHash, versionId }))
        .sort((a, b) => (a.keyHash + a.versionId < b.keyHash + b.versionId ? -1 : 1));
      entry.identifiers.push({ masked: person.masked, foundIn });
    }
    return Object.fromEntries(PII_TYPES.filter((t) => out[t]).map((t) => [t, out[t]]));
  }
}

function countedTypes(policy: Policy): PiiType[] {
  return PII_TYPES.filter((t) => levelOf(t, policy) !== 'public');
}

/** Scans every version of the incident's manifests and counts the people (see the module doc). */
export async function collectNotification(
  s3: S3Client,
  state: IncidentState,
  now: Date,
  options: Omit<NotifyOptions, 'force'> = {},
): Promise<Notification> {
  const types = countedTypes(options.policy ?? DEFAULT_POLICY);
  const vaultBucket = state.seals[0].record.vaultBucket;
  const versions = [...manifestVersions(state).values()];
  const counter = new PeopleCounter(new Set(types));
  await forEachLimit(versions, options.concurrency ?? NOTIFY_CONCURRENCY, async (entry) => {
    const ref = { bucket: vaultBucket, key: entry.key, versionId: entry.versionId };
    // scanSource never throws for a bad object: an S3 failure comes back as report.error. Each
    // finding is reduced as it is found, so memory holds the people, not the findings (a dump of
    // millions of rows); the report itself lists one.
    const report = await scanSource(s3VersionSource(s3, ref), entry.key, {
      reveal: true,
      maxFindings: 1,
      limits: options.limits,
      onFinding: (finding) => counter.take(entry, finding),
    });
    counter.finish(entry, report);
  });
  counter.unreadable.sort((a, b) => (a.keyHash + a.versionId < b.keyHash + b.versionId ? -1 : 1));
  return {
    schema: NOTIFICATION_SCHEMA,
    incidentId: state.incidentId,
    vaultBucket,
    generatedAt: now.toISOString(),
    engine: ENGINE_VERSION,
    manifests: state.seals.map((s) => ({ revision: s.record.revision, sha256: s.record.manifest.sha256 })),
    versions: versions.length,
    countedTypes: types,
    byType: counter.byType(),
    unreadable: counter.unreadable,
  };
}

function covers(existing: Notification, state: IncidentState, types: readonly PiiType[]): boolean {
  const wanted = state.seals.map((s) => `${s.record.revision}:${s.record.manifest.sha256}`).join(',');
  return (
    existing.engine === ENGINE_VERSION &&
    existing.incidentId === state.incidentId &&
    existing.manifests.map((m) => `${m.revision}:${m.sha256}`).join(',') === wanted &&
    existing.countedTypes.join(',') === types.join(',')
  );
}

/** A notification list that is not JSON is written again, like one that does not parse. */
function notJson(error: unknown): undefined {
  if (isSealError(error) && error.code === 'INVALID_RECORD') return undefined;
  throw error;
}

/** Builds and writes the incident's notification list, unless an up-to-date one exists. */
export async function notifyIncident(clients: SealClients, request: NotifyRequest, options: NotifyOptions = {}): Promise<NotifyResult> {
  const { s3 } = clients;
  const { recordsBucket, incidentId } = request;
  const state = await loadSealedIncident(s3, recordsBucket, incidentId);
  const keys = notificationKeys(incidentId);
  if (!options.force) {
    const existing = parseNotification(await readJson(s3, recordsBucket, keys.json, incidentId).catch(notJson));
    if (existing && covers(existing, state, countedTypes(options.policy ?? DEFAULT_POLICY))) {
      return { status: 'unchanged', notification: existing, keys };
    }
  }
  const notification = await collectNotification(s3, state, request.now, options);
  // The CSV first: a JSON list that exists is taken as complete by the next run.
  await writeRecord(s3, recordsBucket, keys.csv, notificationCsv(notification), { contentType: 'text/csv; charset=utf-8', incidentId });
  await writeRecord(s3, recordsBucket, keys.json, recordJson(notification), { contentType: 'application/json', incidentId });
  return { status: 'written', notification, keys };
}
