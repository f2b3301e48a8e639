/**
 * Who an approval names (lambdas/keys/approver.ts), and what `approveEpochKey` says when KMS
 * refuses an approval whose role path could not be learned. The key policy that makes the
 * principal ARN matter is tested in the IAM simulation (test/lib/resource-policies.test.ts);
 * KMS refusing TagResource is not something moto does, so that one case uses a hand-written KMS
 * mock (aws-sdk-client-mock).
 */
import { DescribeKeyCommand, KMSClient, ListResourceTagsCommand, TagResourceCommand } from '@aws-sdk/client-kms';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { approverOf, iamRoleArnLookup, principalOfCaller, type RoleArnLookup } from '../../lambdas/keys/approver.js';

const ACCOUNT = '123456789012';
const about = { vaultName: 'acme', epoch: '2026-01' };

describe('principalOfCaller', () => {
  it.each([
    [`arn:aws:iam::${ACCOUNT}:user/alice`, { kind: 'iam', principalArn: `arn:aws:iam::${ACCOUNT}:user/alice` }],
    [`arn:aws:iam::${ACCOUNT}:user/team/ops/alice`, { kind: 'iam', principalArn: `arn:aws:iam::${ACCOUNT}:user/team/ops/alice` }],
    [`arn:aws:iam::${ACCOUNT}:root`, { kind: 'iam', principalArn: `arn:aws:iam::${ACCOUNT}:root` }],
    [
      `arn:aws:sts::${ACCOUNT}:assumed-role/acme-approver/alice@example.com`,
      { kind: 'role-session', pathlessRoleArn: `arn:aws:iam::${ACCOUNT}:role/acme-approver`, roleName: 'acme-approver', account: ACCOUNT },
    ],
    [
      `arn:aws-cn:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Approver_0123abcd/alice`,
      { kind: 'role-session', pathlessRoleArn: `arn:aws-cn:iam::${ACCOUNT}:role/AWSReservedSSO_Approver_0123abcd`, roleName: 'AWSReservedSSO_Approver_0123abcd', account: ACCOUNT },
    ],
  ])('%s -> %j', (caller, expected) => {
    expect(principalOfCaller(caller)).toEqual(expected);
  });

  it.each([
    [`arn:aws:sts::${ACCOUNT}:federated-user/alice`, 'a federated user'],
    [`arn:aws:sts::${ACCOUNT}:assumed-role/acme-approver`, 'a session ARN without a session name'],
    [`arn:aws:sts::${ACCOUNT}:user/moto`, "moto's default identity"],
    ['approver', 'not an ARN'],
    [`arn:aws:iam::${ACCOUNT}:group/admins`, 'a group'],
  ])('%s -> none (%s)', (caller) => {
    expect(principalOfCaller(caller)).toBeUndefined();
  });
});

describe('approverOf', () => {
  const session = `arn:aws:sts::${ACCOUNT}:assumed-role/acme-approver/alice`;
  const lookup = (answer: string | undefined): RoleArnLookup & { asked: string[] } => {
    const asked: string[] = [];
    return Object.assign(async (name: string) => (asked.push(name), answer), { asked });
  };

  it("names a role session's role with the path IAM answers", async () => {
    const roles = lookup(`arn:aws:iam::${ACCOUNT}:role/shredlock/acme-approver`);
    expect(await approverOf(session, roles, about)).toEqual({ principalArn: `arn:aws:iam::${ACCOUNT}:role/shredlock/acme-approver` });
    expect(roles.asked).toEqual(['acme-approver']);
  });

  it('falls back to the role without a path, and says so, when GetRole is denied', async () => {
    expect(await approverOf(session, lookup(undefined), about)).toEqual({
      principalArn: `arn:aws:iam::${ACCOUNT}:role/acme-approver`,
      unverifiedRole: 'acme-approver',
    });
  });

  it('names a user or the root as STS does, without asking IAM', async () => {
    const roles = lookup('unused');
    expect(await approverOf(`arn:aws:iam::${ACCOUNT}:user/ops/alice`, roles, about)).toEqual({ principalArn: `arn:aws:iam::${ACCOUNT}:user/ops/alice` });
    expect(roles.asked).toEqual([]);
  });

  it.each([
    [`arn:aws:sts::${ACCOUNT}:federated-user/alice`, lookup(undefined), 'a federated user'],
    [session, lookup(`arn:aws:iam::${ACCOUNT}:role/shredlock/another-role`), 'GetRole answering another role'],
    [session, lookup(`arn:aws:iam::999999999999:role/acme-approver`), 'GetRole answering another account'],
  ])('refuses %s (%s)', async (caller, roles) => {
    await expect(approverOf(caller, roles, about)).rejects.toMatchObject({ code: 'INVALID_PRINCIPAL' });
  });
});

describe('iamRoleArnLookup', () => {
  const iam = mockClient(IAMClient);
  beforeEach(() => iam.reset());
  afterAll(() => iam.restore());
  const client = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const failure = (name: string, status: number) => Object.assign(new Error('redacted'), { name, $metadata: { httpStatusCode: status } });

  it('answers the role ARN with its path', async () => {
    iam.on(GetRoleCommand).resolves({ $metadata: {}, Role: { Arn: `arn:aws:iam::${ACCOUNT}:role/p/r`, RoleName: 'r', Path: '/p/', RoleId: 'AROA0', CreateDate: new Date(0) } });
    expect(await iamRoleArnLookup(client)('r')).toBe(`arn:aws:iam::${ACCOUNT}:role/p/r`);
  });

  it('answers undefined when GetRole is denied', async () => {
    iam.on(GetRoleCommand).rejects(failure('AccessDenied', 403));
    expect(await iamRoleArnLookup(client)('r')).toBeUndefined();
  });

  it('throws an IamError on any other failure', async () => {
    iam.on(GetRoleCommand).rejects(failure('NoSuchEntityException', 404));
    await expect(iamRoleArnLookup(client)('r')).rejects.toMatchObject({ name: 'IamError', code: 'IAM_NOT_FOUND' });
  });
});

describe('approveEpochKey when KMS refuses the tag (a KMS mock: moto does not evaluate key policies)', () => {
  const kms = mockClient(KMSClient);
  afterAll(() => kms.restore());
  const client = new KMSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const keyId = '1234abcd-0000-0000-0000-000000000000';

  beforeEach(() => {
    kms.reset();
    kms.on(DescribeKeyCommand).resolves({ $metadata: {}, KeyMetadata: { KeyId: keyId, Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`, KeyState: 'Enabled' } });
    kms.on(ListResourceTagsCommand).resolves({ $metadata: {}, Tags: [{ TagKey: 'shredlock:vault', TagValue: 'acme' }] });
    kms.on(TagResourceCommand).rejects(Object.assign(new Error('redacted'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
  });

  it('explains how to proceed when the role path was unknown', async () => {
    const request = { ...about, principalArn: `arn:aws:iam::${ACCOUNT}:role/acme-approver`, unverifiedRole: 'acme-approver', now: new Date(0) };
    const refused = approveEpochKey(client, request);
    await expect(refused).rejects.toMatchObject({ code: 'APPROVER_PATH_UNKNOWN', keyId });
    await expect(approveEpochKey(client, request)).rejects.toThrow(/allow iam:GetRole on it .*and approve again/);
  });

  it('passes the KMS refusal on when the path was known', async () => {
    const request = { ...about, principalArn: `arn:aws:iam::${ACCOUNT}:role/shredlock/acme-approver`, now: new Date(0) };
    await expect(approveEpochKey(client, request)).rejects.toMatchObject({ code: 'KMS_ACCESS_DENIED' });
  });
});
