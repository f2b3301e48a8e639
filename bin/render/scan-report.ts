/** Renders a scan report as a readable table, CSV or JSON. */
import { stringifySafe } from '../../lambdas/csv-safe.js';
import { formatBytes } from '../../lambdas/format.js';
import { OBJECT_LEVELS } from '../../lambdas/engine/index.js';
import { PII_TYPES, type ObjectReport, type PiiType, type ScanReport } from '../../lambdas/engine/index.js';
import { readSpilled, type FindingSpill } from '../finding-spill.js';

/** Output formats of `shredlock scan`. */
export const REPORT_FORMATS = ['table', 'json', 'csv'] as const;
/** One output format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

function typesIn(report: ScanReport): PiiType[] {
  return PII_TYPES.filter((t) => (report.summary.byType[t] ?? 0) > 0);
}

/**
 * The line on the classification policy, when an object's level was given under one that changes
 * the seed policy's (each changed type and its level; one scan has one policy), else none.
 */
function policyLine(objects: readonly ObjectReport[]): string[] {
  const changes = objects.find((o) => o.policyChanges !== undefined)?.policyChanges;
  if (changes === undefined) return [];
  const listed = Object.entries(changes).map(([type, level]) => `${type} ${level}`).join(', ');
  return [`policy: ${listed}; every other type at the seed policy's level`];
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
    ...policyLine(report.objects),
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
export function* renderJson(report: ScanReport, spill?: FindingSpill): Generator<string> {
  let buffer = '';
  // An object whose findings wait on disk: they are read back in place of its empty list.
  const spilled: Replacer | undefined =
    spill === undefined
      ? undefined
      : (holder, key, depth) => {
          const where = key === 'findings' ? spill.of(holder as ObjectReport) : undefined;
          return where === undefined || where.count === 0 ? undefined : prettyItems(readSpilled(where), depth);
        };
  for (const text of prettyJson(report, 0, spilled)) {
    buffer += text;
    if (buffer.length >= JSON_PIECE_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n`;
}

/** The JSON of `holder[key]` written another way (depth: its nesting), or undefined to write the value. */
type Replacer = (holder: object, key: string, depth: number) => Iterable<string> | undefined;

/** The JSON text of a non-empty array of these items, nested `depth` levels deep, as prettyJson writes arrays. */
function* prettyItems(items: Iterable<unknown>, depth: number, replace?: Replacer): Generator<string> {
  const inner = `\n${'  '.repeat(depth + 1)}`;
  let first = true;
  for (const item of items) {
    yield first ? `[${inner}` : `,${inner}`;
    first = false;
    // As JSON.stringify: what JSON cannot hold is null inside an array.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
    else yield* prettyJson(item, depth + 1, replace);
  }
  yield first ? '[]' : `\n${'  '.repeat(depth)}]`;
}

/** JSON.stringify(value, null, 2) nested `depth` levels deep, value by value: arrays and objects are walked, the rest stringified. */
function* prettyJson(value: unknown, depth: number, replace?: Replacer): Generator<string> {
  const json = value as { toJSON?: () => unknown } | null;
  if (json !== null && typeof json === 'object' && typeof json.toJSON === 'function') value = json.toJSON();
  if (value === null || typeof value !== 'object') {
    yield JSON.stringify(value);
    return;
  }
  const inner = `\n${'  '.repeat(depth + 1)}`;
  const close = `\n${'  '.repeat(depth)}`;
  if (Array.isArray(value)) {
    yield* prettyItems(value, depth, replace);
    return;
  }
  // As JSON.stringify: what JSON cannot hold is left out of an object.
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  for (let i = 0; i < entries.length; i++) {
    const [key, item] = entries[i];
    yield `${i === 0 ? '{' : ','}${inner}${JSON.stringify(key)}: `;
    yield* replace?.(value, key, depth + 1) ?? prettyJson(item, depth + 1, replace);
  }
  yield `${close}}`;
}

/** The report in the requested format, in pieces to write one after another. */
export function renderReport(report: ScanReport, format: ReportFormat, spill?: FindingSpill): Iterable<string> {
  if (format === 'json') return renderJson(report, spill);
  if (format === 'csv') return [renderCsv(report)];
  return [renderTable(report)];
}
