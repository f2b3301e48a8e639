/**
 * The error of the `shredlock` configuration: it names every setting involved, the value that was
 * given and what is allowed, so the person running `cdk synth` (or the check) can fix it without
 * reading code.
 */

/** One problem with one configuration key. */
export interface ConfigIssue {
  /** Dotted path under the `shredlock` context key, e.g. `retentionDays`. */
  readonly key: string;
  /** The value that was given (undefined when the key is missing). */
  readonly value: unknown;
  /** What is allowed, in words. */
  readonly allowed: string;
}

/** The `shredlock` context is invalid; `issues` lists every problem found, not only the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'INVALID_CONFIG';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      [
        `Invalid "shredlock" configuration (cdk.json context, or -c shredlock.<key>=<value>): ${issues.length} problem(s)`,
        ...issues.map((i) => `  - shredlock.${i.key} = ${describeValue(i.value)}: ${i.allowed}`),
      ].join('\n'),
    );
  }
}

/** Type guard for ConfigError. */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

function describeValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
