/**
 * Least privilege, proven by evaluating the synthesized identity, bucket and key policies with an
 * IAM policy evaluator (@cloud-copilot/iam-simulate): role x action x resource -> Allowed or Denied.
 * The stack has a break-glass role here, so "nobody but break-glass" is tested against a real one;
 * "admin" is an account administrator with AdministratorAccess, to show what the resource policies
 * refuse even to it. The runtime roles (rotator, sealer, the inventory scan state machine's) are
 * tested with the requests their code makes (lambdas/keys, lambdas/seal, the Distributed Map), the
 * checker with the reads of lambdas/check/read.ts. Macie is on: "macieFindings" is the findings
 * Lambda's own tag-only role, "macieService" is
 * Macie's service-linked role with the object reads its AWS managed policy grants.
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
/** A key of another vault in the same account: tagged, but not for this vault. */
const otherVaultKey = world.addRuntimeKey(firstKey, '22223333-4444-5555-6666-777788889999', {
  'shredlock:vault': 'other-vault',
  'shredlock:epoch': '2026-11',
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
  otherVaultKey,
  vaultCertificate: `${bucket('records')}/certificates/shredlock/2026-11/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.json`,
  vaultCancellation: `${bucket('records')}/certificates/shredlock/2026-11/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.cancellation.json`,
  otherVaultCancellation: `${bucket('records')}/certificates/other-vault/2026-11/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.cancellation.json`,
  auditKey: world.keyArn('AuditKey'),
  otherKey: `arn:aws:kms:${region}:${account}:key/0000aaaa-0000-0000-0000-000000000000`,
  trail: `arn:aws:cloudtrail:${region}:${account}:trail/shredlock-trail`,
  trailLogGroup: `arn:aws:logs:${region}:${account}:log-group:/shredlock/shredlock/cloudtrail`,
  everything: '*',
  records: bucket('records'),
  inventory: bucket('inventory'),
  accessLogs: bucket('access-logs'),
  trailBucket: bucket('trail'),
  topic: `arn:aws:sns:${region}:${account}:shredlock-notifications`,
  ledger: `${bucket('records')}/epochs/shredlock/2026-12.json`,
  incident: `${bucket('records')}/incidents/INC-42/seal.json`,
  backlogState: `${bucket('records')}/state/backlog/shredlock-vault-${account}-${region}.json`,
  newKey: `arn:aws:kms:${region}:${account}:key/99998888-7777-6666-5555-444433332222`,
  epochAlias: `arn:aws:kms:${region}:${account}:alias/shredlock/shredlock/epoch/2026-12`,
  otherAlias: `arn:aws:kms:${region}:${account}:alias/other/key`,
  inventoryManifest: `${bucket('inventory')}/vault/shredlock-vault-${account}-${region}/daily-versions/2026-11-27T01-00Z/manifest.json`,
  mapResults: `${bucket('inventory')}/scan-results/run-1/manifest.json`,
  inventoryChecksum: `${bucket('inventory')}/vault/shredlock-vault-${account}-${region}/daily-versions/2026-11-27T01-00Z/manifest.checksum`,
  inventoryData: `${bucket('inventory')}/vault/shredlock-vault-${account}-${region}/daily-versions/data/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.csv.gz`,
  otherBucketInventory: `${bucket('inventory')}/vault/shredlock-records-${account}-${region}/daily-versions/2026-11-27T01-00Z/manifest.json`,
  otherConfigInventory: `${bucket('inventory')}/vault/shredlock-vault-${account}-${region}/weekly/2026-11-27T01-00Z/manifest.json`,
  inventoryScanner: `arn:aws:lambda:${region}:${account}:function:shredlock-scan-inventory`,
  sealFunction: `arn:aws:lambda:${region}:${account}:function:shredlock-seal`,
  inventoryScanMachine: `arn:aws:states:${region}:${account}:stateMachine:shredlock-inventory-scan`,
} as const;

const P: Record<string, WorldPrincipal> = {
  writer: world.role('shredlock-writer'),
  scanner: world.role('shredlock-scanner'),
  shredder: world.role('shredlock-shredder'),
  rotator: world.role('shredlock-rotator'),
  sealer: world.role('shredlock-sealer'),
  inventoryScan: world.role('shredlock-inventory-scan'),
  auditor: world.role('shredlock-auditor'),
  breakGlass: world.role('shredlock-break-glass'),
  checker: world.role('shredlock-checker'),
  macieFindings: world.role('shredlock-macie-findings'),
  macieService: {
    roleArn: `arn:aws:iam::${account}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`,
    sessionArn: `arn:aws:sts::${account}:assumed-role/AWSServiceRoleForAmazonMacie/macie`,
    identityPolicies: [
      {
        name: 'AmazonMacieServiceRolePolicy (object reads)',
        policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: '*' }] },
      },
    ],
  },
  admin: world.outsider('Admin', [
    { name: 'AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
  ]),
};

