/** Renders `shredlock evidence verify` as a table (in the report language) or JSON. */
import type { PackVerifyReport } from '../../lambdas/audit/index.js';
import { term, type Lang } from '../../lambdas/reports/index.js';
import { heading, table } from './audit-table.js';

/** Output formats of `shredlock evidence verify`. */
export const EVIDENCE_FORMATS = ['table', 'json'] as const;
/** One output format. */
export type EvidenceFormat = (typeof EVIDENCE_FORMATS)[number];

const RESULT: Readonly<Record<Lang, Readonly<Record<PackVerifyReport['result'], string>>>> = {
  en: { valid: 'result: VALID', invalid: 'result: INVALID', empty: 'result: NOTHING VERIFIED (the pack holds no evidence file)' },
  'zh-CN': { valid: '结果：有效', invalid: '结果：无效', empty: '结果：无可验证内容（证据包中没有证据文件）' },
};

/** Problems (code, file, detail), what was checked, and the verdict. */
export function renderEvidenceTable(r: PackVerifyReport, lang: Lang): string {
  const label = (id: string): string => term(lang, 'labels', id).toUpperCase();
  const c = r.checked;
  const checked =
    lang === 'en'
      ? `checked: ${c.files} files, ${c.certificates} certificates, ${c.tagReports} tag reports, ${c.digests} digests, ${c.logFiles} log files (public keys: ${r.publicKeys})`
      : `已检查：${c.files} 个文件、${c.certificates} 份销毁证书、${c.tagReports} 份标签报告、${c.digests} 个摘要、${c.logFiles} 个日志文件（公钥来源：${r.publicKeys}）`;
  return [
    `${r.source} (SHA-256 ${r.sha256})${r.vault ? ` vault ${r.vault}` : ''}\n`,
    heading(lang === 'en' ? 'PROBLEMS' : '问题', r.problems.length) +
      table([label('code'), label('file'), label('detail')], r.problems.map((p) => [p.code, p.file, `${term(lang, 'reasons', p.code) === p.code ? '' : `${term(lang, 'reasons', p.code)}: `}${p.detail}`])),
    checked,
    r.result === 'invalid' ? `${RESULT[lang].invalid} (${r.problems.length})` : RESULT[lang][r.result],
    '',
  ].join('\n');
}

/** The report in the requested format. */
export function renderEvidenceReport(r: PackVerifyReport, format: EvidenceFormat, lang: Lang): string {
  return format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : renderEvidenceTable(r, lang);
}
