/**
 * `npm run bench`: in one run, the engine's MB/s per core against a bare byte pass and against
 * the engine with no detectors (the ceiling of the present design), and the CLI's MB/s with
 * `--jobs` at this machine's cores against `--jobs 1`, with peak RSS; on a customer CSV, a
 * Chinese service log, a folder of 20 CSVs and a mixed folder of XLSX, DOCX, PDF and zip; and the
 * engine's peak RSS on each input of the hostile set (bench/hostile.ts). `npm run bench -- --large`
 * adds a 1 GiB log (is peak RSS flat?). `--baseline REV` adds the
 * engine of another git revision on the CSV and the log, runs alternating (`--runs N`, default 5),
 * with the median ratios: is this tree slower than that one?
 *
 * Data is generated once into .bench/ (never committed). Each measurement runs in its own
 * process so its peak RSS is its own. The engine rows run it as the scanner Lambda does: bundled by
 * esbuild, on node started as Lambda's runtime starts it for the scanner's memory size, through the
 * wrapper script the stack gives the scanner (contract/v8-flags.mjs), so with the scan thread's V8
 * flags after the runtime's. The CLI rows run it as the `shredlock` command does (bin/run.mjs):
 * bundled by bin/bundle.mjs with the scan worker beside it, on plain node with the same V8 flags.
 * MiB/s are wall-clock; on a shared machine compare the CPU columns too. A fixed loop timed at the
 * start and the end says whether the machine's speed held still during the run (steadiness).
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFile, link, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEntries } from '../bin/bundle.mjs';
import { SCAN_V8_FLAGS } from '../contract/v8-flags.mjs';
import { SCANNING_DEFAULTS } from '../lib/scanning.js';
import { baselineEngine } from './baseline.js';
import { LAMBDA_NODE_FLAGS, runAsLambda, writeLambdaWrapper } from './lambda-node.js';
import { readBundleFiles, readProfile, summarizeProfile, type ProfileSummary } from './profile.js';
import { CSV_HEADER, MiB, csvFolder, csvRow, logLine, mixedFolder, textFile } from './datasets.js';
import { probeSteadiness, steadinessLine } from './steadiness.js';
import { jobsLines, separateLine, sharesOf } from './jobs.js';
import { targetLines } from './targets.js';
import { hostileFiles } from './hostile.js';

interface EngineRun {
  readonly files: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly maxRssMiB: number;
  readonly findings: number;
  /** Resident IDs among the findings (absent from a baseline's older measure.ts). */
  readonly residentIds?: number;
  /** CPU seconds before the first file, and of each file (absent from a baseline's older measure.ts). */
  readonly loadCpuSeconds?: number;
  readonly fileCpuSeconds?: readonly number[];
  /** Each file's level, or its error's code (absent from a baseline's older measure.ts). */
  readonly outcomes?: readonly string[];
}


interface CliRun {
  readonly files: number;
  readonly bytes: number;
  readonly seconds: number;
  /** From node's start to the report (its own start and the engine's loading included). */
  readonly lifeSeconds: number;
  /** All threads of the process. */
  readonly cpuSeconds: number;
  readonly maxRssMiB: number;
  readonly findings: number;
}

const dir = '.bench';
/** The V8 flags of `shredlock`: its shebang's (and package.json's) and those bin/run.mjs sets. */
const CLI_FLAGS = SCAN_V8_FLAGS;
const cores = availableParallelism();

const lastJson = <T>(out: string): T => JSON.parse(out.trim().split('\n').pop()!) as T;

const scripts = await bundleEntries({
  measure: new URL('./measure.ts', import.meta.url),
  'measure-cli': new URL('./measure-cli.ts', import.meta.url),
  'scan-worker': new URL('../bin/pool/worker.ts', import.meta.url),
});

type Mode = 'engine' | 'bare' | 'bytes' | 'ids';

/** Runs the measurement `script` as the scanner Lambda runs its handler (bench/lambda-node.ts). */
function asLambda(script: URL, mode: Mode, path: string, flags: string[] = []): string {
  return runAsLambda(lambdaWrapper, script, { SHREDLOCK_BENCH_MODE: mode, SHREDLOCK_BENCH_PATH: path }, flags);
}

function engine(mode: Mode, path: string, script = scripts.measure): EngineRun {
  return lastJson(asLambda(script, mode, path));
}

/** The value after `--name` on the command line, if given. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A profiled run of the bundled engine over `path`, summed by file and function (bench/profile.ts). */
async function profileOf(path: string): Promise<ProfileSummary> {
  const out = join(dir, 'profile');
  await rm(out, { recursive: true, force: true });
  asLambda(scripts.measure, 'engine', path, ['--cpu-prof', `--cpu-prof-dir=${out}`]);
  return summarizeProfile(await readProfile(out), await readBundleFiles(scripts.measure));
}

