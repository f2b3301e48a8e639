/** Errors of the CLI. */

/** A command-line or input problem the user can fix: printed without a stack, exit 2. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
  readonly code = 'USAGE';
}
