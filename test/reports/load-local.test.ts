import { mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTagReport } from '../../lambdas/reports/aggregate.js';
import { renderTagReportJson } from '../../lambdas/reports/csv.js';
import { isReportInputError } from '../../lambdas/reports/errors.js';
import { loadLocalInput } from '../../lambdas/reports/load-local.js';
import { REPO_ROOT } from '../support/paths.js';
import { findingsFile, objectReport, scanReport, tagReportFile } from './inputs.js';

const DIR = join(REPO_ROOT, 'test', '.out', 'reports-load-local');

async function put(path: string, text: string): Promise<string> {
  const file = join(DIR, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

const A = objectReport('exports/a.csv', { sensitivity: 'confidential', counts: { cn_resident_id: 1 } });
const B = objectReport('exports/b.txt');

beforeAll(async () => {
  await rm(DIR, { recursive: true, force: true });
  // A copy of the records bucket's reports/: run-1 has both files, run-2 only its tag report.
  await put('records/scan/dt=2026-11-25/run-1.jsonl', findingsFile('vault-a', '2026-11-25', [A, B]));
  await put('records/tags/dt=2026-11-25/vault-a/run-1.json', tagReportFile('run-1', 'vault-a', '2026-11-25', [A, B]));
  await put('records/tags/dt=2026-11-25/vault-a/run-1.csv', 'key,version_id\n');
  await put('records/tags/dt=2026-11-26/vault-a/run-2.json', tagReportFile('run-2', 'vault-a', '2026-11-26', [B]));
  const undated = await put('records/loose/run-3.jsonl', findingsFile('vault-a', '2026-01-01', [B]));
  await utimes(undated, new Date('2026-11-27T12:00:00Z'), new Date('2026-11-27T12:00:00Z'));
  await put('local/scan.json', JSON.stringify(scanReport('/data', '2026-11-24', [A])));
  await mkdir(join(DIR, 'empty', 'sub'), { recursive: true });
  await put('empty/notes.txt', 'not a report');
});
afterAll(() => rm(DIR, { recursive: true, force: true }));

describe('loadLocalInput', () => {
  it('reads a folder recursively, skipping tag reports of runs whose findings file is there', async () => {
    const input = await loadLocalInput(join(DIR, 'records'));
    expect(input.kind).toBe('local');
    expect(input.runs.map((r) => [r.source, r.format, r.date])).toEqual([
      ['loose/run-3.jsonl', 'findings', '2026-11-27'],
      ['scan/dt=2026-11-25/run-1.jsonl', 'findings', '2026-11-25'],
      ['tags/dt=2026-11-26/vault-a/run-2.json', 'tag-report', '2026-11-26'],
    ]);
  });

  it('reads one scan report file', async () => {
    const input = await loadLocalInput(join(DIR, 'local', 'scan.json'));
    expect(input.runs).toHaveLength(1);
    expect(input.runs[0].objects.map((o) => [o.vault, o.key, o.level])).toEqual([['/data', 'exports/a.csv', 'confidential']]);
  });

  it('skips its own JSON output, so the output folder may be the input folder', async () => {
    const before = await loadLocalInput(join(DIR, 'local'));
    await put('local/tag-report.json', renderTagReportJson(buildTagReport(before)));
    expect((await loadLocalInput(join(DIR, 'local'))).runs).toHaveLength(1);
  });

  it.each([
    ['missing', 'INPUT_NOT_FOUND'],
    ['empty', 'INPUT_EMPTY'],
  ])('fails on a %s input with %s', async (name, code) => {
    const error = await loadLocalInput(join(DIR, name)).catch((e: unknown) => e);
    expect(isReportInputError(error) && error.code).toBe(code);
  });
});
