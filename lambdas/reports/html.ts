/**
 * The tag report as one self-contained HTML file, in the page shell of html-page.ts (inline CSS,
 * no script, a CSP that forbids every fetch), with inline SVG charts drawn in svg.ts.
 *
 * Every figure shown is a field of the TagReport (shares are computed from two of them). Object
 * keys appear only in the failed and unscanned lists, where an auditor needs them, escaped.
 * Test hooks: `data-metric` on the summary figures, `data-table`/`data-row`/`data-col` on table
 * cells, `data-chart`/`data-key`/`data-value` on chart bars (see svg.ts).
 */
import { UNKNOWN_FORMAT, formatGroupId, policyChangesId, type FormatTotal, type TagReport } from './aggregate.js';
import { escapeHtml, formatBytes, formatCount, formatShare } from '../format.js';
import { DEFAULT_MAX_ROWS, card, htmlPage, num, table, text, type Cell, type Row } from './html-page.js';
import { barChart, stackedColumnChart, type Bar } from './svg.js';
import { term, tr, typeName, type Lang } from './messages/index.js';
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
const FORMAT_COLOR = '#5d4037';
/** The strings pass's groups stand out: no reader knew those bytes. */
const FALLBACK_COLOR = '#ef6c00';

export { DEFAULT_MAX_ROWS };
/** Prefixes drawn in the prefix chart (the largest by object count); the table lists all. */
export const PREFIX_CHART_BARS = 20;

const TREND_NOTE =
  'Object versions scanned per day, by the level that scan found. A version scanned again counts again on the day of each scan; the totals above count each version once, as its latest scan saw it.';
const FORMAT_NOTE =
  'Object versions per reader, as their latest scan saw them. "(strings pass)": no reader knew the object, or a member of it, so its printable text was scanned. "unknown": the input does not say which reader read it (live tags, the scanner\'s tag reports, scan reports without the format field).';
const POLICY_NOTE =
  "These versions were given their level under a classification policy that changes the seed policy's level of the types named: a version may hold such a type at a level the seed policy would not give it. Versions whose scan named no change (the seed policy), or whose input cannot say (tag reports, live tags), are not counted here.";
const FAILED_NOTE = 'Versions whose latest scan could not read them in full. Nobody knows what they hold: they count as confidential for every decision.';
const UNSCANNED_NOTE = 'Versions without ShredLock tags, without the engine tag, or scanned by an engine older than {engine}.';
const RESTRICTED_NOTE = 'This file holds object keys (in the failed and unscanned lists): handle it as restricted, like the records bucket.';

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

function maybe(col: string, value: number | null, lang: Lang = 'en'): Cell {
  return value === null ? { col, text: tr(lang, 'n/a'), className: 'num' } : num(col, value);
}

/** Levels worth a bar: the object levels, and `unscanned` when live tags were read or any exist. */
export function shownLevels(report: TagReport): ReportLevel[] {
  return REPORT_LEVELS.filter((l) => l !== 'unscanned' || report.source.kind === 'vault-tags' || report.totals.byLevel.unscanned.objects > 0);
}

function legend(levels: readonly ReportLevel[], lang: Lang): string {
  return `<ul class="legend">${levels.map((l) => `<li><span class="swatch" style="background:${LEVEL_COLORS[l]}"></span>${escapeHtml(term(lang, 'levels', l))}</li>`).join('')}</ul>`;
}

function prefixLabel(report: TagReport, vault: string, prefix: string, lang: Lang): string {
  const shown = prefix === '' ? tr(lang, '(top level)') : prefix;
  return report.vaults.length > 1 ? `${vault}: ${shown}` : shown;
}

function summary(report: TagReport, lang: Lang): string {
  const t = report.totals;
  return (
    '<section id="summary" class="cards">' +
    card('objects', tr(lang, 'Object versions'), formatCount(t.objects), t.objects) +
    card('bytes', tr(lang, 'Stored'), formatBytes(t.bytes), t.bytes) +
    card('findings', tr(lang, 'Findings'), t.findings === null ? tr(lang, 'n/a') : formatCount(t.findings), t.findings) +
    card('confidential', tr(lang, 'Confidential'), formatCount(t.byLevel.confidential.objects), t.byLevel.confidential.objects, t.byLevel.confidential.objects > 0) +
    card('failed', tr(lang, 'Failed'), formatCount(report.failed.length), report.failed.length, report.failed.length > 0) +
    card('unscanned', tr(lang, 'Need a scan'), formatCount(report.unscanned.length), report.unscanned.length, report.unscanned.length > 0) +
    '</section>'
  );
}

