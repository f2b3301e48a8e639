/**
 * Sealing after a leak: place a legal hold on every object version under a prefix, and record who,
 * when, why and exactly which versions in the records bucket.
 *
 * ListObjectVersions (paginated, delete markers left out) -> GetObjectLegalHold of each version not
 * sealed yet -> intent (which were OFF) -> PutObjectLegalHold ON for those -> manifest -> seal
 * record. One version that fails does not stop the others; it is listed in `failures` with its
 * version id and code, and is never counted as held. See incident.ts for how overlapping incidents
 * and holds placed outside ShredLock are told apart, and records.ts (SealIntent) for how a run
 * interrupted before its record (a Lambda time-out) is resumed by running it again.
 *
 * Idempotent per incident id (a new id is made when none is given):
 *
 * | Earlier records of the incident        | Versions under the prefix now            | Result                                   |
 * |----------------------------------------|------------------------------------------|------------------------------------------|
 * | none                                   | any                                      | `sealed`: revision 1 written             |
 * | seal revisions 1..n, no unseal         | all sealed by a revision (not failed)    | `unchanged`: no S3 change, nothing written |
 * | seal revisions 1..n, no unseal         | some new, or failed before               | `resealed`: only those are touched; revision n+1 |
 * | seal revisions for another bucket or prefix | -                                   | IncidentError INCIDENT_CONFLICT          |
 * | an unseal record                       | -                                        | IncidentError INCIDENT_CLOSED            |
 *
 * Every revision's manifest lists all versions under the prefix at that time; `carried` counts
 * those an earlier revision had sealed.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { isS3Error } from '../aws/errors.js';
import { keyHash, type ObjectVersionRef } from '../aws/object-ref.js';
import { listVersions, type ListedVersion } from '../aws/object-versions.js';
import { recordJson } from '../vault/records.js';
import { IncidentError, isSealError } from './errors.js';
import { getLegalHold, putLegalHold, versionFailure } from './holds.js';
import { loadIncident, openIncidentHolds, sealedVersionIds, type IncidentState } from './incident.js';
import { revisionKey } from './layout.js';
import { formatManifest, manifestSha256 } from './manifest.js';
import { forEachLimit } from './pool.js';
import {
  INTENT_SCHEMA,
  SEAL_SCHEMA,
  parseSealIntent,
  readJson,
  writeRecord,
  type SealIntent,
  type SealRecord,
  type VersionFailure,
  type VersionRef,
} from './records.js';
import { newIncidentId, parseSealRequest, type SealRequest } from './request.js';

/** The clients sealing needs. */
export interface SealClients {
  readonly s3: S3Client;
}

/** Tuning of sealPrefix. */
export interface SealOptions {
  /** Versions worked on at once. @default SEAL_CONCURRENCY */
  readonly concurrency?: number;
  /** Versions per ListObjectVersions page. @default 1000 */
  readonly pageSize?: number;
}

/** Versions whose hold is read and set at once unless told otherwise. */
export const SEAL_CONCURRENCY = 8;

/** What a seal run did. */
export interface SealResult {
  readonly status: 'sealed' | 'resealed' | 'unchanged';
  readonly incidentId: string;
  /** The record written by this run, or the latest one when `unchanged`. */
  readonly record: SealRecord;
  readonly recordKey: string;
  /** Versions this run could not hold (empty when `unchanged`). */
  readonly failures: readonly VersionFailure[];
}

type Outcome = { kind: 'held' } | { kind: 'heldBefore'; ref: VersionRef } | { kind: 'failed'; failure: VersionFailure };

/** Holds of the other open incidents, or the code of the error that kept them from being read. */
type OpenHolds = { readonly holds: Map<string, string[]>; readonly error?: string };

/** A version's hold before this run touched it: ON, OFF, or unreadable. */
type Before = boolean | VersionFailure;

/** Reads the hold state; never throws for an S3 failure (it becomes the state). */
async function holdBefore(s3: S3Client, ref: ObjectVersionRef): Promise<Before> {
  try {
    return await getLegalHold(s3, ref);
  } catch (error) {
    return versionFailure(ref, error);
  }
}

/**
 * Holds one version given its state before the run; never throws for an S3 failure.
 * `ourEarlierRun`: OFF before an interrupted run of this revision, so ON now is our own hold.
 */
async function holdVersion(
  s3: S3Client,
  ref: ObjectVersionRef,
  before: Before,
  ourEarlierRun: boolean,
  openHolds: () => Promise<OpenHolds>,
): Promise<Outcome> {
  // Without the earlier state, a later unseal could not tell whose hold it would lift: not held.
  if (typeof before !== 'boolean') return { kind: 'failed', failure: before };
  if (before) {
    if (ourEarlierRun) return { kind: 'held' };
    // Unreadable records of other incidents: recorded as heldBefore, the side that never lifts a hold.
    const heldBy = (await openHolds()).holds.get(ref.versionId);
    return heldBy ? { kind: 'held' } : { kind: 'heldBefore', ref: { versionId: ref.versionId, keyHash: keyHash(ref.key) } };
  }
  try {
    await putLegalHold(s3, ref, true);
    return { kind: 'held' };
  } catch (error) {
    return { kind: 'failed', failure: versionFailure(ref, error) };
  }
}

