/**
 * Assertions on the synthesized template: every property the issue asks of the vault, keys, trail,
 * roles and notifications, for the cdk.json configuration and for a GOVERNANCE variant with
 * break-glass, Macie and e-mail switched on.
 */
import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EpochKey } from '../../lib/epoch-key.js';
import { ConstructPropsError } from '../../lib/errors.js';
import { LOG_DELIVERY_ACTIONS } from '../../contract/permissions.js';
import { INVENTORY_FIELDS } from '../../lib/vault-bucket.js';
import { synthStack, TEST_ENV } from '../support/cdk-app.js';
import {
  actionsOf,
  bucketPolicyStatements,
  logicalId,
  resourcesOfType,
  resourceWith,
  statementBySid,
  statementsOf,
  type StatementJson,
} from '../support/template.js';

const BREAK_GLASS_PRINCIPAL = 'arn:aws:iam::123456789012:role/SecurityOfficer';
const base = synthStack('stack-base');
const variant = synthStack('stack-variant', {
  vaultName: 'testvault',
  retentionMode: 'GOVERNANCE',
  retentionDays: 30,
  testAccount: true,
  macie: true,
  notificationEmail: 'ops@example.com',
  breakGlassPrincipals: [BREAK_GLASS_PRINCIPAL],
  writerPrincipals: ['arn:aws:iam::123456789012:role/BackupJob'],
});

const ids = (template: Template) => ({
  vault: logicalId(template, 'AWS::S3::Bucket', 'VaultBucket'),
  accessLogs: logicalId(template, 'AWS::S3::Bucket', 'VaultAccessLogs'),
  inventory: logicalId(template, 'AWS::S3::Bucket', 'VaultInventory'),
  records: logicalId(template, 'AWS::S3::Bucket', 'RecordsBucket'),
  trailBucket: logicalId(template, 'AWS::S3::Bucket', 'AuditTrailBucket'),
  epochKey: logicalId(template, 'AWS::KMS::Key', 'FirstEpochKey'),
  auditKey: logicalId(template, 'AWS::KMS::Key', 'AuditKey'),
});
const t = base.template;
const id = ids(t);
const arnOf = (logical: string) => ({ 'Fn::GetAtt': [logical, 'Arn'] });
const shredderArn = 'arn:aws:iam::123456789012:role/shredlock/shredlock-shredder';
const scannerArn = 'arn:aws:iam::123456789012:role/shredlock/shredlock-scanner';
const sealerArn = 'arn:aws:iam::123456789012:role/shredlock/shredlock-sealer';

