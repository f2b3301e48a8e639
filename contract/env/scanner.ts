/**
 * Environment of the scanner Lambdas (lib/scanning.ts writes it, lambdas/scanner/ reads it).
 *
 * | Variable                  | Meaning                                                  | Default          |
 * |---------------------------|----------------------------------------------------------|------------------|
 * | `SHREDLOCK_REPORT_BUCKET` | bucket the reports are written to                        | (required)       |
 * | `SHREDLOCK_REPORT_PREFIX` | prefix of every report object, ending in `/`             | `reports/`       |
 * | `SHREDLOCK_TAGGING`       | `apply` writes tags; `dry-run` only reports them         | `apply`          |
 * | `SHREDLOCK_VAULT_BUCKET`  | backlog, inventory: the vault bucket                     | (required)       |
 * | `SHREDLOCK_SCAN_PREFIX`   | backlog: key prefix to scan                              | `` (all)         |
 * | `SHREDLOCK_STATE_PREFIX`  | backlog: prefix of its resume state in the report bucket | `state/backlog/` |
 * | `SHREDLOCK_RANGE_BYTES`   | most bytes one run scans at once (at least 1 MiB)        | 2 GiB            |
 * | `SHREDLOCK_CLASSIFICATION_POLICY` | the classification policy, JSON (`classificationPolicy`) | the seed policy |
 *
 * `SHREDLOCK_RANGE_BYTES` is optional in every scanner and the stack does not set it: versions
 * larger than this are scanned by the backlog in ranges of this size (lambdas/scanner/ranged-scan.ts);
 * the event and inventory scanners leave them to it.
 */
import { z } from 'zod';
import { PolicySchema, policyIssues, type Policy } from '../classification-policy.js';
import { BACKLOG_STATE_PREFIX, RECORD_PREFIXES } from '../naming.js';
import { decodeBoth, decodeEnv, type Decoded, type EncodedEnv, type Env } from './decode.js';
import { bucketVariable, KEY_PREFIX_PATTERN, taggingValue, taggingVariable } from './fields.js';

/** Variable names. */
export const SCANNER_ENV = {
  reportBucket: 'SHREDLOCK_REPORT_BUCKET',
  reportPrefix: 'SHREDLOCK_REPORT_PREFIX',
  tagging: 'SHREDLOCK_TAGGING',
  vaultBucket: 'SHREDLOCK_VAULT_BUCKET',
  scanPrefix: 'SHREDLOCK_SCAN_PREFIX',
  statePrefix: 'SHREDLOCK_STATE_PREFIX',
  rangeBytes: 'SHREDLOCK_RANGE_BYTES',
  classificationPolicy: 'SHREDLOCK_CLASSIFICATION_POLICY',
} as const;

/** Report prefix unless configured: where the stack lets the scanners write. */
export const DEFAULT_REPORT_PREFIX = RECORD_PREFIXES.reports;

/**
 * Bytes per range unless configured: about a minute of scanning at the engine's measured speed,
 * well inside one 15-minute run and the backlog's deadline margin.
 */
export const DEFAULT_RANGE_BYTES = 2 * 1024 ** 3;

/** Every scanner's settings. */
export interface ScannerConfig {
  readonly reportBucket: string;
  readonly reportPrefix: string;
  /** Write tags (false: dry run). */
  readonly apply: boolean;
  /** The policy objects are classified with (configuration key `classificationPolicy`). @default the engine's seed policy */
  readonly classificationPolicy?: Policy;
}

/** The backlog scanner's settings. */
export interface BacklogConfig extends ScannerConfig {
  readonly vaultBucket: string;
  /** Key prefix to scan ('' for all). */
  readonly prefix: string;
  readonly statePrefix: string;
}

/** The inventory scanner's settings. */
export interface InventoryConfig extends ScannerConfig {
  readonly vaultBucket: string;
}

const ScannerSchema = z.object({
  [SCANNER_ENV.reportBucket]: bucketVariable('required: the bucket reports are written to'),
  [SCANNER_ENV.reportPrefix]: z
    .string()
    .regex(KEY_PREFIX_PATTERN, 'a key prefix such as "reports/" (ending in "/")')
    .default(DEFAULT_REPORT_PREFIX),
  [SCANNER_ENV.tagging]: taggingVariable,
  [SCANNER_ENV.classificationPolicy]: z
    .string()
    .transform((text, ctx) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON: a classification policy such as {"confidential":["bank_card"],"sensitive":[]}' });
        return z.NEVER;
      }
      const parsed = PolicySchema.safeParse(json);
      if (parsed.success) return parsed.data;
      for (const message of policyIssues(parsed.error.issues)) ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    })
    .optional(),
});

