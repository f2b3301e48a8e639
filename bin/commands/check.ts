/**
 * `shredlock check`: compares a deployed vault's live configuration with what the stack promises
 * (lambdas/check: Object Lock, versioning, encryption, public access block, bucket policies, the
 * trail, key rotation, states and tags). Read-only.
 *
 * The promise comes from the stack's configuration: `--config FILE` (cdk.json, or the `shredlock`
 * object as JSON), else ./cdk.json when there is one, else the defaults of contract/config.ts.
 *
 * Exit codes: 0 no drift, 1 drift (including settings that could not be read), 2 usage or input
 * error (an invalid configuration, an account that cannot be determined).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { isConfigError, VAULT_NAME_PATTERN } from '../../contract/index.js';
import { clientSettingsFromEnv, isAwsCallError } from '../../lambdas/aws/index.js';
import {
  CHECK_FORMATS,
  type CheckFormat,
  type CheckSettings,
  createCheckClients,
  defaultCheckSettings,
  isCheckConfigError,
  renderCheckReport,
  runCheck,
  settingsFromDocument,
} from '../../lambdas/check/index.js';
import { UsageError } from '../errors.js';

/** Configuration file read when --config is not given, if it exists. */
export const DEFAULT_CONFIG_FILE = 'cdk.json';

/** Options of `check`, parsed. */
export interface CheckCommandOptions {
  readonly vault?: string;
  readonly region?: string;
  readonly account?: string;
  readonly config?: string;
  readonly format: CheckFormat;
  readonly out?: string;
}

/** The check's settings from the options (see the module doc for where they come from). */
export async function loadSettings(o: Pick<CheckCommandOptions, 'vault' | 'config'>): Promise<CheckSettings> {
  if (o.vault !== undefined && !VAULT_NAME_PATTERN.test(o.vault)) {
    throw new UsageError(`--vault ${JSON.stringify(o.vault)}: 3-20 characters: lowercase letters, digits and "-", starting with a letter`);
  }
  const file = o.config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (!file) {
    if (!o.vault) throw new UsageError('give --vault (or --config with the stack configuration)');
    process.stderr.write(`shredlock: no ${DEFAULT_CONFIG_FILE} here and no --config: expecting the stack defaults\n`);
    return defaultCheckSettings(o.vault);
  }
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--config ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return settingsFromDocument(document, o.vault);
  } catch (error) {
    if (isConfigError(error) || isCheckConfigError(error)) throw new UsageError(`--config ${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Runs `check`; returns the exit code. */
export async function runCheckCommand(o: CheckCommandOptions): Promise<number> {
  const settings = await loadSettings(o);
  const region = o.region ?? settings.region;
  const clientSettings = { ...clientSettingsFromEnv(), ...(region ? { region } : {}) };
  const clients = createCheckClients(clientSettings);
  try {
    const vaultRegion = clientSettings.region ?? (await clients.s3.config.region().catch(() => undefined));
    if (!vaultRegion) throw new UsageError('no AWS region: give --region or set AWS_REGION');
    const account = o.account ?? settings.account;
    const report = await runCheck(clients, { settings, region: vaultRegion, ...(account ? { account } : {}) });
    const text = renderCheckReport(report, o.format);
    if (o.out) await writeFile(o.out, text);
    else process.stdout.write(text);
    return report.compliant ? 0 : 1;
  } catch (error) {
    if (isCheckConfigError(error) || isAwsCallError(error)) throw new UsageError(error.message, { cause: error });
    throw error;
  } finally {
    clients.destroy();
  }
}

/** Adds `check` to the program. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description("compare a deployed vault's live configuration with what the stack promises; exit 1 on drift")
    .option('--vault <name>', 'vault name (default: the configuration file\'s vaultName)')
    .option('--region <region>', 'AWS region of the vault (default: the configuration, else the SDK default)')
    .option('--account <id>', "the vault's account (default: read from its trail's or epoch key's ARN)")
    .option('--config <file>', `the stack configuration: cdk.json or the "shredlock" object (default: ./${DEFAULT_CONFIG_FILE} if present)`)
    .addOption(new Option('--format <format>', 'report format').choices(CHECK_FORMATS).default('table'))
    .option('--out <file>', 'write the report to a file instead of standard output')
    .action(async (opts) => {
      process.exitCode = await runCheckCommand(opts as CheckCommandOptions);
    });
}
