/**
 * The mapping from SDK calls to the IAM requests AWS authorizes for them (iam-requests.ts), row by
 * row against the Service Authorization Reference; and an unmapped command fails loudly.
 */
import { describe, expect, it } from 'vitest';
import { iamRequests, UnmappedCallError, type NameMap } from './iam-requests.js';

const REGION = 'eu-central-1';
const PREFIX = (service: string) => `arn:aws:${service}:${REGION}:123456789012`;
const VAULT_KEY = `${PREFIX('kms')}:key/11111111-2222-3333-4444-555555555555`;
const AUDIT_KEY = `${PREFIX('kms')}:key/99999999-2222-3333-4444-555555555555`;
const names: NameMap = {
  region: REGION,
  bucket: (name) => (name === 'moto-vault' ? 'vault' : name),
  bucketKey: (bucket) => (bucket === 'records' ? AUDIT_KEY : undefined),
  topicKey: (topic) => (topic.endsWith(':topic') ? AUDIT_KEY : undefined),
  arn: (arn) => arn.replace(':us-east-1:', `:${REGION}:`),
  prefix: PREFIX,
  keyArn: (ref) => (ref === 'alias/epoch' || ref.endsWith('5555') ? VAULT_KEY : `${PREFIX('kms')}:key/${ref}`),
};
const viaS3 = { 'kms:ViaService': `s3.${REGION}.amazonaws.com` };

type Call = Parameters<typeof iamRequests>[0];
const s3 = (command: string, input: Record<string, unknown>, result: Partial<Call> = {}): Call => ({ client: 'S3Client', command, input, ...result });
const kms = (command: string, input: Record<string, unknown>): Call => ({ client: 'KMSClient', command, input });
const brief = (call: Call) => iamRequests(call, names).map((r) => [r.action, r.resource]);

describe('iamRequests', () => {
  it.each<[string, Call, [string, string][]]>([
    ['HeadObject with a version id', s3('HeadObject', { Bucket: 'moto-vault', Key: 'a.csv', VersionId: 'v1' }), [['s3:GetObjectVersion', 'arn:aws:s3:::vault/a.csv']]],
    ['HeadObject without one', s3('HeadObject', { Bucket: 'vault', Key: 'a.csv' }), [['s3:GetObject', 'arn:aws:s3:::vault/a.csv']]],
    [
      'HeadObject answered 404: only s3:ListBucket turns 403 into 404',
      s3('HeadObject', { Bucket: 'vault', Key: 'a.csv', VersionId: 'v1' }, { error: 'NotFound' }),
      [['s3:GetObjectVersion', 'arn:aws:s3:::vault/a.csv'], ['s3:ListBucket', 'arn:aws:s3:::vault']],
    ],
    [
      'GetObject of an SSE-KMS version: S3 decrypts for the caller',
      s3('GetObject', { Bucket: 'vault', Key: 'a.csv', VersionId: 'v1' }, { output: { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/epoch' } }),
      [['s3:GetObjectVersion', 'arn:aws:s3:::vault/a.csv'], ['kms:Decrypt', VAULT_KEY]],
    ],
    [
      "GetObject moto left unencrypted: the stack's bucket default key",
      s3('GetObject', { Bucket: 'records', Key: 'r.json' }, { output: {} }),
      [['s3:GetObject', 'arn:aws:s3:::records/r.json'], ['kms:Decrypt', AUDIT_KEY]],
    ],
    ['GetObjectTagging with a version id', s3('GetObjectTagging', { Bucket: 'vault', Key: 'a', VersionId: 'v' }), [['s3:GetObjectVersionTagging', 'arn:aws:s3:::vault/a']]],
    ['ListObjectVersions', s3('ListObjectVersions', { Bucket: 'vault', Prefix: 'p/' }), [['s3:ListBucketVersions', 'arn:aws:s3:::vault']]],
    ['GetBucketEncryption (issue 9)', s3('GetBucketEncryption', { Bucket: 'vault' }), [['s3:GetEncryptionConfiguration', 'arn:aws:s3:::vault']]],
    [
      'PutObject with tags and a legal hold',
      s3('PutObject', { Bucket: 'vault', Key: 'a', Tagging: 'k=v', ObjectLockLegalHoldStatus: 'ON', ServerSideEncryption: 'AES256' }),
      [['s3:PutObject', 'arn:aws:s3:::vault/a'], ['s3:PutObjectTagging', 'arn:aws:s3:::vault/a'], ['s3:PutObjectLegalHold', 'arn:aws:s3:::vault/a']],
    ],
    ['CreateAlias: the alias and the key', kms('CreateAlias', { AliasName: 'alias/x', TargetKeyId: 'abc' }), [['kms:CreateAlias', `${PREFIX('kms')}:alias/x`], ['kms:CreateAlias', `${PREFIX('kms')}:key/abc`]]],
    ['ScheduleKeyDeletion by alias resolves to the key', kms('ScheduleKeyDeletion', { KeyId: 'alias/epoch', PendingWindowInDays: 7 }), [['kms:ScheduleKeyDeletion', VAULT_KEY]]],
    ['ListAliases has no resource type', kms('ListAliases', {}), [['kms:ListAliases', '*']]],
    ['GetCallerIdentity needs no permission', { client: 'STSClient', command: 'GetCallerIdentity', input: {} }, []],
  ])('%s', (_, call, expected) => {
    expect(brief(call)).toEqual(expected);
  });

  it('puts the request headers into the context: SSE-KMS key, if-none-match, tags', () => {
    const [put, generate, tagging] = iamRequests(
      s3('PutObject', { Bucket: 'records', Key: 'c.json', IfNoneMatch: '*', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/epoch', Tagging: 'a=1&b=2' }),
      names,
    );
    expect(put?.context).toMatchObject({
      's3:if-none-match': '*',
      's3:x-amz-server-side-encryption': 'aws:kms',
      's3:x-amz-server-side-encryption-aws-kms-key-id': 'alias/epoch',
      's3:RequestObjectTag/a': '1',
      's3:RequestObjectTagKeys': ['a', 'b'],
    });
    expect(generate).toEqual({ action: 'kms:GenerateDataKey', resource: VAULT_KEY, context: viaS3 });
    expect(tagging?.action).toBe('s3:PutObjectTagging');
  });

  it('authorizes the tags of CreateKey as kms:TagResource on the new key, with the request tags', () => {
    const [create, tag] = iamRequests(kms('CreateKey', { Tags: [{ TagKey: 'shredlock:vault', TagValue: 'v' }] }), names);
    expect(create).toMatchObject({ action: 'kms:CreateKey', resource: '*', context: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:MultiRegion': 'false', 'aws:TagKeys': ['shredlock:vault'] } });
    expect(tag).toMatchObject({ action: 'kms:TagResource', context: { 'aws:RequestTag/shredlock:vault': 'v' } });
  });

  it('publishes to an encrypted topic with a data key from KMS via SNS', () => {
    const requests = iamRequests({ client: 'SNSClient', command: 'Publish', input: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:topic' } }, names);
    expect(requests.map((r) => [r.action, r.resource, r.context['kms:ViaService']])).toEqual([
      ['sns:Publish', `${PREFIX('sns')}:topic`, undefined],
      ['kms:GenerateDataKey', AUDIT_KEY, `sns.${REGION}.amazonaws.com`],
      ['kms:Decrypt', AUDIT_KEY, `sns.${REGION}.amazonaws.com`],
    ]);
  });

  it('fails loudly on a command it has no row for', () => {
    expect(() => iamRequests(s3('DeleteBucket', { Bucket: 'vault' }), names)).toThrow(UnmappedCallError);
  });
});
