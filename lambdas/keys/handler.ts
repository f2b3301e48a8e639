/**
 * Key rotator Lambda (EventBridge schedule, daily): makes sure the current epoch's key is the vault
 * bucket's default and the next epoch's key exists, and that the epoch ledger records both.
 * Idempotent, so a daily schedule is safe; configuration from the environment (lambdas/vault/config.ts,
 * SHREDLOCK_FIRST_EPOCH and SHREDLOCK_RETENTION_DAYS required). Logs carry epochs and key ids.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { kmsClient, s3Client } from '../aws/clients.js';
import { requireRotatorSettings, vaultConfigFromEnv } from '../vault/config.js';
import { rotate, type RotationResult } from './rotator.js';
import { observability } from '../shared/observability.js';

const SERVICE_NAME = 'shredlock-rotator';
const { logger, metrics } = observability(SERVICE_NAME);
// Validated at cold start: a misconfigured function fails on its first event, loudly.
const config = requireRotatorSettings(vaultConfigFromEnv());

/** The Lambda entry point; the event (a scheduled event) carries nothing the rotator needs. */
export const handler = async (_event: unknown, context: Context): Promise<RotationResult> => {
  logger.addContext(context);
  try {
    const result = await rotate({ kms: kmsClient(), s3: s3Client() }, config, new Date());
    for (const key of [result.current, result.next]) {
      if (!key) continue;
      if (key.source !== 'alias') metrics.addMetric('EpochKeysCreated', MetricUnit.Count, 1);
      logger.info('epoch key', { vault: config.vaultName, epoch: key.epoch, keyId: key.keyId, source: key.source, ledgerWritten: key.ledgerWritten });
    }
    if (result.activation?.changed) {
      metrics.addMetric('EpochsActivated', MetricUnit.Count, 1);
      logger.info('bucket default key changed', { ...result.activation });
    }
    return result;
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string };
    logger.error('rotation failed', { vault: config.vaultName, name: e.name, code: e.code, message: e.message });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};