describe('backup vault bucket', () => {
  it('is versioned, Object-Locked in COMPLIANCE mode with the configured default retention', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketName: `shredlock-vault-${TEST_ENV.account}-${TEST_ENV.region}`,
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } } },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('uses SSE-KMS with the epoch key and bucket keys, and blocks all public access', () => {
    expect(t.toJSON().Resources[id.vault].Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arnOf(id.epochKey) } },
        ],
      },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('logs server access to the separate, non-locked, SSE-S3 log bucket', () => {
    const resources = t.toJSON().Resources;
    expect(resources[id.vault].Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: id.accessLogs }, LogFilePrefix: 'vault/' });
    const logs = resources[id.accessLogs].Properties;
    expect(logs.ObjectLockEnabled).toBeUndefined();
    expect(logs.ObjectLockConfiguration).toBeUndefined();
    expect(logs.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    expect(logs.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
  });

  it('expires non-current versions only after retention and removes orphaned delete markers', () => {
    const rules = t.toJSON().Resources[id.vault].Properties.LifecycleConfiguration.Rules as Record<string, unknown>[];
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Id: 'expire-noncurrent-after-retention', NoncurrentVersionExpiration: { NoncurrentDays: 2556 }, Status: 'Enabled' }),
        expect.objectContaining({ Id: 'remove-expired-delete-markers', ExpiredObjectDeleteMarker: true, Status: 'Enabled' }),
      ]),
    );
    for (const rule of rules) {
      expect(rule.ExpirationInDays, 'current versions never expire by lifecycle').toBeUndefined();
      const days = (rule.NoncurrentVersionExpiration as { NoncurrentDays?: number } | undefined)?.NoncurrentDays;
      if (days !== undefined) expect(days).toBeGreaterThan(2555);
    }
  });

  it('has a daily S3 Inventory of all versions with object-lock and encryption fields, to the inventory bucket', () => {
    const [inventory] = t.toJSON().Resources[id.vault].Properties.InventoryConfigurations;
    expect(inventory).toMatchObject({
      Enabled: true,
      ScheduleFrequency: 'Daily',
      IncludedObjectVersions: 'All',
      Destination: { BucketArn: arnOf(id.inventory), Format: 'CSV', Prefix: 'vault' },
    });
    expect(inventory.OptionalFields).toEqual(expect.arrayContaining([...INVENTORY_FIELDS]));
    expect(inventory.OptionalFields).toEqual(
      expect.arrayContaining(['ObjectLockMode', 'ObjectLockRetainUntilDate', 'ObjectLockLegalHoldStatus', 'EncryptionStatus', 'BucketKeyStatus']),
    );
    expect(t.toJSON().Resources[id.inventory].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: arnOf(id.auditKey),
    });
  });

  it('sends events to EventBridge without a Lambda-backed custom resource', () => {
    expect(t.toJSON().Resources[id.vault].Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    t.resourceCountIs('Custom::S3BucketNotifications', 0);
    // The only functions are the runtime's own (no custom-resource handler).
    const names = Object.values(resourcesOfType(t, 'AWS::Lambda::Function')).map((f) => f.Properties!.FunctionName);
    expect(names.sort()).toEqual(
      ['shredlock-check', 'shredlock-rotator', 'shredlock-scan-backlog', 'shredlock-scan-inventory', 'shredlock-scanner', 'shredlock-seal', 'shredlock-shredder'],
    );
  });

  describe('bucket policy', () => {
    const statements = bucketPolicyStatements(t, id.vault);
    const objects = { 'Fn::Join': ['', [arnOf(id.vault), '/*']] };

    it('denies every request without TLS, or below TLS 1.2', () => {
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      );
    });

    it('refuses uploads that carry any encryption header, so the bucket default (the current epoch key) applies', () => {
      const deny = (sid: string, key: string) => ({
        Sid: sid,
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:PutObject',
        Resource: objects,
        Condition: { Null: { [key]: 'false' } },
      });
      expect(statementBySid(statements, 'DenyUploadsNamingEncryption')).toEqual(deny('DenyUploadsNamingEncryption', 's3:x-amz-server-side-encryption'));
      expect(statementBySid(statements, 'DenyUploadsNamingEncryptionKeyId')).toEqual(
        deny('DenyUploadsNamingEncryptionKeyId', 's3:x-amz-server-side-encryption-aws-kms-key-id'),
      );
      expect(statementBySid(statements, 'DenyUploadsNamingEncryptionCustomerKeys')).toEqual(
        deny('DenyUploadsNamingEncryptionCustomerKeys', 's3:x-amz-server-side-encryption-customer-algorithm'),
      );
    });

    it('refuses s3:BypassGovernanceRetention to everyone when there is no break-glass role', () => {
      const bypass = statementBySid(statements, 'DenyGovernanceBypassExceptBreakGlass');
      expect(bypass).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:BypassGovernanceRetention' });
      expect(bypass.Condition).toBeUndefined();
    });

    it('keeps deletes of object versions to the shredder', () => {
      expect(statementBySid(statements, 'DenyVersionDeletesExceptShredder')).toMatchObject({
        Effect: 'Deny',
        Action: 's3:DeleteObjectVersion',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': [shredderArn] } },
      });
    });

    it('keeps data reads to the scanner, the sealer and the shredder (HeadObject), and tag changes to the scanner', () => {
      expect(statementBySid(statements, 'DenyDataReadsExceptReaders').Condition).toEqual({
        ArnNotEquals: { 'aws:PrincipalArn': [scannerArn, sealerArn, shredderArn] },
      });
      expect(statementBySid(statements, 'DenyTagChangesExceptScanner').Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': [scannerArn] } });
    });

    it('keeps retention changes from everyone (no break-glass here) and legal-hold changes to the sealer', () => {
      const retention = statementBySid(statements, 'DenyRetentionChangesExceptBreakGlass');
      expect(retention).toMatchObject({ Effect: 'Deny', Action: 's3:PutObjectRetention' });
      expect(retention.Condition).toBeUndefined();
      expect(statementBySid(statements, 'DenyLegalHoldChangesExceptSealerAndBreakGlass')).toMatchObject({
        Effect: 'Deny',
        Action: 's3:PutObjectLegalHold',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': [sealerArn] } },
      });
    });

    it('has no Allow statement', () => {
      expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([]);
    });
  });
});

