/**
 * Macie findings Lambda: SQS records carrying Macie "Macie Finding" events (EventBridge -> SQS) ->
 * the ShredLock tags of the object version each finding names (decision table in findings.ts).
 *
 * Partial batch failures: a record that fails is returned in `batchItemFailures` and retried alone
 * (configure the event source with `ReportBatchItemFailures`), then dead-lettered. It runs as the
 * scanner role, the only principal the vault policy lets change tags. Logs carry ids and counts,
 * never object keys.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { s3Client } from '../aws/clients.js';
import { FINDINGS_METRIC, FINDINGS_SERVICE_NAME, applyFindingRecord, errorSummary, type FindingsDeps } from './apply-finding.js';
import { findingsConfigFromEnv } from './findings-config.js';
import { observability } from '../shared/observability.js';

const { logger, metrics } = observability(FINDINGS_SERVICE_NAME);
const processor = new BatchProcessor(EventType.SQS);
// Validated at cold start: a misconfigured function fails on its first event, loudly.
const config = findingsConfigFromEnv();

/** The Lambda entry point. */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  const deps: FindingsDeps = { s3: s3Client(), config, logger, metrics };
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    try {
      await applyFindingRecord(record, deps);
    } catch (error) {
      metrics.addMetric(FINDINGS_METRIC.recordsFailed, MetricUnit.Count, 1);
      logger.error('record failed', { messageId: record.messageId, error: errorSummary(error) });
      throw error;
    }
  };
  try {
    // One record at a time: two findings on one version must not interleave their read-merge-write.
    return await processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
  } finally {
    metrics.publishStoredMetrics();
  }
};
