/**
 * The HTML tag report in headless Chromium (test/support/chromium.ts: the system's, or the npm-packaged one): it renders,
 * fetches nothing, raises no console error, and every figure it shows equals the report's.
 * A screenshot goes to test/.out/reports/ for a person to look at.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTagReport, formatGroupId, type TagReport } from '../../lambdas/reports/aggregate.js';
import { formatCount } from '../../lambdas/format.js';
import { renderTagReportHtml, shownLevels } from '../../lambdas/reports/html.js';
import { launchChromium, openHtmlFile, type PageRun } from '../support/chromium.js';
import { REPO_ROOT } from '../support/paths.js';
import { AWKWARD_KEYS, observed, run, sampleInput } from './fixtures.js';

const OUT = join(REPO_ROOT, 'test', '.out', 'reports');

let browser: Browser;

async function open(name: string, report: TagReport, options?: { maxRows?: number }): Promise<PageRun> {
  return openHtmlFile(browser, join(OUT, `${name}.html`), renderTagReportHtml(report, options));
}

/** `data-value` of every matching element, as numbers. */
function values(page: Page, selector: string): Promise<number[]> {
  return page.$$eval(selector, (els) => els.map((e) => Number(e.getAttribute('data-value'))));
}

/** `data-key` of every matching element. */
function keys(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) => els.map((e) => e.getAttribute('data-key') ?? ''));
}

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  browser = await launchChromium();
}, 60_000);
afterAll(() => browser?.close());