/** Version ids that an interrupted run of this revision found OFF (its intent), or none. */
async function readIntent(s3: S3Client, bucket: string, incidentId: string, key: string): Promise<Set<string>> {
  const raw = await readJson(s3, bucket, key, incidentId);
  return new Set(raw === undefined ? [] : parseSealIntent(raw, incidentId, key).off);
}

function checkCanSeal(state: IncidentState, request: SealRequest, incidentId: string): void {
  if (state.unseals.length > 0) throw new IncidentError('INCIDENT_CLOSED', incidentId, 'incident was unsealed; seal under a new incident id');
  const first = state.seals[0]?.record;
  if (first && (first.vaultBucket !== request.vaultBucket || first.prefix !== request.prefix)) {
    throw new IncidentError('INCIDENT_CONFLICT', incidentId, 'incident was sealed for another vault bucket or prefix');
  }
}

/** Seals every version under the prefix (see the module doc). */
export async function sealPrefix(clients: SealClients, input: SealRequest, options: SealOptions = {}): Promise<SealResult> {
  const request = parseSealRequest(input);
  const { s3 } = clients;
  const { vaultBucket, recordsBucket } = request;
  const incidentId = request.incidentId ?? newIncidentId(request.now);
  const state = await loadIncident(s3, recordsBucket, incidentId);
  checkCanSeal(state, request, incidentId);

  const listed = await listVersions(s3, vaultBucket, request.prefix, options.pageSize);
  const done = sealedVersionIds(state);
  const todo = listed.filter((v) => !done.has(v.versionId));
  const latest = state.seals.at(-1);
  if (latest && todo.length === 0) {
    return { status: 'unchanged', incidentId, record: latest.record, recordKey: latest.key, failures: [] };
  }

  const revision = (latest?.record.revision ?? 0) + 1;
  const concurrency = options.concurrency ?? SEAL_CONCURRENCY;
  const refOf = (v: ListedVersion): ObjectVersionRef => ({ bucket: vaultBucket, key: v.key, versionId: v.versionId });

  // Phase 1: every version's hold before this run, kept in the intent before the first hold is placed.
  const intentKey = revisionKey(incidentId, 'intent', revision);
  const offInEarlierRun = await readIntent(s3, recordsBucket, incidentId, intentKey);
  const before: Before[] = new Array(todo.length);
  await forEachLimit(todo, concurrency, async (v, i) => {
    before[i] = await holdBefore(s3, refOf(v));
  });
  const off = new Set([...offInEarlierRun, ...todo.filter((_, i) => before[i] === false).map((v) => v.versionId)]);
  if (off.size > offInEarlierRun.size) {
    const intent: SealIntent = { schema: INTENT_SCHEMA, incidentId, revision, off: [...off].sort() };
    await writeRecord(s3, recordsBucket, intentKey, recordJson(intent), { contentType: 'application/json', incidentId });
  }

  // Phase 2: hold what is OFF; tell our own holds from others' for what is ON.
  let pending: Promise<OpenHolds> | undefined;
  const openHolds = () =>
    (pending ??= openIncidentHolds(s3, recordsBucket, vaultBucket, incidentId).then(
      (holds) => ({ holds }),
      (error: unknown) => {
        if (!isSealError(error) && !isS3Error(error)) throw error;
        return { holds: new Map<string, string[]>(), error: error.code };
      },
    ));
  const outcomes: Outcome[] = new Array(todo.length);
  await forEachLimit(todo, concurrency, async (v, i) => {
    outcomes[i] = await holdVersion(s3, refOf(v), before[i], offInEarlierRun.has(v.versionId), openHolds);
  });
  const openHoldsError = pending ? (await pending).error : undefined;

  const manifest = formatManifest(listed);
  const manifestKey = revisionKey(incidentId, 'manifest', revision);
  const recordKey = revisionKey(incidentId, 'seal', revision);
  const manifestVersionId = await writeRecord(s3, recordsBucket, manifestKey, manifest, {
    contentType: 'text/tab-separated-values; charset=utf-8',
    incidentId,
  });
  const record: SealRecord = {
    schema: SEAL_SCHEMA,
    incidentId,
    revision,
    vaultBucket,
    prefix: request.prefix,
    reason: request.reason,
    principal: request.principal,
    sealedAt: request.now.toISOString(),
    ...(request.requestId ? { requestId: request.requestId } : {}),
    manifest: { key: manifestKey, ...(manifestVersionId ? { versionId: manifestVersionId } : {}), sha256: manifestSha256(manifest) },
    versions: listed.length,
    bytes: listed.reduce((n, v) => n + v.size, 0),
    held: outcomes.filter((o) => o.kind === 'held').length,
    heldBefore: outcomes.flatMap((o) => (o.kind === 'heldBefore' ? [o.ref] : [])),
    carried: listed.length - todo.length,
    failures: outcomes.flatMap((o) => (o.kind === 'failed' ? [o.failure] : [])),
    ...(openHoldsError
      ? { warnings: [`records of other open incidents unreadable (${openHoldsError}): versions already held are listed as heldBefore`] }
      : {}),
  };
  await writeRecord(s3, recordsBucket, recordKey, recordJson(record), { exclusive: true, contentType: 'application/json', incidentId });
  return { status: revision === 1 ? 'sealed' : 'resealed', incidentId, record, recordKey, failures: record.failures };
}
