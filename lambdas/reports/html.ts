/**
 * The tag report as one self-contained HTML file, in the page shell of html-page.ts (inline CSS,
 * no script, a CSP that forbids every fetch), with inline SVG charts drawn in svg.ts.
 *
 * Every figure shown is a field of the TagReport (shares are computed from two of them). Object
 * keys appear only in the failed and unscanned lists, where an auditor needs them, escaped.
 * Test hooks: `data-metric` on the summary figures, `data-table`/`data-row`/`data-col` on table
 * cells, `data-chart`/`data-key`/`data-value` on chart bars (see svg.ts).
 */
import type { TagReport } from './aggregate.js';
import { escapeHtml, formatBytes, formatCount, formatShare } from './format.js';
import { DEFAULT_MAX_ROWS, card, htmlPage, num, table, text, type Cell, type Row } from './html-page.js';
import { barChart, stackedColumnChart, type Bar } from './svg.js';
import type { Lang } from './messages/index.js';
import { REPORT_LEVELS, type ReportLevel } from './types.js';

/** Colours of the levels (charts and legend). */
export const LEVEL_COLORS: Readonly<Record<ReportLevel, string>> = {
  public: '#2e7d32',
  sensitive: '#e0a100',
  confidential: '#c62828',
  failed: '#6a1b9a',
  unscanned: '#757575',
};

const TYPE_COLOR = '#1565c0';
const PREFIX_COLOR = '#00838f';

export { DEFAULT_MAX_ROWS };
/** Prefixes drawn in the prefix chart (the largest by object count); the table lists all. */
export const PREFIX_CHART_BARS = 20;

/** Options of renderTagReportHtml. */
export interface HtmlOptions {
  /** Rows per table. @default DEFAULT_MAX_ROWS */
  readonly maxRows?: number;
  /** Language of the page. @default 'en' */
  readonly lang?: Lang;
}

function bytes(col: string, value: number): Cell {
  return { col, text: formatBytes(value), value, className: 'num' };
}

function maybe(col: string, value: number | null): Cell {
  return value === null ? { col, text: 'n/a', className: 'num' } : num(col, value);
}

/** Levels worth a bar: the object levels, and `unscanned` when live tags were read or any exist. */
export function shownLevels(report: TagReport): ReportLevel[] {
  return REPORT_LEVELS.filter((l) => l !== 'unscanned' || report.source.kind === 'vault-tags' || report.totals.byLevel.unscanned.objects > 0);
}

function legend(levels: readonly ReportLevel[]): string {
  return `<ul class="legend">${levels.map((l) => `<li><span class="swatch" style="background:${LEVEL_COLORS[l]}"></span>${l}</li>`).join('')}</ul>`;
}

function prefixLabel(report: TagReport, vault: string, prefix: string): string {
  const shown = prefix === '' ? '(top level)' : prefix;
  return report.vaults.length > 1 ? `${vault}: ${shown}` : shown;
}

function summary(report: TagReport): string {
  const t = report.totals;
  return (
    '<section id="summary" class="cards">' +
    card('objects', 'Object versions', formatCount(t.objects), t.objects) +
    card('bytes', 'Stored', formatBytes(t.bytes), t.bytes) +
    card('findings', 'Findings', t.findings === null ? 'n/a' : formatCount(t.findings), t.findings) +
    card('confidential', 'Confidential', formatCount(t.byLevel.confidential.objects), t.byLevel.confidential.objects, t.byLevel.confidential.objects > 0) +
    card('failed', 'Failed', formatCount(report.failed.length), report.failed.length, report.failed.length > 0) +
    card('unscanned', 'Need a scan', formatCount(report.unscanned.length), report.unscanned.length, report.unscanned.length > 0) +
    '</section>'
  );
}

