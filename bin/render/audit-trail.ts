/** Renders the `shredlock audit trail` report as tables, CSV, JSON or HTML (audit-trail-html.ts). */
import { stringifySafe } from '../../lambdas/csv-safe.js';
import type { ObjectRead, TrailReport } from '../../lambdas/audit/trail-report.js';
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
export function renderTrailTable(report: TrailReport): string {
  const reads = flatReads(report);
  const range = [report.range.from ?? 'start', report.range.to ?? 'now'].join(' .. ');
  return [
    `CloudTrail logs in ${report.source} (${range}): ${report.files.read} files, ${report.files.records} events\n`,
    heading('FLAGGED', report.flags.length) +
      table(['KIND', 'SUBJECT', 'TIME', 'DETAIL'], report.flags.map((f) => [f.kind, f.subject, f.time ?? '', f.detail])),
    heading('READS OF CONFIDENTIAL OBJECTS', reads.length) +
      table(
        ['PRINCIPAL', 'EXPECTED', 'TIME', 'LEVEL', 'OBJECT'],
        reads.map((r) => [r.principal, r.expected, r.read.time, r.read.sensitivity, object(r.read.bucket, r.read.key, r.read.versionId)]),
      ) +
      `other reads (public, sensitive or not in the scan report): ${report.confidentialReads.otherReads}\n`,
    heading('KEY LIFECYCLE', report.keys.length) +
      table(
        ['KEY', 'STATE', 'CERTIFICATE', 'EVENTS'],
        report.keys.map((k) => [
          k.key,
          k.state,
          k.certificate ? k.certificate.file : k.flagged ? 'MISSING' : '-',
          k.events.map((e) => `${e.time} ${e.event} by ${e.principal}`).join('; '),
        ]),
      ),
    heading('PROTECTION CHANGES', report.protectionChanges.length) +
      table(
        ['TIME', 'EVENT', 'BYPASS', 'PRINCIPAL', 'OBJECT'],
        report.protectionChanges.map((c) => [c.time, c.event, c.bypassGovernance ? 'BYPASS' : '-', c.principal, object(c.bucket, c.key, c.versionId)]),
      ),
    heading('DENIED REQUESTS', report.denied.length) +
      table(
        ['TIME', 'PRINCIPAL', 'EVENT', 'ERROR', 'TARGET'],
        report.denied.map((d) => [d.time, d.principal, `${d.eventSource.replace('.amazonaws.com', '')}:${d.event}`, d.errorCode, d.target ?? '']),
      ),
    report.flags.length ? `result: ${report.flags.length} FLAGGED` : 'result: nothing flagged',
    '',
  ].join('\n');
}

/** One CSV row per item, with a `section` column: flag, read, key-event, change, denied. */
export function renderTrailCsv(report: TrailReport): string {
  const header = ['section', 'time', 'principal', 'event', 'target', 'version', 'level', 'flagged', 'detail'];
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
export function renderTrailReport(report: TrailReport, format: TrailFormat): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  if (format === 'csv') return renderTrailCsv(report);
  if (format === 'html') return renderTrailHtml(report);
  return renderTrailTable(report);
}