describe('epoch key', () => {
  const key = t.toJSON().Resources[id.epochKey];
  const policy = statementsOf(key.Properties.KeyPolicy);

  it('rotates, waits the configured deletion window, is retained, and is tagged for the vault and epoch', () => {
    expect(key).toMatchObject({ DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true, PendingWindowInDays: 30 } });
    expect(key.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'shredlock:vault', Value: 'shredlock' },
        { Key: 'shredlock:epoch', Value: '2026-11' },
        { Key: 'shredlock:epoch-months', Value: '1' },
        { Key: 'shredlock:shred-not-before', Value: '2033-11-29' },
      ]),
    );
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/shredlock/shredlock/epoch/2026-11', TargetKeyId: arnOf(id.epochKey) });
  });

  it('separates administration (no use, no disable, no deletion) from use', () => {
    const admin = statementBySid(policy, 'KeyAdministration');
    expect(actionsOf(admin)).not.toEqual(expect.arrayContaining([expect.stringMatching(/\*/)]));
    for (const forbidden of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:CreateGrant']) {
      expect(actionsOf(admin)).not.toContain(forbidden);
    }
    expect(statementBySid(policy, 'WriterUseViaS3').Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/shredlock/shredlock-writer' },
      StringEquals: { 'kms:ViaService': `s3.${TEST_ENV.region}.amazonaws.com` },
    });
    expect(statementBySid(policy, 'ScannerDecryptViaS3')).toMatchObject({ Action: 'kms:Decrypt' });
  });

  it('allows ScheduleKeyDeletion to the shredder only, on keys tagged for this vault', () => {
    expect(statementBySid(policy, 'ShredderRetiresVaultKeys')).toMatchObject({
      Action: ['kms:CancelKeyDeletion', 'kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion'],
      Condition: { ArnEquals: { 'aws:PrincipalArn': shredderArn }, StringEquals: { 'aws:ResourceTag/shredlock:vault': 'shredlock' } },
    });
    expect(statementBySid(policy, 'DenyKeyDeletionExceptShredder')).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:ScheduleKeyDeletion',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': shredderArn } },
    });
    const allowing = policy.filter((s) => s.Effect === 'Allow' && actionsOf(s).includes('kms:ScheduleKeyDeletion'));
    expect(allowing.map((s) => s.Sid)).toEqual(['ShredderRetiresVaultKeys']);
  });

  it('writes the approval rule with the policy variable as KMS must read it (not a CDK token)', () => {
    expect(statementBySid(policy, 'DenyApprovalTagsExceptInOwnName')).toEqual({
      Sid: 'DenyApprovalTagsExceptInOwnName',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:TagResource',
      Resource: '*',
      Condition: {
        'ForAnyValue:StringLike': { 'aws:TagKeys': 'shredlock:approved-*' },
        StringNotEquals: { 'aws:RequestTag/shredlock:approved-by': '${aws:PrincipalArn}' },
      },
    });
  });

  it("lets Macie's service-linked role decrypt only when Macie is on", () => {
    expect(policy.map((s) => s.Sid)).not.toContain('MacieDecrypt');
    const variantPolicy = statementsOf(variant.template.toJSON().Resources[ids(variant.template).epochKey].Properties.KeyPolicy);
    expect(statementBySid(variantPolicy, 'MacieDecrypt')).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::123456789012:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie' },
      Action: 'kms:Decrypt',
    });
  });

  it('validates its props, naming each problem', () => {
    const stack = new Stack(new App(), 'S', { env: TEST_ENV });
    let n = 0;
    const make = () =>
      new EpochKey(stack, `K${(n += 1)}`, {
        vaultName: 'v',
        epoch: '2026/11',
        epochMonths: 0,
        retentionDays: 1,
        pendingWindowDays: 5,
        writerRoleArn: 'w',
        scannerRoleArn: 's',
        shredderRoleArn: 'x',
      });
    expect(make).toThrow(ConstructPropsError);
    expect(make).toThrow(/epoch "2026\/11"[\s\S]*epochMonths 0[\s\S]*pendingWindowDays 5/);
  });
});

