/**
 * The protection alarms (lib/protection-alarms.ts): one EventBridge rule per entry of
 * PROTECTION_EVENT_RULES, each on the CloudTrail management events the issue names, narrowed to the
 * vault's resources, publishing to the notification topic; the topic policy and the audit key let
 * EventBridge deliver for exactly these rules.
 */
import { describe, expect, it } from 'vitest';
import { PROTECTION_EVENT_RULES, protectionRuleName } from '../../contract/protection-events.js';
import { synthStack, TEST_ENV } from '../support/cdk-app.js';
import { logicalId, resourcesOfType, statementBySid, statementsOf, type CfnResourceJson } from '../support/template.js';

const BREAK_GLASS = 'arn:aws:iam::123456789012:role/SecurityOfficer';
const base = synthStack('protection-base');
const variant = synthStack('protection-variant', { vaultName: 'testvault', breakGlassPrincipals: [BREAK_GLASS] });
const { account, region } = TEST_ENV;

interface Pattern {
  source: string[];
  'detail-type': string[];
  detail: { eventSource: string[]; eventName: unknown[]; requestParameters?: Record<string, unknown> };
}

function rulesOf(result: typeof base): Map<string, CfnResourceJson> {
  const prefix = protectionRuleName(result.config.vaultName, '');
  const rules = Object.values(resourcesOfType(result.template, 'AWS::Events::Rule')).filter((r) => String(r.Properties!.Name).startsWith(prefix));
  return new Map(rules.map((r) => [r.Properties!.Name as string, r]));
}
const patternOf = (rule: CfnResourceJson) => rule.Properties!.EventPattern as Pattern;
const variantRules = rulesOf(variant);
const rule = (id: string) => {
  const found = variantRules.get(protectionRuleName('testvault', id));
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};
/** The event name an EventBridge pattern entry matches (exact, or a `prefix` object). */
const matches = (entries: unknown[], name: string) =>
  entries.some((e) => e === name || (typeof e === 'object' && e !== null && name.startsWith((e as { prefix: string }).prefix)));

/** Every call the issue names, as CloudTrail records it (Lambda appends its API version). */
const ISSUE_EVENTS: [service: string, eventName: string][] = [
  ['aws.cloudtrail', 'StopLogging'],
  ['aws.cloudtrail', 'DeleteTrail'],
  ['aws.cloudtrail', 'UpdateTrail'],
  ['aws.cloudtrail', 'PutEventSelectors'],
  ['aws.kms', 'PutKeyPolicy'],
  ['aws.kms', 'TagResource'],
  ['aws.kms', 'UntagResource'],
  ['aws.kms', 'CancelKeyDeletion'],
  ['aws.kms', 'ScheduleKeyDeletion'],
  ['aws.kms', 'DisableKey'],
  ['aws.s3', 'PutBucketPolicy'],
  ['aws.s3', 'DeleteBucketPolicy'],
  ['aws.s3', 'PutObjectLockConfiguration'],
  ['aws.s3', 'PutBucketVersioning'],
  ['aws.s3', 'PutBucketEncryption'],
  ['aws.s3', 'DeleteBucketEncryption'],
  ['aws.lambda', 'UpdateFunctionConfiguration20150331v2'],
  ['aws.lambda', 'UpdateFunctionCode20150331v2'],
  ['aws.lambda', 'AddPermission20150331v2'],
  ['aws.iam', 'UpdateAssumeRolePolicy'],
  ['aws.iam', 'PutRolePolicy'],
  ['aws.iam', 'AttachRolePolicy'],
  ['aws.sts', 'AssumeRole'],
];