function levelSection(report: TagReport, maxRows: number): string {
  const levels = shownLevels(report);
  const t = report.totals;
  const bars: Bar[] = levels.map((l) => ({ key: l, label: l, value: t.byLevel[l].objects, color: LEVEL_COLORS[l] }));
  const rows: Row[] = levels.map((l) => ({
    key: l,
    cells: [text('level', l), num('objects', t.byLevel[l].objects), text('share', formatShare(t.byLevel[l].objects, t.objects)), bytes('bytes', t.byLevel[l].bytes)],
  }));
  return (
    '<section id="levels"><h2>By sensitivity level</h2>' +
    barChart('levels', 'Object versions per sensitivity level', bars, 'object versions') +
    table('levels', [{ col: 'level', label: 'Level' }, { col: 'objects', label: 'Object versions', numeric: true }, { col: 'share', label: 'Share', numeric: true }, { col: 'bytes', label: 'Bytes', numeric: true }], rows, maxRows) +
    '</section>'
  );
}

function typeSection(report: TagReport, maxRows: number): string {
  const byFindings = report.byType.length > 0 && report.byType.every((x) => x.findings !== null);
  const bars: Bar[] = report.byType.map((x) => ({ key: x.type, label: x.type, value: byFindings ? (x.findings as number) : x.objects, color: TYPE_COLOR }));
  const rows: Row[] = report.byType.map((x) => ({ key: x.type, cells: [text('type', x.type), num('objects', x.objects), maybe('findings', x.findings)] }));
  const unit = byFindings ? 'findings' : 'object versions';
  return (
    '<section id="types"><h2>By identifier type</h2>' +
    `<p class="note">Bars: ${unit} per type${byFindings ? '' : ' (the input names types only, without counts)'}.</p>` +
    barChart('types', `${unit} per identifier type`, bars, unit) +
    table('types', [{ col: 'type', label: 'Type' }, { col: 'objects', label: 'Object versions with it', numeric: true }, { col: 'findings', label: 'Findings', numeric: true }], rows, maxRows) +
    '</section>'
  );
}

function prefixSection(report: TagReport, maxRows: number): string {
  const levels = shownLevels(report);
  const largest = [...report.byPrefix].sort((a, b) => b.objects - a.objects).slice(0, PREFIX_CHART_BARS);
  const bars: Bar[] = largest.map((p) => ({ key: `${p.vault}|${p.prefix}`, label: prefixLabel(report, p.vault, p.prefix), value: p.objects, color: PREFIX_COLOR }));
  const rows: Row[] = report.byPrefix.map((p) => ({
    key: `${p.vault}|${p.prefix}`,
    cells: [
      ...(report.vaults.length > 1 ? [text('vault', p.vault)] : []),
      text('prefix', p.prefix === '' ? '(top level)' : p.prefix),
      num('objects', p.objects),
      bytes('bytes', p.bytes),
      ...levels.map((l) => num(l, p.byLevel[l])),
    ],
  }));
  const headers = [
    ...(report.vaults.length > 1 ? [{ col: 'vault', label: 'Vault' }] : []),
    { col: 'prefix', label: 'Prefix' },
    { col: 'objects', label: 'Object versions', numeric: true },
    { col: 'bytes', label: 'Bytes', numeric: true },
    ...levels.map((l) => ({ col: l, label: l, numeric: true })),
  ];
  const note = report.byPrefix.length > PREFIX_CHART_BARS ? ` The chart shows the ${PREFIX_CHART_BARS} largest of ${formatCount(report.byPrefix.length)}.` : '';
  return (
    `<section id="prefixes"><h2>By prefix (first ${report.depth} folder${report.depth === 1 ? '' : 's'})</h2>` +
    `<p class="note">Object versions per prefix.${note}</p>` +
    barChart('prefixes', 'Object versions per prefix', bars, 'object versions') +
    table('prefixes', headers, rows, maxRows) +
    '</section>'
  );
}

function trendSection(report: TagReport, maxRows: number): string {
  const levels = shownLevels(report);
  const columns = report.trend.map((d) => ({ key: d.date, segments: levels.map((l) => ({ key: l, value: d.byLevel[l], color: LEVEL_COLORS[l] })) }));
  const rows: Row[] = report.trend.map((d) => ({
    key: d.date,
    cells: [text('date', d.date), num('objects', d.objects), bytes('bytes', d.bytes), maybe('findings', d.findings), ...levels.map((l) => num(l, d.byLevel[l]))],
  }));
  return (
    '<section id="trend"><h2>Trend across scans</h2>' +
    '<p class="note">Object versions scanned per day, by the level that scan found. A version scanned again counts again on the day of each scan; the totals above count each version once, as its latest scan saw it.</p>' +
    legend(levels) +
    stackedColumnChart('trend', 'Object versions scanned per day, by level', columns, 'object versions') +
    table(
      'trend',
      [
        { col: 'date', label: 'Date' },
        { col: 'objects', label: 'Object versions', numeric: true },
        { col: 'bytes', label: 'Bytes', numeric: true },
        { col: 'findings', label: 'Findings', numeric: true },
        ...levels.map((l) => ({ col: l, label: l, numeric: true })),
      ],
      rows,
      maxRows,
    ) +
    '</section>'
  );
}

