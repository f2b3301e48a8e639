/**
 * Typed errors of epoch key management (rotator, approvals). KMS and S3 call failures are
 * KmsError / S3Error (lambdas/aws/errors.ts). Messages name vaults, epochs and key ids.
 */
import { ShredlockError } from '../errors.js';

/** Stable codes. */
export const KEYS_ERROR_CODES = [
  'ALIAS_CONFLICT',
  'NO_POLICY_SOURCE',
  'LEDGER_CONFLICT',
  'KEY_NOT_USABLE',
  'NO_SUCH_EPOCH_KEY',
  'INVALID_PRINCIPAL',
  'APPROVER_PATH_UNKNOWN',
] as const;

/** One code. */
export type KeysErrorCode = (typeof KEYS_ERROR_CODES)[number];

/** Something about an epoch key stops the operation; nothing was changed by the failing step. */
export class KeysError extends ShredlockError<KeysErrorCode> {
  override readonly name = 'KeysError';
  constructor(
    code: KeysErrorCode,
    readonly vault: string,
    readonly epoch: string,
    message: string,
    /** The key involved, when there is one. */
    readonly keyId?: string,
  ) {
    super(code, `${vault} epoch ${epoch}${keyId ? ` key ${keyId}` : ''}: ${message}`);
  }
}

/** Type guard for KeysError. */
export function isKeysError(error: unknown): error is KeysError {
  return error instanceof KeysError;
}