function levelSection(report: TagReport, maxRows: number, lang: Lang): string {
  const levels = shownLevels(report);
  const t = report.totals;
  const bars: Bar[] = levels.map((l) => ({ key: l, label: term(lang, 'levels', l), value: t.byLevel[l].objects, color: LEVEL_COLORS[l] }));
  const rows: Row[] = levels.map((l) => ({
    key: l,
    cells: [text('level', term(lang, 'levels', l)), num('objects', t.byLevel[l].objects), text('share', formatShare(t.byLevel[l].objects, t.objects)), bytes('bytes', t.byLevel[l].bytes)],
  }));
  return (
    `<section id="levels"><h2>${escapeHtml(tr(lang, 'By sensitivity level'))}</h2>` +
    barChart('levels', tr(lang, 'Object versions per sensitivity level'), bars, tr(lang, 'object versions')) +
    table('levels', [{ col: 'level', label: tr(lang, 'Level') }, { col: 'objects', label: tr(lang, 'Object versions'), numeric: true }, { col: 'share', label: tr(lang, 'Share'), numeric: true }, { col: 'bytes', label: tr(lang, 'Bytes'), numeric: true }], rows, maxRows) +
    '</section>'
  );
}

function typeSection(report: TagReport, maxRows: number, lang: Lang): string {
  const byFindings = report.byType.length > 0 && report.byType.every((x) => x.findings !== null);
  const bars: Bar[] = report.byType.map((x) => ({ key: x.type, label: typeName(lang, x.type), value: byFindings ? (x.findings as number) : x.objects, color: TYPE_COLOR }));
  const rows: Row[] = report.byType.map((x) => ({ key: x.type, cells: [text('type', typeName(lang, x.type)), num('objects', x.objects), maybe('findings', x.findings, lang)] }));
  const unit = tr(lang, byFindings ? 'findings' : 'object versions');
  return (
    `<section id="types"><h2>${escapeHtml(tr(lang, 'By identifier type'))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, byFindings ? 'Bars: {unit} per type.' : 'Bars: {unit} per type (the input names types only, without counts).', { unit }))}</p>` +
    barChart('types', tr(lang, '{unit} per identifier type', { unit }), bars, unit) +
    table('types', [{ col: 'type', label: tr(lang, 'Type') }, { col: 'objects', label: tr(lang, 'Object versions with it'), numeric: true }, { col: 'findings', label: tr(lang, 'Findings'), numeric: true }], rows, maxRows) +
    '</section>'
  );
}

/** A format group's label: the reader's name as it is; the strings pass and `unknown` in words of `lang`. */
export function formatGroupLabel(group: Pick<FormatTotal, 'format' | 'fallback'>, lang: Lang): string {
  if (group.fallback === 'strings') return tr(lang, '{format} (strings pass)', { format: group.format });
  if (group.fallback === null && group.format === UNKNOWN_FORMAT) return tr(lang, 'unknown');
  return formatGroupId(group);
}

function formatColor(group: FormatTotal): string {
  if (group.fallback !== null) return FALLBACK_COLOR;
  return group.format === UNKNOWN_FORMAT ? LEVEL_COLORS.unscanned : FORMAT_COLOR;
}

function formatSection(report: TagReport, maxRows: number, lang: Lang): string {
  const groups = report.byFormat;
  const bars: Bar[] = groups.map((f) => ({ key: formatGroupId(f), label: formatGroupLabel(f, lang), value: f.objects, color: formatColor(f) }));
  const rows: Row[] = groups.map((f) => ({
    key: formatGroupId(f),
    cells: [text('format', formatGroupLabel(f, lang)), num('objects', f.objects), text('share', formatShare(f.objects, report.totals.objects)), bytes('bytes', f.bytes)],
  }));
  return (
    `<section id="formats"><h2>${escapeHtml(tr(lang, 'By format'))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, FORMAT_NOTE))}</p>` +
    barChart('formats', tr(lang, 'Object versions per format'), bars, tr(lang, 'object versions')) +
    table('formats', [{ col: 'format', label: tr(lang, 'Format') }, { col: 'objects', label: tr(lang, 'Object versions'), numeric: true }, { col: 'share', label: tr(lang, 'Share'), numeric: true }, { col: 'bytes', label: tr(lang, 'Bytes'), numeric: true }], rows, maxRows) +
    '</section>'
  );
}

