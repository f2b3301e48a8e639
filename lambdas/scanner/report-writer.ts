/**
 * Writes scan results to the report bucket, partitioned by date for Athena:
 *
 * | Object                                               | Content                                     |
 * |------------------------------------------------------|---------------------------------------------|
 * | `reports/scan/dt=YYYY-MM-DD/<run-id>.jsonl`          | one masked ObjectReport per line, plus the  |
 * |                                                      | bucket, version id and engine version       |
 * | `reports/tags/dt=YYYY-MM-DD/<vault>/<run-id>.csv`    | tag report: key, version id, size,          |
 * | `reports/tags/dt=YYYY-MM-DD/<vault>/<run-id>.json`   | sensitivity, types, engine, scanned,        |
 * |                                                      | tagging outcome, applied                    |
 *
 * The tag report carries the run id so that two runs on one day (every SQS batch is a run) do not
 * overwrite each other. Findings are always written masked: `value` is removed from every finding
 * here, whatever the scan options were. These objects hold object keys: the report bucket is as
 * restricted as the vaults.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { csvSafe } from '../csv-safe.js';
import type { ObjectReport, ReportedFinding } from '../engine/scan.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { toS3Error } from '../aws/errors.js';
import type { ObjectVersionIds } from '../aws/object-ref.js';
import type { TaggingResult } from './scan-object.js';
import { formatTypes, scanDate, type TaggingOutcome } from './tags.js';
import { ReportWriterError } from './errors.js';
import { DEFAULT_REPORT_PREFIX } from '../../contract/env/scanner.js';
import { BUCKET_NAME_PATTERN } from '../../contract/patterns.js';

/** Where reports go. */
export interface ReportLocation {
  readonly bucket: string;
  /** Prefix of all reports, ending in `/`. @default DEFAULT_REPORT_PREFIX */
  readonly prefix?: string;
}

/** Report prefix unless configured (the contract's, contract/env/scanner.ts). */
export { DEFAULT_REPORT_PREFIX };

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A new run id: sortable by time, unique enough for one account (`20261127T063000Z-1a2b3c4d`). */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

function checkName(kind: 'runId' | 'vault', value: string, pattern: RegExp): void {
  if (!pattern.test(value)) throw new ReportWriterError('INVALID_REPORT_NAME', `${kind} ${JSON.stringify(value)} does not match ${pattern}`);
}

