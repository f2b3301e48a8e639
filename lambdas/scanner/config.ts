/**
 * Configuration of the scanner Lambdas, from their environment (contract/env/scanner.ts), validated
 * once at cold start; problems become one ScannerConfigError.
 */
import {
  decodeBacklogEnv,
  decodeInventoryEnv,
  decodeScannerEnv,
  type BacklogConfig,
  type InventoryConfig,
  type ScannerConfig,
} from '../../contract/env/scanner.js';
import { configFromEnv } from '../shared/config-from-env.js';
import { ScannerConfigError } from './errors.js';
import type { ReportLocation } from './report-writer.js';

export type { BacklogConfig, InventoryConfig, ScannerConfig };

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

/** Where the scanner's reports go. */
export function reportLocation(config: ScannerConfig): Required<ReportLocation> {
  return { bucket: config.reportBucket, prefix: config.reportPrefix };
}
