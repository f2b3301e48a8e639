/**
 * The CloudTrail client of the check, configured like the shared clients of lambdas/aws/clients.ts
 * (which has none for CloudTrail): the same endpoint, region, credentials and retry settings.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CONNECTION_TIMEOUT_MS, SOCKET_TIMEOUT_MS, createKmsClient, createS3Client, type ClientSettings } from '../aws/clients.js';
import type { CheckClients } from './read.js';

/** A new CloudTrail client. */
export function createCloudTrailClient(settings: ClientSettings): CloudTrailClient {
  return new CloudTrailClient({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.credentials ? { credentials: { ...settings.credentials } } : {}),
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: SOCKET_TIMEOUT_MS },
  });
}

/** S3, KMS and CloudTrail clients with one set of settings. */
export function createCheckClients(settings: ClientSettings): CheckClients & { destroy(): void } {
  const s3 = createS3Client(settings);
  const kms = createKmsClient(settings);
  const cloudtrail = createCloudTrailClient(settings);
  return {
    s3,
    kms,
    cloudtrail,
    destroy() {
      s3.destroy();
      kms.destroy();
      cloudtrail.destroy();
    },
  };
}
