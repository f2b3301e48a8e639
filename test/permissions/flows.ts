/**
 * The flows the permission contract records on moto, each run as the role the stack gives it. A
 * scenario prepares moto with the existing tests' fixtures (unrecorded), then records one or more
 * flows with `record(flow, role, work)`; its names map (moto-names.ts) is read after it.
 *
 * | scenario                | flows (role)                                                             |
 * |-------------------------|--------------------------------------------------------------------------|
 * | keys and list-and-head  | rotator run (rotator); shredder plan+execute, pending re-check (shredder) |
 * | inventory evidence      | shredder plan+execute from the vault's S3 Inventory (shredder)           |
 * | operator CLI            | `keys approve` (key administrator); `shred --execute` (shredder)         |
 * | seal                    | seal Lambda: seal, then unseal (sealer)                                  |
 * | seal with pending keys  | seal Lambda with a vault name: cancels a pending key (sealer)            |
 * | scanner                 | Macie findings Lambda (macie-findings); scanner Lambda on an event,      |
 * |                         | inventory scanner on a Map batch, backlog Lambda twice (scanner)         |
 * | auditor CLI             | `evidence export`, `certificates verify`, `audit verify`, `audit trail`  |
 * |                         | (auditor)                                                                |
 * | compliance check        | check Lambda's checkAndNotify on the template deployed to moto, with one |
 * |                         | planted drift (checker)                                                  |
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PutBucketVersioningCommand, PutObjectLegalHoldCommand, type S3Client } from '@aws-sdk/client-s3';
import { TagResourceCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { registerKeys } from '../../bin/commands/keys.js';
import { registerShred } from '../../bin/commands/shred.js';
import { resetClients } from '../../lambdas/aws/clients.js';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { rotate, type EpochKeyResult } from '../../lambdas/keys/rotator.js';
import { runSealAction } from '../../lambdas/seal/actions.js';
import { executeShred } from '../../lambdas/shredder/execute.js';
import { BUCKET_KINDS, TAG_VAULT, vaultBucketName, vaultRoleArn, type BucketKind, type RoleKind } from '../../contract/naming.js';
import { checkAndNotify } from '../../lambdas/check/notify.js';
import { createCheckClients } from '../../lambdas/check/clients.js';
import { checkSettings } from '../../lambdas/check/settings.js';
import { INVENTORY as EV_INVENTORY, RECORDS as EV_RECORDS, VAULT as EV_VAULT, buildEvidenceWorld } from '../audit/evidence-fixture.js';
import { MOTO_ENV, deployToMoto, emulateBlockedEncryptionTypes, forgetBlockedEncryptionTypes, synthesizeForMoto } from '../check/provision.js';
import { identifierName, macieFindingEvent, sqsRecord as macieSqsRecord } from '../macie/fixtures.js';
import * as scannerFixtures from '../scanner/fixtures.js';
import * as sealFixtures from '../seal/fixtures.js';
import { APPROVER, EPOCH, PAST, TEST_KEY_POLICY, WALL, createLockedBucket, createTopic, putUnderKey, vaultConfig } from '../shredder/fixtures.js';
import { buildDelivery, putDelivery, rowsFromBucket } from '../shredder/inventory-fixtures.js';
import { TEST_ENV } from '../support/cdk-app.js';
import { runCli } from '../support/cli.js';
import { motoEnv, motoSettings } from '../support/moto.js';
import { REPO_ROOT } from '../support/paths.js';
import type { Translations } from './moto-names.js';
import { recorder as logRecorder } from '../support/recorder.js';

/** The synthesized stack's vault name (cdk.json): aliases, record keys and role names follow it. */
export const VAULT_NAME = 'shredlock';
/** The stack's bucket of `kind`; flows use these names on moto. */
export const bucket = (kind: BucketKind): string => vaultBucketName(VAULT_NAME, kind, TEST_ENV);
/** The key administrator of the flows: a principal outside the stack (key administration is delegated to IAM). */
export const KEY_ADMIN = 'key-admin';
/** Who runs a flow: a role of the stack, or the key administrator. */
export type FlowRole = RoleKind | typeof KEY_ADMIN;

/** Clients of the scenarios' own setup (and of flows that take clients). */
export interface ScenarioClients {
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly sns: SNSClient;
  readonly sts: STSClient;
}

/** Records `work` as flow `flow` of role `role`. */
export type RecordFlow = <T>(flow: string, role: FlowRole, work: () => Promise<T>) => Promise<T>;

