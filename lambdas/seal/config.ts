/**
 * Configuration of the seal Lambda, from its environment (contract/env/seal.ts), validated once at
 * cold start; problems become one SealConfigError.
 */
import { decodeSealEnv, type SealConfig } from '../../contract/env/seal.js';
import { configFromEnv } from '../shared/config-from-env.js';
import { SealConfigError } from './errors.js';

export type { SealConfig };

/** Reads and validates the seal Lambda's environment; SealConfigError lists every problem. */
export function sealConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SealConfig {
  return configFromEnv(decodeSealEnv(env), (issues) => new SealConfigError(issues));
}
