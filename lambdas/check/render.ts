/** The check report as text (CLI table, SNS message) or JSON. Pure functions. */
import type { CheckReport, Drift } from './types.js';

/** Output formats. */
export const CHECK_FORMATS = ['table', 'json'] as const;
/** One output format. */
export type CheckFormat = (typeof CHECK_FORMATS)[number];

function table(drifts: readonly Drift[]): string {
  const header = ['RESOURCE', 'PROPERTY', 'EXPECTED', 'FOUND'];
  const rows = drifts.map((d) => [d.resource, d.property, d.expected, d.found]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Heading, then one row per drift, then the result line. */
export function renderCheckTable(report: CheckReport): string {
  const head = `vault ${report.vault} in ${report.account} ${report.region}, checked ${report.checkedAt}: ${report.checked} properties`;
  const result = report.compliant ? 'result: COMPLIANT' : `result: ${report.drifts.length} DRIFT${report.drifts.length === 1 ? '' : 'S'}`;
  return `${[head, '', report.compliant ? 'no drift' : table(report.drifts), '', result].join('\n')}\n`;
}

/** The report in `format`. */
export function renderCheckReport(report: CheckReport, format: CheckFormat): string {
  return format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderCheckTable(report);
}
