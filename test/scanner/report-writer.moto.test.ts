import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { writeRunReports } from '../../lambdas/scanner/report-writer.js';
import { scanPrefix } from '../../lambdas/scanner/scan-prefix.js';
import { useMotoS3 } from '../support/moto.js';
import { CORRUPT_ZIP, createBucket, createVault, customerCsv, putVersion } from './fixtures.js';

const VAULT = 'vault-reports';
const REPORTS = 'reports-bucket';
const date = new Date('2026-11-27T09:30:00Z');
const s3 = useMotoS3(async (client) => {
  await createVault(client, VAULT);
  await createBucket(client, REPORTS);
});

async function read(key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: REPORTS, Key: key }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}

describe('writeRunReports', () => {
  it('writes masked JSON Lines and CSV/JSON tag reports, partitioned by date, with no raw values', async () => {
    // Prepare: two files of synthetic identifiers, scanned with `reveal` (raw values in memory)
    const a = customerCsv('report-a', 5);
    const b = customerCsv('report-b', 5);
    await putVersion(s3, VAULT, 'in/a.csv', a.csv);
    await putVersion(s3, VAULT, 'in/b.csv', b.csv);
    const run = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true, reveal: true });
    expect(run.results[0].report.findings[0].value).toBeDefined();
    // Act
    const written = await writeRunReports(s3, { bucket: REPORTS }, { runId: 'run-1', date, entries: run.results });
    // Assess
    expect(written).toEqual({
      runId: 'run-1',
      scanKey: 'reports/scan/dt=2026-11-27/run-1.jsonl',
      tagKeys: { [VAULT]: { csv: `reports/tags/dt=2026-11-27/${VAULT}/run-1.csv`, json: `reports/tags/dt=2026-11-27/${VAULT}/run-1.json` } },
    });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: REPORTS }));
    expect(listed.KeyCount).toBe(3);
    const jsonl = await read(written!.scanKey);
    const csv = await read(written!.tagKeys[VAULT].csv);
    const json = await read(written!.tagKeys[VAULT].json);
    const lines = jsonl.trimEnd().split('\n').map((l) => JSON.parse(l) as { key: string; versionId: string; counts: object });
    expect(lines.map((l) => l.key)).toEqual(['in/a.csv', 'in/b.csv']);
    expect(lines[0].counts).toEqual({ cn_resident_id: 5, cn_mobile: 5 });
    for (const value of [...a.values, ...b.values]) {
      expect(jsonl).not.toContain(value);
      expect(csv).not.toContain(value);
      expect(json).not.toContain(value);
    }
    expect(csv.split('\n')[1]).toMatch(/^in\/a\.csv,[^,]+,\d+,confidential,cn_resident_id\+cn_mobile,/);
    expect(JSON.parse(json)).toMatchObject({ runId: 'run-1', vault: VAULT, rows: [{ key: 'in/a.csv', tagging: 'complete', applied: true }, { key: 'in/b.csv' }] });
  });

  it('reports an unreadable version as failed, with its error code', async () => {
    // Prepare
    await putVersion(s3, VAULT, 'in/z.zip', CORRUPT_ZIP);
    const run = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true });
    // Act
    const written = await writeRunReports(s3, { bucket: REPORTS }, { runId: 'run-2', date, entries: [...run.results, ...run.failures] });
    // Assess
    const line = JSON.parse((await read(written!.scanKey)).trim()) as { sensitivity: string; error: { code: string } };
    expect(line).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT' } });
  });

  it('writes nothing for an empty run', async () => {
    expect(await writeRunReports(s3, { bucket: REPORTS }, { runId: 'run-3', date, entries: [] })).toBeUndefined();
    expect((await s3.send(new ListObjectsV2Command({ Bucket: REPORTS }))).KeyCount).toBe(0);
  });
});
