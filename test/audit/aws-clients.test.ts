/**
 * The S3 trail store and ListPublicKeys, against aws-sdk-client-mock for now (a moto-based test
 * comes later). The mock serves a fixture trail's files as a bucket would: ListObjectsV2 in pages,
 * GetObject bodies, HeadObject with the digest signature in user metadata.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloadTrail } from '../../lambdas/audit/download.js';
import { LocalTrailStore } from '../../lambdas/audit/local-store.js';
import { fetchPublicKeys, parsePublicKeys, type TrailPublicKey } from '../../lambdas/audit/public-keys.js';
import { S3TrailStore } from '../../lambdas/audit/s3-store.js';
import { SIGNATURE_SIDECAR_SUFFIX } from '../../lambdas/audit/store.js';
import { verifyTrail } from '../../lambdas/audit/verify.js';
import { OUT, TrailBuilder, at, publicKeysJson, signingKey, type TestSigningKey } from './fixtures.js';

const s3 = mockClient(S3Client);
const cloudTrail = mockClient(CloudTrailClient);
let key: TestSigningKey;
let keys: TrailPublicKey[];
let builder: TrailBuilder;
const objects = new Map<string, Buffer>();
const metadata = new Map<string, Record<string, string>>();

function notFound(name: string): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 404 } });
}

function serve(bucket: string): void {
  s3.on(ListObjectsV2Command).callsFake((input: { Bucket: string; Prefix?: string; ContinuationToken?: string }) => {
    expect(input.Bucket).toBe(bucket);
    const all = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
    const start = Number(input.ContinuationToken ?? 0);
    const page = all.slice(start, start + 3);
    const more = start + 3 < all.length;
    return { Contents: page.map((Key) => ({ Key })), IsTruncated: more, NextContinuationToken: more ? String(start + 3) : undefined };
  });
  s3.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
    const bytes = objects.get(input.Key);
    if (!bytes) throw notFound('NoSuchKey');
    return { Body: { transformToByteArray: async () => new Uint8Array(bytes) } };
  });
  s3.on(HeadObjectCommand).callsFake(async (input: { Key: string }) => {
    if (!objects.has(input.Key)) throw notFound('NotFound');
    return { Metadata: metadata.get(input.Key) ?? {} };
  });
}

beforeAll(async () => {
  key = signingKey();
  keys = parsePublicKeys(publicKeysJson([key]), 'keys.json');
  builder = await new TrailBuilder(join(OUT, 's3', 'source'), key, 'trail/').reset();
  await builder.log(at(0, 20), []);
  await builder.log(at(0, 40), []);
  await builder.seal(at(1, 1, 31));
  await builder.log(at(1, 20), []);
  await builder.seal(at(2, 1, 31));
  for (const { key: k } of [...builder.logs, ...builder.digests]) objects.set(k, await readFile(builder.path(k)));
  for (const d of builder.digests) {
    const sidecar = JSON.parse(await readFile(builder.path(d.key) + SIGNATURE_SIDECAR_SUFFIX, 'utf8')) as Record<string, string>;
    metadata.set(d.key, sidecar);
  }
  objects.set('trail/unrelated.txt', Buffer.from('not a trail file'));
});

afterEach(() => {
  s3.reset();
  cloudTrail.reset();
});

describe('S3TrailStore', () => {
  const client = (): S3Client => new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

  it('verifies a trail read with ListObjectsV2, GetObject and HeadObject under a prefix', async () => {
    serve(builder.bucket);
    const store = new S3TrailStore(client(), builder.bucket, 'trail');
    expect(store.source).toBe(`s3://${builder.bucket}/trail/`);
    const report = await verifyTrail(store, { publicKeys: keys });
    expect(report.problems).toEqual([]);
    expect(report.summary.logFiles.valid).toBe(3);
    expect(s3.commandCalls(ListObjectsV2Command)[0].args[0].input).toMatchObject({ Prefix: 'trail/' });
  });

  it('answers undefined for absent objects and reports other read failures as problems', async () => {
    serve(builder.bucket);
    const store = new S3TrailStore(client(), builder.bucket, 'trail/');
    expect(await store.read('trail/nothing')).toBeUndefined();
    expect(await store.readSignature('trail/nothing')).toBeUndefined();
    const denied = builder.logs[2].key;
    s3.on(GetObjectCommand, { Key: denied }).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const report = await verifyTrail(store, { publicKeys: keys });
    expect(report.problems).toEqual([{ code: 'READ_FAILED', key: denied, detail: expect.stringContaining('Access Denied') }]);
  });

  it('reports digests found in another bucket than the one they name', async () => {
    serve('copy-of-the-trail');
    const report = await verifyTrail(new S3TrailStore(client(), 'copy-of-the-trail', 'trail/'), { publicKeys: keys });
    expect(report.problems.map((p) => p.code)).toContain('DIGEST_MOVED');
    expect(report.problems.map((p) => p.code)).toContain('LOG_MISSING');
  });

  it('downloads a trail with signature sidecars that then verifies offline', async () => {
    serve(builder.bucket);
    const dir = join(OUT, 's3', 'download');
    const summary = await downloadTrail(new S3TrailStore(client(), builder.bucket, 'trail/'), dir);
    expect(summary).toEqual({ logFiles: 3, digests: 2, unsigned: [] });
    const report = await verifyTrail(new LocalTrailStore(dir), { publicKeys: keys });
    expect(report.valid).toBe(true);
    expect(report.summary.digests.valid).toBe(2);
  });
});

describe('fetchPublicKeys', () => {
  it('pages through ListPublicKeys and decodes the PKCS#1 values', async () => {
    const der = key.publicKey.export({ type: 'pkcs1', format: 'der' });
    cloudTrail
      .on(ListPublicKeysCommand, { NextToken: undefined })
      .resolves({ PublicKeyList: [], NextToken: 'page2' })
      .on(ListPublicKeysCommand, { NextToken: 'page2' })
      .resolves({ PublicKeyList: [{ Value: der, Fingerprint: key.fingerprint.toUpperCase(), ValidityStartTime: at(0), ValidityEndTime: at(23) }] });
    const found = await fetchPublicKeys(new CloudTrailClient({ region: 'us-east-1' }), { from: at(0), to: at(5) });
    expect(found.map((k) => k.fingerprint)).toEqual([key.fingerprint]);
    expect(cloudTrail.commandCalls(ListPublicKeysCommand)[0].args[0].input).toMatchObject({ StartTime: at(0), EndTime: at(5) });
  });
});
