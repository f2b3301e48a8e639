/**
 * Runtime configuration of one vault, shared by the rotator and shredder Lambdas (from their
 * environment, which lib/key-lifecycle.ts writes with encodeVaultEnv) and the CLI (from flags,
 * lambdas/vault/config.ts). One schema; each source names its own settings in errors.
 *
 * | Setting                 | Lambda env var                        | CLI flag                 | Default    |
 * |-------------------------|---------------------------------------|--------------------------|------------|
 * | `vaultName`             | `SHREDLOCK_VAULT_NAME`                | `--vault`                | (required) |
 * | `vaultBucket`           | `SHREDLOCK_VAULT_BUCKET`              | `--vault-bucket`         | (required) |
 * | `recordsBucket`         | `SHREDLOCK_RECORDS_BUCKET`            | `--records-bucket`       | (required) |
 * | `topicArn`              | `SHREDLOCK_TOPIC_ARN`                 | `--topic-arn`            | no notices |
 * | `epochMonths`           | `SHREDLOCK_EPOCH_MONTHS`              | `--epoch-months`         | 1          |
 * | `firstEpoch`            | `SHREDLOCK_FIRST_EPOCH`               | `--first-epoch`          | (rotator)  |
 * | `retentionDays`         | `SHREDLOCK_RETENTION_DAYS`            | `--retention-days`       | (rotator)  |
 * | `keyDeletionWindowDays` | `SHREDLOCK_KEY_DELETION_WINDOW_DAYS`  | `--deletion-window-days` | 30         |
 * | `requireApproval`       | `SHREDLOCK_REQUIRE_APPROVAL`          | `--allow-unapproved`     | true       |
 * | `shredderPrincipalArn`  | `SHREDLOCK_SHREDDER_PRINCIPAL_ARN`    | `--principal`            | (shredder, |
 * |                         |                                       |                          | approvals) |
 * | `inventoryBucket`       | `SHREDLOCK_INVENTORY_BUCKET`          | `--inventory-bucket`     | no         |
 * |                         |                                       |                          | inventory  |
 * | `inventoryPrefix`       | `SHREDLOCK_INVENTORY_PREFIX`          | `--inventory-prefix`     | `vault`    |
 *
 * `inventoryBucket` is where the vault bucket's S3 Inventory is delivered (`inventoryPrefix`, the
 * configuration's destination prefix, only with it): the shredder proves from it above its listing
 * limit (lambdas/shredder/evidence-method.ts).
 *
 * `firstEpoch` and `retentionDays` are required by the rotator (requireRotatorSettings). The
 * shredder uses `retentionDays` when given as a floor under the key's `shred-not-before` tag.
 * `shredderPrincipalArn` is required by the shredder while approval is required
 * (requireShredderSettings): it is whom an approval must not come from (there is no STS call to
 * find out; the stack passes the shredder role's ARN, the CLI user passes their own).
 *
 * The bounds are the `shredlock` configuration's (CONFIG_BOUNDS), so `retentionDays` means the same
 * from cdk.json to the shredder.
 */
import { z } from 'zod';
import { CONFIG_BOUNDS, CONFIG_DEFAULTS, wholeNumber, wholeNumberRule } from '../config.js';
import { BUCKET_NAME_PATTERN, EPOCH_PATTERN, PRINCIPAL_ARN_PATTERN, SNS_TOPIC_ARN_PATTERN, VAULT_NAME_PATTERN } from '../patterns.js';
import type { Decoded, EncodedEnv, Env } from './decode.js';

/** Defaults, as data: the `shredlock` configuration's, plus approval. */
export const VAULT_CONFIG_DEFAULTS = {
  epochMonths: CONFIG_DEFAULTS.keyEpochMonths,
  keyDeletionWindowDays: CONFIG_DEFAULTS.keyDeletionWindowDays,
  requireApproval: true,
} as const;

/** The configuration of one vault, parsed. */
export interface VaultConfig {
  readonly vaultName: string;
  readonly vaultBucket: string;
  readonly recordsBucket: string;
  /** SNS topic for notices. @default no notices */
  readonly topicArn?: string;
  /** Months of data one key covers, 1-12. @default 1 */
  readonly epochMonths: number;
  /** First epoch of the vault, "YYYY-MM" (epoch alignment). Required by the rotator. */
  readonly firstEpoch?: string;
  /** Object Lock retention of the vault in days. Required by the rotator. */
  readonly retentionDays?: number;
  /** KMS deletion waiting period, 7-30 days. @default 30 */
  readonly keyDeletionWindowDays: number;
  /** Shred only keys approved by a principal other than the shredder. @default true */
  readonly requireApproval: boolean;
  /** The shredder's own principal ARN. Required while `requireApproval`. */
  readonly shredderPrincipalArn?: string;
  /** Destination bucket of the vault's S3 Inventory. @default no inventory: evidence by listing only */
  readonly inventoryBucket?: string;
  /** Destination prefix of that inventory, only with inventoryBucket. @default 'vault' (INVENTORY_PREFIX) */
  readonly inventoryPrefix?: string;
}

/** A VaultConfig with what the rotator needs. */
export type RotatorConfig = VaultConfig & { readonly firstEpoch: string; readonly retentionDays: number };

/** Setting -> the name its source gives it (env var or CLI flag), for error messages. */
export type SettingNames = Readonly<Record<keyof VaultConfig, string>>;

