/**
 * Scenarios of the data and evidence side: the seal Lambda with its buckets, the
 * scanners and the Macie findings Lambda, the compliance check on the template deployed to moto,
 * and the auditor's CLI.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { TagResourceCommand } from '@aws-sdk/client-kms';
import { BUCKET_KINDS, TAG_VAULT, vaultBucketName } from '../../contract/naming.js';
import { createCheckClients } from '../../lambdas/check/clients.js';
import { checkAndNotify } from '../../lambdas/check/notify.js';
import { checkSettings } from '../../lambdas/check/settings.js';
import { rotate, type EpochKeyResult } from '../../lambdas/keys/rotator.js';
import { INVENTORY as EV_INVENTORY, RECORDS as EV_RECORDS, VAULT as EV_VAULT, buildEvidenceWorld } from '../audit/evidence-fixture.js';
import { MOTO_ENV, deployToMoto, emulateBlockedEncryptionTypes, forgetBlockedEncryptionTypes, synthesizeForMoto } from '../check/provision.js';
import { identifierName, macieFindingEvent, sqsRecord as macieSqsRecord } from '../macie/fixtures.js';
import * as scannerFixtures from '../scanner/fixtures.js';
import * as sealFixtures from '../seal/fixtures.js';
import { TEST_KEY_POLICY, WALL, createLockedBucket, createTopic, putUnderKey } from '../shredder/fixtures.js';
import { runCli } from '../support/cli.js';
import { motoSettings } from '../support/moto.js';
import { REPO_ROOT } from '../support/paths.js';
import { recorder as logRecorder } from '../support/recorder.js';
import { VAULT_NAME, bucket, config, lambdaContext, loadHandler, withCliEnv, withSealLambda, type Scenario } from './flow-kit.js';

/** Where the auditor's CLI writes (git-ignored). */
const OUT_DIR = join(REPO_ROOT, 'test', '.out', 'permission-contract');

/** The data and evidence scenarios, in the order they run. */
export const DATA_SCENARIOS: readonly Scenario[] = [
  {
    name: 'writer',
    async run(c, record) {
      await createLockedBucket(c.s3, bucket('vault'), 'GOVERNANCE');
      await createLockedBucket(c.s3, bucket('records'), 'COMPLIANCE');
      // The rotator points the vault's default encryption at the current epoch key (not recorded).
      await rotate({ s3: c.s3, kms: c.kms }, config(), WALL, { policy: TEST_KEY_POLICY });
      // A backup as a writer must put it: no encryption header, so the bucket default applies.
      const body = scannerFixtures.customerCsv('writer').csv;
      await record('writer: backup upload', 'writer', () => c.s3.send(new PutObjectCommand({ Bucket: bucket('vault'), Key: 'backups/customers.csv', Body: body })));
      return undefined;
    },
  },
  {
    name: 'seal',
    async run(c, record) {
      await sealFixtures.createVault(c.s3);
      await sealFixtures.createVersionedBucket(c.s3, sealFixtures.RECORDS);
      await sealFixtures.uploadLeak(c.s3);
      // The seal Lambda with its buckets only (lib/incident.ts adds the vault name and topic: the other seal scenario).
      const env = { SHREDLOCK_VAULT_BUCKET: sealFixtures.VAULT, SHREDLOCK_RECORDS_BUCKET: sealFixtures.RECORDS };
      const event = { action: 'seal', prefix: sealFixtures.PREFIX, reason: sealFixtures.REASON, principal: sealFixtures.PRINCIPAL, incidentId: 'INC-42' };
      await withSealLambda(env, (invoke) => record('seal Lambda: seal', 'sealer', () => invoke(event)));
      return { buckets: { [sealFixtures.VAULT]: bucket('vault'), [sealFixtures.RECORDS]: bucket('records') } };
    },
  },
  {
    name: 'scanner',
    async run(c, record) {
      // Locked buckets without a default key of their own: the objects name the epoch key they are under.
      await createLockedBucket(c.s3, bucket('vault'), 'GOVERNANCE');
      await createLockedBucket(c.s3, bucket('records'), 'COMPLIANCE');
      // Under a real epoch key, so S3's decrypt on the scanner's behalf names a key of the vault.
      const key = (await rotate({ s3: c.s3, kms: c.kms }, config(), WALL, { policy: TEST_KEY_POLICY })).current as EpochKeyResult;
      const versionId = await putUnderKey(c.s3, bucket('vault'), 'in/customers.csv', scannerFixtures.customerCsv('contract').csv, key.keyId);
      const notes = await putUnderKey(c.s3, bucket('vault'), 'in/notes.txt', scannerFixtures.PUBLIC_TEXT, key.keyId);
      const contract = await putUnderKey(c.s3, bucket('vault'), 'in/contract.pdf', 'a scanned contract', key.keyId);
      const goneVersion = await putUnderKey(c.s3, bucket('vault'), 'in/gone.csv', 'deleted before its scan', key.keyId);
      await c.s3.send(new DeleteObjectCommand({ Bucket: bucket('vault'), Key: 'in/gone.csv', VersionId: goneVersion, BypassGovernanceRetention: true }));
      const quiet = { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', SHREDLOCK_REPORT_BUCKET: bucket('records') };
      await withCliEnv({ ...quiet, SHREDLOCK_VAULT_NAME: VAULT_NAME, SHREDLOCK_VAULT_BUCKETS: bucket('vault') }, async () => {
        const findings = await loadHandler(() => import('../../lambdas/macie/findings-handler.js'));
        const finding = macieFindingEvent({ bucket: bucket('vault'), key: 'in/contract.pdf', versionId: contract, custom: [[identifierName('cn_resident_id', VAULT_NAME), 1]] });
        const out = await record('Macie findings Lambda', 'macie-findings', () => findings({ Records: [macieSqsRecord(finding)] }, lambdaContext()));
        if (out.batchItemFailures.length > 0) throw new Error('the findings Lambda failed the finding');
      });
      await withCliEnv(quiet, async () => {
        const scan = await loadHandler(() => import('../../lambdas/scanner/handler.js'));
        // The second event names a version deleted before it is scanned: a 404 (S3_NOT_FOUND) only s3:ListBucket allows.
        const gone = scannerFixtures.s3EventRecord({ bucket: bucket('vault'), key: 'in/gone.csv', versionId: goneVersion });
        const event = { Records: [scannerFixtures.s3EventRecord({ bucket: bucket('vault'), key: 'in/customers.csv', versionId }), gone] };
        const out = await record('scanner Lambda: object events', 'scanner', () => scan(event, lambdaContext()));
        if (JSON.stringify(out.batchItemFailures) !== JSON.stringify([{ itemIdentifier: gone.messageId }])) throw new Error(`the scanner answered ${JSON.stringify(out)}`);
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
];
