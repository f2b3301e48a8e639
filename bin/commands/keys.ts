/**
 * `shredlock keys ...`: the epoch keys of a vault.
 *
 *   list     each epoch key: state, shred-not-before, approval (read-only)
 *   rotate   what the rotator Lambda does: next epoch's key ahead of time, current epoch activated
 *   approve  record an approval to shred one epoch's key, by the caller STS GetCallerIdentity names
 *            (for a role session: the role ARN with its path, from iam:GetRole)
 *
 * Clients come from the environment (AWS_ENDPOINT_URL for a test endpoint). Exit codes: 0 done,
 * 1 an AWS call or a key check failed, 2 usage error.
 */
import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { callerArn, iamClient, isAwsCallError, kmsClient, s3Client, stsClient } from '../../lambdas/aws/index.js';
import { approveEpochKey, approverOf, iamRoleArnLookup, isKeysError, rotate } from '../../lambdas/keys/index.js';
import { TAG_APPROVED_AT, TAG_APPROVED_BY, TAG_SHRED_NOT_BEFORE, VAULT_NAME_PATTERN } from '../../contract/index.js';
import {
  describeKey,
  isEpoch,
  isVaultError,
  keyTags,
  listEpochAliases,
  requireRotatorSettings,
  type RotatorConfig,
  VAULT_FLAGS,
  VaultConfigError,
} from '../../lambdas/vault/index.js';
import { isAwayFromClock, requireTestEndpoint } from '../clock-guard.js';
import { UsageError } from '../errors.js';
import { configFromFlags, parseNow, SHRED_FORMATS, type ShredFormat } from './shred.js';

/** One row of `keys list`. */
export interface EpochKeyRow {
  readonly epoch: string;
  readonly keyId: string;
  readonly state: string;
  readonly shredNotBefore: string | null;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly deletionDate: string | null;
}

function vaultName(value: string): string {
  if (!VAULT_NAME_PATTERN.test(value)) throw new UsageError(`--vault ${JSON.stringify(value)}: 3-20 lowercase letters, digits and "-"`);
  return value;
}

/** The epoch keys of a vault, oldest first. */
export async function listKeys(vault: string): Promise<EpochKeyRow[]> {
  const kms = kmsClient();
  const rows: EpochKeyRow[] = [];
  for (const alias of await listEpochAliases(kms, vault)) {
    const key = await describeKey(kms, alias.keyId);
    const tags = key.state === 'missing' ? {} : await keyTags(kms, alias.keyId);
    rows.push({
      epoch: alias.epoch,
      keyId: alias.keyId,
      state: key.kmsState ?? key.state,
      shredNotBefore: tags[TAG_SHRED_NOT_BEFORE] ?? null,
      approvedBy: tags[TAG_APPROVED_BY] ?? null,
      approvedAt: tags[TAG_APPROVED_AT] ?? null,
      deletionDate: key.deletionDate ?? null,
    });
  }
  return rows;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `${cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd()}\n`;
  return line(header) + rows.map(line).join('');
}

