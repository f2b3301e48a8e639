// `shredlock certificates list|verify` against moto: certificates, manifests and closing records
// written by the shredder's own writers, keys in each KMS state a certificate can meet.
import { randomUUID } from 'node:crypto';
import { CancelKeyDeletionCommand, CreateKeyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutObjectLockConfigurationCommand } from '@aws-sdk/client-s3';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerCertificates } from '../../bin/commands/certificates.js';
import { createKmsClient } from '../../lambdas/aws/clients.js';
import type { CertificateAssessment } from '../../lambdas/reports/certificates.js';
import { writeCertificate, writeClosingRecord } from '../../lambdas/shredder/certificate.js';
import { captureOutput } from '../support/cli.js';
import { motoSettings, useMotoEnv, useMotoS3 } from '../support/moto.js';
import { RECORDS, VAULT, certificateFor, closing, manifestOf } from './certificate-fixtures.js';

const kms = createKmsClient(motoSettings());
afterAll(() => kms.destroy());
const ids: Record<'pending' | 'cancelled' | 'gone' | 'tampered', string> = { pending: '', cancelled: '', gone: '', tampered: '' };

async function newKey(): Promise<string> {
  return (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId as string;
}

useMotoS3(async (client) => {
  await client.send(new CreateBucketCommand({ Bucket: RECORDS, ObjectLockEnabledForBucket: true }));
  await client.send(
    new PutObjectLockConfigurationCommand({ Bucket: RECORDS, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } } }),
  );
  ids.pending = await newKey();
  ids.cancelled = await newKey();
  ids.tampered = await newKey();
  ids.gone = randomUUID(); // KMS has never heard of it: as after the deletion
  for (const id of [ids.pending, ids.cancelled, ids.tampered]) await kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
  await kms.send(new CancelKeyDeletionCommand({ KeyId: ids.cancelled }));

  const m = manifestOf(3);
  const pending = certificateFor(ids.pending, '2025-10', m);
  const cancelled = certificateFor(ids.cancelled, '2025-11', m);
  const gone = certificateFor(ids.gone, '2025-09', m);
  await writeCertificate(client, RECORDS, pending, m.text);
  await writeCertificate(client, RECORDS, cancelled, m.text);
  await writeClosingRecord(client, RECORDS, closing(cancelled, 'cancellation'));
  await writeCertificate(client, RECORDS, gone, m.text);
  await writeClosingRecord(client, RECORDS, closing(gone, 'completion'));
  // The manifest on record is not the one the certificate hashed.
  await writeCertificate(client, RECORDS, certificateFor(ids.tampered, '2025-12', m), manifestOf(3, 'other').text);
});

useMotoEnv();

/** Runs `shredlock <argv>` with only `certificates` registered; errors are thrown, not mapped to exit codes. */
async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  const program = new Command('shredlock').exitOverride();
  registerCertificates(program);
  const { value: code, out } = await captureOutput(async () => {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  });
  return { code, out };
}

const args = ['--records-bucket', RECORDS, '--vault', VAULT];

describe('shredlock certificates', () => {
  it('lists each certificate with its key state and closing record, without reading manifests', async () => {
    const { code, out } = await cli(['certificates', 'list', ...args, '--format', 'json']);
    expect(code).toBe(0);
    const { certificates } = JSON.parse(out) as { certificates: CertificateAssessment[] };
    expect(certificates.map((c) => [c.epoch, c.keyId, c.key.state, c.closing, c.status, c.manifest.recomputedSha256])).toEqual([
      ['2025-09', ids.gone, 'missing', 'completion', 'destroyed', null],
      ['2025-10', ids.pending, 'PendingDeletion', 'none', 'scheduled', null],
      ['2025-11', ids.cancelled, 'Disabled', 'cancellation', 'cancelled', null],
      ['2025-12', ids.tampered, 'PendingDeletion', 'none', 'scheduled', null],
    ]);
    expect(certificates[1].key.deletionDate).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('verify recomputes every manifest hash from the manifest cited, and exits 1 on a mismatch', async () => {
    const { code, out } = await cli(['certificates', 'verify', ...args]);
    expect(code).toBe(1);
    expect(out).toContain('CERTIFICATES (4)');
    expect(out).toMatch(new RegExp(`2025-12\\s+${ids.tampered}\\s+MANIFEST_HASH_MISMATCH\\s+recorded [0-9a-f]{64}, recomputed [0-9a-f]{64}`));
    expect(out).toContain('result: 1 PROBLEM');
    expect(out).not.toContain('客户'); // manifests hold object keys: never printed
  });

  it('verify exits 0 when every manifest matches (--epoch narrows the set)', async () => {
    const { code, out } = await cli(['certificates', 'verify', ...args, '--epoch', '2025-10', '--format', 'json']);
    expect(code).toBe(0);
    const [c] = (JSON.parse(out) as { certificates: CertificateAssessment[] }).certificates;
    expect(c.manifest.recomputedSha256).toBe(c.manifest.recordedSha256);
    expect(c.manifest.lines).toBe(3);
  });

  it('verify exits 3 and says nothing was verified when no certificate matches', async () => {
    const { code, out } = await cli(['certificates', 'verify', ...args, '--epoch', '2020-01']);
    expect(code).toBe(3);
    expect(out).toContain('result: NOTHING VERIFIED');
    expect(out).not.toContain('result: VERIFIED');
  });

  it.each([
    [['--vault', 'X'], '--vault "X"'],
    [['--epoch', '2025-13'], '--epoch "2025-13": expected YYYY-MM'],
  ])('refuses %j', async (extra, message) => {
    await expect(cli(['certificates', 'list', ...args, ...extra])).rejects.toThrow(message);
  });

  it('lists nothing, and fine, for a vault without certificates', async () => {
    expect(await cli(['certificates', 'list', '--records-bucket', RECORDS, '--vault', 'other'])).toEqual({
      code: 0,
      out: expect.stringContaining('CERTIFICATES (0)'),
    });
  });
});