/** One scenario: setup and recorded flows; returns the names its fixtures fix, as the stack's. */
export interface Scenario {
  readonly name: string;
  readonly run: (clients: ScenarioClients, record: RecordFlow) => Promise<Translations | undefined>;
}

const SHREDDER_ARN = vaultRoleArn(VAULT_NAME, 'shredder', { ...TEST_ENV, partition: 'aws' });
const HOUR = 3_600_000;
/** A day after PAST: the clock of the shredder runs (past EPOCH's retention). */
const NOW = new Date(PAST.getTime() + 27 * HOUR);

function config(topicArn?: string, extra: { inventoryBucket?: string } = {}) {
  const names = { vaultBucket: bucket('vault'), recordsBucket: bucket('records'), shredderPrincipalArn: SHREDDER_ARN };
  return { ...vaultConfig(VAULT_NAME, { ...names, ...(topicArn ? { topicArn } : {}) }), ...extra };
}

/** Vault and records buckets, topic, EPOCH's key with two versions under it, rotated on to PAST's epoch (rotation recorded or not). */
async function shreddableVault(c: ScenarioClients, topicArn: string, rotateAtPast: () => Promise<unknown>): Promise<EpochKeyResult> {
  await createLockedBucket(c.s3, bucket('vault'), 'GOVERNANCE');
  await createLockedBucket(c.s3, bucket('records'), 'COMPLIANCE');
  const first = await rotate({ s3: c.s3, kms: c.kms }, config(topicArn), WALL, { policy: TEST_KEY_POLICY });
  const key = first.current as EpochKeyResult;
  for (const name of ['p/one.csv', 'p/two.csv']) await putUnderKey(c.s3, bucket('vault'), name, name, key.keyId);
  await rotateAtPast();
  return key;
}

/** Outcome of `keyId` in a shredder run, to check that a flow reached the path it is meant to record. */
function outcomeOf(result: Awaited<ReturnType<typeof executeShred>>, keyId: string): string | undefined {
  return result.actions.find((a) => a.keyId === keyId)?.outcome;
}

function expectOutcome(flow: string, actual: string | undefined, expected: string): void {
  if (actual !== expected) throw new Error(`${flow}: outcome ${actual}, expected ${expected}: the flow did not take the path it records`);
}

/** With the environment of the CLI on moto (and `extra`), shared clients made afresh before and after. */
async function withCliEnv<T>(extra: Record<string, string>, work: () => Promise<T>): Promise<T> {
  for (const [k, v] of Object.entries({ ...motoEnv(), ...extra })) vi.stubEnv(k, v);
  resetClients();
  try {
    return await work();
  } finally {
    vi.unstubAllEnvs();
    resetClients();
  }
}

