/**
 * The scanner Lambda's work as plain functions (the handler only wires them): one SQS record ->
 * one scanned and tagged object version; one batch -> its reports.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { isAwsCallError } from '../aws/errors.js';
import { versionIds } from '../aws/object-ref.js';
import type { LoggerSink, MetricsSink } from '../sinks.js';
import { reportLocation, type ScannerConfig } from './config.js';
import { isScannerError } from './errors.js';
import { DEFAULT_RANGE_BYTES } from './config.js';
import { isReportObject, keyCandidates, parseRecord, resolveCreatedObject } from './event.js';
import { METRIC, recordScanMetrics } from './metrics.js';
import { writeRunReports, type WrittenReports } from './report-writer.js';
import { scanObjectVersion, type ScanObjectResult } from './scan-object.js';

/** Dependencies of the scanner's work, passed in (module-scope singletons in the Lambda). */
export interface ScannerDeps {
  readonly s3: S3Client;
  readonly config: ScannerConfig;
  readonly logger: LoggerSink;
  readonly metrics: MetricsSink;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Versions larger than this are left to the backlog (SHREDLOCK_RANGE_BYTES). @default DEFAULT_RANGE_BYTES */
  readonly rangeBytes?: number;
}

/** What became of one record. */
export type RecordOutcome =
  | { readonly kind: 'scanned'; readonly result: ScanObjectResult }
  | { readonly kind: 'ignored'; readonly reason: 'not-s3' | 'not-object-created' | 'report-object' }
  /** Larger than one run scans (`rangeBytes`): left untagged for the backlog scanner, which scans it in ranges. */
  | { readonly kind: 'deferred'; readonly reason: 'too-large-for-one-run' };

/** Loggable summary of an error: our errors carry no keys; anything else is named only. */
export function errorSummary(error: unknown): Record<string, unknown> {
  if (isAwsCallError(error) || isScannerError(error)) return { name: error.name, code: error.code, message: error.message };
  const e = error as { name?: unknown; code?: unknown } | null;
  return { name: typeof e?.name === 'string' ? e.name : typeof error, code: typeof e?.code === 'string' ? e.code : undefined };
}

/**
 * Scans and tags the version one record names. Throws (so the record alone is retried, then
 * dead-lettered) for a malformed event, a version that does not exist, or a failed S3 call.
 */
export async function processRecord(record: Pick<SQSRecord, 'messageId' | 'body'>, deps: ScannerDeps): Promise<RecordOutcome> {
  const parsed = parseRecord(record);
  if (parsed.kind === 'ignored') {
    deps.metrics.addMetric(METRIC.eventsIgnored, MetricUnit.Count, 1);
    deps.logger.info('event ignored', { messageId: record.messageId, reason: parsed.reason });
    return parsed;
  }
  const { object } = parsed;
  const report = reportLocation(deps.config);
  if (keyCandidates(object.rawKey).some((key) => isReportObject(object.bucket, key, report))) {
    deps.metrics.addMetric(METRIC.eventsIgnored, MetricUnit.Count, 1);
    deps.logger.info('event ignored', { messageId: record.messageId, reason: 'report-object', bucket: object.bucket });
    return { kind: 'ignored', reason: 'report-object' };
  }
  const started = Date.now();
  const { ref, head } = await resolveCreatedObject(deps.s3, object);
  if (head.size > (deps.rangeBytes ?? DEFAULT_RANGE_BYTES)) {
    // Scanning it here would time out on every retry; the backlog resumes it run after run.
    deps.logger.info('version deferred to the backlog scanner', { messageId: record.messageId, ...versionIds(ref), size: head.size });
    return { kind: 'deferred', reason: 'too-large-for-one-run' };
  }
  const result = await scanObjectVersion(deps.s3, ref, { apply: deps.config.apply, policy: deps.config.classificationPolicy, head, now: deps.now });
  recordScanMetrics(deps.metrics, result);
  deps.logger.info('version scanned', {
    messageId: record.messageId,
    ...result.ids,
    size: result.report.size,
    format: result.report.format,
    sensitivity: result.report.sensitivity,
    counts: result.report.counts,
    errorCode: result.report.error?.code,
    tagging: result.tagging.outcome,
    tagsApplied: result.tagging.applied,
    durationMs: Date.now() - started,
  });
  return { kind: 'scanned', result };
}

/**
 * Ends a batch: writes the reports of the versions scanned, and returns the batch response.
 * When the reports cannot be written every record is returned as failed, so the batch is
 * delivered again and no scan goes unreported (rescanning and retagging are idempotent).
 */
export async function finishBatch(
  records: readonly Pick<SQSRecord, 'messageId'>[],
  response: SQSBatchResponse,
  scanned: readonly ScanObjectResult[],
  runId: string,
  deps: ScannerDeps,
): Promise<{ response: SQSBatchResponse; reports?: WrittenReports }> {
  const failed = response.batchItemFailures.length;
  if (failed > 0) deps.metrics.addMetric(METRIC.recordsFailed, MetricUnit.Count, failed);
  let reports: WrittenReports | undefined;
  try {
    reports = await writeRunReports(deps.s3, reportLocation(deps.config), { runId, date: (deps.now ?? (() => new Date()))(), entries: scanned });
  } catch (error) {
    deps.metrics.addMetric(METRIC.reportWriteFailed, MetricUnit.Count, 1);
    deps.logger.error('reports not written; the whole batch is retried', { runId, error: errorSummary(error) });
    return { response: { batchItemFailures: records.map((r) => ({ itemIdentifier: r.messageId })) } };
  }
  deps.logger.info('batch done', { runId, records: records.length, scanned: scanned.length, failed });
  return { response, reports };
}
