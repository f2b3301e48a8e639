import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrailReport } from '../../lambdas/audit/trail-report.js';
import type { VerifyReport } from '../../lambdas/audit/verify-report.js';
import { recordJson } from '../../lambdas/vault/records.js';
import { MALLORY_ARN, ROLE_ARN, VAULT, assumedRole, iamUser, keyArn, kmsCall, kmsDeleteKey, s3ObjectEvent } from '../audit/events.js';
import { OUT, TrailBuilder, at, publicKeysJson, signingKey } from '../audit/fixtures.js';
import { closingFor, destructionCertificate, writeRecordFiles } from '../shredder/certificates.js';
import { runCli } from '../support/cli.js';

const dir = join(OUT, 'command');
const keysFile = join(dir, 'public-keys.json');
const scanFile = join(dir, 'scan.json');
const certDir = join(dir, 'certificates');
const KEY = '5234abcd-12ab-34cd-56ef-1234567890ab';
const certificate = destructionCertificate({ vault: VAULT, epoch: '2025-02', keyId: KEY, keyArn: keyArn(KEY) }, { scheduledAt: '2025-03-01T01:10:00Z' });
let trail: TrailBuilder;

beforeAll(async () => {
  const key = signingKey();
  trail = await new TrailBuilder(join(dir, 'trail'), key).reset();
  await trail.log(at(0, 20), [
    s3ObjectEvent('GetObject', at(0, 10), assumedRole(ROLE_ARN), 'customers/ids.csv'),
    s3ObjectEvent('GetObject', at(0, 11), iamUser(MALLORY_ARN), 'customers/ids.csv'),
  ]);
  await trail.seal(at(1, 1, 31));
  await trail.log(at(1, 20), [kmsCall('ScheduleKeyDeletion', at(1, 10), iamUser(MALLORY_ARN), KEY)]);
  await trail.seal(at(2, 1, 31));
  await trail.log(at(9, 0), [kmsDeleteKey(at(8, 50), KEY)]);
  await trail.seal(at(10, 1, 31));
  await writeFile(keysFile, JSON.stringify(publicKeysJson([key])));
  await writeFile(scanFile, JSON.stringify({ source: 'export', objects: [{ key: 'customers/ids.csv', sensitivity: 'confidential' }] }));
  await rm(certDir, { recursive: true, force: true });
  await mkdir(certDir, { recursive: true });
  // A completion record names the key, but is no certificate: the deletion stays flagged until c.json is there.
  await writeRecordFiles(certDir, [closingFor(certificate, 'completion')]);
});

