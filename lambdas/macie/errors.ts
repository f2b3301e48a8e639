/**
 * Typed errors of the Macie integration. Macie API failures are MacieError (lambdas/aws/errors.ts:
 * an AwsCallError with the redacted SDK error as its cause); the integration's own errors carry a
 * stable `code` and name fields, message ids and job ids, never object keys.
 */
import { ShredlockError } from '../errors.js';

/** Stable codes of the integration's own errors. */
export const MACIE_INTEGRATION_ERROR_CODES = ['INVALID_JOB_PROPERTIES', 'INVALID_FINDING_EVENT', 'INVALID_CONFIG'] as const;

/** One of those codes. */
export type MacieIntegrationErrorCode = (typeof MACIE_INTEGRATION_ERROR_CODES)[number];

/** Base of the integration's own errors. */
export abstract class MacieIntegrationError extends ShredlockError<MacieIntegrationErrorCode> {}

/** The custom resource's properties do not describe a job; `issues` name each property. */
export class JobPropertiesError extends MacieIntegrationError {
  override readonly name = 'JobPropertiesError';
  constructor(readonly issues: readonly string[]) {
    super('INVALID_JOB_PROPERTIES', `invalid classification job properties:\n  ${issues.join('\n  ')}`);
  }
}

/**
 * An SQS record that is not a usable Macie finding event: the record fails (and, after the queue's
 * retries, lands in its dead-letter queue) rather than being dropped unseen.
 */
export class FindingEventError extends MacieIntegrationError {
  override readonly name = 'FindingEventError';
  constructor(
    message: string,
    /** The SQS message id. */
    readonly messageId: string,
  ) {
    super('INVALID_FINDING_EVENT', `${message} (message ${messageId})`);
  }
}

/** The findings handler's environment is invalid; `issues` names each variable and what is allowed. */
export class FindingsConfigError extends MacieIntegrationError {
  override readonly name = 'FindingsConfigError';
  constructor(readonly issues: readonly string[]) {
    super('INVALID_CONFIG', `invalid Macie findings handler configuration:\n  ${issues.join('\n  ')}`);
  }
}

/** Type guard for the integration's own errors. */
export function isMacieIntegrationError(error: unknown): error is MacieIntegrationError {
  return error instanceof MacieIntegrationError;
}