function cli(path: string, jobs: number): CliRun {
  const args = [...CLI_FLAGS, fileURLToPath(scripts['measure-cli']), path, String(jobs)];
  return lastJson(execFileSync(process.execPath, args, { encoding: 'utf8' }));
}

/** The CLI with `--jobs 1` in one process per folder of `paths`, all at once. */
function cliAtOnce(paths: readonly string[]): Promise<CliRun[]> {
  const args = (path: string) => [...CLI_FLAGS, fileURLToPath(scripts['measure-cli']), path, '1'];
  return Promise.all(
    paths.map(
      (path) =>
        new Promise<CliRun>((resolve, reject) =>
          execFile(process.execPath, args(path), { encoding: 'utf8' }, (error, out) => (error ? reject(error) : resolve(lastJson<CliRun>(out)))),
        ),
    ),
  );
}

/** The files of `folder` in `parts` folders beside it (hard links, else copies), made once. */
async function folderShares(folder: string, parts: number): Promise<string[]> {
  const shares = sharesOf(await readdir(folder), parts);
  const paths: string[] = [];
  for (const [i, names] of shares.entries()) {
    const share = join(`${folder}-shares-${shares.length}`, `share-${i + 1}`);
    await mkdir(share, { recursive: true });
    const there = new Set(await readdir(share));
    for (const name of names) if (!there.has(name)) await link(join(folder, name), join(share, name)).catch(() => copyFile(join(folder, name), join(share, name)));
    paths.push(share);
  }
  return paths;
}

const mibps = (r: { bytes: number; seconds: number }) => r.bytes / MiB / r.seconds;
const fixed = (n: number, digits = 1) => n.toFixed(digits);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

await mkdir(dir, { recursive: true });
const lambdaWrapper = await writeLambdaWrapper(dir);
const csv = await textFile(join(dir, 'customers-64m.csv'), 64 * MiB, CSV_HEADER, csvRow);
const log = await textFile(join(dir, 'service-100m.log'), 100 * MiB, '', logLine);
// 8 MiB a file. Each worker's engine start (loading, and V8 compiling on the first file: about
// 0.3 CPU-s) is not small beside 160 MiB on two cores; the bench prints it (bench/jobs.ts).
const folder = await csvFolder(join(dir, 'csv-20x8m'), 20, 8 * MiB);
const mixed = await mixedFolder(join(dir, 'mixed'), 2);
const datasets: [string, string][] = [
  ['customer CSV', csv],
  ['service log (zh)', log],
  ['20 CSV files', folder],
  ['mixed XLSX/DOCX/PDF/zip', mixed],
];
if (process.argv.includes('--large')) datasets.push(['service log (zh), 1 GiB', await textFile(join(dir, 'service-1g.log'), 1024 * MiB, '', logLine)]);

process.stderr.write('steadiness: a fixed loop...\n');
const steadyRuns = probeSteadiness(3);

const engineRows: string[][] = [];
const engineRuns = new Map<string, { engine: EngineRun; bytes: EngineRun }>();
const byteRows: string[][] = [];
for (const [index, [name, path]] of datasets.entries()) {
  process.stderr.write(`engine: ${name}...\n`);
  const e = engine('engine', path);
  // The text datasets (the mixed folder's formats are not bytes of text).
  if (index < 3) {
    const ids = engine('ids', path);
    byteRows.push([name, fixed(mibps(ids)), fixed(ids.bytes / MiB / ids.cpuSeconds), `${ids.residentIds} / ${e.residentIds ?? '-'}`]);
  }
  const bare = engine('bare', path);
  const bytes = engine('bytes', path);
  engineRuns.set(path, { engine: e, bytes });
  engineRows.push([
    name,
    String(e.files),
    fixed(e.bytes / MiB, 0),
    fixed(mibps(e)),
    fixed(e.bytes / MiB / e.cpuSeconds),
    fixed(mibps(bare)),
    fixed(mibps(bytes)),
    fixed(mibps(bytes) / mibps(e), 2) + 'x',
    fixed(e.maxRssMiB, 0),
    String(e.findings),
  ]);
}

