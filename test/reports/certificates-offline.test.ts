/**
 * `shredlock certificates verify --dir`: certificates in a local folder (a copy of the records
 * bucket's certificates/<vault>/) checked against their manifests with no AWS call.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CertificateAssessment } from '../../lambdas/reports/certificates.js';
import { OUT } from '../audit/fixtures.js';
import { closingFor, writeRecordFiles } from '../shredder/certificates.js';
import { runCli } from '../support/cli.js';
import { RECORDS, VAULT, certificateFor, manifestOf } from './certificate-fixtures.js';

const dir = join(OUT, 'certificates-offline');
const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const manifest = manifestOf(3);
const certificate = certificateFor(KEY, '2025-10', manifest);
const manifestFile = join(dir, '2025-10', `${KEY}.manifest.tsv`);

beforeEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await writeRecordFiles(dir, [certificate, closingFor(certificate, 'completion', RECORDS)]);
  await writeFile(manifestFile, manifest.text);
});

const verify = (...extra: string[]) => runCli(['certificates', 'verify', '--dir', dir, '--vault', VAULT, ...extra]);

describe('certificates verify --dir', () => {
  it('recomputes each manifest from the folder and exits 0 when every one matches', async () => {
    const { code, out } = await verify('--format', 'json');
    expect(code).toBe(0);
    const [c] = (JSON.parse(out) as { certificates: CertificateAssessment[] }).certificates;
    expect(c).toMatchObject({ keyId: KEY, status: 'destroyed', problems: [], manifest: { lines: 3, recomputedSha256: manifest.sha256 } });
  });

  it('exits 1 naming the mismatch when a manifest line was altered', async () => {
    await writeFile(manifestFile, manifest.text.replace('etag1', 'etag7'));
    const { code, out } = await verify();
    expect(code).toBe(1);
    expect(out).toMatch(/2025-10\s+\S+\s+MANIFEST_HASH_MISMATCH/);
  });

  it('exits 1 when the manifest is not in the folder, and 3 when no certificate is', async () => {
    await rm(manifestFile);
    expect((await verify()).code).toBe(1);
    expect((await verify('--epoch', '2020-01')).code).toBe(3);
  });

  it('says its table in Chinese with --lang zh-CN', async () => {
    const { out } = await verify('--lang', 'zh-CN');
    expect(out).toContain('销毁证书 (1)');
    expect(out).toContain('结果：已验证');
  });

  it('refuses --dir together with --records-bucket', async () => {
    const { code, err } = await runCli(['certificates', 'verify', '--dir', dir, '--records-bucket', RECORDS, '--vault', VAULT]);
    expect(code).toBe(2);
    expect(err).toContain('exactly one of --records-bucket and --dir');
  });
});
