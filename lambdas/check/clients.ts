/** The clients of one check run (the CLI's, closed when it is done): S3, KMS and CloudTrail with one set of settings. */
import { createCloudTrailClient, createKmsClient, createS3Client, type ClientSettings } from '../aws/clients.js';
import type { CheckClients } from './read.js';

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
