import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { PII_TYPES, levelOf } from '../../lambdas/engine/index.js';
import { scannerConfigFromEnv, type ScannerConfig } from '../../lambdas/scanner/config.js';
import { METRIC } from '../../lambdas/scanner/metrics.js';
import { finishBatch, processRecord, type ScannerDeps } from '../../lambdas/scanner/process-record.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { useHandler } from '../support/handler.js';
import { useMotoS3 } from '../support/moto.js';
import { recorder } from '../support/recorder.js';
import { createBucket, createVault, customerCsv, foreignTags, lambdaContext, putVersion, s3EventRecord, setTags, tagsOf } from './fixtures.js';

const VAULT = 'vault-handler';
const REPORTS = 'reports-bucket';
/** A key that looks like it names a person: it must never reach a log line. */
const NAMED_KEY = 'customers/Sample Person list.csv';
const config: ScannerConfig = { reportBucket: REPORTS, reportPrefix: 'reports/', apply: true };
const s3 = useMotoS3(async (client) => {
  await createVault(client, VAULT);
  await createBucket(client, REPORTS);
});

/** Deps with a logger and metrics that record what they are given. */
function recordingDeps() {
  const { logger, logs, metricsSink, metrics } = recorder();
  const deps: ScannerDeps = { s3, config, logger, metrics: metricsSink };
  return { deps, logs, metrics };
}

describe('processRecord', () => {
  it('finds the version of a form-encoded key, tags it, and logs ids but never the key', async () => {
    // Prepare
    const versionId = await putVersion(s3, VAULT, NAMED_KEY, customerCsv('handler').csv);
    await setTags(s3, VAULT, NAMED_KEY, versionId, foreignTags(8));
    const { deps, logs, metrics } = recordingDeps();
    const record = s3EventRecord({ bucket: VAULT, key: NAMED_KEY.replace(/ /g, '+'), versionId });
    // Act
    const outcome = await processRecord(record, deps);
    // Assess
    expect(outcome).toMatchObject({ kind: 'scanned', result: { tagging: { outcome: 'partial', applied: true } } });
    expect(await tagsOf(s3, VAULT, NAMED_KEY, versionId)).toMatchObject({ [TAG_KEYS.sensitivity]: 'confidential' });
    expect(metrics).toContainEqual([METRIC.taggingPartial, 1]);
    expect(metrics).toContainEqual([METRIC.level('confidential'), 1]);
    const logged = JSON.stringify(logs);
    expect(logged).toContain(versionId);
    expect(logged).not.toContain('Sample');
  });

  it('classifies with the policy its environment gives (SHREDLOCK_CLASSIFICATION_POLICY)', async () => {
    // Prepare: a file the seed policy makes confidential, and a policy where every type is only sensitive
    const key = 'in/policy.csv';
    const versionId = await putVersion(s3, VAULT, key, customerCsv('policy').csv);
    const env = {
      SHREDLOCK_REPORT_BUCKET: REPORTS,
      SHREDLOCK_CLASSIFICATION_POLICY: JSON.stringify({ confidential: [], sensitive: PII_TYPES }),
    };
    const { deps, metrics } = recordingDeps();
    // Act
    const outcome = await processRecord(s3EventRecord({ bucket: VAULT, key, versionId }), { ...deps, config: scannerConfigFromEnv(env) });
    // Assess
    // The report line records the levels the policy changed (every type the seed makes confidential or public).
    const changes = Object.fromEntries(PII_TYPES.filter((type) => levelOf(type) !== 'sensitive').map((type) => [type, 'sensitive']));
    expect(outcome).toMatchObject({ kind: 'scanned', result: { report: { sensitivity: 'sensitive', policyChanges: changes } } });
    expect(await tagsOf(s3, VAULT, key, versionId)).toMatchObject({ [TAG_KEYS.sensitivity]: 'sensitive' });
    expect(metrics).toContainEqual([METRIC.level('sensitive'), 1]);
    expect(metrics).not.toContainEqual([METRIC.level('confidential'), 1]);
  });

  it('ignores events for its own report objects', async () => {
    // Prepare
    const { deps, metrics } = recordingDeps();
    const record = s3EventRecord({ bucket: REPORTS, key: 'reports/scan/dt=2026-11-27/run.jsonl', versionId: 'v1' });
    // Act / Assess
    expect(await processRecord(record, deps)).toEqual({ kind: 'ignored', reason: 'report-object' });
    expect(metrics).toEqual([[METRIC.eventsIgnored, 1]]);
  });

  it('leaves a version larger than one run to the backlog scanner, untagged', async () => {
    // Prepare: a range size smaller than the object
    const body = customerCsv('large', 50).csv;
    const versionId = await putVersion(s3, VAULT, NAMED_KEY, body);
    const { deps, logs } = recordingDeps();
    // Act
    const record = s3EventRecord({ bucket: VAULT, key: NAMED_KEY.replace(/ /g, '+'), versionId });
    const outcome = await processRecord(record, { ...deps, rangeBytes: Buffer.byteLength(body) - 1 });
    // Assess
    expect(outcome).toEqual({ kind: 'deferred', reason: 'too-large-for-one-run' });
    expect(await tagsOf(s3, VAULT, NAMED_KEY, versionId)).toEqual({});
    expect(JSON.stringify(logs)).not.toContain('Sample');
  });
});

