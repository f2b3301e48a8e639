/**
 * `npm run demo`: the life of a closing company's backups, end to end, against a local moto server
 * (installed into .venv on first run). Every step is a `shredlock` command, the same code the
 * Lambdas run. Synthetic data only (generated with correct checksums by synthetic/).
 *
 *  1. generate the company's exports and scan them locally;
 *  2. provision a vault as the stack does (versioned, Object Lock, KMS epoch keys, records bucket);
 *  3. over three past months, rotate the epoch key and upload that month's exports: without
 *     encryption headers, as the vault policy requires, so the bucket default (that month's key) applies;
 *  4. scan every version in the vault and tag it;
 *  5. a pretend leak: seal one prefix, print the notification counts;
 *  6. move the clock past retention: shred plan, approval, execution, destruction certificate;
 *     a sealed epoch and an epoch holding a still-retained record are refused.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { writeFile } from 'node:fs/promises';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { iamClient, resetClients, s3Client, stsClient } from '../lambdas/aws/clients.js';
import { addMonths, epochContaining } from '../lambdas/vault/epoch.js';
import { main } from '../bin/shredlock.js';
import { writeExports } from '../synthetic/exports.js';
import { startMotoServer, type MotoServer } from './moto-server.js';
import { ensurePythonTools } from './python-tools.js';

const VAULT = 'acme';
const VAULT_BUCKET = 'acme-vault-demo';
const RECORDS_BUCKET = 'acme-records-demo';
const ACCOUNT = '123456789012';
const SHREDDER = `arn:aws:iam::${ACCOUNT}:role/shredlock/${VAULT}-shredder`;
const APPROVER = `arn:aws:iam::${ACCOUNT}:role/shredlock/${VAULT}-approver`;
const RESPONDER = `arn:aws:iam::${ACCOUNT}:role/incident-responder`;
/** Retention of the demo vault: short, so the demo can move its clock past it. */
const RETENTION_DAYS = 30;
const DAY = 86_400_000;
const exportsDir = join('.demo', 'exports');

function step(title: string): void {
  process.stdout.write(`\n=== ${title}\n`);
}

/** Runs one CLI command as an operator would type it; returns its exit code. */
async function shredlock(...argv: string[]): Promise<number> {
  process.stdout.write(`\n$ shredlock ${argv.join(' ')}\n`);
  process.exitCode = undefined;
  const code = await main(argv);
  process.exitCode = undefined;
  process.stdout.write(`(exit ${code})\n`);
  return code;
}

/** Runs `work` with the credentials of a session of `roleArn` (STS AssumeRole), then the demo's own again. */
async function asRole<T>(roleArn: string, work: () => Promise<T>): Promise<T> {
  const own = { AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY };
  const assumed = await stsClient().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'demo' }));
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: assumed.Credentials?.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: assumed.Credentials?.SecretAccessKey,
    AWS_SESSION_TOKEN: assumed.Credentials?.SessionToken,
  });
  resetClients();
  try {
    return await work();
  } finally {
    Object.assign(process.env, own);
    delete process.env.AWS_SESSION_TOKEN;
    resetClients();
  }
}

/** Buckets as the stack makes them: versioned with Object Lock, public access blocked. */
async function provision(s3: S3Client): Promise<void> {
  for (const [bucket, mode, days] of [
    [VAULT_BUCKET, 'COMPLIANCE', RETENTION_DAYS],
    [RECORDS_BUCKET, 'COMPLIANCE', 3650],
  ] as const) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: mode, Days: days } } },
      }),
    );
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    );
  }
}

/**
 * The approver role, under its IAM path: `keys approve` records the role ARN with its path (what
 * KMS compares with aws:PrincipalArn) and learns the path with iam:GetRole.
 */
async function createApproverRole(): Promise<void> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
  await iamClient().send(
    new CreateRoleCommand({ RoleName: `${VAULT}-approver`, Path: '/shredlock/', AssumeRolePolicyDocument: JSON.stringify(trust) }),
  );
}

/** Uploads one month's exports as a writer must: no encryption headers, so the bucket default (that month's key) applies. */
async function upload(s3: S3Client, epoch: string, retainUntil?: Date): Promise<number> {
  const files = await writeExports(join('.demo', 'epochs', epoch), Number(epoch.replace('-', '')));
  for (const file of files) {
    await s3.send(
      new PutObjectCommand({
        Bucket: VAULT_BUCKET,
        Key: `${epoch}/${file.name}`,
        Body: file.data,
      }),
    );
  }
  if (retainUntil) {
    // Tax records the accounting law keeps longer than the rest: an explicit, later retain-until.
    await s3.send(
      new PutObjectCommand({
        Bucket: VAULT_BUCKET,
        Key: `${epoch}/ledger/general-ledger-2023.csv`,
        Body: 'account,debit,credit\n1001,1200.00,0\n2202,0,1200.00\n',
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: retainUntil,
      }),
    );
    return files.length + 1;
  }
  return files.length;
}

async function printCertificates(s3: S3Client): Promise<void> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: RECORDS_BUCKET, Prefix: 'certificates/' }));
  for (const object of listed.Contents ?? []) {
    if (!object.Key?.endsWith('.json') || /\.(completion|cancellation)\.json$/.test(object.Key)) continue;
    const body = await s3.send(new GetObjectCommand({ Bucket: RECORDS_BUCKET, Key: object.Key }));
    process.stdout.write(`\ns3://${RECORDS_BUCKET}/${object.Key}\n${await body.Body!.transformToString()}\n`);
  }
}