describe('HTML tag report in headless Chromium', () => {
  const report = buildTagReport(sampleInput(), { now: new Date('2026-11-28T00:00:00Z') });
  let view: PageRun;

  beforeAll(async () => {
    view = await open('tag-report', report);
  });

  it('renders from one file: no request but the document, no failed request, no console error', async () => {
    expect(view.requests).toEqual([view.url]);
    expect(view.problems).toEqual([]);
    expect(await view.page.title()).toBe('ShredLock tag report: vault-a');
    expect(await view.page.$$eval('script, link, img, iframe, object, embed', (els) => els.length)).toBe(0);
  });

  it('shows the summary figures of the report', async () => {
    const figures = await view.page.$$eval('[data-metric]', (els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-metric'), { text: e.textContent, value: e.getAttribute('data-value') }])),
    );
    const t = report.totals;
    expect(figures.objects).toEqual({ text: formatCount(t.objects), value: String(t.objects) });
    expect(figures.bytes.value).toBe(String(t.bytes));
    expect(figures.findings).toEqual({ text: formatCount(t.findings as number), value: String(t.findings) });
    expect(figures.confidential.value).toBe(String(t.byLevel.confidential.objects));
    expect(figures.failed.value).toBe(String(report.failed.length));
    expect(figures.unscanned.value).toBe(String(report.unscanned.length));
  });

  it('draws one bar per level and per type, each as long as its figure says', async () => {
    const levels = shownLevels(report);
    expect(await keys(view.page, 'svg[data-chart="levels"] rect.bar')).toEqual(levels);
    expect(await values(view.page, 'svg[data-chart="levels"] rect.bar')).toEqual(levels.map((l) => report.totals.byLevel[l].objects));
    expect(await keys(view.page, 'svg[data-chart="types"] rect.bar')).toEqual(report.byType.map((x) => x.type));
    expect(await values(view.page, 'svg[data-chart="types"] rect.bar')).toEqual(report.byType.map((x) => x.findings));
    // Bar lengths are proportional: the widest bar is the largest figure.
    const widths = await view.page.$$eval('svg[data-chart="types"] rect.bar', (els) => els.map((e) => e.getBoundingClientRect().width));
    const largest = report.byType.reduce((i, x, j, all) => ((x.findings ?? 0) > (all[i].findings ?? 0) ? j : i), 0);
    expect(widths.indexOf(Math.max(...widths))).toBe(largest);
    expect(await view.page.$$eval('svg.chart', (els) => els.every((e) => e.getBoundingClientRect().height > 20))).toBe(true);
  });

  it('draws the prefixes and a stacked column per scan date', async () => {
    expect(await values(view.page, 'svg[data-chart="prefixes"] rect.bar')).toEqual(
      [...report.byPrefix].sort((a, b) => b.objects - a.objects).map((p) => p.objects),
    );
    expect(await keys(view.page, 'svg[data-chart="trend"] g.column')).toEqual(report.trend.map((d) => d.date));
    expect(await values(view.page, 'svg[data-chart="trend"] g.column')).toEqual(report.trend.map((d) => d.objects));
    const segments = await view.page.$$eval('svg[data-chart="trend"] g.column', (cols) =>
      cols.map((c) => [...c.querySelectorAll('rect.segment')].reduce((n, r) => n + Number(r.getAttribute('data-value')), 0)),
    );
    expect(segments).toEqual(report.trend.map((d) => d.objects));
  });

  it('draws a bar and lists a row per format group, with the report\'s objects and bytes', async () => {
    const ids = report.byFormat.map(formatGroupId);
    expect(ids).toEqual(['text', 'csv', 'xlsx', 'zip (strings)', 'unknown']);
    expect(await keys(view.page, 'svg[data-chart="formats"] rect.bar')).toEqual(ids);
    expect(await values(view.page, 'svg[data-chart="formats"] rect.bar')).toEqual(report.byFormat.map((f) => f.objects));
    expect(await values(view.page, 'table[data-table="formats"] td[data-col="objects"]')).toEqual(report.byFormat.map((f) => f.objects));
    expect(await values(view.page, 'table[data-table="formats"] td[data-col="bytes"]')).toEqual(report.byFormat.map((f) => f.bytes));
    expect(await view.page.$$eval('table[data-table="formats"] tr[data-row]', (els) => els.map((e) => e.getAttribute('data-row')))).toEqual(ids);
    expect(await view.page.$$eval('table[data-table="formats"] td[data-col="format"]', (els) => els.map((e) => e.textContent))).toEqual([
      'text', 'csv', 'xlsx', 'zip (strings pass)', 'unknown',
    ]);
    // The groups add up to the summary's figure: each version counted once.
    const shown = (await values(view.page, 'svg[data-chart="formats"] rect.bar')).reduce((n, v) => n + v, 0);
    expect(shown).toBe(Number(await view.page.$eval('[data-metric="objects"]', (e) => e.getAttribute('data-value'))));
  });

  it('lists the same figures in its tables', async () => {
    const cell = (tableId: string, row: string, col: string) =>
      view.page.$eval(`table[data-table="${tableId}"] tr[data-row="${row}"] td[data-col="${col}"]`, (e) => e.getAttribute('data-value'));
    for (const l of shownLevels(report)) expect(await cell('levels', l, 'objects')).toBe(String(report.totals.byLevel[l].objects));
    for (const x of report.byType) expect(await cell('types', x.type, 'findings')).toBe(String(x.findings));
    for (const p of report.byPrefix) expect(await cell('prefixes', `${p.vault}|${p.prefix}`, 'bytes')).toBe(String(p.bytes));
    for (const d of report.trend) expect(await cell('trend', d.date, 'objects')).toBe(String(d.objects));
  });

  it('shows object keys only in the failed and unscanned lists, escaped and intact', async () => {
    const failedKeys = await view.page.$$eval('table[data-table="failed"] td[data-col="key"]', (els) => els.map((e) => e.textContent));
    expect(failedKeys).toEqual([AWKWARD_KEYS.markup]);
    expect(await view.page.$$eval('table[data-table="unscanned"] td[data-col="key"]', (els) => els.map((e) => e.textContent))).toEqual([
      'hr/2025/old.pdf',
    ]);
    const html = await view.page.content();
    expect(html.split(AWKWARD_KEYS.chinese)).toHaveLength(1); // a confidential object that read fine is not named
    expect(html).not.toContain('customers.csv');
  });

  it('is screenshotted for a person to look at', async () => {
    const path = join(OUT, 'tag-report.png');
    await view.page.screenshot({ path, fullPage: true });
    expect(path).toMatch(/tag-report\.png$/);
  });

  it('caps long tables and says where the rest is', async () => {
    const many = buildTagReport(
      { kind: 'local', location: 'x', runs: [run('r', '2026-11-01', Array.from({ length: 30 }, (_, i) => observed({ key: `d${i}/f.txt`, level: 'failed', error: 'READ_FAILED' })))] },
      { now: new Date('2026-11-28T00:00:00Z') },
    );
    const capped = await open('tag-report-capped', many, { maxRows: 10 });
    expect(capped.problems).toEqual([]);
    expect(await capped.page.$$eval('table[data-table="failed"] tbody tr', (els) => els.length)).toBe(10);
    expect(await capped.page.$eval('table[data-table="failed"]', (e) => e.getAttribute('data-rows'))).toBe('30');
    expect(await capped.page.$eval('#failed .more', (e) => e.textContent)).toContain('20 more rows');
    expect(await capped.page.$$eval('svg[data-chart="prefixes"] rect.bar', (els) => els.length)).toBe(20);
    await capped.page.close();
  });

  it('renders an empty report without errors', async () => {
    const empty = await open('tag-report-empty', buildTagReport({ kind: 'vault-tags', location: 's3://v/', runs: [] }, { now: new Date(0) }));
    expect(empty.problems).toEqual([]);
    expect(await empty.page.$$eval('svg[data-chart="levels"] rect.bar', (els) => els.length)).toBe(5);
    expect(await empty.page.$$eval('svg[data-chart="types"] text.empty', (els) => els.length)).toBe(1);
    await empty.page.close();
  });
});