describe('finishBatch', () => {
  it('fails every record when the reports cannot be written', async () => {
    // Prepare: a scanned version and a report bucket that does not exist
    const versionId = await putVersion(s3, VAULT, 'in/a.csv', customerCsv('finish').csv);
    const { deps, logs } = recordingDeps();
    const record = s3EventRecord({ bucket: VAULT, key: 'in/a.csv', versionId });
    const outcome = await processRecord(record, deps);
    const broken = { ...deps, config: { ...config, reportBucket: 'no-such-bucket' } };
    // Act
    const { response } = await finishBatch([record], { batchItemFailures: [] }, outcome.kind === 'scanned' ? [outcome.result] : [], 'run-x', broken);
    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(JSON.stringify(logs)).toContain('S3_NOT_FOUND');
  });
});

describe('handler', () => {
  const handler = useHandler<(event: SQSEvent, context: ReturnType<typeof lambdaContext>) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>>(
    { SHREDLOCK_REPORT_BUCKET: REPORTS, POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
    () => import('../../lambdas/scanner/handler.js'),
  );

  it('returns exactly the bad record as a batch item failure', async () => {
    // Prepare: one good object, one version that does not exist, one report object, one tag event
    const good = await putVersion(s3, VAULT, 'in/good.csv', customerCsv('batch').csv);
    const records = [
      s3EventRecord({ bucket: VAULT, key: 'in/good.csv', versionId: good }),
      s3EventRecord({ bucket: VAULT, key: 'in/missing.csv', versionId: 'no-such-version' }),
      s3EventRecord({ bucket: REPORTS, key: 'reports/scan/dt=2026-11-27/old.jsonl', versionId: 'v1' }),
      s3EventRecord({ bucket: VAULT, key: 'in/good.csv', versionId: good, detailType: 'Object Tags Added' }),
    ];
    // Act
    const response = await handler({ Records: records }, lambdaContext());
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: records[1].messageId }] });
    expect(await tagsOf(s3, VAULT, 'in/good.csv', good)).toMatchObject({ [TAG_KEYS.sensitivity]: 'confidential' });
    const reports = await s3.send(new ListObjectsV2Command({ Bucket: REPORTS, Prefix: 'reports/' }));
    const keys = (reports.Contents ?? []).map((o) => o.Key ?? '');
    expect(keys.filter((k) => k.startsWith('reports/scan/dt='))).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith(`reports/tags/dt=`) && k.includes(`/${VAULT}/`))).toHaveLength(2);
  });
});
