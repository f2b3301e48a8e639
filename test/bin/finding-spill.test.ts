// bin/finding-spill.ts: with every finding listed, the CLI keeps each file's findings on disk until
// the JSON report is written; the report is the same text as with the findings in memory.
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FindingSpill, SPILL_OVER, SpillWriter, readSpilled, spills } from '../../bin/finding-spill.js';
import { scanPaths } from '../../bin/commands/scan.js';
import { renderJson } from '../../bin/render/scan-report.js';
import type { ReportedFinding, ScanReport } from '../../lambdas/engine/index.js';
import { writeExports } from '../../synthetic/exports.js';
import { withTemporaryFolder } from '../engine/formats/read-parts.js';
import { runCli } from '../support/cli.js';

const dir = join('test', '.out', 'finding-spill');

const spillFolders = (folder: string) => readdirSync(folder).filter((name) => name.startsWith('shredlock-findings-'));
const stable = ({ startedAt: _s, finishedAt: _f, ...rest }: ScanReport) => rest;

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await writeExports(dir, 5);
});

describe('SpillWriter and readSpilled', () => {
  it('give back the findings written, in order, however many blocks they fill', () => {
    const spill = new FindingSpill(0);
    try {
      const findings: ReportedFinding[] = Array.from({ length: 3000 }, (_, i) => ({
        type: 'cn_mobile',
        detector: 'cn_mobile.prefix',
        pattern: 'national',
        score: 0.95,
        basis: 'context',
        location: { entry: `归档/客户${i}.csv`, line: i + 1, column: 3 },
        masked: `138****${String(i).padStart(4, '0')}`,
      }));
      const writer = new SpillWriter(spill.pathFor(0), 0);
      for (const f of findings) writer.write(f);
      writer.close();
      expect(writer.written).toBe(3000);
      expect([...readSpilled({ path: writer.path, count: writer.written })]).toEqual(findings);

      const capped = new SpillWriter(spill.pathFor(1), 10);
      for (const f of findings) capped.write(f);
      capped.close();
      expect(capped.written).toBe(10);
      expect([...readSpilled({ path: capped.path, count: 10 })]).toEqual(findings.slice(0, 10));
    } finally {
      spill.remove();
    }
  });

  it('spill when every finding or more than SPILL_OVER are listed', () => {
    expect(spills(0)).toBe(true);
    expect(spills(SPILL_OVER + 1)).toBe(true);
    expect(spills(100)).toBe(false);
    expect(spills(SPILL_OVER)).toBe(false);
  });
});

describe('scan with findings on disk', () => {
  it.each([1, 2])('renders the same JSON as with the findings in memory (--jobs %i)', async (jobs) => {
    const inMemory = await scanPaths([dir], { maxFindings: 0, jobs });
    const spill = new FindingSpill(0);
    try {
      const spilled = await scanPaths([dir], { maxFindings: 0, jobs, spill });
      expect(spilled.objects.every((o) => o.findings.length === 0)).toBe(true);
      expect(inMemory.objects.reduce((n, o) => n + o.findings.length, 0)).toBeGreaterThan(1000);
      const report = { ...spilled, startedAt: inMemory.startedAt, finishedAt: inMemory.finishedAt };
      expect([...renderJson(report, spill)].join('')).toBe(`${JSON.stringify(inMemory, null, 2)}\n`);
    } finally {
      spill.remove();
    }
  });

  it('keeps a cap above SPILL_OVER and its omitted count', async () => {
    const cap = SPILL_OVER + 7;
    const inMemory = await scanPaths([dir], { maxFindings: cap });
    const spill = new FindingSpill(cap);
    try {
      const spilled = await scanPaths([dir], { maxFindings: cap, spill });
      expect(inMemory.objects.some((o) => (o.findingsOmitted ?? 0) > 0)).toBe(true);
      expect(spilled.objects.map((o) => o.findingsOmitted)).toEqual(inMemory.objects.map((o) => o.findingsOmitted));
      const report = { ...spilled, startedAt: inMemory.startedAt, finishedAt: inMemory.finishedAt };
      expect([...renderJson(report, spill)].join('')).toBe(`${JSON.stringify(inMemory, null, 2)}\n`);
    } finally {
      spill.remove();
    }
  });

  // In a temporary folder of its own: another scan on the machine may have a spill folder open.
  it('shredlock scan --max-findings 0 spills every file, prints every finding and leaves no spill folder behind', () =>
    withTemporaryFolder(async (folder) => {
      const seen: string[] = [];
      const spy = vi.spyOn(FindingSpill.prototype, 'pathFor');
      let cli;
      try {
        cli = await runCli(['scan', dir, '--format', 'json', '--max-findings', '0', '--jobs', '2']);
        for (const result of spy.mock.results) seen.push(String(result.value));
      } finally {
        spy.mockRestore();
      }
      const inMemory = await scanPaths([dir], { maxFindings: 0 });
      expect(cli.code).toBe(0);
      expect(stable(JSON.parse(cli.out) as ScanReport)).toEqual(stable(inMemory));
      expect(new Set(seen.map((p) => p.split(/[\\/]/).pop())).size).toBe(inMemory.objects.length);
      expect(seen.every((p) => p.startsWith(folder) && !existsSync(p))).toBe(true);
      expect(spillFolders(folder)).toEqual([]);
    }));
});

describe('the spill folder on Ctrl-C', () => {
  it('is removed before the process ends as the signal would end it', async () => {
    const { spawn } = await import('node:child_process');
    const script = [
      "import { FindingSpill, SpillWriter } from './bin/finding-spill.ts';",
      'const spill = new FindingSpill(0);',
      'const writer = new SpillWriter(spill.pathFor(0), 0);',
      'writer.close();',
      'console.log(writer.path);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const path = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
    expect(existsSync(path)).toBe(true);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGINT');
    expect(await ended).toBe('SIGINT');
    expect(existsSync(path)).toBe(false);
  });
});
