/**
 * MacieScanning wired into the ShredLock stack by the `macie` switch: off by default; on, it
 * classifies the vault bucket with the current engine version, applies findings as its own
 * tag-only role, encrypts its logs and queues with the stack's keys, and its dead-letter alarm can reach the
 * audit-key-encrypted topic. The construct itself is tested in macie.test.ts; cdk-nag on the
 * Macie stack in nag.test.ts, checkov and cfn-lint in static-analysis.test.ts, what the roles may
 * do in least-privilege.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import { FINDINGS_ENV } from '../../lambdas/macie/findings-config.js';
import { synthStack, TEST_ENV } from '../support/cdk-app.js';
import { logicalId, resourcesOfType, resourceWith, statementBySid, statementsOf, type StatementJson } from '../support/template.js';

const off = synthStack('macie-stack-off');
const on = synthStack('macie-stack-on', { macie: true });
const t = on.template;
const resources = t.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const arnOf = (logical: string) => ({ 'Fn::GetAtt': [logical, 'Arn'] });
const id = {
  vault: logicalId(t, 'AWS::S3::Bucket', 'VaultBucket'),
  auditKey: logicalId(t, 'AWS::KMS::Key', 'AuditKey'),
  queueKey: logicalId(t, 'AWS::KMS::Key', 'RuntimeQueuesKey'),
  topic: logicalId(t, 'AWS::SNS::Topic', 'NotificationsTopic'),
  scanner: resourceWith(t, 'AWS::IAM::Role', 'RoleName', 'shredlock-scanner')[0],
  findingsRole: resourceWith(t, 'AWS::IAM::Role', 'RoleName', 'shredlock-macie-findings')[0],
};
const alarmArn = `arn:aws:cloudwatch:${TEST_ENV.region}:${TEST_ENV.account}:alarm:shredlock-macie-findings-dead-letters`;
const keyPolicy = (template: typeof t) =>
  statementsOf(template.toJSON().Resources[logicalId(template, 'AWS::KMS::Key', 'AuditKey')].Properties.KeyPolicy);

describe('Macie switch', () => {
  it('is off by default: no Macie resource, no alarm, no CloudWatch statement on the audit key', () => {
    expect(off.config.macie).toBe(false);
    expect(off.stack.macie).toBeUndefined();
    const types = Object.values(off.template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((type) => /Macie|CloudWatch::Alarm/.test(type))).toEqual([]);
    expect(keyPolicy(off.template).map((s) => s.Sid)).not.toContain('CloudWatchAlarmsNotify');
  });

  it('on, classifies the vault bucket, skipping versions the current engine has read', () => {
    expect(on.stack.macie).toBeDefined();
    const [, job] = Object.entries(resourcesOfType(t, 'Custom::MacieClassificationJob'))[0]!;
    expect(job.Properties).toMatchObject({ VaultName: 'shredlock', BucketNames: [{ Ref: id.vault }], EngineVersion: ENGINE_VERSION });
    t.resourceCountIs('AWS::Macie::Session', 0);
  });

  it('applies findings as its own tag-only role, not the scanner role, to the vault bucket only', () => {
    const findings = Object.values(resourcesOfType(t, 'AWS::Lambda::Function')).find(
      (f) => (f.Properties!.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.[FINDINGS_ENV.tagging] === 'apply' && f.Properties!.FunctionName === undefined,
    )!;
    expect(findings.Properties!.Role).toEqual(arnOf(id.findingsRole));
    expect(resources[id.findingsRole]!.Properties).toMatchObject({ Path: '/shredlock/', MaxSessionDuration: 3600 });
    expect(resources[id.findingsRole]!.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
    expect((findings.Properties!.Environment as { Variables: Record<string, unknown> }).Variables[FINDINGS_ENV.vaultBuckets]).toEqual({ Ref: id.vault });
    const policiesOf = (role: string) =>
      Object.values(resourcesOfType(t, 'AWS::IAM::ManagedPolicy'))
        .filter((p) => JSON.stringify(p.Properties!.Roles) === JSON.stringify([{ Ref: role }]))
        .map((p) => p.Properties!.Description);
    expect(policiesOf(id.findingsRole)).toEqual(['ShredLock shredlock: Macie findings Lambda permissions']);
    expect(policiesOf(id.scanner)).not.toContain('ShredLock shredlock: Macie findings Lambda permissions');
  });

  it('lets the findings role change tags in the vault policy, next to the scanner, and read nothing', () => {
    const [policy] = Object.values(resourcesOfType(t, 'AWS::S3::BucketPolicy')).filter((p) => JSON.stringify(p.Properties!.Bucket) === JSON.stringify({ Ref: id.vault }));
    const statements = statementsOf(policy!.Properties!.PolicyDocument);
    const role = (name: string) => `arn:aws:iam::${TEST_ENV.account}:role/shredlock/shredlock-${name}`;
    expect(statementBySid(statements, 'DenyTagChangesExceptScanner').Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': [role('scanner'), role('macie-findings')] } });
    expect(JSON.stringify(statementBySid(statements, 'DenyDataReadsExceptReaders').Condition)).not.toContain('macie-findings');
  });

  it("encrypts its log groups with the audit key and its queues with the runtime queue key, which EventBridge may use for the findings rule only", () => {
    const groups = Object.values(resourcesOfType(t, 'AWS::Logs::LogGroup')).filter((g) => String(g.Properties!.LogGroupName).includes('/lambda/macie-'));
    expect(groups).toHaveLength(3);
    for (const group of groups) expect(group.Properties!.KmsKeyId).toEqual(arnOf(id.auditKey));
    for (const name of ['shredlock-macie-findings', 'shredlock-macie-findings-dlq']) {
      expect(resourceWith(t, 'AWS::SQS::Queue', 'QueueName', name)[1].Properties!.KmsMasterKeyId).toEqual(arnOf(id.queueKey));
    }
    expect(statementBySid(statementsOf(resources[id.queueKey]!.Properties.KeyPolicy), 'EventBridgeSendsMacieFindings').Condition).toEqual({
      ArnEquals: { 'aws:SourceArn': `arn:aws:events:${TEST_ENV.region}:${TEST_ENV.account}:rule/shredlock-macie-findings` },
    });
  });
});

describe('the dead-letter alarm reaches the encrypted topic', () => {
  it('is named, so the audit key and the topic policy can name it without a dependency cycle', () => {
    const [, alarm] = resourceWith(t, 'AWS::CloudWatch::Alarm', 'AlarmName', 'shredlock-macie-findings-dead-letters');
    expect(alarm.Properties!.AlarmActions).toEqual([{ Ref: id.topic }]);
    expect(on.stack.macie!.deadLetterAlarmArn).toBe(alarmArn);
  });

  it('lets CloudWatch use the audit key for that alarm of this account only', () => {
    expect(statementBySid(keyPolicy(t), 'CloudWatchAlarmsNotify')).toEqual({
      Sid: 'CloudWatchAlarmsNotify',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: { ArnEquals: { 'aws:SourceArn': [alarmArn] }, StringEquals: { 'aws:SourceAccount': TEST_ENV.account } },
    } satisfies StatementJson);
  });

  it('lets CloudWatch publish that alarm to the topic (its TLS-only policy replaces the SNS default)', () => {
    const [policy] = Object.values(resourcesOfType(t, 'AWS::SNS::TopicPolicy'));
    expect(statementBySid(statementsOf(policy!.Properties!.PolicyDocument), 'CloudWatchPublishesMacieAlarm')).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: id.topic },
      Condition: { ArnEquals: { 'aws:SourceArn': alarmArn }, StringEquals: { 'aws:SourceAccount': TEST_ENV.account } },
    });
  });

  it('is the only alarm of the stack, so no other alarm needs the key', () => {
    const names = Object.values(resourcesOfType(t, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!.AlarmName);
    expect(names).toEqual(['shredlock-macie-findings-dead-letters']);
  });
});