/** The versions levelled under a changed policy; nothing when there are none (or the report predates it). */
function policySection(report: TagReport, maxRows: number, lang: Lang): string {
  const groups = report.byPolicy ?? [];
  if (groups.length === 0) return '';
  const levels = shownLevels(report);
  const changes = (c: Readonly<Record<string, string>>) =>
    Object.entries(c)
      .map(([type, level]) => tr(lang, '{type}: {level}', { type: typeName(lang, type), level: term(lang, 'levels', level) }))
      .join(tr(lang, '; '));
  const rows: Row[] = groups.map((g) => ({
    key: policyChangesId(g.changes),
    cells: [text('changes', changes(g.changes)), num('objects', g.objects), bytes('bytes', g.bytes), ...levels.map((l) => num(l, g.byLevel[l]))],
  }));
  return (
    `<section id="policies"><h2>${escapeHtml(tr(lang, 'Levels under a changed classification policy'))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, POLICY_NOTE))}</p>` +
    table(
      'policies',
      [
        { col: 'changes', label: tr(lang, 'Types and their level under the policy') },
        { col: 'objects', label: tr(lang, 'Object versions'), numeric: true },
        { col: 'bytes', label: tr(lang, 'Bytes'), numeric: true },
        ...levels.map((l) => ({ col: l, label: term(lang, 'levels', l), numeric: true })),
      ],
      rows,
      maxRows,
    ) +
    '</section>'
  );
}

function prefixSection(report: TagReport, maxRows: number, lang: Lang): string {
  const levels = shownLevels(report);
  const largest = [...report.byPrefix].sort((a, b) => b.objects - a.objects).slice(0, PREFIX_CHART_BARS);
  const bars: Bar[] = largest.map((p) => ({ key: `${p.vault}|${p.prefix}`, label: prefixLabel(report, p.vault, p.prefix, lang), value: p.objects, color: PREFIX_COLOR }));
  const rows: Row[] = report.byPrefix.map((p) => ({
    key: `${p.vault}|${p.prefix}`,
    cells: [
      ...(report.vaults.length > 1 ? [text('vault', p.vault)] : []),
      text('prefix', p.prefix === '' ? tr(lang, '(top level)') : p.prefix),
      num('objects', p.objects),
      bytes('bytes', p.bytes),
      ...levels.map((l) => num(l, p.byLevel[l])),
    ],
  }));
  const headers = [
    ...(report.vaults.length > 1 ? [{ col: 'vault', label: tr(lang, 'Vault') }] : []),
    { col: 'prefix', label: tr(lang, 'Prefix') },
    { col: 'objects', label: tr(lang, 'Object versions'), numeric: true },
    { col: 'bytes', label: tr(lang, 'Bytes'), numeric: true },
    ...levels.map((l) => ({ col: l, label: term(lang, 'levels', l), numeric: true })),
  ];
  const note =
    report.byPrefix.length > PREFIX_CHART_BARS ? ` ${tr(lang, 'The chart shows the {n} largest of {total}.', { n: PREFIX_CHART_BARS, total: formatCount(report.byPrefix.length) })}` : '';
  return (
    `<section id="prefixes"><h2>${escapeHtml(tr(lang, report.depth === 1 ? 'By prefix (first {n} folder)' : 'By prefix (first {n} folders)', { n: report.depth }))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, 'Object versions per prefix.') + note)}</p>` +
    barChart('prefixes', tr(lang, 'Object versions per prefix'), bars, tr(lang, 'object versions')) +
    table('prefixes', headers, rows, maxRows) +
    '</section>'
  );
}

function trendSection(report: TagReport, maxRows: number, lang: Lang): string {
  const levels = shownLevels(report);
  const columns = report.trend.map((d) => ({ key: d.date, segments: levels.map((l) => ({ key: l, value: d.byLevel[l], color: LEVEL_COLORS[l] })) }));
  const rows: Row[] = report.trend.map((d) => ({
    key: d.date,
    cells: [text('date', d.date), num('objects', d.objects), bytes('bytes', d.bytes), maybe('findings', d.findings, lang), ...levels.map((l) => num(l, d.byLevel[l]))],
  }));
  return (
    `<section id="trend"><h2>${escapeHtml(tr(lang, 'Trend across scans'))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, TREND_NOTE))}</p>` +
    legend(levels, lang) +
    stackedColumnChart('trend', tr(lang, 'Object versions scanned per day, by level'), columns, tr(lang, 'object versions')) +
    table(
      'trend',
      [
        { col: 'date', label: tr(lang, 'Date') },
        { col: 'objects', label: tr(lang, 'Object versions'), numeric: true },
        { col: 'bytes', label: tr(lang, 'Bytes'), numeric: true },
        { col: 'findings', label: tr(lang, 'Findings'), numeric: true },
        ...levels.map((l) => ({ col: l, label: term(lang, 'levels', l), numeric: true })),
      ],
      rows,
      maxRows,
    ) +
    '</section>'
  );
}

