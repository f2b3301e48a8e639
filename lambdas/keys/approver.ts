/**
 * Who an approval names: the caller's principal ARN as KMS evaluates `aws:PrincipalArn`, because
 * the epoch key policy (DenyApprovalTagsExceptInOwnName, lib/epoch-key.ts) denies setting
 * `shredlock:approved-by` to anything else.
 *
 * | Caller, as STS GetCallerIdentity names it           | Principal ARN written                          |
 * |-----------------------------------------------------|------------------------------------------------|
 * | `arn:aws:iam::<acct>:user/<path><name>`             | the same                                       |
 * | `arn:aws:iam::<acct>:root`                          | the same                                       |
 * | `arn:aws:sts::<acct>:assumed-role/<name>/<session>` | `arn:aws:iam::<acct>:role/<path><name>`; the   |
 * |                                                     | path from iam:GetRole, none when it is denied  |
 * | anything else (federated users, malformed)          | refused: INVALID_PRINCIPAL                     |
 *
 * A session ARN carries the role's name but not its IAM path (`/shredlock/`, SSO's
 * `/aws-reserved/sso.amazonaws.com/...`), and aws:PrincipalArn has it: hence GetRole. When GetRole
 * is denied, the path-less ARN is tried, which is right for roles without a path; the approval
 * then says so if KMS refuses it (approve.ts, APPROVER_PATH_UNKNOWN).
 */
import { GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { toIamError } from '../aws/errors.js';
import { IAM_PRINCIPAL_ARN_PATTERN } from '../../contract/patterns.js';
import { KeysError } from './errors.js';

/** The caller reduced to what an approval needs. */
export type CallerPrincipal =
  /** An IAM user or the account root: the caller ARN is the principal ARN. */
  | { readonly kind: 'iam'; readonly principalArn: string }
  /** A session of an IAM role: the role ARN without its path, and the role name to look the path up by. */
  | { readonly kind: 'role-session'; readonly pathlessRoleArn: string; readonly roleName: string; readonly account: string };

const SESSION = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/[\w+=,.@-]{2,64}$/;

/** What the caller ARN says about the principal; undefined when it is no IAM principal or role session. */
export function principalOfCaller(callerArn: string): CallerPrincipal | undefined {
  const session = SESSION.exec(callerArn);
  if (session) {
    const [, partition, account, roleName] = session as unknown as [string, string, string, string];
    return { kind: 'role-session', pathlessRoleArn: `arn:${partition}:iam::${account}:role/${roleName}`, roleName, account };
  }
  // A role ARN is never what GetCallerIdentity returns, but it is a principal ARN all the same.
  if (IAM_PRINCIPAL_ARN_PATTERN.test(callerArn)) return { kind: 'iam', principalArn: callerArn };
  return undefined;
}

/** The ARN (with path) of the role named `roleName`; undefined when the caller may not look it up. */
export type RoleArnLookup = (roleName: string) => Promise<string | undefined>;

/** The approver to write. */
export interface Approver {
  /** The principal ARN for `shredlock:approved-by`. */
  readonly principalArn: string;
  /** Set when the ARN is a role's without a path because GetRole was denied: the role name. */
  readonly unverifiedRole?: string;
}

/** The principal ARN an approval by `callerArn` must name (see the module doc). Throws KeysError or IamError. */
export async function approverOf(callerArn: string, lookupRoleArn: RoleArnLookup, about: { vaultName: string; epoch: string }): Promise<Approver> {
  const principal = principalOfCaller(callerArn);
  if (!principal) {
    throw new KeysError('INVALID_PRINCIPAL', about.vaultName, about.epoch, `the caller ${JSON.stringify(callerArn)} is neither an IAM user, the account root, nor a session of an IAM role`);
  }
  if (principal.kind === 'iam') return { principalArn: principal.principalArn };
  const roleArn = await lookupRoleArn(principal.roleName);
  if (roleArn === undefined) return { principalArn: principal.pathlessRoleArn, unverifiedRole: principal.roleName };
  const m = IAM_PRINCIPAL_ARN_PATTERN.exec(roleArn);
  const resource = m?.[3] ?? '';
  if (m?.[2] !== principal.account || !resource.startsWith('role/') || resource.split('/').pop() !== principal.roleName) {
    throw new KeysError('INVALID_PRINCIPAL', about.vaultName, about.epoch, `iam:GetRole answered ${JSON.stringify(roleArn)} for role ${principal.roleName}`);
  }
  return { principalArn: roleArn };
}

/** RoleArnLookup through iam:GetRole: AccessDenied means "may not look", any other failure throws IamError. */
export function iamRoleArnLookup(iam: IAMClient): RoleArnLookup {
  return async (roleName) => {
    try {
      return (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn;
    } catch (error) {
      const failure = toIamError(error, 'GetRole', { roleName });
      if (failure.kind === 'ACCESS_DENIED') return undefined;
      throw failure;
    }
  };
}
