/**
 * Least privilege, proven by evaluating the synthesized identity, bucket and key policies with an
 * IAM policy evaluator (@cloud-copilot/iam-simulate): role x action x resource -> Allowed or Denied.
 * The stack has a break-glass role here, so "nobody but break-glass" is tested against a real one;
 * "admin" is an account administrator with AdministratorAccess, to show what the resource policies
 * refuse even to it.
 */
import { describe, expect, it } from 'vitest';
import { synthStack, TEST_ENV } from '../support/cdk-app.js';
import { IamWorld, type Decision, type WorldPrincipal } from '../support/iam-world.js';

const { template } = synthStack('least-privilege', {
  retentionMode: 'GOVERNANCE',
  testAccount: true,
  macie: true,
  breakGlassPrincipals: ['arn:aws:iam::123456789012:role/SecurityOfficer'],
});
const world = new IamWorld(template, TEST_ENV);
const { account, region } = TEST_ENV;

const firstKey = world.keyArn('FirstEpochKey');
const nextKey = world.addRuntimeKey(firstKey, '11112222-3333-4444-5555-666677778888', {
  'shredlock:vault': 'shredlock',
  'shredlock:epoch': '2026-12',
});
const bucket = (kind: string) => `arn:aws:s3:::shredlock-${kind}-${account}-${region}`;
const R = {
  vault: bucket('vault'),
  vaultObject: `${bucket('vault')}/backups/2026-11-27/db.dump.gz`,
  report: `${bucket('records')}/reports/2026-11-27/run-1.json`,
  certificate: `${bucket('records')}/certificates/2026-11.json`,
  trailFile: `${bucket('trail')}/AWSLogs/${account}/CloudTrail/${region}/2026/11/27/file.json.gz`,
  inventoryFile: `${bucket('inventory')}/vault/shredlock-vault/daily-versions/data/part-0.csv.gz`,
  vaultKey: firstKey,
  nextEpochKey: nextKey,
  auditKey: world.keyArn('AuditKey'),
  otherKey: `arn:aws:kms:${region}:${account}:key/0000aaaa-0000-0000-0000-000000000000`,
  trail: `arn:aws:cloudtrail:${region}:${account}:trail/shredlock-trail`,
  trailLogGroup: `arn:aws:logs:${region}:${account}:log-group:/shredlock/shredlock/cloudtrail`,
  everything: '*',
} as const;

