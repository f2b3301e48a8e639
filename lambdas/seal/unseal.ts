/**
 * Unsealing: PutObjectLegalHold OFF for the versions an incident placed its holds on, taken from
 * its verified manifests (never a fresh listing: versions written after sealing are not touched),
 * and a record of who, when, why and how many.
 *
 * Left held, and listed in the record: versions held before the seal (`heldBefore`, counted), versions another open
 * incident also holds or a seal of another incident in flight claims (`kept`, with that incident's
 * id; held again, whatever an earlier run did) and versions whose release failed (`failures`). The
 * holds of other incidents are read before anything is released (when they cannot be read, nothing
 * is released) and again after: a version released meanwhile claimed by another incident's seal is
 * held again and listed as kept (incident.ts: why this closes the race with a seal).
 *
 * Idempotent: a run after an unseal record releases only what earlier runs kept or failed to
 * release, writing revision n+1; when nothing is left it writes nothing (`unchanged`).
 *
 * Who unseals is the caller AWS names (`shredlock unseal`: STS GetCallerIdentity); the seal Lambda
 * does not unseal (UNSEAL_NEEDS_CALLER). It must be none of the seal revisions' principals;
 * revisions sealed through the Lambda name none, and are listed in `unverifiedSeals`.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { keyHash } from '../aws/object-ref.js';
import { recordJson } from '../vault/records.js';
import { samePrincipal } from '../vault/principal.js';
import { IncidentError } from './errors.js';
import { putLegalHold, versionFailure } from './holds.js';
import { heldBeforeIds, loadSealedIncident, openIncidentHolds, placedVersions, type HeldVersion, type IncidentState } from './incident.js';
import { revisionKey } from './layout.js';
import { forEachLimit } from '../shared/pool.js';
import { UNSEAL_SCHEMA, writeRecord, type SealInvocation, type UnsealRecord, type VersionFailure } from './records.js';
import { parseUnsealRequest, type UnsealRequest } from './request.js';
import { SEAL_CONCURRENCY, type SealClients } from './seal.js';

/** What an unseal run did. */
export interface UnsealResult {
  readonly status: 'unsealed' | 'unchanged';
  readonly incidentId: string;
  /** The record written by this run, or the latest one when `unchanged`. */
  readonly record: UnsealRecord;
  readonly recordKey: string;
  /** Versions this run could not release (empty when `unchanged`). */
  readonly failures: readonly VersionFailure[];
}

/** Tuning of unsealIncident. */
export interface UnsealOptions {
  /** Versions released at once. @default SEAL_CONCURRENCY */
  readonly concurrency?: number;
}

/** Version ids released by earlier unseal runs: what each kept or failed is not among them. */
function releasedBefore(state: IncidentState, placed: ReadonlyMap<string, HeldVersion>): Set<string> {
  const released = new Set<string>();
  for (const { record } of state.unseals) {
    const notReleased = new Set([...record.kept.map((k) => k.versionId), ...record.failures.map((f) => f.versionId)]);
    for (const id of placed.keys()) if (!notReleased.has(id)) released.add(id);
  }
  return released;
}

/**
 * Seal revisions whose sealer the record cannot name: made through the Lambda (`invocation`), or
 * by the Lambda before it recorded invocations (`requestId`; its `principal` was the event's
 * claim, still compared above, which only ever refuses more).
 */
function unverifiedSealsOf(state: IncidentState): SealInvocation[] {
  return state.seals.flatMap(({ record }): SealInvocation[] => {
    if (record.invocation) return [{ revision: record.revision, ...record.invocation }];
    if (record.requestId) return [{ revision: record.revision, requestId: record.requestId }];
    return [];
  });
}

type Outcome = { kind: 'released' } | { kind: 'kept'; incidents: string[] } | { kind: 'failed'; failure: VersionFailure };

