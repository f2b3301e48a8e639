/**
 * Configuration of the scanner Lambdas, from their environment (contract/env/scanner.ts), validated
 * once at cold start; problems become one ScannerConfigError.
 */
import {
  decodeBacklogEnv,
  decodeInventoryEnv,
  decodeRangeEnv,
  decodeScannerEnv,
  type BacklogConfig,
  type InventoryConfig,
  type ScannerConfig,
} from '../../contract/env/scanner.js';
import { configFromEnv } from '../shared/config-from-env.js';
import { ScannerConfigError } from './errors.js';
import type { ReportLocation } from './report-writer.js';

export type { BacklogConfig, InventoryConfig, ScannerConfig };
export { DEFAULT_RANGE_BYTES } from '../../contract/env/scanner.js';

const toError = (issues: readonly string[]) => new ScannerConfigError(issues);

/** Reads and validates the scanner's environment; ScannerConfigError lists every problem. */
export function scannerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ScannerConfig {
  return configFromEnv(decodeScannerEnv(env), toError);
}

/** Reads and validates the backlog scanner's environment; ScannerConfigError lists every problem. */
export function backlogConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BacklogConfig {
  return configFromEnv(decodeBacklogEnv(env), toError);
}

/** Reads and validates the inventory scanner's environment; ScannerConfigError lists every problem. */
export function inventoryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  return configFromEnv(decodeInventoryEnv(env), toError);
}

/**
 * Reads `SHREDLOCK_RANGE_BYTES`, optional in every scanner (default 2 GiB, at least 1 MiB): versions
 * larger than this are scanned in ranges by the backlog; ScannerConfigError names the variable and value.
 */
export function rangeBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return configFromEnv(decodeRangeEnv(env), toError);
}

/** Where the scanner's reports go. */
export function reportLocation(config: ScannerConfig): Required<ReportLocation> {
  return { bucket: config.reportBucket, prefix: config.reportPrefix };
}
