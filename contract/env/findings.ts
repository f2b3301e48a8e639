/**
 * Environment of the Macie findings Lambda (lib/macie.ts writes it, lambdas/macie/ reads it).
 *
 * | Variable                  | Meaning                                                    | Default    |
 * |---------------------------|------------------------------------------------------------|------------|
 * | `SHREDLOCK_VAULT_NAME`    | vault name: our custom identifiers are named after it      | (required) |
 * | `SHREDLOCK_VAULT_BUCKETS` | comma-separated vault buckets; findings elsewhere ignored  | (required) |
 * | `SHREDLOCK_TAGGING`       | `apply` writes tags; `dry-run` only logs the decisions     | `apply`    |
 */
import { z } from 'zod';
import { BUCKET_NAME_PATTERN, VAULT_NAME_PATTERN } from '../patterns.js';
import { decodeEnv, type Decoded, type EncodedEnv, type Env } from './decode.js';
import { taggingValue, taggingVariable } from './fields.js';

/** Variable names. */
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

const Schema = z.object({
  [FINDINGS_ENV.vaultName]: z
    .string({ error: 'required: the vault name' })
    .regex(VAULT_NAME_PATTERN, 'a vault name (3-20 lower-case letters, digits and "-")'),
  [FINDINGS_ENV.vaultBuckets]: z
    .string({ error: 'required: the vault bucket names, comma-separated' })
    .transform((v) => v.split(',').map((b) => b.trim()).filter((b) => b.length > 0))
    .pipe(z.array(z.string().regex(BUCKET_NAME_PATTERN, 'S3 bucket names')).min(1, 'at least one bucket')),
  [FINDINGS_ENV.tagging]: taggingVariable,
});

/** The findings handler's environment. */
export function encodeFindingsEnv(config: FindingsConfig): EncodedEnv {
  return {
    [FINDINGS_ENV.vaultName]: config.vaultName,
    [FINDINGS_ENV.vaultBuckets]: config.vaultBuckets.join(','),
    [FINDINGS_ENV.tagging]: taggingValue(config.apply),
  };
}

/** The findings handler's settings from its environment. */
export function decodeFindingsEnv(env: Env): Decoded<FindingsConfig> {
  const decoded = decodeEnv(Schema, env, Object.values(FINDINGS_ENV));
  if (!decoded.ok) return decoded;
  const v = decoded.value;
  return {
    ok: true,
    value: { vaultName: v[FINDINGS_ENV.vaultName], vaultBuckets: v[FINDINGS_ENV.vaultBuckets], apply: v[FINDINGS_ENV.tagging] === 'apply' },
  };
}
