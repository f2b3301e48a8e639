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
import { FLAG_KINDS, type FlagKind, type KeyLifecycle, type PrincipalReads, type TrailReport } from '../../lambdas/audit/index.js';
import {
  type Bar,
  barChart,
  card,
  DEFAULT_MAX_ROWS,
  escapeHtml,
  formatCount,
  htmlPage,
  type Lang,
  num,
  type Row,
  table,
  term,
  text,
  tr,
} from '../../lambdas/reports/index.js';

/** Options of renderTrailHtml. */
export interface TrailHtmlOptions {
  /** Rows per table. @default DEFAULT_MAX_ROWS */
  readonly maxRows?: number;
  /** Language of the page. @default 'en' */
  readonly lang?: Lang;
}

/** Section titles of the flag kinds, in FLAG_KINDS order. */
export const FLAG_TITLES: Readonly<Record<FlagKind, string>> = {
  UNEXPECTED_READER: 'Unexpected readers',
  DELETION_WITHOUT_CERTIFICATE: 'Key deletions without certificate',
  GOVERNANCE_BYPASS: 'Governance bypasses',
  UNREADABLE_LOG: 'Unreadable logs',
  CLOCK_OVERRIDDEN: 'Certificates on an overridden clock',
};

const READS_NOTE = 'GetObject reads of objects the scan report lists as confidential or failed (every read when no scan report was given).';
const KEYS_NOTE =
  'KMS keys with lifecycle events in the range, matched against the destruction certificates. A key scheduled for deletion or deleted with no certificate is flagged.';
const CHANGES_NOTE = 'Bucket policy, Object Lock, retention and legal hold changes, and every request that bypassed governance retention.';
const RESTRICTED_NOTE = 'This file holds principals, key ARNs and object keys from CloudTrail logs: handle it as restricted, like the trail bucket.';

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

function summary(report: TrailReport, lang: Lang): string {
  const reads = report.confidentialReads.principals.reduce((n, p) => n + p.reads.length, 0);
  return (
    '<section id="summary" class="cards">' +
    card('records', tr(lang, 'Records read'), formatCount(report.files.records), report.files.records) +
    card('files', tr(lang, 'Log files'), formatCount(report.files.read), report.files.read) +
    card('flagged', tr(lang, 'Flags'), formatCount(report.summary.flagged), report.summary.flagged, report.summary.flagged > 0) +
    FLAG_KINDS.map((k) => card(k, tr(lang, FLAG_TITLES[k]), formatCount(report.summary.byKind[k]), report.summary.byKind[k], report.summary.byKind[k] > 0)).join('') +
    card('confidentialReads', tr(lang, 'Confidential reads'), formatCount(reads), reads) +
    card('keys', tr(lang, 'Keys'), formatCount(report.keys.length), report.keys.length) +
    card('protectionChanges', tr(lang, 'Protection changes'), formatCount(report.protectionChanges.length), report.protectionChanges.length) +
    card('denied', tr(lang, 'Denied requests'), formatCount(report.denied.length), report.denied.length, report.denied.length > 0) +
    '</section>'
  );
}

function flagSection(report: TrailReport, maxRows: number, lang: Lang): string {
  const n = report.flags.length;
  const parts = FLAG_KINDS.map((kind) => {
    const rows: Row[] = report.flags
      .filter((f) => f.kind === kind)
      .map((f, i) => ({ key: String(i), flagged: true, cells: [text('subject', f.subject, 'key'), text('time', f.time ?? '-'), text('detail', f.detail)] }));
    return (
      `<h3 id="flags-${kind}">${escapeHtml(tr(lang, FLAG_TITLES[kind]))} (${formatCount(rows.length)})</h3>` +
      table(`flags-${kind}`, [{ col: 'subject', label: tr(lang, 'Subject') }, { col: 'time', label: tr(lang, 'Time') }, { col: 'detail', label: tr(lang, 'Detail') }], rows, maxRows)
    );
  });
  return (
    `<section id="flags" class="${n > 0 ? 'alert-box' : 'ok-box'}" data-flags="${n}">` +
    `<h2>${escapeHtml(n > 0 ? tr(lang, 'Flagged ({n})', { n: formatCount(n) }) : tr(lang, 'Nothing flagged'))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, 'Each flag makes the audit fail (exit 1).'))}</p>` +
    parts.join('') +
    '</section>'
  );
}

function readSection(report: TrailReport, maxRows: number, lang: Lang): string {
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
      cells: [text('principal', p.principal, 'key'), text('time', r.time), text('level', term(lang, 'levels', r.sensitivity)), text('object', objectPath(r.bucket, r.key), 'key'), text('version', r.versionId ?? '-')],
    })),
  );
  return (
    `<section id="reads"><h2>${escapeHtml(tr(lang, 'Reads of confidential objects'))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, READS_NOTE))} ` +
    `${escapeHtml(tr(lang, 'Other reads (public, sensitive or not in the scan report):'))} <span data-field="otherReads">${formatCount(report.confidentialReads.otherReads)}</span>.</p>` +
    barChart('reads', tr(lang, 'Confidential reads per principal (red: flagged)'), bars, tr(lang, 'reads')) +
    table('principals', [{ col: 'principal', label: tr(lang, 'Principal') }, { col: 'issuer', label: tr(lang, 'Role') }, { col: 'expected', label: tr(lang, 'Expected') }, { col: 'reads', label: tr(lang, 'Reads'), numeric: true }], summaryRows, maxRows) +
    `<h3>${escapeHtml(tr(lang, 'Every read ({n})', { n: formatCount(readRows.length) }))}</h3>` +
    table('reads', [{ col: 'principal', label: tr(lang, 'Principal') }, { col: 'time', label: tr(lang, 'Time') }, { col: 'level', label: tr(lang, 'Level') }, { col: 'object', label: tr(lang, 'Object') }, { col: 'version', label: tr(lang, 'Version') }], readRows, maxRows) +
    '</section>'
  );
}

