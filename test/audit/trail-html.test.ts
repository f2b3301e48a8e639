/**
 * The HTML audit trail page as text: escaped values, the sections in order (flags first), and
 * figures equal to the report's. test/reports/html-trail.test.ts opens it in Chromium.
 */
import { describe, expect, it } from 'vitest';
import { FLAG_KINDS, type KeyLifecycle } from '../../lambdas/audit/trail-report.js';
import { escapeHtml } from '../../lambdas/format.js';
import { certificateStatus, principalLabel, renderTrailHtml } from '../../bin/render/audit-trail-html.js';
import { TRAIL_FORMATS, renderTrailReport } from '../../bin/render/audit-trail.js';
import { AWKWARD, emptyTrailReport, sampleTrailReport } from './trail-report-fixture.js';

/** `data-value` of the element carrying `attribute="name"`. */
function dataValue(html: string, attribute: string, name: string): string | undefined {
  const escaped = escapeHtml(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${attribute}="${escaped}"[^>]*data-value="([^"]*)"`).exec(html)?.[1];
}

/** `data-rows` of a table (or of its `None.` paragraph). */
function rowCount(html: string, id: string): number {
  return Number(new RegExp(`data-table="${id}" data-rows="(\\d+)"`).exec(html)?.[1]);
}

describe('renderTrailHtml', () => {
  const report = sampleTrailReport();
  const html = renderTrailHtml(report);

  it('is one self-contained document: CSP forbids fetches, no script, no link, no URL but the SVG namespace', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain(`<title>ShredLock audit trail: ${escapeHtml(report.source)}</title>`);
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(html.match(/https?:\/\/[^"\s]*/g)?.filter((u) => u !== 'http://www.w3.org/2000/svg') ?? []).toEqual([]);
  });

  it('escapes every value that comes from the logs, and keeps it', () => {
    for (const value of Object.values(AWKWARD)) {
      expect(html).toContain(escapeHtml(value));
    }
    expect(html).not.toContain('<b>Eve</b>');
    expect(html).not.toContain('<img src=x>');
    expect(html).not.toContain('<prefix>');
    expect(html).not.toContain('<a>.json');
    expect(html).toContain(AWKWARD.chinese); // nothing in it to escape
  });

  it('puts the highlighted flags first, then reads, keys, protection changes and denied requests', () => {
    const order = ['summary', 'flags', 'reads', 'keys', 'changes', 'denied'].map((id) => html.indexOf(`<section id="${id}"`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('<section id="flags" class="alert-box" data-flags="5">');
    expect(html).toContain('<strong data-field="result">5 FLAGGED</strong>');
    for (const kind of FLAG_KINDS) expect(rowCount(html, `flags-${kind}`)).toBe(report.summary.byKind[kind]);
  });

  it('shows the summary figures of the report', () => {
    expect(dataValue(html, 'data-metric', 'records')).toBe('1234');
    expect(dataValue(html, 'data-metric', 'files')).toBe('7');
    expect(dataValue(html, 'data-metric', 'flagged')).toBe(String(report.summary.flagged));
    for (const kind of FLAG_KINDS) expect(dataValue(html, 'data-metric', kind)).toBe(String(report.summary.byKind[kind]));
    expect(dataValue(html, 'data-metric', 'confidentialReads')).toBe('6');
    expect(html).toContain('<span data-field="otherReads">5</span>');
  });

  it('draws one bar per principal and lists the same counts', () => {
    for (const p of report.confidentialReads.principals) {
      expect(dataValue(html, 'data-key', p.principal)).toBe(String(p.reads.length));
    }
    expect(html.match(/<rect class="bar"/g)).toHaveLength(3);
    expect(html.match(/<rect class="bar" data-key="[^"]*" data-value="\d+" [^>]*fill="#c62828"/g)).toHaveLength(2); // the flagged readers
    expect(rowCount(html, 'principals')).toBe(3);
    expect(rowCount(html, 'reads')).toBe(6);
  });

  it('lists each key with its certificate status, and every change and denied request', () => {
    expect(rowCount(html, 'keys')).toBe(2);
    expect(rowCount(html, 'key-events-0')).toBe(2);
    expect(rowCount(html, 'key-events-1')).toBe(1);
    expect(html).toMatch(/<tr data-row="[^"]*2234abcd[^"]*" class="flagged">.*?<td data-col="certificate">MISSING<\/td>/);
    expect(html).toMatch(/<td data-col="certificate">present<\/td><td data-col="file" class="key">certificates\/2025-02\/&lt;a&gt;\.json<\/td>/);
    expect(rowCount(html, 'changes')).toBe(2);
    expect(html).toMatch(/<tr data-row="1" class="flagged"><td data-col="time">2025-03-01T01:13:00Z<\/td><td data-col="event">PutObjectRetention<\/td><td data-col="bypass">BYPASS<\/td>/);
    expect(rowCount(html, 'denied')).toBe(1);
    expect(html).toContain('<td data-col="event">s3:PutObjectLockConfiguration</td><td data-col="error">AccessDenied</td>');
  });

  it('renders an empty report as nothing flagged, every table empty', () => {
    const empty = renderTrailHtml(emptyTrailReport());
    expect(empty).toContain('<section id="flags" class="ok-box" data-flags="0"><h2>Nothing flagged</h2>');
    for (const id of ['principals', 'reads', 'keys', 'changes', 'denied']) expect(rowCount(empty, id)).toBe(0);
    expect(empty).toContain('<text class="empty" x="8" y="24">no data</text>');
  });

  it('caps long tables and says where the rest is', () => {
    const capped = renderTrailHtml(report, { maxRows: 2 });
    expect(rowCount(capped, 'reads')).toBe(6);
    expect(capped.match(/<tr data-row="[^"]*\|\d+"/g)).toHaveLength(2);
    expect(capped).toContain('4 more rows: see the CSV or JSON report.');
  });

  it('is the html format of renderTrailReport', () => {
    expect(TRAIL_FORMATS).toContain('html');
    expect(renderTrailReport(report, 'html')).toBe(html);
  });

  it.each<[string, Pick<KeyLifecycle, 'certificate' | 'flagged'>, string]>([
    ['with a certificate', { certificate: { file: 'c.json', vault: 'v', scheduledAt: 't' }, flagged: false }, 'present'],
    ['flagged without one', { flagged: true }, 'MISSING'],
    ['never scheduled', { flagged: false }, '-'],
  ])('certificate status of a key %s', (_, key, status) => {
    expect(certificateStatus({ key: 'k', events: [], state: 'enabled', ...key })).toBe(status);
  });

  it.each([
    ['arn:aws:iam::111122223333:user/Alice', 'user/Alice'],
    ['arn:aws:sts::111122223333:assumed-role/shredlock-scanner/scan-session', 'assumed-role/shredlock-scanner/scan-session'],
    ['service:AWS Internal', 'service:AWS Internal'],
  ])('labels the bar of %s as %s', (principal, label) => {
    expect(principalLabel(principal)).toBe(label);
  });
});
