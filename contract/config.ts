/**
 * The `shredlock` configuration: one context key in cdk.json (or `-c` overrides), parsed once by a
 * schema. Every problem is collected into one ConfigError naming the key, the value and what is
 * allowed.
 */
import { z } from 'zod';
import { PolicySchema, policyIssueText } from './classification-policy.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { ACCOUNT_ID_PATTERN, EPOCH_PATTERN, IAM_PRINCIPAL_ARN_PATTERN, REGION_PATTERN, VAULT_NAME_PATTERN } from './patterns.js';

/** Retention above this many days (30 years) needs `acknowledgeIrreversibleRetention: true`. */
export const ABSURD_RETENTION_DAYS = 30 * 365;

/** A whole number from `min` to `max`. */
export interface WholeNumberBounds {
  readonly min: number;
  readonly max: number;
}

/**
 * Bounds of the numeric settings, shared with the runtime's own schema (contract/env/vault.ts):
 * retention as Object Lock allows it, epochs of up to a year, KMS's 7-30 day deletion window.
 */
export const CONFIG_BOUNDS = {
  retentionDays: { min: 1, max: 36_500 },
  keyEpochMonths: { min: 1, max: 12 },
  keyDeletionWindowDays: { min: 7, max: 30 },
} as const satisfies Readonly<Record<string, WholeNumberBounds>>;

/** "a whole number of <unit> from <min> to <max>": the rule of a bounded setting, in words. */
export function wholeNumberRule(bounds: WholeNumberBounds, unit: string): string {
  return `a whole number of ${unit} from ${bounds.min} to ${bounds.max}`;
}

/** A zod field for a bounded whole number; `message` (if given) replaces zod's own for both bounds. */
export function wholeNumber(bounds: WholeNumberBounds, message?: string): z.ZodNumber {
  return z.number().int().min(bounds.min, message).max(bounds.max, message);
}

/** The defaults, as data. Keys without a default here are optional or required (see the schema). */
export const CONFIG_DEFAULTS = {
  vaultName: 'shredlock',
  retentionMode: 'COMPLIANCE',
  retentionDays: 7 * 365,
  recordsRetentionDays: 10 * 365,
  keyEpochMonths: 1,
  keyDeletionWindowDays: 30,
  scanSchedule: 'cron(0 3 * * ? *)',
  macie: false,
  reservedConcurrency: true,
  writerPrincipals: [],
  auditorPrincipals: [],
  breakGlassPrincipals: [],
  testAccount: false,
  acknowledgeIrreversibleRetention: false,
} as const;

/** What each key allows, in words; used in error messages and in docs/deploy.md. */
export const CONFIG_RULES: Readonly<Record<keyof ShredlockConfig, string>> = {
  vaultName:
    '3-20 characters: lowercase letters, digits and "-", starting with a letter, not ending with "-" (it becomes part of bucket names)',
  firstEpoch: 'required; the first key epoch as "YYYY-MM", e.g. "2026-11"',
  retentionMode: '"COMPLIANCE" (default; irreversible) or "GOVERNANCE" (test accounts)',
  retentionDays: wholeNumberRule(CONFIG_BOUNDS.retentionDays, 'days'),
  recordsRetentionDays: `${wholeNumberRule(CONFIG_BOUNDS.retentionDays, 'days')} (reports and destruction certificates)`,
  keyEpochMonths: `${wholeNumberRule(CONFIG_BOUNDS.keyEpochMonths, 'months')} (how much data one KMS key covers)`,
  keyDeletionWindowDays: `${wholeNumberRule(CONFIG_BOUNDS.keyDeletionWindowDays, 'days')} (KMS key deletion waiting period)`,
  scanSchedule: 'an EventBridge schedule expression: "rate(1 day)" or "cron(0 3 * * ? *)"',
  macie: 'true or false',
  reservedConcurrency:
    'true (default) or false. true: every ShredLock Lambda reserves its concurrency (the stack output ReservedConcurrency is the total; ' +
    'Lambda keeps 100 of the account quota unreserved). false: none does, for accounts with a lower quota (new accounts start at 10, ' +
    'where Lambda refuses any reservation); the scanners stay capped by their event source and Map concurrency, and the backlog scan, ' +
    'rotator and shredder rely on their daily schedules to run one at a time',
  notificationEmail: 'an e-mail address, or leave it out for no subscription',
  writerPrincipals: 'a list of IAM ARNs (arn:aws:iam::123456789012:role/name, user/name or root)',
  auditorPrincipals: 'a list of IAM ARNs (arn:aws:iam::123456789012:role/name, user/name or root)',
  breakGlassPrincipals:
    'a list of IAM ARNs allowed to assume the break-glass role; empty (default) means no break-glass role',
  account: 'a 12-digit AWS account id, or leave it out for an environment-agnostic stack',
  region: 'an AWS region such as "eu-central-1", or leave it out',
  testAccount: 'true for accounts that hold test data only',
  acknowledgeIrreversibleRetention:
    'true to confirm a retention over 30 years or COMPLIANCE mode in a test account',
  classificationPolicy:
    'optional; the classification policy the scanners use, in the JSON shape `shredlock scan --policy FILE` takes: ' +
    '{ "confidential": [types], "sensitive": [types], "public": [types] } ("public" optional), each type listed at most once, ' +
    'a type listed nowhere at the seed policy\'s level; leave it out for the seed policy',
};

const principalArn = z.string().regex(IAM_PRINCIPAL_ARN_PATTERN);
const days = wholeNumber(CONFIG_BOUNDS.retentionDays);

