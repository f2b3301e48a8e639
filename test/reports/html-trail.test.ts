/**
 * The HTML audit trail page in headless Chromium (test/support/chromium.ts: the system's, or the npm-packaged one): it
 * renders, fetches nothing, raises no console error, shows values from logs as text (never as
 * markup), and the flag count and per-principal figures it shows equal the report's.
 * A screenshot goes to test/.out/reports/ for a person to look at.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTrailHtml } from '../../bin/render/audit-trail-html.js';
import { FLAG_KINDS, type TrailReport } from '../../lambdas/audit/trail-report.js';
import { formatCount } from '../../lambdas/format.js';
import { AWKWARD, emptyTrailReport, sampleTrailReport } from '../audit/trail-report-fixture.js';
import { launchChromium, openHtmlFile, type PageRun } from '../support/chromium.js';
import { REPO_ROOT } from '../support/paths.js';

const OUT = join(REPO_ROOT, 'test', '.out', 'reports');

let browser: Browser;

async function open(name: string, report: TrailReport): Promise<PageRun> {
  return openHtmlFile(browser, join(OUT, `${name}.html`), renderTrailHtml(report));
}

/** Text of each cell in one column of a table. */
function column(page: Page, table: string, col: string): Promise<(string | null)[]> {
  return page.$$eval(`table[data-table="${table}"] td[data-col="${col}"]`, (els) => els.map((e) => e.textContent));
}

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  browser = await launchChromium();
}, 60_000);
afterAll(() => browser?.close());

describe('HTML audit trail in headless Chromium', () => {
  const report = sampleTrailReport();
  let view: PageRun;

  beforeAll(async () => {
    view = await open('audit-trail', report);
  });

  it('renders from one file: no request but the document, no failed request, no console error', async () => {
    expect(view.requests).toEqual([view.url]);
    expect(view.problems).toEqual([]);
    expect(await view.page.title()).toBe(`ShredLock audit trail: ${report.source}`);
    expect(await view.page.$$eval('script, link, img, iframe, object, embed, b', (els) => els.length)).toBe(0);
  });

  it('shows the flags first, highlighted, with the count of the report', async () => {
    const first = await view.page.$eval('section[id]:not(#summary)', (e) => e.id);
    expect(first).toBe('flags');
    expect(await view.page.$eval('#flags', (e) => e.ownerDocument.defaultView?.getComputedStyle(e).backgroundColor)).toBe('rgb(253, 236, 234)');
    expect(await view.page.$eval('#flags h2', (e) => e.textContent)).toBe(`Flagged (${report.flags.length})`);
    expect(await view.page.$eval('[data-metric="flagged"]', (e) => e.textContent)).toBe(formatCount(report.summary.flagged));
    for (const kind of FLAG_KINDS) {
      expect(await view.page.$eval(`[data-metric="${kind}"]`, (e) => e.textContent)).toBe(String(report.summary.byKind[kind]));
      expect(await view.page.$$eval(`table[data-table="flags-${kind}"] tbody tr`, (els) => els.length)).toBe(report.summary.byKind[kind]);
    }
    expect(await view.page.$eval('[data-metric="records"]', (e) => e.textContent)).toBe('1,234');
  });

  it('shows each principal with its number of confidential reads, in the chart and the table', async () => {
    const principals = report.confidentialReads.principals;
    const bars = await view.page.$$eval('svg[data-chart="reads"] rect.bar', (els) =>
      els.map((e) => [e.getAttribute('data-key'), Number(e.getAttribute('data-value')), e.getBoundingClientRect().width]),
    );
    expect(bars.map(([key, value]) => [key, value])).toEqual(principals.map((p) => [p.principal, p.reads.length]));
    // The widest bar is the principal with the most reads.
    const widths = bars.map((b) => b[2] as number);
    expect(widths.indexOf(Math.max(...widths))).toBe(2);
    expect(await column(view.page, 'principals', 'principal')).toEqual(principals.map((p) => p.principal));
    expect(await column(view.page, 'principals', 'reads')).toEqual(principals.map((p) => String(p.reads.length)));
    expect(await column(view.page, 'principals', 'expected')).toEqual(['NO', 'NO', 'yes']);
    expect(await view.page.$$eval('table[data-table="principals"] tr.flagged', (els) => els.length)).toBe(2);
  });

  it('shows object keys, ARNs and log names as the logs have them, as text', async () => {
    const objects = await column(view.page, 'reads', 'object');
    expect(objects).toContain(`${report.confidentialReads.principals[0].reads[0].bucket}/${AWKWARD.key}`);
    expect(objects).toContain(`${report.confidentialReads.principals[0].reads[1].bucket}/${AWKWARD.chinese}`);
    expect(await column(view.page, 'flags-UNREADABLE_LOG', 'subject')).toEqual([AWKWARD.logKey]);
    expect(await column(view.page, 'keys', 'certificate')).toEqual(['present', 'MISSING']);
    expect(await column(view.page, 'changes', 'bypass')).toEqual(['-', 'BYPASS']);
    expect(await column(view.page, 'denied', 'error')).toEqual(['AccessDenied']);
  });

  it('is screenshotted for a person to look at', async () => {
    const path = join(OUT, 'audit-trail.png');
    await view.page.screenshot({ path, fullPage: true });
    expect(path).toMatch(/audit-trail\.png$/);
  });

  it('renders an empty report without errors, nothing flagged', async () => {
    const empty = await open('audit-trail-empty', emptyTrailReport());
    expect(empty.problems).toEqual([]);
    expect(await empty.page.$eval('#flags h2', (e) => e.textContent)).toBe('Nothing flagged');
    expect(await empty.page.$$eval('svg[data-chart="reads"] text.empty', (els) => els.length)).toBe(1);
    await empty.page.close();
  });
});