/** Credentials of a moto AssumeRole session of `roleName`, as environment variables. */
async function sessionEnv(sts: STSClient, roleName: string): Promise<Record<string, string>> {
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEST_ENV.account}:role/${roleName}`, RoleSessionName: 'contract' }));
  const c = out.Credentials;
  return { AWS_ACCESS_KEY_ID: String(c?.AccessKeyId), AWS_SECRET_ACCESS_KEY: String(c?.SecretAccessKey), AWS_SESSION_TOKEN: String(c?.SessionToken) };
}

/** A Lambda context good enough for the handlers, with a function's 15 minutes left (deadlines keep a margin). */
const lambdaContext = (remainingMs = 15 * 60_000) => scannerFixtures.lambdaContext(remainingMs) as unknown as Context;

/** Loads a Lambda handler module afresh (its module scope reads the environment once). */
async function loadHandler<M extends { handler: unknown }>(load: () => Promise<M>): Promise<M['handler']> {
  vi.resetModules();
  return (await load()).handler;
}

/** Name of the key administrator's role on moto (AssumeRole) and in the world. */
export const KEY_ADMIN_ROLE_NAME = 'KeyAdministrator';

/** Where the auditor's CLI writes (git-ignored). */
const OUT_DIR = join(REPO_ROOT, 'test', '.out', 'permission-contract');

/** The scenarios, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'keys and list-and-head evidence',
    async run(c, record) {
      const topicArn = await createTopic(c.sns, `${VAULT_NAME}-notifications`);
      const cfg = config(topicArn);
      const key = await shreddableVault(c, topicArn, () => record('rotator: next epoch (lambdas/keys)', 'rotator', () => rotate({ s3: c.s3, kms: c.kms }, cfg, PAST)));
      await approveEpochKey(c.kms, { vaultName: VAULT_NAME, epoch: EPOCH, principalArn: APPROVER, now: PAST });
      const flow = 'shredder: plan and execute (list and head)';
      expectOutcome(flow, outcomeOf(await record(flow, 'shredder', () => executeShred(c, cfg, NOW)), key.keyId), 'scheduled');
      // A hold arrives during the waiting period: the next run cancels the deletion.
      const versions = await rowsFromBucket(c.s3, bucket('vault'));
      const held = versions.find((v) => v.key === 'p/one.csv');
      await c.s3.send(new PutObjectLegalHoldCommand({ Bucket: bucket('vault'), Key: 'p/one.csv', VersionId: held?.versionId, LegalHold: { Status: 'ON' } }));
      const recheck = 'shredder: pending key re-check';
      expectOutcome(recheck, outcomeOf(await record(recheck, 'shredder', () => executeShred(c, cfg, new Date(NOW.getTime() + HOUR))), key.keyId), 'deletion-cancelled');
    },
  },
  {
    name: 'inventory evidence',
    async run(c, record) {
      const topicArn = await createTopic(c.sns, `${VAULT_NAME}-notifications`);
      const cfg = config(topicArn, { inventoryBucket: bucket('inventory') });
      await scannerFixtures.createBucket(c.s3, bucket('inventory'));
      const key = await shreddableVault(c, topicArn, () => rotate({ s3: c.s3, kms: c.kms }, cfg, PAST));
      await approveEpochKey(c.kms, { vaultName: VAULT_NAME, epoch: EPOCH, principalArn: APPROVER, now: PAST });
      const rows = await rowsFromBucket(c.s3, bucket('vault'));
      const createdAt = new Date(NOW.getTime() - HOUR);
      await putDelivery(c.s3, bucket('inventory'), buildDelivery({ sourceBucket: bucket('vault'), destinationBucket: bucket('inventory'), createdAt, rows }));
      const flow = 'shredder: plan and execute (S3 Inventory)';
      // maxVersions 1: the listing is over its limit, so the inventory is the evidence.
      expectOutcome(flow, outcomeOf(await record(flow, 'shredder', () => executeShred(c, cfg, NOW, { evidence: { maxVersions: 1 } })), key.keyId), 'scheduled');
    },
  },
  {
    name: 'operator CLI',
    async run(c, record) {
      const topicArn = await createTopic(c.sns, `${VAULT_NAME}-notifications`);
      await shreddableVault(c, topicArn, () => rotate({ s3: c.s3, kms: c.kms }, config(topicArn), PAST));
      const cli = (argv: string[]) => runCli(argv, registerShred, registerKeys);
      const adminSession = await sessionEnv(c.sts, KEY_ADMIN_ROLE_NAME);
      const approve = await record('cli: keys approve', KEY_ADMIN, () =>
        withCliEnv(adminSession, () => cli(['keys', 'approve', '--vault', VAULT_NAME, '--epoch', EPOCH, '--now', PAST.toISOString()])),
      );
      if (approve.code !== 0) throw new Error(`keys approve exited ${approve.code}: ${approve.err}`);
      const shred = await record('cli: shred --execute', 'shredder', () =>
        withCliEnv({}, () =>
          cli(['shred', '--vault', VAULT_NAME, '--vault-bucket', bucket('vault'), '--records-bucket', bucket('records'), '--topic-arn', topicArn,
            '--principal', SHREDDER_ARN, '--now', NOW.toISOString(), '--drill', '--execute']),
        ),
      );
      if (shred.code !== 0 || !/scheduled/.test(shred.out)) throw new Error(`shred --execute exited ${shred.code}: ${shred.err}`);
    },
  },
  {
    name: 'seal',
    async run(c, record) {
      await sealFixtures.createVault(c.s3);
      await sealFixtures.createVersionedBucket(c.s3, sealFixtures.RECORDS);
      await sealFixtures.uploadLeak(c.s3);
      // The seal Lambda as the stack configures it (lib/incident.ts: both buckets, nothing else).
      const deps = { s3: c.s3, config: { vaultBucket: sealFixtures.VAULT, recordsBucket: sealFixtures.RECORDS }, logger: logRecorder().logger, requestId: 'contract' };
      await record('seal Lambda: seal', 'sealer', () =>
        runSealAction({ action: 'seal', prefix: sealFixtures.PREFIX, reason: sealFixtures.REASON, principal: sealFixtures.PRINCIPAL, incidentId: 'INC-42' }, deps),
      );
      await record('seal Lambda: unseal', 'sealer', () =>
        runSealAction({ action: 'unseal', incidentId: 'INC-42', reason: 'closed', principal: sealFixtures.UNSEALER }, deps),
      );
      return { buckets: { [sealFixtures.VAULT]: bucket('vault'), [sealFixtures.RECORDS]: bucket('records') } };
    },
  },
  {
    name: 'seal with pending keys',
    async run(c, record) {
      const topicArn = await createTopic(c.sns, `${VAULT_NAME}-notifications`);
      const cfg = config(topicArn);
      const key = await shreddableVault(c, topicArn, () => rotate({ s3: c.s3, kms: c.kms }, cfg, PAST));
      await approveEpochKey(c.kms, { vaultName: VAULT_NAME, epoch: EPOCH, principalArn: APPROVER, now: PAST });
      expectOutcome('setup shred', outcomeOf(await executeShred(c, cfg, NOW), key.keyId), 'scheduled');
      // The seal Lambda with the vault name and topic (contract/env/seal.ts): it cancels the pending key under what it seals.
      const sealConfig = { vaultBucket: bucket('vault'), recordsBucket: bucket('records'), vaultName: VAULT_NAME, topicArn };
      const deps = { s3: c.s3, kms: c.kms, sns: c.sns, config: sealConfig, logger: logRecorder().logger, requestId: 'contract', now: () => NOW };
      const flow = 'seal Lambda: seal cancelling a pending key';
      const result = await record(flow, 'sealer', () =>
        runSealAction({ action: 'seal', prefix: 'p/', reason: sealFixtures.REASON, principal: sealFixtures.PRINCIPAL, incidentId: 'INC-7' }, deps),
      );
      const cancelled = 'pendingKeysCancelled' in result ? result.pendingKeysCancelled : undefined;
      if (!Array.isArray(cancelled) || !cancelled.includes(key.keyId)) throw new Error(`${flow}: the pending key was not cancelled (${JSON.stringify(cancelled)})`);
      return undefined;
    },
  },
  {
    name: 'auditor CLI',
    async run(c, record) {
      await mkdir(OUT_DIR, { recursive: true });
      const ev = await buildEvidenceWorld(c.s3, c.kms, OUT_DIR);
      // The fixture's key stands for a vault key: tagged as the stack's vault keys are (the auditor may describe only those).
      await c.kms.send(new TagResourceCommand({ KeyId: ev.keyId, Tags: [{ TagKey: TAG_VAULT, TagValue: VAULT_NAME }] }));
      const auditor = async (flow: string, argv: string[], codes: readonly number[] = [0]) => {
        const run = await record(flow, 'auditor', () => withCliEnv({}, () => runCli(argv)));
        if (!codes.includes(run.code)) throw new Error(`${flow} exited ${run.code}: ${run.err}`);
      };
      await auditor('cli: evidence export', [
        'evidence', 'export', '--vault', EV_VAULT, '--records-bucket', EV_RECORDS, '--trail-bucket', ev.trail.bucket, '--inventory-bucket', EV_INVENTORY,
        '--public-keys', ev.keysFile, '--check-report', ev.checkFile, '--from', '2025-01-01T00:00:00Z', '--to', '2026-06-01T00:00:00Z', '-o', join(OUT_DIR, 'pack.zip'),
      ]);
      // Exit 1 is a finding (the fixture's key is not pending deletion), not a failure to read.
      await auditor('cli: certificates verify', ['certificates', 'verify', '--records-bucket', EV_RECORDS, '--vault', EV_VAULT], [0, 1]);
      await auditor('cli: audit verify', ['audit', 'verify', '--trail-bucket', ev.trail.bucket, '--public-keys', ev.keysFile, '--out', join(OUT_DIR, 'verify.txt')], [0, 1]);
      await auditor('cli: audit trail', ['audit', 'trail', '--trail-bucket', ev.trail.bucket, '--out', join(OUT_DIR, 'trail.txt')], [0, 1]);
      return { buckets: { [EV_RECORDS]: bucket('records'), [EV_INVENTORY]: bucket('inventory'), [ev.trail.bucket]: bucket('trail') } };
    },
  },
  {
    name: 'compliance check',
    async run(c, record) {
      const synthesized = synthesizeForMoto('permission-contract-check');
      const cc = createCheckClients(motoSettings());
      emulateBlockedEncryptionTypes(cc.s3);
      forgetBlockedEncryptionTypes();
      try {
        const deployed = await deployToMoto(cc, synthesized.template);
        const topicArn = await createTopic(c.sns, `${VAULT_NAME}-notifications`);
        // One planted drift, so the check also sends its notice (moto allows suspending versioning here; S3 would not).
        await cc.s3.send(new PutBucketVersioningCommand({ Bucket: vaultBucketName(VAULT_NAME, 'vault', MOTO_ENV), VersioningConfiguration: { Status: 'Suspended' } }));
        const deps = { clients: cc, sns: c.sns, topicArn, logger: logRecorder().logger };
        const target = { settings: checkSettings(synthesized.config), region: MOTO_ENV.region, now: new Date('2026-11-27T00:00:00Z') };
        const report = await record('check Lambda: compliance check with a drift', 'checker', () => checkAndNotify(deps, target));
        if (report.drifts.length !== 1) throw new Error(`expected the one planted drift, got ${report.drifts.length}: the check did not read everything`);
        const buckets = Object.fromEntries(BUCKET_KINDS.map((k) => [vaultBucketName(VAULT_NAME, k, MOTO_ENV), bucket(k)]));
        return { buckets, keys: Object.fromEntries([...deployed.keyIds].map(([logical, id]) => [id, logical])) };
      } finally {
        cc.destroy();
      }
    },
  },
  {
    name: 'scanner',
    async run(c, record) {
      await scannerFixtures.createVault(c.s3, bucket('vault'), 'GOVERNANCE');
      await scannerFixtures.createVault(c.s3, bucket('records'), 'COMPLIANCE');
      // Under a real epoch key, so S3's decrypt on the scanner's behalf names a key of the vault.
      const key = (await rotate({ s3: c.s3, kms: c.kms }, config(), WALL, { policy: TEST_KEY_POLICY })).current as EpochKeyResult;
      const versionId = await putUnderKey(c.s3, bucket('vault'), 'in/customers.csv', scannerFixtures.customerCsv('contract').csv, key.keyId);
      const notes = await putUnderKey(c.s3, bucket('vault'), 'in/notes.txt', scannerFixtures.PUBLIC_TEXT, key.keyId);
      const contract = await putUnderKey(c.s3, bucket('vault'), 'in/contract.pdf', 'a scanned contract', key.keyId);
      const quiet = { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', SHREDLOCK_REPORT_BUCKET: bucket('records') };
      await withCliEnv({ ...quiet, SHREDLOCK_VAULT_NAME: VAULT_NAME, SHREDLOCK_VAULT_BUCKETS: bucket('vault') }, async () => {
        const findings = await loadHandler(() => import('../../lambdas/macie/findings-handler.js'));
        const finding = macieFindingEvent({ bucket: bucket('vault'), key: 'in/contract.pdf', versionId: contract, custom: [[identifierName('cn_resident_id', VAULT_NAME), 1]] });
        const out = await record('Macie findings Lambda', 'macie-findings', () => findings({ Records: [macieSqsRecord(finding)] }, lambdaContext()));
        if (out.batchItemFailures.length > 0) throw new Error('the findings Lambda failed the finding');
      });
      await withCliEnv(quiet, async () => {
        const scan = await loadHandler(() => import('../../lambdas/scanner/handler.js'));
        const event = { Records: [scannerFixtures.s3EventRecord({ bucket: bucket('vault'), key: 'in/customers.csv', versionId })] };
        const out = await record('scanner Lambda: object event', 'scanner', () => scan(event, lambdaContext()));
        if (out.batchItemFailures.length > 0) throw new Error('the scanner failed the event');
      });
      await withCliEnv({ ...quiet, SHREDLOCK_VAULT_BUCKET: bucket('vault') }, async () => {
        const inventory = await loadHandler(() => import('../../lambdas/scanner/inventory-handler.js'));
        // A row as the inventory scan state machine's Distributed Map passes it (S3 Inventory CSV, strings).
        const row = { Bucket: bucket('vault'), Key: 'in/notes.txt', VersionId: notes, IsLatest: 'true', IsDeleteMarker: 'false', Size: '100', ObjectLockMode: 'COMPLIANCE' };
        const out = await record('scanner Lambda: inventory batch', 'scanner', () => inventory({ Items: [row] }, lambdaContext()));
        if (out.failed.length > 0 || out.scanned !== 1) throw new Error(`the inventory scanner did not scan its row: ${JSON.stringify(out)}`);
      });
      await withCliEnv({ ...quiet, SHREDLOCK_VAULT_BUCKET: bucket('vault') }, async () => {
        const backlog = await loadHandler(() => import('../../lambdas/scanner/backlog-handler.js'));
        // Twice: the second run reads the resume state the first one wrote.
        await record('scanner Lambda: backlog run', 'scanner', async () => {
          await backlog({}, lambdaContext());
          await backlog({}, lambdaContext());
        });
      });
    },
  },
];