const P: Record<string, WorldPrincipal> = {
  writer: world.role('shredlock-writer'),
  scanner: world.role('shredlock-scanner'),
  shredder: world.role('shredlock-shredder'),
  auditor: world.role('shredlock-auditor'),
  breakGlass: world.role('shredlock-break-glass'),
  admin: world.outsider('Admin', [
    { name: 'AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
  ]),
};

const viaS3 = { 'kms:ViaService': `s3.${region}.amazonaws.com` };
const sseVaultAlias = {
  's3:x-amz-server-side-encryption': 'aws:kms',
  's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:${region}:${account}:alias/shredlock/shredlock/epoch/2026-12`,
};
const sseKms = { 's3:x-amz-server-side-encryption': 'aws:kms' };

type Row = [principal: keyof typeof P, action: string, resource: keyof typeof R, expected: Decision, context?: Record<string, string>, note?: string];

const table: Row[] = [
  // writer: puts backups; cannot read, delete, retag or change retention
  ['writer', 's3:PutObject', 'vaultObject', 'Allowed', sseVaultAlias, 'SSE-KMS with an epoch alias'],
  ['writer', 's3:PutObject', 'vaultObject', 'Allowed', sseKms, 'SSE-KMS with the bucket default key'],
  ['writer', 's3:PutObject', 'vaultObject', 'Allowed', {}, 'no SSE header: bucket default (epoch key)'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', { 's3:x-amz-server-side-encryption': 'AES256' }, 'SSE-S3 refused'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', { ...sseKms, 's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:${region}:${account}:alias/aws/s3` }, 'AWS managed key refused'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', { ...sseKms, 's3:x-amz-server-side-encryption-aws-kms-key-id': R.otherKey }, 'another key refused'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' }, 'SSE-C refused'],
  ['writer', 's3:AbortMultipartUpload', 'vaultObject', 'Allowed'],
  ['writer', 's3:GetObject', 'vaultObject', 'Denied'],
  ['writer', 's3:GetObjectVersion', 'vaultObject', 'Denied'],
  ['writer', 's3:ListBucket', 'vault', 'Denied'],
  ['writer', 's3:DeleteObject', 'vaultObject', 'Denied'],
  ['writer', 's3:DeleteObjectVersion', 'vaultObject', 'Denied'],
  ['writer', 's3:PutObjectTagging', 'vaultObject', 'Denied'],
  ['writer', 's3:PutObjectRetention', 'vaultObject', 'Denied'],
  ['writer', 's3:PutObjectLegalHold', 'vaultObject', 'Denied'],
  ['writer', 's3:BypassGovernanceRetention', 'vaultObject', 'Denied'],
  ['writer', 'kms:GenerateDataKey', 'vaultKey', 'Allowed', viaS3, 'through S3'],
  ['writer', 'kms:GenerateDataKey', 'vaultKey', 'Denied', {}, 'directly, not through S3'],
  ['writer', 'kms:GenerateDataKey', 'otherKey', 'Denied', viaS3, 'a key not tagged for the vault'],
  ['writer', 'kms:GenerateDataKey', 'nextEpochKey', 'Allowed', viaS3, 'a key the runtime created for a later epoch'],
  ['writer', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Denied'],
  // scanner: reads versions and tags, writes tags and reports, decrypts
  ['scanner', 's3:GetObjectVersion', 'vaultObject', 'Allowed'],
  ['scanner', 's3:GetObjectVersionTagging', 'vaultObject', 'Allowed'],
  ['scanner', 's3:ListBucketVersions', 'vault', 'Allowed'],
  ['scanner', 's3:PutObjectVersionTagging', 'vaultObject', 'Allowed'],
  ['scanner', 'kms:Decrypt', 'vaultKey', 'Allowed', viaS3],
  ['scanner', 'kms:Decrypt', 'vaultKey', 'Denied', {}, 'directly, not through S3'],
  ['scanner', 'kms:Decrypt', 'nextEpochKey', 'Allowed', viaS3, 'a key the runtime created for a later epoch'],
  ['scanner', 's3:PutObject', 'report', 'Allowed', sseKms],
  ['scanner', 's3:PutObject', 'certificate', 'Denied', sseKms],
  ['scanner', 's3:PutObject', 'vaultObject', 'Denied', sseVaultAlias],
  ['scanner', 's3:DeleteObject', 'vaultObject', 'Denied'],
  ['scanner', 's3:DeleteObjectVersion', 'vaultObject', 'Denied'],
  ['scanner', 's3:PutObjectRetention', 'vaultObject', 'Denied'],
  ['scanner', 's3:PutObjectLegalHold', 'vaultObject', 'Denied'],
  ['scanner', 's3:BypassGovernanceRetention', 'vaultObject', 'Denied'],
  ['scanner', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Denied'],
  // shredder: retires vault keys only, reads retention and legal holds, writes certificates
  ['shredder', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Allowed'],
  ['shredder', 'kms:DisableKey', 'vaultKey', 'Allowed'],
  ['shredder', 'kms:DescribeKey', 'vaultKey', 'Allowed'],
  ['shredder', 'kms:ScheduleKeyDeletion', 'nextEpochKey', 'Allowed', {}, 'a key the runtime created for a later epoch'],
  ['shredder', 'kms:ScheduleKeyDeletion', 'otherKey', 'Denied', {}, 'a key not tagged for the vault'],
  ['shredder', 'kms:ScheduleKeyDeletion', 'auditKey', 'Denied', {}, 'the audit key'],
  ['shredder', 'kms:Decrypt', 'vaultKey', 'Denied', viaS3],
  ['shredder', 's3:GetObjectRetention', 'vaultObject', 'Allowed'],
  ['shredder', 's3:GetObjectLegalHold', 'vaultObject', 'Allowed'],
  ['shredder', 's3:GetObject', 'vaultObject', 'Denied'],
  ['shredder', 's3:PutObject', 'certificate', 'Allowed', sseKms],
  ['shredder', 's3:PutObject', 'report', 'Denied', sseKms],
  ['shredder', 's3:DeleteObjectVersion', 'certificate', 'Denied'],
  ['shredder', 's3:BypassGovernanceRetention', 'vaultObject', 'Denied'],
  // auditor: reads trail, reports, certificates and inventory; never vault data
  ['auditor', 's3:GetObject', 'trailFile', 'Allowed'],
  ['auditor', 's3:GetObject', 'report', 'Allowed'],
  ['auditor', 's3:GetObject', 'certificate', 'Allowed'],
  ['auditor', 's3:GetObject', 'inventoryFile', 'Allowed'],
  ['auditor', 'kms:Decrypt', 'auditKey', 'Allowed', viaS3],
  ['auditor', 'cloudtrail:LookupEvents', 'everything', 'Allowed'],
  ['auditor', 'cloudtrail:GetTrailStatus', 'trail', 'Allowed'],
  ['auditor', 'logs:FilterLogEvents', 'trailLogGroup', 'Allowed'],
  ['auditor', 's3:GetObject', 'vaultObject', 'Denied'],
  ['auditor', 's3:GetObjectVersion', 'vaultObject', 'Denied'],
  ['auditor', 'kms:Decrypt', 'vaultKey', 'Denied', viaS3],
  ['auditor', 's3:PutObject', 'certificate', 'Denied', sseKms],
  ['auditor', 's3:DeleteObjectVersion', 'trailFile', 'Denied'],
  // break-glass: the only one who may bypass GOVERNANCE retention; never deletes or shreds
  ['breakGlass', 's3:BypassGovernanceRetention', 'vaultObject', 'Allowed'],
  ['breakGlass', 's3:PutObjectRetention', 'vaultObject', 'Allowed'],
  ['breakGlass', 's3:PutObjectLegalHold', 'vaultObject', 'Allowed'],
  ['breakGlass', 's3:GetObjectVersion', 'vaultObject', 'Allowed'],
  ['breakGlass', 'kms:Decrypt', 'vaultKey', 'Allowed', viaS3],
  ['breakGlass', 's3:DeleteObjectVersion', 'vaultObject', 'Denied'],
  ['breakGlass', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Denied'],
  // an account administrator: the resource policies refuse it what only the vault roles may do
  ['admin', 's3:BypassGovernanceRetention', 'vaultObject', 'Denied'],
  ['admin', 's3:BypassGovernanceRetention', 'trailFile', 'Denied'],
  ['admin', 's3:BypassGovernanceRetention', 'certificate', 'Denied'],
  ['admin', 's3:DeleteObjectVersion', 'vaultObject', 'Denied'],
  ['admin', 's3:DeleteObjectVersion', 'trailFile', 'Denied'],
  ['admin', 's3:GetObject', 'vaultObject', 'Denied'],
  ['admin', 's3:PutObjectRetention', 'vaultObject', 'Denied'],
  ['admin', 's3:PutObjectTagging', 'vaultObject', 'Denied'],
  ['admin', 's3:PutObject', 'vaultObject', 'Denied', { 's3:x-amz-server-side-encryption': 'AES256' }],
  ['admin', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Denied'],
  ['admin', 'kms:ScheduleKeyDeletion', 'auditKey', 'Denied'],
  ['admin', 'kms:Decrypt', 'vaultKey', 'Denied', viaS3],
  ['admin', 'kms:DisableKey', 'vaultKey', 'Denied'],
  ['admin', 'kms:PutKeyPolicy', 'vaultKey', 'Allowed', {}, 'administration stays possible (CloudFormation updates)'],
];

describe('least privilege (IAM policy evaluation of the synthesized policies)', () => {
  it.each(table)('%s %s on %s -> %s %j %s', async (principal, action, resource, expected, context = {}) => {
    const decision = await world.decide({ principal: P[principal]!, action, resource: R[resource], context });
    expect(decision).toBe(expected);
  });

  const allowedRows = table.filter(([, , resource, expected]) => expected === 'Allowed' && R[resource].startsWith('arn:aws:s3:'));
  it.each(allowedRows)('without TLS: %s %s on %s is denied', async (principal, action, resource, _expected, context = {}) => {
    expect(await world.decide({ principal: P[principal]!, action, resource: R[resource], context, insecure: true })).toBe('Denied');
  });

  it('covers every role of the stack', () => {
    expect(new Set(table.map(([p]) => p))).toEqual(new Set(Object.keys(P)));
  });
});