function listSection(report: TagReport, maxRows: number): string {
  const failed: Row[] = report.failed.map((f, i) => ({
    key: String(i),
    cells: [text('vault', f.vault), text('key', f.key, 'key'), text('version', f.versionId ?? '-'), bytes('size', f.size), text('code', f.code ?? '-'), text('scanned', f.scanned ?? '-')],
  }));
  const unscanned: Row[] = report.unscanned.map((u, i) => ({
    key: String(i),
    cells: [text('vault', u.vault), text('key', u.key, 'key'), text('version', u.versionId ?? '-'), bytes('size', u.size), text('reason', u.reason), text('engine', u.engine ?? '-')],
  }));
  return (
    `<section id="failed"><h2>Failed (${formatCount(report.failed.length)})</h2>` +
    '<p class="note">Versions whose latest scan could not read them in full. Nobody knows what they hold: they count as confidential for every decision.</p>' +
    table(
      'failed',
      [{ col: 'vault', label: 'Vault' }, { col: 'key', label: 'Object key' }, { col: 'version', label: 'Version' }, { col: 'size', label: 'Size', numeric: true }, { col: 'code', label: 'Error' }, { col: 'scanned', label: 'Scanned' }],
      failed,
      maxRows,
    ) +
    '</section>' +
    `<section id="unscanned"><h2>Need a scan (${formatCount(report.unscanned.length)})</h2>` +
    `<p class="note">Versions without ShredLock tags, without the engine tag, or scanned by an engine older than ${escapeHtml(report.engine)}.</p>` +
    table(
      'unscanned',
      [{ col: 'vault', label: 'Vault' }, { col: 'key', label: 'Object key' }, { col: 'version', label: 'Version' }, { col: 'size', label: 'Size', numeric: true }, { col: 'reason', label: 'Reason' }, { col: 'engine', label: 'Engine' }],
      unscanned,
      maxRows,
    ) +
    '</section>'
  );
}

function runSection(report: TagReport, maxRows: number): string {
  const rows: Row[] = report.runs.map((r, i) => ({ key: String(i), cells: [text('id', r.id), text('date', r.date ?? '-'), text('source', r.source), num('objects', r.objects)] }));
  return (
    `<section id="runs"><h2>Inputs (${formatCount(report.runs.length)})</h2>` +
    table('runs', [{ col: 'id', label: 'Run' }, { col: 'date', label: 'Date' }, { col: 'source', label: 'Read from' }, { col: 'objects', label: 'Object versions', numeric: true }], rows, maxRows) +
    '</section>'
  );
}

/** The report as one HTML document. */
export function renderTagReportHtml(report: TagReport, options: HtmlOptions = {}): string {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const title = `ShredLock tag report: ${report.vaults.join(', ') || report.source.location}`;
  return htmlPage({
    title,
    heading: 'ShredLock tag report',
    meta: [
      `<p class="meta">Source: <span data-field="source">${escapeHtml(report.source.kind)} ${escapeHtml(report.source.location)}</span> · ` +
        `generated <span data-field="generatedAt">${escapeHtml(report.generatedAt)}</span> · engine ${escapeHtml(report.engine)}</p>`,
      `<p class="meta">Vaults: ${escapeHtml(report.vaults.join(', ') || '-')}</p>`,
    ],
    sections: [
      summary(report),
      '<p class="note">This file holds object keys (in the failed and unscanned lists): handle it as restricted, like the records bucket.</p>',
      levelSection(report, maxRows),
      typeSection(report, maxRows),
      prefixSection(report, maxRows),
      trendSection(report, maxRows),
      listSection(report, maxRows),
      runSection(report, maxRows),
    ],
  });
}
