/**
 * The vault configuration of the rotator and shredder, from their environment or from CLI flags.
 * The schema, the env var names and the defaults are the contract's (contract/env/vault.ts); this
 * module adds the CLI flag names and turns problems into VaultConfigError.
 */
import {
  decodeVaultEnv,
  validateVaultSettings,
  VAULT_ENV,
  type RawVaultSettings,
  type RotatorConfig,
  type SettingNames,
  type VaultConfig,
} from '../../contract/env/vault.js';
import { configFromEnv } from '../shared/config-from-env.js';
import { VaultConfigError } from './errors.js';

export type { RawVaultSettings, RotatorConfig, SettingNames, VaultConfig };

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

/** Validates raw settings; VaultConfigError names each bad setting as `names` calls it. */
export function parseVaultConfig(raw: RawVaultSettings, names: SettingNames): VaultConfig {
  return configFromEnv(validateVaultSettings(raw, names), (issues) => new VaultConfigError(issues));
}

/** Reads and validates the vault configuration from a Lambda's environment (contract/env/vault.ts). */
export function vaultConfigFromEnv(env: NodeJS.ProcessEnv = process.env): VaultConfig {
  return configFromEnv(decodeVaultEnv(env), (issues) => new VaultConfigError(issues));
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