/** Runs a keys subcommand body: AWS, key and record failures print their message and exit 1. */
async function guarded(body: () => Promise<string>): Promise<number> {
  try {
    process.stdout.write(await body());
    return 0;
  } catch (error) {
    if (isAwsCallError(error) || isKeysError(error) || isVaultError(error)) {
      process.stderr.write(`shredlock: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** Adds `keys` (list, rotate, approve) to the program. */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description("a vault's epoch keys: list, rotate, approve a shred");

  keys
    .command('list')
    .description('list the epoch keys of a vault with state, shred-not-before and approval')
    .requiredOption(`${VAULT_FLAGS.vaultName} <name>`, 'vault name')
    .addOption(new Option('--format <format>', 'output format').choices(SHRED_FORMATS).default('table'))
    .action(async (opts) => {
      const vault = vaultName(opts.vault as string);
      process.exitCode = await guarded(async () => {
        const rows = await listKeys(vault);
        if ((opts.format as ShredFormat) === 'json') return `${JSON.stringify({ vault, keys: rows }, null, 2)}\n`;
        return table(
          ['EPOCH', 'KEY ID', 'STATE', 'NOT BEFORE', 'APPROVED BY', 'DELETION DATE'],
          rows.map((r) => [r.epoch, r.keyId, r.state, r.shredNotBefore ?? '-', r.approvedBy ?? '-', r.deletionDate ?? '-']),
        );
      });
    });

  keys
    .command('rotate')
    .description("create the next epoch's key ahead of time, activate the current one, record both in the ledger")
    .requiredOption(`${VAULT_FLAGS.vaultName} <name>`, 'vault name')
    .requiredOption(`${VAULT_FLAGS.vaultBucket} <bucket>`, 'vault bucket (its default encryption is set)')
    .requiredOption(`${VAULT_FLAGS.recordsBucket} <bucket>`, 'records bucket (epoch ledger)')
    .requiredOption(`${VAULT_FLAGS.firstEpoch} <YYYY-MM>`, "the vault's first epoch")
    .requiredOption(`${VAULT_FLAGS.retentionDays} <days>`, 'vault retention in days (sets shred-not-before)')
    .option(`${VAULT_FLAGS.epochMonths} <months>`, 'months one key covers, 1-12 (default 1)')
    .option('--policy-file <file>', "key policy for new keys (default: copied from the vault's newest epoch key)")
    .option('--now <iso>', 'pretend it is this time (drills and demos); default: the real clock')
    .addOption(new Option('--format <format>', 'output format').choices(SHRED_FORMATS).default('table'))
    .action(async (opts) => {
      const { now } = parseNow(opts.now as string | undefined);
      if (isAwayFromClock(now)) requireTestEndpoint('keys rotate --now away from the real clock');
      let config: RotatorConfig;
      try {
        config = requireRotatorSettings(
          configFromFlags({
            vault: opts.vault as string,
            vaultBucket: opts.vaultBucket as string,
            recordsBucket: opts.recordsBucket as string,
            firstEpoch: opts.firstEpoch as string,
            retentionDays: opts.retentionDays as string,
            epochMonths: opts.epochMonths as string | undefined,
          }),
          VAULT_FLAGS,
        );
      } catch (error) {
        if (error instanceof VaultConfigError) throw new UsageError(error.message);
        throw error;
      }
      let policy: string | undefined;
      if (opts.policyFile) {
        try {
          policy = await readFile(opts.policyFile as string, 'utf8');
        } catch (error) {
          throw new UsageError(`--policy-file ${opts.policyFile as string}: ${(error as Error).message}`);
        }
      }
      process.exitCode = await guarded(async () => {
        const result = await rotate({ kms: kmsClient(), s3: s3Client() }, config, now, policy ? { policy } : {});
        if ((opts.format as ShredFormat) === 'json') return `${JSON.stringify(result, null, 2)}\n`;
        const rows = [result.current, result.next]
          .filter((k) => k !== undefined)
          .map((k) => [k.epoch, k.keyId, k.source, k.shredNotBefore, k.ledgerWritten ? 'written' : 'unchanged']);
        const activation = result.activation
          ? `\nBucket default key: ${result.activation.keyId} (${result.activation.changed ? 'changed' : 'unchanged'})\n`
          : '';
        return table(['EPOCH', 'KEY ID', 'SOURCE', 'NOT BEFORE', 'LEDGER'], rows) + activation;
      });
    });

  keys
    .command('approve')
    .description("approve shredding one epoch's key as yourself (the caller STS names; the shredder refuses its own approvals and early ones)")
    .requiredOption(`${VAULT_FLAGS.vaultName} <name>`, 'vault name')
    .requiredOption('--epoch <YYYY-MM>', 'epoch of the key')
    .option('--now <iso>', 'pretend it is this time (test endpoints only); default: the real clock')
    .action(async (opts) => {
      const vault = vaultName(opts.vault as string);
      const epoch = opts.epoch as string;
      if (!isEpoch(epoch)) throw new UsageError(`--epoch ${JSON.stringify(epoch)}: expected YYYY-MM`);
      const { now } = parseNow(opts.now as string | undefined);
      if (isAwayFromClock(now)) requireTestEndpoint('keys approve --now away from the real clock');
      process.exitCode = await guarded(async () => {
        // The approver is whoever AWS says is calling: a flag would record any ARN it is given.
        const approver = await approverOf(await callerArn(stsClient()), iamRoleArnLookup(iamClient()), { vaultName: vault, epoch });
        const approval = await approveEpochKey(kmsClient(), { vaultName: vault, epoch, ...approver, now });
        return `Approved shredding key ${approval.keyId} (${vault} epoch ${epoch}) as ${approval.approvedBy} at ${approval.approvedAt}\n`;
      });
    });
}