// The hostile set (bench/hostile.ts): peak RSS of the engine on each, as the scanner Lambda runs it.
const hostileRows: string[][] = [];
let hostilePeakMiB = 0;
for (const { name, path } of await hostileFiles(join(dir, 'hostile'))) {
  process.stderr.write(`hostile: ${name}...\n`);
  const run = engine('engine', path);
  hostilePeakMiB = Math.max(hostilePeakMiB, run.maxRssMiB);
  hostileRows.push([name, fixed(run.bytes / MiB, 1), fixed(run.seconds, 2), fixed(run.maxRssMiB, 0), run.outcomes?.join(', ') ?? '-']);
}

// Against another revision: alternating fresh processes (the machine's load changes over a run
// and falls on both sides alike), medians of CPU and wall-clock seconds.
const baselineRev = option('baseline');
const runs = Number(option('runs') ?? 5);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');
const baselineRows: string[][] = [];
let baselineCommit = '';
if (baselineRev !== undefined) {
  const baseline = await baselineEngine(baselineRev);
  baselineCommit = baseline.commit.slice(0, 12);
  try {
    for (const [name, path] of datasets.slice(0, 2)) {
      const before: EngineRun[] = [];
      const after: EngineRun[] = [];
      for (let i = 0; i < runs; i++) {
        process.stderr.write(`baseline: ${name}, run ${i + 1} of ${runs}...\n`);
        before.push(engine('engine', path, baseline.script));
        after.push(engine('engine', path));
      }
      const cpu = [median(before.map((r) => r.cpuSeconds)), median(after.map((r) => r.cpuSeconds))];
      const wall = [median(before.map((r) => r.seconds)), median(after.map((r) => r.seconds))];
      baselineRows.push([
        name,
        fixed(cpu[0], 3),
        fixed(cpu[1], 3),
        fixed(cpu[1] / cpu[0], 3),
        fixed(wall[0], 3),
        fixed(wall[1], 3),
        fixed(wall[1] / wall[0], 3),
        `${before[0].findings} / ${after[0].findings}`,
      ]);
    }
  } finally {
    await baseline.remove();
  }
}

// Where the time goes on the two text datasets (the design's limits, stated in the targets below).
const profiles: [string, ProfileSummary][] = [];
for (const [name, path] of datasets.slice(0, 2)) {
  process.stderr.write(`profile: ${name}...\n`);
  profiles.push([name, await profileOf(path)]);
}

const cliRows: string[][] = [];
const cliRuns = new Map<string, [CliRun, CliRun]>();
for (const [name, path] of datasets) {
  process.stderr.write(`cli: ${name}...\n`);
  const one = cli(path, 1);
  const all = cli(path, cores);
  cliRuns.set(path, [one, all]);
  cliRows.push([
    name,
    String(one.files),
    fixed(mibps(one)),
    fixed(mibps(all)),
    fixed(mibps(all) / mibps(one), 2) + 'x',
    fixed(one.maxRssMiB, 0),
    fixed(all.maxRssMiB, 0),
    one.findings === all.findings ? 'yes' : `NO (${one.findings} vs ${all.findings})`,
  ]);
}

