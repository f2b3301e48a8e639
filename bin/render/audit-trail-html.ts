/**
 * The `shredlock audit trail` report as one self-contained HTML page, in the tag report's shell
 * (lambdas/reports/html-page.ts: inline CSS, no script, a CSP that forbids every fetch) with its
 * SVG bar chart. Flags come first, highlighted; then reads per principal, key lifecycles with their
 * certificate status, protection changes and denied requests.
 *
 * Every figure is a field of the TrailReport (or the length of one of its lists). Object keys,
 * ARNs and file names come from CloudTrail logs and certificates, so every one is escaped.
 * Test hooks as in the tag report: `data-metric`, `data-table`/`data-row`/`data-col`,
 * `data-chart`/`data-key`/`data-value`.
 */
import type { FlagKind, KeyLifecycle, PrincipalReads, TrailReport } from '../../lambdas/audit/trail-report.js';
import { FLAG_KINDS } from '../../lambdas/audit/trail-report.js';
import { escapeHtml, formatCount } from '../../lambdas/reports/format.js';
import { DEFAULT_MAX_ROWS, card, htmlPage, num, table, text, type Row } from '../../lambdas/reports/html-page.js';
import { barChart, type Bar } from '../../lambdas/reports/svg.js';

/** Options of renderTrailHtml. */
export interface TrailHtmlOptions {
  /** Rows per table. @default DEFAULT_MAX_ROWS */
  readonly maxRows?: number;
}

/** Section titles of the flag kinds, in FLAG_KINDS order. */
export const FLAG_TITLES: Readonly<Record<FlagKind, string>> = {
  UNEXPECTED_READER: 'Unexpected readers',
  DELETION_WITHOUT_CERTIFICATE: 'Key deletions without certificate',
  GOVERNANCE_BYPASS: 'Governance bypasses',
  UNREADABLE_LOG: 'Unreadable logs',
  CLOCK_OVERRIDDEN: 'Certificates on an overridden clock',
};

const FLAGGED_COLOR = '#c62828';
const READER_COLOR = '#1565c0';

/** `yes`, `NO` or `-` (no expected list given), as the table report says it. */
function expectedText(p: PrincipalReads): string {
  return p.expected === undefined ? '-' : p.expected ? 'yes' : 'NO';
}

/** `present`, `MISSING` (flagged) or `-` (the key was not scheduled for deletion). */
export function certificateStatus(k: KeyLifecycle): string {
  return k.certificate ? 'present' : k.flagged ? 'MISSING' : '-';
}

/** A principal without its `arn:aws:<service>::<account>:` prefix, short enough for a bar label. */
export function principalLabel(principal: string): string {
  return principal.replace(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:/, '');
}

function objectPath(bucket: string | undefined, key: string | undefined): string {
  return bucket ? (key ? `${bucket}/${key}` : bucket) : (key ?? '');
}

function summary(report: TrailReport): string {
  const reads = report.confidentialReads.principals.reduce((n, p) => n + p.reads.length, 0);
  return (
    '<section id="summary" class="cards">' +
    card('records', 'Records read', formatCount(report.files.records), report.files.records) +
    card('files', 'Log files', formatCount(report.files.read), report.files.read) +
    card('flagged', 'Flags', formatCount(report.summary.flagged), report.summary.flagged, report.summary.flagged > 0) +
    FLAG_KINDS.map((k) => card(k, FLAG_TITLES[k], formatCount(report.summary.byKind[k]), report.summary.byKind[k], report.summary.byKind[k] > 0)).join('') +
    card('confidentialReads', 'Confidential reads', formatCount(reads), reads) +
    card('keys', 'Keys', formatCount(report.keys.length), report.keys.length) +
    card('protectionChanges', 'Protection changes', formatCount(report.protectionChanges.length), report.protectionChanges.length) +
    card('denied', 'Denied requests', formatCount(report.denied.length), report.denied.length, report.denied.length > 0) +
    '</section>'
  );
}

