/**
 * Runtime configuration of one vault, shared by the rotator and shredder Lambdas (from their
 * environment) and the CLI (from flags). One schema; each source names its own settings in errors.
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
 */
import { z } from 'zod';
import { VaultConfigError } from './errors.js';
import { EPOCH_PATTERN } from './naming.js';
import { PRINCIPAL_ARN_PATTERN } from './principal.js';

/** Defaults, as data. */
export const VAULT_CONFIG_DEFAULTS = { epochMonths: 1, keyDeletionWindowDays: 30, requireApproval: true } as const;

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
  /** Destination prefix of that inventory, only with inventoryBucket. @default 'vault' (DEFAULT_INVENTORY_PREFIX) */
  readonly inventoryPrefix?: string;
}

/** A VaultConfig with what the rotator needs. */
export type RotatorConfig = VaultConfig & { readonly firstEpoch: string; readonly retentionDays: number };

/** Vault names: they become part of bucket names, aliases and tags. */
export const VAULT_NAME_PATTERN = /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/;

const bucket = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name');

const Schema = z
  .object({
    vaultName: z
      .string()
      .regex(VAULT_NAME_PATTERN, '3-20 characters: lowercase letters, digits and "-", starting with a letter'),
    vaultBucket: bucket,
    recordsBucket: bucket,
    topicArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/, 'an SNS topic ARN')
      .optional(),
    epochMonths: z.number().int().min(1).max(12, 'a whole number of months from 1 to 12').default(VAULT_CONFIG_DEFAULTS.epochMonths),
    firstEpoch: z.string().regex(EPOCH_PATTERN, '"YYYY-MM"').optional(),
    retentionDays: z.number().int().min(1).max(36_500, 'a whole number of days from 1 to 36500').optional(),
    keyDeletionWindowDays: z
      .number()
      .int()
      .min(7, 'a whole number of days from 7 to 30')
      .max(30, 'a whole number of days from 7 to 30')
      .default(VAULT_CONFIG_DEFAULTS.keyDeletionWindowDays),
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

/** Setting -> the name its source gives it (env var or CLI flag), for error messages. */
export type SettingNames = Readonly<Record<keyof VaultConfig, string>>;

/** Env var of each setting. */
export const VAULT_ENV: SettingNames = {
  vaultName: 'SHREDLOCK_VAULT_NAME',
  vaultBucket: 'SHREDLOCK_VAULT_BUCKET',
  recordsBucket: 'SHREDLOCK_RECORDS_BUCKET',
  topicArn: 'SHREDLOCK_TOPIC_ARN',
  epochMonths: 'SHREDLOCK_EPOCH_MONTHS',
  firstEpoch: 'SHREDLOCK_FIRST_EPOCH',
  retentionDays: 'SHREDLOCK_RETENTION_DAYS',
  keyDeletionWindowDays: 'SHREDLOCK_KEY_DELETION_WINDOW_DAYS',
  requireApproval: 'SHREDLOCK_REQUIRE_APPROVAL',
  shredderPrincipalArn: 'SHREDLOCK_SHREDDER_PRINCIPAL_ARN',
  inventoryBucket: 'SHREDLOCK_INVENTORY_BUCKET',
  inventoryPrefix: 'SHREDLOCK_INVENTORY_PREFIX',
};

/** CLI flag of each setting. */
export const VAULT_FLAGS: SettingNames = {
  vaultName: '--vault',
  vaultBucket: '--vault-bucket',
  recordsBucket: '--records-bucket',
  topicArn: '--topic-arn',
  epochMonths: '--epoch-months',
  firstEpoch: '--first-epoch',
  retentionDays: '--retention-days',
  keyDeletionWindowDays: '--deletion-window-days',
  requireApproval: '--allow-unapproved',
  shredderPrincipalArn: '--principal',
  inventoryBucket: '--inventory-bucket',
  inventoryPrefix: '--inventory-prefix',
};

/** Raw settings, before validation (numbers may still be strings). */
export type RawVaultSettings = { readonly [K in keyof VaultConfig]?: unknown };

function toNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** Validates raw settings; VaultConfigError names each bad setting as `names` calls it. */
export function parseVaultConfig(raw: RawVaultSettings, names: SettingNames): VaultConfig {
  const input = Object.fromEntries(
    Object.entries({
      ...raw,
      epochMonths: toNumber(raw.epochMonths),
      retentionDays: toNumber(raw.retentionDays),
      keyDeletionWindowDays: toNumber(raw.keyDeletionWindowDays),
    }).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = Schema.safeParse(input);
  if (!parsed.success) {
    throw new VaultConfigError(
      parsed.error.issues.map((i) => {
        const field = String(i.path[0] ?? '') as keyof VaultConfig;
        const given = (raw as Record<string, unknown>)[field];
        const message = i.code === 'invalid_type' && given === undefined ? 'required' : i.message;
        return `${names[field] ?? field}=${JSON.stringify(given ?? null)}: ${message}`;
      }),
    );
  }
  return parsed.data;
}

function envBoolean(value: string | undefined): unknown {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : value;
}

/** Reads and validates the vault configuration from a Lambda's environment (names in the module doc). */
export function vaultConfigFromEnv(env: NodeJS.ProcessEnv = process.env): VaultConfig {
  const get = (key: keyof VaultConfig) => env[VAULT_ENV[key]]?.trim() || undefined;
  return parseVaultConfig(
    {
      vaultName: get('vaultName'),
      vaultBucket: get('vaultBucket'),
      recordsBucket: get('recordsBucket'),
      topicArn: get('topicArn'),
      epochMonths: get('epochMonths'),
      firstEpoch: get('firstEpoch'),
      retentionDays: get('retentionDays'),
      keyDeletionWindowDays: get('keyDeletionWindowDays'),
      requireApproval: envBoolean(env[VAULT_ENV.requireApproval]),
      shredderPrincipalArn: get('shredderPrincipalArn'),
      inventoryBucket: get('inventoryBucket'),
      inventoryPrefix: get('inventoryPrefix'),
    },
    VAULT_ENV,
  );
}

/** CLI flags as commander gives them (`allowUnapproved` is the risky inverse of requireApproval). */
export interface VaultFlags {
  readonly vault?: string;
  readonly vaultBucket?: string;
  readonly recordsBucket?: string;
  readonly topicArn?: string;
  readonly epochMonths?: string;
  readonly firstEpoch?: string;
  readonly retentionDays?: string;
  readonly deletionWindowDays?: string;
  readonly allowUnapproved?: boolean;
  readonly principal?: string;
  readonly inventoryBucket?: string;
  readonly inventoryPrefix?: string;
}

/** Validates the vault configuration from CLI flags (names in the module doc). */
export function vaultConfigFromFlags(flags: VaultFlags): VaultConfig {
  return parseVaultConfig(
    {
      vaultName: flags.vault,
      vaultBucket: flags.vaultBucket,
      recordsBucket: flags.recordsBucket,
      topicArn: flags.topicArn,
      epochMonths: flags.epochMonths,
      firstEpoch: flags.firstEpoch,
      retentionDays: flags.retentionDays,
      keyDeletionWindowDays: flags.deletionWindowDays,
      requireApproval: flags.allowUnapproved === true ? false : undefined,
      shredderPrincipalArn: flags.principal,
      inventoryBucket: flags.inventoryBucket,
      inventoryPrefix: flags.inventoryPrefix,
    },
    VAULT_FLAGS,
  );
}

/**
 * The config, checked for the shredder: while approval is required, the shredder's own principal
 * must be known (an approval must come from someone else). VaultConfigError otherwise.
 */
export function requireShredderSettings(config: VaultConfig, names: SettingNames = VAULT_ENV): VaultConfig {
  if (config.requireApproval && !config.shredderPrincipalArn) {
    throw new VaultConfigError([
      `${names.shredderPrincipalArn}: required while approval is required (an approval must come from a principal other than the shredder's)`,
    ]);
  }
  return config;
}

/** The config with the rotator's settings, or VaultConfigError naming the missing ones. */
export function requireRotatorSettings(config: VaultConfig, names: SettingNames = VAULT_ENV): RotatorConfig {
  const missing = (['firstEpoch', 'retentionDays'] as const).filter((k) => config[k] === undefined);
  if (missing.length > 0) throw new VaultConfigError(missing.map((k) => `${names[k]}: required by the key rotator`));
  return config as RotatorConfig;
}