function keySection(report: TrailReport, maxRows: number, lang: Lang): string {
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
      `<p class="meta">${escapeHtml(tr(lang, 'State'))} ${escapeHtml(k.state)} · ${escapeHtml(tr(lang, 'certificate'))} <span data-field="certificate">${escapeHtml(certificateStatus(k))}</span>` +
      (k.certificate
        ? ` (${escapeHtml(k.certificate.file)}, ${escapeHtml(tr(lang, 'vault'))} ${escapeHtml(k.certificate.vault)}, ${escapeHtml(tr(lang, 'scheduled'))} ${escapeHtml(k.certificate.scheduledAt)})`
        : '') +
      '</p>' +
      table(
        `key-events-${i}`,
        [{ col: 'time', label: tr(lang, 'Time') }, { col: 'event', label: tr(lang, 'Event') }, { col: 'principal', label: tr(lang, 'Principal') }, { col: 'deletionDate', label: tr(lang, 'Deletion date') }, { col: 'window', label: tr(lang, 'Window (days)'), numeric: true }],
        events,
        maxRows,
      )
    );
  });
  return (
    `<section id="keys"><h2>${escapeHtml(tr(lang, 'Key lifecycle ({n})', { n: formatCount(report.keys.length) }))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, KEYS_NOTE))}</p>` +
    table(
      'keys',
      [
        { col: 'key', label: tr(lang, 'Key') },
        { col: 'state', label: tr(lang, 'State') },
        { col: 'events', label: tr(lang, 'Events'), numeric: true },
        { col: 'certificate', label: tr(lang, 'Certificate') },
        { col: 'file', label: tr(lang, 'Certificate file') },
        { col: 'scheduledAt', label: tr(lang, 'Scheduled (certificate)') },
      ],
      rows,
      maxRows,
    ) +
    perKey.join('') +
    '</section>'
  );
}

function changeSection(report: TrailReport, maxRows: number, lang: Lang): string {
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
    `<section id="changes"><h2>${escapeHtml(tr(lang, 'Protection changes ({n})', { n: formatCount(rows.length) }))}</h2>` +
    `<p class="note">${escapeHtml(tr(lang, CHANGES_NOTE))}</p>` +
    table(
      'changes',
      [{ col: 'time', label: tr(lang, 'Time') }, { col: 'event', label: tr(lang, 'Event') }, { col: 'bypass', label: tr(lang, 'Governance') }, { col: 'principal', label: tr(lang, 'Principal') }, { col: 'object', label: tr(lang, 'Bucket / object') }, { col: 'version', label: tr(lang, 'Version') }],
      rows,
      maxRows,
    ) +
    '</section>'
  );
}

function deniedSection(report: TrailReport, maxRows: number, lang: Lang): string {
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
    `<section id="denied"><h2>${escapeHtml(tr(lang, 'Denied requests ({n})', { n: formatCount(rows.length) }))}</h2>` +
    table(
      'denied',
      [{ col: 'time', label: tr(lang, 'Time') }, { col: 'principal', label: tr(lang, 'Principal') }, { col: 'event', label: tr(lang, 'Event') }, { col: 'error', label: tr(lang, 'Error') }, { col: 'target', label: tr(lang, 'Target') }, { col: 'bypass', label: tr(lang, 'Governance') }],
      rows,
      maxRows,
    ) +
    '</section>'
  );
}

/** The report as one HTML document. */
export function renderTrailHtml(report: TrailReport, options: TrailHtmlOptions = {}): string {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const lang = options.lang ?? 'en';
  const range = `${report.range.from ?? tr(lang, 'start')} .. ${report.range.to ?? tr(lang, 'now')}`;
  const heading = tr(lang, 'ShredLock audit trail');
  return htmlPage({
    lang,
    title: `${heading}: ${report.source}`,
    heading,
    meta: [
      `<p class="meta">${escapeHtml(tr(lang, 'CloudTrail logs in'))} <span data-field="source">${escapeHtml(report.source)}</span> · ${escapeHtml(tr(lang, 'range'))} <span data-field="range">${escapeHtml(range)}</span></p>`,
      `<p class="meta">${escapeHtml(tr(lang, 'Result'))}: <strong data-field="result">${escapeHtml(report.flags.length ? tr(lang, '{n} FLAGGED', { n: formatCount(report.flags.length) }) : tr(lang, 'nothing flagged'))}</strong></p>`,
    ],
    sections: [
      summary(report, lang),
      `<p class="note">${escapeHtml(tr(lang, RESTRICTED_NOTE))}</p>`,
      flagSection(report, maxRows, lang),
      readSection(report, maxRows, lang),
      keySection(report, maxRows, lang),
      changeSection(report, maxRows, lang),
      deniedSection(report, maxRows, lang),
    ],
  });
}
