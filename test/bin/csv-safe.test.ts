import { describe, expect, it } from 'vitest';
import { renderTrailCsv } from '../../bin/render/audit-trail.js';
import { renderCsv } from '../../bin/render/scan-report.js';
import { buildReport } from '../../lambdas/engine/report.js';
import type { ObjectReport } from '../../lambdas/engine/scan.js';
import { csvSafe, stringifySafe } from '../../lambdas/csv-safe.js';
import { sampleTrailReport } from '../audit/trail-report-fixture.js';

describe('csvSafe', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1+2', `'+1+2`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
    ['customers/a=b.csv', 'customers/a=b.csv'],
    ['', ''],
  ])('%j -> %j', (text, safe) => {
    expect(csvSafe(text)).toBe(safe);
  });

  it('leaves numbers as numbers', () => {
    expect(stringifySafe([['-1', -1]])).toBe(`'-1,-1\n`);
  });
});

describe('CSV outputs', () => {
  it('scan --format csv neutralizes a key that is a formula', () => {
    const object: ObjectReport = { key: '=cmd|"/c calc"!A1', size: 3, format: 'text', sensitivity: 'public', counts: {}, findings: [] };
    const lines = renderCsv(buildReport('test', new Date(0), new Date(0), [object])).split('\n');
    expect(lines[1]).toMatch(/^"'=cmd\|""\/c calc""!A1",3,/);
  });

  it('audit trail --format csv neutralizes principals and targets', () => {
    const report = sampleTrailReport();
    const denied = { ...report.denied[0]!, principal: '@evil', target: '+HYPERLINK("x")' };
    const line = renderTrailCsv({ ...report, denied: [denied] }).split('\n').find((l) => l.startsWith('denied,'));
    expect(line).toMatch(/^denied,[^,]*,'@evil,[^,]*,"'\+HYPERLINK\(""x""\)",/);
  });
});
