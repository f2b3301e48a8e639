/** Renders the `shredlock audit trail` report as tables, CSV, JSON or HTML (audit-trail-html.ts). */
import { stringifySafe } from '../../lambdas/csv-safe.js';
import type { ObjectRead, TrailReport } from '../../lambdas/audit/index.js';
import { term, tr, type Lang } from '../../lambdas/reports/index.js';
import { headers } from './audit-lang.js';
import { heading, table } from './audit-table.js';
import { renderTrailHtml } from './audit-trail-html.js';

/** Output formats of `shredlock audit trail`. */
export const TRAIL_FORMATS = ['table', 'csv', 'json', 'html'] as const;
/** One output format. */
export type TrailFormat = (typeof TRAIL_FORMATS)[number];

function object(bucket: string | undefined, key: string | undefined, versionId?: string): string {
  const path = bucket ? (key ? `${bucket}/${key}` : bucket) : (key ?? '');
  return versionId ? `${path} (version ${versionId})` : path;
}

function flatReads(report: TrailReport): { principal: string; expected: string; flagged: boolean; read: ObjectRead }[] {
  return report.confidentialReads.principals.flatMap((p) =>
    p.reads.map((read) => ({
      principal: p.principal,
      expected: p.expected === undefined ? '-' : p.expected ? 'yes' : 'NO',
      flagged: p.flagged,
      read,
    })),
  );
}

/** One table per section, flags first. */
export function renderTrailTable(report: TrailReport, lang: Lang = 'en'): string {
  const reads = flatReads(report);
  const range = [report.range.from ?? tr(lang, 'start'), report.range.to ?? tr(lang, 'now')].join(' .. ');
  return [
    `${tr(lang, 'CloudTrail logs in')} ${report.source} (${range}): ${tr(lang, '{files} files, {events} events', { files: report.files.read, events: report.files.records })}\n`,
    heading(tr(lang, 'FLAGGED'), report.flags.length) +
      table(headers(lang, ['KIND', 'SUBJECT', 'TIME', 'DETAIL']), report.flags.map((f) => [f.kind, f.subject, f.time ?? '', f.detail])),
    heading(tr(lang, 'READS OF CONFIDENTIAL OBJECTS'), reads.length) +
      table(headers(lang, ['PRINCIPAL', 'EXPECTED', 'TIME', 'LEVEL', 'OBJECT']),
        reads.map((r) => [r.principal, r.expected, r.read.time, r.read.sensitivity, object(r.read.bucket, r.read.key, r.read.versionId)]),
      ) +
      `${tr(lang, 'Other reads (public, sensitive or not in the scan report):')} ${report.confidentialReads.otherReads}\n`,
    heading(tr(lang, 'KEY LIFECYCLE'), report.keys.length) +
      table(headers(lang, ['KEY', 'STATE', 'CERTIFICATE', 'EVENTS']),
        report.keys.map((k) => [
          k.key,
          k.state,
          k.certificate ? k.certificate.file : k.flagged ? 'MISSING' : '-',
          k.events.map((e) => `${e.time} ${e.event} by ${e.principal}`).join('; '),
        ]),
      ),
    heading(tr(lang, 'PROTECTION CHANGES'), report.protectionChanges.length) +
      table(headers(lang, ['TIME', 'EVENT', 'BYPASS', 'PRINCIPAL', 'OBJECT']),
        report.protectionChanges.map((c) => [c.time, c.event, c.bypassGovernance ? 'BYPASS' : '-', c.principal, object(c.bucket, c.key, c.versionId)]),
      ),
    heading(tr(lang, 'DENIED REQUESTS'), report.denied.length) +
      table(headers(lang, ['TIME', 'PRINCIPAL', 'EVENT', 'ERROR', 'TARGET']),
        report.denied.map((d) => [d.time, d.principal, `${d.eventSource.replace('.amazonaws.com', '')}:${d.event}`, d.errorCode, d.target ?? '']),
      ),
    `${tr(lang, 'result:')} ${report.flags.length ? tr(lang, '{n} FLAGGED', { n: report.flags.length }) : tr(lang, 'nothing flagged')}`,
    '',
  ].join('\n');
}

/** One CSV row per item, with a `section` column: flag, read, key-event, change, denied. */
export function renderTrailCsv(report: TrailReport, lang: Lang = 'en'): string {
  const header = ['section', 'time', 'principal', 'event', 'target', 'version', 'level', 'flagged', 'detail'].map((c) => (lang === 'en' ? c : term(lang, 'csv', c)));
  const rows: (string | number)[][] = [
    ...report.flags.map((f) => ['flag', f.time ?? '', '', f.kind, f.subject, '', '', 'yes', f.detail]),
    ...flatReads(report).map((r) => [
      'read', r.read.time, r.principal, 'GetObject', `${r.read.bucket}/${r.read.key}`, r.read.versionId ?? '', r.read.sensitivity, r.flagged ? 'yes' : '', r.expected === 'NO' ? 'not an expected principal' : '',
    ]),
    ...report.keys.flatMap((k) =>
      k.events.map((e) => ['key-event', e.time, e.principal, e.event, k.key, '', '', k.flagged ? 'yes' : '', k.certificate ? `certificate ${k.certificate.file}` : '']),
    ),
    ...report.protectionChanges.map((c) => [
      'change', c.time, c.principal, c.event, object(c.bucket, c.key), c.versionId ?? '', '', c.bypassGovernance ? 'yes' : '', c.bypassGovernance ? 'governance bypass' : '',
    ]),
    ...report.denied.map((d) => ['denied', d.time, d.principal, `${d.eventSource}:${d.event}`, d.target ?? '', '', '', '', d.errorCode]),
  ];
  // Principals, object keys and details come from the trail: every text cell is made safe for spreadsheets.
  return stringifySafe([header, ...rows]);
}

/** The report in the requested format. */
export function renderTrailReport(report: TrailReport, format: TrailFormat, lang: Lang = 'en'): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  if (format === 'csv') return renderTrailCsv(report, lang);
  if (format === 'html') return renderTrailHtml(report, { lang });
  return renderTrailTable(report, lang);
}