describe('shredlock audit verify', () => {
  it('exits 0 and says VALID for an untouched trail', async () => {
    const { code, out } = await runCli(['audit', 'verify', '--trail-dir', trail.dir, '--public-keys', keysFile]);
    expect(code).toBe(0);
    expect(out).toContain('digests: 3 valid, 0 invalid, 0 missing');
    expect(out).toContain('result: VALID');
  });

  it('exits 1 and lists the problem when a log file was altered (json)', async () => {
    const copy = await new TrailBuilder(join(dir, 'altered'), trail.key).reset();
    const log = await copy.log(at(0, 20), [s3ObjectEvent('GetObject', at(0, 10), iamUser(MALLORY_ARN), 'a.csv')]);
    await copy.seal(at(1, 1, 31));
    await writeFile(copy.path(log.key), gzipSync('{"Records":[]}'));
    const { code, out } = await runCli(['audit', 'verify', '--trail-dir', copy.dir, '--public-keys', keysFile, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as VerifyReport;
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([{ code: 'LOG_MODIFIED', key: log.key, detail: expect.any(String) }]);
  });

  it('says its table in Chinese with --lang zh-CN', async () => {
    const { code, out } = await runCli(['audit', 'verify', '--trail-dir', trail.dir, '--public-keys', keysFile, '--lang', 'zh-CN']);
    expect(code).toBe(0);
    expect(out).toContain('摘要：3 有效，0 无效，0 缺失');
    expect(out).toContain('结果：有效');
  });

  it('exits 3 and says nothing was verified when the range holds no trail file', async () => {
    const { code, out } = await runCli(['audit', 'verify', '--trail-dir', trail.dir, '--public-keys', keysFile, '--from', '2025-06-01', '--to', '2025-06-02']);
    expect(code).toBe(3);
    expect(out).toContain('result: NOTHING VERIFIED');
    expect(out).not.toContain('VALID\n');
  });

  it.each([
    [['audit', 'verify', '--public-keys', keysFile], /exactly one of --trail-dir and --trail-bucket/],
    [['audit', 'verify', '--trail-dir', 'x', '--trail-bucket', 'y'], /exactly one/],
    [['audit', 'verify', '--trail-dir', 'x', '--prefix', 'p'], /--prefix goes with --trail-bucket/],
    [['audit', 'verify', '--trail-dir', 'x', '--from', 'last week'], /--from: "last week" is not an ISO 8601/],
    [['audit', 'verify', '--trail-dir', 'x', '--from', '2025-03-02', '--to', '2025-03-01'], /--from\/--to: start .* is after end/],
    [['audit', 'verify', '--trail-dir', 'x', '--public-keys', join(dir, 'none.json')], /--public-keys/],
    [['audit', 'verify', '--trail-dir', 'x', '--public-keys', scanFile], /PublicKeyList/],
    [['audit', 'verify', '--trail-dir', 'x', '--format', 'csv'], /invalid/i],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const { code, err } = await runCli(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});

describe('shredlock audit trail', () => {
  const base = ['audit', 'trail', '--sensitivity', scanFile, '--expected-principals', `${ROLE_ARN}, arn:aws:iam::111122223333:user/Alice`];

  it('exits 1 and flags the unexpected reader and the uncertified key deletion (json)', async () => {
    const { code, out } = await runCli([...base, '--trail-dir', trail.dir, '--certificates', certDir, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as TrailReport;
    expect(report.flags.map((f) => [f.kind, f.subject])).toEqual([
      ['UNEXPECTED_READER', MALLORY_ARN],
      ['DELETION_WITHOUT_CERTIFICATE', keyArn(KEY)],
    ]);
  });

  it('exits 0 when the range holds nothing to flag, and writes a table to --out', async () => {
    await writeFile(join(certDir, 'c.json'), recordJson(certificate));
    const out = join(dir, 'report.txt');
    const { code } = await runCli([...base, '--trail-dir', trail.dir, '--certificates', certDir, '--from', '2025-03-01T01:00:00Z', '--out', out]);
    expect(code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).toContain('KEY LIFECYCLE (1)');
    expect(text).toContain(join(certDir, 'c.json'));
    expect(text).toContain('result: nothing flagged');
  });

  it('writes CSV with a section column', async () => {
    const { out } = await runCli([...base, '--trail-dir', trail.dir, '--format', 'csv']);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('section,time,principal,event,target,version,level,flagged,detail');
    expect(lines.some((l) => l.startsWith('read,2025-03-01T00:11:00Z,' + MALLORY_ARN + ',GetObject,' + `${VAULT}/customers/ids.csv`))).toBe(true);
    expect(lines.some((l) => l.startsWith('key-event,'))).toBe(true);
  });

  it('writes one self-contained HTML page to standard output, or to --out', async () => {
    const { code, out } = await runCli([...base, '--trail-dir', trail.dir, '--format', 'html']);
    expect(code).toBe(1);
    expect(out.startsWith('<!doctype html>')).toBe(true);
    expect(out).toContain('<section id="flags" class="alert-box" data-flags="2">');
    expect(out).toMatch(/data-metric="UNEXPECTED_READER" data-value="1"/);
    expect(out).toContain(`<rect class="bar" data-key="${MALLORY_ARN}" data-value="1"`);
    expect(out).not.toMatch(/<script/i);
    const file = join(dir, 'report.html');
    await runCli([...base, '--trail-dir', trail.dir, '--format', 'html', '--out', file]);
    expect(await readFile(file, 'utf8')).toBe(out);
  });

  it.each([
    [['--expected-principals', 'Alice'], /not an ARN: Alice/],
    [['--certificates', join(dir, 'no-such-folder')], /no-such-folder/],
    [['--sensitivity', keysFile], /not a shredlock scan JSON report/],
  ])('exits 2 on bad input: %j', async (extra, message) => {
    const { code, err } = await runCli(['audit', 'trail', '--trail-dir', trail.dir, ...extra]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
