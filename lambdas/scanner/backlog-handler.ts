/**
 * Backlog scanner Lambda (EventBridge schedule): the entry point only. The work, its state and its
 * environment are in backlog.ts; logger, metrics and configuration are made once per cold start.
 */
import type { Context } from 'aws-lambda';
import { s3Client } from '../aws/clients.js';
import { observability } from '../shared/observability.js';
import {
  BACKLOG_SERVICE_NAME,
  type BacklogConfig,
  backlogConfigFromEnv,
  type BacklogRunResult,
  deadlineMargin,
  runBacklog,
} from './backlog.js';
import { runInvocation } from './invocation.js';

const { logger, metrics } = observability(BACKLOG_SERVICE_NAME);
let config: BacklogConfig | undefined;

/** The Lambda entry point; the event (a scheduled event) carries nothing the scan needs. */
export const handler = async (_event: unknown, context: Context): Promise<BacklogRunResult> =>
  runInvocation(context, { logger, metrics }, 'backlog run failed', async () => {
    // Validated on the first event: a misconfigured function fails at once, loudly.
    config ??= backlogConfigFromEnv();
    const remaining = context.getRemainingTimeInMillis();
    return runBacklog({ s3: s3Client(), config, logger, metrics }, { deadlineMs: Date.now() + remaining - deadlineMargin(remaining) });
  });
