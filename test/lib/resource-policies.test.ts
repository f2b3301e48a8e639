/**
 * The resource-policy refusals of issue 9, evaluated on the synthesized policies in the IAM
 * simulation (@cloud-copilot/iam-simulate, test/support/iam-world.ts):
 *
 * | Policy              | Refusal                                                                        |
 * |---------------------|--------------------------------------------------------------------------------|
 * | vault bucket        | any upload that carries an encryption header (the bucket default applies)      |
 * | records bucket      | the same (the audit key applies); a write-once record without If-None-Match;   |
 * |                     | DeleteObject (delete markers)                                                  |
 * | trail bucket        | DeleteObject (delete markers)                                                  |
 * | epoch key policy    | approval tags that do not name the caller's own principal ARN                  |
 *
 * Each row is one request, with the request's own context keys; an account administrator with
 * AdministratorAccess ("admin") shows what the resource policies refuse even to a principal whose
 * identity policy allows everything.
 */
import { describe, expect, it } from 'vitest';
import { synthStack, TEST_ENV } from '../support/cdk-app.js';
import { IamWorld, type Decision, type WorldPrincipal } from '../support/iam-world.js';

const { template } = synthStack('resource-policies', { retentionMode: 'GOVERNANCE', testAccount: true });
const world = new IamWorld(template, TEST_ENV);
const { account, region } = TEST_ENV;

const firstKey = world.keyArn('FirstEpochKey');
const bucket = (kind: string) => `arn:aws:s3:::shredlock-${kind}-${account}-${region}`;
const records = (key: string) => `${bucket('records')}/${key}`;
const R = {
  vaultObject: `${bucket('vault')}/backups/2026-11-27/db.dump.gz`,
  certificate: records('certificates/shredlock/2026-11/1234abcd-0000-0000-0000-000000000000.json'),
  certificateManifest: records('certificates/shredlock/2026-11/1234abcd-0000-0000-0000-000000000000.manifest.tsv'),
  completion: records('certificates/shredlock/2026-11/1234abcd-0000-0000-0000-000000000000.completion.json'),
  seal: records('incidents/INC-42/seal.json'),
  sealRevision: records('incidents/INC-42/seal-2.json'),
  unseal: records('incidents/INC-42/unseal.json'),
  unsealRevision: records('incidents/INC-42/unseal-3.json'),
  intent: records('incidents/INC-42/intent.json'),
  incidentManifest: records('incidents/INC-42/manifest.tsv'),
  notification: records('incidents/INC-42/notification.json'),
  report: records('reports/2026-11-27/run-1.json'),
  ledger: records('epochs/shredlock/2026-12.json'),
  backlogState: records(`state/backlog/shredlock-vault-${account}-${region}.json`),
  trailFile: `${bucket('trail')}/AWSLogs/${account}/CloudTrail/${region}/2026/11/27/file.json.gz`,
  vaultKey: firstKey,
  // A key the rotator is creating: the policy frame of the first key, no tags yet.
  keyBeingCreated: world.addRuntimeKey(firstKey, '99998888-7777-6666-5555-444433332222', {}),
} as const;

