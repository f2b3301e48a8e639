/**
 * An incident's state, read back from its records, and which versions each open incident holds.
 *
 * A legal hold is one ON/OFF flag per object version, shared by everyone: incidents that overlap,
 * and holds placed outside ShredLock. So an incident only ever releases what it placed itself:
 *
 * | Version, when an incident seals it                    | The incident's seal record | Its unseal releases it             |
 * |-------------------------------------------------------|----------------------------|------------------------------------|
 * | OFF (or ON, but OFF in the intent of an interrupted run of the same revision) | held (hold placed) | yes, unless another open incident holds it |
 * | ON, placed by another open incident (or claimed by its seal in flight) | held (shared); held again if that incident's unseal released it meanwhile | yes, unless another open incident holds it |
 * | ON, not placed by any open incident (a foreign hold)  | heldBefore                 | never                              |
 * | hold state unreadable, or PutObjectLegalHold failed   | failures (retried by a re-seal) | never                         |
 *
 * An incident is open from its first seal record until its first unseal record; before its seal
 * record, the intent of its seal run already claims its versions (openIncidentHolds). A seal and an
 * unseal of two incidents may run at once on overlapping prefixes: the unseal reads the other
 * incidents' holds again after releasing and holds again what one claims, and the seal, after its
 * intent is written, holds again any shared version found released. Whichever runs last sees the
 * other's claim, so a version one incident records as held is never left released by the other.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { IncidentError, RecordError } from './errors.js';
import { parseRecordKey, revisionKey, type RecordName } from './layout.js';
import { manifestSha256, parseManifest, type ManifestEntry } from './manifest.js';
import {
  listRecordKeys,
  parseSealIntent,
  parseSealRecord,
  parseUnsealRecord,
  readJson,
  readText,
  type SealRecord,
  type UnsealRecord,
} from './records.js';

/** One seal revision with its verified manifest. */
export interface SealRevision {
  readonly key: string;
  readonly record: SealRecord;
  readonly entries: readonly ManifestEntry[];
}

/** One unseal revision. */
export interface UnsealRevision {
  readonly key: string;
  readonly record: UnsealRecord;
}

/** What the records say about one incident. */
export interface IncidentState {
  readonly incidentId: string;
  /** By revision. */
  readonly seals: readonly SealRevision[];
  /** By revision. */
  readonly unseals: readonly UnsealRevision[];
}

/** A version an incident holds, with its key (from the manifest, for hashes and S3 calls). */
export interface HeldVersion {
  readonly key: string;
  readonly versionId: string;
}

function namesOf(keys: readonly string[], incidentId: string): RecordName[] {
  return keys
    .map(parseRecordKey)
    .filter((n): n is RecordName => n !== undefined && n.incidentId === incidentId)
    .sort((a, b) => a.revision - b.revision);
}

async function readManifest(s3: S3Client, bucket: string, key: string, record: SealRecord): Promise<ManifestEntry[]> {
  const { incidentId } = record;
  const manifestKey = record.manifest.key;
  if (manifestKey !== revisionKey(incidentId, 'manifest', record.revision)) {
    throw new RecordError('INVALID_RECORD', incidentId, key, 'manifest key is not the revision\'s manifest');
  }
  const text = await readText(s3, bucket, manifestKey, record.manifest.versionId);
  if (text === undefined) throw new RecordError('MANIFEST_MISMATCH', incidentId, manifestKey, 'manifest is missing');
  if (manifestSha256(text) !== record.manifest.sha256) {
    throw new RecordError('MANIFEST_MISMATCH', incidentId, manifestKey, `SHA-256 differs from seal revision ${record.revision}`);
  }
  const entries = parseManifest(text);
  if (entries === undefined) throw new RecordError('INVALID_RECORD', incidentId, manifestKey, 'manifest line is not key, version id, ETag');
  if (entries.length !== record.versions) {
    throw new RecordError('INVALID_RECORD', incidentId, key, 'version count differs from the manifest');
  }
  return entries;
}

/** Options of loadIncident. */
export interface LoadOptions {
  /** The bucket's record keys, when the caller listed them already. @default listed */
  readonly keys?: readonly string[];
  /** Read (and verify) the manifests. @default true */
  readonly manifests?: boolean;
}

/**
 * Reads an incident's records; verifies each manifest against its seal record's SHA-256.
 * An incident without records comes back with no seals and no unseals.
 */
export async function loadIncident(
  s3: S3Client,
  recordsBucket: string,
  incidentId: string,
  options: LoadOptions = {},
): Promise<IncidentState> {
  const names = namesOf(options.keys ?? (await listRecordKeys(s3, recordsBucket, incidentId)), incidentId);
  const seals: SealRevision[] = [];
  const unseals: UnsealRevision[] = [];
  for (const name of names) {
    if (name.kind !== 'seal' && name.kind !== 'unseal') continue;
    const key = revisionKey(incidentId, name.kind, name.revision);
    const raw = await readJson(s3, recordsBucket, key, incidentId);
    if (raw === undefined) continue; // deleted between the listing and the read
    if (name.kind === 'seal') {
      const record = parseSealRecord(raw, incidentId, key);
      if (record.revision !== name.revision) throw new RecordError('INVALID_RECORD', incidentId, key, 'revision differs from the key');
      const entries = options.manifests === false ? [] : await readManifest(s3, recordsBucket, key, record);
      seals.push({ key, record, entries });
    } else {
      const record = parseUnsealRecord(raw, incidentId, key);
      if (record.revision !== name.revision) throw new RecordError('INVALID_RECORD', incidentId, key, 'revision differs from the key');
      unseals.push({ key, record });
    }
  }
  const vaults = new Set(seals.map((s) => s.record.vaultBucket));
  if (vaults.size > 1) throw new RecordError('INVALID_RECORD', incidentId, seals[0].key, 'seal revisions name different vault buckets');
  return { incidentId, seals, unseals };
}

