/**
 * What the check needs of the stack's configuration (contract/config.ts, which loads only zod, so
 * the Lambda bundle stays free of aws-cdk-lib), and where the Lambda and the CLI get it.
 *
 * | Setting             | Lambda                                  | CLI                                   |
 * |---------------------|-----------------------------------------|---------------------------------------|
 * | the configuration   | `SHREDLOCK_CONFIG`: the `shredlock`     | `--config FILE` (cdk.json or the      |
 * |                     | context value as JSON                   | `shredlock` object), else ./cdk.json, |
 * |                     |                                         | else CONFIG_DEFAULTS                  |
 * | vault name          | in the configuration                    | `--vault` (overrides the file's)      |
 * | notification topic  | `SHREDLOCK_TOPIC_ARN`                   | -                                     |
 */
import { CONFIG_DEFAULTS, parseConfig, readRawConfig, type ShredlockConfig } from '../../contract/config.js';
import { decodeCheckEnv } from '../../contract/env/check.js';
import { CheckConfigError } from './errors.js';

/** The settings the expectations derive from. */
export interface CheckSettings {
  readonly vaultName: string;
  readonly retentionMode: ShredlockConfig['retentionMode'];
  readonly retentionDays: number;
  readonly recordsRetentionDays: number;
  /** Macie's role may read vault data. */
  readonly macie: boolean;
  /** A break-glass role exists (breakGlassPrincipals is not empty). */
  readonly breakGlass: boolean;
  /** Where the stack is deployed, when the configuration pins it. */
  readonly account?: string;
  readonly region?: string;
}

/** The check's settings of a parsed configuration. */
export function checkSettings(config: ShredlockConfig): CheckSettings {
  return {
    vaultName: config.vaultName,
    retentionMode: config.retentionMode,
    retentionDays: config.retentionDays,
    recordsRetentionDays: config.recordsRetentionDays,
    macie: config.macie,
    breakGlass: config.breakGlassPrincipals.length > 0,
    ...(config.account ? { account: config.account } : {}),
    ...(config.region ? { region: config.region } : {}),
  };
}

/** The settings of a vault deployed with CONFIG_DEFAULTS (no configuration file at hand). */
export function defaultCheckSettings(vaultName: string): CheckSettings {
  return {
    vaultName,
    retentionMode: CONFIG_DEFAULTS.retentionMode,
    retentionDays: CONFIG_DEFAULTS.retentionDays,
    recordsRetentionDays: CONFIG_DEFAULTS.recordsRetentionDays,
    macie: CONFIG_DEFAULTS.macie,
    breakGlass: CONFIG_DEFAULTS.breakGlassPrincipals.length > 0,
  };
}

/**
 * Settings from a JSON document: cdk.json (its `context`: the `shredlock` key and `shredlock.*`
 * overrides, as `cdk synth` reads them) or the `shredlock` object itself. `vaultName` overrides.
 * Throws ConfigError (contract/config-error.ts) for an invalid configuration.
 */
export function settingsFromDocument(document: unknown, vaultName?: string): CheckSettings {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(document)) throw new CheckConfigError('config', 'not a JSON object');
  const raw = isObject(document.context) ? readRawConfig(document.context) : { ...document };
  return checkSettings(parseConfig(vaultName ? { ...raw, vaultName } : raw));
}

/** The Lambda's settings from its environment (contract/env/check.ts); CheckConfigError names the variable. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): { settings: CheckSettings; topicArn?: string } {
  const decoded = decodeCheckEnv(env);
  if (!decoded.ok) throw new CheckConfigError(decoded.variable, decoded.problem);
  const { config, topicArn } = decoded.value;
  return { settings: checkSettings(config), ...(topicArn ? { topicArn } : {}) };
}
