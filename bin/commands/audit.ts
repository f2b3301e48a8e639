/**
 * `shredlock audit ...`: read-only tools for auditors, over a trail's CloudTrail files in a local
 * folder or in its S3 bucket. Nothing here writes to AWS.
 *
 *   verify    offline `aws cloudtrail validate-logs`: digest signatures, the digest chain, log file hashes
 *   trail     who read confidential objects, key lifecycle, protection changes, denied requests
 *   download  copies a trail from S3 to a folder, digest signatures in `<digest>.metadata.json` sidecars
 *
 * Exit codes: 0 all valid / nothing flagged, 1 a problem or a flag, 2 usage or input error,
 * 3 (verify) nothing to verify: no digest and no log file in the range.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { clientSettingsFromEnv, createCloudTrailClient, createS3Client } from '../../lambdas/aws/index.js';
import {
  analyzeTrail,
  downloadTrail,
  fetchPublicKeys,
  isAuditError,
  type KeySource,
  loadCertificates,
  LocalTrailStore,
  parsePublicKeys,
  parseTime,
  S3TrailStore,
  timeRange,
  type TimeRange,
  type TrailStore,
  VERIFY_EXIT_CODES,
  sensitivityIndex,
  type SensitivityIndex,
  sensitivityIndexFromJsonLines,
  verifyTrail,
} from '../../lambdas/audit/index.js';
import { langFromEnv, type Lang } from '../../lambdas/reports/index.js';
import { UsageError } from '../errors.js';
import { langOption } from '../render/audit-lang.js';
import { renderTrailReport, TRAIL_FORMATS, type TrailFormat } from '../render/audit-trail.js';
import { renderVerifyReport, VERIFY_FORMATS, type VerifyFormat } from '../render/audit-verify.js';

/** Where the trail is: exactly one of a folder or a bucket (with an optional key prefix). */
export interface TrailSourceOptions {
  readonly trailDir?: string;
  readonly trailBucket?: string;
  readonly prefix?: string;
  readonly region?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Options of `audit verify`, parsed. */
export interface VerifyCommandOptions extends TrailSourceOptions {
  readonly publicKeys?: string;
  readonly lang?: Lang;
  readonly format: VerifyFormat;
  readonly out?: string;
}

/** Options of `audit trail`, parsed. */
export interface TrailCommandOptions extends TrailSourceOptions {
  readonly sensitivity?: string;
  readonly expectedPrincipals?: readonly string[];
  readonly certificates?: string;
  readonly lang?: Lang;
  readonly format: TrailFormat;
  readonly out?: string;
}

/** Opens the trail store the options name. */
export function openStore(o: TrailSourceOptions): TrailStore {
  if (Boolean(o.trailDir) === Boolean(o.trailBucket)) throw new UsageError('give exactly one of --trail-dir and --trail-bucket');
  if (o.prefix !== undefined && !o.trailBucket) throw new UsageError('--prefix goes with --trail-bucket');
  if (o.trailDir) return new LocalTrailStore(o.trailDir);
  const client = createS3Client({ ...clientSettingsFromEnv(), ...(o.region ? { region: o.region } : {}) }, { followRegionRedirects: true });
  return new S3TrailStore(client, o.trailBucket as string, o.prefix ?? '');
}

function rangeOf(o: TrailSourceOptions): TimeRange {
  return timeRange(o.from ? parseTime(o.from, '--from') : undefined, o.to ? parseTime(o.to, '--to') : undefined, '--from/--to');
}

async function readJson(path: string, option: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${option} ${path}: ${(error as Error).message}`);
  }
}

/** A `shredlock scan --format json` report, or the S3 scanner's JSON Lines (`.jsonl`). */
async function loadSensitivity(path: string): Promise<SensitivityIndex> {
  if (!path.endsWith('.jsonl')) return sensitivityIndex(await readJson(path, '--sensitivity'), path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--sensitivity ${path}: ${(error as Error).message}`);
  }
  return sensitivityIndexFromJsonLines(text, path);
}

async function output(text: string, out: string | undefined): Promise<void> {
  if (out) await writeFile(out, text);
  else process.stdout.write(text);
}

/** Runs `fn`, turning audit input errors into usage errors (exit 2). */
async function asUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isAuditError(error)) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

/** Public keys from the JSON file, else from CloudTrail's ListPublicKeys in each digest's region. */
async function keySource(o: VerifyCommandOptions): Promise<KeySource | ReturnType<typeof parsePublicKeys>> {
  if (o.publicKeys) return parsePublicKeys(await readJson(o.publicKeys, '--public-keys'), o.publicKeys);
  return (region, from, to) => fetchPublicKeys(createCloudTrailClient({ ...clientSettingsFromEnv(), region }), { from, to });
}

