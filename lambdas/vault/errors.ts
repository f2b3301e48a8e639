/**
 * Typed errors of the vault plumbing shared by the Lambdas and the CLI. Messages name settings,
 * epochs and key ids, never object keys.
 */
import { ShredlockError } from '../errors.js';

/** Stable codes. */
export const VAULT_ERROR_CODES = ['INVALID_CONFIG', 'LEDGER_INVALID', 'RECORD_INVALID'] as const;

/** One code. */
export type VaultErrorCode = (typeof VAULT_ERROR_CODES)[number];

/** Base of the vault errors. */
export abstract class VaultError extends ShredlockError<VaultErrorCode> {}

/** The vault configuration is invalid; `issues` names each setting (env var or flag) and what is allowed. */
export class VaultConfigError extends VaultError {
  override readonly name = 'VaultConfigError';
  constructor(readonly issues: readonly string[]) {
    super('INVALID_CONFIG', `invalid vault configuration:\n  ${issues.join('\n  ')}`);
  }
}

/** A record in the records bucket (ledger entry, certificate) does not match its schema. */
export class VaultRecordError extends VaultError {
  override readonly name = 'VaultRecordError';
  constructor(
    code: 'LEDGER_INVALID' | 'RECORD_INVALID',
    /** Bucket and key of the record (records keys hold vault, epoch and key id only). */
    readonly record: string,
    readonly issues: readonly string[],
  ) {
    super(code, `${record}: ${issues.join('; ')}`);
  }
}

/** Type guard for the vault errors. */
export function isVaultError(error: unknown): error is VaultError {
  return error instanceof VaultError;
}
