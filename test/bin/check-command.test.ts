/**
 * `shredlock check` options and exit codes, with the AWS clients mocked (aws-sdk-client-mock). The
 * full comparison against moto is in test/check/check-command.moto.test.ts.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CloudTrailClient, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSettings, registerCheck } from '../../bin/commands/check.js';
import type { CheckReport } from '../../lambdas/check/types.js';
import { captureOutput, runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';

const DIR = join(REPO_ROOT, 'test', '.out', 'check-command');
const s3 = mockClient(S3Client);
const kms = mockClient(KMSClient);
const cloudtrail = mockClient(CloudTrailClient);

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

beforeAll(async () => {
  await mkdir(DIR, { recursive: true });
  await writeFile(join(DIR, 'cdk.json'), JSON.stringify({ app: 'x', context: { shredlock: { vaultName: 'vault-x', firstEpoch: '2026-11', retentionMode: 'GOVERNANCE' } } }));
  await writeFile(join(DIR, 'bad.json'), JSON.stringify({ firstEpoch: 'soon' }));
  vi.stubEnv('AWS_REGION', 'eu-central-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
});
afterAll(async () => {
  s3.restore();
  kms.restore();
  cloudtrail.restore();
  vi.unstubAllEnvs();
  await rm(DIR, { recursive: true, force: true });
});
beforeEach(() => {
  s3.reset();
  kms.reset();
  cloudtrail.reset();
  // Nothing deployed: every bucket is missing, the trail too, no epoch alias.
  s3.onAnyCommand().rejects(awsError('NoSuchBucket', 404));
  kms.on(ListAliasesCommand).resolves({ Aliases: [] });
  cloudtrail.on(GetTrailCommand).rejects(awsError('TrailNotFoundException', 400));
  cloudtrail.on(GetTrailStatusCommand).rejects(awsError('TrailNotFoundException', 400));
  cloudtrail.on(GetEventSelectorsCommand).rejects(awsError('TrailNotFoundException', 400));
});

describe('shredlock check', () => {
  it('exits 1 and lists each drift with what was expected and found', async () => {
    const { code, out } = await runCli(['check', '--config', join(DIR, 'cdk.json'), '--account', '111122223333', '--format', 'json'], registerCheck);
    expect(code).toBe(1);
    const report = JSON.parse(out) as CheckReport;
    expect(report).toMatchObject({ vault: 'vault-x', account: '111122223333', region: 'eu-central-1', compliant: false });
    expect(report.drifts).toContainEqual({ resource: 's3:vault-x-vault-111122223333-eu-central-1', property: 'bucket', expected: 'exists', found: 'no such bucket' });
    expect(report.drifts).toContainEqual({ resource: 'cloudtrail:vault-x-trail', property: 'trail', expected: 'exists', found: 'no such trail' });
    expect(report.drifts).toContainEqual({ resource: 'kms:alias/shredlock/vault-x/epoch/*', property: 'epoch keys', expected: 'at least one', found: 'none' });
  });

  it('prints a table by default, to --out when given', async () => {
    const outFile = join(DIR, 'report.txt');
    const { code, out } = await runCli(['check', '--config', join(DIR, 'cdk.json'), '--account', '111122223333', '--vault', 'other-vault', '--out', outFile], registerCheck);
    expect(code).toBe(1);
    expect(out).toBe('');
    const text = await import('node:fs/promises').then((fs) => fs.readFile(outFile, 'utf8'));
    expect(text).toMatch(/^vault other-vault in 111122223333 eu-central-1/);
    expect(text).toContain('RESOURCE');
    expect(text).toMatch(/result: \d+ DRIFTS\n$/);
  });

  it.each([
    [['--vault', 'X'], '--vault "X": 3-20 characters'],
    [['--config', join(DIR, 'missing.json')], 'ENOENT'],
    [['--config', join(DIR, 'bad.json')], 'shredlock.firstEpoch'],
    [['--config', join(DIR, 'cdk.json'), '--format', 'yaml'], 'Allowed choices are table, json'],
    [['--config', join(DIR, 'cdk.json'), '--account', '12'], 'account: "12" is not a 12-digit AWS account id'],
    [['--config', join(DIR, 'cdk.json')], 'no trail vault-x-trail and no epoch key of vault vault-x'],
  ])('exits 2 on %j', async (args, message) => {
    const { code, err } = await runCli(['check', ...args], registerCheck);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});

describe('loadSettings', () => {
  async function inside<T>(dir: string, fn: () => Promise<T>): Promise<{ value: T; err: string }> {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { value, err } = await captureOutput(fn);
      return { value, err };
    } finally {
      process.chdir(cwd);
    }
  }

  it('reads ./cdk.json when there is one; --vault overrides its vault name', async () => {
    expect((await inside(DIR, () => loadSettings({}))).value).toMatchObject({ vaultName: 'vault-x', retentionMode: 'GOVERNANCE' });
    expect((await inside(DIR, () => loadSettings({ vault: 'vault-y' }))).value).toMatchObject({ vaultName: 'vault-y', retentionMode: 'GOVERNANCE' });
  });

  it('expects the stack defaults without a configuration file, and says so', async () => {
    const empty = join(DIR, 'empty');
    await mkdir(empty, { recursive: true });
    const { value, err } = await inside(empty, () => loadSettings({ vault: 'vault-z' }));
    expect(value).toMatchObject({ vaultName: 'vault-z', retentionMode: 'COMPLIANCE', retentionDays: 2555 });
    expect(err).toContain('expecting the stack defaults');
    await expect(inside(empty, () => loadSettings({}))).rejects.toThrow('give --vault');
  });
});
