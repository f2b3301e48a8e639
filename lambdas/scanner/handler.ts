/**
 * Scanner Lambda: SQS records carrying S3 "Object Created" events (EventBridge -> SQS) -> scan and
 * tag each object version -> write the batch's reports.
 *
 * Partial batch failures: a record that fails is returned in `batchItemFailures` and retried alone
 * (configure the event source with `ReportBatchItemFailures`). Records run one after another: a
 * zip may buffer up to the engine's `maxBufferedBytes`, and ten at once would not fit in memory.
 *
 * It cannot trigger itself: PutObjectTagging emits "Object Tags Added", not "Object Created", and
 * events for its own report objects are ignored. Logs carry counts and ids, never keys or content.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { s3Client } from '../aws/clients.js';
import { scannerConfigFromEnv } from './config.js';
import { SERVICE_NAME } from './metrics.js';
import { errorSummary, finishBatch, processRecord, type ScannerDeps } from './process-record.js';
import { newRunId } from './report-writer.js';
import type { ScanObjectResult } from './scan-object.js';
import { observability } from '../shared/observability.js';

const { logger, metrics } = observability(SERVICE_NAME);
const processor = new BatchProcessor(EventType.SQS);
// Validated at cold start: a misconfigured function fails on its first event, loudly.
const config = scannerConfigFromEnv();

/** The Lambda entry point. */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  const deps: ScannerDeps = { s3: s3Client(), config, logger, metrics };
  const runId = newRunId();
  const scanned: ScanObjectResult[] = [];
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    try {
      const outcome = await processRecord(record, deps);
      if (outcome.kind === 'scanned') scanned.push(outcome.result);
    } catch (error) {
      logger.error('record failed', { messageId: record.messageId, error: errorSummary(error) });
      throw error;
    }
  };
  try {
    const response = await processPartialResponse(event, recordHandler, processor, {
      context,
      processInParallel: false,
    });
    return (await finishBatch(event.Records, response, scanned, runId, deps)).response;
  } finally {
    metrics.publishStoredMetrics();
  }
};
