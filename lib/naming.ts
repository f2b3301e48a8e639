/**
 * The name and ARN scheme the runtime relies on: bucket names from the vault name, account and
 * region; role names under one IAM path; key aliases and tags per epoch. The rules themselves live
 * in contract/naming.ts (the Lambdas cannot load aws-cdk-lib); this module re-exports them and
 * adds what needs a CDK Stack (its account, region and partition) or exists only in the stack.
 */
import { Stack } from 'aws-cdk-lib';
import { macieRoleArn, vaultBucketName, vaultRoleArn, type BucketKind, type RoleKind } from '../contract/naming.js';

export {
  BACKLOG_STATE_PREFIX,
  certificatePrefix,
  INCIDENTS_PREFIX,
  epochAliasName,
  epochAliasPrefix,
  INVENTORY_CONFIG_ID,
  INVENTORY_PREFIX,
  RECORD_PREFIXES,
  ROLE_PATH,
  roleName,
  shredNotBefore,
  TAG_APPROVED_AT,
  TAG_APPROVED_BY,
  TAG_APPROVED_PATTERN,
  TAG_EPOCH,
  TAG_EPOCH_MONTHS,
  TAG_SHRED_NOT_BEFORE,
  TAG_VAULT,
  vaultTrailName as trailName,
  type BucketKind,
  type RoleKind,
} from '../contract/naming.js';

/**
 * Prefix, in the inventory bucket, of the inventory scan's Map Run results (per-batch counts and
 * failures; the scan reports themselves go to the records bucket under reports/).
 */
export const INVENTORY_SCAN_RESULTS_PREFIX = 'scan-results/';

/** The Lambda functions of one vault. */
export type FunctionKind = 'scanner' | 'scan-backlog' | 'scan-inventory' | 'rotator' | 'shredder' | 'seal' | 'check';

/** vaultBucketName() in the stack's account and region (tokens when the stack is environment-agnostic). */
export function bucketName(stack: Stack, vaultName: string, kind: BucketKind): string {
  return vaultBucketName(vaultName, kind, stack);
}

/** vaultRoleArn() in the stack's account; usable before the role exists (no dependency cycles). */
export function roleArn(stack: Stack, vaultName: string, kind: RoleKind): string {
  return vaultRoleArn(vaultName, kind, stack);
}

/** ARN pattern of every KMS key in the stack's account and region (narrowed by tag conditions). */
export function anyKeyInAccountArn(stack: Stack): string {
  return `arn:${stack.partition}:kms:${stack.region}:${stack.account}:key/*`;
}

/** macieRoleArn() in the stack's account. */
export function macieServiceLinkedRoleArn(stack: Stack): string {
  return macieRoleArn(stack);
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
