/**
 * Configuration of the seal Lambda, from its environment, validated once at cold start.
 *
 * | Variable                   | Meaning                                                | Default    |
 * |----------------------------|--------------------------------------------------------|------------|
 * | `SHREDLOCK_VAULT_BUCKET`   | the vault bucket whose versions are sealed             | (required) |
 * | `SHREDLOCK_RECORDS_BUCKET` | the records bucket (`incidents/` records, lists)       | (required) |
 */
import { z } from 'zod';
import { SealConfigError } from './errors.js';
import { BUCKET_NAME } from './request.js';

/** The seal Lambda's settings. */
export interface SealConfig {
  readonly vaultBucket: string;
  readonly recordsBucket: string;
}

const EnvSchema = z.object({
  SHREDLOCK_VAULT_BUCKET: z.string({ error: 'required: the vault bucket to seal' }).regex(BUCKET_NAME, 'an S3 bucket name'),
  SHREDLOCK_RECORDS_BUCKET: z.string({ error: 'required: the records bucket' }).regex(BUCKET_NAME, 'an S3 bucket name'),
});

/** Reads and validates the seal Lambda's environment; SealConfigError lists every problem. */
export function sealConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SealConfig {
  const parsed = EnvSchema.safeParse({
    SHREDLOCK_VAULT_BUCKET: env.SHREDLOCK_VAULT_BUCKET || undefined,
    SHREDLOCK_RECORDS_BUCKET: env.SHREDLOCK_RECORDS_BUCKET || undefined,
  });
  if (!parsed.success) {
    throw new SealConfigError(
      parsed.error.issues.map((i) => {
        const name = i.path.map(String).join('.');
        return `${name}=${JSON.stringify(env[name] ?? null)}: ${i.message}`;
      }),
    );
  }
  return { vaultBucket: parsed.data.SHREDLOCK_VAULT_BUCKET, recordsBucket: parsed.data.SHREDLOCK_RECORDS_BUCKET };
}
