import { generateKeyPairSync, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadDigest, sha256Hex, signingString, verifyDigestSignature, type Digest } from '../../lambdas/audit/digest.js';
import { isAuditError } from '../../lambdas/audit/errors.js';
import { parseTrailKey, trailPath } from '../../lambdas/audit/layout.js';
import { parsePublicKeys } from '../../lambdas/audit/public-keys.js';

const digest: Digest = {
  awsAccountId: '111122223333',
  digestStartTime: '2015-08-17T14:01:31Z',
  digestEndTime: '2015-08-17T15:01:31Z',
  digestS3Bucket: 'S3-bucket-name',
  digestS3Object:
    'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz',
  digestPublicKeyFingerprint: '31e8b5433410dfb61a9dc45cc65b22ff',
  digestSignatureAlgorithm: 'SHA256withRSA',
  previousDigestS3Bucket: null,
  previousDigestS3Object: null,
  previousDigestHashValue: null,
  previousDigestHashAlgorithm: null,
  previousDigestSignature: null,
  logFiles: [],
};

describe('data-signing string (AWS "Custom implementations of log file integrity validation")', () => {
  it('joins end time, bucket/key, content hash and previous signature with newlines', () => {
    expect(signingString({ ...digest, previousDigestSignature: 'abcd' }, 'ff00')).toBe(
      `2015-08-17T15:01:31Z\nS3-bucket-name/${digest.digestS3Object}\nff00\nabcd`,
    );
  });

  it('uses the literal "null" for a starting digest, as the AWS CLI does', () => {
    expect(signingString(digest, 'ff00').split('\n')[3]).toBe('null');
  });

  it('hashes the uncompressed digest and verifies a SHA256withRSA signature over the string', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const text = JSON.stringify(digest);
    const loaded = loadDigest(gzipSync(text));
    if ('error' in loaded) throw new Error(loaded.error);
    expect(loaded.hash).toBe(sha256Hex(text));
    const signature = sign('sha256', Buffer.from(signingString(digest, sha256Hex(text))), privateKey).toString('hex');
    expect(verifyDigestSignature(loaded, signature, publicKey)).toBe(true);
    // The first byte flipped (set to 00 it was no change when the signature began so: 1 run in 256 failed).
    const tampered = (Number.parseInt(signature.slice(0, 2), 16) ^ 0xff).toString(16).padStart(2, '0') + signature.slice(2);
    expect(verifyDigestSignature(loaded, tampered, publicKey)).toBe(false);
    expect(verifyDigestSignature(loaded, 'not hex', publicKey)).toBe(false);
  });

  it.each([
    ['not gzip', Buffer.from('{}')],
    ['not JSON', gzipSync('{')],
    ['not a CloudTrail digest', gzipSync('{"logFiles": 3}')],
  ])('says why a digest cannot be read: %s', (why, bytes) => {
    expect(loadDigest(bytes)).toEqual({ error: expect.stringContaining(why) });
  });
});

describe('CloudTrail key layout', () => {
  it.each([
    ['AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz', 'log'],
    ['my/prefix/AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz', 'log'],
    ['AWSLogs/o-aa111bb222/111122223333/CloudTrail/eu-west-1/2015/08/17/111122223333_CloudTrail_eu-west-1_20150817T1445Z_abc.json.gz', 'log'],
    [digest.digestS3Object, 'digest'],
    ['AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_my_trail_us-east-1_20150817T150131Z_backfill.json.gz', 'digest'],
    ['AWSLogs/111122223333/CloudTrail-Insight/us-east-2/2015/08/17/x.json.gz', undefined],
    ['AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_abc.json.gz.metadata.json', undefined],
  ])('%s is a %s file', (key, kind) => {
    expect(parseTrailKey(key)?.kind).toBe(kind);
  });

  it('reads trail name, home region, time and backfill from a digest key', () => {
    const key = 'p/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_my_trail_us-east-1_20150817T150131Z_backfill.json.gz';
    expect(parseTrailKey(key)).toEqual({
      kind: 'digest',
      account: '111122223333',
      region: 'us-east-2',
      trail: 'my_trail',
      homeRegion: 'us-east-1',
      time: new Date('2015-08-17T15:01:31Z'),
      backfill: true,
    });
    expect(trailPath(key)?.startsWith('AWSLogs/')).toBe(true);
  });
});

describe('public keys file (aws cloudtrail list-public-keys)', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64');
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

  it.each([
    ['ISO times (CLI v2)', { PublicKeyList: [{ Value: pkcs1, Fingerprint: 'AB12', ValidityStartTime: '2015-07-08T01:04:01+00:00', ValidityEndTime: '2015-08-07T01:04:01+00:00' }] }],
    ['epoch seconds as strings (CLI v1, older docs spell publicKeyList)', { publicKeyList: [{ Value: pkcs1, Fingerprint: 'AB12', ValidityStartTime: '1436317441.0', ValidityEndTime: '1438909441.0' }] }],
    ['epoch numbers and an SPKI value', { PublicKeyList: [{ Value: spki, Fingerprint: 'AB12', ValidityStartTime: 1436317441, ValidityEndTime: 1438909441 }] }],
  ])('reads %s', (_, raw) => {
    const [key] = parsePublicKeys(raw, 'keys.json');
    expect(key.fingerprint).toBe('ab12');
    expect(key.validFrom?.toISOString()).toBe('2015-07-08T01:04:01.000Z');
    expect(key.key.equals(publicKey)).toBe(true);
  });

  it.each([
    ['no list', {}],
    ['a key that is not RSA DER', { PublicKeyList: [{ Value: 'AAAA', Fingerprint: 'ab' }] }],
    ['a bad time', { PublicKeyList: [{ Value: pkcs1, Fingerprint: 'ab', ValidityStartTime: 'soon' }] }],
  ])('rejects %s with a typed error naming the file', (_, raw) => {
    try {
      parsePublicKeys(raw, 'keys.json');
      expect.unreachable();
    } catch (error) {
      expect(isAuditError(error) && error.code).toBe('PUBLIC_KEYS_INVALID');
      expect((error as Error).message).toMatch(/^keys\.json/);
    }
  });
});
