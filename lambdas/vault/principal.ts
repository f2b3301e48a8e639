/**
 * IAM principals, compared the way an approval rule needs: the role `arn:aws:iam::1:role/p/name`
 * and a session of it, `arn:aws:sts::1:assumed-role/name/session`, are the same principal.
 * Pure functions.
 */
import { PRINCIPAL_ARN_PATTERN } from '../../contract/patterns.js';

/** A principal reduced to what identifies it. */
export interface PrincipalId {
  readonly partition: string;
  readonly account: string;
  readonly kind: 'role' | 'user' | 'root';
  /** Role or user name (without path); `root` for the account root. */
  readonly name: string;
}


/** Parses a principal ARN; undefined when it is none of the accepted forms. */
export function parsePrincipal(arn: string): PrincipalId | undefined {
  const m = PRINCIPAL_ARN_PATTERN.exec(arn);
  if (!m) return undefined;
  const partition = m[1] as string;
  if (m[4] !== undefined) return { partition, account: m[4], kind: 'role', name: m[5] as string };
  const resource = m[3] as string;
  if (resource === 'root') return { partition, account: m[2] as string, kind: 'root', name: 'root' };
  const [kind, ...rest] = resource.split('/');
  return { partition, account: m[2] as string, kind: kind as 'role' | 'user', name: rest[rest.length - 1] as string };
}

/** True when both ARNs parse and name the same principal; false when they differ or either does not parse. */
export function samePrincipal(a: string, b: string): boolean {
  const pa = parsePrincipal(a);
  const pb = parsePrincipal(b);
  if (!pa || !pb) return false;
  return pa.partition === pb.partition && pa.account === pb.account && pa.kind === pb.kind && pa.name === pb.name;
}