process.stdout.write(
  `engine, one core (bundled; node ${process.version} as Lambda's runtime starts it for the scanner's ${SCANNING_DEFAULTS.scannerMemoryMiB} MiB, ` +
    `${LAMBDA_NODE_FLAGS.join(' ')}, then its wrapper's ${SCAN_V8_FLAGS.join(' ')}):\n`,
);
process.stdout.write(
  table(
    ['dataset', 'files', 'MiB', 'engine MiB/s', 'engine MiB/CPU-s', 'no detectors MiB/s', 'byte pass MiB/s', 'byte/engine', 'peak RSS MiB', 'findings'],
    engineRows,
  ),
);
process.stdout.write(`\nthe hostile set (bench/hostile.ts), the engine as above, a process each:\n`);
process.stdout.write(table(['input', 'MiB', 'seconds', 'peak RSS MiB', 'outcome'], hostileRows));
process.stdout.write(
  `\none type at the byte level (bench/byte-ids.ts: digit runs found in the raw bytes, 18-character ones checked by the\n` +
    `resident-ID detector's validator; no decoding, windows or expressions), against the engine's resident IDs:\n`,
);
process.stdout.write(table(['dataset', 'MiB/s', 'MiB/CPU-s', 'resident IDs (byte level / engine)'], byteRows));
for (const [name, summary] of profiles) {
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  process.stdout.write(`\nwhere the engine's time goes on the ${name} (V8 CPU profile, self time):\n`);
  process.stdout.write(table(['file', 'share'], summary.byFile.slice(0, 8).map((l) => [l.name, percent(l.share)])));
  process.stdout.write(table(['function', 'share'], summary.byFunction.map((l) => [l.name, percent(l.share)])));
  const walk = summary.byFile.find((l) => l.name === 'lambdas/engine/dispatch.ts')?.share ?? 0;
  process.stdout.write(
    `the walk and the trigger checks (dispatch.ts) take ${percent(walk)}: a first pass over the bytes that did that work for free\n` +
      `would make the engine about ${(1 / (1 - walk)).toFixed(2)}x faster; the rest is the expressions, validators, context and reading\n` +
      `(docs/benchmark.md, "The walk at the byte level")\n`,
  );
}
if (baselineRows.length > 0) {
  process.stdout.write(`\nengine against ${baselineRev} (${baselineCommit}), a fresh process per run, alternating, median of ${runs}:\n`);
  process.stdout.write(
    table(['dataset', 'baseline CPU-s', 'this CPU-s', 'CPU ratio', 'baseline s', 'this s', 'wall ratio', 'findings (baseline / this)'], baselineRows),
  );
}
process.stdout.write(`\nCLI (bundled, node ${CLI_FLAGS.join(' ')}), --jobs 1 and --jobs ${cores} (this machine's cores):\n`);
process.stdout.write(
  table(['dataset', 'files', '--jobs 1 MiB/s', `--jobs ${cores} MiB/s`, 'speed-up', 'RSS jobs 1 MiB', `RSS jobs ${cores} MiB`, 'same findings'], cliRows),
);
// The fixed part of a scan (listing, and with --jobs > 1 starting the workers), from two tiny files:
// what is left of the 20 files' time is the scanning itself.
const tiny = join(dir, 'tiny');
await mkdir(tiny, { recursive: true });
for (const name of ['a.txt', 'b.txt']) await writeFile(join(tiny, name), 'no personal data here\n');
const [tinyOne, tinyAll] = [cli(tiny, 1), cli(tiny, cores)];
const [folderOne, folderAll] = cliRuns.get(folder)!;
process.stdout.write(
  `fixed part of a scan (two tiny files): ${fixed(tinyOne.seconds, 2)} s with --jobs 1, ${fixed(tinyAll.seconds, 2)} s with --jobs ${cores} ` +
    `(starting the workers); without it the 20 CSV files scan ` +
    `${fixed((folderOne.seconds - tinyOne.seconds) / (folderAll.seconds - tinyAll.seconds), 2)}x faster with --jobs ${cores}\n`,
);
// What each further worker costs: the engine's start on the 20 files, from its own row.
const folderEngine = engineRuns.get(folder)!.engine;
const [firstFile, ...laterFiles] = folderEngine.fileCpuSeconds ?? [];
if (cores > 1 && folderEngine.loadCpuSeconds !== undefined && laterFiles.length > 0) {
  const start = { loadCpuSeconds: folderEngine.loadCpuSeconds, firstFileCpuSeconds: firstFile, laterFileCpuSeconds: median(laterFiles) };
  process.stdout.write(`where the 20 files' time goes with --jobs ${cores} (bench/jobs.ts):\n`);
  process.stdout.write(jobsLines(folderOne, folderAll, start, cores).map((line) => `- ${line}\n`).join(''));
}
// What this machine gives engines that share nothing: `cores` processes at once on shares of the files.
let separateSpeedup: number | undefined;
if (cores > 1) {
  process.stderr.write(`cli: ${cores} separate processes on shares of the 20 files...\n`);
  const separate = (await cliAtOnce(await folderShares(folder, cores))).map((r) => r.lifeSeconds);
  separateSpeedup = folderOne.lifeSeconds / Math.max(...separate);
  process.stdout.write(`- ${separateLine(folderOne.lifeSeconds, folderAll.lifeSeconds, separate, cores)}\n`);
}
steadyRuns.push(...probeSteadiness(3));
process.stdout.write(`\n${steadinessLine(steadyRuns)}\n`);
const csvRuns = engineRuns.get(csv)!;
const cliPairs = [...cliRuns.values()];
const targets = targetLines({
  csvMiBps: mibps(csvRuns.engine),
  csvBytePassMiBps: mibps(csvRuns.bytes),
  jobs: cores,
  folderSpeedup: mibps(folderAll) / mibps(folderOne),
  separateSpeedup,
  oneWorkerPeakMiB: Math.max(...[...engineRuns.values()].map((r) => r.engine.maxRssMiB), ...cliPairs.map(([one]) => one.maxRssMiB), hostilePeakMiB),
  workersPeakMiB: Math.max(...cliPairs.map(([, all]) => all.maxRssMiB)),
});
process.stdout.write(`\ntargets (issue 12), against this run:\n${targets.map((line) => `- ${line}`).join('\n')}\n`);
