/**
 * The findings Lambda against moto's S3: fabricated Macie finding events (documented shape, see
 * fixtures.ts) in SQS records, real GetObjectTagging/PutObjectTagging on object-locked versions.
 * No Macie call is made or needed: moto has no Macie jobs or findings (only account and session
 * calls), so the Macie side is covered by contract tests with an SDK mock (job-resource.test.ts)
 * and the decision table by findings.test.ts.
 */
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { FINDINGS_METRIC, applyFindingRecord, type FindingsDeps } from '../../lambdas/macie/apply-finding.js';
import { FINDINGS_ENV, type FindingsConfig } from '../../lambdas/macie/findings-config.js';
import { SOURCE_TAG } from '../../lambdas/macie/findings.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { createVault, foreignTags, lambdaContext, putVersion, setTags, tagsOf } from '../scanner/fixtures.js';
import { useHandler } from '../support/handler.js';
import { useMotoS3 } from '../support/moto.js';
import { recorder } from '../support/recorder.js';
import { VAULT_NAME, identifierName, macieFindingEvent, sqsRecord } from './fixtures.js';

const VAULT = 'macie-vault';
const OTHER = 'macie-other';
/** A key that looks like it names a person: it must never reach a log line. */
const NAMED_KEY = 'customers/Sample Person contract.pdf';
const config: FindingsConfig = { vaultName: VAULT_NAME, vaultBuckets: [VAULT], apply: true };
const s3 = useMotoS3(async (client) => {
  await createVault(client, VAULT);
  await createVault(client, OTHER, 'GOVERNANCE');
});

/** Deps with a logger and metrics that record what they are given. */
function recordingDeps(overrides: Partial<FindingsConfig> = {}) {
  const { logger, logs, metricsSink, metrics } = recorder();
  const deps: FindingsDeps = { s3, config: { ...config, ...overrides }, logger, metrics: metricsSink, now: () => new Date('2026-11-30T12:00:00Z') };
  return { deps, logs, metrics };
}

const residentFinding = (key: string, versionId: string, bucket = VAULT) =>
  sqsRecord(macieFindingEvent({ bucket, key, versionId, custom: [[identifierName('cn_resident_id'), 2]] }));

