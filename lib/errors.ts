/**
 * Typed errors of the infrastructure code. Each names the prop involved, the value that was given
 * and what is allowed, so the person running `cdk synth` can fix it without reading code. The
 * configuration's own error, ConfigError, lives with its schema in contract/config-error.ts.
 */

/** A construct was given props that cannot work together; names the props and values. */
export class ConstructPropsError extends Error {
  override readonly name = 'ConstructPropsError';
  readonly code = 'INVALID_PROPS';
  constructor(
    readonly construct: string,
    readonly problems: readonly string[],
  ) {
    super(`${construct}: invalid props:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
