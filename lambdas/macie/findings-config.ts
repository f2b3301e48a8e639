/**
 * Configuration of the Macie findings Lambda, from its environment, validated once at cold start.
 *
 * | Variable                  | Meaning                                                    | Default    |
 * |---------------------------|------------------------------------------------------------|------------|
 * | `SHREDLOCK_VAULT_NAME`    | vault name: our custom identifiers are named after it      | (required) |
 * | `SHREDLOCK_VAULT_BUCKETS` | comma-separated vault buckets; findings elsewhere ignored  | (required) |
 * | `SHREDLOCK_TAGGING`       | `apply` writes tags; `dry-run` only logs the decisions     | `apply`    |
 */
import { z } from 'zod';
import { FindingsConfigError } from './errors.js';

/** Environment variable names, for the construct that sets them. */
export const FINDINGS_ENV = {
  vaultName: 'SHREDLOCK_VAULT_NAME',
  vaultBuckets: 'SHREDLOCK_VAULT_BUCKETS',
  tagging: 'SHREDLOCK_TAGGING',
} as const;

/** The findings handler's settings. */
export interface FindingsConfig {
  readonly vaultName: string;
  readonly vaultBuckets: readonly string[];
  /** Write tags (false: dry run). */
  readonly apply: boolean;
}

const EnvSchema = z.object({
  [FINDINGS_ENV.vaultName]: z
    .string({ error: 'required: the vault name' })
    .regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, 'a vault name (3-20 lower-case letters, digits and "-")'),
  [FINDINGS_ENV.vaultBuckets]: z
    .string({ error: 'required: the vault bucket names, comma-separated' })
    .transform((v) => v.split(',').map((b) => b.trim()).filter((b) => b.length > 0))
    .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3 bucket names')).min(1, 'at least one bucket')),
  [FINDINGS_ENV.tagging]: z.enum(['apply', 'dry-run'], { error: '"apply" or "dry-run"' }).default('apply'),
});

/** Reads and validates the environment; FindingsConfigError lists every problem. */
export function findingsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): FindingsConfig {
  const parsed = EnvSchema.safeParse({
    [FINDINGS_ENV.vaultName]: env[FINDINGS_ENV.vaultName] || undefined,
    [FINDINGS_ENV.vaultBuckets]: env[FINDINGS_ENV.vaultBuckets] || undefined,
    [FINDINGS_ENV.tagging]: env[FINDINGS_ENV.tagging] || undefined,
  });
  if (!parsed.success) {
    throw new FindingsConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '(environment)');
        return `${name}=${JSON.stringify(env[name] ?? null)}: ${i.message}`;
      }),
    );
  }
  return {
    vaultName: parsed.data[FINDINGS_ENV.vaultName],
    vaultBuckets: parsed.data[FINDINGS_ENV.vaultBuckets],
    apply: parsed.data[FINDINGS_ENV.tagging] === 'apply',
  };
}