/** `audit verify`; returns the exit code. */
export async function runVerify(o: VerifyCommandOptions): Promise<number> {
  return asUsage(async () => {
    const store = openStore(o);
    const range = rangeOf(o);
    const report = await verifyTrail(store, { range, publicKeys: await keySource(o) });
    await output(renderVerifyReport(report, o.format, o.lang ?? langFromEnv()), o.out);
    return VERIFY_EXIT_CODES[report.result];
  });
}

/** `audit trail`; returns the exit code. */
export async function runTrail(o: TrailCommandOptions): Promise<number> {
  return asUsage(async () => {
    const store = openStore(o);
    const range = rangeOf(o);
    const sensitivity = o.sensitivity ? await loadSensitivity(o.sensitivity) : undefined;
    const certificates = o.certificates ? await loadCertificates(o.certificates) : undefined;
    const report = await analyzeTrail(store, {
      range,
      ...(sensitivity ? { sensitivity } : {}),
      ...(o.expectedPrincipals ? { expectedPrincipals: o.expectedPrincipals } : {}),
      ...(certificates ? { certificates } : {}),
    });
    await output(renderTrailReport(report, o.format, o.lang ?? langFromEnv()), o.out);
    return report.flags.length > 0 ? 1 : 0;
  });
}

/** `audit download`; returns the exit code (1 when a digest had no signature metadata). */
export async function runDownload(o: TrailSourceOptions & { readonly out: string }): Promise<number> {
  return asUsage(async () => {
    if (!o.trailBucket || o.trailDir) throw new UsageError('download reads from --trail-bucket');
    const summary = await downloadTrail(openStore(o), o.out, rangeOf(o));
    process.stderr.write(`downloaded ${summary.logFiles} log files and ${summary.digests} digests to ${o.out}\n`);
    for (const key of summary.unsigned) process.stderr.write(`no signature metadata: ${key}\n`);
    return summary.unsigned.length ? 1 : 0;
  });
}

/** Parses `ARN,ARN`. */
export function principalList(value: string): string[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((p) => !p.startsWith('arn:') && !p.startsWith('service:'));
  if (bad.length) throw new UsageError(`--expected-principals: not an ARN: ${bad.join(', ')}`);
  return list;
}

function sourceOptions(command: Command, download = false): Command {
  if (!download) command.option('--trail-dir <dir>', 'local copy of the trail bucket (or of its key prefix)');
  return command
    .option('--trail-bucket <name>', "the trail's S3 bucket (read with ListObjectsV2, GetObject, HeadObject)")
    .option('--prefix <prefix>', "the trail's S3 key prefix, with --trail-bucket")
    .option('--region <region>', 'AWS region of the S3 and CloudTrail clients (default: the SDK default)')
    .option('--from <time>', 'start of the range, ISO 8601 (default: everything)')
    .option('--to <time>', 'end of the range, ISO 8601 (default: everything)');
}

/** Adds `audit` and its subcommands to the program. */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description("auditors' read-only tools over a trail's CloudTrail files");

  sourceOptions(
    audit
      .command('verify')
      .description('verify CloudTrail digest signatures, the digest chain and log file hashes (offline validate-logs)'),
  )
    .option('--public-keys <file>', 'CloudTrail public keys, `aws cloudtrail list-public-keys` JSON (default: call ListPublicKeys)')
    .addOption(new Option('--format <format>', 'report format').choices(VERIFY_FORMATS).default('table'))
    .addOption(langOption())
    .option('--out <file>', 'write the report to a file instead of standard output')
    .action(async (opts) => {
      process.exitCode = await runVerify(opts as VerifyCommandOptions);
    });

  sourceOptions(
    audit
      .command('trail')
      .description('report confidential reads, key lifecycle, protection changes and denied requests from CloudTrail logs'),
  )
    .option('--sensitivity <file>', 'object levels: a `shredlock scan --format json` report, or the S3 scanner\'s JSON Lines (.jsonl) from the records bucket')
    .option('--expected-principals <arns>', 'comma-separated ARNs allowed to read confidential objects', principalList)
    .option('--certificates <dir>', 'folder of destruction certificates as the shredder writes them (*.json, subfolders included)')
    .addOption(new Option('--format <format>', 'report format (html: one self-contained page)').choices(TRAIL_FORMATS).default('table'))
    .addOption(langOption())
    .option('--out <file>', 'write the report to a file instead of standard output')
    .action(async (opts) => {
      process.exitCode = await runTrail(opts as TrailCommandOptions);
    });

  sourceOptions(audit.command('download').description('copy trail files from S3 to a folder for offline verification'), true)
    .requiredOption('--out <dir>', 'folder to write to')
    .action(async (opts) => {
      process.exitCode = await runDownload(opts as TrailSourceOptions & { out: string });
    });
}
