/**
 * `shredlock shred`: plans (default) or executes the crypto-shred of a vault's epoch keys whose
 * retention has ended: the same code as the daily shredder Lambda (lambdas/shredder/). `--plan`
 * makes no writes at all. Clients come from the environment (AWS_ENDPOINT_URL for a test endpoint).
 *
 * `--now ISO` moves the clock for drills and demos. With `--execute`, a `--now` later than the real
 * clock also needs `--drill`: shredding early destroys data that is still retained. `--drill`, and
 * any future `--now` with `--execute`, are refused unless AWS_ENDPOINT_URL names a test endpoint
 * (bin/clock-guard.ts); the certificate records `clock: override`.
 *
 * Exit codes: 0 done (a plan, or an execution that refused nothing); 1 an execution refused a key,
 * an action failed, a notice was not delivered, or an AWS call failed; 2 usage or configuration error.
 */
import { type Command, Option } from 'commander';
import { isAwsCallError, kmsClient, s3Client, snsClient } from '../../lambdas/aws/index.js';
import { type ExecuteResult, executeShred, type KeyAction, type KeyPlan, planShred, type ShredPlan } from '../../lambdas/shredder/index.js';
import {
  isVaultError,
  requireShredderSettings,
  VAULT_FLAGS,
  type VaultConfig,
  VaultConfigError,
  vaultConfigFromFlags,
  type VaultFlags,
} from '../../lambdas/vault/index.js';
import { isFuture, requireTestEndpoint } from '../clock-guard.js';
import { UsageError } from '../errors.js';

/** Output formats. */
export const SHRED_FORMATS = ['table', 'json'] as const;
/** One output format. */
export type ShredFormat = (typeof SHRED_FORMATS)[number];

/** Parses `--now`: an ISO 8601 time with a zone (`2034-01-01T00:00:00Z`). */
export function parseNow(value: string | undefined, option = '--now'): { now: Date; overridden: boolean } {
  if (value === undefined) return { now: new Date(), overridden: false };
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`${option} ${JSON.stringify(value)}: expected an ISO 8601 time such as 2034-01-01T00:00:00Z`);
  }
  return { now: new Date(value), overridden: true };
}