/** True from the first seal record until the first unseal record. */
export function isOpen(state: IncidentState): boolean {
  return state.seals.length > 0 && state.unseals.length === 0;
}

/** Loads an incident that must have been sealed; IncidentError INCIDENT_NOT_FOUND otherwise. */
export async function loadSealedIncident(s3: S3Client, recordsBucket: string, incidentId: string): Promise<IncidentState> {
  const state = await loadIncident(s3, recordsBucket, incidentId);
  if (state.seals.length === 0) throw new IncidentError('INCIDENT_NOT_FOUND', incidentId, 'no seal record');
  return state;
}

/** Version ids a later seal need not touch: listed by a revision and not failed there (held or heldBefore). */
export function sealedVersionIds(state: IncidentState): Set<string> {
  const done = new Set<string>();
  for (const { record, entries } of state.seals) {
    const failed = new Set(record.failures.map((f) => f.versionId));
    for (const e of entries) if (!failed.has(e.versionId)) done.add(e.versionId);
  }
  return done;
}

/** Version ids held before the incident sealed them (foreign holds): never released by it. */
export function heldBeforeIds(state: IncidentState): Set<string> {
  return new Set(state.seals.flatMap((s) => s.record.heldBefore.map((v) => v.versionId)));
}

/** The versions the incident holds itself (see the module doc), by version id. */
export function placedVersions(state: IncidentState): Map<string, HeldVersion> {
  const done = sealedVersionIds(state);
  const before = heldBeforeIds(state);
  const placed = new Map<string, HeldVersion>();
  for (const { entries } of state.seals) {
    for (const e of entries) {
      if (done.has(e.versionId) && !before.has(e.versionId)) placed.set(e.versionId, { key: e.key, versionId: e.versionId });
    }
  }
  return placed;
}

/** Every version listed by any seal revision, once, by version id. */
export function manifestVersions(state: IncidentState): Map<string, ManifestEntry> {
  const all = new Map<string, ManifestEntry>();
  for (const { entries } of state.seals) for (const e of entries) if (!all.has(e.versionId)) all.set(e.versionId, e);
  return all;
}

/**
 * Which other incidents hold each version of `vaultBucket`, or are about to: version id -> incident
 * ids. An incident counts until its first unseal record, with the versions its seal records placed
 * (from the verified manifests) and those claimed by the intent of a revision that has no seal
 * record yet: a seal run still in flight (or interrupted, until it is resumed). So an unseal that
 * runs beside another incident's seal keeps what that seal is about to record as held.
 */
export async function openIncidentHolds(
  s3: S3Client,
  recordsBucket: string,
  vaultBucket: string,
  exceptIncidentId: string,
): Promise<Map<string, string[]>> {
  const keys = await listRecordKeys(s3, recordsBucket);
  const byIncident = new Map<string, RecordName[]>();
  for (const name of keys.map(parseRecordKey)) {
    if (name && name.incidentId !== exceptIncidentId) byIncident.set(name.incidentId, [...(byIncident.get(name.incidentId) ?? []), name]);
  }
  const holds = new Map<string, string[]>();
  for (const [incidentId, names] of [...byIncident].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (names.some((n) => n.kind === 'unseal')) continue;
    const sealed = new Set(names.filter((n) => n.kind === 'seal').map((n) => n.revision));
    const inFlight = names.filter((n) => n.kind === 'intent' && !sealed.has(n.revision));
    const claims = new Set<string>();
    if (sealed.size > 0) {
      const records = await loadIncident(s3, recordsBucket, incidentId, { keys, manifests: false });
      if (!isOpen(records) || records.seals[0].record.vaultBucket !== vaultBucket) continue;
      const state = await loadIncident(s3, recordsBucket, incidentId, { keys });
      for (const versionId of placedVersions(state).keys()) claims.add(versionId);
    }
    for (const name of inFlight) {
      const key = revisionKey(incidentId, 'intent', name.revision);
      const raw = await readJson(s3, recordsBucket, key, incidentId);
      if (raw === undefined) continue;
      const intent = parseSealIntent(raw, incidentId, key);
      // An intent that names no bucket (written before it was recorded) counts for every bucket.
      if (intent.vaultBucket !== undefined && intent.vaultBucket !== vaultBucket) continue;
      for (const versionId of intent.claimed ?? intent.off) claims.add(versionId);
    }
    for (const versionId of claims) holds.set(versionId, [...(holds.get(versionId) ?? []), incidentId]);
  }
  return holds;
}
