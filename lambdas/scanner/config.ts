/**
 * Configuration of the scanner Lambda, from its environment, validated once at cold start.
 *
 * | Variable                  | Meaning                                          | Default    |
 * |---------------------------|--------------------------------------------------|------------|
 * | `SHREDLOCK_REPORT_BUCKET` | bucket the reports are written to                | (required) |
 * | `SHREDLOCK_REPORT_PREFIX` | prefix of every report object, ending in `/`     | `reports/` |
 * | `SHREDLOCK_TAGGING`       | `apply` writes tags; `dry-run` only reports them | `apply`    |
 */
import { z } from 'zod';
import { ScannerConfigError } from './errors.js';
import { DEFAULT_REPORT_PREFIX, type ReportLocation } from './report-writer.js';

/** The scanner's settings. */
export interface ScannerConfig {
  readonly reportBucket: string;
  readonly reportPrefix: string;
  /** Write tags (false: dry run). */
  readonly apply: boolean;
}

const EnvSchema = z.object({
  SHREDLOCK_REPORT_BUCKET: z
    .string({ error: 'required: the bucket reports are written to' })
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
  SHREDLOCK_REPORT_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9!_.*'()-]+\/)+$/, 'a key prefix such as "reports/" (ending in "/")')
    .default(DEFAULT_REPORT_PREFIX),
  SHREDLOCK_TAGGING: z.enum(['apply', 'dry-run'], { error: '"apply" or "dry-run"' }).default('apply'),
});

/** Reads and validates the scanner's environment; ScannerConfigError lists every problem. */
export function scannerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ScannerConfig {
  const parsed = EnvSchema.safeParse({
    SHREDLOCK_REPORT_BUCKET: env.SHREDLOCK_REPORT_BUCKET || undefined,
    SHREDLOCK_REPORT_PREFIX: env.SHREDLOCK_REPORT_PREFIX || undefined,
    SHREDLOCK_TAGGING: env.SHREDLOCK_TAGGING || undefined,
  });
  if (!parsed.success) {
    throw new ScannerConfigError(
      parsed.error.issues.map((i) => {
        const name = i.path.map(String).join('.');
        return `${name}=${JSON.stringify(env[name] ?? null)}: ${i.message}`;
      }),
    );
  }
  return {
    reportBucket: parsed.data.SHREDLOCK_REPORT_BUCKET,
    reportPrefix: parsed.data.SHREDLOCK_REPORT_PREFIX,
    apply: parsed.data.SHREDLOCK_TAGGING === 'apply',
  };
}

/**
 * The scanner's settings, for a Lambda that validates settings of its own too: their problems are
 * added to `issues` instead (so that one ScannerConfigError lists every problem) and undefined is
 * returned.
 */
export function collectScannerConfig(env: NodeJS.ProcessEnv, issues: string[]): ScannerConfig | undefined {
  try {
    return scannerConfigFromEnv(env);
  } catch (error) {
    if (!(error instanceof ScannerConfigError)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

/** Where the scanner's reports go. */
export function reportLocation(config: ScannerConfig): Required<ReportLocation> {
  return { bucket: config.reportBucket, prefix: config.reportPrefix };
}