function base(location: ReportLocation): string {
  const prefix = location.prefix ?? DEFAULT_REPORT_PREFIX;
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** Key of a run's findings. */
export function scanReportKey(location: ReportLocation, runId: string, date: Date): string {
  checkName('runId', runId, RUN_ID);
  return `${base(location)}scan/dt=${scanDate(date)}/${runId}.jsonl`;
}

/** Keys of a run's tag report for one vault (bucket name). */
export function tagReportKeys(location: ReportLocation, vault: string, runId: string, date: Date): { csv: string; json: string } {
  checkName('vault', vault, BUCKET_NAME_PATTERN);
  checkName('runId', runId, RUN_ID);
  const stem = `${base(location)}tags/dt=${scanDate(date)}/${vault}/${runId}`;
  return { csv: `${stem}.csv`, json: `${stem}.json` };
}

/** A finding without its raw value. */
function maskFinding(finding: ReportedFinding): ReportedFinding {
  const { value: _value, ...masked } = finding;
  return masked;
}

/**
 * One scanned version as reported: a ScanObjectResult, or a version whose S3 calls failed
 * (no `tagging`: it was not tagged, and is reported with the tagging outcome `error`).
 */
export interface ReportEntry {
  readonly ids: ObjectVersionIds;
  readonly report: ObjectReport;
  readonly tagging?: TaggingResult;
}

/** One line of the findings file. */
export interface ScanReportLine extends ObjectReport {
  readonly bucket: string;
  readonly versionId: string;
  readonly engine: string;
}

/** The findings file: one masked ObjectReport per line, with bucket, version id and engine. */
export function toJsonLines(entries: readonly ReportEntry[]): string {
  return entries
    .map((r) => {
      const line: ScanReportLine = {
        ...r.report,
        findings: r.report.findings.map(maskFinding),
        bucket: r.ids.bucket,
        versionId: r.ids.versionId,
        engine: ENGINE_VERSION,
      };
      return `${JSON.stringify(line)}\n`;
    })
    .join('');
}

/** One row of the tag report. */
export interface TagReportRow {
  readonly key: string;
  readonly versionId: string;
  readonly size: number;
  readonly sensitivity: string;
  readonly types: string;
  readonly engine: string;
  readonly scanned: string;
  /** `error` when the version's S3 calls failed and it was not tagged. */
  readonly tagging: TaggingOutcome | 'error';
  readonly applied: boolean;
}

/** Tag report rows; `date` is the run's date, used for versions that were not tagged. */
export function tagReportRows(entries: readonly ReportEntry[], date: Date): TagReportRow[] {
  return entries.map(({ ids, report, tagging }) => ({
    key: report.key,
    versionId: ids.versionId,
    size: report.size,
    sensitivity: tagging?.values.sensitivity ?? report.sensitivity,
    types: formatTypes(tagging?.values.types ?? Object.keys(report.counts)),
    engine: tagging?.values.engine ?? ENGINE_VERSION,
    scanned: tagging?.values.scanned ?? scanDate(date),
    tagging: tagging?.outcome ?? 'error',
    applied: tagging?.applied ?? false,
  }));
}

/** CSV columns, in order. */
export const TAG_REPORT_COLUMNS = ['key', 'version_id', 'size', 'sensitivity', 'types', 'engine', 'scanned', 'tagging', 'applied'] as const;

/** Object keys are user input: made safe for spreadsheets (lambdas/csv-safe.ts). */
export { csvSafe };

/** The tag report as CSV with a header row. */
export function toTagCsv(rows: readonly TagReportRow[]): string {
  return stringify(
    rows.map((r) => [csvSafe(r.key), r.versionId, r.size, r.sensitivity, r.types, r.engine, r.scanned, r.tagging, r.applied]),
    { header: true, columns: [...TAG_REPORT_COLUMNS], cast: { boolean: (b) => String(b) } },
  );
}

/** What was written. */
export interface WrittenReports {
  readonly runId: string;
  readonly scanKey: string;
  /** Tag report keys by vault (bucket). */
  readonly tagKeys: Readonly<Record<string, { csv: string; json: string }>>;
}

async function put(s3: S3Client, bucket: string, key: string, body: string, contentType: string): Promise<void> {
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  } catch (error) {
    // Report keys hold no personal data (dates, vault names, run ids), so the key may be named.
    throw toS3Error(error, 'PutObject', { bucket, reportKey: key });
  }
}

/** One run to report. */
export interface RunToReport {
  readonly runId: string;
  readonly date: Date;
  /** Scan results and failed versions, in scan order. */
  readonly entries: readonly ReportEntry[];
}

/**
 * Writes the findings and the per-vault tag reports of one run. Writes nothing and returns
 * undefined when there are no entries.
 */
export async function writeRunReports(
  s3: S3Client,
  location: ReportLocation,
  run: RunToReport,
): Promise<WrittenReports | undefined> {
  if (run.entries.length === 0) return undefined;
  const scanKey = scanReportKey(location, run.runId, run.date);
  await put(s3, location.bucket, scanKey, toJsonLines(run.entries), 'application/x-ndjson');
  const byVault = new Map<string, ReportEntry[]>();
  for (const e of run.entries) byVault.set(e.ids.bucket, [...(byVault.get(e.ids.bucket) ?? []), e]);
  const tagKeys: Record<string, { csv: string; json: string }> = {};
  for (const [vault, entries] of byVault) {
    const keys = tagReportKeys(location, vault, run.runId, run.date);
    const rows = tagReportRows(entries, run.date);
    await put(s3, location.bucket, keys.csv, toTagCsv(rows), 'text/csv; charset=utf-8');
    await put(s3, location.bucket, keys.json, `${JSON.stringify({ runId: run.runId, vault, engine: ENGINE_VERSION, rows }, null, 2)}\n`, 'application/json');
    tagKeys[vault] = keys;
  }
  return { runId: run.runId, scanKey, tagKeys };
}
