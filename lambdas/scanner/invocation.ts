/**
 * The shell of the scheduled scanner Lambdas (backlog, inventory): one invocation runs its work,
 * logs a failure by name and code, throws it again, and always publishes the metrics.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { isAwsCallError } from '../aws/errors.js';
import { ScannerConfigError } from './errors.js';

/** Runs `work` for one invocation; a failure is logged with the message `failure`, then thrown. */
export async function runInvocation<T>(
  context: Context,
  powertools: { readonly logger: Logger; readonly metrics: Metrics },
  failure: string,
  work: () => Promise<T>,
): Promise<T> {
  const { logger, metrics } = powertools;
  logger.addContext(context);
  try {
    return await work();
  } catch (error) {
    const e = error as { name?: unknown; code?: unknown; message?: unknown } | null;
    // Our errors carry ids only; anything else is named, never printed (an SDK message may hold a key).
    const known = isAwsCallError(error) || error instanceof ScannerConfigError;
    logger.error(failure, { name: e?.name, code: e?.code, ...(known ? { message: e?.message } : {}) });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
}
