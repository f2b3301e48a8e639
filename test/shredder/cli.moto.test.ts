import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerKeys } from '../../bin/commands/keys.js';
import { registerShred } from '../../bin/commands/shred.js';
import { callerArn } from '../../lambdas/aws/caller.js';
import { createIamClient, createStsClient, resetClients, stsClient } from '../../lambdas/aws/clients.js';
import { certificateKeys } from '../../contract/naming.js';
import { runCli } from '../support/cli.js';
import { motoEnv, motoSettings } from '../support/moto.js';
import { APPROVER, EPOCH, NEXT_EPOCH, PAST, SHREDDER_ROLE, TEST_KEY_POLICY, WALL, allVersions, keyState, putUnderKey, useMotoVault, vaultConfig } from './fixtures.js';

const config = vaultConfig('acme');
const { s3, kms } = useMotoVault([config]);
const sts = createStsClient(motoSettings());
const iam = createIamClient(motoSettings());
afterAll(() => {
  sts.destroy();
  iam.destroy();
});

/** Creates the approver role in moto's IAM, under its path (`keys approve` looks the path up with GetRole). */
async function createApproverRole(): Promise<void> {
  const [, path, name] = /^arn:aws:iam::\d{12}:role(\/.*\/)([^/]+)$/.exec(APPROVER) as unknown as [string, string, string];
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: JSON.stringify(trust) }));
}

/** Runs `work` with the environment's credentials those of a session of the approver role (moto's AssumeRole). */
async function asApprover<T>(work: () => Promise<T>): Promise<T> {
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: APPROVER, RoleSessionName: 'approver' }));
  const c = assumed.Credentials;
  vi.stubEnv('AWS_ACCESS_KEY_ID', c?.AccessKeyId as string);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', c?.SecretAccessKey as string);
  vi.stubEnv('AWS_SESSION_TOKEN', c?.SessionToken as string);
  resetClients();
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(motoEnv())) vi.stubEnv(k, v);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    resetClients();
  }
}
const dir = join('test', '.out', 'shred-cli');
const policyFile = join(dir, 'policy.json');
const VAULT = ['--vault', 'acme', '--vault-bucket', config.vaultBucket, '--records-bucket', config.recordsBucket];
const NAMED_KEY = 'customers/Sample Person.csv';
/** Runs `shred` or `keys` on a program of their own, as bin/shredlock.ts runs them. */
const shredlock = (argv: string[]) => runCli(argv, registerShred, registerKeys);

beforeEach(async () => {
  for (const [k, v] of Object.entries(motoEnv())) vi.stubEnv(k, v);
  resetClients();
  await mkdir(dir, { recursive: true });
  await writeFile(policyFile, TEST_KEY_POLICY);
});
afterAll(() => {
  vi.unstubAllEnvs();
  resetClients();
});

interface KeysJson {
  keys: { epoch: string; keyId: string; state: string; approvedBy: string | null }[];
}
interface ShredJson {
  mode: string;
  keys: { epoch: string; keyId: string; decision: string; covered: { count: number } | null; action?: { outcome: string } }[];
}

/** Rotates through the CLI at WALL and again at PAST; one object under EPOCH's key. */
async function prepareWithCli(): Promise<string> {
  const rotate = ['keys', 'rotate', ...VAULT, '--first-epoch', '2020-01', '--retention-days', '1', '--policy-file', policyFile];
  expect((await shredlock([...rotate, '--now', WALL.toISOString()])).code).toBe(0);
  const listed = await shredlock(['keys', 'list', '--vault', 'acme', '--format', 'json']);
  const keyId = (JSON.parse(listed.out) as KeysJson).keys.find((k) => k.epoch === EPOCH)?.keyId as string;
  await putUnderKey(s3, config.vaultBucket, NAMED_KEY, 'data', keyId);
  expect((await shredlock([...rotate, '--now', PAST.toISOString()])).code).toBe(0);
  return keyId;
}