/** The schema of the `shredlock` context key. Unknown keys are errors (they are usually typos). */
export const ShredlockConfigSchema = z
  .object({
    vaultName: z
      .string()
      .regex(VAULT_NAME_PATTERN)
      .default(CONFIG_DEFAULTS.vaultName),
    firstEpoch: z.string().regex(EPOCH_PATTERN),
    retentionMode: z.enum(['COMPLIANCE', 'GOVERNANCE']).default(CONFIG_DEFAULTS.retentionMode),
    retentionDays: days.default(CONFIG_DEFAULTS.retentionDays),
    recordsRetentionDays: days.default(CONFIG_DEFAULTS.recordsRetentionDays),
    keyEpochMonths: wholeNumber(CONFIG_BOUNDS.keyEpochMonths).default(CONFIG_DEFAULTS.keyEpochMonths),
    keyDeletionWindowDays: wholeNumber(CONFIG_BOUNDS.keyDeletionWindowDays).default(CONFIG_DEFAULTS.keyDeletionWindowDays),
    scanSchedule: z
      .string()
      .regex(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\))$/)
      .default(CONFIG_DEFAULTS.scanSchedule),
    macie: z.boolean().default(CONFIG_DEFAULTS.macie),
    reservedConcurrency: z.boolean().default(CONFIG_DEFAULTS.reservedConcurrency),
    notificationEmail: z.email().optional(),
    writerPrincipals: z.array(principalArn).default([]),
    auditorPrincipals: z.array(principalArn).default([]),
    breakGlassPrincipals: z.array(principalArn).default([]),
    account: z.string().regex(ACCOUNT_ID_PATTERN).optional(),
    region: z.string().regex(REGION_PATTERN).optional(),
    testAccount: z.boolean().default(CONFIG_DEFAULTS.testAccount),
    acknowledgeIrreversibleRetention: z.boolean().default(CONFIG_DEFAULTS.acknowledgeIrreversibleRetention),
    classificationPolicy: PolicySchema.optional(),
  })
  .strict();

/** The parsed, defaulted configuration. */
export type ShredlockConfig = z.output<typeof ShredlockConfigSchema>;

/**
 * Parse the raw `shredlock` context value. Throws one ConfigError listing every problem.
 *
 * Combinations that lock data in a way nobody can undo need `acknowledgeIrreversibleRetention`:
 *
 * | retentionMode | retentionDays   | testAccount | needs acknowledgement |
 * |---------------|-----------------|-------------|-----------------------|
 * | COMPLIANCE    | <= 10950        | false       | no                    |
 * | COMPLIANCE    | > 10950         | any         | yes                   |
 * | COMPLIANCE    | any             | true        | yes                   |
 * | GOVERNANCE    | > 10950         | any         | yes                   |
 * | GOVERNANCE    | <= 10950        | any         | no                    |
 */
export function parseConfig(raw: unknown): ShredlockConfig {
  const input = raw ?? {};
  const result = ShredlockConfigSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap((issue) => toConfigIssues(issue, input)));
  }
  const config = result.data;
  const issues: ConfigIssue[] = [];
  if (!config.acknowledgeIrreversibleRetention) {
    if (config.retentionDays > ABSURD_RETENTION_DAYS) {
      issues.push({
        key: 'retentionDays',
        value: config.retentionDays,
        allowed: `more than ${ABSURD_RETENTION_DAYS} days (30 years) locks data for longer than any legal period we know of; set acknowledgeIrreversibleRetention: true if you mean it`,
      });
    }
    if (config.retentionMode === 'COMPLIANCE' && config.testAccount) {
      issues.push({
        key: 'retentionMode',
        value: config.retentionMode,
        allowed:
          'COMPLIANCE in an account marked testAccount: true cannot be undone (not even by root) and blocks closing the account until retention ends; use "GOVERNANCE", or set acknowledgeIrreversibleRetention: true',
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}

function toConfigIssues(issue: z.core.$ZodIssue, input: unknown): ConfigIssue[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const allowed = path.length === 0 ? Object.keys(CONFIG_RULES) : Object.keys(PolicySchema.shape);
    return issue.keys.map((key) => ({
      key: [...path, key].join('.'),
      value: valueAt(input, [...path, key]),
      allowed: `unknown key; allowed keys are ${allowed.join(', ')}`,
    }));
  }
  const top = path[0] as keyof ShredlockConfig | undefined;
  if (top === undefined) {
    return [{ key: '(root)', value: input, allowed: 'an object of settings, e.g. { "firstEpoch": "2026-11" }' }];
  }
  // Inside the policy the policy's own words say what is wrong (an unknown type, a type listed twice).
  const allowed = top === 'classificationPolicy' && path.length > 1 ? policyIssueText(issue) : (CONFIG_RULES[top] ?? issue.message);
  return [{ key: path.join('.'), value: valueAt(input, path), allowed }];
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Read the raw `shredlock` value from CDK context: the `shredlock` object (or its JSON text, as
 * `-c shredlock='{...}'` gives) with `shredlock.<key>` overrides on top. Override values are read
 * as JSON when they parse (`30`, `true`, `["arn:..."]`) and as plain strings otherwise.
 */
export function readRawConfig(context: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const base = parseMaybeJson(context.shredlock);
  const merged: Record<string, unknown> =
    base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as object) } : {};
  if (base !== undefined && (base === null || typeof base !== 'object' || Array.isArray(base))) {
    throw new ConfigError([{ key: '(root)', value: base, allowed: 'an object of settings' }]);
  }
  for (const [key, value] of Object.entries(context)) {
    if (key.startsWith('shredlock.')) merged[key.slice('shredlock.'.length)] = parseMaybeJson(value);
  }
  return merged;
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
