// The header row of a table is not always its first (header-row.ts): Chinese exports put a title
// above it, often a line of its own after that. Taken for the header row, a title left every other
// column without a header, and a list of names, WeChat ids and birth dates came out public.
import { beforeAll, describe, expect, it } from 'vitest';
import { HeaderRow } from '../../../lambdas/engine/header-row.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { csvText, xlsxBuffer } from '../../../synthetic/files.js';
import { Rng } from '../../../synthetic/random.js';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { labelledList } from './backup-fixtures.js';
import { bufferSource } from './read-parts.js';
import { written } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

const [header, ...data] = labelledList(new Rng('title-rows'));
const blank = ['', '', '', '', ''];
const titled = [['客户信息表', '', '', '', ''], ['导出日期：2024-05-03', '', '', '', ''], header, ...data];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const html = (rows: readonly (readonly string[])[]) =>
  `<html><body><table>${rows.map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join('')}</tr>`).join('\n')}</table></body></html>`;
const spreadsheetMl = (rows: readonly (readonly string[])[]) =>
  `<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="客户"><Table>${rows
    .map((row) => `<Row>${row.map((cell) => (cell === '' ? '<Cell/>' : `<Cell><Data ss:Type="String">${escape(cell)}</Data></Cell>`)).join('')}</Row>`)
    .join('\n')}</Table></Worksheet></Workbook>\n`;

/** The table in each format, as `rows` lay it out. */
const formats: [string, string, (rows: readonly (readonly string[])[]) => Promise<Buffer | string>][] = [
  ['CSV', 'list.csv', async (rows) => csvText(rows)],
  ['XLSX', 'list.xlsx', (rows) => xlsxBuffer([{ name: '客户', rows }])],
  ['XLS', 'list.xls', (rows) => written({ kind: 'xls', tables: [{ name: '客户', columns: rows[0], types: [], rows: rows.slice(1) }] })],
  ['ODS', 'list.ods', (rows) => written({ kind: 'ods', tables: [{ name: '客户', columns: rows[0], types: [], rows: rows.slice(1) }] })],
  ['HTML', 'list.html', async (rows) => html(rows)],
  ['Excel 2003 XML', 'list.xml', async (rows) => spreadsheetMl(rows)],
];

describe('a title above the header row', () => {
  it.each(formats)('%s: a list under a title gives what it gives without one', async (_, name, make) => {
    const plain = await scanSource(bufferSource(name, await make([header, ...data])), name);
    expect(plain.counts).toEqual({ cn_name: 20, wechat_id: 20, date_of_birth: 20, cn_passport: 20, qq: 20 });
    const under = await scanSource(bufferSource(name, await make(titled)), name);
    expect(under.counts).toEqual(plain.counts);
  });

  it.each(formats)('%s: a list under a row of column groups gives what it gives without one', async (_, name, make) => {
    const plain = await scanSource(bufferSource(name, await make([header, ...data])), name);
    const groups = ['客户', '', '', '证件与联系', ''];
    const under = await scanSource(bufferSource(name, await make([groups, header, ...data])), name);
    expect(under.counts).toEqual(plain.counts);
  });

  it('a one-column list keeps its header; a row of values after it is data, not a header row', () => {
    const rows = new HeaderRow();
    expect(rows.of([{ column: 0, text: '微信号' }])).toBeUndefined();
    expect(rows.of([{ column: 0, text: 'zhang_san88' }])?.get(0)).toBe('微信号');
    const mixed = new HeaderRow();
    expect(mixed.of([{ column: 3, text: '姓名' }])).toBeUndefined();
    expect(mixed.of([{ column: 3, text: '13812345678' }, { column: 4, text: '-7' }])?.get(3)).toBe('姓名');
    const empty = new HeaderRow();
    expect(empty.of(blank.flatMap((text, column) => (text === '' ? [] : [{ column, text }])))).toBeUndefined();
    expect(empty.of([{ column: 0, text: '姓名' }, { column: 1, text: '电话' }])).toBeUndefined();
    expect(empty.of([{ column: 0, text: '张伟' }])?.get(1)).toBe('电话');
  });
});
