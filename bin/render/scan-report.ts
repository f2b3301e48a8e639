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

/** Text handed out at a time by renderJson: large enough that writing is not per value. */
const JSON_PIECE_CHARS = 1 << 16;

/**
 * The report as JSON (`JSON.stringify(report, null, 2)` and a newline, character for character),
 * in pieces of about JSON_PIECE_CHARS. With every finding listed (`--max-findings 0`) one object
 * of a large archive holds hundreds of thousands of findings: its JSON alone is over a hundred MB,
 * and the whole report's more than a JavaScript string may hold on top of the findings. Here no
 * piece is longer than one value's JSON (a finding's, at most).
 */
export function* renderJson(report: ScanReport): Generator<string> {
  let buffer = '';
  for (const text of prettyJson(report, 0)) {
    buffer += text;
    if (buffer.length >= JSON_PIECE_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n`;
}

/** JSON.stringify(value, null, 2) nested `depth` levels deep, value by value: arrays and objects are walked, the rest stringified. */
function* prettyJson(value: unknown, depth: number): Generator<string> {
  const json = value as { toJSON?: () => unknown } | null;
  if (json !== null && typeof json === 'object' && typeof json.toJSON === 'function') value = json.toJSON();
  if (value === null || typeof value !== 'object') {
    yield JSON.stringify(value);
    return;
  }
  const inner = `\n${'  '.repeat(depth + 1)}`;
  const close = `\n${'  '.repeat(depth)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[${inner}` : `,${inner}`;
      const item: unknown = value[i];
      // As JSON.stringify: what JSON cannot hold is null inside an array.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* prettyJson(item, depth + 1);
    }
    yield `${close}]`;
    return;
  }
  // As JSON.stringify: what JSON cannot hold is left out of an object.
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  for (let i = 0; i < entries.length; i++) {
    yield `${i === 0 ? '{' : ','}${inner}${JSON.stringify(entries[i][0])}: `;
    yield* prettyJson(entries[i][1], depth + 1);
  }
  yield `${close}}`;
}

/** The report in the requested format, in pieces to write one after another. */
export function renderReport(report: ScanReport, format: ReportFormat): Iterable<string> {
  if (format === 'json') return renderJson(report);
  if (format === 'csv') return [renderCsv(report)];
  return [renderTable(report)];
}
