/** Renders a scan report as a readable table, CSV or JSON. */
import { stringifySafe } from '../../lambdas/csv-safe.js';
import { formatBytes } from '../../lambdas/format.js';
import { OBJECT_LEVELS } from '../../lambdas/engine/index.js';
import { PII_TYPES, type PiiType, type ScanReport } from '../../lambdas/engine/index.js';

/** Output formats of `shredlock scan`. */
export const REPORT_FORMATS = ['table', 'json', 'csv'] as const;
/** One output format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

function typesIn(report: ScanReport): PiiType[] {
  return PII_TYPES.filter((t) => (report.summary.byType[t] ?? 0) > 0);
}

function counts(c: Partial<Record<PiiType, number>>): string {
  const parts = PII_TYPES.filter((t) => c[t]).map((t) => `${t}=${c[t]}`);
  return parts.length ? parts.join(' ') : '-';
}

/** One line per object (level, format, size, counts per type, key), then totals. */
export function renderTable(report: ScanReport): string {
  const rows = report.objects.map((o) => [
    o.sensitivity,
    o.fallback === undefined ? o.format : `${o.format} (${o.fallback})`,
    formatBytes(o.size),
    o.error ? `error ${o.error.code}` : counts(o.counts),
    o.key,
  ]);
  const header = ['LEVEL', 'FORMAT', 'SIZE', 'FINDINGS', 'OBJECT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string =>
    r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  const s = report.summary;
  const levels = OBJECT_LEVELS.map((l) => `${l} ${s.bySensitivity[l]}`).join(', ');
  return [
    line(header),
    ...rows.map(line),
    '',
    `${s.objects} objects, ${formatBytes(s.bytes)}: ${levels}`,
    `findings: ${counts(s.byType)}`,
    `formats: ${Object.entries(s.byFormat).map(([format, n]) => `${format}=${n}`).join(' ') || '-'}`,
    `errors: ${s.errors}`,
    '',
  ].join('\n');
}

/** One row per object: key, size, format, sensitivity, error code, then a count column per type found. */
export function renderCsv(report: ScanReport): string {
  const types = typesIn(report);
  const rows = report.objects.map((o) => [
    o.key,
    o.size,
    o.format,
    o.sensitivity,
    o.error?.code ?? '',
    ...types.map((t) => o.counts[t] ?? 0),
  ]);
  // Object keys come from outside: every text cell is made safe for spreadsheets.
  return stringifySafe([['key', 'size', 'format', 'sensitivity', 'error', ...types], ...rows]);
}

/** The report in the requested format. */
export function renderReport(report: ScanReport, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  if (format === 'csv') return renderCsv(report);
  return renderTable(report);
}
