import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerReport } from '../../bin/commands/report.js';
import type { TagReport } from '../../lambdas/reports/aggregate.js';
import { findingsFile, objectReport, scanReport } from '../reports/inputs.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';

const DIR = join(REPO_ROOT, 'test', '.out', 'report-command');
const INPUT = join(DIR, 'in');

/** Runs `shredlock <argv>` with only `report` registered. */
const cli = (argv: string[]) => runCli(argv, registerReport);

beforeAll(async () => {
  await rm(DIR, { recursive: true, force: true });
  await mkdir(join(INPUT, 'scan', 'dt=2026-11-26'), { recursive: true });
  const objects = [
    objectReport('exports/a.csv', { size: 10, sensitivity: 'confidential', counts: { cn_resident_id: 2 } }),
    objectReport('hr/b.txt', { size: 5 }),
  ];
  await writeFile(join(INPUT, 'scan', 'dt=2026-11-26', 'run-1.jsonl'), findingsFile('vault-a', '2026-11-26', objects));
  await writeFile(join(INPUT, 'local.json'), JSON.stringify(scanReport('/data', '2026-11-25', objects.slice(0, 1))));
});
afterAll(() => rm(DIR, { recursive: true, force: true }));

describe('shredlock report tags', () => {
  it('writes CSV, JSON and HTML into --out-dir and prints their paths', async () => {
    const outDir = join(DIR, 'all');
    const { code, out, err } = await cli(['report', 'tags', '--input', INPUT, '--out-dir', outDir]);
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toEqual(['tag-report.csv', 'tag-report.json', 'tag-report.html'].map((f) => join(outDir, f)));
    expect(err).toBe('3 object versions in 2 vault(s): 2 confidential, 0 failed, 0 need a scan\n');
    const report = JSON.parse(await readFile(join(outDir, 'tag-report.json'), 'utf8')) as TagReport;
    expect(report.vaults).toEqual(['/data', 'vault-a']);
    expect(report.byPrefix.map((p) => [p.vault, p.prefix, p.objects])).toEqual([
      ['/data', 'exports/', 1],
      ['vault-a', 'exports/', 1],
      ['vault-a', 'hr/', 1],
    ]);
    expect(await readFile(join(outDir, 'tag-report.html'), 'utf8')).toContain('<svg class="chart" data-chart="levels"');
  });

  it('writes only the --format asked for, with the --depth asked for', async () => {
    const outDir = join(DIR, 'json');
    expect((await cli(['report', 'tags', '--input', INPUT, '--out-dir', outDir, '--format', 'json', '--depth', '0'])).code).toBe(0);
    expect(await readdir(outDir)).toEqual(['tag-report.json']);
    const report = JSON.parse(await readFile(join(outDir, 'tag-report.json'), 'utf8')) as TagReport;
    expect(report.depth).toBe(0);
    expect(report.byPrefix.map((p) => p.prefix)).toEqual(['', '']);
  });

  it.each([
    [['--input', 'x', '--vault-bucket', 'b'], 'give exactly one of --input, --records-bucket and --vault-bucket'],
    [[], 'give exactly one of --input, --records-bucket and --vault-bucket'],
    [['--input', INPUT, '--prefix', 'reports/'], '--prefix goes with --records-bucket or --vault-bucket'],
    [['--input', join(DIR, 'missing')], 'no such file or folder'],
    [['--input', INPUT, '--depth', 'two'], 'expected a whole number from 0 to 32'],
    [['--input', INPUT, '--format', 'pdf'], 'Allowed choices are csv, json, html, all'],
  ])('exits 2 on %j', async (args, message) => {
    const { code, err } = await cli(['report', 'tags', ...args, '--out-dir', join(DIR, 'unused')]);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});
