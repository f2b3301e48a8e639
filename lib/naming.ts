/**
 * The name and ARN scheme the runtime relies on: bucket names from the vault name, account and
 * region; role names under one IAM path; key aliases and tags per epoch. One place, so the Lambdas
 * of the runtime issue compute the same names.
 */
import { Stack } from 'aws-cdk-lib';

/** IAM path of every ShredLock role. */
export const ROLE_PATH = '/shredlock/';

// The runtime-safe half of the scheme (tags, record prefixes, epoch aliases) lives with the Lambdas,
// which cannot load aws-cdk-lib; re-exported here so the stack and the runtime share one rule.
export {
  epochAliasName,
  epochAliasPrefix,
  RECORD_PREFIXES,
  shredNotBefore,
  TAG_APPROVED_AT,
  TAG_APPROVED_BY,
  TAG_EPOCH,
  TAG_EPOCH_MONTHS,
  TAG_SHRED_NOT_BEFORE,
  TAG_VAULT,
} from '../lambdas/vault/naming.js';

/** Prefix, in the records bucket, of the incident records the sealer writes. */
export { INCIDENTS_PREFIX } from '../lambdas/seal/layout.js';
/** Prefix, in the records bucket, of the backlog scan's resume state (lambdas/scanner/backlog-handler.ts). */
export const BACKLOG_STATE_PREFIX = 'state/backlog/';
/**
 * Prefix, in the inventory bucket, of the inventory scan's Map Run results (per-batch counts and
 * failures; the scan reports themselves go to the records bucket under reports/).
 */
export const INVENTORY_SCAN_RESULTS_PREFIX = 'scan-results/';

/** The buckets of one vault. */
export type BucketKind = 'vault' | 'records' | 'inventory' | 'access-logs' | 'trail';

/** The roles of one vault (`inventory-scan` is the inventory scan state machine's). */
export type RoleKind =
  | 'writer'
  | 'scanner'
  | 'shredder'
  | 'auditor'
  | 'break-glass'
  | 'rotator'
  | 'sealer'
  | 'inventory-scan';

/** The Lambda functions of one vault. */
export type FunctionKind = 'scanner' | 'scan-backlog' | 'scan-inventory' | 'rotator' | 'shredder' | 'seal';

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

/** ARN of Macie's service-linked role in the stack's account. */
export function macieServiceLinkedRoleArn(stack: Stack): string {
  return `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;
}

/** `<vault>-<function>`: what the runbook invokes (e.g. `aws lambda invoke --function-name shredlock-seal`). */
export function functionName(vaultName: string, kind: FunctionKind): string {
  return `${vaultName}-${kind}`;
}

/** `/shredlock/<vault>/`: every log group of a vault starts with it (the audit key lets Logs use it for these only). */
export function logGroupPrefix(vaultName: string): string {
  return `/shredlock/${vaultName}/`;
}

/** `/shredlock/<vault>/lambda/<function>`. */
export function functionLogGroupName(vaultName: string, kind: FunctionKind): string {
  return `${logGroupPrefix(vaultName)}lambda/${kind}`;
}

/** `<vault>-inventory-scan`: the state machine that scans a vault from its S3 Inventory. */
export function inventoryScanStateMachineName(vaultName: string): string {
  return `${vaultName}-inventory-scan`;
}

/** Key prefix of the vault's S3 Inventory in the inventory bucket (`<prefix>/<source bucket>/<config id>/`). */
export function inventoryReportPrefix(destinationPrefix: string, sourceBucket: string, inventoryId: string): string {
  return `${destinationPrefix}/${sourceBucket}/${inventoryId}/`;
}
