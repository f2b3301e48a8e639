/**
 * `shredlock report tags`: a vault's tags and scan findings as CSV, JSON and one self-contained
 * HTML file (lambdas/reports). Read-only.
 *
 *   --input FILE_OR_DIR     `shredlock scan --format json` reports, scanner findings (*.jsonl) and tag
 *                           reports, in a file or a folder (e.g. a copy of the records bucket's reports/)
 *   --records-bucket B      the scanner's findings files under <prefix>scan/ (ListObjectsV2, GetObject)
 *   --vault-bucket B        the live tags of every version (ListObjectVersions, GetObjectTagging)
 *
 * Writes `tag-report.csv`, `tag-report.json` and `tag-report.html` into --out-dir and prints their
 * paths. Exit codes: 0 written, 2 usage or input error (a missing or malformed input, an S3 read
 * that failed).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { clientSettingsFromEnv, createS3Client, isAwsCallError } from '../../lambdas/aws/index.js';
import { DEFAULT_REPORT_PREFIX } from '../../lambdas/scanner/index.js';
import {
  buildTagReport,
  DEFAULT_DEPTH,
  DEFAULT_MAX_ROWS,
  formatCount,
  isReportInputError,
  langFromEnv,
  type Lang,
  loadLocalInput,
  loadRecordsBucket,
  loadVaultTags,
  renderTagReportCsv,
  renderTagReportHtml,
  renderTagReportJson,
  type ReportInput,
  type TagReport,
} from '../../lambdas/reports/index.js';
import { UsageError } from '../errors.js';
import { langOption } from '../render/audit-lang.js';

/** What `--format` may ask for. */
export const TAG_REPORT_FORMATS = ['csv', 'json', 'html', 'all'] as const;
/** One `--format` value. */
export type TagReportFormat = (typeof TAG_REPORT_FORMATS)[number];

/** Name of the written files, before the extension. */
export const TAG_REPORT_STEM = 'tag-report';

/** Options of `report tags`, parsed. */
export interface ReportTagsOptions {
  readonly input?: string;
  readonly recordsBucket?: string;
  readonly vaultBucket?: string;
  /** Report prefix in the records bucket, or key prefix in the vault bucket. */
  readonly prefix?: string;
  readonly region?: string;
  /** @default '.' */
  readonly outDir?: string;
  /** @default DEFAULT_DEPTH */
  readonly depth?: number;
  /** @default 'all' */
  readonly format?: TagReportFormat;
  /** Rows per HTML table. @default DEFAULT_MAX_ROWS */
  readonly maxRows?: number;
  /** Language of the HTML and the CSV header. @default from the locale */
  readonly lang?: Lang;
}

function s3For(region: string | undefined) {
  return createS3Client({ ...clientSettingsFromEnv(), ...(region ? { region } : {}) });
}

/** Reads the input the options name (exactly one of --input, --records-bucket, --vault-bucket). */
export async function loadInput(o: ReportTagsOptions): Promise<ReportInput> {
  const given = [o.input, o.recordsBucket, o.vaultBucket].filter((v) => v !== undefined);
  if (given.length !== 1) throw new UsageError('give exactly one of --input, --records-bucket and --vault-bucket');
  if (o.input !== undefined) {
    if (o.prefix !== undefined) throw new UsageError('--prefix goes with --records-bucket or --vault-bucket');
    return loadLocalInput(o.input);
  }
  const s3 = s3For(o.region);
  try {
    return o.recordsBucket !== undefined
      ? await loadRecordsBucket(s3, o.recordsBucket, o.prefix ?? DEFAULT_REPORT_PREFIX)
      : await loadVaultTags(s3, o.vaultBucket as string, { prefix: o.prefix ?? '' });
  } finally {
    s3.destroy();
  }
}

/** The files of `format`, rendered: name -> text. */
export function renderFiles(report: TagReport, format: TagReportFormat, maxRows: number = DEFAULT_MAX_ROWS, lang: Lang = 'en'): Record<string, string> {
  const files: Record<string, string> = {};
  if (format === 'csv' || format === 'all') files[`${TAG_REPORT_STEM}.csv`] = renderTagReportCsv(report, lang);
  if (format === 'json' || format === 'all') files[`${TAG_REPORT_STEM}.json`] = renderTagReportJson(report);
  if (format === 'html' || format === 'all') files[`${TAG_REPORT_STEM}.html`] = renderTagReportHtml(report, { maxRows, lang });
  return files;
}

/** Runs `report tags`; returns the exit code. */
export async function runReportTags(o: ReportTagsOptions): Promise<number> {
  let report: TagReport;
  try {
    report = buildTagReport(await loadInput(o), { depth: o.depth ?? DEFAULT_DEPTH });
  } catch (error) {
    if (isReportInputError(error) || isAwsCallError(error)) throw new UsageError(error.message, { cause: error });
    throw error;
  }
  const outDir = o.outDir ?? '.';
  await mkdir(outDir, { recursive: true });
  for (const [name, text] of Object.entries(renderFiles(report, o.format ?? 'all', o.maxRows, o.lang ?? langFromEnv()))) {
    const path = join(outDir, name);
    await writeFile(path, text);
    process.stdout.write(`${path}\n`);
  }
  const t = report.totals;
  process.stderr.write(
    `${formatCount(t.objects)} object versions in ${report.vaults.length} vault(s): ${formatCount(t.byLevel.confidential.objects)} confidential, ` +
      `${formatCount(report.failed.length)} failed, ${formatCount(report.unscanned.length)} need a scan\n`,
  );
  return 0;
}

function wholeNumber(max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) > max) throw new InvalidArgumentError(`expected a whole number from 0 to ${max}`);
    return Number(value);
  };
}

/** Adds `report` and its subcommand `tags` to the program. */
export function registerReport(program: Command): void {
  const report = program.command('report').description('reports over scan results and tags (read-only)');
  report
    .command('tags')
    .description('totals per level, type and prefix, failed and unscanned versions, and the trend across scans, as CSV, JSON and HTML')
    .option('--input <path>', 'a `shredlock scan --format json` report, a findings (*.jsonl) or tag report file, or a folder of them')
    .option('--records-bucket <name>', "the records bucket: the scanner's findings files under <prefix>scan/")
    .option('--vault-bucket <name>', 'a vault bucket: the live shredlock:* tags of every object version')
    .option('--prefix <prefix>', `report prefix in --records-bucket (default ${DEFAULT_REPORT_PREFIX}), or key prefix in --vault-bucket (default: all)`)
    .option('--region <region>', 'AWS region of the S3 client (default: the SDK default)')
    .option('--out-dir <dir>', 'folder to write tag-report.{csv,json,html} to', '.')
    .option('--depth <n>', 'folders per prefix (exports/2026/a.csv at 1: exports/)', wholeNumber(32), DEFAULT_DEPTH)
    .addOption(new Option('--format <format>', 'which files to write').choices(TAG_REPORT_FORMATS).default('all'))
    .option('--max-rows <n>', 'rows per HTML table (the CSV and JSON list all)', wholeNumber(1_000_000), DEFAULT_MAX_ROWS)
    .addOption(langOption())
    .action(async (opts) => {
      process.exitCode = await runReportTags(opts as ReportTagsOptions);
    });
}
