// HTML with tables (html.ts): each cell under its column's header, as a spreadsheet's, and the
// rest as text. Many systems export a list as an HTML table named .xls: read as text, a column's
// values were too far from its header, and a list of WeChat ids or birth dates came out public.
import { describe, expect, it } from 'vitest';
import { MAX_HTML_DEPTH } from '../../../lambdas/engine/formats/html.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { csvText, greyPng } from '../../../synthetic/files.js';
import { residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { labelledList } from './backup-fixtures.js';
import { bufferSource, noise, readAll } from './read-parts.js';
import { tarBuffer } from './writers.js';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** A list as an HTML table, as a system's "Excel" export writes it: a styled head, then the table. */
function htmlTable(rows: readonly (readonly string[])[], before = ''): string {
  const style = `<style>${'.xl65{mso-number-format:"\\@";}\n'.repeat(40)}</style>`;
  const cells = rows.map((row, r) => `<tr>${row.map((cell) => (r === 0 ? `<th>${escapeHtml(cell)}</th>` : `<td class="xl65">${escapeHtml(cell)}</td>`)).join('')}</tr>`);
  return `<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8">${style}</head><body>${before}<table border="1">\n${cells.join('\n')}\n</table></body></html>\n`;
}

const cellsOf = (parts: Awaited<ReturnType<typeof readAll>>['parts']): Cell[] => parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));
const textOf = (parts: Awaited<ReturnType<typeof readAll>>['parts']): string => parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');

