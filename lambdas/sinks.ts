/**
 * What the Lambdas' work functions need of Powertools' Logger and Metrics: the handlers pass the
 * real ones, tests plain recorders.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MetricUnit } from '@aws-lambda-powertools/metrics';

/** What the work functions need of a logger. */
export type LoggerSink = Pick<Logger, 'info' | 'warn' | 'error'>;

/** A Powertools metric unit. */
export type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** What the work functions need of a Metrics instance. */
export interface MetricsSink {
  addMetric(name: string, unit: Unit, value: number): unknown;
}
