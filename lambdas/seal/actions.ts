/**
 * The seal Lambda's work as plain functions (the handler only wires them), also used by the CLI:
 * seal then build the notification list. The Lambda does not unseal (UNSEAL_NEEDS_CALLER): the CLI
 * calls unsealIncident with the caller STS names. Results and log lines carry counts, incident
 * ids, version ids and record keys; never object keys, prefixes, reasons or identifiers.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { listVersions } from '../aws/object-versions.js';
import { z } from 'zod';
import { isAwsCallError } from '../aws/errors.js';
import type { PiiType } from '../engine/types.js';
import type { LoggerSink } from '../sinks.js';
import type { SealConfig } from './config.js';
import { SealRequestError, UnsealNeedsCallerError, isSealError } from './errors.js';
import { peopleByType } from './notification.js';
import { cancelPendingKeys, type PendingKeysResult } from './pending-keys.js';
import { notifyIncident, type NotifyOptions, type NotifyResult } from './notify.js';
import { INCIDENT_ID, newIncidentId, type LambdaInvocation, type SealRequest } from './request.js';
import { sealPrefix, type SealOptions, type SealResult } from './seal.js';
import { issueMessages } from '../shared/issues.js';

/** A failure of a whole step, by code (our errors' messages hold ids only). */
export interface StepError {
  readonly code: string;
  readonly message: string;
}

/** Seal, then the notification list, then the vault's pending keys; a failed step does not undo (or hide) the seal. */
export interface SealAndNotifyResult {
  readonly seal: SealResult;
  readonly notification: NotifyResult | { readonly error: StepError };
  /** Keys pending deletion under sealed versions, cancelled (pending-keys.ts); absent without a vault name and KMS client. */
  readonly pendingKeys?: PendingKeysResult | { readonly error: StepError };
}

/** The clients of a seal: KMS (and SNS for notices) to cancel pending keys. */
export interface SealStepClients {
  readonly s3: S3Client;
  readonly kms?: KMSClient;
  readonly sns?: SNSClient;
}

function stepError(error: unknown): StepError {
  if (isSealError(error) || isAwsCallError(error)) return { code: error.code, message: error.message };
  throw error;
}

/**
 * Seals the prefix and writes the notification list. When the list fails (an S3 error, a bad
 * record) the seal stands and the error is returned: sealing again with the same incident id
 * changes nothing and tries the list again.
 */
export async function sealAndNotify(
  clients: SealStepClients,
  request: SealRequest,
  options: { readonly seal?: SealOptions; readonly notify?: NotifyOptions; readonly vault?: { readonly vaultName: string; readonly topicArn?: string } } = {},
): Promise<SealAndNotifyResult> {
  // The id is fixed first, so a run that fails or times out can be resumed under it.
  const seal = await sealPrefix(clients, { ...request, incidentId: request.incidentId ?? newIncidentId(request.now) }, options.seal);
  let notification: SealAndNotifyResult['notification'];
  try {
    notification = await notifyIncident(
      clients,
      { recordsBucket: request.recordsBucket, incidentId: seal.incidentId, now: request.now },
      options.notify,
    );
  } catch (error) {
    notification = { error: stepError(error) };
  }
  if (!clients.kms || !options.vault) return { seal, notification };
  let pendingKeys: SealAndNotifyResult['pendingKeys'];
  try {
    const versions = await listVersions(clients.s3, request.vaultBucket, request.prefix, options.seal?.pageSize);
    pendingKeys = await cancelPendingKeys(
      { s3: clients.s3, kms: clients.kms, ...(clients.sns ? { sns: clients.sns } : {}) },
      { ...options.vault, vaultBucket: request.vaultBucket, recordsBucket: request.recordsBucket },
      versions,
      { incidentId: seal.incidentId, now: request.now },
    );
  } catch (error) {
    pendingKeys = { error: stepError(error) };
  }
  return { seal, notification, pendingKeys };
}

const SealEventSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('seal'),
      prefix: z.string(),
      reason: z.string(),
      /** A claim, recorded as `claimedPrincipal`; who invoked is in CloudTrail (the Invoke data event). */
      principal: z.string().optional(),
      incidentId: z.string().optional(),
    })
    .strict(),
  // Any unseal is refused (UnsealNeedsCallerError): its fields are not read beyond the incident id.
  z.object({ action: z.literal('unseal'), incidentId: z.unknown().optional() }).passthrough(),
]);

/** The Lambda's event: `{ action: 'seal', prefix, reason, principal?, incidentId? }` (an unseal is refused). */
export type SealEvent = Extract<z.infer<typeof SealEventSchema>, { action: 'seal' }>;

