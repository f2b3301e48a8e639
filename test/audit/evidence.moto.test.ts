/**
 * `shredlock evidence export` on moto (a vault of the demo's kind, with a signed trail), then
 * `shredlock evidence verify` offline: it passes on the pack as exported, and fails naming the
 * file when a certificate, a manifest line, a tag report or a digest is altered, or a file is
 * added or removed. CloudTrail itself is not in moto: the trail's files are uploaded to a moto
 * bucket as CloudTrail writes them, and its public keys come from a file.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEvidencePack } from '../../lambdas/audit/evidence/export.js';
import { S3TrailStore } from '../../lambdas/audit/s3-store.js';
import { toCloudTrailError } from '../../lambdas/aws/errors.js';
import { INDEX_JSON, PackIndexSchema, indexFile, type PackIndex } from '../../lambdas/audit/evidence/pack-index.js';
import type { PackVerifyReport } from '../../lambdas/audit/evidence/verify-pack.js';
import { readZip, writeZip } from '../../lambdas/audit/evidence/zip.js';
import { createKmsClient } from '../../lambdas/aws/clients.js';
import { runCli } from '../support/cli.js';
import { motoS3, motoSettings, resetMoto, useMotoEnv } from '../support/moto.js';
import { OUT, publicKeysJson, signingKey } from './fixtures.js';
import { EPOCH, INVENTORY, RECORDS, VAULT, buildEvidenceWorld, type EvidenceWorld } from './evidence-fixture.js';

const dir = join(OUT, 'evidence');
const pack = join(dir, 'pack.zip');
let world: EvidenceWorld;
let files: Map<string, Buffer>;

useMotoEnv();

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  await resetMoto();
  const s3 = motoS3();
  const kms = createKmsClient(motoSettings());
  try {
    world = await buildEvidenceWorld(s3, kms, dir);
  } finally {
    s3.destroy();
    kms.destroy();
  }
  const run = await runCli([
    'evidence', 'export', '--vault', VAULT, '--records-bucket', RECORDS, '--trail-bucket', world.trail.bucket,
    '--inventory-bucket', INVENTORY, '--public-keys', world.keysFile, '--check-report', world.checkFile,
    '--from', '2025-01-01T00:00:00Z', '--to', '2026-06-01T00:00:00Z', '--lang', 'zh-CN', '-o', pack,
  ]);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  files = new Map((await readZip(await readFile(pack), pack)).files);
});

const certificate = (): string => `certificates/${EPOCH}/${world.keyId}.json`;
const manifest = (): string => `certificates/${EPOCH}/${world.keyId}.manifest.tsv`;
const digest = (): string => `trail/files/${world.trail.digests[0].key}`;

async function verify(path: string, ...extra: string[]): Promise<{ code: number; report: PackVerifyReport }> {
  const run = await runCli(['evidence', 'verify', path, '--format', 'json', ...extra]);
  expect(run.err).toBe('');
  return { code: run.code, report: JSON.parse(run.out) as PackVerifyReport };
}

/** A copy of the pack with `change` applied; `reindex` rewrites index.json to match, as a careful forger would. */
async function tampered(name: string, change: (f: Map<string, Buffer>) => void, reindex = false): Promise<string> {
  const copy = new Map(files);
  change(copy);
  if (reindex) {
    const index = PackIndexSchema.parse(JSON.parse((copy.get(INDEX_JSON) as Buffer).toString('utf8')));
    const listed: PackIndex = { ...index, files: [...copy].filter(([p]) => p !== INDEX_JSON).map(([path, bytes]) => indexFile({ path, bytes }, index.lang)) };
    copy.set(INDEX_JSON, Buffer.from(JSON.stringify(listed)));
  }
  const path = join(dir, `${name}.zip`);
  await writeFile(path, await writeZip([...copy].map(([p, bytes]) => ({ path: p, bytes }))));
  return path;
}

const problems = (r: PackVerifyReport): [string, string][] => r.problems.map((p) => [p.code, p.file]);

describe('shredlock evidence export', () => {
  it('packs every part, lists every file with its SHA-256, and maps parts to PIPL articles', () => {
    const index = PackIndexSchema.parse(JSON.parse((files.get(INDEX_JSON) as Buffer).toString('utf8')));
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([
        certificate(),
        manifest(),
        `certificates/${EPOCH}/${world.keyId}.completion.json`,
        `keys/ledger/${EPOCH}.json`,
        'keys/states.json',
        'tags/tag-report.csv',
        'tags/tag-report.json',
        'tags/tag-report.html',
        digest(),
        `${digest()}.metadata.json`,
        'trail/public-keys.json',
        'trail/verification.json',
        'trail/report.json',
        'trail/report.html',
        'incidents/INC-0042/notification.json',
        'incidents/summary.json',
        'compliance/check.json',
        `inventory/vault/${VAULT}-vault/daily-versions/2025-12-20T01-00Z/manifest.json`,
        'index.html',
        INDEX_JSON,
      ]),
    );
    expect(index.files.map((f) => f.path).sort()).toEqual([...files.keys()].filter((p) => p !== INDEX_JSON).sort());
    expect(index.parts.find((p) => p.part === 'certificates')).toMatchObject({ step: 'destruction', pipl: ['47', '19'], files: 3 });
    expect(index.files.find((f) => f.path === certificate())?.proves).toContain('销毁证书');
    expect(JSON.parse((files.get('incidents/summary.json') as Buffer).toString())).toEqual({ incidents: [{ incidentId: 'INC-0042', versions: 2, people: { cn_resident_id: 3, cn_mobile: 2 } }] });
    expect(JSON.parse((files.get('trail/verification.json') as Buffer).toString()).result).toBe('valid');
    expect((files.get('tags/tag-report.csv') as Buffer).toString().split('\n')[0]).toContain('机密');
  });
});

