/**
 * `runCheck` against moto, on a vault deployed from the synthesized template (provision.ts): a
 * compliant vault has no drift, and each drift planted afterwards is reported with what was
 * expected and what was found.
 *
 * moto stores all the configuration the check reads except BlockedEncryptionTypes (moto 5.2.5
 * drops it from PutBucketEncryption; a client middleware keeps it, see provision.ts) and CloudTrail
 * delivery errors (moto never sets LatestDeliveryError: tested with aws-sdk-client-mock in
 * read.test.ts). moto lets versioning be suspended on an Object-Locked bucket, which S3 refuses:
 * that planted drift stands for a vault bucket re-created without Object Lock.
 */
import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketEncryptionCommand, PutBucketVersioningCommand, PutObjectLockConfigurationCommand, PutPublicAccessBlockCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { DisableKeyCommand, DisableKeyRotationCommand, UntagResourceCommand } from '@aws-sdk/client-kms';
import { PutEventSelectorsCommand, StopLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerCheck } from '../../bin/commands/check.js';
import { runCheck } from '../../lambdas/check/check.js';
import * as checkClients from '../../lambdas/check/clients.js';
import { createCheckClients } from '../../lambdas/check/clients.js';
import { checkSettings } from '../../lambdas/check/settings.js';
import type { CheckReport, Drift } from '../../lambdas/check/types.js';
import { captureOutput } from '../support/cli.js';
import { motoSettings, resetMoto, useMotoEnv } from '../support/moto.js';
import { REPO_ROOT } from '../support/paths.js';
import {
  MOTO_ENV,
  deployToMoto,
  emulateBlockedEncryptionTypes,
  forgetBlockedEncryptionTypes,
  synthesizeForMoto,
  type Deployed,
  type Synthesized,
} from './provision.js';

const NOW = new Date('2026-11-27T00:00:00Z');

let synthesized: Synthesized;
let deployed: Deployed;
const clients = createCheckClients(motoSettings());
emulateBlockedEncryptionTypes(clients.s3);
afterAll(() => clients.destroy());

beforeAll(() => {
  synthesized = synthesizeForMoto('check-moto');
}, 120_000);

beforeEach(async () => {
  await resetMoto();
  forgetBlockedEncryptionTypes();
  deployed = await deployToMoto(clients, synthesized.template);
});

function check(): Promise<CheckReport> {
  return runCheck(clients, { settings: checkSettings(synthesized.config), region: MOTO_ENV.region, now: NOW });
}


const vault = () => synthesized.config.vaultName;
const bucket = (kind: string) => `${vault()}-${kind}-${MOTO_ENV.account}-${MOTO_ENV.region}`;
const epochKeyId = () => deployed.keyIds.get([...deployed.keyIds.keys()].find((id) => id.startsWith('FirstEpochKey')) as string) as string;
const epochResource = () => `kms:alias/shredlock/${vault()}/epoch/${synthesized.config.firstEpoch} (${epochKeyId()})`;

