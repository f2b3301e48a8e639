/**
 * The daily compliance check in the synthesized stack: its configuration reaches the Lambda as the
 * stack parsed it (and the Lambda's own parser accepts it), and the checker role reads
 * configuration only. What the role may and may not do is evaluated in least-privilege.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_CONFIG_OMITTED_KEYS, checkConfigJson } from '../../lib/compliance-check.js';
import { CHECKER_BUCKET_ACTIONS } from '../../contract/permissions.js';
import { checkSettings, settingsFromEnv } from '../../lambdas/check/settings.js';
import { synthStack, TEST_ENV } from '../support/cdk-app.js';
import { actionsOf, logicalId, resourcesOfType, resourceWith, statementBySid, statementsOf } from '../support/template.js';

const { template: t, config } = synthStack('compliance-check', {
  notificationEmail: 'ops@example.com',
  breakGlassPrincipals: ['arn:aws:iam::123456789012:role/SecurityOfficer'],
  retentionMode: 'GOVERNANCE',
});
const arnOf = (logical: string) => ({ 'Fn::GetAtt': [logical, 'Arn'] });
const [checkId, check] = resourceWith(t, 'AWS::Lambda::Function', 'FunctionName', 'shredlock-check');
const variables = (check.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
const [checkerId] = resourceWith(t, 'AWS::IAM::Role', 'RoleName', 'shredlock-checker');
const checkerPolicy = Object.values(resourcesOfType(t, 'AWS::IAM::ManagedPolicy')).find((p) =>
  (p.Properties!.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: checkerId })),
)!;
const statements = statementsOf(checkerPolicy.Properties!.PolicyDocument);

describe('the check Lambda', () => {
  it('gets the configuration the stack used, which the Lambda parses to the same settings', () => {
    // Prepare
    const env = { SHREDLOCK_CONFIG: variables.SHREDLOCK_CONFIG as string, SHREDLOCK_TOPIC_ARN: `arn:aws:sns:${TEST_ENV.region}:${TEST_ENV.account}:shredlock-notifications` };
    // Act
    const parsed = settingsFromEnv(env);
    // Assess
    expect(parsed.settings).toEqual(checkSettings(config));
    expect(parsed.settings).toMatchObject({ retentionMode: 'GOVERNANCE', breakGlass: true });
    expect(variables.SHREDLOCK_CONFIG).toBe(checkConfigJson(config));
  });

  it('leaves the notification e-mail out of its environment (personal data the check does not use)', () => {
    expect(CHECK_CONFIG_OMITTED_KEYS).toEqual(['notificationEmail']);
    expect(JSON.parse(variables.SHREDLOCK_CONFIG as string)).not.toHaveProperty('notificationEmail');
    expect(JSON.stringify(check)).not.toContain('ops@example.com');
  });

  it('publishes to the notification topic', () => {
    expect(variables.SHREDLOCK_TOPIC_ARN).toEqual({ Ref: logicalId(t, 'AWS::SNS::Topic', 'NotificationsTopic') });
    expect(check.Properties!.Role).toEqual(arnOf(checkerId));
    expect(checkId).toBeTruthy();
  });
});

describe('the checker role', () => {
  it('has exactly its statements: configuration reads, the topic, and the Lambda plumbing', () => {
    expect(statements.map((s) => s.Sid)).toEqual([
      'ReadBucketConfiguration',
      'ReadTrailConfiguration',
      'ListAliases',
      'ReadVaultKeys',
      'ReadAuditKey',
      'Notify',
      'EncryptNotificationsViaSns',
      'CheckLogs',
      'CheckFailedEvents',
      'Tracing',
      'EncryptRuntimeQueues',
    ]);
  });

  it('reads the configuration of all five buckets, and nothing in them', () => {
    const read = statementBySid(statements, 'ReadBucketConfiguration');
    expect(actionsOf(read).sort()).toEqual([...CHECKER_BUCKET_ACTIONS].sort());
    const buckets = ['VaultBucket', 'RecordsBucket', 'VaultInventory', 'VaultAccessLogs', 'AuditTrailBucket'].map((prefix) => arnOf(logicalId(t, 'AWS::S3::Bucket', prefix)));
    expect(read.Resource).toHaveLength(5);
    expect(read.Resource).toEqual(expect.arrayContaining(buckets));
    const actions = statements.flatMap(actionsOf);
    expect(actions.filter((a) => /^s3:(GetObject|Put|Delete|Bypass)/.test(a))).toEqual([]);
  });

  it('changes nothing: every action but its plumbing is a read, list or the drift notice', () => {
    const plumbing = new Set(['CheckLogs', 'CheckFailedEvents', 'Tracing', 'EncryptRuntimeQueues', 'EncryptNotificationsViaSns', 'Notify']);
    const actions = statements.filter((s) => !plumbing.has(s.Sid!)).flatMap(actionsOf);
    expect(actions.filter((a) => !/^[a-z0-9]+:(Get|List|Describe)/.test(a))).toEqual([]);
  });

  it('reads only vault-tagged keys and the audit key, and uses the audit key only through SNS', () => {
    expect(statementBySid(statements, 'ReadVaultKeys').Condition).toEqual({ StringEquals: { 'aws:ResourceTag/shredlock:vault': 'shredlock' } });
    const auditKey = arnOf(logicalId(t, 'AWS::KMS::Key', 'AuditKey'));
    expect(statementBySid(statements, 'ReadAuditKey').Resource).toEqual(auditKey);
    expect(statementBySid(statements, 'EncryptNotificationsViaSns')).toMatchObject({
      Resource: auditKey,
      Condition: { StringEquals: { 'kms:ViaService': `sns.${TEST_ENV.region}.amazonaws.com` } },
    });
    const keyPolicy = statementsOf(t.toJSON().Resources[logicalId(t, 'AWS::KMS::Key', 'AuditKey')].Properties.KeyPolicy);
    expect(statementBySid(keyPolicy, 'RolesEncryptNotifications').Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': ['arn:aws:iam::123456789012:role/shredlock/shredlock-checker'] },
      StringEquals: { 'kms:ViaService': `sns.${TEST_ENV.region}.amazonaws.com` },
    });
  });
});