function listSection(report: TagReport, maxRows: number, lang: Lang): string {
  const failed: Row[] = report.failed.map((f, i) => ({
    key: String(i),
    cells: [text('vault', f.vault), text('key', f.key, 'key'), text('version', f.versionId ?? '-'), bytes('size', f.size), text('code', f.code ?? '-'), text('scanned', f.scanned ?? '-')],
  }));
  const unscanned: Row[] = report.unscanned.map((u, i) => ({
    key: String(i),
    cells: [text('vault', u.vault), text('key', u.key, 'key'), text('version', u.versionId ?? '-'), bytes('size', u.size), text('reason', term(lang, 'reasons', u.reason)), text('engine', u.engine ?? '-')],
  }));
  return (
    `<section id="failed"><h2>${escapeHtml(tr(lang, 'Failed ({n})', { n: formatCount(report.failed.length) }))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, FAILED_NOTE))}</p>` +
    table(
      'failed',
      [{ col: 'vault', label: tr(lang, 'Vault') }, { col: 'key', label: tr(lang, 'Object key') }, { col: 'version', label: tr(lang, 'Version') }, { col: 'size', label: tr(lang, 'Size'), numeric: true }, { col: 'code', label: tr(lang, 'Error') }, { col: 'scanned', label: tr(lang, 'Scanned') }],
      failed,
      maxRows,
    ) +
    '</section>' +
    `<section id="unscanned"><h2>${escapeHtml(tr(lang, 'Need a scan ({n})', { n: formatCount(report.unscanned.length) }))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, UNSCANNED_NOTE, { engine: report.engine }))}</p>` +
    table(
      'unscanned',
      [{ col: 'vault', label: tr(lang, 'Vault') }, { col: 'key', label: tr(lang, 'Object key') }, { col: 'version', label: tr(lang, 'Version') }, { col: 'size', label: tr(lang, 'Size'), numeric: true }, { col: 'reason', label: tr(lang, 'Reason') }, { col: 'engine', label: tr(lang, 'Engine') }],
      unscanned,
      maxRows,
    ) +
    '</section>'
  );
}

function runSection(report: TagReport, maxRows: number, lang: Lang): string {
  const rows: Row[] = report.runs.map((r, i) => ({ key: String(i), cells: [text('id', r.id), text('date', r.date ?? '-'), text('source', r.source), num('objects', r.objects)] }));
  return (
    `<section id="runs"><h2>${escapeHtml(tr(lang, 'Inputs ({n})', { n: formatCount(report.runs.length) }))}</h2>` +
    table('runs', [{ col: 'id', label: tr(lang, 'Run') }, { col: 'date', label: tr(lang, 'Date') }, { col: 'source', label: tr(lang, 'Read from') }, { col: 'objects', label: tr(lang, 'Object versions'), numeric: true }], rows, maxRows) +
    '</section>'
  );
}

/** The report as one HTML document. */
export function renderTagReportHtml(report: TagReport, options: HtmlOptions = {}): string {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const lang = options.lang ?? 'en';
  const heading = tr(lang, 'ShredLock tag report');
  return htmlPage({
    lang,
    title: `${heading}: ${report.vaults.join(', ') || report.source.location}`,
    heading,
    meta: [
      `<p class="meta">${escapeHtml(tr(lang, 'Source'))}: <span data-field="source">${escapeHtml(report.source.kind)} ${escapeHtml(report.source.location)}</span> · ` +
        `${escapeHtml(tr(lang, 'generated'))} <span data-field="generatedAt">${escapeHtml(report.generatedAt)}</span> · ${escapeHtml(tr(lang, 'engine'))} ${escapeHtml(report.engine)}</p>`,
      `<p class="meta">${escapeHtml(tr(lang, 'Vaults'))}: ${escapeHtml(report.vaults.join(', ') || '-')}</p>`,
    ],
    sections: [
      summary(report, lang),
      `<p class="note">${escapeHtml(tr(lang, RESTRICTED_NOTE))}</p>`,
      levelSection(report, maxRows, lang),
      policySection(report, maxRows, lang),
      typeSection(report, maxRows, lang),
      formatSection(report, maxRows, lang),
      prefixSection(report, maxRows, lang),
      trendSection(report, maxRows, lang),
      listSection(report, maxRows, lang),
      runSection(report, maxRows, lang),
    ],
  });
}
