/**
 * Typed errors of the compliance check. Drifts are never thrown: they are the check's result.
 * These are the problems that keep a check from running (its own configuration, an account it
 * cannot determine) and failed CloudTrail calls (lambdas/aws/errors.ts has no CloudTrail class).
 */
import { AwsCallError, describeSdkFailure, type AwsFailureKind, type AwsIds, type SdkFailure } from '../aws/errors.js';

/** The check's configuration is invalid; names the setting (env var, flag or file) and why. */
export class CheckConfigError extends Error {
  override readonly name = 'CheckConfigError';
  readonly code = 'CHECK_CONFIG';
  constructor(
    readonly setting: string,
    readonly detail: string,
  ) {
    super(`${setting}: ${detail}`);
  }
}

/** A failed CloudTrail call. Ids: `trail`. */
export class CloudTrailError extends AwsCallError {
  override readonly name = 'CloudTrailError';
  declare readonly code: `CLOUDTRAIL_${AwsFailureKind}`;
  constructor(operation: string, ids: AwsIds, failure: SdkFailure) {
    super('CLOUDTRAIL', operation, ids, failure);
  }
}

/** Wraps whatever a CloudTrail call threw. */
export function toCloudTrailError(error: unknown, operation: string, ids: AwsIds): CloudTrailError {
  return error instanceof CloudTrailError ? error : new CloudTrailError(operation, ids, describeSdkFailure(error));
}

/** Type guard for CheckConfigError. */
export function isCheckConfigError(error: unknown): error is CheckConfigError {
  return error instanceof CheckConfigError;
}