const viaS3 = { 'kms:ViaService': `s3.${region}.amazonaws.com` };
const viaSns = { 'kms:ViaService': `sns.${region}.amazonaws.com` };
const sseVaultAlias = {
  's3:x-amz-server-side-encryption': 'aws:kms',
  's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:${region}:${account}:alias/shredlock/shredlock/epoch/2026-12`,
};
const sseKms = { 's3:x-amz-server-side-encryption': 'aws:kms' };
const ifNoneMatch = { 's3:if-none-match': '*' };
const EPOCH_TAG_KEYS = ['shredlock:vault', 'shredlock:epoch', 'shredlock:epoch-months', 'shredlock:shred-not-before'];
/** A CreateKey request as the rotator makes it (lambdas/keys/rotator.ts). */
const newEpochKey = {
  'aws:RequestTag/shredlock:vault': 'shredlock',
  'aws:RequestTag/shredlock:epoch': '2026-12',
  'aws:TagKeys': EPOCH_TAG_KEYS,
  'kms:KeySpec': 'SYMMETRIC_DEFAULT',
  'kms:KeyUsage': 'ENCRYPT_DECRYPT',
  'kms:KeyOrigin': 'AWS_KMS',
  'kms:MultiRegion': 'false',
};
/** The tags of a new epoch key, as TagResource sees them during CreateKey. */
const epochTags = { 'aws:RequestTag/shredlock:vault': 'shredlock', 'aws:TagKeys': EPOCH_TAG_KEYS };
const approvalTags = { 'aws:RequestTag/shredlock:approved-by': 'arn:aws:iam::123456789012:role/Approver', 'aws:TagKeys': ['shredlock:approved-by', 'shredlock:approved-at'] };

type Context = Record<string, string | string[]>;
type Row = [principal: keyof typeof P, action: string, resource: keyof typeof R, expected: Decision, context?: Context, note?: string];

