/**
 * Carries out a shred plan. For each key the plan says to shred:
 *
 * 1. DisableKey (when Enabled) — by key id: moto answers 500 for an ARN, and an id is enough;
 * 2. prove again with the key disabled (a fresh evidence pass for this key; with the inventory
 *    method, every covered version is also read again with HeadObject, inventory-recheck.ts): a
 *    version that became retained or held in the meantime stops it here, and the key stays
 *    Disabled (recoverable);
 * 3. ScheduleKeyDeletion with the configured waiting period (unless already PendingDeletion: a
 *    run that stopped before its certificate is resumed);
 * 4. the manifest, then the certificate, each written once;
 * 5. a notice on the topic.
 *
 * Keys pending deletion are proved again on every run (safety.ts): one whose data must now be kept
 * is cancelled (CancelKeyDeletion) with a cancellation record giving the reasons, and a notice.
 * Keys whose certificate exists are closed by a completion record once KMS no longer knows them,
 * or a cancellation record when they are back to Disabled/Enabled. Keys refused by the plan are
 * not touched. One key's failure does not stop the others; it is reported with its code.
 */
import { DisableKeyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import type { SNSClient } from '@aws-sdk/client-sns';
import { isAwsCallError, toKmsError } from '../aws/errors.js';
import type { VaultConfig } from '../vault/config.js';
import { isVaultError } from '../vault/errors.js';
import { certificateKeys } from '../../contract/naming.js';
import { cancelKeyDeletion, MAX_BLOCKERS_LISTED } from './cancel.js';
import { checkCertificate, closingRecord, readCertificate, writeCertificate, writeClosingRecord, type Certificate } from './certificate.js';
import { blockersOf, evidenceCounts, type Blocker, type BucketEvidence, type CoveredVersion } from './evidence-model.js';
import { collectVaultEvidence } from './evidence-method.js';
import { recheckCovered } from './inventory-recheck.js';
import { buildManifest, MANIFEST_FORMAT } from './manifest.js';
import { publishNotice, type Notice } from './notify.js';
import { planShred, type KeyPlan, type PlanOptions, type ShredderClients, type ShredPlan } from './plan.js';
import { decide, decisionLabel, type RefusalReason } from './safety.js';

/** Clients of an execution; SNS is used when the config names a topic. */
export interface ExecuteClients extends ShredderClients {
  readonly sns?: SNSClient;
}

/** Options of executeShred. */
export interface ExecuteOptions extends PlanOptions {
  /** `override` when `now` is not the system clock (drills, demos); recorded in every record. @default 'system' */
  readonly clock?: 'system' | 'override';
}

/** What became of one key. */
export type ActionOutcome =
  | 'scheduled'
  | 'refused'
  | 'deletion-cancelled'
  | 'completion-recorded'
  | 'cancellation-recorded'
  | 'unchanged'
  | 'failed';

/** The action on one key. */
export interface KeyAction {
  readonly keyId: string;
  readonly epoch: string;
  /** The plan's label. */
  readonly label: string;
  readonly outcome: ActionOutcome;
  readonly reasons?: readonly RefusalReason[];
  readonly blockers?: readonly Blocker[];
  /** s3:// URI of the record written. */
  readonly record?: string;
  readonly deletionDate?: string;
  readonly notification: 'sent' | 'failed' | 'none';
  readonly error?: { readonly code: string; readonly message: string };
}

/** Result of one execution. */
export interface ExecuteResult {
  readonly plan: ShredPlan;
  readonly actions: readonly KeyAction[];
  /** Keys refused (by the plan, or by the proof after disabling). */
  readonly refused: number;
  /** Keys whose actions failed with an error. */
  readonly failed: number;
}

/** Blockers named in notices and reports (cancel.ts). */
export { MAX_BLOCKERS_LISTED };

interface Context {
  readonly clients: ExecuteClients;
  /** The plan's evidence pass, when any key needed one. */
  evidence?: BucketEvidence;
  readonly config: VaultConfig;
  readonly now: Date;
  readonly clock: 'system' | 'override';
  readonly options: ExecuteOptions;
}

/** Plans, then acts on the plan (see the module doc). */
export async function executeShred(clients: ExecuteClients, config: VaultConfig, now: Date, options: ExecuteOptions = {}): Promise<ExecuteResult> {
  const ctx: Context = { clients, config, now, clock: options.clock ?? 'system', options };
  const plan = await planShred(clients, config, now, options);
  ctx.evidence = plan.evidence;
  const actions: KeyAction[] = [];
  for (const key of plan.keys) {
    try {
      actions.push(await act(ctx, key));
    } catch (error) {
      actions.push({ ...base(key), outcome: 'failed', notification: 'none', error: describeError(error) });
    }
  }
  const refusals = actions.filter((a) => a.outcome === 'refused');
  let result: KeyAction[] = actions;
  if (refusals.length > 0) {
    const sent = await notify(ctx, {
      event: 'shred-refused',
      vault: config.vaultName,
      detail: {
        at: now.toISOString(),
        keys: refusals.map((a) => ({
          keyId: a.keyId,
          epoch: a.epoch,
          decision: a.label,
          blockers: (a.blockers ?? []).slice(0, MAX_BLOCKERS_LISTED).map((b) => ({ versionId: b.versionId, reasons: b.reasons })),
          blockersTotal: a.blockers?.length ?? 0,
        })),
      },
    });
    result = actions.map((a) => (a.outcome === 'refused' ? { ...a, notification: sent } : a));
  }
  return { plan, actions: result, refused: refusals.length, failed: actions.filter((a) => a.outcome === 'failed').length };
}

function base(key: KeyPlan): Pick<KeyAction, 'keyId' | 'epoch' | 'label'> {
  return { keyId: key.facts.keyId, epoch: key.facts.epoch, label: key.label };
}

function describeError(error: unknown): { code: string; message: string } {
  if (isAwsCallError(error) || isVaultError(error)) return { code: error.code, message: error.message };
  const e = error as { name?: unknown };
  return { code: 'FAILED', message: typeof e?.name === 'string' ? e.name : 'unknown error' };
}

async function act(ctx: Context, key: KeyPlan): Promise<KeyAction> {
  const d = key.decision;
  switch (d.outcome) {
    case 'shred':
      return shredKey(ctx, key);
    case 'completed':
      return d.record ? recordClosing(ctx, key, 'completion') : { ...base(key), outcome: 'unchanged', notification: 'none' };
    case 'cancelled':
      return d.record ? recordClosing(ctx, key, 'cancellation') : { ...base(key), outcome: 'unchanged', notification: 'none' };
    case 'refuse':
      return { ...base(key), outcome: 'refused', reasons: d.reasons, blockers: key.blockers, notification: 'none' };
    case 'cancel':
      return cancelDeletion(ctx, key, d.reasons, key.blockers);
    case 'already-scheduled':
      return recheckPending(ctx, key);
    default:
      return { ...base(key), outcome: 'unchanged', notification: 'none' };
  }
}

async function shredKey(ctx: Context, key: KeyPlan): Promise<KeyAction> {
  const { clients, config, now } = ctx;
  const f = key.facts;
  let disableRequestId: string | undefined;
  let disabledAt: string | null = null;
  if (f.state === 'Enabled') {
    try {
      const out = await clients.kms.send(new DisableKeyCommand({ KeyId: f.keyId }));
      disableRequestId = out.$metadata.requestId;
      disabledAt = now.toISOString();
    } catch (error) {
      throw toKmsError(error, 'DisableKey', { keyId: f.keyId });
    }
  }
  const evidence = await proveAgain(ctx, f.keyId);
  const recheck = decide({
    ...f.safety,
    keyState: f.state === 'PendingDeletion' ? 'PendingDeletion' : 'Disabled',
    evidence: evidenceCounts(evidence, f.keyId),
  });
  if (recheck.outcome !== 'shred') {
    const reasons = recheck.outcome === 'refuse' ? recheck.reasons : [];
    return { ...base(key), label: decisionLabel(recheck), outcome: 'refused', reasons, blockers: blockersOf(evidence, f.keyId), notification: 'none' };
  }
  let deletionDate = f.deletionDate;
  let scheduleRequestId: string | undefined;
  if (f.state !== 'PendingDeletion') {
    try {
      const out = await clients.kms.send(
        new ScheduleKeyDeletionCommand({ KeyId: f.keyId, PendingWindowInDays: config.keyDeletionWindowDays }),
      );
      deletionDate = out.DeletionDate?.toISOString();
      scheduleRequestId = out.$metadata.requestId;
    } catch (error) {
      throw toKmsError(error, 'ScheduleKeyDeletion', { keyId: f.keyId });
    }
  }
  const covered = evidence.byKey.get(f.keyId)?.covered ?? [];
  const manifest = buildManifest(covered);
  const keys = certificateKeys(config.vaultName, f.epoch, f.keyId);
  const certificate: Certificate = checkCertificate(
    {
      type: 'shredlock.destruction-certificate',
      version: 1,
      vault: config.vaultName,
      vaultBucket: config.vaultBucket,
      epoch: f.epoch,
      epochMonths: f.epochMonths ?? 1,
      keyId: f.keyId,
      keyArn: f.keyArn as string,
      aliasName: f.aliasName ?? null,
      shredNotBefore: f.shredNotBefore as string,
      objects: {
        count: manifest.count,
        bytes: manifest.bytes,
        manifestSha256: manifest.sha256,
        manifestKey: `s3://${config.recordsBucket}/${keys.manifest}`,
        manifestFormat: MANIFEST_FORMAT,
      },
      retentionEvidence: retentionEvidence(evidence, covered),
      approval: {
        required: config.requireApproval,
        approvedBy: f.approval.by ?? null,
        approvedAt: f.approval.at ?? null,
      },
      shredder: { principalArn: config.shredderPrincipalArn ?? null },
      keyStateBefore: f.state as Certificate['keyStateBefore'],
      decidedAt: now.toISOString(),
      disabledAt,
      scheduledAt: now.toISOString(),
      deletionDate: deletionDate as string,
      pendingWindowDays: config.keyDeletionWindowDays,
      clock: ctx.clock,
      requestIds: {
        disableKey: disableRequestId ?? null,
        scheduleKeyDeletion: scheduleRequestId ?? null,
        describeKey: f.describeRequestId ?? null,
      },
    },
    `s3://${config.recordsBucket}/${keys.certificate}`,
  );
  const written = await writeCertificate(clients.s3, config.recordsBucket, certificate, manifest.text);
  if (!written.certificate) {
    return { ...base(key), label: 'already-scheduled', outcome: 'unchanged', deletionDate, notification: 'none' };
  }
  const record = `s3://${config.recordsBucket}/${keys.certificate}`;
  const notification = await notify(ctx, {
    event: 'key-deletion-scheduled',
    vault: config.vaultName,
    detail: {
      epoch: f.epoch,
      keyId: f.keyId,
      keyArn: f.keyArn,
      deletionDate,
      objects: { count: manifest.count, bytes: manifest.bytes, manifestSha256: manifest.sha256 },
      approvedBy: f.approval.by ?? null,
      certificate: record,
    },
  });
  return { ...base(key), outcome: 'scheduled', record, deletionDate, notification };
}

/** A fresh evidence pass for one key with it disabled; the inventory method also reads its covered versions again. */
async function proveAgain(ctx: Context, keyId: string): Promise<BucketEvidence> {
  const evidence = await collectVaultEvidence(ctx.clients.s3, ctx.config, [keyId], ctx.now, ctx.options);
  return evidence.method === 'inventory' ? recheckCovered(ctx.clients.s3, evidence, keyId, ctx.options.inventory) : evidence;
}

function retentionEvidence(evidence: BucketEvidence, covered: readonly CoveredVersion[]): Certificate['retentionEvidence'] {
  const lockModes: Record<string, number> = {};
  let latest: string | null = null;
  for (const v of covered) {
    const mode = v.lockMode ?? 'NONE';
    lockModes[mode] = (lockModes[mode] ?? 0) + 1;
    if (v.retainUntil && (latest === null || Date.parse(v.retainUntil) > Date.parse(latest))) latest = v.retainUntil;
  }
  return {
    method: evidence.method,
    checkedAt: evidence.checkedAt,
    versionsListed: evidence.versionsListed,
    deleteMarkers: evidence.deleteMarkers,
    versionsOfOtherKeys: evidence.versionsOfOtherKeys,
    versionsWithoutKms: evidence.versionsWithoutKms,
    versionsVanished: evidence.versionsVanished,
    retained: 0,
    legalHolds: 0,
    unreadable: 0,
    latestRetainUntil: latest,
    lockModes,
    ...(evidence.inventory
      ? {
          inventory: {
            manifestKey: evidence.inventory.manifestKey as string,
            manifestSha256: evidence.inventory.manifestSha256 as string,
            creationTimestamp: evidence.inventory.creationTimestamp as string,
            files: evidence.inventory.files,
            rows: evidence.inventory.rows,
            versionsResolvedByHead: evidence.inventory.versionsResolvedByHead,
          },
        }
      : {}),
  };
}

/**
 * A key pending deletion, proved again: the inventory method reads its covered versions with
 * HeadObject (the plan read only the snapshot); a version now retained or held cancels it.
 */
async function recheckPending(ctx: Context, key: KeyPlan): Promise<KeyAction> {
  const f = key.facts;
  if (ctx.evidence?.method === 'inventory') {
    const evidence = await recheckCovered(ctx.clients.s3, ctx.evidence, f.keyId, ctx.options.inventory);
    const d = decide({ ...f.safety, evidence: evidenceCounts(evidence, f.keyId) });
    if (d.outcome === 'cancel') return cancelDeletion(ctx, { ...key, label: decisionLabel(d) }, d.reasons, blockersOf(evidence, f.keyId));
  }
  return { ...base(key), outcome: 'unchanged', deletionDate: f.deletionDate, notification: 'none' };
}

/** CancelKeyDeletion of a key whose data must be kept (safety.ts `cancel`; cancel.ts). */
async function cancelDeletion(ctx: Context, key: KeyPlan, reasons: readonly RefusalReason[], blockers: readonly Blocker[]): Promise<KeyAction> {
  const { config } = ctx;
  const f = key.facts;
  const done = await cancelKeyDeletion(
    ctx.clients,
    {
      vaultName: config.vaultName,
      recordsBucket: config.recordsBucket,
      ...(config.topicArn ? { topicArn: config.topicArn } : {}),
      keyId: f.keyId,
      ...(f.keyArn ? { keyArn: f.keyArn } : {}),
      epoch: f.epoch,
    },
    { reasons, blockers, now: ctx.now, clock: ctx.clock },
  );
  return { ...base(key), outcome: 'deletion-cancelled', reasons, blockers, ...(done.record ? { record: done.record } : {}), notification: done.notification };
}

async function recordClosing(ctx: Context, key: KeyPlan, kind: 'completion' | 'cancellation'): Promise<KeyAction> {
  const { clients, config, now } = ctx;
  const f = key.facts;
  const certificate = await readCertificate(clients.s3, config.recordsBucket, config.vaultName, f.epoch, f.keyId);
  if (!certificate) {
    return { ...base(key), outcome: 'failed', notification: 'none', error: { code: 'RECORD_INVALID', message: 'certificate listed but not readable' } };
  }
  const record = closingRecord(certificate, config.recordsBucket, {
    kind,
    keyState: f.state === 'missing' ? 'missing' : f.state === 'Enabled' ? 'Enabled' : 'Disabled',
    observedAt: now,
    requestId: f.describeRequestId,
    clock: ctx.clock,
  });
  const written = await writeClosingRecord(clients.s3, config.recordsBucket, record);
  if (!written) return { ...base(key), outcome: 'unchanged', notification: 'none' };
  const notification = await notify(ctx, {
    event: kind === 'completion' ? 'key-deleted' : 'key-deletion-cancelled',
    vault: config.vaultName,
    detail: { epoch: f.epoch, keyId: f.keyId, keyArn: certificate.keyArn, observedAt: record.observedAt, keyState: record.keyState },
  });
  return {
    ...base(key),
    outcome: kind === 'completion' ? 'completion-recorded' : 'cancellation-recorded',
    record: `s3://${written.bucket}/${written.key}`,
    notification,
  };
}

async function notify(ctx: Context, notice: Notice): Promise<KeyAction['notification']> {
  const topic = ctx.config.topicArn;
  if (!topic || !ctx.clients.sns) return 'none';
  try {
    await publishNotice(ctx.clients.sns, topic, notice);
    return 'sent';
  } catch {
    // The record is written and is the evidence; a lost notice is reported, not retried here.
    return 'failed';
  }
}
