/** `shredlock scan <path...>`: scans local files and folders and reports what personal data they hold. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { availableParallelism } from 'node:os';
import { Presets, SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  buildReport,
  DEFAULT_MAX_FINDINGS,
  type ObjectReport,
  levelOf,
  parsePolicy,
  unlistedTypes,
  type Policy,
  type ScanReport,
  scanKeeping,
  scanSource,
  type Sensitivity,
  SENSITIVITY_LEVELS,
} from '../../lambdas/engine/index.js';
import { UsageError } from '../errors.js';
import { FindingSpill, spills } from '../finding-spill.js';
import { countingSource, fileSource, listLocalObjects, type LocalObject } from '../local-files.js';
import type { WorkerScanOptions } from '../pool/messages.js';
import { scanFilesInPool } from '../pool/pool.js';
import { progressHooks, type ScanPathsHooks } from '../scan-progress.js';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../render/scan-report.js';

/** Options of the scan command, parsed. */
export interface ScanCommandOptions extends ScanPathsOptions {
  readonly format: ReportFormat;
  readonly out?: string;
  readonly failOn?: Sensitivity;
  readonly progress: boolean;
  /** With an `s3://` source: write tags on each object version (dry run otherwise). */
  readonly tag?: boolean;
  /** With an `s3://` source: rescan versions already tagged by this engine version. */
  readonly force?: boolean;
}

/** `s3://bucket/prefix` split into bucket and prefix, or undefined for a local path. */
export function parseS3Url(path: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(path);
  return match ? { bucket: match[1], prefix: match[2] } : undefined;
}

/** Scans object versions under an S3 prefix with the operator's credentials; tags only with `tag`. */
export async function scanS3(url: string, options: ScanCommandOptions, onObject?: (o: ObjectReport) => void, spill?: FindingSpill): Promise<ScanReport> {
  const target = parseS3Url(url)!;
  // Loaded only for an s3:// scan: the AWS SDK is about 20 MB of a local scan's peak RSS.
  const [{ s3Client }, { scanPrefix }] = await Promise.all([import('../../lambdas/aws/index.js'), import('../../lambdas/scanner/index.js')]);
  const result = await scanPrefix(s3Client(), target, {
    ...options,
    apply: options.tag ?? false,
    force: options.force ?? false,
    // Several objects read at once overlap network waits; one thread still does the scanning.
    concurrency: options.jobs ?? 1,
    ...(spill === undefined ? {} : { findings: spill.store() }),
    onResult: (r) => onObject?.(r.report),
  });
  return result.report;
}

export type { ScanPathsHooks };

/** Options of scanPaths. */
export interface ScanPathsOptions extends WorkerScanOptions {
  /** Files scanned at once, each on its own worker thread; 1 scans in this thread. @default 1 */
  readonly jobs?: number;
  /**
   * Keep each file's listed findings (at most `spill.cap`) on disk instead of in its report
   * (finding-spill.ts); the reports then list none and `spill.of(report)` tells where they are.
   */
  readonly spill?: FindingSpill;
}

/**
 * Scans local paths into a report, `jobs` files at a time. The report lists files in listing
 * order whatever the number of jobs, so that it does not depend on which file finished first.
 */
export async function scanPaths(paths: readonly string[], options: ScanPathsOptions, hooks: ScanPathsHooks = {}): Promise<ScanReport> {
  const { jobs = 1, spill, ...scan } = options;
  const startedAt = new Date();
  const listed: LocalObject[] = [];
  for await (const object of listLocalObjects(paths)) listed.push(object);
  hooks.onStart?.({ objects: listed.length, bytes: listed.reduce((n, o) => n + o.size, 0) });
  let objects: ObjectReport[];
  if (Math.min(jobs, listed.length) > 1) {
    objects = await scanFilesInPool(listed, { jobs, scan, spill, onRead: hooks.onRead, onObject: hooks.onObject });
  } else {
    objects = [];
    for (const [index, { key, path, size }] of listed.entries()) {
      const source = fileSource(path, size);
      const counted = hooks.onRead ? countingSource(source, (bytes) => hooks.onRead?.(bytes, index)) : source;
      const report = spill === undefined ? await scanSource(counted, key, scan) : await scanKeeping(counted, key, scan, spill.keeper(index));
      objects.push(report);
      hooks.onObject?.(report, index);
    }
  }
  return buildReport(paths.join(' '), startedAt, new Date(), objects);
}

/**
 * True when any object reaches `level`. An object that could not be read counts as reaching
 * every level: nobody knows what it holds.
 */
export function reaches(report: ScanReport, level: Sensitivity): boolean {
  const rank = SENSITIVITY_LEVELS.indexOf(level);
  return report.objects.some(
    (o) => o.sensitivity === 'failed' || SENSITIVITY_LEVELS.indexOf(o.sensitivity) >= rank,
  );
}

