/**
 * The live reader against aws-sdk-client-mock, for what moto does not store or answer: CloudTrail
 * delivery errors (moto never sets LatestDeliveryError), bucket encryption's BlockedEncryptionTypes
 * (moto drops it), advanced event selectors, an alias as a bucket's key, and refusals.
 */
import { CloudTrailClient, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { compareVault } from '../../lambdas/check/compare.js';
import { readVault, reduceSelectors } from '../../lambdas/check/read.js';
import { ENV, expectation } from './fixtures.js';

const s3 = mockClient(S3Client);
const kms = mockClient(KMSClient);
const cloudtrail = mockClient(CloudTrailClient);
afterAll(() => {
  s3.restore();
  kms.restore();
  cloudtrail.restore();
});

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} for arn:aws:s3:::secret-key`), { name, $metadata: { httpStatusCode: status } });
}

const AUDIT = 'abcd1234-12ab-34cd-56ef-1234567890ab';
const exp = expectation();
const clients = () => ({ s3: new S3Client({ region: ENV.region }), kms: new KMSClient({ region: ENV.region }), cloudtrail: new CloudTrailClient({ region: ENV.region }) });

beforeEach(() => {
  s3.reset();
  kms.reset();
  cloudtrail.reset();
  s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
  s3.on(GetObjectLockConfigurationCommand).rejects(awsError('ObjectLockConfigurationNotFoundError', 404));
  s3.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/audit' }, BucketKeyEnabled: true, BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] } }],
    },
  });
  s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 404));
  s3.on(GetBucketPolicyCommand).rejects(awsError('AccessDenied', 403));
  kms.on(ListAliasesCommand).resolves({ Aliases: [] });
  kms.on(DescribeKeyCommand).resolves({ $metadata: {}, KeyMetadata: { KeyId: AUDIT, Arn: `arn:aws:kms:${ENV.region}:${ENV.account}:key/${AUDIT}`, KeyState: 'Enabled' } });
  kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
  kms.on(ListResourceTagsCommand).resolves({ Tags: [] });
  cloudtrail.on(GetTrailCommand).resolves({
    Trail: { Name: 'v1-trail', S3BucketName: exp.trail.bucket, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true, KmsKeyId: 'alias/audit' },
  });
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestDeliveryError: 'AccessDenied', LatestDigestDeliveryError: 'NoSuchBucket' });
  cloudtrail.on(GetEventSelectorsCommand).resolves({
    AdvancedEventSelectors: [
      { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      {
        Name: 'vault objects',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'resources.ARN', StartsWith: exp.trail.dataEventBuckets.map((b) => `arn:aws:s3:::${b}/`) },
          { Field: 'readOnly', Equals: ['false'] },
        ],
      },
    ],
  });
});

describe('readVault', () => {
  it('reads delivery errors, blocked encryption types and advanced selectors, and resolves alias keys', async () => {
    const live = await readVault(clients(), exp);
    expect(live.trail.status).toEqual({ ok: true, value: { logging: true, deliveryError: 'AccessDenied', digestDeliveryError: 'NoSuchBucket' } });
    expect(live.buckets[1].encryption).toEqual({ ok: true, value: { algorithm: 'aws:kms', key: 'alias/audit', keyId: AUDIT, bucketKey: true, blockedTypes: ['SSE-C'] } });
    expect(live.auditKey?.keyId).toBe(AUDIT);
    const drifts = compareVault(exp, live).drifts;
    const trail = drifts.filter((d) => d.resource === 'cloudtrail:v1-trail').map((d) => [d.property, d.found]);
    expect(trail).toEqual([
      ['log delivery error', 'AccessDenied'],
      ['digest delivery error', 'NoSuchBucket'],
      ...exp.trail.dataEventBuckets.map((b) => [`data events ${b}`, 'WriteOnly']),
    ]);
  });

  it('records refusals as unreadable with the error code, never the message', async () => {
    const live = await readVault(clients(), exp);
    expect(live.buckets[0].policy).toEqual({ ok: false, error: 'S3_ACCESS_DENIED' });
    expect(live.buckets[0].publicAccessBlock).toEqual({ ok: true, value: null });
    expect(JSON.stringify(compareVault(exp, live))).not.toContain('secret-key');
  });

  it('tells a missing bucket and a missing trail from refusals', async () => {
    s3.on(GetBucketVersioningCommand).rejects(awsError('NoSuchBucket', 404));
    cloudtrail.on(GetTrailCommand).rejects(awsError('TrailNotFoundException', 400));
    const live = await readVault(clients(), exp);
    expect(live.buckets.every((b) => !b.exists)).toBe(true);
    expect(live.trail.exists).toBe(false);
    expect(s3.commandCalls(GetBucketPolicyCommand)).toHaveLength(0);
    const drifts = compareVault(exp, live).drifts;
    expect(drifts.filter((d) => d.property === 'bucket' || d.property === 'trail').map((d) => d.found)).toEqual([...Array(5).fill('no such bucket'), 'no such trail']);
  });
});

describe('reduceSelectors', () => {
  it.each([
    [{ basic: [{ ReadWriteType: 'All' as const, IncludeManagementEvents: true }], advanced: [] }, { managementEvents: 'All', s3Objects: [] }],
    [{ basic: [{ ReadWriteType: 'ReadOnly' as const, IncludeManagementEvents: false }], advanced: [] }, { s3Objects: [] }],
    [
      { basic: [{ ReadWriteType: 'WriteOnly' as const, IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }], advanced: [] },
      { managementEvents: 'WriteOnly', s3Objects: [{ prefix: 'arn:aws:s3', readWrite: 'WriteOnly' }] },
    ],
    [
      { basic: [], advanced: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }] },
      { s3Objects: [{ prefix: 'arn:', readWrite: 'All' }] },
    ],
  ])('%j', (input, reduced) => {
    expect(reduceSelectors(input.basic, input.advanced)).toEqual(reduced);
  });
});