describe('html tables', () => {
  const rng = new Rng('html-tables');
  const rows = labelledList(rng);

  it.each(['导出.xls', 'list.html', 'export'])('a list exported as an HTML table (%s) gives what the same list gives as CSV', async (name) => {
    const csv = await scanSource(bufferSource('list.csv', csvText(rows)), 'list.csv');
    expect(Object.keys(csv.counts).sort()).toEqual(['cn_name', 'cn_passport', 'date_of_birth', 'qq', 'wechat_id']);
    const html = await scanSource(bufferSource(name, htmlTable(rows)), name);
    expect(html).toMatchObject({ format: 'html', sensitivity: 'confidential' });
    expect(html.counts).toEqual(csv.counts);
  });

  it.each([
    ['a letter changed (`<taNle`)', '<taNle border="1">'],
    ['bytes inserted into it', '<table\u0001\ufffdH<\ufffdr border="1">'],
    ['lost with the page head before it (a copy cut at its start)', ''],
  ])('a list whose `<table>` tag is damaged, %s: its rows still a table under their header row (read as text, public)', async (_, tag) => {
    const csv = await scanSource(bufferSource('list.csv', csvText(rows)), 'list.csv');
    const page = htmlTable(rows).replace('<table border="1">', tag);
    const html = await scanSource(bufferSource('list.html', tag === '' ? page.slice(page.indexOf('<tr>')) : page), 'list.html');
    expect(html).toMatchObject({ format: 'html', counts: csv.counts });
  });

  it('gives each cell with its table, A1 reference and header (colspan counted, header row without one), and the rest as text', async () => {
    const page = `<!DOCTYPE html><html><head><title>客户名单</title><script>var x = "张伟";</script></head><body>
      <p>联系人：王&#33459; <img alt="logo" src="a.png"></p>
      <table><tr><td>编号</td><td colspan="2">姓名 &amp; 备注</td><td>手机号</td></tr>
      <tr><td>1</td><td>甲</td><td>乙</td><td>13800000000</td></tr>
      <tr><td>2</td><td colspan=2><table><tr><th>内表</th></tr><tr><td>值</td></tr></table></td><td>13900000000</td></tr>
      </table><div>第二段</div></body></html>`;
    const { format, parts } = await readAll(bufferSource('page.html', page));
    expect(format).toBe('html');
    expect(cellsOf(parts)).toEqual([
      { sheet: 'table 1', ref: 'A1', text: '编号' },
      { sheet: 'table 1', ref: 'B1', text: '姓名 & 备注' },
      { sheet: 'table 1', ref: 'D1', text: '手机号' },
      { sheet: 'table 1', ref: 'A2', text: '1', header: '编号' },
      { sheet: 'table 1', ref: 'B2', text: '甲', header: '姓名 & 备注' },
      { sheet: 'table 1', ref: 'C2', text: '乙' },
      { sheet: 'table 1', ref: 'D2', text: '13800000000', header: '手机号' },
      { sheet: 'table 2', ref: 'A1', text: '内表' },
      { sheet: 'table 2', ref: 'A2', text: '值', header: '内表' },
      { sheet: 'table 1', ref: 'A3', text: '2', header: '编号' },
      { sheet: 'table 1', ref: 'D3', text: '13900000000', header: '手机号' },
    ]);
    const text = textOf(parts);
    expect(text).toContain('客户名单');
    expect(text).toContain('联系人：王芳');
    expect(text).toContain('第二段');
    expect(text).toContain('a.png');
    // A page may hold its data in a script: read.
    expect(text).toContain('var x = "张伟";');
    expect(text).not.toContain('13800000000');
  });

  it('reads the same cells whatever the chunks the file comes in', async () => {
    const html = htmlTable(rows, '<p>客户导出</p>');
    const whole = cellsOf((await readAll(bufferSource('x.xls', html))).parts);
    expect(whole).toHaveLength(rows.length * rows[0].length);
    for (const size of [7, 100, 4096]) expect(cellsOf((await readAll(bufferSource('x.xls', html, size))).parts)).toEqual(whole);
  });

  // A text that only looks like HTML: its cell never ends, and is handed on in pieces.
  it('a text whose cell never ends is read to its end in bounded pieces', async () => {
    const line = '客户 张伟 手机 13812345678 已回访\n';
    const text = `<table><tr><td>${line.repeat(40_000)}`;
    const { format, parts } = await readAll(bufferSource('dump', text, 65536));
    expect(format).toBe('html');
    const cells = cellsOf(parts);
    expect(cells.length).toBeGreaterThan(3);
    expect(Math.max(...cells.map((cell) => cell.text.length))).toBeLessThan(300 * 1024);
    expect(cells.map((cell) => cell.text).join('').replace(/\s+/g, '').length).toBe(line.repeat(40_000).replace(/\s+/g, '').length);
  });

  // htmlparser2 adds each open element at the front of an array: 50,000 nested tables took 17 s.
  it('tables nested deeper than the limit are LIMIT_EXCEEDED, not parsed for minutes', async () => {
    const nested = `<table><tr><td>${'<table><tr><td>'.repeat(200_000)}13812345678`;
    const report = await scanSource(bufferSource('deep.html', nested), 'deep.html');
    expect(report).toMatchObject({ format: 'html', sensitivity: 'failed', error: { code: 'LIMIT_EXCEEDED', message: `HTML nested deeper than ${MAX_HTML_DEPTH} elements` } });
  });

  it('reads a file embedded in an attribute as a member: a page that is only a photo in a data: URI is not public', async () => {
    const page = `<html><body><table><tr><td><img src="data:image/png;base64,${greyPng(640, 400).toString('base64')}"></td></tr></table></body></html>`;
    const report = await scanSource(bufferSource('photo.html', page), 'photo.html');
    expect(report.format).toBe('html');
    expect(report.sensitivity).toBe('failed');
  });

  it('an attribute value of hundreds of KiB (handed on as a piece of its own) is read as a short one: a data: URI\'s file, a title\'s text', async () => {
    const rng = new Rng('long-attribute');
    const csv = ['身份证号', ...Array.from({ length: 4000 }, () => residentId(rng))].join('\n');
    const prose = 'Lorem ipsum 客户留言 '.repeat(12_000);
    const page = `<html><body><table><tr><td>x</td></tr></table><a href="data:text/csv;base64,${Buffer.from(csv).toString('base64')}">d</a><div title="${prose}身份证号：${residentId(rng)} ${prose}">x</div></body></html>`;
    const report = await scanSource(bufferSource('long.html', page, 4096), 'long.html');
    expect(report).toMatchObject({ format: 'html', sensitivity: 'confidential', counts: { cn_resident_id: 4001 } });
  });

  it('a page that goes on as compressed or encrypted bytes is OPAQUE after its findings, as a text is', async () => {
    // Its first 8 KiB are a page's; then a photo's size of ciphertext.
    const page = Buffer.concat([Buffer.from(`${htmlTable(rows)}<p>${'备注说明。'.repeat(1000)}</p>`), noise(200_000, 22)]);
    const report = await scanSource(bufferSource('导出.xls', page), '导出.xls');
    expect(report).toMatchObject({ format: 'html', sensitivity: 'confidential', error: { code: 'OPAQUE' } });
    expect(report.counts.wechat_id).toBe(20);
  });

  // A tar's member goes by once: the reader parses a page once, cells handed on, text held.
  it('a page in a tar (read once, as a stream) gives what it gives alone, the text outside its table too', async () => {
    const id = residentId(rng);
    const page = htmlTable(rows, `<p>客户 张伟 身份证 ${id}</p>`);
    const alone = await scanSource(bufferSource('导出.xls', page), '导出.xls');
    expect(alone.counts.cn_resident_id).toBe(1);
    const report = await scanSource(bufferSource('export.tar', tarBuffer([{ name: 'crm/导出.xls', data: page }]), 4096), 'export.tar');
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ format: 'tar', sensitivity: 'confidential', counts: alone.counts });
  });

  it.each<[string, string, string]>([
    ['page.html', '<html><body><table><tr><td>a</td></tr></table></body></html>', 'html'],
    // A page without a table too: its text without its markup (a label in one span, its value in the next).
    ['page.html', '<html><body><p>no table here</p></body></html>', 'html'],
    // Without a name that says so: by its doctype or its <html> tag, first.
    ['index', '<!DOCTYPE html>\n<html lang="zh"><body><p>no table here</p></body></html>', 'html'],
    ['export', '<?xml version="1.0"?><!-- saved --><html><body></body></html>', 'html'],
    ['readme', 'Write <html> at the top of a page.', 'text'],
    ['export.xls', '<table><tr><th>a</th></tr></table>', 'html'],
    ['notes.txt', 'a <table> is furniture, <td> a tag', 'text'],
    ['page.log', '<table><tr><td>a</td></tr></table>', 'text'],
    ['data.csv', '<table><tr><td>a</td></tr></table>', 'csv'],
    ['data.json', '{"html":"<table><tr><td>a</td></tr></table>"}', 'json'],
  ])('sniffs %s (%s) as %s', (name, content, format) => {
    expect(sniffBytes(Buffer.from(content), name).format).toBe(format);
  });

  // Found by fuzzing: a column merged down its groups (rowspan) moved the rows below it a column
  // to the left, each value under its neighbour's header; Excel's own HTML starts with more than
  // 8 KiB of styles, and was read as text.
  it('rowspan is counted, Excel HTML is told after its styles, and comments are read', async () => {
    const groups = Array.from({ length: 4 }, (_, g) =>
      Array.from({ length: 5 }, (_, k) => `<tr>${k === 0 ? `<td rowspan="5">销售${g}部</td>` : ''}<td>${escapeHtml(rows[1 + g * 5 + k][0])}</td><td>${escapeHtml(rows[1 + g * 5 + k][1])}</td></tr>`).join('\n'),
    );
    const id = residentId(rng);
    const page = `<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><style>${'.xl65{mso-number-format:"\\@";}\n'.repeat(400)}</style></head><body><!-- 导出人 身份证 ${id} --><table><tr><th>部门</th><th>姓名</th><th>微信号</th></tr>\n${groups.join('\n')}</table></body></html>`;
    expect(page.indexOf('<table')).toBeGreaterThan(8192);
    const report = await scanSource(bufferSource('导出.xls', page), '导出.xls');
    expect(report).toMatchObject({ format: 'html', counts: { cn_name: 20, wechat_id: 20, cn_resident_id: 1 } });
  });

  // Found by fuzzing: an export saved as "Unicode" (UTF-16) was read as text, its table unread.
  it('a table saved in UTF-16 is read as HTML, every cell found', async () => {
    const page = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(htmlTable(rows), 'utf16le')]);
    expect(sniffBytes(page.subarray(0, 8192), '导出.xls').format).toBe('html');
    const utf8 = await scanSource(bufferSource('导出.xls', htmlTable(rows)), '导出.xls');
    expect((await scanSource(bufferSource('导出.xls', page), '导出.xls')).counts).toEqual(utf8.counts);
  });
});

