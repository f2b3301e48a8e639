/**
 * Typed errors of the audit tools. They are input problems an auditor can fix (a malformed key
 * list, certificate or scan report, an unreadable trail store): integrity findings are never
 * thrown, they are reported as problems in the verification report.
 */
import { ShredlockError } from '../errors.js';

/** Stable error codes. */
export const AUDIT_ERROR_CODES = [
  'PUBLIC_KEYS_INVALID',
  'SIGNATURE_METADATA_INVALID',
  'SENSITIVITY_REPORT_INVALID',
  'CERTIFICATE_INVALID',
  'STORE_READ_FAILED',
  'TIME_RANGE_INVALID',
  'PACK_UNREADABLE',
  'EVIDENCE_SOURCE_FAILED',
] as const;

/** One error code. */
export type AuditErrorCode = (typeof AUDIT_ERROR_CODES)[number];

/** An audit input could not be used. `subject` names the file, key or option involved. */
export class AuditError extends ShredlockError<AuditErrorCode> {
  override readonly name = 'AuditError';
  constructor(
    code: AuditErrorCode,
    readonly subject: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${subject}: ${message}`, options);
  }
}

/** Type guard for AuditError. */
export function isAuditError(error: unknown): error is AuditError {
  return error instanceof AuditError;
}
