/** Renders the `shredlock audit verify` report as a table or JSON. */
import type { VerifyReport } from '../../lambdas/audit/index.js';
import { heading, table } from './audit-table.js';

/** Output formats of `shredlock audit verify`. */
export const VERIFY_FORMATS = ['table', 'json'] as const;
/** One output format. */
export type VerifyFormat = (typeof VERIFY_FORMATS)[number];

/** Problems and chain gaps, then totals; every file's status is in the JSON form. */
export function renderVerifyTable(report: VerifyReport): string {
  const s = report.summary;
  const range = [report.range.from ?? 'start', report.range.to ?? 'now'].join(' .. ');
  return [
    `trail files in ${report.source} (${range})\n`,
    heading('PROBLEMS', report.problems.length) + table(['CODE', 'FILE', 'DETAIL'], report.problems.map((p) => [p.code, p.key, p.detail])),
    heading('CHAIN GAPS (validation or logging was off)', report.gaps.length) +
      table(['CHAIN', 'NEWEST BEFORE', 'STARTING AFTER'], report.gaps.map((g) => [g.chain, g.before, g.after])),
    `digests: ${s.digests.valid} valid, ${s.digests.invalid} invalid, ${s.digests.missing} missing`,
    `log files: ${s.logFiles.valid} valid, ${s.logFiles.modified} modified, ${s.logFiles.missing} missing, ` +
      `${s.logFiles.unreadable} unreadable, ${s.logFiles.extra} extra, ${s.logFiles.pending} not yet in a digest`,
    report.valid ? 'result: VALID' : `result: INVALID (${s.problems} problems)`,
    '',
  ].join('\n');
}

/** The report in the requested format. */
export function renderVerifyReport(report: VerifyReport, format: VerifyFormat): string {
  return format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderVerifyTable(report);
}
