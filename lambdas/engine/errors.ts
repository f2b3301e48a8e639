/**
 * Typed errors of the engine. Messages never contain file content or object keys: they name the
 * operation, a stable code and ids (entry indexes, limits) only.
 */
import { ShredlockError } from '../errors.js';

/** Stable codes reported in `objects[].error.code`. */
export const SCAN_ERROR_CODES = [
  'READ_FAILED',
  'CORRUPT',
  'ENCRYPTED',
  'LIMIT_EXCEEDED',
  'DETECTOR_FAILED',
  /** Larger than one scanner run can read, in a format that cannot be scanned in byte ranges. */
  'TOO_LARGE_FOR_ONE_RUN',
  /** A document with pages and no text on any: a scanned PDF (images only). Nothing reads images here (no OCR). */
  'NO_TEXT',
  /** Of no format read here and mostly compressed or encrypted bytes: no text in it can be read (formats/opacity.ts). */
  'OPAQUE',
] as const;

/** One error code. */
export type ScanErrorCode = (typeof SCAN_ERROR_CODES)[number];

/** An object (or one member of it) could not be read or scanned in full. */
export class ScanError extends ShredlockError<ScanErrorCode> {
  override readonly name = 'ScanError';
}

/** Type guard for ScanError. */
export function isScanError(error: unknown): error is ScanError {
  return error instanceof ScanError;
}