describe('shredlock keys and shred against moto', () => {
  it('rotate is idempotent and list shows the keys', async () => {
    // Act
    await prepareWithCli();
    const again = await shredlock(['keys', 'rotate', ...VAULT, '--first-epoch', '2020-01', '--retention-days', '1', '--now', PAST.toISOString()]);
    const listed = await shredlock(['keys', 'list', '--vault', 'acme', '--format', 'json']);
    // Assess
    expect(again.code).toBe(0);
    expect(again.out).toContain('unchanged');
    expect((JSON.parse(listed.out) as KeysJson).keys.map((k) => [k.epoch, k.state])).toEqual([
      [EPOCH, 'Enabled'],
      [NEXT_EPOCH, 'Enabled'],
      [expect.any(String), 'Enabled'],
    ]);
  });

  it('plans, refuses without approval (exit 1), then shreds after approval, never printing object keys', async () => {
    // Prepare
    const keyId = await prepareWithCli();
    const shred = ['shred', ...VAULT, '--principal', SHREDDER_ROLE, '--now', PAST.toISOString()];
    const recordsBefore = await allVersions(s3, config.recordsBucket);
    // Act + Assess: the plan changes nothing and exits 0
    const plan = await shredlock([...shred, '--format', 'json']);
    expect(plan.code).toBe(0);
    const planned = JSON.parse(plan.out) as ShredJson;
    expect(planned.mode).toBe('plan');
    expect(planned.keys.find((k) => k.keyId === keyId)).toMatchObject({ decision: 'refuse:approval-missing', covered: { count: 1 } });
    expect(await allVersions(s3, config.recordsBucket)).toEqual(recordsBefore);
    // Act + Assess: executing a drill clock needs --drill; refusing exits 1
    expect((await shredlock([...shred, '--execute'])).code).toBe(2);
    const refused = await shredlock([...shred, '--execute', '--drill']);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('refuse:approval-missing');
    expect((await keyState(kms, keyId)).state).toBe('Enabled');
    // Act + Assess: approved as another role (the caller STS names, not a flag), recorded as the
    // role ARN with its path (what KMS compares with aws:PrincipalArn), not the session ARN
    await createApproverRole();
    const session = await asApprover(() => callerArn(stsClient()));
    expect(session).toBe('arn:aws:sts::123456789012:assumed-role/acme-approver/approver');
    const approved = await asApprover(() => shredlock(['keys', 'approve', '--vault', 'acme', '--epoch', EPOCH, '--now', PAST.toISOString()]));
    expect(approved.err).toBe('');
    expect(approved.code).toBe(0);
    const caller = APPROVER;
    expect(approved.out).toContain(`as ${caller} at`);
    const done = await shredlock([...shred, '--execute', '--drill']);
    expect(done.code).toBe(0);
    expect(done.out).toMatch(new RegExp(`${keyId}.*shred.*scheduled`));
    expect((await keyState(kms, keyId)).state).toBe('PendingDeletion');
    const out = await s3.send(new GetObjectCommand({ Bucket: config.recordsBucket, Key: certificateKeys('acme', EPOCH, keyId).certificate }));
    expect(JSON.parse((await out.Body?.transformToString()) ?? '')).toMatchObject({ clock: 'override', approval: { approvedBy: caller } });
    for (const output of [plan, refused, done]) expect(output.out + output.err).not.toContain('Sample');
  });

  it('lists blocking version ids in the table', async () => {
    // Prepare
    const keyId = await prepareWithCli();
    const held = await putUnderKey(s3, config.vaultBucket, 'held/Sample.csv', 'x', keyId, { legalHold: true });
    // Act
    const plan = await shredlock(['shred', ...VAULT, '--allow-unapproved', '--now', PAST.toISOString()]);
    // Assess
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('refuse:legal-hold');
    expect(plan.out).toContain(`${held}  legal-hold`);
    expect(plan.out).not.toContain('Sample');
  });
});
