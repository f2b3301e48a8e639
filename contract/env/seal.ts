/**
 * Environment of the seal Lambda (lib/incident.ts writes it, lambdas/seal/ reads it).
 *
 * | Variable                   | Meaning                                                | Stack writes          | Default    |
 * |----------------------------|--------------------------------------------------------|-----------------------|------------|
 * | `SHREDLOCK_VAULT_BUCKET`   | the vault bucket whose versions are sealed             | the vault bucket      | (required) |
 * | `SHREDLOCK_RECORDS_BUCKET` | the records bucket (`incidents/` records, lists)       | the records bucket    | (required) |
 * | `SHREDLOCK_VAULT_NAME`     | the vault: its keys pending deletion under a sealed    | the vault name        | none: not  |
 * |                            | version are cancelled (lambdas/seal/pending-keys.ts)   |                       | checked    |
 * | `SHREDLOCK_TOPIC_ARN`      | SNS topic told of such a cancellation                  | the notification topic| none       |
 *
 * The sealer role may cancel the deletion of keys tagged `shredlock:vault=<vault>` only, and
 * publish to the stack's topic (lib/roles.ts).
 */
import { z } from 'zod';
import { SNS_TOPIC_ARN_PATTERN, VAULT_NAME_PATTERN } from '../patterns.js';
import { decodeEnv, type Decoded, type EncodedEnv, type Env } from './decode.js';
import { bucketVariable } from './fields.js';

/** Variable names. */
export const SEAL_ENV = {
  vaultBucket: 'SHREDLOCK_VAULT_BUCKET',
  recordsBucket: 'SHREDLOCK_RECORDS_BUCKET',
  vaultName: 'SHREDLOCK_VAULT_NAME',
  topicArn: 'SHREDLOCK_TOPIC_ARN',
} as const;

/** The seal Lambda's settings. */
export interface SealConfig {
  readonly vaultBucket: string;
  readonly recordsBucket: string;
  /** The vault whose keys pending deletion under a sealed version are cancelled. @default not checked */
  readonly vaultName?: string;
  /** SNS topic told of such a cancellation. @default none */
  readonly topicArn?: string;
}

const Schema = z.object({
  [SEAL_ENV.vaultBucket]: bucketVariable('required: the vault bucket to seal'),
  [SEAL_ENV.recordsBucket]: bucketVariable('required: the records bucket'),
  [SEAL_ENV.vaultName]: z.string().regex(VAULT_NAME_PATTERN, 'a vault name').optional(),
  [SEAL_ENV.topicArn]: z.string().regex(SNS_TOPIC_ARN_PATTERN, 'an SNS topic ARN').optional(),
});

/** The seal Lambda's environment. */
export function encodeSealEnv(config: SealConfig): EncodedEnv {
  return {
    [SEAL_ENV.vaultBucket]: config.vaultBucket,
    [SEAL_ENV.recordsBucket]: config.recordsBucket,
    ...(config.vaultName ? { [SEAL_ENV.vaultName]: config.vaultName } : {}),
    ...(config.topicArn ? { [SEAL_ENV.topicArn]: config.topicArn } : {}),
  };
}

/** The seal Lambda's settings from its environment. */
export function decodeSealEnv(env: Env): Decoded<SealConfig> {
  const decoded = decodeEnv(Schema, env, Object.values(SEAL_ENV));
  if (!decoded.ok) return decoded;
  const v = decoded.value;
  return {
    ok: true,
    value: {
      vaultBucket: v[SEAL_ENV.vaultBucket],
      recordsBucket: v[SEAL_ENV.recordsBucket],
      ...(v[SEAL_ENV.vaultName] ? { vaultName: v[SEAL_ENV.vaultName] } : {}),
      ...(v[SEAL_ENV.topicArn] ? { topicArn: v[SEAL_ENV.topicArn] } : {}),
    },
  };
}
