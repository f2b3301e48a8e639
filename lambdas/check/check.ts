/**
 * One compliance check: find where the vault is deployed, derive the expectations, read the live
 * configuration, compare. The comparison is pure (compare.ts); this is the plumbing around it.
 */
import { GetTrailCommand } from '@aws-sdk/client-cloudtrail';
import { describeKey, listEpochAliases } from '../vault/epoch-keys.js';
import { vaultTrailName } from '../../contract/naming.js';
import { compareVault } from './compare.js';
import { CheckConfigError } from './errors.js';
import { expectVault } from './expected.js';
import { arnAccount, partitionOf } from './names.js';
import { readVault, type CheckClients } from './read.js';
import type { CheckSettings } from './settings.js';
import type { CheckReport, VaultEnv } from './types.js';

/** What to check. */
export interface CheckTarget {
  readonly settings: CheckSettings;
  readonly region: string;
  /** The vault's account. @default found from the trail's or an epoch key's ARN */
  readonly account?: string;
  /** Clock of `checkedAt` and of the shred-not-before comparisons. @default new Date() */
  readonly now?: Date;
}

/**
 * The vault's account and partition: as given, else from the ARN of its trail (GetTrail), else of
 * its first epoch key (DescribeKey). CheckConfigError when neither exists (nothing to check).
 */
export async function resolveEnv(clients: CheckClients, vault: string, region: string, account?: string): Promise<VaultEnv> {
  if (account) {
    if (!/^\d{12}$/.test(account)) throw new CheckConfigError('account', `${JSON.stringify(account)} is not a 12-digit AWS account id`);
    return { account, region, partition: partitionOf(region) };
  }
  const fromTrail = await clients.cloudtrail
    .send(new GetTrailCommand({ Name: vaultTrailName(vault) }))
    .then((out) => arnAccount(out.Trail?.TrailARN))
    .catch(() => undefined);
  const fromKey =
    fromTrail ??
    (await listEpochAliases(clients.kms, vault)
      .then(async (aliases) => (aliases[0] ? arnAccount((await describeKey(clients.kms, aliases[0].keyId)).keyArn) : undefined))
      .catch(() => undefined));
  if (!fromKey) {
    throw new CheckConfigError('account', `no trail ${vaultTrailName(vault)} and no epoch key of vault ${vault} in ${region} to read the account from; give it`);
  }
  return { ...fromKey, region };
}

/** Checks one vault; never throws for a drift or an unreadable setting (both are drifts). */
export async function runCheck(clients: CheckClients, target: CheckTarget): Promise<CheckReport> {
  const now = target.now ?? new Date();
  const env = await resolveEnv(clients, target.settings.vaultName, target.region, target.account);
  const expected = expectVault(target.settings, env, now);
  const { checked, drifts } = compareVault(expected, await readVault(clients, expected));
  return {
    type: 'shredlock.check',
    version: 1,
    vault: expected.vault,
    account: env.account,
    region: env.region,
    checkedAt: now.toISOString(),
    checked,
    compliant: drifts.length === 0,
    drifts,
  };
}
