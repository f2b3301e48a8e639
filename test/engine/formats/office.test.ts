import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { DEFAULT_READ_LIMITS } from '../../../lambdas/engine/formats/source.js';
import { scanSource, type ObjectReport } from '../../../lambdas/engine/scan.js';
import { xlsxBuffer } from '../../../synthetic/files.js';
import { bufferSource, fileSource, onlyCells, readAll, type FlatPart } from './read-parts.js';
import { CUSTOMER_COLUMNS, PRODUCT_COLUMNS, converted, customers, products, written } from './writers.js';


function textOf(parts: FlatPart[]): string {
  expect(parts.map((part) => part.kind)).toEqual(['text']);
  return (parts[0] as Extract<FlatPart, { kind: 'text' }>).text;
}

/** Distinct values found of one type, sorted. */
function found(report: ObjectReport, type: string): string[] {
  return [...new Set(report.findings.filter((finding) => finding.type === type).map((finding) => finding.value!))].sort();
}

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

const CUSTOMER_KINDS = ['text', 'text', 'text', 'int', 'text', 'text'];
const PRODUCT_KINDS = ['text', 'text', 'text', 'int', 'text'];

/** One paragraph per customer, as a letter or a slide would hold them. */
function customerLines(count: number): { lines: string[]; ids: string[]; mobiles: string[] } {
  const { rows, ids, mobiles } = customers(count);
  return { lines: rows.map((row) => `客户 ${row[1]} 身份证号 ${row[2]} 手机 ${row[3]}`), ids, mobiles };
}

const SAFE_LINES = products(12).map((row) => `商品 ${row[0]} ${row[1]} 单价 ${row[2]} 元，库存 ${row[3]}`);

describe('spreadsheets written by xlwt (.xls, BIFF8) and odfpy (.ods)', () => {
  it.each(['xls', 'ods'] as const)('%s gives cells with sheet, ref and header; numbers as digits', async (kind) => {
    const data = await written({
      kind,
      tables: [{ name: '客户', columns: ['姓名', '手机号'], types: [], rows: [['张三', 13812345678], [null, 3.5]] }],
    });
    const { format, parts } = await readAll(bufferSource(`book.${kind}`, data));
    expect(format).toBe(kind);
    expect(onlyCells(parts)).toEqual([
      { sheet: '客户', ref: 'A1', text: '姓名' },
      { sheet: '客户', ref: 'B1', text: '手机号' },
      { sheet: '客户', ref: 'A2', text: '张三', header: '姓名' },
      { sheet: '客户', ref: 'B2', text: '13812345678', header: '手机号' },
      { sheet: '客户', ref: 'B3', text: '3.5', header: '手机号' },
    ]);
  });
});

describe('xls (xlwt, BIFF8)', () => {
  it.each(['customers.xls', 'customers.et', 'backup.dat'])('%s with customers is confidential with every ID found', async (name) => {
    const { rows, ids, mobiles } = customers(30);
    const xls = await written({ kind: 'xls', tables: [{ name: 'S', columns: CUSTOMER_COLUMNS, types: CUSTOMER_KINDS, rows }] });
    const report = await scanSource(fileSource(name, xls), name, { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format: 'xls', sensitivity: 'confidential' });
    expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(found(report, 'cn_mobile')).toEqual([...mobiles].sort());
  });

  it('a workbook without personal data is public', async () => {
    const xls = await written({ kind: 'xls', tables: [{ name: 'S', columns: PRODUCT_COLUMNS, types: PRODUCT_KINDS, rows: products(40) }] });
    expect(await scanSource(bufferSource('stock.xls', xls), 'stock.xls')).toMatchObject({ format: 'xls', sensitivity: 'public', counts: {} });
  });

  it('a truncated workbook is CORRUPT, never public', async () => {
    const { rows } = customers(300);
    const xls = await written({ kind: 'xls', tables: [{ name: 'S', columns: CUSTOMER_COLUMNS, types: CUSTOMER_KINDS, rows }] });
    const report = await scanSource(bufferSource('old.xls', xls.subarray(0, Math.floor(xls.length / 2))), 'old.xls');
    expect(report).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT' } });
  });
});

