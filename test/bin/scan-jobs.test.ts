// `shredlock scan --jobs N`: files scanned on worker threads give the same report as one thread.
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanPaths } from '../../bin/commands/scan.js';
import { readFile } from 'node:fs/promises';
import { scanFilesInPool } from '../../bin/pool/pool.js';
import { BUNDLE_ROOT } from '../../bin/bundle.mjs';
import { eagerImports } from '../support/bundle-imports.js';
import { workerModule } from '../../bin/pool/worker-module.js';
import type { ScanReport } from '../../lambdas/engine/report.js';
import { writeExports, type SampleFile } from '../../synthetic/exports.js';
import { xlsxBuffer } from '../../synthetic/files.js';
import { Rng } from '../../synthetic/random.js';
import { runCli } from '../support/cli.js';

const dir = join('test', '.out', 'scan-jobs');
let files: SampleFile[];

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  files = await writeExports(dir, 12);
});

/** The report without its run times, which differ between any two runs. */
const stable = ({ startedAt: _s, finishedAt: _f, ...rest }: ScanReport) => rest;

describe('scan --jobs', () => {
  it('lists the same objects, findings and summary in the same order with 3 workers as with 1', async () => {
    const one = await scanPaths([dir], { maxFindings: 0, jobs: 1 });
    const read: number[] = [];
    const finished: number[] = [];
    const three = await scanPaths([dir], { maxFindings: 0, jobs: 3 }, {
      onRead: (bytes) => read.push(bytes),
      onObject: (_report, index) => finished.push(index),
    });
    expect(one.objects).toHaveLength(files.length);
    expect(stable(three)).toEqual(stable(one));
    // Every file is heard of once, whatever order the workers finished in.
    expect([...finished].sort((a, b) => a - b)).toEqual(files.map((_, i) => i));
    expect(read.length).toBeGreaterThan(0);
    expect(read.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(one.summary.bytes);
  });

  it('prints the same JSON report from the CLI with --jobs 2 and --jobs 1', async () => {
    const one = await runCli(['scan', dir, '--format', 'json', '--jobs', '1']);
    const two = await runCli(['scan', dir, '--format', 'json', '--jobs', '2']);
    expect(two.code).toBe(one.code);
    expect(stable(JSON.parse(two.out) as ScanReport)).toEqual(stable(JSON.parse(one.out) as ScanReport));
  });

  it.each([['0'], ['-1'], ['two']])('refuses --jobs %s (exit 2)', async (jobs) => {
    const { code, err } = await runCli(['scan', dir, '--jobs', jobs]);
    expect(code).toBe(2);
    expect(err).toMatch(/expected a whole number, 1 or more/);
  });
});

describe('workerModule', () => {
  it('bundles worker.ts once into the project cache: workers load plain JavaScript, not tsx', async () => {
    const first = await workerModule();
    expect(first.kind).toBe('bundle');
    expect(first.entry).toBeUndefined();
    expect(first.url.href.startsWith(BUNDLE_ROOT.href)).toBe(true);
    const code = await readFile(first.url, 'utf8');
    expect(code).toContain('parentPort');
    // Project code is inside the bundle folder: its own chunks only, never a source outside it.
    expect(code).not.toMatch(/from ["']\.\.\//);
    expect(await workerModule()).toBe(first);
  });

  it('loads the packages of the lazily imported readers only when a file of their format is met', async () => {
    // Prepare
    const { url } = await workerModule();
    // Act: every module a worker loads at start, following the bundle's static imports
    const { packages: eager, files: seen } = await eagerImports(url);
    // Assess: the chunks were followed, and no reader package is among them
    expect(seen.size).toBeGreaterThan(1);
    expect(eager.has('iconv-lite')).toBe(true);
    for (const lazy of ['7z-wasm', 'node-unrar-js', 'postal-mime', 'word-extractor', 'saxes', 'exceljs', 'mammoth', 'yauzl', 'tar-stream', 'fzstd', 'xz-decompress', 'zod']) {
      expect(eager.has(lazy), lazy).toBe(false);
    }
  });
});

describe('scanFilesInPool', () => {
  it('ends a file whose worker runs out of heap as failed LIMIT_EXCEEDED, and scans the next file on a new worker', async () => {
    // Prepare: a worker heap that loads the engine but not a workbook cell of 5 million Han
    // characters (10 MB as a string, held whole with its copies while it is read and matched; with
    // 3 million, how much was held at once depended on when V8 collected, and once it fitted)
    const rng = new Rng(12);
    let note = '';
    for (let i = 0; i < 5_000_000; i++) note += String.fromCharCode(0x4e00 + rng.int(0, 2000));
    const heavy = join(dir, 'heavy.xlsx');
    await writeFile(heavy, await xlsxBuffer([{ name: 'S', rows: [['备注'], [note]] }]));
    const light = join(dir, files[0].name);
    const jobs = [
      { key: 'heavy.xlsx', path: heavy, size: (await stat(heavy)).size },
      { key: 'light', path: light, size: (await stat(light)).size },
    ];
    // Act
    const [lost, next] = await scanFilesInPool(jobs, { jobs: 1, scan: {}, workerLimits: { maxOldGenerationSizeMb: 16 } });
    // Assess: failed with a code, never clean; the worker was replaced
    expect(lost).toMatchObject({ key: 'heavy.xlsx', sensitivity: 'failed', error: { code: 'LIMIT_EXCEEDED' } });
    expect(lost.error?.message).toMatch(/ran out of memory/);
    expect(next.sensitivity).not.toBe('failed');
  });

  it('rejects with WORKER_START_FAILED when no worker can even load the engine', async () => {
    // Prepare: an old generation far too small for the engine
    const one = [{ key: 'a', path: join(dir, files[0].name), size: 1 }];
    // Act / Assess
    await expect(scanFilesInPool(one, { jobs: 1, scan: {}, workerLimits: { maxOldGenerationSizeMb: 2 } })).rejects.toMatchObject({
      name: 'ScanPoolError',
      code: 'WORKER_START_FAILED',
    });
  });
});
