/**
 * The tag report as one CSV table with a `section` column, so a spreadsheet filter shows one
 * section at a time:
 *
 * | section     | name            | filled columns                                           |
 * |-------------|-----------------|----------------------------------------------------------|
 * | `total`     | `all`           | objects, bytes, findings, one column per level           |
 * | `level`     | the level       | objects, bytes                                           |
 * | `type`      | the type        | objects (with the type), findings                        |
 * | `format`    | the reader      | objects, bytes (`zip (strings)`: the strings pass; `unknown`: not said) |
 * | `policy`    | the changes     | objects, bytes, one column per level: versions given their level under a policy that changes the seed's (`cn_mobile=public email=confidential`) |
 * | `prefix`    | the prefix      | vault, objects, bytes, one column per level              |
 * | `trend`     | the date        | objects, bytes, findings, one column per level           |
 * | `failed`    | the object key  | vault, version_id, bytes (its size), detail (error code) |
 * | `unscanned` | the object key  | vault, version_id, bytes (its size), detail (reason)     |
 * | `run`       | the run id      | objects, detail (date and source)                        |
 *
 * An empty `findings` means the input had no counts per type. Object keys are made safe for
 * spreadsheets (csvSafe: a leading `=`, `+`, `-`, `@` gets a `'`); the JSON form keeps them exact.
 * A JSON report written before `byFormat` or `byPolicy` existed (an older evidence pack's, rendered
 * again to verify its CSV) has no such rows, so its CSV comes out as it was written.
 */
import { stringify } from 'csv-stringify/sync';
import { csvSafe } from '../scanner/report-writer.js';
import { formatGroupId, policyChangesId, type TagReport } from './aggregate.js';
import { term, type Lang } from './messages/index.js';
import { REPORT_LEVELS, type ReportLevel } from './types.js';

/** Columns of the CSV, in order. */
export const TAG_REPORT_CSV_COLUMNS = [
  'section',
  'vault',
  'name',
  'version_id',
  'objects',
  'bytes',
  'findings',
  ...REPORT_LEVELS,
  'detail',
] as const;

type Cell = string | number;

function row(fields: Partial<Record<(typeof TAG_REPORT_CSV_COLUMNS)[number], Cell | null>>): Cell[] {
  return TAG_REPORT_CSV_COLUMNS.map((c) => fields[c] ?? '');
}

/** The header row in `lang`: the column ids in English, their catalogue names in Chinese. */
export function tagReportCsvHeader(lang: Lang): string[] {
  return TAG_REPORT_CSV_COLUMNS.map((c) => (lang === 'en' ? c : term(lang, 'csv', c)));
}

/**
 * The report as CSV (header row first, in `lang`; the cells stay ids — sections, levels, type ids —
 * so filters and scripts work in either language).
 */
export function renderTagReportCsv(report: TagReport, lang: Lang = 'en'): string {
  const t = report.totals;
  const totalLevels = Object.fromEntries(REPORT_LEVELS.map((l) => [l, t.byLevel[l].objects])) as Record<ReportLevel, number>;
  const rows: Cell[][] = [
    row({ section: 'total', name: 'all', objects: t.objects, bytes: t.bytes, findings: t.findings, ...totalLevels }),
    ...REPORT_LEVELS.map((l) => row({ section: 'level', name: l, objects: t.byLevel[l].objects, bytes: t.byLevel[l].bytes })),
    ...report.byType.map((x) => row({ section: 'type', name: x.type, objects: x.objects, findings: x.findings })),
    ...(report.byFormat ?? []).map((f) => row({ section: 'format', name: formatGroupId(f), objects: f.objects, bytes: f.bytes })),
    ...(report.byPolicy ?? []).map((p) => row({ section: 'policy', name: policyChangesId(p.changes), objects: p.objects, bytes: p.bytes, ...p.byLevel })),
    ...report.byPrefix.map((p) =>
      row({ section: 'prefix', vault: p.vault, name: csvSafe(p.prefix), objects: p.objects, bytes: p.bytes, ...p.byLevel }),
    ),
    ...report.trend.map((d) =>
      row({ section: 'trend', name: d.date, objects: d.objects, bytes: d.bytes, findings: d.findings, ...d.byLevel }),
    ),
    ...report.failed.map((f) =>
      row({ section: 'failed', vault: f.vault, name: csvSafe(f.key), version_id: f.versionId, bytes: f.size, detail: f.code ?? 'failed' }),
    ),
    ...report.unscanned.map((u) =>
      row({
        section: 'unscanned',
        vault: u.vault,
        name: csvSafe(u.key),
        version_id: u.versionId,
        bytes: u.size,
        detail: u.engine ? `${u.reason} (${u.engine})` : u.reason,
      }),
    ),
    ...report.runs.map((r) => row({ section: 'run', name: r.id, objects: r.objects, detail: `${r.date ?? 'undated'} ${r.source}` })),
  ];
  return stringify([tagReportCsvHeader(lang), ...rows]);
}

/** The report as JSON text (the TagReport object, two-space indented). */
export function renderTagReportJson(report: TagReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
