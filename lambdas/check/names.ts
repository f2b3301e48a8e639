/**
 * Names of a deployed vault's resources, computed the way the stack computes them. Runtime-safe
 * copies of lib/naming.ts bucketName() and roleArn(), lib/audit-trail.ts trailName() and
 * lib/naming.ts macieServiceLinkedRoleArn() (those take a CDK Stack, which a Lambda cannot load).
 * The moto test provisions from the synthesized template, so a rename there fails it.
 */
import type { VaultBucketKind, VaultEnv } from './types.js';

/** IAM path of every ShredLock role (lib/naming.ts ROLE_PATH). */
export const ROLE_PATH = '/shredlock/';

/** `<vault>-<kind>-<account>-<region>`. */
export function vaultBucketName(vault: string, kind: VaultBucketKind, env: Pick<VaultEnv, 'account' | 'region'>): string {
  return `${vault}-${kind}-${env.account}-${env.region}`;
}

/** `arn:<partition>:iam::<account>:role/shredlock/<vault>-<role>`. */
export function vaultRoleArn(vault: string, role: string, env: Pick<VaultEnv, 'account' | 'partition'>): string {
  return `arn:${env.partition}:iam::${env.account}:role${ROLE_PATH}${vault}-${role}`;
}

/** `<vault>-trail`. */
export function vaultTrailName(vault: string): string {
  return `${vault}-trail`;
}

/** Macie's service-linked role in the account. */
export function macieRoleArn(env: Pick<VaultEnv, 'account' | 'partition'>): string {
  return `arn:${env.partition}:iam::${env.account}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;
}

/** The partition of a region: `aws-cn` for cn-*, `aws-us-gov` for us-gov-*, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Partition and account of an ARN, or undefined. */
export function arnAccount(arn: string | undefined): { partition: string; account: string } | undefined {
  const m = arn ? /^arn:(aws[a-z-]*):[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(arn) : null;
  return m ? { partition: m[1], account: m[2] } : undefined;
}
