/**
 * Configuration of the seal Lambda, from its environment, validated once at cold start.
 *
 * | Variable                   | Meaning                                                | Default    |
 * |----------------------------|--------------------------------------------------------|------------|
 * | `SHREDLOCK_VAULT_BUCKET`   | the vault bucket whose versions are sealed             | (required) |
 * | `SHREDLOCK_RECORDS_BUCKET` | the records bucket (`incidents/` records, lists)       | (required) |
 * | `SHREDLOCK_VAULT_NAME`     | the vault: its keys pending deletion under a sealed    | none: not  |
 * |                            | version are cancelled (pending-keys.ts)                | checked    |
 * | `SHREDLOCK_TOPIC_ARN`      | SNS topic told of such a cancellation                  | none       |
 */
import { z } from 'zod';
import { SealConfigError } from './errors.js';
import { VAULT_NAME_PATTERN } from '../vault/config.js';
import { BUCKET_NAME } from './request.js';

/** The seal Lambda's settings. */
export interface SealConfig {
  readonly vaultBucket: string;
  readonly recordsBucket: string;
  readonly vaultName?: string;
  readonly topicArn?: string;
}

const EnvSchema = z.object({
  SHREDLOCK_VAULT_BUCKET: z.string({ error: 'required: the vault bucket to seal' }).regex(BUCKET_NAME, 'an S3 bucket name'),
  SHREDLOCK_RECORDS_BUCKET: z.string({ error: 'required: the records bucket' }).regex(BUCKET_NAME, 'an S3 bucket name'),
  SHREDLOCK_VAULT_NAME: z.string().regex(VAULT_NAME_PATTERN, 'a vault name').optional(),
  SHREDLOCK_TOPIC_ARN: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'an SNS topic ARN').optional(),
});

/** Reads and validates the seal Lambda's environment; SealConfigError lists every problem. */
export function sealConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SealConfig {
  const parsed = EnvSchema.safeParse({
    SHREDLOCK_VAULT_BUCKET: env.SHREDLOCK_VAULT_BUCKET || undefined,
    SHREDLOCK_RECORDS_BUCKET: env.SHREDLOCK_RECORDS_BUCKET || undefined,
    SHREDLOCK_VAULT_NAME: env.SHREDLOCK_VAULT_NAME || undefined,
    SHREDLOCK_TOPIC_ARN: env.SHREDLOCK_TOPIC_ARN || undefined,
  });
  if (!parsed.success) {
    throw new SealConfigError(
      parsed.error.issues.map((i) => {
        const name = i.path.map(String).join('.');
        return `${name}=${JSON.stringify(env[name] ?? null)}: ${i.message}`;
      }),
    );
  }
  const d = parsed.data;
  return {
    vaultBucket: d.SHREDLOCK_VAULT_BUCKET,
    recordsBucket: d.SHREDLOCK_RECORDS_BUCKET,
    ...(d.SHREDLOCK_VAULT_NAME ? { vaultName: d.SHREDLOCK_VAULT_NAME } : {}),
    ...(d.SHREDLOCK_TOPIC_ARN ? { topicArn: d.SHREDLOCK_TOPIC_ARN } : {}),
  };
}