/**
 * Reads the event's shape (values are checked by the seal request); names fields only. An unseal
 * event throws UnsealNeedsCallerError: the Lambda cannot know who asked (see the handler's doc).
 */
export function parseSealEvent(event: unknown): SealEvent {
  const parsed = SealEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new SealRequestError(issueMessages(parsed.error.issues, '(event)'));
  }
  if (parsed.data.action === 'unseal') {
    const id = parsed.data.incidentId;
    throw new UnsealNeedsCallerError(typeof id === 'string' && INCIDENT_ID.test(id) ? id : undefined);
  }
  return parsed.data;
}

/** A version failure as returned and logged: no key. */
export interface FailureSummary {
  readonly versionId: string;
  readonly code: string;
}

/** What the Lambda returns. `complete` is false when any version failed or the list was not written. */
export interface SealActionResult {
  readonly action: 'seal';
  readonly complete: boolean;
  readonly incidentId: string;
  readonly status: SealResult['status'];
  readonly recordKey: string;
  readonly versions: number;
  readonly held: number;
  readonly heldBefore: number;
  readonly carried: number;
  readonly failures: readonly FailureSummary[];
  readonly notification:
    | {
        readonly status: NotifyResult['status'];
        readonly keys: NotifyResult['keys'];
        readonly people: Partial<Record<PiiType, number>>;
        readonly unreadable: number;
      }
    | { readonly error: StepError };
  /** Keys pending deletion cancelled because this seal held a version under them (when the vault name is configured). */
  readonly pendingKeysCancelled?: readonly string[] | { readonly error: StepError };
}

/** Dependencies of runSealAction (module-scope singletons in the Lambda). */
export interface SealActionDeps {
  readonly s3: S3Client;
  /** KMS and SNS: to cancel the vault's pending keys under sealed versions (with config.vaultName). */
  readonly kms?: KMSClient;
  readonly sns?: SNSClient;
  readonly config: SealConfig;
  readonly logger: LoggerSink;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** This invocation (request id, function ARN), recorded in place of a caller the Lambda cannot know. */
  readonly invocation: LambdaInvocation;
}

const summarize = (failures: readonly { versionId: string; code: string }[]): FailureSummary[] =>
  failures.map(({ versionId, code }) => ({ versionId, code }));

/**
 * Runs one seal event. Throws for an invalid event, an unseal (UNSEAL_NEEDS_CALLER) or an
 * incident/record error; version failures are in the result.
 */
export async function runSealAction(event: unknown, deps: SealActionDeps): Promise<SealActionResult> {
  const parsed = parseSealEvent(event);
  const now = (deps.now ?? (() => new Date()))();
  const { vaultBucket, recordsBucket } = deps.config;
  // Logged before any work, so a run that times out can be resumed under the same id.
  const incidentId = parsed.incidentId ?? newIncidentId(now);
  deps.logger.info('seal started', { incidentId });
  const vaultName = deps.config.vaultName;
  const { seal, notification, pendingKeys } = await sealAndNotify(
    { s3: deps.s3, ...(deps.kms ? { kms: deps.kms } : {}), ...(deps.sns ? { sns: deps.sns } : {}) },
    {
      prefix: parsed.prefix,
      reason: parsed.reason,
      incidentId,
      vaultBucket,
      recordsBucket,
      now,
      invocation: deps.invocation,
      ...(parsed.principal !== undefined ? { claimedPrincipal: parsed.principal } : {}),
    },
    vaultName ? { vault: { vaultName, ...(deps.config.topicArn ? { topicArn: deps.config.topicArn } : {}) } } : {},
  );
  const r = seal.record;
  const unchanged = seal.status === 'unchanged';
  const result: SealActionResult = {
    action: 'seal',
    complete: seal.failures.length === 0 && !('error' in notification) && !(pendingKeys && 'error' in pendingKeys),
    incidentId: seal.incidentId,
    status: seal.status,
    recordKey: seal.recordKey,
    versions: r.versions,
    held: unchanged ? 0 : r.held,
    heldBefore: unchanged ? 0 : r.heldBefore.length,
    carried: unchanged ? r.versions : r.carried,
    failures: summarize(seal.failures),
    notification:
      'error' in notification
        ? notification
        : {
            status: notification.status,
            keys: notification.keys,
            people: peopleByType(notification.notification),
            unreadable: notification.notification.unreadable.length,
          },
    ...(pendingKeys ? { pendingKeysCancelled: 'error' in pendingKeys ? pendingKeys : pendingKeys.cancelled.map((k) => k.keyId) } : {}),
  };
  if ('error' in notification) deps.logger.error('notification list not written', { incidentId: seal.incidentId, error: notification.error });
  deps.logger.info('seal done', { ...result });
  return result;
}