/** Vault configuration from flags; a bad setting is a UsageError naming the flag. */
export function configFromFlags(flags: VaultFlags): VaultConfig {
  try {
    return vaultConfigFromFlags(flags);
  } catch (error) {
    if (error instanceof VaultConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** Options of the shred command, parsed. */
export interface ShredCommandOptions {
  readonly config: VaultConfig;
  readonly execute: boolean;
  readonly now: Date;
  readonly clockOverridden: boolean;
  readonly drill: boolean;
  readonly format: ShredFormat;
}

/** Runs the command; returns the exit code. */
export async function runShred(options: ShredCommandOptions): Promise<number> {
  const { config, now } = options;
  if (options.execute && isFuture(now) && !options.drill) {
    throw new UsageError('--now is later than the real clock: with --execute that shreds data before its retention ends; add --drill (test endpoints only)');
  }
  if (options.drill) requireTestEndpoint('--drill');
  if (options.execute && isFuture(now)) requireTestEndpoint('--execute with a --now later than the real clock');
  try {
    if (!options.execute) {
      const plan = await planShred({ s3: s3Client(), kms: kmsClient() }, config, now);
      process.stdout.write(render(plan, undefined, options.format));
      return 0;
    }
    const result = await executeShred({ s3: s3Client(), kms: kmsClient(), sns: snsClient() }, config, now, {
      clock: options.clockOverridden ? 'override' : 'system',
    });
    process.stdout.write(render(result.plan, result, options.format));
    const undelivered = result.actions.some((a) => a.notification === 'failed');
    return result.refused > 0 || result.failed > 0 || undelivered ? 1 : 0;
  } catch (error) {
    if (isAwsCallError(error) || isVaultError(error)) {
      process.stderr.write(`shredlock: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function keyJson(k: KeyPlan, action: KeyAction | undefined) {
  const f = k.facts;
  return {
    epoch: f.epoch,
    keyId: f.keyId,
    keyArn: f.keyArn ?? null,
    state: f.kmsState ?? f.state,
    deletionDate: f.deletionDate ?? null,
    shredNotBefore: f.shredNotBefore ?? null,
    approval: { status: f.approval.status, by: f.approval.by ?? null, at: f.approval.at ?? null },
    decision: k.label,
    reasons: k.decision.outcome === 'refuse' ? k.decision.reasons : [],
    covered: k.covered ?? null,
    evidenceProblems: k.evidenceProblems ?? [],
    blockers: (action?.blockers ?? k.blockers).map((b) => ({
      versionId: b.versionId,
      keyHash: b.keyHash,
      reasons: b.reasons,
      lockMode: b.lockMode ?? null,
      retainUntil: b.retainUntil ?? null,
    })),
    ...(action
      ? {
          action: {
            outcome: action.outcome,
            label: action.label,
            record: action.record ?? null,
            deletionDate: action.deletionDate ?? null,
            notification: action.notification,
            error: action.error ?? null,
          },
        }
      : {}),
  };
}

/** The plan (and the actions of an execution) as JSON or a table. Ids and counts only. */
export function render(plan: ShredPlan, result: ExecuteResult | undefined, format: ShredFormat): string {
  const actionOf = (keyId: string) => result?.actions.find((a) => a.keyId === keyId);
  if (format === 'json') {
    const e = plan.evidence;
    return `${JSON.stringify(
      {
        vault: plan.vault,
        mode: result ? 'execute' : 'plan',
        now: plan.now,
        bucketDefaultKeyId: plan.bucketDefaultKeyId ?? null,
        evidence: e
          ? {
              method: e.method,
              versionsListed: e.versionsListed,
              deleteMarkers: e.deleteMarkers,
              versionsOfOtherKeys: e.versionsOfOtherKeys,
              versionsWithoutKms: e.versionsWithoutKms,
              complete: e.complete,
              ...(e.inventory ? { inventory: e.inventory } : {}),
            }
          : null,
        keys: plan.keys.map((k) => keyJson(k, actionOf(k.facts.keyId))),
        ...(result ? { summary: { refused: result.refused, failed: result.failed } } : {}),
      },
      null,
      2,
    )}\n`;
  }
  const header = ['EPOCH', 'KEY ID', 'STATE', 'NOT BEFORE', 'APPROVAL', 'VERSIONS', 'BYTES', 'DECISION', ...(result ? ['ACTION'] : [])];
  const rows = plan.keys.map((k) => {
    const f = k.facts;
    const a = actionOf(f.keyId);
    return [
      f.epoch,
      f.keyId,
      f.kmsState ?? f.state,
      f.shredNotBefore ?? '-',
      f.approval.status,
      k.covered ? String(k.covered.count) : '-',
      k.covered ? String(k.covered.bytes) : '-',
      k.label,
      ...(result ? [a ? `${a.outcome}${a.error ? ` (${a.error.code})` : ''}` : '-'] : []),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) => `${cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd()}\n`;
  let text = `${result ? 'Execution' : 'Plan'} for vault ${plan.vault} at ${plan.now}${result ? '' : ' (nothing was changed)'}\n\n`;
  text += line(header) + rows.map(line).join('');
  if (plan.keys.length === 0) text += '(no epoch keys found)\n';
  for (const k of plan.keys) {
    if (k.evidenceProblems) text += `\nEvidence for key ${k.facts.keyId} proves nothing: ${k.evidenceProblems.join(', ')}\n`;
    const blockers = actionOf(k.facts.keyId)?.blockers ?? k.blockers;
    if (blockers.length === 0) continue;
    text += `\nVersions blocking key ${k.facts.keyId} (${blockers.length}):\n`;
    for (const b of blockers) {
      text += `  ${b.versionId}  ${b.reasons.join('+')}${b.retainUntil ? `  until ${b.retainUntil}` : ''}${b.lockMode ? ` (${b.lockMode})` : ''}\n`;
    }
  }
  return text;
}

/** Adds `shred` to the program. */
export function registerShred(program: Command): void {
  program
    .command('shred')
    .description("plan (default) or execute the crypto-shred of a vault's epoch keys whose retention has ended")
    .requiredOption(`${VAULT_FLAGS.vaultName} <name>`, 'vault name')
    .requiredOption(`${VAULT_FLAGS.vaultBucket} <bucket>`, 'vault bucket')
    .requiredOption(`${VAULT_FLAGS.recordsBucket} <bucket>`, 'records bucket (epoch ledger, certificates)')
    .option(`${VAULT_FLAGS.topicArn} <arn>`, 'SNS topic for notices (execute only)')
    .addOption(new Option('--plan', 'show what would be done; change nothing (default)').conflicts('execute'))
    .addOption(new Option('--execute', 'disable and schedule deletion of due keys, write certificates').conflicts('plan'))
    .option(`${VAULT_FLAGS.shredderPrincipalArn} <arn>`, 'your own IAM principal ARN: an approval by it does not count')
    .option(`${VAULT_FLAGS.retentionDays} <days>`, "vault retention; a floor under the keys' shred-not-before tags")
    .option(`${VAULT_FLAGS.keyDeletionWindowDays} <days>`, 'KMS deletion waiting period, 7-30 (default 30)')
    .option(`${VAULT_FLAGS.requireApproval}`, 'shred keys nobody approved (test accounts only)', false)
    .option(`${VAULT_FLAGS.inventoryBucket} <bucket>`, "the vault's S3 Inventory bucket: proof from it above the listing limit")
    .option(`${VAULT_FLAGS.inventoryPrefix} <prefix>`, "that inventory's destination prefix (default vault)")
    .option('--now <iso>', 'pretend it is this time (drills and demos); default: the real clock')
    .option('--drill', 'with --execute, accept a --now later than the real clock (only with AWS_ENDPOINT_URL set to a test endpoint)', false)
    .addOption(new Option('--format <format>', 'output format').choices(SHRED_FORMATS).default('table'))
    .action(async (opts) => {
      const { now, overridden } = parseNow(opts.now as string | undefined);
      const config = configFromFlags({
        vault: opts.vault as string,
        vaultBucket: opts.vaultBucket as string,
        recordsBucket: opts.recordsBucket as string,
        topicArn: opts.topicArn as string | undefined,
        retentionDays: opts.retentionDays as string | undefined,
        deletionWindowDays: opts.deletionWindowDays as string | undefined,
        allowUnapproved: opts.allowUnapproved as boolean,
        principal: opts.principal as string | undefined,
        inventoryBucket: opts.inventoryBucket as string | undefined,
        inventoryPrefix: opts.inventoryPrefix as string | undefined,
      });
      try {
        requireShredderSettings(config, VAULT_FLAGS);
      } catch (error) {
        if (error instanceof VaultConfigError) throw new UsageError(error.message);
        throw error;
      }
      process.exitCode = await runShred({
        config,
        execute: opts.execute === true,
        now,
        clockOverridden: overridden,
        drill: opts.drill as boolean,
        format: opts.format as ShredFormat,
      });
    });
}
