/**
 * Typed errors of the tag report. They are input problems an operator can fix (a missing file, a
 * file that is not a report, an empty prefix); AWS call failures keep their own classes
 * (lambdas/aws/errors.ts). Messages name files, report keys and line numbers, never content or
 * object keys.
 */
import { ShredlockError } from '../errors.js';

/** Stable error codes. */
export const REPORT_ERROR_CODES = ['INPUT_NOT_FOUND', 'INPUT_INVALID', 'INPUT_EMPTY', 'OPTION_INVALID'] as const;

/** One error code. */
export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[number];

/** An input of the tag report could not be used. `input` names the file, S3 location or option. */
export class ReportInputError extends ShredlockError<ReportErrorCode> {
  override readonly name = 'ReportInputError';
  constructor(
    code: ReportErrorCode,
    readonly input: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${input}: ${detail}`, options);
  }
}

/** Type guard for ReportInputError. */
export function isReportInputError(error: unknown): error is ReportInputError {
  return error instanceof ReportInputError;
}
