/**
 * Environment of the seal Lambda (lib/incident.ts writes it, lambdas/seal/ reads it).
 *
 * | Variable                   | Meaning                                                | Default    |
 * |----------------------------|--------------------------------------------------------|------------|
 * | `SHREDLOCK_VAULT_BUCKET`   | the vault bucket whose versions are sealed             | (required) |
 * | `SHREDLOCK_RECORDS_BUCKET` | the records bucket (`incidents/` records, lists)       | (required) |
 */
import { z } from 'zod';
import { decodeEnv, type Decoded, type EncodedEnv, type Env } from './decode.js';
import { bucketVariable } from './fields.js';

/** Variable names. */
export const SEAL_ENV = { vaultBucket: 'SHREDLOCK_VAULT_BUCKET', recordsBucket: 'SHREDLOCK_RECORDS_BUCKET' } as const;

/** The seal Lambda's settings. */
export interface SealConfig {
  readonly vaultBucket: string;
  readonly recordsBucket: string;
}

const Schema = z.object({
  [SEAL_ENV.vaultBucket]: bucketVariable('required: the vault bucket to seal'),
  [SEAL_ENV.recordsBucket]: bucketVariable('required: the records bucket'),
});

/** The seal Lambda's environment. */
export function encodeSealEnv(config: SealConfig): EncodedEnv {
  return { [SEAL_ENV.vaultBucket]: config.vaultBucket, [SEAL_ENV.recordsBucket]: config.recordsBucket };
}

/** The seal Lambda's settings from its environment. */
export function decodeSealEnv(env: Env): Decoded<SealConfig> {
  const decoded = decodeEnv(Schema, env, Object.values(SEAL_ENV));
  if (!decoded.ok) return decoded;
  return { ok: true, value: { vaultBucket: decoded.value[SEAL_ENV.vaultBucket], recordsBucket: decoded.value[SEAL_ENV.recordsBucket] } };
}