const BacklogSchema = z.object({
  [SCANNER_ENV.vaultBucket]: bucketVariable('required: the bucket to scan'),
  [SCANNER_ENV.scanPrefix]: z.string().max(1024, 'at most 1024 characters (an S3 key)').default(''),
  [SCANNER_ENV.statePrefix]: z
    .string()
    .regex(KEY_PREFIX_PATTERN, 'a key prefix such as "state/backlog/" (ending in "/")')
    .default(BACKLOG_STATE_PREFIX),
});

const InventorySchema = z.object({
  [SCANNER_ENV.vaultBucket]: bucketVariable(
    'required: the vault bucket (an S3 bucket name)',
    'required: the vault bucket (an S3 bucket name)',
  ),
});

const RangeSchema = z.object({
  [SCANNER_ENV.rangeBytes]: z.coerce
    .number()
    .int('a whole number of bytes')
    .min(1024 ** 2, 'at least 1048576 (1 MiB)')
    .default(DEFAULT_RANGE_BYTES),
});

/** The scanner's environment. */
export function encodeScannerEnv(config: ScannerConfig): EncodedEnv {
  return {
    [SCANNER_ENV.reportBucket]: config.reportBucket,
    [SCANNER_ENV.reportPrefix]: config.reportPrefix,
    [SCANNER_ENV.tagging]: taggingValue(config.apply),
    ...(config.classificationPolicy ? { [SCANNER_ENV.classificationPolicy]: JSON.stringify(config.classificationPolicy) } : {}),
  };
}

/** The scanner's settings from its environment. */
export function decodeScannerEnv(env: Env): Decoded<ScannerConfig> {
  const decoded = decodeEnv(ScannerSchema, env, [
    SCANNER_ENV.reportBucket,
    SCANNER_ENV.reportPrefix,
    SCANNER_ENV.tagging,
    SCANNER_ENV.classificationPolicy,
  ]);
  if (!decoded.ok) return decoded;
  const v = decoded.value;
  const policy = v[SCANNER_ENV.classificationPolicy];
  return {
    ok: true,
    value: {
      reportBucket: v[SCANNER_ENV.reportBucket],
      reportPrefix: v[SCANNER_ENV.reportPrefix],
      apply: v[SCANNER_ENV.tagging] === 'apply',
      ...(policy ? { classificationPolicy: policy } : {}),
    },
  };
}

/** The backlog scanner's environment (the scan prefix only when it is not the whole bucket). */
export function encodeBacklogEnv(config: Omit<BacklogConfig, 'prefix'> & { readonly prefix?: string }): EncodedEnv {
  return {
    ...encodeScannerEnv(config),
    [SCANNER_ENV.vaultBucket]: config.vaultBucket,
    ...(config.prefix ? { [SCANNER_ENV.scanPrefix]: config.prefix } : {}),
    [SCANNER_ENV.statePrefix]: config.statePrefix,
  };
}

/** The backlog scanner's settings from its environment. */
export function decodeBacklogEnv(env: Env): Decoded<BacklogConfig> {
  const own = decodeEnv(BacklogSchema, env, [SCANNER_ENV.vaultBucket, SCANNER_ENV.scanPrefix, SCANNER_ENV.statePrefix]);
  return decodeBoth(decodeScannerEnv(env), own, (scanner, v) => ({
    ...scanner,
    vaultBucket: v[SCANNER_ENV.vaultBucket],
    prefix: v[SCANNER_ENV.scanPrefix],
    statePrefix: v[SCANNER_ENV.statePrefix],
  }));
}

/** The inventory scanner's environment. */
export function encodeInventoryEnv(config: InventoryConfig): EncodedEnv {
  return { ...encodeScannerEnv(config), [SCANNER_ENV.vaultBucket]: config.vaultBucket };
}

/** The inventory scanner's settings from its environment. */
export function decodeInventoryEnv(env: Env): Decoded<InventoryConfig> {
  const own = decodeEnv(InventorySchema, env, [SCANNER_ENV.vaultBucket]);
  return decodeBoth(decodeScannerEnv(env), own, (scanner, v) => ({ ...scanner, vaultBucket: v[SCANNER_ENV.vaultBucket] }));
}

/** `SHREDLOCK_RANGE_BYTES` for a range size other than the default (the stack sets none). */
export function encodeRangeEnv(rangeBytes: number): EncodedEnv {
  return rangeBytes === DEFAULT_RANGE_BYTES ? {} : { [SCANNER_ENV.rangeBytes]: String(rangeBytes) };
}

/** Any scanner's range size from its environment; unset or empty is the default. */
export function decodeRangeEnv(env: Env): Decoded<number> {
  const decoded = decodeEnv(RangeSchema, env, [SCANNER_ENV.rangeBytes]);
  return decoded.ok ? { ok: true, value: decoded.value[SCANNER_ENV.rangeBytes] } : decoded;
}