describe('Excel 95 (BIFF5) and Word 97 (.doc, written by LibreOffice)', () => {
  it('an Excel 95 workbook (Book stream, BIFF5) is read as xls', async () => {
    // LibreOffice 7.4 no longer exports Excel 95 and xlwt writes BIFF8 only: SheetJS writes it.
    const { rows, ids } = customers(10);
    const XLSX = await import('@e965/xlsx');
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['ID', 'Mobile'], ...rows.map((row) => [row[2], row[3]])]), 'S');
    const xls = XLSX.write(book, { bookType: 'biff5', type: 'buffer' }) as Buffer;
    const report = await scanSource(bufferSource('old95.xls', xls), 'old95.xls', { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format: 'xls', sensitivity: 'confidential' });
    expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
  });

  it.each(['letter.doc', 'letter.wps'])('%s with customers is confidential with every ID found; without, public', async (name) => {
    const { lines, ids, mobiles } = customerLines(10);
    const doc = await converted(await written({ kind: 'odt', paragraphs: lines }), 'odt', 'doc:MS Word 97');
    const report = await scanSource(bufferSource(name, doc), name, { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format: 'doc', sensitivity: 'confidential' });
    expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(found(report, 'cn_mobile')).toEqual([...mobiles].sort());

    const safe = await converted(await written({ kind: 'odt', paragraphs: SAFE_LINES }), 'odt', 'doc:MS Word 97');
    expect(await scanSource(bufferSource(name, safe), name)).toMatchObject({ format: 'doc', sensitivity: 'public', counts: {} });
    const truncated = await scanSource(bufferSource(name, doc.subarray(0, 2048)), name);
    expect(truncated).toMatchObject({ sensitivity: 'failed' });
  });
});

describe('pptx and OpenDocument', () => {
  it.each<['pptx' | 'odt' | 'odp', string, string]>([
    ['pptx', 'deck.pptx', 'pptx'],
    ['pptx', 'deck.dps', 'pptx'],
    ['odt', 'letter.odt', 'odt'],
    ['odt', 'letter.wps', 'odt'],
    ['odp', 'deck.odp', 'odp'],
  ])('%s named %s: confidential with every ID found; without personal data, public', async (kind, name, format) => {
    const { lines, ids, mobiles } = customerLines(12);
    const report = await scanSource(bufferSource(name, await written({ kind, paragraphs: lines })), name, { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format, sensitivity: 'confidential' });
    expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(found(report, 'cn_mobile')).toEqual([...mobiles].sort());
    const safe = await scanSource(bufferSource(name, await written({ kind, paragraphs: SAFE_LINES })), name);
    expect(safe).toMatchObject({ format, sensitivity: 'public', counts: {} });
  });

  it('pptx text comes in slide order, paragraphs apart, notes after the slides', async () => {
    const { format, parts } = await readAll(bufferSource('deck.pptx', await written({ kind: 'pptx', paragraphs: ['第一页', '第二页'] })));
    expect(format).toBe('pptx');
    const text = textOf(parts);
    expect(text.indexOf('第一页')).toBeLessThan(text.indexOf('第二页'));
    expect(text.indexOf('第二页')).toBeLessThan(text.indexOf('备注 第一页'));
    expect(text).toContain('客户资料\n');
  });

  it('an .xlsx embedded in a pptx is read as a member, with its path', async () => {
    const { rows, ids } = customers(6);
    const xlsx = fileSource('embedded.xlsx', await xlsxBuffer([{ name: 'S', rows: [[...CUSTOMER_COLUMNS], ...rows] }]));
    const deck = await written({ kind: 'pptx', paragraphs: SAFE_LINES.slice(0, 2), embedXlsx: xlsx.path! });
    const report = await scanSource(bufferSource('deck.pptx', deck), 'deck.pptx', { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format: 'pptx', sensitivity: 'confidential' });
    const entries = new Set(report.findings.map((finding) => finding.location.entry));
    expect([...entries]).toHaveLength(1);
    expect([...entries][0]).toMatch(/^ppt\/embeddings\/.+\.xlsx$/);
    expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
    // One level deeper than allowed: the embedding is that member's error, the slides are read.
    const shallow = await scanSource(bufferSource('deck.pptx', deck), 'deck.pptx', { limits: { ...DEFAULT_READ_LIMITS, maxDepth: 0 } });
    expect(shallow).toMatchObject({ sensitivity: 'failed', error: { code: 'LIMIT_EXCEEDED' }, counts: {} });
  });

  it.each(['customers.ods', 'customers.et'])('%s with customers is confidential with every ID found', async (name) => {
    const { rows, ids, mobiles } = customers(30);
    const ods = await written({ kind: 'ods', tables: [{ name: 'S', columns: CUSTOMER_COLUMNS, types: [], rows }] });
    const report = await scanSource(fileSource(name, ods), name, { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format: 'ods', sensitivity: 'confidential' });
    expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(found(report, 'cn_mobile')).toEqual([...mobiles].sort());
    const safe = await written({ kind: 'ods', tables: [{ name: 'S', columns: PRODUCT_COLUMNS, types: [], rows: products(30) }] });
    expect(await scanSource(bufferSource(name, safe), name)).toMatchObject({ format: 'ods', sensitivity: 'public', counts: {} });
  });
});
