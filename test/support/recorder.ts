/** A logger and a metrics sink that keep what they are given, for tests that look into logs and metrics. */
import type { LoggerSink, MetricsSink } from '../../lambdas/sinks.js';

/** What a recorder gives and keeps. */
export interface Recorder {
  /** Keeps every call (info, warn, error) in `logs`, as its argument list. */
  readonly logger: LoggerSink;
  readonly logs: unknown[][];
  /** Keeps every metric in `metrics`, as `[name, value]`. */
  readonly metricsSink: MetricsSink;
  readonly metrics: [string, number][];
}

/** A new recorder. */
export function recorder(): Recorder {
  const logs: unknown[][] = [];
  const metrics: [string, number][] = [];
  const log = (...args: unknown[]) => void logs.push(args);
  return {
    logger: { info: log, warn: log, error: log } as Recorder['logger'],
    logs,
    metricsSink: { addMetric: (name: string, _unit: unknown, value: number) => void metrics.push([name, value]) },
    metrics,
  };
}
