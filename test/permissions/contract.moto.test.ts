/**
 * The permission contract: every AWS call the Lambdas and the operator CLI make on moto (recorded
 * by SDK middleware, test/support/aws-call-recorder.ts) is evaluated, as the IAM request(s) AWS
 * authorizes for it (iam-requests.ts), for the role that makes it in the IAM simulation of the
 * synthesized stack (test/support/iam-world.ts). moto enforces no IAM, so without this a call the
 * role may not make (issue 9: GetBucketEncryption without s3:GetEncryptionConfiguration) passes
 * every other test and fails only in AWS. The other direction: every action a role holds that no
 * recorded call used is either in UNUSED_BUT_NEEDED, with the reason, or the test fails.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KEY_ADMIN_ACTIONS } from '../../contract/permissions.js';
import { createKmsClient, createSnsClient, createStsClient } from '../../lambdas/aws/clients.js';
import { roleName } from '../../contract/naming.js';
import { AwsCallRecorder } from '../support/aws-call-recorder.js';
import { REPO_ROOT, synthStack, TEST_ENV } from '../support/cdk-app.js';
import { IamWorld, type WorldPrincipal } from '../support/iam-world.js';
import { motoS3, motoSettings, resetMoto } from '../support/moto.js';
import { evaluateFlow, unusedActions, withoutAction, type FlowRun, type Verdict } from './evaluate.js';
import { KEY_ADMIN, KEY_ADMIN_ROLE_NAME, SCENARIOS, VAULT_NAME, bucket, type FlowRole, type ScenarioClients } from './flows.js';
import { motoNameMap } from './moto-names.js';

// Macie on: the findings Lambda has its own role only then.
const { template } = synthStack('permission-contract', { retentionMode: 'GOVERNANCE', testAccount: true, macie: true });
const world = new IamWorld(template, TEST_ENV);
const firstKey = world.keyArn('FirstEpochKey');

/**
 * The key administrator who approves: key administration is delegated to the account's IAM
 * (lib/epoch-key.ts), so this is a principal whose identity policy grants the key administration
 * actions (the key policy decides the rest), and iam:GetRole on its own role: an approval names
 * the role's IAM ARN, whose path only GetRole tells from a session.
 */
const keyAdminArn = `arn:aws:iam::${TEST_ENV.account}:role/${KEY_ADMIN_ROLE_NAME}`;
const keyAdmin = world.outsider(KEY_ADMIN_ROLE_NAME, [
  {
    name: 'KeyAdministration',
    policy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: [...KEY_ADMIN_ACTIONS], Resource: '*' },
        { Effect: 'Allow', Action: 'iam:GetRole', Resource: keyAdminArn },
      ],
    },
  },
]);
const principal = (role: FlowRole): WorldPrincipal => (role === KEY_ADMIN ? keyAdmin : world.role(roleName(VAULT_NAME, role)));

/** Roles whose unused statement actions are checked (the key administrator's policy is the customer's own). */
const CHECKED_ROLES = ['writer', 'shredder', 'rotator', 'sealer', 'scanner', 'auditor', 'checker', 'macie-findings'] as const;

/**
 * What the Lambda service does with a function's role, not the function's code: write its log
 * group, send X-Ray traces, put a failed asynchronous event into the KMS-encrypted dead-letter
 * queue (SQS asks KMS on the role's behalf). `fn` is the statement prefix of one function.
 */
function lambdaRuntime(...fns: string[]): Record<string, string> {
  const why = 'used by the Lambda service with the function role, not by the code';
  return {
    ...Object.fromEntries(fns.flatMap((fn) => [[`${fn}Logs: logs:CreateLogStream`, why], [`${fn}Logs: logs:PutLogEvents`, why], [`${fn}FailedEvents: sqs:SendMessage`, why]])),
    'Tracing: xray:PutTelemetryRecords': why,
    'Tracing: xray:PutTraceSegments': why,
    'EncryptRuntimeQueues: kms:Decrypt': why,
    'EncryptRuntimeQueues: kms:GenerateDataKey': why,
  };
}

/** s3:ListBucket on the vault: S3 answers 404 rather than 403 for a version deleted meanwhile (the shredder and scanner flows meet one; the seal flows do not). */
const VANISHED_VERSION = { 'ListVersions: s3:ListBucket': 'a vanished version must answer 404, not 403; no seal flow meets one' };