const admin = world.outsider('Admin', [
  { name: 'AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
]);
const P: Record<string, WorldPrincipal> = {
  writer: world.role('shredlock-writer'),
  scanner: world.role('shredlock-scanner'),
  shredder: world.role('shredlock-shredder'),
  sealer: world.role('shredlock-sealer'),
  rotator: world.role('shredlock-rotator'),
  admin,
};

type Context = Record<string, string | string[]>;
type Row = [principal: keyof typeof P, action: string, resource: keyof typeof R, expected: Decision, context: Context, note: string];

const kmsHeader = { 's3:x-amz-server-side-encryption': 'aws:kms' };
const keyId = (arn: string) => ({ ...kmsHeader, 's3:x-amz-server-side-encryption-aws-kms-key-id': arn });
const epochAlias = `arn:aws:kms:${region}:${account}:alias/shredlock/shredlock/epoch/2026-10`;
const auditKey = world.keyArn('AuditKey');
const ifNoneMatch = { 's3:if-none-match': '*' };

const uploads: Row[] = [
  ['writer', 's3:PutObject', 'vaultObject', 'Allowed', {}, 'no encryption header: the bucket default (the current epoch key)'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', keyId(epochAlias), "an old epoch's alias"],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', keyId(firstKey), 'the first epoch key by ARN'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', kmsHeader, 'aws:kms without a key id: S3 would use aws/s3, which no shred destroys'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', { 's3:x-amz-server-side-encryption': 'aws:kms:dsse' }, 'DSSE-KMS'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', { 's3:x-amz-server-side-encryption': 'AES256' }, 'SSE-S3'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', { 's3:x-amz-server-side-encryption-aws-kms-key-id': epochAlias }, 'a key id alone'],
  ['writer', 's3:PutObject', 'vaultObject', 'Denied', { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' }, 'SSE-C'],
  ['admin', 's3:PutObject', 'vaultObject', 'Denied', keyId(epochAlias), 'not even an administrator'],
  ['scanner', 's3:PutObject', 'report', 'Allowed', {}, 'records: no encryption header, the audit key applies'],
  ['scanner', 's3:PutObject', 'report', 'Denied', keyId(auditKey), 'records: naming even the audit key'],
  ['scanner', 's3:PutObject', 'report', 'Denied', kmsHeader, 'records: aws:kms without a key id (aws/s3)'],
  ['shredder', 's3:PutObject', 'certificate', 'Denied', { ...ifNoneMatch, ...keyId(`arn:aws:kms:${region}:${account}:key/0000aaaa-0000-0000-0000-000000000000`) }, 'records: another key'],
];

const writeOnce: Row[] = [
  ['shredder', 's3:PutObject', 'certificate', 'Allowed', ifNoneMatch, 'a certificate, written once'],
  ['shredder', 's3:PutObject', 'certificate', 'Denied', {}, 'a certificate without If-None-Match (an overwrite)'],
  ['shredder', 's3:PutObject', 'certificateManifest', 'Denied', {}, "a certificate's manifest without If-None-Match"],
  ['shredder', 's3:PutObject', 'completion', 'Allowed', ifNoneMatch, 'a completion record, written once'],
  ['shredder', 's3:PutObject', 'completion', 'Denied', {}, 'a completion record without If-None-Match'],
  ['sealer', 's3:PutObject', 'seal', 'Allowed', ifNoneMatch, 'a seal record, written once'],
  ['sealer', 's3:PutObject', 'seal', 'Denied', {}, 'a seal record without If-None-Match'],
  ['sealer', 's3:PutObject', 'sealRevision', 'Denied', {}, 'a later seal revision without If-None-Match'],
  ['sealer', 's3:PutObject', 'unseal', 'Denied', {}, 'an unseal record without If-None-Match'],
  ['sealer', 's3:PutObject', 'unsealRevision', 'Allowed', ifNoneMatch, 'a later unseal revision, written once'],
  ['sealer', 's3:PutObject', 'unsealRevision', 'Denied', {}, 'a later unseal revision without If-None-Match'],
  ['admin', 's3:PutObject', 'certificate', 'Denied', {}, 'not even an administrator overwrites a certificate'],
  ['sealer', 's3:PutObject', 'intent', 'Allowed', {}, 'intent records are merged by a retry: rewritten'],
  ['sealer', 's3:PutObject', 'incidentManifest', 'Allowed', {}, 'incident manifests: pinned by version in the seal record'],
  ['sealer', 's3:PutObject', 'notification', 'Allowed', {}, 'notification lists are rewritten when the manifests change'],
  ['scanner', 's3:PutObject', 'report', 'Allowed', {}, 'reports are written without If-None-Match'],
  ['scanner', 's3:PutObject', 'backlogState', 'Allowed', {}, 'the backlog resume state is rewritten'],
  ['rotator', 's3:PutObject', 'ledger', 'Allowed', {}, 'the epoch ledger is rewritten'],
];

const deletes: Row[] = [
  ['admin', 's3:DeleteObject', 'certificate', 'Denied', {}, 'a delete marker on a certificate'],
  ['admin', 's3:DeleteObject', 'seal', 'Denied', {}, 'a delete marker on a seal record'],
  ['admin', 's3:DeleteObject', 'ledger', 'Denied', {}, 'a delete marker on the ledger'],
  ['admin', 's3:DeleteObject', 'trailFile', 'Denied', {}, 'a delete marker on a trail file'],
  ['admin', 's3:DeleteObjectVersion', 'certificate', 'Denied', {}, 'a version delete (already refused)'],
];

const approvedBy = (arn: string) => ({ 'aws:RequestTag/shredlock:approved-by': arn, 'aws:RequestTag/shredlock:approved-at': '2027-01-01T00:00:00.000Z', 'aws:TagKeys': ['shredlock:approved-by', 'shredlock:approved-at'] });
const EPOCH_TAG_KEYS = ['shredlock:vault', 'shredlock:epoch', 'shredlock:epoch-months', 'shredlock:shred-not-before'];

const approvals: Row[] = [
  ['admin', 'kms:TagResource', 'vaultKey', 'Allowed', approvedBy(admin.roleArn), "an approval in one's own name (the role ARN)"],
  ['admin', 'kms:TagResource', 'vaultKey', 'Denied', approvedBy(`arn:aws:iam::${account}:role/SomeoneElse`), "an approval in someone else's name"],
  ['admin', 'kms:TagResource', 'vaultKey', 'Denied', approvedBy(admin.sessionArn), 'the STS session ARN is not the principal ARN KMS compares'],
  ['admin', 'kms:TagResource', 'vaultKey', 'Denied', { 'aws:RequestTag/shredlock:approved-at': '2027-01-01T00:00:00.000Z', 'aws:TagKeys': ['shredlock:approved-at'] }, 'approved-at alone (no approved-by)'],
  ['admin', 'kms:TagResource', 'vaultKey', 'Allowed', { 'aws:RequestTag/team': 'ops', 'aws:TagKeys': ['team'] }, 'other tags stay with the key administrators'],
  ['admin', 'kms:UntagResource', 'vaultKey', 'Allowed', { 'aws:TagKeys': ['shredlock:approved-by', 'shredlock:approved-at'] }, 'revoking an approval can only stop a shred'],
  ['rotator', 'kms:TagResource', 'keyBeingCreated', 'Allowed', { 'aws:RequestTag/shredlock:vault': 'shredlock', 'aws:TagKeys': EPOCH_TAG_KEYS }, "the epoch tags of CreateKey, under the copied policy"],
];

describe('resource policies (IAM policy evaluation of the synthesized policies)', () => {
  it.each([...uploads, ...writeOnce, ...deletes, ...approvals])('%s %s on %s -> %s %j (%s)', async (principal, action, resource, expected, context) => {
    expect(await world.decide({ principal: P[principal]!, action, resource: R[resource], context })).toBe(expected);
  });
});