async function run(server: MotoServer): Promise<void> {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: server.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'demo',
    AWS_SECRET_ACCESS_KEY: 'demo',
    AWS_MAX_ATTEMPTS: '1',
  });
  resetClients();
  const s3 = s3Client();
  const wall = new Date();
  const current = epochContaining(wall, '2000-01', 1);
  const epochs = [addMonths(current, -3), addMonths(current, -2), addMonths(current, -1)];
  const [oldest, sealed, keptLonger] = epochs;

  step('1. A closing company\'s exports, scanned locally');
  await rm('.demo', { recursive: true, force: true });
  await writeExports(exportsDir);
  await shredlock('scan', exportsDir, '--no-progress');

  step(`2. Provision the vault (moto at ${server.endpoint}): versioned, Object Lock COMPLIANCE ${RETENTION_DAYS} days, records bucket`);
  await provision(s3);
  await createApproverRole();
  const policyFile = join('.demo', 'key-policy.json');
  await writeFile(
    policyFile,
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'AccountAdmin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    }),
  );

  step(`3. Three months of backups, one KMS key per month (${epochs.join(', ')})`);
  for (const epoch of [...epochs, current]) {
    const mid = new Date(Date.parse(`${epoch}-15T12:00:00Z`));
    await shredlock(
      'keys', 'rotate', '--vault', VAULT, '--vault-bucket', VAULT_BUCKET, '--records-bucket', RECORDS_BUCKET,
      '--first-epoch', oldest, '--retention-days', String(RETENTION_DAYS), '--policy-file', policyFile, '--now', mid.toISOString(),
    );
    if (epoch === current) continue;
    const retainUntil = epoch === keptLonger ? new Date(wall.getTime() + 3650 * DAY) : undefined;
    const n = await upload(s3, epoch, retainUntil);
    process.stdout.write(`uploaded ${n} objects under ${epoch}/, no encryption headers: the bucket default, that month's key\n`);
  }

  step('4. Scan every object version in the vault and tag it');
  await shredlock('scan', `s3://${VAULT_BUCKET}/`, '--tag', '--no-progress');
  const reports = join('.demo', 'reports');
  await shredlock('report', 'tags', '--vault-bucket', VAULT_BUCKET, '--out-dir', reports);
  process.stdout.write(`\n${reports}/tag-report.csv (open tag-report.html in a browser for the charts):\n`);
  process.stdout.write(await readFile(join(reports, 'tag-report.csv'), 'utf8'));

  step(`5. A pretend leak: the CRM export of ${sealed} was on a lost laptop. Seal it, count the people to notify`);
  // The incident responder seals: the principal recorded is the caller STS names.
  await asRole(RESPONDER, () =>
    shredlock(
      'seal', '--vault-bucket', VAULT_BUCKET, '--records-bucket', RECORDS_BUCKET, '--prefix', `${sealed}/crm/`,
      '--reason', 'INC-0042 laptop lost', '--incident', 'INC-0042',
    ),
  );

  const later = new Date(wall.getTime() + (RETENTION_DAYS + 10) * DAY).toISOString();
  step(`6. ${RETENTION_DAYS + 10} days later (clock moved to ${later}): retention has ended for the old months`);
  const shred = ['--vault', VAULT, '--vault-bucket', VAULT_BUCKET, '--records-bucket', RECORDS_BUCKET, '--retention-days', String(RETENTION_DAYS), '--deletion-window-days', '7', '--now', later];
  await shredlock('shred', '--plan', ...shred, '--principal', SHREDDER);
  // The approver is whoever STS says is calling: a session of the approver role.
  await asRole(APPROVER, () => shredlock('keys', 'approve', '--vault', VAULT, '--epoch', oldest, '--now', later));
  await shredlock('shred', '--execute', '--drill', ...shred, '--principal', SHREDDER);

  step('7. The destruction certificate, in the object-locked records bucket');
  await printCertificates(s3);
  process.stdout.write(
    `\n${oldest}: key disabled and scheduled for deletion, certificate written.\n` +
      `${sealed}: refused, versions under legal hold (INC-0042).\n` +
      `${keptLonger}: refused, a ledger is retained for ten more years.\n` +
      `${current}: refused, still the bucket's current key (new backups are encrypted with it).\n` +
      `${addMonths(current, 1)}: created ahead of time, not due.\n`,
  );

  step("8. The auditor's evidence pack: exported from the records bucket, verified offline");
  // The Lambda scanner writes its findings to the records bucket; the CLI scan of step 4 printed
  // them, so the pack's tag reports are built from a scan report handed to the auditor.
  const scanReport = join('.demo', 'vault-scan.json');
  // --force: every version again (a dry run, no tags written), not only those step 4 could not tag.
  await shredlock('scan', `s3://${VAULT_BUCKET}/`, '--force', '--format', 'json', '--out', scanReport, '--no-progress');
  const pack = join('.demo', 'evidence-pack.zip');
  await shredlock('evidence', 'export', '--vault', VAULT, '--records-bucket', RECORDS_BUCKET, '--scan-input', scanReport, '--lang', 'zh-CN', '-o', pack);
  const verified = await shredlock('evidence', 'verify', pack, '--lang', 'zh-CN');
  process.stdout.write(
    `\nEvidence pack: ${pack} (open index.html inside it for the map to the PIPL articles); ` +
      `\`shredlock evidence verify\` exit ${verified}. No trail in this demo: moto's CloudTrail records nothing.\n`,
  );
}

process.stdout.write('Starting a local moto server (the first run installs the pinned Python tools into .venv/, about a minute)...\n');
const tools = await ensurePythonTools();
const server = await startMotoServer(tools.bin('moto_server'));
try {
  await run(server);
} finally {
  await server.stop();
  process.stdout.write('\nmoto stopped.\n');
}