/**
 * Statement actions (`<Sid>: <action>`) a role holds that no recorded flow uses, each with why it
 * stays. Anything else unused is an extra permission and fails the test.
 */
const UNUSED_BUT_NEEDED: Record<(typeof CHECKED_ROLES)[number], Record<string, string>> = {
  writer: {
    'PutBackups: s3:AbortMultipartUpload': 'a large backup goes up in parts, and a failed one is aborted; the flow uploads in one request',
    'UseVaultKeysViaS3: kms:Decrypt': "completing a multipart upload decrypts its parts' data key; the flow uploads in one request",
  },
  shredder: lambdaRuntime('Shredder'),
  rotator: lambdaRuntime('Rotator'),
  auditor: {
    // The auditor is a person's role: these serve reading with the AWS console or CLI, which the roles table promises.
    ...Object.fromEntries(
      [
        'ReadEvidence: s3:GetObjectVersion',
        'ReadEvidence: s3:ListBucketVersions',
        'ReadTrailLogs: logs:DescribeLogStreams',
        'ReadTrailLogs: logs:FilterLogEvents',
        'ReadTrailLogs: logs:GetLogEvents',
        'ReadTrailStatus: cloudtrail:GetEventSelectors',
        'ReadTrailStatus: cloudtrail:GetTrail',
        'ReadTrailStatus: cloudtrail:GetTrailStatus',
        'LookupEvents: cloudtrail:LookupEvents',
      ].map((a) => [a, "the auditor's own reading (console, AWS CLI), not a shredlock command"]),
    ),
    'ListTrailPublicKeys: cloudtrail:ListPublicKeys': 'audit verify without --public-keys downloads them; moto has no ListPublicKeys, so the flow passes a file',
  },
  checker: lambdaRuntime('Check'),
  'macie-findings': {
    ...Object.fromEntries(
      ['ReceiveMessage', 'DeleteMessage', 'ChangeMessageVisibility', 'GetQueueAttributes'].map((a) => [`ConsumeFindings: sqs:${a}`, 'the SQS event source mapping polls the findings queue with the function role']),
    ),
    'DecryptFindings: kms:Decrypt': 'the event source mapping reads the KMS-encrypted findings queue (SQS asks KMS)',
    'WriteLogs: logs:CreateLogStream': 'used by the Lambda service with the function role, not by the code',
    'WriteLogs: logs:PutLogEvents': 'used by the Lambda service with the function role, not by the code',
  },
  sealer: { ...lambdaRuntime('Seal'), ...VANISHED_VERSION },
  scanner: {
    ...lambdaRuntime('Scanner', 'ScanBacklog', 'ScanInventory'),
    ...Object.fromEntries(
      ['ReceiveMessage', 'DeleteMessage', 'ChangeMessageVisibility', 'GetQueueAttributes', 'GetQueueUrl'].map((a) => [
        `ConsumeScanQueue: sqs:${a}`,
        'the SQS event source mapping polls the scan queue with the function role',
      ]),
    ),
  },
};



/** Where the verdicts are written for a reader. */
const REPORT = join(REPO_ROOT, 'test', '.out', 'permission-contract.json');

const recorder = new AwsCallRecorder();
recorder.install();
const settings = motoSettings();
const clients: ScenarioClients = { s3: motoS3(), kms: createKmsClient(settings), sns: createSnsClient(settings), sts: createStsClient(settings) };
const runs: FlowRun[] = [];
const verdicts: Verdict[] = [];
const unmapped: string[] = [];

beforeAll(async () => {
  for (const scenario of SCENARIOS) {
    await resetMoto();
    const flows: { flow: string; role: FlowRole }[] = [];
    const translations = await scenario.run(clients, (flow, role, work) => {
      flows.push({ flow, role });
      return recorder.record(flow, work);
    });
    // Read after the scenario (unrecorded): keys and aliases it made, for the name map.
    const names = await motoNameMap(clients.kms, world, firstKey, translations);
    for (const { flow, role } of flows) runs.push({ flow, role, principal: principal(role), calls: recorder.callsOf(flow), names });
  }
  for (const run of runs) {
    const evaluated = await evaluateFlow(world, run);
    verdicts.push(...evaluated.verdicts);
    unmapped.push(...evaluated.unmapped);
  }
});

