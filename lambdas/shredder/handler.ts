/**
 * Shredder Lambda (EventBridge schedule, daily): plans and executes the shred of every vault key
 * whose retention has ended (see execute.ts), and records completions and cancellations.
 * Configuration from the environment (lambdas/vault/config.ts). Always the system clock.
 *
 * Refusals are results, not errors (logged, counted, notified); an action that failed with an
 * error makes the invocation fail after every key was tried, so the failure alarms. Logs carry
 * key ids, epochs, decisions, counts and version ids, never object keys.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { kmsClient, s3Client, snsClient } from '../aws/clients.js';
import { requireShredderSettings, vaultConfigFromEnv } from '../vault/config.js';
import { ShredderRunError } from './errors.js';
import { executeShred, type ActionOutcome } from './execute.js';
import { observability } from '../shared/observability.js';

const SERVICE_NAME = 'shredlock-shredder';
const { logger, metrics } = observability(SERVICE_NAME);
// Validated at cold start: a misconfigured function fails on its first event, loudly.
const config = requireShredderSettings(vaultConfigFromEnv());

/** Metric per action outcome. Dashboards and alarms use these strings: never rename one. */
export const SHREDDER_METRIC: Readonly<Record<ActionOutcome, string>> = {
  scheduled: 'KeysScheduledForDeletion',
  refused: 'KeysRefused',
  'deletion-cancelled': 'KeyDeletionsCancelledByShredder',
  'completion-recorded': 'KeysDeleted',
  'cancellation-recorded': 'KeyDeletionsCancelled',
  unchanged: 'KeysUnchanged',
  failed: 'KeyActionsFailed',
};

/** Summary returned to the invoker. */
export interface ShredderRunSummary {
  readonly keys: number;
  readonly refused: number;
  readonly failed: number;
}

/** The Lambda entry point. */
export const handler = async (_event: unknown, context: Context): Promise<ShredderRunSummary> => {
  logger.addContext(context);
  try {
    const result = await executeShred({ s3: s3Client(), kms: kmsClient(), sns: snsClient() }, config, new Date());
    for (const a of result.actions) {
      metrics.addMetric(SHREDDER_METRIC[a.outcome], MetricUnit.Count, 1);
      const log = a.outcome === 'failed' ? logger.error.bind(logger) : a.outcome === 'refused' ? logger.warn.bind(logger) : logger.info.bind(logger);
      log('key', {
        vault: config.vaultName,
        keyId: a.keyId,
        epoch: a.epoch,
        decision: a.label,
        outcome: a.outcome,
        blockers: a.blockers?.slice(0, 50).map((b) => ({ versionId: b.versionId, keyHash: b.keyHash, reasons: b.reasons })),
        deletionDate: a.deletionDate,
        notification: a.notification,
        error: a.error,
      });
    }
    const summary = { keys: result.actions.length, refused: result.refused, failed: result.failed };
    logger.info('run done', { vault: config.vaultName, ...summary, versionsListed: result.plan.evidence?.versionsListed });
    if (result.failed > 0) {
      throw new ShredderRunError(config.vaultName, result.actions.filter((a) => a.outcome === 'failed').map((a) => a.keyId));
    }
    return summary;
  } finally {
    metrics.publishStoredMetrics();
  }
};
