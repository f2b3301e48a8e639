/**
 * Sealing after a leak: place a legal hold on every object version under a prefix, and record who,
 * when, why and exactly which versions in the records bucket.
 *
 * ListObjectVersions (paginated, delete markers left out) -> GetObjectLegalHold of each version not
 * sealed yet -> other incidents' holds, when some are ON -> intent (which were OFF, which this
 * revision claims) -> PutObjectLegalHold ON for those OFF (and for shared ones found released
 * since) -> manifest -> seal record. One version that fails does not stop the others; it is
 * listed in `failures` with its version id and code, and is never counted as held. See incident.ts for how overlapping incidents
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
import { forEachLimit } from '../shared/pool.js';
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

/**
 * The other incidents' holds and claims (openIncidentHolds). Unreadable records of other incidents
 * give none, with the error: the ON versions are then recorded as heldBefore, the side that never
 * lifts a hold.
 */
async function otherHolds(s3: S3Client, recordsBucket: string, vaultBucket: string, incidentId: string): Promise<OpenHolds> {
  try {
    return { holds: await openIncidentHolds(s3, recordsBucket, vaultBucket, incidentId) };
  } catch (error) {
    if (!isSealError(error) && !isS3Error(error)) throw error;
    return { holds: new Map<string, string[]>(), error: error.code };
  }
}

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
 * What a run does with one version, from its hold before the run (`before`), whether an interrupted
 * run of this revision found it OFF (`ours`: ON now is our own hold), and which other incidents
 * hold or claim it (`heldBy`):
 *
 * | before     | ours | heldBy   | Step                                                          |
 * |------------|------|----------|---------------------------------------------------------------|
 * | unreadable | -    | -        | `failed`: without the earlier state, an unseal could not tell whose hold it lifts |
 * | OFF        | -    | -        | `hold`: place the hold                                        |
 * | ON         | yes  | -        | `held`: our own hold                                          |
 * | ON         | no   | some     | `share`: held by another incident; checked again after the intent |
 * | ON         | no   | none     | `heldBefore`: a hold from outside ShredLock, never lifted by us |
 */
type Step =
  | { kind: 'hold' }
  | { kind: 'held' }
  | { kind: 'share' }
  | { kind: 'heldBefore' }
  | { kind: 'failed'; failure: VersionFailure };

function stepOf(before: Before, ours: boolean, heldBy: readonly string[] | undefined): Step {
  if (typeof before !== 'boolean') return { kind: 'failed', failure: before };
  if (!before) return { kind: 'hold' };
  if (ours) return { kind: 'held' };
  return heldBy ? { kind: 'share' } : { kind: 'heldBefore' };
}

/** Carries out one step; never throws for an S3 failure. */
async function carryOut(s3: S3Client, ref: ObjectVersionRef, step: Step): Promise<Outcome> {
  switch (step.kind) {
    case 'failed':
      return step;
    case 'heldBefore':
      return { kind: 'heldBefore', ref: { versionId: ref.versionId, keyHash: keyHash(ref.key) } };
    case 'held':
      return { kind: 'held' };
    case 'hold':
    case 'share':
      try {
        // A shared version: the other incident's unseal may have released it after our first read,
        // before it could see our intent. Hold it again then.
        if (step.kind === 'hold' || !(await getLegalHold(s3, ref))) await putLegalHold(s3, ref, true);
        return { kind: 'held' };
      } catch (error) {
        return { kind: 'failed', failure: versionFailure(ref, error) };
      }
  }
}

/** What an interrupted run of this revision wrote in its intent (nothing when there was none). */
async function readIntent(
  s3: S3Client,
  bucket: string,
  incidentId: string,
  key: string,
): Promise<{ off: Set<string>; claimed: Set<string> }> {
  const raw = await readJson(s3, bucket, key, incidentId);
  if (raw === undefined) return { off: new Set(), claimed: new Set() };
  const intent = parseSealIntent(raw, incidentId, key);
  return { off: new Set(intent.off), claimed: new Set(intent.claimed ?? intent.off) };
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

  // Phase 1: every version's hold before this run, and who else holds the ones that are ON.
  const intentKey = revisionKey(incidentId, 'intent', revision);
  const earlier = await readIntent(s3, recordsBucket, incidentId, intentKey);
  const before: Before[] = new Array(todo.length);
  await forEachLimit(todo, concurrency, async (v, i) => {
    before[i] = await holdBefore(s3, refOf(v));
  });
  const others = todo.some((v, i) => before[i] === true && !earlier.off.has(v.versionId))
    ? await otherHolds(s3, recordsBucket, vaultBucket, incidentId)
    : { holds: new Map<string, string[]>() };
  const steps = todo.map((v, i) => stepOf(before[i], earlier.off.has(v.versionId), others.holds.get(v.versionId)));

  // The intent, before the first hold: which versions were OFF (so a resumed run knows its own
  // holds) and which this revision claims (so another incident's unseal keeps them).
  const off = new Set([...earlier.off, ...todo.filter((_, i) => before[i] === false).map((v) => v.versionId)]);
  const claims = todo.filter((_, i) => steps[i].kind !== 'failed' && steps[i].kind !== 'heldBefore');
  const claimed = new Set([...earlier.claimed, ...claims.map((v) => v.versionId)]);
  if (off.size > earlier.off.size || claimed.size > earlier.claimed.size) {
    const intent: SealIntent = { schema: INTENT_SCHEMA, incidentId, revision, off: [...off].sort(), vaultBucket, claimed: [...claimed].sort() };
    await writeRecord(s3, recordsBucket, intentKey, recordJson(intent), { contentType: 'application/json', incidentId });
  }

  // Phase 2: hold what was OFF, check again what is shared.
  const outcomes: Outcome[] = new Array(todo.length);
  await forEachLimit(todo, concurrency, async (v, i) => {
    outcomes[i] = await carryOut(s3, refOf(v), steps[i]);
  });
  const openHoldsError = others.error;

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
    ...(request.principal ? { principal: request.principal } : {}),
    ...(request.invocation ? { invocation: { requestId: request.invocation.requestId, functionArn: request.invocation.functionArn } } : {}),
    ...(request.claimedPrincipal ? { claimedPrincipal: request.claimedPrincipal } : {}),
    sealedAt: request.now.toISOString(),
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
