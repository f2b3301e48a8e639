/**
 * Metrics of the scanner (CloudWatch EMF through Powertools): counts and bytes only, never keys.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ObjectLevel } from '../engine/types.js';
import { METRICS_NAMESPACE } from '../shared/observability.js';
import type { MetricsSink } from '../sinks.js';
import type { ScanObjectResult } from './scan-object.js';

/** CloudWatch namespace of the scanner's metrics (every ShredLock metric's, lambdas/shared/observability.ts). */
export { METRICS_NAMESPACE };
/** Service name of the scanner's logs and metrics. */
export const SERVICE_NAME = 'shredlock-scanner';

/** Metric names. Dashboards and alarms use these strings: never rename one. */
export const METRIC = {
  objectsScanned: 'ObjectsScanned',
  bytesScanned: 'BytesScanned',
  /** One per level: ObjectsPublic, ObjectsSensitive, ObjectsConfidential, ObjectsFailed. */
  level: (level: ObjectLevel) => `Objects${level[0].toUpperCase()}${level.slice(1)}`,
  taggingPartial: 'TaggingPartial',
  taggingSkipped: 'TaggingSkipped',
  eventsIgnored: 'EventsIgnored',
  recordsFailed: 'RecordsFailed',
  reportWriteFailed: 'ReportWriteFailed',
} as const;

/** Records one scanned version: count, bytes, level, and a tagging outcome that is not complete. */
export function recordScanMetrics(metrics: MetricsSink, result: ScanObjectResult): void {
  metrics.addMetric(METRIC.objectsScanned, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.bytesScanned, MetricUnit.Bytes, result.report.size);
  metrics.addMetric(METRIC.level(result.report.sensitivity), MetricUnit.Count, 1);
  if (result.tagging.outcome === 'partial') metrics.addMetric(METRIC.taggingPartial, MetricUnit.Count, 1);
  if (result.tagging.outcome === 'skipped') metrics.addMetric(METRIC.taggingSkipped, MetricUnit.Count, 1);
}
