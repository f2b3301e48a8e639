/**
 * The findings Lambda's work as plain functions (the handler only wires them): one SQS record ->
 * one Macie finding -> GetObjectTagging -> decision (findings.ts) -> PutObjectTagging. Every S3
 * call names the version id; tags are the only thing changed. Logs carry the finding id, bucket,
 * version id and a key hash, never the key.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import { isAwsCallError } from '../aws/errors.js';
import { versionIds, type ObjectVersionRef } from '../aws/object-ref.js';
import { getVersionTags, putVersionTags } from '../aws/object-tags.js';
import type { LoggerSink, MetricsSink } from '../sinks.js';
import { scanDate } from '../scanner/tags.js';
import { isMacieIntegrationError } from './errors.js';
import { parseFindingRecord, type IgnoreReason } from './finding-event.js';
import type { FindingsConfig } from './findings-config.js';
import { classifyFinding, decideTags, type TagDecision } from './findings.js';

/** Service name of the findings Lambda's logs and metrics. */
export const FINDINGS_SERVICE_NAME = 'shredlock-macie-findings';

/** Metric names (namespace `ShredLock`). Dashboards and alarms use these strings: never rename one. */
export const FINDINGS_METRIC = {
  tagsWritten: 'MacieTagsWritten',
  findingsKept: 'MacieFindingsKept',
  findingsIgnored: 'MacieFindingsIgnored',
  noRoom: 'MacieTaggingSkipped',
  recordsFailed: 'MacieRecordsFailed',
} as const;

/** Dependencies, passed in (module-scope singletons in the Lambda). */
export interface FindingsDeps {
  readonly s3: S3Client;
  readonly config: FindingsConfig;
  readonly logger: LoggerSink;
  readonly metrics: MetricsSink;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** What became of one record. */
export type FindingOutcome =
  | { readonly kind: 'ignored'; readonly reason: IgnoreReason | 'other-bucket' }
  | { readonly kind: 'decided'; readonly decision: TagDecision; readonly applied: boolean };

/** Loggable summary of an error: our errors carry no keys; anything else is named only. */
export function errorSummary(error: unknown): Record<string, unknown> {
  if (isAwsCallError(error) || isMacieIntegrationError(error)) return { name: error.name, code: error.code, message: error.message };
  const e = error as { name?: unknown } | null;
  return { name: typeof e?.name === 'string' ? e.name : typeof error };
}

/** `YYYY-MM-DD` of the finding, or of now when the finding has no usable date. */
function findingDate(createdAt: string | undefined, now: Date): string {
  return createdAt !== undefined && /^\d{4}-\d{2}-\d{2}T/.test(createdAt) ? createdAt.slice(0, 10) : scanDate(now);
}

/**
 * Applies the finding one record carries. Throws (so the record alone is retried, then
 * dead-lettered) for a malformed event or a failed S3 call.
 */
export async function applyFindingRecord(record: Pick<SQSRecord, 'messageId' | 'body'>, deps: FindingsDeps): Promise<FindingOutcome> {
  const parsed = parseFindingRecord(record);
  const ignored = (reason: IgnoreReason | 'other-bucket', fields: Record<string, unknown>): FindingOutcome => {
    deps.metrics.addMetric(FINDINGS_METRIC.findingsIgnored, MetricUnit.Count, 1);
    deps.logger.info('finding ignored', { messageId: record.messageId, reason, ...fields });
    return { kind: 'ignored', reason };
  };
  if (parsed.kind === 'ignored') return ignored(parsed.reason, { findingId: parsed.findingId });
  const { finding } = parsed;
  if (!deps.config.vaultBuckets.includes(finding.bucket)) {
    return ignored('other-bucket', { findingId: finding.findingId, bucket: finding.bucket });
  }
  const ref: ObjectVersionRef = { bucket: finding.bucket, key: finding.key, versionId: finding.versionId };
  const classification = classifyFinding(finding, deps.config.vaultName);
  const date = findingDate(finding.createdAt, (deps.now ?? (() => new Date()))());
  const decision = decideTags(classification, await getVersionTags(deps.s3, ref), date);
  const applied = decision.write && deps.config.apply;
  if (applied) await putVersionTags(deps.s3, ref, decision.tags);

  deps.metrics.addMetric(decision.write ? FINDINGS_METRIC.tagsWritten : FINDINGS_METRIC.findingsKept, MetricUnit.Count, 1);
  if (decision.reason === 'no-room') deps.metrics.addMetric(FINDINGS_METRIC.noRoom, MetricUnit.Count, 1);
  deps.logger.info('finding decided', {
    messageId: record.messageId,
    findingId: finding.findingId,
    findingType: finding.type,
    jobId: finding.jobId,
    ...versionIds(ref),
    types: classification.types,
    managedTypes: classification.managedTypes,
    unmapped: classification.unmapped,
    macieLevel: classification.level,
    reason: decision.reason,
    setBy: decision.setBy,
    before: decision.before,
    after: decision.after,
    outcome: decision.outcome,
    omitted: decision.omitted,
    applied,
  });
  return { kind: 'decided', decision, applied };
}