describe('a web page without a table: its text without its markup', () => {
  const [labels, ...records] = labelledList(new Rng('html-page'));
  const page = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>客户资料</title></head><body>${body}</body></html>`;
  const each = (record: (label: string, value: string) => string, wrap: (fields: string) => string) =>
    page(records.map((values) => wrap(values.map((value, i) => record(labels[i], escapeHtml(value))).join(''))).join('\n'));

  it.each<[string, string]>([
    ['a label in one span, its value in the next (a saved record view)', each((l, v) => `<div><span class="label">${l}：</span><span class="value">${v}</span></div>`, (f) => `<div class="card">${f}</div>`)],
    ['a definition list (dt, dd)', each((l, v) => `<dt>${l}</dt><dd>${v}</dd>`, (f) => `<dl>${f}</dl>`)],
    ['a form\'s labels and inputs', each((l, v) => `<label>${l}</label><input type="text" name="f" value="${v}">`, (f) => `<form>${f}</form>`)],
  ])('%s: every value under its label (read as text, its WeChat ids and birth dates were unfound)', async (_, html) => {
    const report = await scanSource(bufferSource('customer.html', html), 'customer.html');
    expect(report).toMatchObject({ format: 'html', counts: { cn_name: 20, wechat_id: 20, date_of_birth: 20, cn_passport: 20, qq: 20 } });
  });

  it('a term without a description after it ends its line (a glossary\'s terms name no value)', async () => {
    const html = page('<dl><dt>微信号</dt></dl><p>zhang_san88 是示例</p>');
    const report = await scanSource(bufferSource('glossary.html', html), 'glossary.html');
    expect(report.counts.wechat_id).toBeUndefined();
  });
});