afterAll(async () => {
  // The handlers loaded here cached this file's configuration at module scope: later files (one
  // module graph, isolate: false) must load their own.
  vi.resetModules();
  // For a reader: every evaluated request and each role's unused actions (test/.out is git-ignored).
  await mkdir(dirname(REPORT), { recursive: true });
  const roles = Object.fromEntries(CHECKED_ROLES.map((r) => [r, principal(r)]));
  await writeFile(REPORT, `${JSON.stringify({ verdicts, unmapped, unused: unusedActions(roles, verdicts) }, null, 2)}\n`);
  recorder.uninstall();
  for (const client of Object.values(clients)) client.destroy();
});

describe('permission contract (recorded AWS calls x IAM simulation of the synthesized stack)', () => {
  it('records every flow it names', () => {
    for (const run of runs) expect(run.calls.length, run.flow).toBeGreaterThan(0);
    expect(runs.map((r) => r.flow)).toHaveLength(new Set(runs.map((r) => r.flow)).size);
  });

  it('maps every recorded call to the IAM requests AWS authorizes for it', () => {
    expect(unmapped).toEqual([]);
  });

  it('allows every recorded call to the role that makes it', () => {
    const denied = verdicts.filter((v) => v.decision === 'Denied');
    expect(denied.map((v) => `${v.flow} [${v.role}]: ${v.command} needs ${v.action} on ${v.resource}`)).toEqual([]);
  });

  it("bites: without s3:GetEncryptionConfiguration (issue 9's bug) the shredder's flows are denied GetBucketEncryption", async () => {
    // Prepare: the shredder's runs, evaluated for a copy of its role without the action
    const shredderRuns = runs.filter((r) => r.role === 'shredder');
    const crippled = withoutAction(principal('shredder'), 's3:GetEncryptionConfiguration');
    // Act
    const denied: string[] = [];
    for (const run of shredderRuns) {
      const { verdicts: v } = await evaluateFlow(world, { ...run, principal: crippled });
      denied.push(...v.filter((x) => x.decision === 'Denied').map((x) => `${x.flow}: ${x.command} ${x.action}`));
    }
    // Assess
    expect(shredderRuns.length).toBeGreaterThanOrEqual(3);
    expect(denied.sort()).toEqual(shredderRuns.map((r) => `${r.flow}: S3.GetBucketEncryption s3:GetEncryptionConfiguration`).sort());
  });

  it("bites on the vault's upload rule: the writer's backup naming a KMS key or aws:kms alone is denied", async () => {
    // Prepare: the writer's recorded upload, as a client would send it naming its own encryption
    const writer = runs.find((r) => r.role === 'writer')!;
    const named = (extra: Record<string, unknown>) => ({ ...writer, calls: writer.calls.map((c) => ({ ...c, input: { ...c.input, ...extra } })) });
    const keyArn = writer.names.bucketKey(bucket('vault'));
    // Act
    const decisions: string[] = [];
    for (const extra of [{ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }, { ServerSideEncryption: 'aws:kms' }]) {
      const { verdicts: v } = await evaluateFlow(world, named(extra));
      decisions.push(v.find((x) => x.action === 's3:PutObject')!.decision);
    }
    // Assess: the recorded upload, without a header, was allowed (the test above)
    expect(decisions).toEqual(['Denied', 'Denied']);
  });

  it('bites the other way: a grant no flow uses is reported', () => {
    // Prepare: the shredder with one more statement, as a careless change would add it
    const shredder = principal('shredder');
    const extra = { Sid: 'Careless', Effect: 'Allow', Action: ['s3:DeleteObjectVersion'], Resource: `arn:aws:s3:::${bucket('vault')}/*` };
    const widened = { ...shredder, identityPolicies: [...shredder.identityPolicies, { name: 'Careless', policy: { Version: '2012-10-17', Statement: [extra] } }] };
    // Act
    const unused = unusedActions({ shredder: widened }, verdicts).shredder;
    // Assess
    expect(unused).toContain('Careless: s3:DeleteObjectVersion');
  });

  it.each(CHECKED_ROLES)('%s holds no action its flows do not use, beyond the listed ones', (role) => {
    const unused = unusedActions({ [role]: principal(role) }, verdicts)[role] ?? [];
    expect(unused).toEqual(Object.keys(UNUSED_BUT_NEEDED[role]).sort());
  });
});
