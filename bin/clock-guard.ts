/**
 * The guard on what can destroy retained data early: `shred --drill`, `shred --execute` with a
 * `--now` later than the real clock, and `keys rotate --now` away from the real clock (it moves the
 * bucket's default key and sets shred-not-before from a pretended date). Each is refused unless
 * every client talks to a test endpoint (AWS_ENDPOINT_URL, not an AWS host: lambdas/aws/endpoint.ts).
 */
import { AwsConfigError, testEndpointFromEnv } from '../lambdas/aws/index.js';
import { UsageError } from './errors.js';

/** How far `--now` may be from the real clock before it counts as an override (clock skew). */
export const NOW_TOLERANCE_MS = 5 * 60_000;

/** True when `now` is more than the tolerance after the real clock. */
export function isFuture(now: Date, real: number = Date.now()): boolean {
  return now.getTime() > real + NOW_TOLERANCE_MS;
}

/** True when `now` is more than the tolerance away from the real clock, either way. */
export function isAwayFromClock(now: Date, real: number = Date.now()): boolean {
  return Math.abs(now.getTime() - real) > NOW_TOLERANCE_MS;
}

/** Throws a UsageError naming `what` unless the clients talk to a test endpoint. */
export function requireTestEndpoint(what: string, env: NodeJS.ProcessEnv = process.env): void {
  let endpoint: string | undefined;
  try {
    endpoint = testEndpointFromEnv(env);
  } catch (error) {
    if (error instanceof AwsConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (endpoint === undefined) {
    throw new UsageError(`${what} is only allowed against a test endpoint: set AWS_ENDPOINT_URL to a non-AWS endpoint (moto, a local S3); it would destroy retained data in AWS`);
  }
}
