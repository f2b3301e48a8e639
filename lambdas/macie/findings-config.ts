/**
 * Configuration of the Macie findings Lambda, from its environment (contract/env/findings.ts),
 * validated once at cold start; problems become one FindingsConfigError.
 */
import { decodeFindingsEnv, FINDINGS_ENV, type FindingsConfig } from '../../contract/env/findings.js';
import { configFromEnv } from '../shared/config-from-env.js';
import { FindingsConfigError } from './errors.js';

export { FINDINGS_ENV, type FindingsConfig };

/** Reads and validates the environment; FindingsConfigError lists every problem. */
export function findingsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): FindingsConfig {
  return configFromEnv(decodeFindingsEnv(env), (issues) => new FindingsConfigError(issues));
}
