import { describe, expect, it } from 'vitest';
import { buildTagReport } from '../../lambdas/reports/aggregate.js';
import { TAG_REPORT_CSV_COLUMNS, renderTagReportCsv, renderTagReportJson } from '../../lambdas/reports/csv.js';
import { escapeHtml, formatBytes, formatShare } from '../../lambdas/format.js';
import { barChart, niceCeiling, stackedColumnChart } from '../../lambdas/reports/svg.js';
import { observed, run, sampleInput } from './fixtures.js';

const report = buildTagReport(sampleInput(), { now: new Date('2026-11-28T00:00:00Z') });

/** Fields of one CSV line (RFC 4180 quoting; no quoted newlines in these tests). */
function fields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(field), (field = '');
    else field += c;
  }
  out.push(field);
  return out;
}

/** Rows of a CSV as records keyed by the header. */
function records(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trimEnd().split('\n');
  const columns = fields(header);
  return lines.map((line) => Object.fromEntries(fields(line).map((v, i) => [columns[i], v])));
}

describe('CSV form', () => {
  const rows = records(renderTagReportCsv(report));

  it('has one section column and the same figures as the report', () => {
    expect(Object.keys(rows[0])).toEqual([...TAG_REPORT_CSV_COLUMNS]);
    expect(rows.filter((r) => r.section === 'total')).toEqual([
      expect.objectContaining({ name: 'all', objects: '7', bytes: String(report.totals.bytes), findings: '66', confidential: '2', failed: '1', unscanned: '0' }),
    ]);
    expect(rows.filter((r) => r.section === 'type').map((r) => [r.name, r.objects, r.findings])).toEqual(
      report.byType.map((x) => [x.type, String(x.objects), String(x.findings)]),
    );
    expect(rows.filter((r) => r.section === 'prefix').map((r) => [r.name, r.objects])).toEqual([['', '1'], ['exports/', '4'], ['hr/', '2']]);
    expect(rows.filter((r) => r.section === 'trend').map((r) => r.name)).toEqual(['2026-11-25', '2026-11-26', '2026-11-27']);
    expect(rows.filter((r) => r.section === 'failed').map((r) => r.detail)).toEqual(['CORRUPT']);
    expect(rows.filter((r) => r.section === 'unscanned').map((r) => r.detail)).toEqual(['older-engine (0.0.9)']);
  });

  it('has a row per format group with its objects and bytes, in the report\'s order', () => {
    expect(rows.filter((r) => r.section === 'format').map((r) => [r.name, r.objects, r.bytes])).toEqual([
      ['text', '2', String(512 + 64)],
      ['csv', '1', '2048'],
      ['xlsx', '2', String(40_960 + 90_000)],
      ['zip (strings)', '1', '300'],
      ['unknown', '1', '10000'],
    ]);
    expect(rows.map((r) => r.section).indexOf('format')).toBe(rows.map((r) => r.section).lastIndexOf('type') + 1);
  });

  it('renders the CSV of a JSON report from before byFormat as it was: no format rows', () => {
    const { byFormat: _, ...older } = report;
    const csv = renderTagReportCsv(older as typeof report);
    expect(records(csv).filter((r) => r.section === 'format')).toEqual([]);
    expect(csv.split('\n').filter((line) => !line.startsWith('format,'))).toEqual(renderTagReportCsv(report).split('\n').filter((line) => !line.startsWith('format,')));
  });

  it('keeps a key that starts like a formula from running in a spreadsheet', () => {
    const r = buildTagReport({ kind: 'local', location: 'x', runs: [run('r', '2026-11-01', [observed({ key: '=cmd|calc.csv', level: 'failed', error: 'READ_FAILED' })])] });
    expect(records(renderTagReportCsv(r)).find((x) => x.section === 'failed')?.name).toBe("'=cmd|calc.csv");
    expect(JSON.parse(renderTagReportJson(r)).failed[0].key).toBe('=cmd|calc.csv');
  });

  it('leaves findings empty, not 0, when the input had no counts', () => {
    const r = buildTagReport({ kind: 'local', location: 'x', runs: [run('r', '2026-11-01', [observed({ key: 'a', counts: undefined, types: ['email'] })])] });
    expect(records(renderTagReportCsv(r)).find((x) => x.section === 'type')).toMatchObject({ name: 'email', objects: '1', findings: '' });
  });
});

describe('JSON form', () => {
  it('is the report itself, type and version first', () => {
    const text = renderTagReportJson(report);
    expect(text.startsWith('{\n  "type": "shredlock.tag-report",\n  "version": 1,')).toBe(true);
    expect(JSON.parse(text)).toEqual(report);
  });

  it('holds byFormat after byType, each group with its format, fallback, objects and bytes', () => {
    const json = JSON.parse(renderTagReportJson(report));
    expect(Object.keys(json).indexOf('byFormat')).toBe(Object.keys(json).indexOf('byType') + 1);
    expect(json.byFormat).toContainEqual({ format: 'zip', fallback: 'strings', objects: 1, bytes: 300 });
    expect(json.byFormat).toContainEqual({ format: 'unknown', fallback: null, objects: 1, bytes: 10_000 });
  });
});

describe('formats and charts', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
  ])('formatBytes(%i) = %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(formatShare(1, 3)).toBe('33.3%');
    expect(formatShare(0, 0)).toBe('-');
  });

  it.each([
    [0.5, 1],
    [1, 1],
    [1.75, 2],
    [3, 5],
    [7, 10],
    [250, 500],
  ])('niceCeiling(%s) = %s', (n, nice) => {
    expect(niceCeiling(n)).toBe(nice);
  });

  it('draws bars with their figures and escaped labels', () => {
    const svg = barChart('t', 'title', [{ key: 'a<b', label: '<b>', value: 3, color: '#000' }], 'things');
    expect(svg).toContain('data-key="a&lt;b" data-value="3"');
    expect(svg).not.toContain('<b>');
    expect(stackedColumnChart('s', 't', [], 'x')).toContain('no data');
  });
});
