/** Typed errors of the shredder (refusals are results, not errors; AWS failures are AwsCallError). */
import { ShredlockError } from '../errors.js';

/** A run in which at least one key's actions failed with an error; every other key was still handled. */
export class ShredderRunError extends ShredlockError<'ACTIONS_FAILED'> {
  override readonly name = 'ShredderRunError';
  constructor(
    readonly vault: string,
    /** Key ids whose actions failed. */
    readonly keyIds: readonly string[],
  ) {
    super('ACTIONS_FAILED', `${vault}: actions failed for ${keyIds.length} key(s): ${keyIds.join(', ')}`);
  }
}

/** Type guard for ShredderRunError. */
export function isShredderRunError(error: unknown): error is ShredderRunError {
  return error instanceof ShredderRunError;
}
