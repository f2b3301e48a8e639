/** Renders the `shredlock audit verify` report as a table or JSON. */
import type { VerifyReport } from '../../lambdas/audit/index.js';
import { type Lang, term, tr } from '../../lambdas/reports/index.js';
import { headers } from './audit-lang.js';
import { heading, table } from './audit-table.js';

/** Output formats of `shredlock audit verify`. */
export const VERIFY_FORMATS = ['table', 'json'] as const;
/** One output format. */
export type VerifyFormat = (typeof VERIFY_FORMATS)[number];

/** The closing line for each result: `empty` never says VALID. */
const RESULT_LINES: Readonly<Record<VerifyReport['result'], string>> = {
  valid: 'result: VALID',
  invalid: 'result: INVALID ({n} problems)',
  empty: 'result: NOTHING VERIFIED (no digest and no log file in the range)',
};

/** Problems and chain gaps, then totals; every file's status is in the JSON form. */
export function renderVerifyTable(report: VerifyReport, lang: Lang = 'en'): string {
  const s = report.summary;
  const range = [report.range.from ?? tr(lang, 'start'), report.range.to ?? tr(lang, 'now')].join(' .. ');
  const counts = (c: Readonly<Record<string, number>>): string =>
    Object.entries(c)
      .map(([status, n]) => `${n} ${term(lang, 'reasons', status)}`)
      .join(lang === 'en' ? ', ' : '，');
  return [
    `${tr(lang, 'trail files in')} ${report.source} (${range})\n`,
    heading(tr(lang, 'PROBLEMS'), report.problems.length) +
      table(headers(lang, ['CODE', 'FILE', 'DETAIL']), report.problems.map((p) => [p.code, p.key, p.detail])),
    heading(tr(lang, 'CHAIN GAPS (validation or logging was off)'), report.gaps.length) +
      table(headers(lang, ['CHAIN', 'NEWEST BEFORE', 'STARTING AFTER']), report.gaps.map((g) => [g.chain, g.before, g.after])),
    tr(lang, 'digests: {counts}', { counts: counts(s.digests) }),
    tr(lang, 'log files: {counts}', { counts: counts(s.logFiles) }),
    tr(lang, RESULT_LINES[report.result], { n: s.problems }),
    '',
  ].join('\n');
}

/** The report in the requested format. */
export function renderVerifyReport(report: VerifyReport, format: VerifyFormat, lang: Lang = 'en'): string {
  return format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderVerifyTable(report, lang);
}
