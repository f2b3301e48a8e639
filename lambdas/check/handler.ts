/**
 * Scheduled compliance check (EventBridge schedule -> this Lambda): compares the deployed vault
 * with the stack's promise and publishes any drift to the notification topic.
 *
 * Environment: `SHREDLOCK_CONFIG` (the `shredlock` configuration as JSON), `SHREDLOCK_TOPIC_ARN`,
 * plus the client variables of lambdas/aws/clients.ts. The account comes from the function's own
 * ARN, the region from `AWS_REGION`. Needs the read-only calls listed in read.ts and sns:Publish.
 */
import type { Context } from 'aws-lambda';
import { clientSettingsFromEnv, cloudTrailClient, kmsClient, s3Client, snsClient } from '../aws/clients.js';
import { CheckConfigError } from './errors.js';
import { arnAccount } from './names.js';
import { SERVICE_NAME, checkAndNotify } from './notify.js';
import { settingsFromEnv } from './settings.js';
import { createLogger } from '../shared/observability.js';

const logger = createLogger(SERVICE_NAME);
// Validated at cold start: a misconfigured function fails on its first event, loudly.
const { settings, topicArn } = settingsFromEnv();
const clientSettings = clientSettingsFromEnv();

/** The Lambda entry point (any scheduled event). */
export const handler = async (_event: unknown, context: Context): Promise<{ compliant: boolean; drifts: number }> => {
  logger.addContext(context);
  const account = arnAccount(context.invokedFunctionArn)?.account;
  const region = clientSettings.region;
  if (!region) throw new CheckConfigError('AWS_REGION', 'required');
  const clients = { s3: s3Client(), kms: kmsClient(), cloudtrail: cloudTrailClient() };
  const report = await checkAndNotify({ clients, sns: snsClient(), topicArn, logger }, { settings, region, ...(account ? { account } : {}) });
  return { compliant: report.compliant, drifts: report.drifts.length };
};
