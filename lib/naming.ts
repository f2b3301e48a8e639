/**
 * The name and ARN scheme the runtime relies on: bucket names from the vault name, account and
 * region; role names under one IAM path; key aliases and tags per epoch. One place, so the Lambdas
 * of the runtime issue compute the same names.
 */
import { Stack } from 'aws-cdk-lib';

/** IAM path of every ShredLock role. */
export const ROLE_PATH = '/shredlock/';

/** Tag keys on vault keys; the shredder's permissions are conditioned on TAG_VAULT. */
export const TAG_VAULT = 'shredlock:vault';
/** Tag with the epoch a key covers, "YYYY-MM" (its first month). */
export const TAG_EPOCH = 'shredlock:epoch';
/** Tag with the number of months the epoch covers. */
export const TAG_EPOCH_MONTHS = 'shredlock:epoch-months';
/** Tag with the first day (UTC, YYYY-MM-DD) on which all data of the epoch is out of retention. */
export const TAG_SHRED_NOT_BEFORE = 'shredlock:shred-not-before';

/** S3 key prefixes in the records bucket. */
export const RECORD_PREFIXES = { reports: 'reports/', certificates: 'certificates/' } as const;

/** The buckets of one vault. */
export type BucketKind = 'vault' | 'records' | 'inventory' | 'access-logs' | 'trail';

/** The roles of one vault. */
export type RoleKind = 'writer' | 'scanner' | 'shredder' | 'auditor' | 'break-glass';

/** `<vault>-<kind>-<account>-<region>`: globally unique, and computable by the runtime. */
export function bucketName(stack: Stack, vaultName: string, kind: BucketKind): string {
  return `${vaultName}-${kind}-${stack.account}-${stack.region}`;
}

/** `<vault>-<role>`, under ROLE_PATH. */
export function roleName(vaultName: string, kind: RoleKind): string {
  return `${vaultName}-${kind}`;
}

/** The ARN a role with roleName() has; usable before the role exists (no dependency cycles). */
export function roleArn(stack: Stack, vaultName: string, kind: RoleKind): string {
  return `arn:${stack.partition}:iam::${stack.account}:role${ROLE_PATH}${roleName(vaultName, kind)}`;
}

/** ARN pattern of every KMS key in the stack's account and region (narrowed by tag conditions). */
export function anyKeyInAccountArn(stack: Stack): string {
  return `arn:${stack.partition}:kms:${stack.region}:${stack.account}:key/*`;
}

/** `alias/shredlock/<vault>/epoch/<YYYY-MM>`. */
export function epochAliasName(vaultName: string, epoch: string): string {
  return `${epochAliasPrefix(vaultName)}${epoch}`;
}

/** `alias/shredlock/<vault>/epoch/`: every epoch alias of a vault starts with it. */
export function epochAliasPrefix(vaultName: string): string {
  return `alias/shredlock/${vaultName}/epoch/`;
}

/** ARN of Macie's service-linked role in the stack's account. */
export function macieServiceLinkedRoleArn(stack: Stack): string {
  return `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;
}

/**
 * The first UTC day on which every object written in an epoch is out of retention: the epoch's end
 * (first day of the month after it) plus the retention period.
 */
export function shredNotBefore(epoch: string, epochMonths: number, retentionDays: number): string {
  const [year, month] = epoch.split('-').map(Number) as [number, number];
  const end = Date.UTC(year, month - 1 + epochMonths, 1);
  return new Date(end + retentionDays * 86_400_000).toISOString().slice(0, 10);
}