/** Releases the incident's holds (see the module doc). */
export async function unsealIncident(clients: SealClients, input: UnsealRequest, options: UnsealOptions = {}): Promise<UnsealResult> {
  const request = parseUnsealRequest(input);
  const { s3 } = clients;
  const { incidentId, recordsBucket } = request;
  const state = await loadSealedIncident(s3, recordsBucket, incidentId);
  // Four eyes: whoever sealed (any revision, any session of the same role) cannot lift the holds.
  // A revision sealed through the Lambda names no trusted sealer: it is listed for the auditor.
  if (state.seals.some((s) => s.record.principal !== undefined && samePrincipal(s.record.principal, request.principal))) {
    throw new IncidentError('UNSEAL_BY_SEALER', incidentId, 'the unseal must come from a principal other than the one that sealed the incident');
  }
  const unverifiedSeals = unverifiedSealsOf(state);
  const vaultBucket = state.seals[0].record.vaultBucket;
  if (request.vaultBucket !== undefined && request.vaultBucket !== vaultBucket) {
    throw new IncidentError('INCIDENT_CONFLICT', incidentId, 'incident was sealed in another vault bucket');
  }
  const placed = placedVersions(state);
  const released = releasedBefore(state, placed);
  const todo = [...placed.values()].filter((v) => !released.has(v.versionId));
  const latest = state.unseals.at(-1);
  if (latest && todo.length === 0) {
    return { status: 'unchanged', incidentId, record: latest.record, recordKey: latest.key, failures: [] };
  }

  const concurrency = options.concurrency ?? SEAL_CONCURRENCY;
  const others = todo.length > 0 ? await openIncidentHolds(s3, recordsBucket, vaultBucket, incidentId) : new Map<string, string[]>();
  const outcomes: Outcome[] = new Array(todo.length);
  await forEachLimit(todo, concurrency, async (v, i) => {
    const heldBy = others.get(v.versionId);
    outcomes[i] = heldBy ? await keep(s3, vaultBucket, v, heldBy) : await release(s3, vaultBucket, v);
  });
  // A seal of another incident that wrote its intent after `others` was read may claim a version
  // just released: read again, and hold those again. If this read fails, no record is written and
  // a re-run holds them (kept versions are always held again).
  if (outcomes.some((o) => o.kind === 'released')) {
    const now = await openIncidentHolds(s3, recordsBucket, vaultBucket, incidentId);
    await forEachLimit(todo, concurrency, async (v, i) => {
      const heldBy = now.get(v.versionId);
      if (outcomes[i].kind === 'released' && heldBy) outcomes[i] = await keep(s3, vaultBucket, v, heldBy);
    });
  }

  const revision = (latest?.record.revision ?? 0) + 1;
  const recordKey = revisionKey(incidentId, 'unseal', revision);
  const record: UnsealRecord = {
    schema: UNSEAL_SCHEMA,
    incidentId,
    revision,
    vaultBucket,
    reason: request.reason,
    principal: request.principal,
    unsealedAt: request.now.toISOString(),
    sealRevisions: state.seals.map((s) => s.record.revision),
    ...(unverifiedSeals.length > 0 ? { unverifiedSeals } : {}),
    versions: placed.size,
    released: outcomes.filter((o) => o.kind === 'released').length,
    alreadyReleased: released.size,
    heldBefore: heldBeforeIds(state).size,
    kept: todo.flatMap((v, i) => {
      const o = outcomes[i];
      return o.kind === 'kept' ? [{ versionId: v.versionId, keyHash: keyHash(v.key), incidents: o.incidents }] : [];
    }),
    failures: outcomes.flatMap((o) => (o.kind === 'failed' ? [o.failure] : [])),
  };
  await writeRecord(s3, recordsBucket, recordKey, recordJson(record), { exclusive: true, contentType: 'application/json', incidentId });
  return { status: 'unsealed', incidentId, record, recordKey, failures: record.failures };
}

async function release(s3: S3Client, bucket: string, v: HeldVersion): Promise<Outcome> {
  return setHold(s3, bucket, v, false, { kind: 'released' });
}

/** Leaves a version another incident holds or claims held: ON, whatever an earlier run did to it. */
async function keep(s3: S3Client, bucket: string, v: HeldVersion, incidents: string[]): Promise<Outcome> {
  return setHold(s3, bucket, v, true, { kind: 'kept', incidents });
}

async function setHold(s3: S3Client, bucket: string, v: HeldVersion, on: boolean, done: Outcome): Promise<Outcome> {
  const ref = { bucket, key: v.key, versionId: v.versionId };
  try {
    await putLegalHold(s3, ref, on);
    return done;
  } catch (error) {
    return { kind: 'failed', failure: versionFailure(ref, error) };
  }
}
