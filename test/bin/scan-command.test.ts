import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reaches } from '../../bin/commands/scan.js';
import type { ScanReport } from '../../lambdas/engine/report.js';
import { residentId, mobile } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';
import { runCli } from '../support/cli.js';

const dir = join('test', '.out', 'scan-command');
const rng = new Rng(7);
const id = residentId(rng);
const phone = mobile(rng);

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'sub'), { recursive: true });
  await writeFile(join(dir, 'customers.txt'), `客户身份证号：${id}\n`);
  await writeFile(join(dir, 'sub', 'contacts.txt'), `手机 ${phone}\n`);
  await writeFile(join(dir, 'readme.txt'), 'nothing personal here, order 202411270000123456789\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('shredlock scan', () => {
  it('reports each file with its level and keys relative to the folder (json)', async () => {
    const { code, out } = await runCli(['scan', dir, '--format', 'json', '--no-progress']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as ScanReport;
    const byKey = Object.fromEntries(report.objects.map((o) => [o.key, o]));
    expect(Object.keys(byKey).sort()).toEqual(['customers.txt', 'readme.txt', 'sub/contacts.txt']);
    expect(byKey['customers.txt'].sensitivity).toBe('confidential');
    expect(byKey['sub/contacts.txt'].sensitivity).toBe('sensitive');
    expect(byKey['readme.txt'].sensitivity).toBe('public');
    expect(report.summary.bySensitivity).toMatchObject({ public: 1, sensitive: 1, confidential: 1, failed: 0 });
    expect(byKey['customers.txt'].findings[0]).toMatchObject({ type: 'cn_resident_id', location: { line: 1, column: 8 } });
  });

  it('never prints raw values unless --reveal is given', async () => {
    const masked = await runCli(['scan', dir, '--format', 'json']);
    expect(masked.out).not.toContain(id);
    expect(masked.out).not.toContain(phone);
    const revealed = await runCli(['scan', dir, '--format', 'json', '--reveal']);
    expect(revealed.out).toContain(id);
  });

  it('keeps counts exact when --max-findings caps the list', async () => {
    await writeFile(join(dir, 'many.txt'), Array.from({ length: 30 }, () => `身份证 ${id}`).join('\n'));
    const { out } = await runCli(['scan', join(dir, 'many.txt'), '--format', 'json', '--max-findings', '5']);
    const [o] = (JSON.parse(out) as ScanReport).objects;
    expect(o.counts.cn_resident_id).toBe(30);
    expect(o.findings).toHaveLength(5);
    expect(o.findingsOmitted).toBe(25);
    await rm(join(dir, 'many.txt'));
  });

  it('exits 1 with --fail-on when a file reaches the level, 0 otherwise', async () => {
    expect((await runCli(['scan', dir, '--fail-on', 'confidential'])).code).toBe(1);
    expect((await runCli(['scan', join(dir, 'readme.txt'), '--fail-on', 'sensitive'])).code).toBe(0);
  });

  it('writes CSV and table reports, to --out when given', async () => {
    const out = join(dir, '..', 'scan-command-report.csv');
    expect((await runCli(['scan', dir, '--format', 'csv', '--out', out])).code).toBe(0);
    const csv = await readFile(out, 'utf8');
    expect(csv.split('\n')[0]).toBe('key,size,format,sensitivity,error,cn_resident_id,cn_mobile');
    expect(csv).toMatch(/^customers\.txt,\d+,text,confidential,,1,0$/m);
    const table = (await runCli(['scan', dir])).out;
    expect(table).toMatch(/^confidential\s+text\s+\S+ B\s+cn_resident_id=1\s+customers\.txt$/m);
    expect(table).toMatch(/^3 objects, .*public 1, sensitive 1, confidential 1, failed 0$/m);
    await rm(out);
  });

  it.each([
    [['scan'], /missing required argument/],
    [['scan', dir, '--format', 'xml'], /Allowed choices are table, json, csv/],
    [['scan', dir, '--max-findings', '-1'], /expected a whole number/],
    [['scan', join(dir, 'nope')], /no such file or folder/],
    [['scan', dir, '--fail-on', 'secret'], /Allowed choices are public, sensitive, confidential/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const { code, err } = await runCli(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});

describe('reaches', () => {
  const report = (levels: string[]) => ({ objects: levels.map((sensitivity) => ({ sensitivity })) }) as unknown as ScanReport;
  it.each([
    [['public'], 'sensitive', false],
    [['sensitive'], 'sensitive', true],
    [['confidential'], 'sensitive', true],
    [['sensitive'], 'confidential', false],
    [['failed'], 'confidential', true],
  ] as const)('%j at --fail-on %s -> %s', (levels, level, expected) => {
    expect(reaches(report([...levels]), level)).toBe(expected);
  });
});