const table: Row[] = [
  // writer: puts backups; cannot read, delete, retag or change retention
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', sseVaultAlias, 'an epoch alias: uploads name no key, the bucket default applies'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', sseKms, 'aws:kms without a key id would mean aws/s3'],
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
  ['scanner', 's3:PutObjectTagging', 'vaultObject', 'Denied', {}, 'every scanner tag names a version'],
  ['scanner', 's3:GetObject', 'vaultObject', 'Denied', {}, 'every scanner read names a version'],
  ['scanner', 'sns:Publish', 'topic', 'Denied', {}, 'the scanner notifies nobody'],
  ['scanner', 'kms:Decrypt', 'vaultKey', 'Allowed', viaS3],
  ['scanner', 'kms:Decrypt', 'vaultKey', 'Denied', {}, 'directly, not through S3'],
  ['scanner', 'kms:Decrypt', 'nextEpochKey', 'Allowed', viaS3, 'a key the runtime created for a later epoch'],
  ['scanner', 's3:PutObject', 'report', 'Allowed', {}, 'no encryption header: the audit key applies'],
  ['scanner', 's3:PutObject', 'certificate', 'Denied', sseKms],
  ['scanner', 's3:PutObject', 'vaultObject', 'Denied', sseVaultAlias],
  ['scanner', 's3:DeleteObject', 'vaultObject', 'Denied'],
  ['scanner', 's3:DeleteObjectVersion', 'vaultObject', 'Denied'],
  ['scanner', 's3:PutObjectRetention', 'vaultObject', 'Denied'],
  ['scanner', 's3:PutObjectLegalHold', 'vaultObject', 'Denied'],
  ['scanner', 's3:BypassGovernanceRetention', 'vaultObject', 'Denied'],
  ['scanner', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Denied'],
  ['scanner', 's3:PutObject', 'backlogState', 'Allowed', {}, 'the backlog resume state'],
  ['scanner', 's3:GetObject', 'backlogState', 'Allowed'],
  ['scanner', 's3:ListBucket', 'records', 'Allowed', {}, 'a missing state answers 404, not 403'],
  ['scanner', 's3:PutObject', 'ledger', 'Denied'],
  ['scanner', 's3:PutObject', 'incident', 'Denied'],
  ['scanner', 's3:GetObject', 'inventoryManifest', 'Denied', {}, "the shredder's inventory read is not the scanner's"],
  ['scanner', 's3:ListBucket', 'inventory', 'Denied'],
  // shredder: retires vault keys only, reads retention and legal holds, writes certificates
  ['shredder', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Allowed'],
  ['shredder', 'kms:DisableKey', 'vaultKey', 'Allowed'],
  ['shredder', 'kms:DescribeKey', 'vaultKey', 'Allowed'],
  ['shredder', 'kms:CancelKeyDeletion', 'vaultKey', 'Allowed', {}, 'a pending key whose data must now be kept'],
  ['shredder', 'kms:CancelKeyDeletion', 'otherKey', 'Denied', {}, 'a key not tagged for the vault'],
  ['shredder', 's3:GetEncryptionConfiguration', 'vault', 'Allowed', {}, "the plan reads the bucket's default key"],
  ['shredder', 's3:PutEncryptionConfiguration', 'vault', 'Denied'],
  ['shredder', 'kms:ScheduleKeyDeletion', 'nextEpochKey', 'Allowed', {}, 'a key the runtime created for a later epoch'],
  ['shredder', 'kms:ScheduleKeyDeletion', 'otherKey', 'Denied', {}, 'a key not tagged for the vault'],
  ['shredder', 'kms:ScheduleKeyDeletion', 'auditKey', 'Denied', {}, 'the audit key'],
  ['shredder', 'kms:Decrypt', 'vaultKey', 'Denied', viaS3],
  ['shredder', 's3:GetObjectRetention', 'vaultObject', 'Allowed'],
  ['shredder', 's3:GetObjectLegalHold', 'vaultObject', 'Allowed'],
  ['shredder', 's3:GetObject', 'vaultObject', 'Denied'],
  ['shredder', 's3:GetObjectVersion', 'vaultObject', 'Allowed', {}, 'HeadObject of a version; without kms:Decrypt it cannot read the data'],
  ['shredder', 'kms:ListResourceTags', 'vaultKey', 'Allowed'],
  ['shredder', 'kms:ListResourceTags', 'otherKey', 'Denied', {}, 'a key not tagged for the vault'],
  ['shredder', 'kms:ListAliases', 'everything', 'Allowed'],
  ['shredder', 'kms:TagResource', 'vaultKey', 'Denied', approvalTags, 'cannot approve its own shred'],
  ['shredder', 's3:GetObject', 'ledger', 'Allowed'],
  ['shredder', 's3:PutObject', 'ledger', 'Denied', sseKms],
  ['shredder', 's3:PutObjectLegalHold', 'vaultObject', 'Denied'],
  ['shredder', 's3:PutObject', 'certificate', 'Allowed', ifNoneMatch, 'written once, with If-None-Match'],
  ['shredder', 's3:PutObject', 'report', 'Denied', sseKms],
  ['shredder', 's3:DeleteObjectVersion', 'certificate', 'Denied'],
  ['shredder', 's3:BypassGovernanceRetention', 'vaultObject', 'Denied'],
  // shredder: proves from the vault's S3 Inventory above its listing limit (lambdas/shredder/inventory-evidence.ts)
  ['shredder', 's3:ListBucket', 'inventory', 'Allowed', { 's3:prefix': 'vault/shredlock-vault-123456789012-eu-central-1/daily-versions/', 's3:delimiter': '/' }, 'finds the newest delivery'],
  ['shredder', 's3:ListBucket', 'inventory', 'Allowed', {}, 'a manifest not written yet answers 404, not 403'],
  ['shredder', 's3:GetObject', 'inventoryManifest', 'Allowed', {}, "the vault bucket's manifest.json"],
  ['shredder', 's3:GetObject', 'inventoryChecksum', 'Allowed', {}, 'manifest.checksum'],
  ['shredder', 's3:GetObject', 'inventoryData', 'Allowed', {}, 'a data file (data/<uuid>.csv.gz)'],
  ['shredder', 'kms:Decrypt', 'auditKey', 'Allowed', viaS3, 'inventory reports are encrypted with the audit key'],
  ['shredder', 'kms:Decrypt', 'auditKey', 'Denied', {}, 'directly, not through S3 or SNS'],
  ['shredder', 's3:GetObject', 'otherBucketInventory', 'Denied', {}, "another bucket's inventory"],
  ['shredder', 's3:GetObject', 'otherConfigInventory', 'Denied', {}, 'another inventory configuration of the vault bucket'],
  ['shredder', 's3:GetObject', 'mapResults', 'Denied', {}, "the inventory scan's Map Run results"],
  ['shredder', 's3:GetObjectVersion', 'inventoryManifest', 'Denied', {}, 'reads the current manifest only'],
  ['shredder', 's3:PutObject', 'inventoryManifest', 'Denied', sseKms, 'cannot forge a manifest'],
  ['shredder', 's3:PutObject', 'inventoryData', 'Denied', sseKms],
  ['shredder', 's3:PutObject', 'mapResults', 'Denied', sseKms],
  ['shredder', 's3:DeleteObject', 'inventoryManifest', 'Denied'],
  ['shredder', 's3:DeleteObjectVersion', 'inventoryData', 'Denied'],
  // rotator: creates the next epoch's key with the vault tags, aliases it, points the bucket default at the current one
  ['rotator', 'kms:CreateKey', 'everything', 'Allowed', newEpochKey, 'an epoch key for this vault'],
  ['rotator', 'kms:CreateKey', 'everything', 'Denied', { ...newEpochKey, 'aws:RequestTag/shredlock:vault': 'other' }, 'tagged for another vault'],
  ['rotator', 'kms:CreateKey', 'everything', 'Denied', { 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT', 'kms:KeyOrigin': 'AWS_KMS', 'kms:MultiRegion': 'false' }, 'without the vault tag'],
  ['rotator', 'kms:CreateKey', 'everything', 'Denied', { ...newEpochKey, 'kms:MultiRegion': 'true' }, 'a multi-Region key'],
  ['rotator', 'kms:CreateKey', 'everything', 'Denied', { ...newEpochKey, 'aws:TagKeys': [...EPOCH_TAG_KEYS, 'shredlock:approved-by'] }, 'with an approval tag'],
  ['rotator', 'kms:TagResource', 'newKey', 'Allowed', epochTags, 'the tags of CreateKey, on the key being created'],
  ['rotator', 'kms:TagResource', 'vaultKey', 'Denied', epochTags, 'retagging an existing vault key'],
  ['rotator', 'kms:TagResource', 'newKey', 'Denied', approvalTags, 'approval tags'],
  ['rotator', 'kms:TagResource', 'vaultKey', 'Denied', approvalTags, 'approving a shred'],
  ['rotator', 'kms:UntagResource', 'vaultKey', 'Denied'],
  ['rotator', 'kms:CreateAlias', 'nextEpochKey', 'Allowed', {}, 'the key side of CreateAlias'],
  ['rotator', 'kms:CreateAlias', 'epochAlias', 'Allowed', {}, 'the alias side of CreateAlias'],
  ['rotator', 'kms:CreateAlias', 'otherAlias', 'Denied'],
  ['rotator', 'kms:CreateAlias', 'otherKey', 'Denied'],
  ['rotator', 'kms:EnableKeyRotation', 'nextEpochKey', 'Allowed'],
  ['rotator', 'kms:GetKeyPolicy', 'vaultKey', 'Allowed', {}, 'the policy frame of the next key'],
  ['rotator', 'kms:DescribeKey', 'vaultKey', 'Allowed'],
  ['rotator', 'kms:ListResourceTags', 'vaultKey', 'Allowed'],
  ['rotator', 'kms:ListResourceTags', 'otherKey', 'Denied'],
  ['rotator', 'kms:ListKeys', 'everything', 'Allowed'],
  ['rotator', 'kms:ListAliases', 'everything', 'Allowed'],
  ['rotator', 's3:PutEncryptionConfiguration', 'vault', 'Allowed'],
  ['rotator', 's3:GetEncryptionConfiguration', 'vault', 'Allowed'],
  ['rotator', 's3:PutObject', 'ledger', 'Allowed'],
  ['rotator', 's3:GetObject', 'ledger', 'Allowed'],
  ['rotator', 's3:PutObject', 'certificate', 'Denied'],
  ['rotator', 's3:PutObject', 'report', 'Denied'],
  ['rotator', 'kms:PutKeyPolicy', 'vaultKey', 'Denied', {}, 'not needed: the policy is passed to CreateKey'],
  ['rotator', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Denied'],
  ['rotator', 'kms:DisableKey', 'vaultKey', 'Denied'],
  ['rotator', 'kms:Decrypt', 'vaultKey', 'Denied', viaS3],
  ['rotator', 's3:GetObject', 'vaultObject', 'Denied'],
  ['rotator', 's3:PutObjectLegalHold', 'vaultObject', 'Denied'],
  ['rotator', 's3:GetObject', 'inventoryManifest', 'Denied'],
  // sealer: places and lifts legal holds, rescans sealed versions, writes incident records
  ['sealer', 's3:PutObjectLegalHold', 'vaultObject', 'Allowed'],
  ['sealer', 's3:GetObjectLegalHold', 'vaultObject', 'Allowed'],
  ['sealer', 's3:ListBucketVersions', 'vault', 'Allowed'],
  ['sealer', 's3:GetObjectVersion', 'vaultObject', 'Allowed', {}, 'rescans sealed versions'],
  ['sealer', 'kms:Decrypt', 'vaultKey', 'Allowed', viaS3],
  ['sealer', 'kms:Decrypt', 'nextEpochKey', 'Allowed', viaS3, 'a key the runtime created for a later epoch'],
  ['sealer', 'kms:Decrypt', 'vaultKey', 'Denied', {}, 'directly, not through S3'],
  ['sealer', 's3:PutObject', 'incident', 'Allowed', ifNoneMatch, 'a seal record, written once'],
  ['sealer', 's3:GetObjectVersion', 'incident', 'Allowed'],
  ['sealer', 's3:PutObject', 'report', 'Denied'],
  ['sealer', 's3:PutObject', 'certificate', 'Denied'],
  ['sealer', 's3:PutObjectRetention', 'vaultObject', 'Denied'],
  ['sealer', 's3:BypassGovernanceRetention', 'vaultObject', 'Denied'],
  ['sealer', 's3:DeleteObject', 'vaultObject', 'Denied'],
  ['sealer', 's3:DeleteObjectVersion', 'vaultObject', 'Denied'],
  ['sealer', 's3:PutObjectVersionTagging', 'vaultObject', 'Denied'],
  ['sealer', 's3:PutObject', 'vaultObject', 'Denied', sseVaultAlias],
  ['sealer', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Denied'],
  ['sealer', 'kms:DisableKey', 'vaultKey', 'Denied'],
  // sealer: a seal cancels the deletion of this vault's keys pending deletion under a sealed version (lambdas/seal/pending-keys.ts)
  ['sealer', 'kms:DescribeKey', 'vaultKey', 'Allowed', {}, 'the state of the key under a sealed version'],
  ['sealer', 'kms:ListResourceTags', 'vaultKey', 'Allowed', {}, 'its vault and epoch tags'],
  ['sealer', 'kms:CancelKeyDeletion', 'vaultKey', 'Allowed', {}, "a vault key's deletion is cancelled"],
  ['sealer', 'kms:CancelKeyDeletion', 'nextEpochKey', 'Allowed', {}, 'a key the runtime created for a later epoch'],
  ['sealer', 'kms:CancelKeyDeletion', 'otherVaultKey', 'Denied', {}, "another vault's key"],
  ['sealer', 'kms:CancelKeyDeletion', 'otherKey', 'Denied', {}, 'a key not tagged for any vault'],
  ['sealer', 'kms:CancelKeyDeletion', 'auditKey', 'Denied', {}, 'the audit key'],
  ['sealer', 'kms:DescribeKey', 'otherVaultKey', 'Denied'],
  ['sealer', 'kms:ListResourceTags', 'otherVaultKey', 'Denied'],
  ['sealer', 'kms:ScheduleKeyDeletion', 'nextEpochKey', 'Denied', {}, 'it stops deletions, never starts one'],
  ['sealer', 'kms:EnableKey', 'vaultKey', 'Denied', {}, 'a cancelled key stays Disabled until an operator acts'],
  ['sealer', 's3:GetObject', 'vaultCertificate', 'Allowed', {}, "the pending key's certificate"],
  ['sealer', 's3:PutObject', 'vaultCancellation', 'Allowed', { 's3:if-none-match': '*' }, 'the cancellation record beside it, written once'],
  ['sealer', 's3:PutObject', 'vaultCertificate', 'Denied', { 's3:if-none-match': '*' }, 'never a certificate'],
  ['sealer', 's3:PutObject', 'otherVaultCancellation', 'Denied', { 's3:if-none-match': '*' }, "another vault's records"],
  ['sealer', 'sns:Publish', 'topic', 'Allowed', {}, 'tells the topic of the cancellation'],
  ['sealer', 'kms:GenerateDataKey', 'auditKey', 'Allowed', viaSns, 'the notice, for the audit-key-encrypted topic'],
  ['sealer', 's3:GetObject', 'inventoryData', 'Denied'],
  // inventory scan state machine: reads the inventory, writes Map Run results, invokes the inventory scanner
  ['inventoryScan', 's3:GetObject', 'inventoryManifest', 'Allowed'],
  ['inventoryScan', 's3:GetObject', 'inventoryData', 'Allowed'],
  ['inventoryScan', 'kms:Decrypt', 'auditKey', 'Allowed', viaS3],
  ['inventoryScan', 's3:PutObject', 'mapResults', 'Allowed'],
  ['inventoryScan', 'lambda:InvokeFunction', 'inventoryScanner', 'Allowed'],
  ['inventoryScan', 'states:StartExecution', 'inventoryScanMachine', 'Allowed', {}, 'its own child executions'],
  ['inventoryScan', 'lambda:InvokeFunction', 'sealFunction', 'Denied'],
  ['inventoryScan', 's3:GetObject', 'vaultObject', 'Denied'],
  ['inventoryScan', 's3:PutObject', 'report', 'Denied'],
  ['inventoryScan', 'kms:Decrypt', 'vaultKey', 'Denied', viaS3],
  // auditor: reads trail, reports, certificates and inventory; never vault data
  ['auditor', 's3:GetObject', 'trailFile', 'Allowed'],
  ['auditor', 's3:GetObject', 'report', 'Allowed'],
  ['auditor', 's3:GetObject', 'certificate', 'Allowed'],
  ['auditor', 's3:GetObject', 'inventoryFile', 'Allowed'],
  ['auditor', 'kms:Decrypt', 'auditKey', 'Allowed', viaS3],
  ['auditor', 'cloudtrail:LookupEvents', 'everything', 'Allowed'],
  ['auditor', 'cloudtrail:GetTrailStatus', 'trail', 'Allowed'],
  ['auditor', 'logs:FilterLogEvents', 'trailLogGroup', 'Allowed'],
  ['auditor', 'kms:DescribeKey', 'vaultKey', 'Allowed', {}, 'evidence export reads key state and dates'],
  ['auditor', 'kms:DescribeKey', 'nextEpochKey', 'Allowed', {}, 'keys created later carry the vault tag'],
  ['auditor', 'kms:DescribeKey', 'otherKey', 'Denied', {}, 'not keys of other vaults or services'],
  ['auditor', 'cloudtrail:ListPublicKeys', 'everything', 'Allowed', {}, 'digest validation'],
  ['auditor', 'kms:Encrypt', 'vaultKey', 'Denied'],
  ['auditor', 'kms:ListResourceTags', 'vaultKey', 'Denied'],
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
  // checker: reads the configuration of buckets, trail and keys, publishes drift; no data, no change
  ['checker', 's3:GetBucketVersioning', 'vault', 'Allowed'],
  ['checker', 's3:GetBucketObjectLockConfiguration', 'records', 'Allowed'],
  ['checker', 's3:GetEncryptionConfiguration', 'vault', 'Allowed'],
  ['checker', 's3:GetBucketPublicAccessBlock', 'accessLogs', 'Allowed'],
  ['checker', 's3:GetBucketPolicy', 'trailBucket', 'Allowed'],
  ['checker', 's3:GetBucketPolicy', 'inventory', 'Allowed'],
  ['checker', 'cloudtrail:GetTrail', 'trail', 'Allowed'],
  ['checker', 'cloudtrail:GetTrailStatus', 'trail', 'Allowed'],
  ['checker', 'cloudtrail:GetEventSelectors', 'trail', 'Allowed'],
  ['checker', 'kms:ListAliases', 'everything', 'Allowed'],
  ['checker', 'kms:DescribeKey', 'vaultKey', 'Allowed'],
  ['checker', 'kms:GetKeyRotationStatus', 'nextEpochKey', 'Allowed', {}, 'a key the runtime created for a later epoch'],
  ['checker', 'kms:ListResourceTags', 'vaultKey', 'Allowed'],
  ['checker', 'kms:DescribeKey', 'auditKey', 'Allowed'],
  ['checker', 'kms:GetKeyRotationStatus', 'auditKey', 'Allowed'],
  ['checker', 'kms:DescribeKey', 'otherKey', 'Denied', {}, 'a key not tagged for the vault'],
  ['checker', 'sns:Publish', 'topic', 'Allowed'],
  ['checker', 'kms:GenerateDataKey', 'auditKey', 'Allowed', viaSns, 'the drift notice, through SNS'],
  ['checker', 'kms:GenerateDataKey', 'auditKey', 'Denied', viaS3, 'not through S3'],
  ['checker', 's3:GetObject', 'vaultObject', 'Denied'],
  ['checker', 's3:GetObjectVersion', 'vaultObject', 'Denied'],
  ['checker', 's3:GetObject', 'report', 'Denied'],
  ['checker', 's3:GetObject', 'trailFile', 'Denied'],
  ['checker', 's3:GetObject', 'inventoryFile', 'Denied'],
  ['checker', 's3:ListBucket', 'vault', 'Denied', {}, 'not even object keys'],
  ['checker', 'kms:Decrypt', 'vaultKey', 'Denied', viaS3],
  ['checker', 'kms:Decrypt', 'auditKey', 'Denied', viaS3],
  ['checker', 's3:PutBucketVersioning', 'vault', 'Denied'],
  ['checker', 's3:PutBucketObjectLockConfiguration', 'vault', 'Denied'],
  ['checker', 's3:PutEncryptionConfiguration', 'vault', 'Denied'],
  ['checker', 's3:PutBucketPolicy', 'vault', 'Denied'],
  ['checker', 's3:PutBucketPublicAccessBlock', 'vault', 'Denied'],
  ['checker', 's3:PutObjectTagging', 'vaultObject', 'Denied'],
  ['checker', 'cloudtrail:StopLogging', 'trail', 'Denied'],
  ['checker', 'cloudtrail:UpdateTrail', 'trail', 'Denied'],
  ['checker', 'kms:DisableKey', 'vaultKey', 'Denied'],
  ['checker', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Denied'],
  ['checker', 'kms:PutKeyPolicy', 'vaultKey', 'Denied'],
  ['checker', 'kms:TagResource', 'vaultKey', 'Denied'],
  // the Macie findings Lambda's own role: retags, never reads or decrypts data
  ['macieFindings', 's3:GetObjectVersionTagging', 'vaultObject', 'Allowed'],
  ['macieFindings', 's3:PutObjectVersionTagging', 'vaultObject', 'Allowed', {}, 'applies a Macie verdict to the tags'],
  ['macieFindings', 's3:PutObjectTagging', 'vaultObject', 'Denied', {}, 'a finding names a version: the unversioned form is not granted'],
  ['macieFindings', 's3:GetObject', 'vaultObject', 'Denied'],
  ['macieFindings', 's3:GetObjectVersion', 'vaultObject', 'Denied'],
  ['macieFindings', 'kms:Decrypt', 'vaultKey', 'Denied', viaS3],
  ['macieFindings', 's3:PutObjectRetention', 'vaultObject', 'Denied'],
  ['macieFindings', 's3:PutObjectLegalHold', 'vaultObject', 'Denied'],
  ['macieFindings', 's3:DeleteObjectVersion', 'vaultObject', 'Denied'],
  ['macieFindings', 's3:PutObject', 'report', 'Denied'],
  ['macieFindings', 's3:ListBucketVersions', 'vault', 'Denied'],
  ['macieFindings', 'kms:Decrypt', 'nextEpochKey', 'Denied', viaS3],
  ['macieFindings', 'kms:Decrypt', 'auditKey', 'Denied', viaS3],
  ['macieFindings', 's3:GetObject', 'inventoryFile', 'Denied'],
  ['macieFindings', 'sns:Publish', 'topic', 'Denied'],
  // Macie's service-linked role: reads and decrypts vault versions to classify them, nothing else
  ['macieService', 's3:GetObject', 'vaultObject', 'Allowed', {}, 'the vault policy names it among the readers'],
  ['macieService', 's3:GetObjectVersion', 'vaultObject', 'Allowed'],
  ['macieService', 'kms:Decrypt', 'vaultKey', 'Allowed', {}, 'MacieDecrypt in the epoch key policy'],
  ['macieService', 'kms:Decrypt', 'nextEpochKey', 'Allowed', {}, 'the rotator copies the key policy into later keys'],
  ['macieService', 'kms:Decrypt', 'auditKey', 'Denied', {}, 'records, trail and inventory stay unreadable to it'],
  ['macieService', 's3:PutObjectTagging', 'vaultObject', 'Denied'],
  ['macieService', 's3:DeleteObjectVersion', 'vaultObject', 'Denied'],
  ['macieService', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Denied'],
  // an account administrator: the resource policies refuse it what only the vault roles may do
  ['admin', 's3:BypassGovernanceRetention', 'vaultObject', 'Denied'],
  ['admin', 's3:BypassGovernanceRetention', 'trailFile', 'Denied'],
  ['admin', 's3:BypassGovernanceRetention', 'certificate', 'Denied'],
  ['admin', 's3:DeleteObjectVersion', 'vaultObject', 'Denied'],
  ['admin', 's3:DeleteObjectVersion', 'trailFile', 'Denied'],
  ['admin', 's3:GetObject', 'vaultObject', 'Denied'],
  ['admin', 's3:PutObjectRetention', 'vaultObject', 'Denied'],
  ['admin', 's3:PutObjectLegalHold', 'vaultObject', 'Denied'],
  ['admin', 's3:PutObjectTagging', 'vaultObject', 'Denied'],
  ['admin', 's3:PutObject', 'vaultObject', 'Denied', { 's3:x-amz-server-side-encryption': 'AES256' }],
  ['admin', 'kms:ScheduleKeyDeletion', 'vaultKey', 'Denied'],
  ['admin', 'kms:ScheduleKeyDeletion', 'auditKey', 'Denied'],
  ['admin', 'kms:Decrypt', 'vaultKey', 'Denied', viaS3],
  ['admin', 'kms:DisableKey', 'vaultKey', 'Denied'],
  ['admin', 'kms:PutKeyPolicy', 'vaultKey', 'Allowed', {}, 'administration stays possible (CloudFormation updates)'],
];

describe('break-glass trust (the role as the resource of sts:AssumeRole)', () => {
  const officer = world.outsider('SecurityOfficer', [
    { name: 'MayAssumeRoles', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } },
  ]);
  const breakGlassRole = `arn:aws:iam::${account}:role/shredlock/shredlock-break-glass`;
  it.each<[Context, Decision, string]>([
    [{ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '600' }, 'Allowed', 'MFA ten minutes ago'],
    [{ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '3600' }, 'Allowed', 'MFA an hour ago'],
    [{ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '3601' }, 'Denied', 'MFA more than an hour ago'],
    [{ 'aws:MultiFactorAuthPresent': 'false' }, 'Denied', 'signed in without MFA'],
    [{}, 'Denied', 'long-term access keys (no MFA keys in the request)'],
  ])('SecurityOfficer %j -> %s (%s)', async (context, expected) => {
    expect(await world.decide({ principal: officer, action: 'sts:AssumeRole', resource: breakGlassRole, context })).toBe(expected);
  });
});

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
