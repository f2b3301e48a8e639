/**
 * Typed errors of the compliance check. Drifts are never thrown: they are the check's result.
 * These are the problems that keep a check from running (its own configuration, an account it
 * cannot determine); failed CloudTrail calls are CloudTrailError (lambdas/aws/errors.ts).
 */
import { ShredlockError } from '../errors.js';

/** The check's configuration is invalid; names the setting (env var, flag or file) and why. */
export class CheckConfigError extends ShredlockError<'CHECK_CONFIG'> {
  override readonly name = 'CheckConfigError';
  constructor(
    readonly setting: string,
    readonly detail: string,
  ) {
    super('CHECK_CONFIG', `${setting}: ${detail}`);
  }
}

/** Type guard for CheckConfigError. */
export function isCheckConfigError(error: unknown): error is CheckConfigError {
  return error instanceof CheckConfigError;
}