describe('audit trail', () => {
  it('is multi-Region with management events, S3 data events for the vault buckets, validation and KMS', () => {
    const trail = Object.values(resourcesOfType(t, 'AWS::CloudTrail::Trail'))[0]!.Properties!;
    expect(trail).toMatchObject({
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      KMSKeyId: arnOf(id.auditKey),
      S3BucketName: { Ref: id.trailBucket },
      CloudWatchLogsLogGroupArn: arnOf(logicalId(t, 'AWS::Logs::LogGroup', 'AuditTrailLogGroup')),
    });
    // Advanced selectors only (a trail cannot have both kinds); none narrows by readOnly, so reads and writes are logged.
    expect(trail).not.toHaveProperty('EventSelectors');
    type Field = { Field: string; Equals?: unknown[]; StartsWith?: unknown[] };
    const selectors = trail.AdvancedEventSelectors as { Name: string; FieldSelectors: Field[] }[];
    const field = (s: { FieldSelectors: Field[] }, name: string) => s.FieldSelectors.find((f) => f.Field === name);
    expect(selectors.flatMap((s) => s.FieldSelectors.map((f) => f.Field))).not.toContain('readOnly');
    expect(selectors.filter((s) => field(s, 'eventCategory')?.Equals?.includes('Management'))).toHaveLength(1);
    const objects = selectors.find((s) => field(s, 'resources.type')?.Equals?.includes('AWS::S3::Object'))!;
    expect(field(objects, 'eventCategory')).toEqual({ Field: 'eventCategory', Equals: ['Data'] });
    expect(field(objects, 'resources.ARN')!.StartsWith).toEqual([id.vault, id.records, id.inventory].map((b) => ({ 'Fn::Join': ['', [arnOf(b), '/']] })));
  });

  it('logs the Invoke data events of the seal function only: who invoked it, for the request id its records hold', () => {
    const trail = Object.values(resourcesOfType(t, 'AWS::CloudTrail::Trail'))[0]!.Properties!;
    const selectors = trail.AdvancedEventSelectors as { FieldSelectors: { Field: string; Equals?: unknown[] }[] }[];
    const lambda = selectors.filter((s) => s.FieldSelectors.some((f) => f.Field === 'resources.type' && f.Equals?.includes('AWS::Lambda::Function')));
    expect(lambda).toHaveLength(1);
    const seal = resourceWith(t, 'AWS::Lambda::Function', 'FunctionName', 'shredlock-seal')[0];
    expect(lambda[0]!.FieldSelectors).toEqual([
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
      { Field: 'resources.ARN', Equals: [arnOf(seal)] },
    ]);
  });

  it('delivers to its own Object-Locked, KMS-encrypted bucket whose SSE rule leaves digest files alone', () => {
    expect(t.toJSON().Resources[id.trailBucket].Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arnOf(id.auditKey) } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: id.accessLogs }, LogFilePrefix: 'trail/' },
    });
    const statements = bucketPolicyStatements(t, id.trailBucket);
    const sse = statementBySid(statements, 'DenyLogFilesNotSseKms');
    expect(sse.Resource).toEqual({ 'Fn::Join': ['', [arnOf(id.trailBucket), `/AWSLogs/${TEST_ENV.account}/CloudTrail/*`]] });
    expect(JSON.stringify(sse.Resource)).not.toContain('Digest');
    // CloudTrail itself may write log files and digests.
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl' }),
        expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' }),
      ]),
    );
  });

  it('denies delete markers on the trail bucket and, on the records bucket, overwrites of write-once records', () => {
    for (const bucket of [id.trailBucket, id.records]) {
      expect(statementBySid(bucketPolicyStatements(t, bucket), 'DenyDeleteMarkers')).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:DeleteObject' });
      expect(statementBySid(bucketPolicyStatements(t, bucket), 'DenyDeleteMarkers').Condition).toBeUndefined();
    }
    const writeOnce = statementBySid(bucketPolicyStatements(t, id.records), 'DenyWriteOnceRecordOverwrites');
    expect(writeOnce).toMatchObject({ Effect: 'Deny', Action: 's3:PutObject', Condition: { Null: { 's3:if-none-match': 'true' } } });
    expect(writeOnce.Resource).toEqual(
      ['/certificates/*', '/incidents/*/seal*.json', '/incidents/*/unseal*.json'].map((p) => ({ 'Fn::Join': ['', [arnOf(id.records), p]] })),
    );
  });

  it('sends to an encrypted CloudWatch log group with a retention', () => {
    t.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/shredlock/shredlock/cloudtrail',
      KmsKeyId: arnOf(id.auditKey),
      RetentionInDays: 365,
    });
  });

  it('lets CloudTrail use the audit key only for this trail', () => {
    const policy = statementsOf(t.toJSON().Resources[id.auditKey].Properties.KeyPolicy);
    expect(statementBySid(policy, 'CloudTrailEncryptsLogs').Condition).toMatchObject({
      StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:${TEST_ENV.region}:${TEST_ENV.account}:trail/shredlock-trail` },
    });
    expect(policy.filter((s) => actionsOf(s).includes('kms:ScheduleKeyDeletion'))).toEqual([]);
  });
});

describe('roles', () => {
  const roles = resourcesOfType(t, 'AWS::IAM::Role');
  const trust = (name: string) =>
    statementsOf(Object.values(roles).find((r) => r.Properties!.RoleName === name)!.Properties!.AssumeRolePolicyDocument);

  it.each([
    ['shredlock-writer', { AWS: 'arn:aws:iam::123456789012:root' }],
    ['shredlock-scanner', { Service: 'lambda.amazonaws.com' }],
    ['shredlock-shredder', { Service: 'lambda.amazonaws.com' }],
    ['shredlock-rotator', { Service: 'lambda.amazonaws.com' }],
    ['shredlock-sealer', { Service: 'lambda.amazonaws.com' }],
    ['shredlock-checker', { Service: 'lambda.amazonaws.com' }],
    ['shredlock-auditor', { AWS: 'arn:aws:iam::123456789012:root' }],
  ])('%s has an explicit trust policy', (name, principal) => {
    expect(trust(name)).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: principal }]);
  });

  it('the inventory scan state machine role trusts Step Functions of this account only', () => {
    expect(trust('shredlock-inventory-scan')).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'states.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': TEST_ENV.account } },
      },
    ]);
  });

  it('has no break-glass role unless configured, then trusts only the configured principals', () => {
    expect(Object.values(roles).map((r) => r.Properties!.RoleName)).not.toContain('shredlock-break-glass');
    variant.template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'testvault-break-glass',
      Path: '/shredlock/',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: BREAK_GLASS_PRINCIPAL },
            Condition: {
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
              NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' },
            },
          },
        ],
      },
    });
    variant.template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'testvault-writer',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { AWS: 'arn:aws:iam::123456789012:role/BackupJob' } })] },
    });
  });

  it('use customer-managed policies only (no inline policies on ShredLock roles)', () => {
    const inline = Object.values(resourcesOfType(t, 'AWS::IAM::Policy')).flatMap((p) => p.Properties!.Roles as unknown[]);
    // The one inline policy is the CloudTrail Logs role's, made by the CDK Trail construct.
    expect(inline).toEqual([{ Ref: logicalId(t, 'AWS::IAM::Role', 'AuditTrailLogsRole') }]);
  });

  it('name no wildcard action, and Resource "*" only for actions that support no resource', () => {
    const resourceless = new Set([
      'cloudtrail:LookupEvents',
      'cloudtrail:ListPublicKeys',
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'kms:CreateKey',
      'kms:ListKeys',
      'kms:ListAliases',
      ...LOG_DELIVERY_ACTIONS,
    ]);
    for (const { template } of [base, variant]) {
      const identity = [...Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')), ...Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))];
      const statements: StatementJson[] = identity.flatMap((p) => statementsOf(p.Properties!.PolicyDocument));
      expect(statements.flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
      const starResources = statements.filter((s) => JSON.stringify(s.Resource) === '"*"' || (Array.isArray(s.Resource) && s.Resource.includes('*')));
      expect(starResources.flatMap(actionsOf).filter((a) => !resourceless.has(a))).toEqual([]);
      // kms:CreateKey only with the vault tag.
      for (const s of starResources.filter((st) => actionsOf(st).includes('kms:CreateKey'))) {
        expect(s.Condition?.StringEquals?.['aws:RequestTag/shredlock:vault']).toBeDefined();
      }
    }
  });

  it('condition the shredder on the vault tag', () => {
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'RetireVaultKeys',
            Action: ['kms:CancelKeyDeletion', 'kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion'],
            Resource: `arn:aws:kms:${TEST_ENV.region}:${TEST_ENV.account}:key/*`,
            Condition: { StringEquals: { 'aws:ResourceTag/shredlock:vault': 'shredlock' } },
          }),
        ]),
      },
    });
  });
});

describe('variant: GOVERNANCE with break-glass, Macie and e-mail', () => {
  const v = variant.template;
  const vid = ids(v);

  it('locks in GOVERNANCE mode and lets only break-glass bypass it', () => {
    expect(v.toJSON().Resources[vid.vault].Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'GOVERNANCE', Days: 30 });
    for (const bucket of [vid.vault, vid.records, vid.trailBucket]) {
      expect(statementBySid(bucketPolicyStatements(v, bucket), 'DenyGovernanceBypassExceptBreakGlass').Condition).toEqual({
        ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::123456789012:role/shredlock/testvault-break-glass'] },
      });
    }
  });

  it("lets Macie's service-linked role and break-glass read vault data", () => {
    expect(statementBySid(bucketPolicyStatements(v, vid.vault), 'DenyDataReadsExceptReaders').Condition).toEqual({
      ArnNotEquals: {
        'aws:PrincipalArn': [
          'arn:aws:iam::123456789012:role/shredlock/testvault-scanner',
          'arn:aws:iam::123456789012:role/shredlock/testvault-sealer',
          'arn:aws:iam::123456789012:role/shredlock/testvault-shredder',
          'arn:aws:iam::123456789012:role/shredlock/testvault-break-glass',
          'arn:aws:iam::123456789012:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie',
        ],
      },
    });
  });

  it('subscribes the notification e-mail', () => {
    v.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    t.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('notifications', () => {
  it('is a KMS-encrypted topic that refuses publishing without TLS', () => {
    t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'shredlock-notifications', KmsMasterKeyId: arnOf(id.auditKey) });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('stack', () => {
  it('writes no classification policy into any function without the classificationPolicy key', () => {
    const functions = Object.values(resourcesOfType(t, 'AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(3);
    expect(JSON.stringify(functions)).not.toContain('SHREDLOCK_CLASSIFICATION_POLICY');
  });

  it('exports the names the runtime needs', () => {
    const outputs = Object.keys(t.toJSON().Outputs);
    for (const name of [
      'VaultBucketName',
      'RecordsBucketName',
      'FirstEpochKeyArn',
      'EpochAliasPrefix',
      'AuditKeyArn',
      'NotificationTopicArn',
      'ScanSchedule',
      'ScannerRoleArn',
      'ShredderRoleArn',
      'RotatorRoleArn',
      'SealerRoleArn',
      'InventoryScanStateMachineArn',
      'InventoryManifestPrefix',
      'SealFunctionName',
      'ScanQueueUrl',
      'CheckFunctionName',
      'CheckerRoleArn',
      'ReservedConcurrency',
    ]) {
      expect(outputs).toContain(name);
    }
    expect(t.toJSON().Outputs.EpochAliasPrefix.Value).toBe('alias/shredlock/shredlock/epoch/');
  });

  it('sends events of every bucket to EventBridge', () => {
    for (const bucket of Object.values(resourcesOfType(t, 'AWS::S3::Bucket'))) {
      expect(bucket.Properties!.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    }
  });

  it('refuses SSE-C on every bucket', () => {
    for (const bucket of Object.values(resourcesOfType(t, 'AWS::S3::Bucket'))) {
      expect(JSON.stringify(bucket.Properties!.BucketEncryption)).toContain('SSE-C');
    }
  });

  it('tags the vault key, and only the vault key, for the shredder', () => {
    const keys = resourcesOfType(t, 'AWS::KMS::Key');
    const vaultTagged = Object.entries(keys)
      .filter(([, k]) => (k.Properties!.Tags as { Key: string }[]).some((tag) => tag.Key === 'shredlock:vault'))
      .map(([logical]) => logical);
    expect(vaultTagged).toEqual([id.epochKey]);
    expect(keys[id.auditKey]!.Properties!.Tags).toContainEqual({ Key: 'shredlock:deployment', Value: 'shredlock' });
  });

  it('retains every bucket and key on stack deletion', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key']) {
      for (const resource of Object.values(t.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>).filter((r) => r.Type === type)) {
        expect(resource.DeletionPolicy).toBe('Retain');
      }
    }
  });

  it('synthesizes deterministically, with one code asset per Lambda and no other asset', () => {
    const again = synthStack('stack-again');
    expect(again.template.toJSON()).toEqual(t.toJSON());
    const assembly = again.app.synth();
    const assetManifest = assembly.artifacts.find((a) => a instanceof cxapi.AssetManifestArtifact) as cxapi.AssetManifestArtifact;
    const files = Object.values((JSON.parse(readFileSync(assetManifest.file, 'utf8')) as { files?: Record<string, { source: { packaging?: string } }> }).files ?? {});
    // Seven function bundles and the template itself.
    expect(files.filter((f) => f.source.packaging === 'zip')).toHaveLength(7);
    expect(files).toHaveLength(8);
  });

  it('synthesizes env-agnostic (no account or region configured)', () => {
    const agnostic = synthStack('stack-agnostic', {}, { envAgnostic: true });
    agnostic.template.resourceCountIs('AWS::S3::Bucket', 5);
  });
});
