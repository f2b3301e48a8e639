import { describe, expect, it } from 'vitest';
import type { ObjectReport } from '../../lambdas/engine/scan.js';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import { ReportWriterError } from '../../lambdas/scanner/errors.js';
import {
  csvSafe,
  newRunId,
  scanReportKey,
  tagReportKeys,
  tagReportRows,
  toJsonLines,
  toTagCsv,
  type ReportEntry,
} from '../../lambdas/scanner/report-writer.js';
import { scanTagValues } from '../../lambdas/scanner/tags.js';

const date = new Date('2026-11-27T10:00:00Z');
const location = { bucket: 'reports-bucket' };

/** A report with a finding that still carries its raw value (as with `reveal`). */
function entry(key: string, versionId: string, withValue = true): ReportEntry {
  const report: ObjectReport = {
    key,
    size: 10,
    format: 'csv',
    sensitivity: 'sensitive',
    counts: { cn_mobile: 1 },
    findings: [
      {
        type: 'cn_mobile',
        detector: 'cn_mobile.prefix',
        pattern: 'national',
        score: 0.95,
        basis: 'context',
        location: { line: 2, column: 3 },
        masked: '138****0000',
        ...(withValue ? { value: '13800000000' } : {}),
      },
    ],
  };
  return {
    ids: { bucket: 'vault-a', versionId, keyHash: 'h' },
    report,
    tagging: { outcome: 'partial', applied: true, values: scanTagValues(report, ENGINE_VERSION, date), written: [], omitted: [] },
  };
}

describe('report keys', () => {
  it('partitions by date', () => {
    expect(scanReportKey(location, 'run-1', date)).toBe('reports/scan/dt=2026-11-27/run-1.jsonl');
    expect(tagReportKeys({ ...location, prefix: 'out' }, 'vault-a', 'run-1', date)).toEqual({
      csv: 'out/tags/dt=2026-11-27/vault-a/run-1.csv',
      json: 'out/tags/dt=2026-11-27/vault-a/run-1.json',
    });
  });

  it.each([
    { runId: '../escape', vault: 'vault-a' },
    { runId: 'run-1', vault: 'Vault/A' },
    { runId: '', vault: 'vault-a' },
  ])('refuses run id $runId / vault $vault', ({ runId, vault }) => {
    expect(() => tagReportKeys(location, vault, runId, date)).toThrow(ReportWriterError);
  });

  it('makes sortable, distinct run ids', () => {
    const a = newRunId(date);
    expect(a).toMatch(/^20261127T100000Z-[0-9a-f]{8}$/);
    expect(newRunId(date)).not.toBe(a);
  });
});

describe('toJsonLines', () => {
  it('writes one masked report per line with bucket, version id and engine', () => {
    // Act
    const text = toJsonLines([entry('a.csv', 'v1'), entry('b.csv', 'v2')]);
    // Assess
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ key: 'a.csv', bucket: 'vault-a', versionId: 'v1', engine: ENGINE_VERSION, sensitivity: 'sensitive' });
    expect(text).not.toContain('13800000000');
    expect(text).not.toContain('"value"');
  });
});

describe('tag report', () => {
  it('has one row per version, with the tagging outcome', () => {
    // Act
    const rows = tagReportRows([entry('a.csv', 'v1')], date);
    // Assess
    expect(rows).toEqual([
      { key: 'a.csv', versionId: 'v1', size: 10, sensitivity: 'sensitive', types: 'cn_mobile', engine: ENGINE_VERSION, scanned: '2026-11-27', tagging: 'partial', applied: true },
    ]);
  });

  it('reports a version that was not tagged as an error', () => {
    const { tagging: _omit, ...failed } = entry('c.csv', 'v3');
    expect(tagReportRows([failed], date)[0]).toMatchObject({ tagging: 'error', applied: false, scanned: '2026-11-27' });
  });

  it('writes CSV with a header and quotes keys that need it', () => {
    // Act
    const csv = toTagCsv(tagReportRows([entry('dir/a, "b".csv', 'v1'), entry('=cmd|x', 'v2')], date));
    // Assess
    const [header, first, second] = csv.trimEnd().split('\n');
    expect(header).toBe('key,version_id,size,sensitivity,types,engine,scanned,tagging,applied');
    expect(first).toBe(`"dir/a, ""b"".csv",v1,10,sensitive,cn_mobile,${ENGINE_VERSION},2026-11-27,partial,true`);
    expect(second.startsWith("'=cmd|x,v2,")).toBe(true);
  });

  it.each([
    { text: '=SUM(A1)', expected: "'=SUM(A1)" },
    { text: '+1', expected: "'+1" },
    { text: '-1', expected: "'-1" },
    { text: '@x', expected: "'@x" },
    { text: 'plain/key.csv', expected: 'plain/key.csv' },
  ])('csvSafe($text) -> $expected', ({ text, expected }) => {
    expect(csvSafe(text)).toBe(expected);
  });
});
