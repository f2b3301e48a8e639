/** The vault bucket's default encryption key: the key that covers writes that name none. */
import { GetBucketEncryptionCommand, type S3Client } from '@aws-sdk/client-s3';
import { toS3Error } from '../aws/errors.js';
import { keyIdOf } from './epoch-keys.js';

/** Key id of the bucket's default SSE-KMS key; undefined when the default is not SSE-KMS with a key. */
export async function bucketDefaultKeyId(s3: S3Client, bucket: string): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
    return rule?.SSEAlgorithm?.startsWith('aws:kms') && rule.KMSMasterKeyID ? keyIdOf(rule.KMSMasterKeyID) : undefined;
  } catch (error) {
    const failure = toS3Error(error, 'GetBucketEncryption', { bucket });
    if (failure.awsCode === 'ServerSideEncryptionConfigurationNotFoundError') return undefined;
    throw failure;
  }
}
