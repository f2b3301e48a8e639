/**
 * The tag report's versions levelled under a changed classification policy: read from the
 * `policyChanges` a scan report or findings file records, grouped per distinct change, in the
 * JSON, CSV and HTML forms.
 */
import { describe, expect, it } from 'vitest';
import { buildTagReport } from '../../lambdas/reports/aggregate.js';
import { renderTagReportCsv } from '../../lambdas/reports/csv.js';
import { renderTagReportHtml } from '../../lambdas/reports/html.js';
import { parseReportFile } from '../../lambdas/reports/parse.js';
import type { ReportInput } from '../../lambdas/reports/types.js';
import { findingsFile, objectReport, scanReport } from './inputs.js';

const NOW = new Date('2026-11-28T00:00:00Z');
// Written in the order a policy file might list them: the report orders them as the engine does.
const OPEN = { email: 'public', cn_mobile: 'public' } as const;
const STRICT = { cn_name: 'confidential' } as const;

function inputOf(runs: ReportInput['runs']): ReportInput {
  return { kind: 'local', location: 'reports/', runs };
}

const scanned = parseReportFile(
  'scan.json',
  JSON.stringify(
    scanReport('/data/exports', '2026-11-20', [
      objectReport('a.csv', { size: 10, sensitivity: 'public', counts: { cn_mobile: 3 }, policyChanges: OPEN }),
      objectReport('b.csv', { size: 20, sensitivity: 'public', counts: { email: 1 }, policyChanges: OPEN }),
      objectReport('c.csv', { size: 40, sensitivity: 'confidential', counts: { cn_name: 2 }, policyChanges: STRICT }),
      objectReport('d.csv', { size: 80, sensitivity: 'sensitive', counts: { cn_mobile: 1 } }),
    ]),
  ),
);
const lines = parseReportFile(
  'reports/scan/dt=2026-11-21/run-1.jsonl',
  findingsFile('vault-b', '2026-11-21', [objectReport('e.csv', { size: 160, sensitivity: 'public', counts: { cn_mobile: 1 }, policyChanges: OPEN })]),
);

describe('versions levelled under a changed policy', () => {
  const report = buildTagReport(inputOf([scanned, lines]), { now: NOW });

  it('are grouped per distinct change, most versions first, the seed policy\'s versions in none', () => {
    expect(report.byPolicy).toEqual([
      { changes: { cn_mobile: 'public', email: 'public' }, objects: 3, bytes: 10 + 20 + 160, byLevel: { public: 3, sensitive: 0, confidential: 0, failed: 0, unscanned: 0 } },
      { changes: { cn_name: 'confidential' }, objects: 1, bytes: 40, byLevel: { public: 0, sensitive: 0, confidential: 1, failed: 0, unscanned: 0 } },
    ]);
  });

  it('have a CSV row per group, the changes as ids', () => {
    const rows = renderTagReportCsv(report).split('\n').filter((line) => line.startsWith('policy,'));
    expect(rows).toEqual(['policy,,cn_mobile=public email=public,,3,190,,3,0,0,0,0,', 'policy,,cn_name=confidential,,1,40,,0,0,1,0,0,']);
  });

  it('have a section of the HTML, in Chinese too, and none when every version is under the seed policy', () => {
    const html = renderTagReportHtml(report, { lang: 'zh-CN' });
    expect(html).toContain('<section id="policies"><h2>按修改过的分级策略得出的级别</h2>');
    expect(html).toContain('手机号码：公开；电子邮件地址：公开');
    const seed = buildTagReport(inputOf([parseReportFile('seed.json', JSON.stringify(scanReport('/data', '2026-11-20', [objectReport('d.csv', { counts: { cn_mobile: 1 } })])))]), { now: NOW });
    expect(seed.byPolicy).toEqual([]);
    expect(renderTagReportHtml(seed)).not.toContain('id="policies"');
  });

  it('are absent from a JSON report written before them, whose CSV renders as it was', () => {
    const { byPolicy: _, ...older } = report;
    const csv = renderTagReportCsv(older as typeof report);
    expect(csv.split('\n').filter((line) => line.startsWith('policy,'))).toEqual([]);
    expect(csv.split('\n')).toEqual(renderTagReportCsv(report).split('\n').filter((line) => !line.startsWith('policy,')));
  });
});