describe('shredlock check against moto', () => {
  it('finds a vault deployed from the template compliant (account from the trail ARN)', async () => {
    const report = await check();
    expect(report.drifts).toEqual([]);
    expect(report).toMatchObject({ vault: vault(), account: MOTO_ENV.account, region: MOTO_ENV.region, checkedAt: NOW.toISOString() });
    expect(report.checked).toBeGreaterThan(100);
    expect(report.compliant).toBe(true);
  });

  it.each<[string, () => Promise<unknown>, () => Drift | Drift[]]>([
    [
      'versioning suspended',
      () => clients.s3.send(new PutBucketVersioningCommand({ Bucket: bucket('vault'), VersioningConfiguration: { Status: 'Suspended' } })),
      () => ({ resource: `s3:${bucket('vault')}`, property: 'versioning', expected: 'Enabled', found: 'Suspended' }),
    ],
    [
      "an epoch key's rotation off",
      () => clients.kms.send(new DisableKeyRotationCommand({ KeyId: epochKeyId() })),
      () => ({ resource: epochResource(), property: 'key rotation', expected: 'enabled', found: 'disabled' }),
    ],
    [
      "an epoch key's epoch tag removed",
      () => clients.kms.send(new UntagResourceCommand({ KeyId: epochKeyId(), TagKeys: ['shredlock:epoch'] })),
      () => ({ resource: epochResource(), property: 'tag shredlock:epoch', expected: synthesized.config.firstEpoch, found: '(missing)' }),
    ],
    [
      'an epoch key disabled before its shred-not-before day',
      () => clients.kms.send(new DisableKeyCommand({ KeyId: epochKeyId() })),
      () => [
        {
          resource: `s3:${bucket('vault')}`,
          property: 'encryption key',
          expected: `an Enabled epoch key (alias/shredlock/${vault()}/epoch/*)`,
          found: `alias/shredlock/${vault()}/epoch/${synthesized.config.firstEpoch} (${epochKeyId()}), Disabled`,
        },
        { resource: epochResource(), property: 'key state', expected: 'Enabled until 2033-11-29', found: 'Disabled' },
      ],
    ],
    [
      'default retention shortened',
      () =>
        clients.s3.send(
          new PutObjectLockConfigurationCommand({
            Bucket: bucket('records'),
            ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } },
          }),
        ),
      () => ({ resource: `s3:${bucket('records')}`, property: 'default retention', expected: 'COMPLIANCE 3650 days', found: 'GOVERNANCE 1 days' }),
    ],
    [
      'vault default encryption switched to SSE-S3',
      () =>
        clients.s3.send(
          new PutBucketEncryptionCommand({
            Bucket: bucket('vault'),
            ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] } }] },
          }),
        ),
      () => ({ resource: `s3:${bucket('vault')}`, property: 'default encryption', expected: 'aws:kms', found: 'AES256' }),
    ],
    [
      'SSE-C uploads no longer blocked',
      () =>
        clients.s3.send(
          new PutBucketEncryptionCommand({ Bucket: bucket('access-logs'), ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }),
        ),
      () => ({ resource: `s3:${bucket('access-logs')}`, property: 'SSE-C uploads', expected: 'blocked', found: 'allowed' }),
    ],
    [
      'a public access block flag off',
      () =>
        clients.s3.send(
          new PutPublicAccessBlockCommand({
            Bucket: bucket('inventory'),
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true },
          }),
        ),
      () => ({ resource: `s3:${bucket('inventory')}`, property: 'public access block BlockPublicPolicy', expected: 'true', found: 'false' }),
    ],
    [
      'trail logging stopped',
      () => clients.cloudtrail.send(new StopLoggingCommand({ Name: deployed.trailName })),
      () => ({ resource: `cloudtrail:${deployed.trailName}`, property: 'logging', expected: 'logging', found: 'stopped' }),
    ],
    [
      'log-file validation off',
      () => clients.cloudtrail.send(new UpdateTrailCommand({ Name: deployed.trailName, EnableLogFileValidation: false })),
      () => ({ resource: `cloudtrail:${deployed.trailName}`, property: 'log-file validation', expected: 'enabled', found: 'disabled' }),
    ],
    [
      'data events of the records bucket no longer recorded',
      () =>
        clients.cloudtrail.send(
          new PutEventSelectorsCommand({
            TrailName: deployed.trailName,
            // The stack's trail has advanced selectors (lib/audit-trail.ts): the change replaces them.
            AdvancedEventSelectors: [
              { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
              {
                Name: 'Objects',
                FieldSelectors: [
                  { Field: 'eventCategory', Equals: ['Data'] },
                  { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
                  { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${bucket('vault')}/`, `arn:aws:s3:::${bucket('inventory')}/`] },
                ],
              },
            ],
          }),
        ),
      () => ({ resource: `cloudtrail:${deployed.trailName}`, property: `data events ${bucket('records')}`, expected: 'All', found: 'not recorded' }),
    ],
  ])('reports %s', async (_name, plant, expected) => {
    await plant();
    expect((await check()).drifts).toEqual([expected()].flat());
  });

  it('reports a bucket policy statement that exempts one more principal, and a deleted policy', async () => {
    const vaultBucket = bucket('vault');
    const policy = JSON.parse((await clients.s3.send(new GetBucketPolicyCommand({ Bucket: vaultBucket }))).Policy as string) as {
      Statement: { Sid?: string; Condition?: { ArnNotEquals?: { 'aws:PrincipalArn': string[] } } }[];
    };
    const deletes = policy.Statement.find((s) => s.Sid === 'DenyVersionDeletesExceptShredder');
    deletes?.Condition?.ArnNotEquals?.['aws:PrincipalArn'].push('arn:aws:iam::123456789012:role/intruder');
    await clients.s3.send(new PutBucketPolicyCommand({ Bucket: vaultBucket, Policy: JSON.stringify(policy) }));
    await clients.s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket('access-logs') }));
    const found = (await check()).drifts;
    expect(found).toContainEqual({
      resource: `s3:${vaultBucket}`,
      property: 'policy DenyVersionDeletesExceptShredder',
      expected: `Deny s3:DeleteObjectVersion to everyone but arn:aws:iam::123456789012:role/shredlock/${vault()}-shredder`,
      found: 'also exempts arn:aws:iam::123456789012:role/intruder',
    });
    expect(found.filter((d) => d.resource === `s3:${bucket('access-logs')}`).map((d) => [d.property, d.found])).toEqual([
      ['policy SecureTransport', 'no bucket policy'],
      ['policy TlsVersion', 'no bucket policy'],
    ]);
    expect(found).toHaveLength(3);
  });
});

describe('shredlock check (the CLI) against moto', () => {
  /** Runs `shredlock check <args>` with the repository's cdk.json; returns the exit code and JSON report. */
  async function cli(args: string[]): Promise<{ code: number; report: CheckReport }> {
    const original = checkClients.createCheckClients;
    const withEmulation = vi.spyOn(checkClients, 'createCheckClients').mockImplementation((settings) => {
      const c = original(settings);
      emulateBlockedEncryptionTypes(c.s3);
      return c;
    });
    const program = new Command('shredlock').exitOverride();
    registerCheck(program);
    try {
      const { value: code, out } = await captureOutput(async () => {
        await program.parseAsync(['check', '--config', join(REPO_ROOT, 'cdk.json'), '--region', MOTO_ENV.region, '--format', 'json', ...args], { from: 'user' });
        return Number(process.exitCode ?? 0);
      });
      return { code, report: JSON.parse(out) as CheckReport };
    } finally {
      withEmulation.mockRestore();
    }
  }

  useMotoEnv();

  it('exits 0 on the vault as deployed, 1 once versioning is suspended and a key\'s rotation is off', async () => {
    const clean = await cli([]);
    expect(clean.code).toBe(0);
    expect(clean.report.compliant).toBe(true);

    await clients.s3.send(new PutBucketVersioningCommand({ Bucket: bucket('vault'), VersioningConfiguration: { Status: 'Suspended' } }));
    await clients.kms.send(new DisableKeyRotationCommand({ KeyId: epochKeyId() }));
    const drifted = await cli([]);
    expect(drifted.code).toBe(1);
    expect(drifted.report.drifts).toEqual([
      { resource: `s3:${bucket('vault')}`, property: 'versioning', expected: 'Enabled', found: 'Suspended' },
      { resource: epochResource(), property: 'key rotation', expected: 'enabled', found: 'disabled' },
    ]);
  });
});