function flagSection(report: TrailReport, maxRows: number): string {
  const n = report.flags.length;
  const parts = FLAG_KINDS.map((kind) => {
    const rows: Row[] = report.flags
      .filter((f) => f.kind === kind)
      .map((f, i) => ({ key: String(i), flagged: true, cells: [text('subject', f.subject, 'key'), text('time', f.time ?? '-'), text('detail', f.detail)] }));
    return (
      `<h3 id="flags-${kind}">${escapeHtml(FLAG_TITLES[kind])} (${formatCount(rows.length)})</h3>` +
      table(`flags-${kind}`, [{ col: 'subject', label: 'Subject' }, { col: 'time', label: 'Time' }, { col: 'detail', label: 'Detail' }], rows, maxRows)
    );
  });
  return (
    `<section id="flags" class="${n > 0 ? 'alert-box' : 'ok-box'}" data-flags="${n}">` +
    `<h2>${n > 0 ? `Flagged (${formatCount(n)})` : 'Nothing flagged'}</h2>` +
    '<p class="note">Each flag makes the audit fail (exit 1).</p>' +
    parts.join('') +
    '</section>'
  );
}

function readSection(report: TrailReport, maxRows: number): string {
  const principals = report.confidentialReads.principals;
  const bars: Bar[] = principals.map((p) => ({ key: p.principal, label: principalLabel(p.principal), value: p.reads.length, color: p.flagged ? FLAGGED_COLOR : READER_COLOR }));
  const summaryRows: Row[] = principals.map((p) => ({
    key: p.principal,
    flagged: p.flagged,
    cells: [text('principal', p.principal, 'key'), text('issuer', p.issuer ?? '-', 'key'), text('expected', expectedText(p)), num('reads', p.reads.length)],
  }));
  const readRows: Row[] = principals.flatMap((p) =>
    p.reads.map((r, i) => ({
      key: `${p.principal}|${i}`,
      flagged: p.flagged,
      cells: [text('principal', p.principal, 'key'), text('time', r.time), text('level', r.sensitivity), text('object', objectPath(r.bucket, r.key), 'key'), text('version', r.versionId ?? '-')],
    })),
  );
  return (
    '<section id="reads"><h2>Reads of confidential objects</h2>' +
    `<p class="note">GetObject reads of objects the scan report lists as confidential or failed (every read when no scan report was given). ` +
    `Other reads (public, sensitive or not in the scan report): <span data-field="otherReads">${formatCount(report.confidentialReads.otherReads)}</span>.</p>` +
    barChart('reads', 'Confidential reads per principal (red: flagged)', bars, 'reads') +
    table('principals', [{ col: 'principal', label: 'Principal' }, { col: 'issuer', label: 'Role' }, { col: 'expected', label: 'Expected' }, { col: 'reads', label: 'Reads', numeric: true }], summaryRows, maxRows) +
    `<h3>Every read (${formatCount(readRows.length)})</h3>` +
    table('reads', [{ col: 'principal', label: 'Principal' }, { col: 'time', label: 'Time' }, { col: 'level', label: 'Level' }, { col: 'object', label: 'Object' }, { col: 'version', label: 'Version' }], readRows, maxRows) +
    '</section>'
  );
}

function keySection(report: TrailReport, maxRows: number): string {
  const rows: Row[] = report.keys.map((k) => ({
    key: k.key,
    flagged: k.flagged,
    cells: [
      text('key', k.key, 'key'),
      text('state', k.state),
      num('events', k.events.length),
      text('certificate', certificateStatus(k)),
      text('file', k.certificate?.file ?? '-', 'key'),
      text('scheduledAt', k.certificate?.scheduledAt ?? '-'),
    ],
  }));
  const perKey = report.keys.slice(0, maxRows).map((k, i) => {
    const events: Row[] = k.events.map((e, j) => ({
      key: String(j),
      cells: [
        text('time', e.time),
        text('event', e.event),
        text('principal', e.principal, 'key'),
        text('deletionDate', e.deletionDate ?? '-'),
        e.pendingWindowInDays === undefined ? text('window', '-') : num('window', e.pendingWindowInDays),
      ],
    }));
    return (
      `<h3 class="key">${escapeHtml(k.key)}</h3>` +
      `<p class="meta">State ${escapeHtml(k.state)} · certificate <span data-field="certificate">${escapeHtml(certificateStatus(k))}</span>` +
      (k.certificate ? ` (${escapeHtml(k.certificate.file)}, vault ${escapeHtml(k.certificate.vault)}, scheduled ${escapeHtml(k.certificate.scheduledAt)})` : '') +
      '</p>' +
      table(
        `key-events-${i}`,
        [{ col: 'time', label: 'Time' }, { col: 'event', label: 'Event' }, { col: 'principal', label: 'Principal' }, { col: 'deletionDate', label: 'Deletion date' }, { col: 'window', label: 'Window (days)', numeric: true }],
        events,
        maxRows,
      )
    );
  });
  return (
    `<section id="keys"><h2>Key lifecycle (${formatCount(report.keys.length)})</h2>` +
    '<p class="note">KMS keys with lifecycle events in the range, matched against the destruction certificates. A key scheduled for deletion or deleted with no certificate is flagged.</p>' +
    table(
      'keys',
      [
        { col: 'key', label: 'Key' },
        { col: 'state', label: 'State' },
        { col: 'events', label: 'Events', numeric: true },
        { col: 'certificate', label: 'Certificate' },
        { col: 'file', label: 'Certificate file' },
        { col: 'scheduledAt', label: 'Scheduled (certificate)' },
      ],
      rows,
      maxRows,
    ) +
    perKey.join('') +
    '</section>'
  );
}

