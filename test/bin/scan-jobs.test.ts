// `shredlock scan --jobs N`: files scanned on worker threads give the same report as one thread.
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanPaths } from '../../bin/commands/scan.js';
import { readFile } from 'node:fs/promises';
import { QUEUED_FILES, scanFilesInPool } from '../../bin/pool/pool.js';
import { READ_CHUNK_BYTES } from '../../bin/local-files.js';
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
  for (const old of [dir, `${dir}-large`, `${dir}-many`]) await rm(old, { recursive: true, force: true });
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
    // Files under READ_CHUNK_BYTES are one read, counted when they are done: no read messages
    expect(files.every((file) => Buffer.byteLength(file.data) < READ_CHUNK_BYTES)).toBe(true);
    expect(read).toEqual([]);
  });

  it('tells the bytes of a large file as its chunks are read', async () => {
    // Prepare: a file of two and a half chunks beside a small one
    const large = `${dir}-large`;
    await mkdir(large, { recursive: true });
    await writeFile(join(large, 'big.txt'), 'x'.repeat(READ_CHUNK_BYTES * 2.5));
    await writeFile(join(large, 'small.txt'), 'y');
    const read: Array<[number, number]> = [];
    // Act
    const reports = await scanPaths([large], { jobs: 2 }, { onRead: (bytes, index) => read.push([index, bytes]) });
    // Assess: three chunks of the large file (index 0), none of the small one
    expect(reports.objects.map((o) => o.key)).toEqual(['big.txt', 'small.txt']);
    expect(read.map(([index]) => index)).toEqual([0, 0, 0]);
    expect(read.reduce((sum, [, bytes]) => sum + bytes, 0)).toBe(READ_CHUNK_BYTES * 2.5);
  });

  it('scans a folder of many small files on 2 workers as on 1, each file once', async () => {
    // Prepare: more files than a worker holds at once
    const many = `${dir}-many`;
    await mkdir(many, { recursive: true });
    const rng = new Rng(7);
    for (let i = 0; i < QUEUED_FILES * 5; i++) await writeFile(join(many, `f${String(i).padStart(4, '0')}.txt`), rng.digits(rng.int(0, 40)));
    const finished: number[] = [];
    // Act
    const one = await scanPaths([many], { maxFindings: 0, jobs: 1 });
    const two = await scanPaths([many], { maxFindings: 0, jobs: 2 }, { onObject: (_report, index) => finished.push(index) });
    // Assess
    expect(stable(two)).toEqual(stable(one));
    expect([...finished].sort((a, b) => a - b)).toEqual(one.objects.map((_, i) => i));
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
    for (const lazy of ['7z-wasm', 'node-unrar-js', 'node-sqlite3-wasm', 'postal-mime', 'word-extractor', 'saxes', 'exceljs', 'mammoth', 'yauzl', 'tar-stream', 'fzstd', 'xz-decompress', 'zod']) {
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
    const lightSize = (await stat(light)).size;
    // the light files are handed to the worker with the heavy one, queued behind it
    const jobs = [{ key: 'heavy.xlsx', path: heavy, size: (await stat(heavy)).size }, ...[1, 2, 3].map((i) => ({ key: `light${i}`, path: light, size: lightSize }))];
    // Act
    const [lost, ...next] = await scanFilesInPool(jobs, { jobs: 1, scan: {}, workerLimits: { maxOldGenerationSizeMb: 16 } });
    // Assess: failed with a code, never clean; the files queued behind it scanned on a new worker
    expect(lost).toMatchObject({ key: 'heavy.xlsx', sensitivity: 'failed', error: { code: 'LIMIT_EXCEEDED' } });
    expect(lost.error?.message).toMatch(/ran out of memory/);
    expect(next.map((report) => [report.key, report.sensitivity === 'failed'])).toEqual([1, 2, 3].map((i) => [`light${i}`, false]));
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
