import { describe, expect, it } from 'vitest';
import { covers, exemptedPrincipals, findStatement, isEveryone, publicGrants, statementProblems } from '../../lambdas/check/policy.js';
import type { PolicyStatement, StatementExpectation } from '../../lambdas/check/types.js';
import { ENV, expectation, statementFor } from './fixtures.js';

const SHREDDER = 'arn:aws:iam::111122223333:role/shredlock/v1-shredder';
const DELETES: StatementExpectation = { name: 'DenyVersionDeletesExceptShredder', match: 'sid', actions: ['s3:DeleteObjectVersion'], exempt: [SHREDDER] };
const base = statementFor(DELETES);

describe('statementProblems', () => {
  it.each<[string, PolicyStatement, string[]]>([
    ['the statement as written', base, []],
    ['a wildcard action that still covers it', { ...base, Action: 's3:Delete*' }, []],
    ['Principal "*"', { ...base, Principal: '*' }, []],
    ['Allow instead of Deny', { ...base, Effect: 'Allow' }, ['Effect Allow']],
    ['another action', { ...base, Action: 's3:DeleteObject' }, ['does not deny s3:DeleteObjectVersion']],
    ['NotAction', { ...base, Action: undefined, NotAction: 's3:GetObject' }, ['NotAction instead of Action', 'does not deny s3:DeleteObjectVersion']],
    ['one principal only', { ...base, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, ['applies only to {"AWS":"arn:aws:iam::111122223333:root"}']],
    [
      'an extra exemption',
      { ...base, Condition: { ArnNotEquals: { 'aws:PrincipalArn': [SHREDDER, 'arn:aws:iam::111122223333:role/admin'] } } },
      ['also exempts arn:aws:iam::111122223333:role/admin'],
    ],
    ['a wildcard exemption', { ...base, Condition: { ArnNotLike: { 'aws:PrincipalArn': [SHREDDER, 'arn:aws:iam::*:role/*'] } } }, ['also exempts arn:aws:iam::*:role/*']],
    ['no exemption left', { ...base, Condition: undefined }, [`no longer exempts ${SHREDDER}`]],
    [
      'narrowed by account',
      { ...base, Condition: { ...base.Condition, StringEquals: { 'aws:PrincipalAccount': '999999999999' } } },
      ['also narrowed by StringEquals aws:PrincipalAccount'],
    ],
  ])('%s', (_name, statement, problems) => {
    expect(statementProblems(DELETES, statement)).toEqual(problems);
  });
});

describe('policy helpers', () => {
  it.each([
    ['*', true],
    [{ AWS: '*' }, true],
    [{ AWS: ['*'] }, true],
    [{ AWS: '*', Service: 'x' }, false],
    [{ AWS: 'arn:aws:iam::1:root' }, false],
    [undefined, false],
  ])('isEveryone(%j) = %s', (principal, everyone) => {
    expect(isEveryone(principal)).toBe(everyone);
  });

  it('finds the unnamed TLS statements by their condition', () => {
    const statements = [statementFor({ name: 'TlsVersion', match: 'tls-version', actions: ['s3:*'] }), statementFor({ name: 'SecureTransport', match: 'secure-transport', actions: ['s3:*'] })];
    expect(findStatement({ name: 'SecureTransport', match: 'secure-transport', actions: ['s3:*'] }, statements)).toBe(statements[1]);
    expect(findStatement({ name: 'TlsVersion', match: 'tls-version', actions: ['s3:*'] }, [{ Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }])).toBeDefined();
  });

  it('reads exemptions from negated conditions on aws:PrincipalArn only', () => {
    expect(exemptedPrincipals({ Condition: { ArnNotEquals: { 'aws:PrincipalArn': 'a' }, StringNotLikeIfExists: { 'AWS:PrincipalArn': ['b'] }, ArnEquals: { 'aws:PrincipalArn': 'c' } } })).toEqual(['a', 'b']);
  });

  it.each([
    [['s3:*'], 's3:GetObject', true],
    [['s3:Get*'], 's3:GetObjectVersion', true],
    [['S3:getobject'], 's3:GetObject', true],
    [['s3:GetObject'], 's3:GetObjectVersion', false],
  ])('covers(%j, %s) = %s', (patterns, action, covered) => {
    expect(covers(patterns, action)).toBe(covered);
  });

  it('lists unconditional Allows to everyone', () => {
    expect(
      publicGrants([
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' },
        { Sid: 'Logs', Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Condition: { ArnLike: { 'aws:SourceArn': 'x' } } },
        { Sid: 'Svc', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' },
      ]),
    ).toEqual([{ name: '#1', actions: 's3:GetObject' }]);
  });
});

describe('expectVault', () => {
  const statement = (exp: ReturnType<typeof expectation>, sid: string) => exp.buckets[0].statements.find((s) => s.name === sid);
  const role = (name: string) => `arn:aws:iam::${ENV.account}:role/shredlock/v1-${name}`;
  const macie = `arn:aws:iam::${ENV.account}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;

  it('exempts the break-glass role and Macie only when configured', () => {
    expect(statement(expectation(), 'DenyDataReadsExceptReaders')?.exempt).toEqual([role('scanner'), role('sealer'), role('shredder')]);
    expect(statement(expectation(), 'DenyRetentionChangesExceptBreakGlass')?.exempt).toEqual([]);
    const full = expectation({ breakGlass: true, macie: true });
    expect(statement(full, 'DenyDataReadsExceptReaders')?.exempt).toEqual([role('scanner'), role('sealer'), role('shredder'), role('break-glass'), macie]);
    expect(statement(full, 'DenyRetentionChangesExceptBreakGlass')?.exempt).toEqual([role('break-glass')]);
  });

  it("exempts the Macie findings role from the tag-change deny only when Macie is on, as the stack's vault policy does", () => {
    expect(statement(expectation(), 'DenyTagChangesExceptScanner')?.exempt).toEqual([role('scanner')]);
    expect(statement(expectation({ macie: true }), 'DenyTagChangesExceptScanner')?.exempt).toEqual([role('scanner'), role('macie-findings')]);
  });

  it('names the buckets, the trail and the alias prefix as the stack does', () => {
    const exp = expectation({ retentionMode: 'GOVERNANCE', retentionDays: 30, recordsRetentionDays: 90 });
    expect(exp.buckets.map((b) => [b.name, b.lock])).toEqual([
      ['v1-vault-111122223333-eu-central-1', { mode: 'GOVERNANCE', days: 30 }],
      ['v1-records-111122223333-eu-central-1', { mode: 'GOVERNANCE', days: 90 }],
      ['v1-trail-111122223333-eu-central-1', { mode: 'GOVERNANCE', days: 90 }],
      ['v1-inventory-111122223333-eu-central-1', null],
      ['v1-access-logs-111122223333-eu-central-1', null],
    ]);
    expect(exp.trail).toEqual({
      name: 'v1-trail',
      bucket: 'v1-trail-111122223333-eu-central-1',
      dataEventBuckets: ['v1-vault-111122223333-eu-central-1', 'v1-records-111122223333-eu-central-1', 'v1-inventory-111122223333-eu-central-1'],
    });
    expect(exp.keys).toEqual({ vault: 'v1', aliasPrefix: 'alias/shredlock/v1/epoch/', retentionDays: 30, today: '2026-11-27' });
  });
});
