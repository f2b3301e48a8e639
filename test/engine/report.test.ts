import { describe, expect, it } from 'vitest';
import { summarize } from '../../lambdas/engine/report.js';
import type { ObjectReport } from '../../lambdas/engine/scan.js';
import { renderTable } from '../../bin/render/scan-report.js';
import { buildReport } from '../../lambdas/engine/report.js';

function object(key: string, format: ObjectReport['format'], fallback?: 'strings'): ObjectReport {
  return { key, size: 10, format, ...(fallback ? { fallback } : {}), sensitivity: 'public', counts: {}, findings: [] };
}

describe('objects per format', () => {
  const objects = [object('a.tar.gz', 'gzip'), object('b.csv', 'csv'), object('c.csv', 'csv'), object('app.bak', 'binary', 'strings'), object('x.zip', 'zip', 'strings')];

  it('summarize counts objects per reader, and the strings pass apart', () => {
    expect(summarize(objects).byFormat).toEqual({ gzip: 1, csv: 2, binary: 1, zip: 1, strings: 2 });
  });

  it('the table names the levels a policy changed, and says nothing of the seed policy', () => {
    expect(renderTable(buildReport('.', new Date(0), new Date(0), objects))).not.toContain('policy');
    const changed = objects.map((o) => ({ ...o, policyChanges: { cn_mobile: 'public', email: 'confidential' } as const }));
    expect(renderTable(buildReport('.', new Date(0), new Date(0), changed))).toContain(
      "policy: cn_mobile public, email confidential; every other type at the seed policy's level",
    );
  });

  it('the table marks what the strings pass read and totals the formats', () => {
    const table = renderTable(buildReport('.', new Date(0), new Date(0), objects));
    expect(table).toMatch(/public\s+binary \(strings\)\s+10 B\s+-\s+app\.bak/);
    expect(table).toContain('formats: gzip=1 csv=2 binary=1 strings=2 zip=1');
  });
});