describe('applyFindingRecord', () => {
  it('tags the one version a finding names on a COMPLIANCE-locked object, and logs ids but never the key', async () => {
    // Prepare: two versions of one key; the finding names the older one
    const older = await putVersion(s3, VAULT, NAMED_KEY, 'first');
    const newer = await putVersion(s3, VAULT, NAMED_KEY, 'second');
    const { deps, logs, metrics } = recordingDeps();
    // Act
    const outcome = await applyFindingRecord(residentFinding(NAMED_KEY, older), deps);
    // Assess
    expect(outcome).toMatchObject({ kind: 'decided', applied: true, decision: { reason: 'unclassified', after: 'confidential' } });
    expect(await tagsOf(s3, VAULT, NAMED_KEY, older)).toEqual({
      [TAG_KEYS.sensitivity]: 'confidential',
      [SOURCE_TAG.key]: 'macie',
      [TAG_KEYS.types]: 'cn_resident_id',
      [TAG_KEYS.scanned]: '2026-11-27',
    });
    expect(await tagsOf(s3, VAULT, NAMED_KEY, newer)).toEqual({});
    expect(metrics).toEqual([[FINDINGS_METRIC.tagsWritten, 1]]);
    const logged = JSON.stringify(logs);
    expect(logged).toContain(older);
    expect(logged).not.toContain('Sample');
  });

  it('leaves the engine\'s checksum-validated result alone for a regex-only match (no write at all)', async () => {
    // Prepare: the engine read the version and found nothing
    const versionId = await putVersion(s3, VAULT, 'in/public.csv', 'x');
    const engine = [
      { Key: TAG_KEYS.sensitivity, Value: 'public' },
      { Key: TAG_KEYS.engine, Value: '0.1.0' },
      { Key: TAG_KEYS.types, Value: 'none' },
      { Key: TAG_KEYS.scanned, Value: '2026-11-01' },
    ];
    await setTags(s3, VAULT, 'in/public.csv', versionId, engine);
    const { deps, metrics } = recordingDeps();
    // Act
    const outcome = await applyFindingRecord(residentFinding('in/public.csv', versionId), deps);
    // Assess
    expect(outcome).toMatchObject({ kind: 'decided', applied: false, decision: { reason: 'regex-only', after: 'public' } });
    expect(await tagsOf(s3, VAULT, 'in/public.csv', versionId)).toEqual(Object.fromEntries(engine.map((t) => [t.Key, t.Value])));
    expect(metrics).toEqual([[FINDINGS_METRIC.findingsKept, 1]]);
  });

  it('lets a Luhn-validated managed detection raise the engine\'s level, keeping the engine tag and other tags', async () => {
    // Prepare
    const versionId = await putVersion(s3, VAULT, 'in/amex.csv', 'x');
    await setTags(s3, VAULT, 'in/amex.csv', versionId, [
      ...foreignTags(2),
      { Key: TAG_KEYS.sensitivity, Value: 'sensitive' },
      { Key: TAG_KEYS.engine, Value: '0.1.0' },
      { Key: TAG_KEYS.types, Value: 'cn_mobile' },
      { Key: TAG_KEYS.scanned, Value: '2026-11-01' },
    ]);
    const { deps } = recordingDeps();
    const record = sqsRecord(macieFindingEvent({ bucket: VAULT, key: 'in/amex.csv', versionId, managed: [['CREDIT_CARD_NUMBER', 1]] }));
    // Act
    await applyFindingRecord(record, deps);
    // Assess
    expect(await tagsOf(s3, VAULT, 'in/amex.csv', versionId)).toEqual({
      'team:0': 'v0',
      'team:1': 'v1',
      [TAG_KEYS.sensitivity]: 'confidential',
      [TAG_KEYS.engine]: '0.1.0',
      [SOURCE_TAG.key]: 'macie',
      [TAG_KEYS.types]: 'cn_mobile+bank_card',
      [TAG_KEYS.scanned]: '2026-11-01',
    });
  });

  it('writes nothing when other systems\' tags leave no room, and says so in a metric', async () => {
    // Prepare
    const versionId = await putVersion(s3, VAULT, 'in/full.csv', 'x');
    await setTags(s3, VAULT, 'in/full.csv', versionId, foreignTags(10));
    const { deps, metrics } = recordingDeps();
    // Act
    const outcome = await applyFindingRecord(residentFinding('in/full.csv', versionId), deps);
    // Assess
    expect(outcome).toMatchObject({ kind: 'decided', applied: false, decision: { reason: 'no-room' } });
    expect(Object.keys(await tagsOf(s3, VAULT, 'in/full.csv', versionId))).toHaveLength(10);
    expect(metrics).toContainEqual([FINDINGS_METRIC.noRoom, 1]);
  });

  it('only decides in a dry run', async () => {
    const versionId = await putVersion(s3, VAULT, 'in/dry.csv', 'x');
    const { deps } = recordingDeps({ apply: false });
    expect(await applyFindingRecord(residentFinding('in/dry.csv', versionId), deps)).toMatchObject({ applied: false, decision: { write: true } });
    expect(await tagsOf(s3, VAULT, 'in/dry.csv', versionId)).toEqual({});
  });

  it('ignores findings on buckets that are not the vault', async () => {
    // Prepare
    const versionId = await putVersion(s3, OTHER, 'in/a.csv', 'x');
    const { deps, metrics } = recordingDeps();
    // Act / Assess
    expect(await applyFindingRecord(residentFinding('in/a.csv', versionId, OTHER), deps)).toEqual({ kind: 'ignored', reason: 'other-bucket' });
    expect(await tagsOf(s3, OTHER, 'in/a.csv', versionId)).toEqual({});
    expect(metrics).toEqual([[FINDINGS_METRIC.findingsIgnored, 1]]);
  });

  it('fails with an S3Error naming the version, not the key, when the version does not exist', async () => {
    // Prepare
    await putVersion(s3, VAULT, NAMED_KEY, 'x');
    const { deps } = recordingDeps();
    // Act
    const error = await applyFindingRecord(residentFinding(NAMED_KEY, 'no-such-version'), deps).catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({
      name: 'S3Error',
      code: 'S3_NOT_FOUND',
      operation: 'GetObjectTagging',
      ids: { bucket: VAULT, versionId: 'no-such-version' },
    });
    expect((error as Error).message).not.toContain('Sample');
  });
});

describe('handler', () => {
  const handler = useHandler<(event: SQSEvent, context: ReturnType<typeof lambdaContext>) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>>(
    {
      [FINDINGS_ENV.vaultName]: VAULT_NAME,
      [FINDINGS_ENV.vaultBuckets]: `${VAULT},unused-bucket`,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    () => import('../../lambdas/macie/findings-handler.js'),
  );

  it('returns exactly the bad records as batch item failures', async () => {
    // Prepare: a good finding, one for a missing version, a malformed body, a sample finding
    const good = await putVersion(s3, VAULT, 'in/good.csv', 'x');
    const records = [
      residentFinding('in/good.csv', good),
      residentFinding('in/missing.csv', 'no-such-version'),
      sqsRecord('{"source":"aws.macie"'),
      sqsRecord(macieFindingEvent({ bucket: VAULT, key: 'in/good.csv', versionId: good, sample: true, managed: [['CREDIT_CARD_NUMBER', 1]] })),
    ];
    // Act
    const response = await handler({ Records: records }, lambdaContext());
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.messageId }, { itemIdentifier: records[2]!.messageId }] });
    expect(await tagsOf(s3, VAULT, 'in/good.csv', good)).toMatchObject({ [TAG_KEYS.sensitivity]: 'confidential', [SOURCE_TAG.key]: 'macie' });
  });
});
