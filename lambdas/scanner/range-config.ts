/**
 * `SHREDLOCK_RANGE_BYTES`, optional in every scanner Lambda: the most bytes one run is trusted to
 * scan at once. Versions larger than this are scanned by the backlog in ranges of this size
 * (ranged-scan.ts); the event and inventory scanners leave them to it. Default 2 GiB, at least 1 MiB.
 */
import { z } from 'zod';
import { ScannerConfigError } from './errors.js';

/** Variable name. */
export const RANGE_BYTES_ENV = 'SHREDLOCK_RANGE_BYTES';

/**
 * Bytes per range unless configured: about a minute of scanning at the engine's measured speed,
 * well inside one 15-minute run and the backlog's deadline margin.
 */
export const DEFAULT_RANGE_BYTES = 2 * 1024 ** 3;

const RangeBytes = z.coerce
  .number()
  .int('a whole number of bytes')
  .min(1024 ** 2, 'at least 1048576 (1 MiB)')
  .default(DEFAULT_RANGE_BYTES);

/** Reads `SHREDLOCK_RANGE_BYTES`; ScannerConfigError names the variable and the value. */
export function rangeBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[RANGE_BYTES_ENV] || undefined;
  const parsed = RangeBytes.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ScannerConfigError(parsed.error.issues.map((i) => `${RANGE_BYTES_ENV}=${JSON.stringify(raw ?? null)}: ${i.message}`));
}