function changeSection(report: TrailReport, maxRows: number): string {
  const rows: Row[] = report.protectionChanges.map((c, i) => ({
    key: String(i),
    flagged: c.bypassGovernance,
    cells: [
      text('time', c.time),
      text('event', c.event),
      text('bypass', c.bypassGovernance ? 'BYPASS' : '-'),
      text('principal', c.principal, 'key'),
      text('object', objectPath(c.bucket, c.key), 'key'),
      text('version', c.versionId ?? '-'),
    ],
  }));
  return (
    `<section id="changes"><h2>Protection changes (${formatCount(rows.length)})</h2>` +
    '<p class="note">Bucket policy, Object Lock, retention and legal hold changes, and every request that bypassed governance retention.</p>' +
    table(
      'changes',
      [{ col: 'time', label: 'Time' }, { col: 'event', label: 'Event' }, { col: 'bypass', label: 'Governance' }, { col: 'principal', label: 'Principal' }, { col: 'object', label: 'Bucket / object' }, { col: 'version', label: 'Version' }],
      rows,
      maxRows,
    ) +
    '</section>'
  );
}

function deniedSection(report: TrailReport, maxRows: number): string {
  const rows: Row[] = report.denied.map((d, i) => ({
    key: String(i),
    cells: [
      text('time', d.time),
      text('principal', d.principal, 'key'),
      text('event', `${d.eventSource.replace('.amazonaws.com', '')}:${d.event}`),
      text('error', d.errorCode),
      text('target', d.target ?? '-', 'key'),
      text('bypass', d.bypassGovernance ? 'BYPASS' : '-'),
    ],
  }));
  return (
    `<section id="denied"><h2>Denied requests (${formatCount(rows.length)})</h2>` +
    table(
      'denied',
      [{ col: 'time', label: 'Time' }, { col: 'principal', label: 'Principal' }, { col: 'event', label: 'Event' }, { col: 'error', label: 'Error' }, { col: 'target', label: 'Target' }, { col: 'bypass', label: 'Governance' }],
      rows,
      maxRows,
    ) +
    '</section>'
  );
}

/** The report as one HTML document. */
export function renderTrailHtml(report: TrailReport, options: TrailHtmlOptions = {}): string {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const range = `${report.range.from ?? 'start'} .. ${report.range.to ?? 'now'}`;
  return htmlPage({
    title: `ShredLock audit trail: ${report.source}`,
    heading: 'ShredLock audit trail',
    meta: [
      `<p class="meta">CloudTrail logs in <span data-field="source">${escapeHtml(report.source)}</span> · range <span data-field="range">${escapeHtml(range)}</span></p>`,
      `<p class="meta">Result: <strong data-field="result">${report.flags.length ? `${formatCount(report.flags.length)} FLAGGED` : 'nothing flagged'}</strong></p>`,
    ],
    sections: [
      summary(report),
      '<p class="note">This file holds principals, key ARNs and object keys from CloudTrail logs: handle it as restricted, like the trail bucket.</p>',
      flagSection(report, maxRows),
      readSection(report, maxRows),
      keySection(report, maxRows),
      changeSection(report, maxRows),
      deniedSection(report, maxRows),
    ],
  });
}
