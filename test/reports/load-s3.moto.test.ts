// The tag report's S3 inputs against moto: findings files the scanner wrote to the records
// bucket, and the live tags of a vault's versions.
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import { writeRunReports } from '../../lambdas/scanner/report-writer.js';
import { buildTagReport } from '../../lambdas/reports/aggregate.js';
import { isReportInputError } from '../../lambdas/reports/errors.js';
import { loadRecordsBucket, loadVaultTags } from '../../lambdas/reports/load-s3.js';
import { useMotoS3 } from '../support/moto.js';
import { createBucket, createVault, putVersion, refuseVersion, setTags } from '../scanner/fixtures.js';
import { entries, objectReport } from './inputs.js';

const RECORDS = 'records-report-test';
const VAULT = 'vault-report-test';

const s3 = useMotoS3(async (client) => {
  await createBucket(client, RECORDS);
  await createVault(client, VAULT, 'GOVERNANCE');
});

const A = objectReport('exports/a.csv', { size: 11, sensitivity: 'confidential', counts: { cn_resident_id: 2 } });
const B = objectReport('exports/b.txt', { size: 7 });

describe('loadRecordsBucket', () => {
  it('reads every findings file under <prefix>scan/, dated by its dt= folder, and not the tag reports', async () => {
    await writeRunReports(s3, { bucket: RECORDS }, { runId: 'run-1', date: new Date('2026-11-25T03:00:00Z'), entries: entries(VAULT, '2026-11-25', [A, B]) });
    await writeRunReports(s3, { bucket: RECORDS }, { runId: 'run-2', date: new Date('2026-11-26T03:00:00Z'), entries: entries(VAULT, '2026-11-26', [B]) });
    const input = await loadRecordsBucket(s3, RECORDS);
    expect(input.location).toBe(`s3://${RECORDS}/reports/`);
    expect(input.runs.map((r) => [r.source, r.date, r.objects.length])).toEqual([
      [`s3://${RECORDS}/reports/scan/dt=2026-11-25/run-1.jsonl`, '2026-11-25', 2],
      [`s3://${RECORDS}/reports/scan/dt=2026-11-26/run-2.jsonl`, '2026-11-26', 1],
    ]);
    const report = buildTagReport(input);
    expect(report.totals).toMatchObject({ objects: 2, bytes: 18, findings: 2 });
    expect(report.trend.map((d) => [d.date, d.objects])).toEqual([
      ['2026-11-25', 2],
      ['2026-11-26', 1],
    ]);
  });

  it('honours another report prefix and fails with INPUT_EMPTY when it holds no findings', async () => {
    await writeRunReports(s3, { bucket: RECORDS, prefix: 'other/' }, { runId: 'run-9', date: new Date('2026-11-25T03:00:00Z'), entries: entries(VAULT, '2026-11-25', [A]) });
    expect((await loadRecordsBucket(s3, RECORDS, 'other')).runs).toHaveLength(1);
    const error = await loadRecordsBucket(s3, RECORDS).catch((e: unknown) => e);
    expect(isReportInputError(error) && error.code).toBe('INPUT_EMPTY');
  });
});

describe('loadVaultTags', () => {
  it('reads every version from its tags: current, older engine, partial, never scanned; delete markers are not data', async () => {
    const current = await putVersion(s3, VAULT, 'exports/a.csv', 'x'.repeat(11));
    await setTags(s3, VAULT, 'exports/a.csv', current, [
      { Key: 'shredlock:sensitivity', Value: 'confidential' },
      { Key: 'shredlock:engine', Value: ENGINE_VERSION },
      { Key: 'shredlock:types', Value: 'cn_resident_id' },
      { Key: 'shredlock:scanned', Value: '2026-11-25' },
    ]);
    const old = await putVersion(s3, VAULT, 'exports/old.txt', 'y');
    await setTags(s3, VAULT, 'exports/old.txt', old, [
      { Key: 'shredlock:sensitivity', Value: 'public' },
      { Key: 'shredlock:engine', Value: '0.0.1' },
      { Key: 'shredlock:scanned', Value: '2026-10-01' },
    ]);
    const partial = await putVersion(s3, VAULT, 'hr/p.txt', 'zz');
    await setTags(s3, VAULT, 'hr/p.txt', partial, [{ Key: 'shredlock:sensitivity', Value: 'sensitive' }]);
    await putVersion(s3, VAULT, 'hr/new.txt', 'new');

    const report = buildTagReport(await loadVaultTags(s3, VAULT, { concurrency: 2 }));
    expect(report.source).toEqual({ kind: 'vault-tags', location: `s3://${VAULT}/` });
    expect(report.totals.byLevel).toMatchObject({ confidential: { objects: 1, bytes: 11 }, public: { objects: 1 }, sensitive: { objects: 1 }, unscanned: { objects: 1, bytes: 3 } });
    expect(report.unscanned.map((u) => [u.key, u.reason])).toEqual([
      ['exports/old.txt', 'older-engine'],
      ['hr/new.txt', 'never-scanned'],
      ['hr/p.txt', 'no-engine-tag'],
    ]);
    expect(report.byType).toEqual([{ type: 'cn_resident_id', objects: 1, findings: null }]);
    expect(report.trend.map((d) => d.date)).toEqual(['2026-10-01', '2026-11-25']);
  });

  it('reports a version whose tags cannot be read as failed, with the S3 error code', async () => {
    const denied = await putVersion(s3, VAULT, 'secret/x.txt', 'x');
    await putVersion(s3, VAULT, 'open/y.txt', 'y');
    refuseVersion(s3, { commandName: 'GetObjectTaggingCommand', versionId: denied, name: 'AccessDenied', status: 403, key: 'secret/x.txt' });
    const report = buildTagReport(await loadVaultTags(s3, VAULT));
    expect(report.failed.map((f) => [f.key, f.code])).toEqual([['secret/x.txt', 'S3_ACCESS_DENIED']]);
    s3.middlewareStack.remove(`refuse-GetObjectTaggingCommand-${denied}`);
  });

  it('reads only the key prefix it is given', async () => {
    await putVersion(s3, VAULT, 'a/1.txt', '1');
    await putVersion(s3, VAULT, 'b/2.txt', '2');
    const input = await loadVaultTags(s3, VAULT, { prefix: 'a/' });
    expect(input.runs[0].objects.map((o) => o.key)).toEqual(['a/1.txt']);
  });
});
