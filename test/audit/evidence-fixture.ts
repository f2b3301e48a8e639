/**
 * A vault's records, trail and inventory on moto, of the kind the demo builds: a ledger entry and
 * its KMS key, a destruction certificate with its manifest and completion, the scanner's findings,
 * an incident with its notification list, an inventory manifest, and a signed CloudTrail trail
 * (built with test/audit/fixtures.ts and uploaded with each digest's signature as S3 metadata).
 * Synthetic values only.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SIGNATURE_SIDECAR_SUFFIX } from '../../lambdas/audit/store.js';
import { writeRunReports } from '../../lambdas/scanner/report-writer.js';
import { writeCertificate, writeClosingRecord } from '../../lambdas/shredder/certificate.js';
import { buildManifest } from '../../lambdas/shredder/manifest.js';
import { LEDGER_VERSION, writeLedgerEntry } from '../../lambdas/vault/ledger.js';
import { closingFor, destructionCertificate } from '../shredder/certificates.js';
import { createBucket } from '../scanner/fixtures.js';
import { entries, objectReport } from '../reports/inputs.js';
import { OUT, TrailBuilder, at, publicKeysJson, signingKey, type TestSigningKey } from './fixtures.js';
import { USER_ARN, iamUser, s3ObjectEvent } from './events.js';

export const VAULT = 'acme';
export const RECORDS = 'acme-records-evidence';
export const INVENTORY = 'acme-inventory-evidence';
export const EPOCH = '2025-12';

/** What the fixture made, for assertions. */
export interface EvidenceWorld {
  readonly keyId: string;
  readonly trail: TrailBuilder;
  readonly signer: TestSigningKey;
  /** `aws cloudtrail list-public-keys` JSON of the signer. */
  readonly keysFile: string;
  readonly checkFile: string;
}

/** Builds every bucket and record. */
export async function buildEvidenceWorld(s3: S3Client, kms: KMSClient, dir: string): Promise<EvidenceWorld> {
  // The records bucket has Object Lock, as the stack makes it (certificates are written locked).
  await s3.send(new CreateBucketCommand({ Bucket: RECORDS, ObjectLockEnabledForBucket: true }));
  await createBucket(s3, INVENTORY);
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId as string;
  await writeLedgerEntry(s3, RECORDS, {
    type: 'shredlock.epoch',
    version: LEDGER_VERSION,
    vault: VAULT,
    epoch: EPOCH,
    epochMonths: 1,
    from: '2025-12-01T00:00:00.000Z',
    to: '2026-01-01T00:00:00.000Z',
    keyId,
    keyArn: `arn:aws:kms:us-east-1:123456789012:key/${keyId}`,
    alias: `alias/shredlock/${VAULT}/epoch/${EPOCH}`,
    shredNotBefore: '2026-01-31',
    recordedAt: '2025-11-15T00:00:00.000Z',
    activatedAt: '2025-12-01T00:00:00.000Z',
  });
  const manifest = buildManifest(
    Array.from({ length: 3 }, (_, i) => ({ key: `${EPOCH}/crm/export-${i}.csv`, versionId: `v${i}`, etag: `"etag${i}"`, size: 100 + i })),
  );
  const certificate = destructionCertificate({ vault: VAULT, epoch: EPOCH, keyId, manifest, recordsBucket: RECORDS });
  await writeCertificate(s3, RECORDS, certificate, manifest.text);
  await writeClosingRecord(s3, RECORDS, closingFor(certificate, 'completion', RECORDS));

  const scanned = [
    objectReport(`${EPOCH}/crm/export-0.csv`, { size: 100, sensitivity: 'confidential', counts: { cn_resident_id: 3, cn_mobile: 2 } }),
    objectReport(`${EPOCH}/notes.txt`, { size: 20 }),
  ];
  await writeRunReports(s3, { bucket: RECORDS }, { runId: 'run-1', date: new Date('2025-12-20T03:00:00Z'), entries: entries(`${VAULT}-vault`, '2025-12-20', scanned) });

  const put = (bucket: string, key: string, body: string, metadata?: Record<string, string>) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...(metadata ? { Metadata: metadata } : {}) }));
  await put(RECORDS, 'incidents/INC-0042/seal.json', JSON.stringify({ type: 'synthetic seal record', incidentId: 'INC-0042' }));
  await put(
    RECORDS,
    'incidents/INC-0042/notification.json',
    JSON.stringify({
      schema: 'shredlock.notification/1',
      incidentId: 'INC-0042',
      vaultBucket: `${VAULT}-vault`,
      generatedAt: '2025-12-21T00:00:00.000Z',
      engine: 'test',
      manifests: [{ revision: 1, sha256: '0'.repeat(64) }],
      versions: 2,
      countedTypes: ['cn_resident_id', 'cn_mobile'],
      byType: { cn_resident_id: { people: 3, identifiers: [] }, cn_mobile: { people: 2, identifiers: [] } },
      unreadable: [],
    }),
  );
  await put(INVENTORY, `vault/${VAULT}-vault/daily-versions/2025-12-20T01-00Z/manifest.json`, JSON.stringify({ sourceBucket: `${VAULT}-vault`, files: [] }));

  const signer = signingKey();
  const trail = await new TrailBuilder(join(OUT, 'evidence', 'trail'), signer).reset();
  await trail.log(at(0, 20), [s3ObjectEvent('GetObject', at(0, 15), iamUser(USER_ARN), 'crm/export-0.csv')]);
  await trail.seal(at(1, 1, 31));
  await trail.log(at(1, 20), [s3ObjectEvent('GetObject', at(1, 10), iamUser(USER_ARN), 'crm/export-1.csv')]);
  await trail.seal(at(2, 1, 31));
  await createBucket(s3, trail.bucket);
  for (const log of trail.logs) await s3.send(new PutObjectCommand({ Bucket: trail.bucket, Key: log.key, Body: await readFile(trail.path(log.key)) }));
  for (const d of trail.digests) {
    const meta = JSON.parse(await readFile(trail.path(d.key) + SIGNATURE_SIDECAR_SUFFIX, 'utf8')) as Record<string, string>;
    await s3.send(new PutObjectCommand({ Bucket: trail.bucket, Key: d.key, Body: await readFile(trail.path(d.key)), Metadata: meta }));
  }
  const keysFile = join(dir, 'public-keys.json');
  await writeFile(keysFile, JSON.stringify(publicKeysJson([signer])));
  const checkFile = join(dir, 'check.json');
  await writeFile(checkFile, JSON.stringify({ compliant: true, drifts: [] }));
  return { keyId, trail, signer, keysFile, checkFile };
}