/** Env var of each setting, in the order the stack writes them. */
export const VAULT_ENV: SettingNames = {
  vaultName: 'SHREDLOCK_VAULT_NAME',
  vaultBucket: 'SHREDLOCK_VAULT_BUCKET',
  recordsBucket: 'SHREDLOCK_RECORDS_BUCKET',
  epochMonths: 'SHREDLOCK_EPOCH_MONTHS',
  firstEpoch: 'SHREDLOCK_FIRST_EPOCH',
  retentionDays: 'SHREDLOCK_RETENTION_DAYS',
  keyDeletionWindowDays: 'SHREDLOCK_KEY_DELETION_WINDOW_DAYS',
  topicArn: 'SHREDLOCK_TOPIC_ARN',
  requireApproval: 'SHREDLOCK_REQUIRE_APPROVAL',
  shredderPrincipalArn: 'SHREDLOCK_SHREDDER_PRINCIPAL_ARN',
  inventoryBucket: 'SHREDLOCK_INVENTORY_BUCKET',
  inventoryPrefix: 'SHREDLOCK_INVENTORY_PREFIX',
};

/** Raw settings, before validation (numbers may still be strings). */
export type RawVaultSettings = { readonly [K in keyof VaultConfig]?: unknown };

const bucket = z.string().regex(BUCKET_NAME_PATTERN, 'an S3 bucket name');

const Schema = z
  .object({
    vaultName: z
      .string()
      .regex(VAULT_NAME_PATTERN, '3-20 characters: lowercase letters, digits and "-", starting with a letter'),
    vaultBucket: bucket,
    recordsBucket: bucket,
    topicArn: z.string().regex(SNS_TOPIC_ARN_PATTERN, 'an SNS topic ARN').optional(),
    epochMonths: wholeNumber(CONFIG_BOUNDS.keyEpochMonths, wholeNumberRule(CONFIG_BOUNDS.keyEpochMonths, 'months')).default(
      VAULT_CONFIG_DEFAULTS.epochMonths,
    ),
    firstEpoch: z.string().regex(EPOCH_PATTERN, '"YYYY-MM"').optional(),
    retentionDays: wholeNumber(CONFIG_BOUNDS.retentionDays, wholeNumberRule(CONFIG_BOUNDS.retentionDays, 'days')).optional(),
    keyDeletionWindowDays: wholeNumber(
      CONFIG_BOUNDS.keyDeletionWindowDays,
      wholeNumberRule(CONFIG_BOUNDS.keyDeletionWindowDays, 'days'),
    ).default(VAULT_CONFIG_DEFAULTS.keyDeletionWindowDays),
    requireApproval: z.boolean().default(VAULT_CONFIG_DEFAULTS.requireApproval),
    shredderPrincipalArn: z
      .string()
      .regex(PRINCIPAL_ARN_PATTERN, 'an IAM role, user or root ARN, or an STS assumed-role ARN')
      .optional(),
    inventoryBucket: bucket.optional(),
    inventoryPrefix: z
      .string()
      .regex(/^[^/\s][^\s]{0,511}$/, 'an S3 key prefix (no leading "/", no spaces, at most 512 characters)')
      .optional(),
  })
  .refine((c) => c.inventoryPrefix === undefined || c.inventoryBucket !== undefined, {
    path: ['inventoryPrefix'],
    message: 'only together with the inventory bucket',
  });

function toNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** Validates raw settings; each problem names the setting as `names` calls it. */
export function validateVaultSettings(raw: RawVaultSettings, names: SettingNames): Decoded<VaultConfig> {
  const input = Object.fromEntries(
    Object.entries({
      ...raw,
      epochMonths: toNumber(raw.epochMonths),
      retentionDays: toNumber(raw.retentionDays),
      keyDeletionWindowDays: toNumber(raw.keyDeletionWindowDays),
    }).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = Schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? '') as keyof VaultConfig;
      const given = (raw as Record<string, unknown>)[field];
      const message = i.code === 'invalid_type' && given === undefined ? 'required' : i.message;
      return `${names[field] ?? field}=${JSON.stringify(given ?? null)}: ${message}`;
    }),
  };
}

function envBoolean(value: string | undefined): unknown {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : value;
}

/** The vault configuration from a Lambda's environment (names in the module doc). */
export function decodeVaultEnv(env: Env): Decoded<VaultConfig> {
  const get = (key: keyof VaultConfig) => env[VAULT_ENV[key]]?.trim() || undefined;
  const raw = Object.fromEntries((Object.keys(VAULT_ENV) as (keyof VaultConfig)[]).map((key) => [key, get(key)]));
  return validateVaultSettings({ ...raw, requireApproval: envBoolean(env[VAULT_ENV.requireApproval]) }, VAULT_ENV);
}

/** What the stack knows of a vault's settings when it writes them: values may be CDK tokens. */
export type VaultEnvSettings = Pick<VaultConfig, 'vaultName' | 'vaultBucket' | 'recordsBucket' | 'epochMonths'> &
  Partial<Omit<VaultConfig, 'vaultName' | 'vaultBucket' | 'recordsBucket' | 'epochMonths'>>;

/** The environment of a Lambda that reads decodeVaultEnv: every given setting, in VAULT_ENV order. */
export function encodeVaultEnv(settings: VaultEnvSettings): EncodedEnv {
  const entries = (Object.keys(VAULT_ENV) as (keyof VaultConfig)[])
    .filter((key) => settings[key] !== undefined)
    .map((key) => [VAULT_ENV[key], String(settings[key])]);
  return Object.fromEntries(entries);
}
