/**
 * The HTML pages in both languages, in headless Chromium (test/support/chromium.ts): the tag
 * report, the audit trail and the evidence pack's index.html render in zh-CN and en with no
 * request and no console error, say their language, show Chinese names for levels, identifier
 * types, deregistration steps and PIPL articles, and the same figures in either language.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTrailHtml } from '../../bin/render/audit-trail-html.js';
import { renderPackIndexHtml } from '../../lambdas/audit/evidence/index-html.js';
import { PACK_TYPE, PACK_VERSION, indexFile, partSummary, type PackIndex } from '../../lambdas/audit/evidence/pack-index.js';
import { PART_IDS } from '../../lambdas/audit/evidence/parts.js';
import { buildTagReport, formatGroupId } from '../../lambdas/reports/aggregate.js';
import { renderTagReportHtml } from '../../lambdas/reports/html.js';
import type { Lang } from '../../lambdas/reports/messages/index.js';
import { sampleTrailReport } from '../audit/trail-report-fixture.js';
import { launchChromium, openHtmlFile, type PageRun } from '../support/chromium.js';
import { REPO_ROOT } from '../support/paths.js';
import { sampleInput } from './fixtures.js';

const OUT = join(REPO_ROOT, 'test', '.out', 'reports');
let browser: Browser;

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  browser = await launchChromium();
}, 60_000);
afterAll(() => browser?.close());

async function open(name: string, html: string): Promise<PageRun> {
  const view = await openHtmlFile(browser, join(OUT, `${name}.html`), html);
  expect(view.requests).toEqual([view.url]);
  expect(view.problems).toEqual([]);
  return view;
}

const texts = (view: PageRun, selector: string): Promise<string[]> => view.page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));
const values = (view: PageRun, selector: string): Promise<string[]> => view.page.$$eval(selector, (els) => els.map((e) => e.getAttribute('data-value') ?? ''));

/** A small index of one file per part, as export builds it. */
function packIndex(lang: Lang): PackIndex {
  const files = ['certificates/2025-12/k.json', 'tags/tag-report.csv', 'trail/verification.json', 'index.html'].map((path) => indexFile({ path, bytes: Buffer.from(path) }, lang));
  return {
    type: PACK_TYPE,
    version: PACK_VERSION,
    vault: 'acme',
    createdAt: '2026-01-01T00:00:00.000Z',
    lang,
    range: { from: '2025-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
    sources: { recordsBucket: 'acme-records' },
    parts: partSummary(files, { inventory: 'no inventory bucket given (--inventory-bucket)' }),
    files,
  };
}

describe('tag report in zh-CN and en', () => {
  const report = buildTagReport(sampleInput(), { now: new Date('2026-11-28T00:00:00Z') });

  it('is in Chinese with lang zh-CN: headings, level and identifier type names', async () => {
    const view = await open('tag-report.zh-CN', renderTagReportHtml(report, { lang: 'zh-CN' }));
    expect(await view.page.$eval('html', (e) => e.getAttribute('lang'))).toBe('zh-CN');
    expect(await view.page.$eval('h1', (e) => e.textContent)).toBe('ShredLock 标签报告');
    expect(await view.page.$eval('#levels h2', (e) => e.textContent)).toBe('按敏感级别');
    expect(await texts(view, 'table[data-table="levels"] td[data-col="level"]')).toEqual(expect.arrayContaining(['公开', '敏感', '机密']));
    expect(await texts(view, 'table[data-table="types"] td[data-col="type"]')).toContain('居民身份证号');
  });

  it.each([
    ['zh-CN', '按文件格式', ['text', 'csv', 'xlsx', 'zip（字符串提取）', '未知']],
    ['en', 'By format', ['text', 'csv', 'xlsx', 'zip (strings pass)', 'unknown']],
  ] as const)('shows the report\'s figures per format, reader names as they are (%s)', async (lang, title, labels) => {
    const view = await open(`tag-report.${lang}.formats`, renderTagReportHtml(report, { lang }));
    expect(await view.page.$eval('#formats h2', (e) => e.textContent)).toBe(title);
    expect(await texts(view, 'table[data-table="formats"] td[data-col="format"]')).toEqual([...labels]);
    const rows = await view.page.$$eval('table[data-table="formats"] tr[data-row]', (els) => els.map((e) => e.getAttribute('data-row')));
    expect(rows).toEqual(report.byFormat.map(formatGroupId));
    expect(await values(view, 'table[data-table="formats"] td[data-col="objects"]')).toEqual(report.byFormat.map((f) => String(f.objects)));
    expect(await values(view, 'table[data-table="formats"] td[data-col="bytes"]')).toEqual(report.byFormat.map((f) => String(f.bytes)));
    expect(await values(view, 'svg[data-chart="formats"] rect.bar')).toEqual(report.byFormat.map((f) => String(f.objects)));
  });

  it('shows the same figures in either language', async () => {
    const zh = await open('tag-report.zh-CN.figures', renderTagReportHtml(report, { lang: 'zh-CN' }));
    const en = await open('tag-report.en.figures', renderTagReportHtml(report, { lang: 'en' }));
    expect(await en.page.$eval('html', (e) => e.getAttribute('lang'))).toBe('en');
    for (const selector of ['[data-metric]', 'td[data-value]', '[data-chart] [data-value]']) {
      expect(await values(zh, selector)).toEqual(await values(en, selector));
    }
  });
});

describe('audit trail page in zh-CN', () => {
  it('is in Chinese, with the flags and their count first', async () => {
    const report = sampleTrailReport();
    const view = await open('audit-trail.zh-CN', renderTrailHtml(report, { lang: 'zh-CN' }));
    expect(await view.page.$eval('html', (e) => e.getAttribute('lang'))).toBe('zh-CN');
    expect(await view.page.$eval('h1', (e) => e.textContent)).toBe('ShredLock 审计跟踪报告');
    expect(await view.page.$eval('#flags h2', (e) => e.textContent)).toBe(`标记项（${report.flags.length}）`);
  });
});

describe("evidence pack's index.html in zh-CN and en", () => {
  it.each([
    ['zh-CN', '个人信息分类', '第五十一条第（二）项', '第四十七条', '未包含'],
    ['en', 'Classification of personal data', 'Article 51(2)', 'Article 47', 'not included'],
  ] as const)('maps every part to its step and PIPL articles (%s)', async (lang, classification, article512, article47, absent) => {
    const index = packIndex(lang);
    const view = await open(`pack-index.${lang}`, renderPackIndexHtml(index, lang));
    expect(await view.page.$eval('html', (e) => e.getAttribute('lang'))).toBe(lang);
    expect(await view.page.$$eval('tr[data-part]', (els) => els.map((e) => e.getAttribute('data-part')))).toEqual([...PART_IDS]);
    const row = (part: string) => view.page.$eval(`tr[data-part="${part}"]`, (e) => [...e.querySelectorAll('td')].map((td) => td.textContent ?? ''));
    expect((await row('tags'))[0]).toBe(classification);
    expect((await row('tags'))[1]).toContain(article512);
    expect((await row('certificates'))[1]).toContain(article47);
    expect((await row('inventory'))[3]).toContain(absent);
    expect(await view.page.$$eval('tr[data-path]', (els) => els.map((e) => e.getAttribute('data-path')))).toEqual(index.files.map((f) => f.path));
    expect(await texts(view, 'tr[data-path] td:last-child')).toEqual(index.files.map((f) => f.sha256));
  });
});