describe('buildEvidencePack without public keys', () => {
  it('still packs the trail, says why it could not verify it, and the pack verifies with --public-keys', async () => {
    const s3 = motoS3();
    const kms = createKmsClient(motoSettings());
    try {
      const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
      const built = await buildEvidencePack(
        { s3, kms },
        {
          vault: VAULT,
          recordsBucket: RECORDS,
          range: {},
          lang: 'en',
          trail: { store: new S3TrailStore(s3, world.trail.bucket, ''), bucket: world.trail.bucket },
          publicKeys: async () => {
            throw toCloudTrailError(denied, 'ListPublicKeys', {});
          },
        },
      );
      expect(built.index.parts.find((p) => p.part === 'trail')?.note).toMatch(/^no public keys \(CLOUDTRAIL_ACCESS_DENIED\)/);
      expect(built.trailVerification?.result).toBe('invalid');
      const path = join(dir, 'no-keys.zip');
      await writeFile(path, built.zip);
      expect((await verify(path, '--public-keys', world.keysFile)).code).toBe(0);
    } finally {
      s3.destroy();
      kms.destroy();
    }
  });
});

describe('shredlock evidence verify (offline)', () => {
  it('passes on the pack as exported, with its own public keys and with the ones given', async () => {
    const own = await verify(pack);
    expect(own.report.problems).toEqual([]);
    expect(own).toMatchObject({ code: 0, report: { result: 'valid', publicKeys: 'pack', checked: { certificates: 1, tagReports: 1, digests: 2, logFiles: 2 } } });
    expect((await verify(pack, '--public-keys', world.keysFile)).report.publicKeys).toBe('given');
  });

  it('fails naming the certificate when one is altered', async () => {
    const path = await tampered('certificate', (f) => {
      const c = JSON.parse((f.get(certificate()) as Buffer).toString()) as { objects: { count: number } };
      c.objects.count = 2;
      f.set(certificate(), Buffer.from(JSON.stringify(c)));
    });
    const { code, report } = await verify(path);
    expect(code).toBe(1);
    expect(problems(report)).toEqual(expect.arrayContaining([['PACK_FILE_MODIFIED', certificate()], ['MANIFEST_COUNT_MISMATCH', manifest()]]));
  });

  it('fails naming the manifest when a line of it is altered, even with index.json rewritten to match', async () => {
    const path = await tampered('manifest', (f) => f.set(manifest(), Buffer.from((f.get(manifest()) as Buffer).toString().replace('etag1', 'etag7'))), true);
    const { code, report } = await verify(path);
    expect(code).toBe(1);
    expect(problems(report)).toEqual([['MANIFEST_HASH_MISMATCH', manifest()]]);
  });

  it('fails naming the tag report when it is altered, even with index.json rewritten to match', async () => {
    const path = await tampered('tag-report', (f) => f.set('tags/tag-report.csv', Buffer.from((f.get('tags/tag-report.csv') as Buffer).toString().replace('confidential', 'public'))), true);
    const { code, report } = await verify(path);
    expect(code).toBe(1);
    expect(problems(report)).toEqual([['TAG_REPORT_MISMATCH', 'tags/tag-report.csv']]);
  });

  it('fails naming the digest when one is altered, even with index.json rewritten to match', async () => {
    const path = await tampered(
      'digest',
      (f) => f.set(digest(), gzipSync(JSON.stringify({ ...world.trail.digests[0].json, logFiles: [] }))),
      true,
    );
    const { code, report } = await verify(path);
    expect(code).toBe(1);
    expect(problems(report)).toEqual(expect.arrayContaining([['SIGNATURE_INVALID', digest()]]));
  });

  it('fails naming the file when one is added or removed', async () => {
    const added = await verify(await tampered('added', (f) => f.set('certificates/extra.json', Buffer.from('{}'))));
    expect(added.code).toBe(1);
    expect(problems(added.report)).toEqual([['PACK_FILE_EXTRA', 'certificates/extra.json']]);
    const removed = await verify(await tampered('removed', (f) => f.delete('keys/states.json')));
    expect(removed.code).toBe(1);
    expect(problems(removed.report)).toEqual([['PACK_FILE_MISSING', 'keys/states.json']]);
  });

  it('does not trust the pack\'s keys over the ones given: another key leaves every digest unverified', async () => {
    const other = join(dir, 'other-keys.json');
    await writeFile(other, JSON.stringify(publicKeysJson([signingKey()])));
    const { code, report } = await verify(pack, '--public-keys', other);
    expect(code).toBe(1);
    expect(problems(report)).toEqual(expect.arrayContaining([['UNKNOWN_KEY', digest()]]));
    expect(report.problems.some((p) => p.code === 'LOG_UNVERIFIED')).toBe(true);
  });

  it('exits 2 on a file that is not a zip', async () => {
    const run = await runCli(['evidence', 'verify', world.keysFile]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/not a zip/);
  });
});