describe('protection rules', () => {
  it('makes one enabled rule per contract entry, each publishing to the notification topic', () => {
    const topic = logicalId(variant.template, 'AWS::SNS::Topic', 'NotificationsTopic');
    expect([...variantRules.keys()].sort()).toEqual(PROTECTION_EVENT_RULES.map((r) => protectionRuleName('testvault', r.id)).sort());
    for (const r of variantRules.values()) {
      expect(r.Properties!.State).toBe('ENABLED');
      expect(r.Properties!.Targets).toEqual([{ Id: 'Notify', Arn: { Ref: topic } }]);
    }
  });

  it('has no break-glass rule without a break-glass role', () => {
    const names = [...rulesOf(base).keys()];
    expect(names).not.toContain(protectionRuleName('shredlock', 'break-glass'));
    expect(names).toHaveLength(PROTECTION_EVENT_RULES.length - 1);
  });

  it.each(PROTECTION_EVENT_RULES.map((r) => [r.id, r] as const))('%s matches CloudTrail API calls of its service', (id, entry) => {
    const pattern = patternOf(rule(id));
    expect(pattern.source).toEqual([entry.source]);
    expect(pattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
    expect(pattern.detail.eventSource).toEqual([entry.eventSource]);
  });

  it.each(ISSUE_EVENTS)('%s %s notifies', (source, eventName) => {
    const covering = [...variantRules.values()].filter((r) => {
      const p = patternOf(r);
      return p.source.includes(source) && matches(p.detail.eventName, eventName);
    });
    expect(covering).toHaveLength(1);
  });

  it('narrows trail events to the vault trail, by name or ARN', () => {
    expect(patternOf(rule('trail')).detail.requestParameters).toEqual({
      name: ['testvault-trail', { 'Fn::GetAtt': [expect.stringMatching(/^AuditTrail/), 'Arn'] }],
    });
  });

  it("narrows bucket events to the vault's five buckets", () => {
    const names = ['vault', 'records', 'trail', 'inventory', 'access-logs'].map((k) => `testvault-${k}-${account}-${region}`);
    const bucketNames = patternOf(rule('buckets')).detail.requestParameters!.bucketName as unknown[];
    expect(bucketNames).toHaveLength(5);
    const resolved = bucketNames.map((n) => {
      if (typeof n === 'string') return n;
      const [id] = Object.values(n as Record<string, string>);
      return variant.template.toJSON().Resources[id as string].Properties.BucketName;
    });
    expect(resolved.sort()).toEqual(names.sort());
  });

  it('narrows key tag changes to ShredLock tag keys, and key administration to no key (vault keys are made at run time)', () => {
    expect(patternOf(rule('key-tags')).detail.requestParameters).toEqual({ tags: { tagKey: [{ prefix: 'shredlock:' }] } });
    expect(patternOf(rule('key-untags')).detail.requestParameters).toEqual({ tagKeys: [{ prefix: 'shredlock:' }] });
    expect(patternOf(rule('keys')).detail.requestParameters).toBeUndefined();
  });

  it("narrows function, role and break-glass events to the vault's own", () => {
    expect(patternOf(rule('functions')).detail.requestParameters).toEqual({
      functionName: [{ prefix: 'testvault-' }, { wildcard: 'arn:*:lambda:*:*:function:testvault-*' }],
    });
    expect(patternOf(rule('roles')).detail.requestParameters).toEqual({ roleName: [{ prefix: 'testvault-' }] });
    expect(patternOf(rule('break-glass')).detail.requestParameters).toEqual({
      roleArn: [`arn:aws:iam::${account}:role/shredlock/testvault-break-glass`],
    });
  });
});

describe('delivery to the encrypted topic', () => {
  const ruleArns = PROTECTION_EVENT_RULES.map((r) => `arn:aws:events:${region}:${account}:rule/${protectionRuleName('testvault', r.id)}`);
  const resources = variant.template.toJSON().Resources as Record<string, CfnResourceJson>;

  it('the topic policy lets EventBridge publish for these rules only', () => {
    const [policy] = Object.values(resourcesOfType(variant.template, 'AWS::SNS::TopicPolicy'));
    const statement = statementBySid(statementsOf(policy!.Properties!.PolicyDocument), 'ProtectionRulesPublish');
    expect(statement).toMatchObject({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' });
    expect(statement.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': ruleArns } });
  });

  it("the topic's key lets EventBridge encrypt for these rules only", () => {
    const key = resources[logicalId(variant.template, 'AWS::KMS::Key', 'AuditKey')]!;
    const statement = statementBySid(statementsOf(key.Properties!.KeyPolicy), 'EventBridgeRulesNotify');
    expect(statement).toMatchObject({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } });
    expect([statement.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(statement.Condition).toEqual({
      ArnEquals: { 'aws:SourceArn': ruleArns },
      StringEquals: { 'aws:SourceAccount': account },
    });
  });
});
