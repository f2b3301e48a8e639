/**
 * CloudTrail record factories in the shapes AWS documents: KMS examples from the AWS KMS
 * Developer Guide ("ct-createkey", "ct-disablekey", "ct-schedule-key-deletion",
 * "ct-cancel-key-deletion", "ct-delete-key"), S3 data events from the S3 User Guide
 * ("CloudTrail log file entries for Amazon S3") with `requestParameters` bucketName/key and
 * AWS::S3::Object resources.
 */
import { randomUUID } from 'node:crypto';

export const ACCOUNT = '111122223333';
export const VAULT = 'shredlock-vault-111122223333';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/shredlock-scanner`;
export const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/Alice`;
export const MALLORY_ARN = `arn:aws:iam::${ACCOUNT}:user/Mallory`;

/** An IAM user caller. */
export function iamUser(arn: string): object {
  const userName = arn.split('/').pop();
  return { type: 'IAMUser', principalId: 'AIDAEXAMPLEID', arn, accountId: ACCOUNT, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName };
}

/** An assumed-role session of `roleArn`. */
export function assumedRole(roleArn: string, session = 'scan-session'): object {
  const role = roleArn.split('/').pop();
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEID:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAEXAMPLEKEY',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEID', arn: roleArn, accountId: ACCOUNT, userName: role },
      attributes: { creationDate: '2025-03-01T00:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

function base(time: Date, eventSource: string, eventName: string, userIdentity: object): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity,
    eventTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '192.0.2.0',
    userAgent: '[aws-cli/2.15.0]',
    requestID: randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(),
    eventID: randomUUID(),
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  };
}

/** An S3 object-level data event (GetObject, DeleteObject, PutObjectRetention...). */
export function s3ObjectEvent(
  eventName: string,
  time: Date,
  who: object,
  key: string,
  extra: { versionId?: string; params?: Record<string, unknown>; errorCode?: string; bucket?: string } = {},
): Record<string, unknown> {
  const bucket = extra.bucket ?? VAULT;
  return {
    ...base(time, 's3.amazonaws.com', eventName, who),
    requestParameters: {
      bucketName: bucket,
      Host: `${bucket}.s3.us-east-1.amazonaws.com`,
      key,
      ...(extra.versionId ? { versionId: extra.versionId } : {}),
      ...extra.params,
    },
    responseElements: null,
    additionalEventData: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader', 'x-amz-id-2': 'EXAMPLEID2' },
    ...(extra.errorCode ? { errorCode: extra.errorCode, errorMessage: 'Access Denied' } : {}),
    readOnly: eventName.startsWith('Get'),
    resources: [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
      { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ],
    managementEvent: false,
    eventCategory: 'Data',
  };
}

/** An S3 bucket-level management event (PutBucketPolicy, PutObjectLockConfiguration...). */
export function s3BucketEvent(eventName: string, time: Date, who: object, bucket = VAULT, errorCode?: string): Record<string, unknown> {
  return {
    ...base(time, 's3.amazonaws.com', eventName, who),
    requestParameters: { bucketName: bucket, Host: `${bucket}.s3.us-east-1.amazonaws.com`, [eventName === 'PutObjectLockConfiguration' ? 'object-lock' : 'policy']: '' },
    responseElements: null,
    ...(errorCode ? { errorCode, errorMessage: 'Access Denied' } : {}),
    readOnly: false,
    resources: [{ accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
    managementEvent: true,
    eventCategory: 'Management',
  };
}

/** A key ARN. */
export function keyArn(id: string): string {
  return `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
}

/** A KMS API call by a person or role on a key (CreateKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion). */
export function kmsCall(eventName: string, time: Date, who: object, keyId: string, errorCode?: string): Record<string, unknown> {
  const arn = keyArn(keyId);
  const responseElements: Record<string, unknown> | null =
    eventName === 'CreateKey'
      ? { keyMetadata: { aWSAccountId: ACCOUNT, keyId, arn, keyState: 'Enabled', keyManager: 'CUSTOMER' } }
      : eventName === 'ScheduleKeyDeletion'
        ? { keyId: arn, keyState: 'PendingDeletion', deletionDate: 'Mar 8, 2025, 12:00:00 AM' }
        : eventName === 'CancelKeyDeletion'
          ? { keyId: arn }
          : null;
  return {
    ...base(time, 'kms.amazonaws.com', eventName, who),
    requestParameters:
      eventName === 'CreateKey'
        ? { description: '', keyUsage: 'ENCRYPT_DECRYPT', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS' }
        : { keyId, ...(eventName === 'ScheduleKeyDeletion' ? { pendingWindowInDays: 7 } : {}) },
    responseElements: errorCode ? null : responseElements,
    ...(errorCode ? { errorCode, errorMessage: 'User is not authorized to perform kms action' } : {}),
    readOnly: false,
    resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: arn }],
  };
}

/** The service event KMS logs when it deletes a key at the end of its waiting period. */
export function kmsDeleteKey(time: Date, keyId: string): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: { accountId: ACCOUNT, invokedBy: 'AWS Internal' },
    eventTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'kms.amazonaws.com',
    eventName: 'DeleteKey',
    awsRegion: 'us-east-1',
    sourceIPAddress: 'AWS Internal',
    userAgent: 'AWS Internal',
    requestParameters: null,
    responseElements: { keyId: keyArn(keyId) },
    eventID: randomUUID(),
    readOnly: false,
    resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: keyArn(keyId) }],
    eventType: 'AwsServiceEvent',
    recipientAccountId: ACCOUNT,
    serviceEventDetails: { keyId },
    managementEvent: true,
    eventCategory: 'Management',
  };
}
