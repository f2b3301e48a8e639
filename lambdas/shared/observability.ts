/**
 * The one way a handler makes its Powertools Logger and Metrics: at module scope, once per cold
 * start, named after the function's service, with every metric in one CloudWatch namespace.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace of every ShredLock metric. Dashboards and alarms use it: never rename it. */
export const METRICS_NAMESPACE = 'ShredLock';

/** A handler's logger. */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

/** A handler's logger and metrics, both named after `serviceName`. */
export function observability(serviceName: string): { readonly logger: Logger; readonly metrics: Metrics } {
  return { logger: createLogger(serviceName), metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }) };
}
