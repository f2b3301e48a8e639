/**
 * Typed errors of the S3 scanner (S3 call failures are S3Error, in lambdas/aws/errors.ts). Messages
 * name codes, fields and ids, never object keys or content.
 */
import { ShredlockError } from '../errors.js';

/** Stable codes of scanner errors. */
export const SCANNER_ERROR_CODES = ['INVALID_EVENT', 'INVALID_CONFIG', 'INVALID_REPORT_NAME'] as const;

/** One scanner error code. */
export type ScannerErrorCode = (typeof SCANNER_ERROR_CODES)[number];

/** Base of the scanner's own errors. */
export abstract class ScannerError extends ShredlockError<ScannerErrorCode> {}

/**
 * An SQS record that is not a usable S3 "Object Created" event: the record fails (and, after the
 * queue's retries, lands in its dead-letter queue) rather than being dropped unseen.
 */
export class ScannerEventError extends ScannerError {
  override readonly name = 'ScannerEventError';
  constructor(
    message: string,
    /** The SQS message id. */
    readonly messageId: string,
  ) {
    super('INVALID_EVENT', `${message} (message ${messageId})`);
  }
}

/** The scanner's environment is invalid; `issues` names each variable and what is allowed. */
export class ScannerConfigError extends ScannerError {
  override readonly name = 'ScannerConfigError';
  constructor(readonly issues: readonly string[]) {
    super('INVALID_CONFIG', `invalid scanner configuration:\n  ${issues.join('\n  ')}`);
  }
}

/** A run id or vault name that cannot be part of a report key. */
export class ReportWriterError extends ScannerError {
  override readonly name = 'ReportWriterError';
  constructor(code: 'INVALID_REPORT_NAME', message: string) {
    super(code, message);
  }
}

/** Type guard for the scanner's own errors. */
export function isScannerError(error: unknown): error is ScannerError {
  return error instanceof ScannerError;
}