/** Runs the command; returns the process exit code. */
export async function runScan(paths: readonly string[], options: ScanCommandOptions): Promise<number> {
  const bar = options.progress
    ? new SingleBar(
        { format: 'scanning {bar} {percentage}% | {objects} objects | {mb} MiB', stream: process.stderr, clearOnComplete: true },
        Presets.shades_classic,
      )
    : undefined;
  let bytes = 0;
  let done = 0;
  const s3 = paths.filter((p) => parseS3Url(p));
  if (s3.length > 0 && paths.length > 1) throw new UsageError('scan one s3:// prefix at a time, without local paths');
  if (s3.length === 0 && (options.tag || options.force)) throw new UsageError('--tag and --force apply to s3:// sources only');
  let report: ScanReport;
  // Every finding listed, or many: they wait on disk for the report (finding-spill.ts).
  const spill = spills(options.maxFindings ?? DEFAULT_MAX_FINDINGS) ? new FindingSpill(options.maxFindings ?? 0) : undefined;
  try {
    report =
      s3.length > 0
        ? await scanS3(
            s3[0],
            options,
            (o) => {
              if (done === 0) bar?.start(1, 0, { objects: 0, mb: '0' });
              done++;
              bytes += o.size;
              bar?.setTotal(done + 1);
              bar?.update(done, { objects: `${done}`, mb: (bytes / 1024 ** 2).toFixed(1) });
            },
            spill,
          )
        : await scanPaths(paths, { ...options, spill }, progressHooks(bar));
    bar?.stop();
    await writePieces(renderReport(report, options.format, spill), options.out);
  } finally {
    bar?.stop();
    spill?.remove();
  }
  return options.failOn && reaches(report, options.failOn) ? 1 : 0;
}

/** Writes the report's pieces to the file `out`, or to standard output, at the pace the output takes them. */
async function writePieces(pieces: Iterable<string>, out: string | undefined): Promise<void> {
  if (out !== undefined) {
    await pipeline(Readable.from(pieces), createWriteStream(out));
    return;
  }
  for (const piece of pieces) if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
}

function positiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a whole number, 1 or more');
  return Number(value);
}

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return Number(value);
}

async function loadPolicy(path: string | undefined): Promise<Policy | undefined> {
  if (!path) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--policy ${path}: ${(error as Error).message}`);
  }
  const policy = await parsePolicy(raw);
  // Said, not refused: a policy written before the engine learned a type leaves it out.
  const unlisted = unlistedTypes(policy).filter((type) => levelOf(type) !== 'public');
  if (unlisted.length > 0) {
    const listed = unlisted.map((type) => `${type} (${levelOf(type)})`).join(', ');
    process.stderr.write(`shredlock: note: --policy ${path} does not list ${listed}: each keeps the seed policy's level; list a type under "public" to make it public\n`);
  }
  return policy;
}

/** Adds `scan` to the program. */
export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('scan local files and folders, or an S3 prefix, for personal information and classify each object')
    .argument('<path...>', 'files or folders (scanned recursively), or one s3://bucket/prefix (every object version)')
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('table'))
    .option('--out <file>', 'write the report to a file instead of standard output')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when any file reaches this level (or could not be read)').choices(
        SENSITIVITY_LEVELS,
      ),
    )
    .option('--reveal', 'include the raw matched values in findings (handle the report as personal data)', false)
    .option(
      '--max-findings <n>',
      'findings listed per file; counts stay exact; 0 lists all',
      nonNegativeInt,
      DEFAULT_MAX_FINDINGS,
    )
    .option(
      '--jobs <n>',
      'files scanned at once, each on its own worker thread (default: the number of cores)',
      positiveInt,
    )
    .option('--policy <file>', 'classification policy (JSON: {"confidential": [types], "sensitive": [types], "public": [types]}; a type listed nowhere keeps the seed level)')
    .option('--tag', 'with s3://: write the sensitivity tags on each object version (default: dry run)', false)
    .option('--force', 'with s3://: rescan versions this engine version has already tagged', false)
    .option('--no-progress', 'no progress bar (it is shown only when standard error is a terminal)')
    .action(async (paths: string[], opts) => {
      process.exitCode = await runScan(paths, {
        format: opts.format as ReportFormat,
        out: opts.out as string | undefined,
        failOn: opts.failOn as Sensitivity | undefined,
        reveal: opts.reveal as boolean,
        maxFindings: opts.maxFindings as number,
        policy: await loadPolicy(opts.policy as string | undefined),
        jobs: (opts.jobs as number | undefined) ?? availableParallelism(),
        progress: (opts.progress as boolean) && process.stderr.isTTY === true,
        tag: opts.tag as boolean,
        force: opts.force as boolean,
      });
    });
}
