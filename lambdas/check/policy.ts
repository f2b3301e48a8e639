/**
 * Bucket-policy statements compared with what the stack writes. Pure functions over the policy
 * JSON S3 returns.
 *
 * A statement the stack writes is a Deny to everyone, narrowed only by an exemption of named
 * principals (`ArnNotEquals aws:PrincipalArn`). It has drifted when it is gone, no longer a Deny,
 * no longer covers one of its actions, applies to fewer principals than everyone, or exempts a
 * principal the stack does not (or no longer one it does). Other conditions (encryption headers,
 * TLS) are the statement's own business and not compared; nor are resources.
 */
import type { PolicyStatement, StatementExpectation } from './types.js';

/** A string or list as a list. */
export function asList(value: string | readonly string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}

/** True for Principal `*` or `{ "AWS": "*" }`. */
export function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  const aws = (principal as Record<string, unknown>).AWS;
  return Object.keys(principal).length === 1 && (aws === '*' || (Array.isArray(aws) && aws.length === 1 && aws[0] === '*'));
}

const NEGATED_PRINCIPAL_OPERATORS = /^(ArnNotEquals|ArnNotLike|StringNotEquals|StringNotLike|StringNotEqualsIgnoreCase)(IfExists)?$/;
const PRINCIPAL_KEY = /^aws:(principal[a-z]*(\/.*)?|userid|username)$/i;

/** Principal ARNs a Deny does not apply to (negated conditions on aws:PrincipalArn). */
export function exemptedPrincipals(statement: PolicyStatement): string[] {
  const found: string[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (!NEGATED_PRINCIPAL_OPERATORS.test(operator)) continue;
    for (const [key, value] of Object.entries(block)) {
      if (key.toLowerCase() === 'aws:principalarn') found.push(...asList(value as string | string[]));
    }
  }
  return found;
}

/** Conditions on who the caller is, other than the aws:PrincipalArn exemption (`Operator key`). */
function otherPrincipalConditions(statement: PolicyStatement): string[] {
  const found: string[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const key of Object.keys(block)) {
      if (!PRINCIPAL_KEY.test(key)) continue;
      if (key.toLowerCase() === 'aws:principalarn' && NEGATED_PRINCIPAL_OPERATORS.test(operator)) continue;
      found.push(`${operator} ${key}`);
    }
  }
  return found;
}

function conditionValue(statement: PolicyStatement, operator: string, key: string): unknown {
  const block = statement.Condition?.[operator];
  if (!block) return undefined;
  const entry = Object.entries(block).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return entry?.[1];
}

/** The statement that plays `expected`'s part: by Sid, or by the condition of an unnamed TLS statement. */
export function findStatement(expected: StatementExpectation, statements: readonly PolicyStatement[]): PolicyStatement | undefined {
  switch (expected.match) {
    case 'sid':
      return statements.find((s) => s.Sid === expected.name);
    case 'secure-transport':
      return statements.find((s) => String(conditionValue(s, 'Bool', 'aws:SecureTransport')) === 'false');
    case 'tls-version':
      return statements.find((s) => Number(conditionValue(s, 'NumericLessThan', 's3:TlsVersion')) === 1.2);
  }
}

/** True when an action pattern of the statement (`s3:*`, `s3:Get*`) covers `action`. */
export function covers(patterns: readonly string[], action: string): boolean {
  return patterns.some((p) => {
    const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    return re.test(action);
  });
}

/** How `statement` falls short of `expected`; empty when it does not. */
export function statementProblems(expected: StatementExpectation, statement: PolicyStatement): string[] {
  const problems: string[] = [];
  if (statement.Effect !== 'Deny') problems.push(`Effect ${statement.Effect ?? '(none)'}`);
  if (statement.NotAction !== undefined) problems.push('NotAction instead of Action');
  const actions = asList(statement.Action);
  const uncovered = expected.actions.filter((a) => !covers(actions, a));
  if (uncovered.length) problems.push(`does not deny ${uncovered.join(', ')}`);
  if (statement.NotPrincipal !== undefined || !isEveryone(statement.Principal)) {
    problems.push(`applies only to ${JSON.stringify(statement.NotPrincipal !== undefined ? { NotPrincipal: statement.NotPrincipal } : statement.Principal)}`);
  }
  const other = otherPrincipalConditions(statement);
  if (other.length) problems.push(`also narrowed by ${other.join(', ')}`);
  if (expected.exempt !== undefined) {
    const found = new Set(exemptedPrincipals(statement));
    const wanted = new Set(expected.exempt);
    const extra = [...found].filter((a) => !wanted.has(a));
    const gone = [...wanted].filter((a) => !found.has(a));
    if (extra.length) problems.push(`also exempts ${extra.join(', ')}`);
    if (gone.length) problems.push(`no longer exempts ${gone.join(', ')}`);
  }
  return problems;
}

/** `Deny s3:DeleteObjectVersion to everyone but arn:…` */
export function describeExpected(expected: StatementExpectation): string {
  const who = expected.exempt && expected.exempt.length ? `everyone but ${expected.exempt.join(', ')}` : 'everyone';
  return `Deny ${expected.actions.join(', ')} to ${who}`;
}

/** Allow statements that grant to everyone without any condition: `#<index or Sid>: <actions>`. */
export function publicGrants(statements: readonly PolicyStatement[]): { name: string; actions: string }[] {
  return statements
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.Effect === 'Allow' && isEveryone(s.Principal) && Object.keys(s.Condition ?? {}).length === 0)
    .map(({ s, i }) => ({ name: s.Sid ?? `#${i + 1}`, actions: asList(s.Action).join(', ') || 'NotAction' }));
}
