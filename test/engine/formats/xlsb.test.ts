// Excel binary workbooks (.xlsb), written by SheetJS: read as cells, as the same workbook is read
// as .xlsx; a customer list is confidential, never a public zip.
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { zipBuffer } from '../../../synthetic/files.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { bufferSource, fileSource, readAll } from './read-parts.js';
import { CUSTOMER_COLUMNS, customers, products, PRODUCT_COLUMNS } from './writers.js';

function workbook(sheets: Record<string, (string | number)[][]>, bookType: 'xlsb' | 'xlsx'): Buffer {
  const book = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
  return XLSX.write(book, { type: 'buffer', bookType }) as Buffer;
}

const cellsOf = (parts: Awaited<ReturnType<typeof readAll>>['parts']): Cell[] => parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));

describe('xlsb', () => {
  const { rows, ids, mobiles } = customers(60);
  const sheets = { 客户: [[...CUSTOMER_COLUMNS], ...rows], 产品: [[...PRODUCT_COLUMNS], ...products(20)] };

  it('gives the cells the same workbook gives as .xlsx: sheets, references, text and headers', async () => {
    const binary = await readAll(bufferSource('crm.xlsb', workbook(sheets, 'xlsb')));
    const xml = await readAll(bufferSource('crm.xlsx', workbook(sheets, 'xlsx')));
    expect(binary.format).toBe('xlsb');
    expect(binary.thrown).toBeUndefined();
    expect(cellsOf(binary.parts).length).toBeGreaterThan(400);
    expect(cellsOf(binary.parts)).toEqual(cellsOf(xml.parts));
  });

  it.each([
    ['from a buffer', () => bufferSource('导出.xlsb', workbook(sheets, 'xlsb'))],
    ['from a path, under any name', () => fileSource('export.bin', workbook(sheets, 'xlsb'))],
  ])('a customer list is confidential, every ID and mobile (stored as a number) found (%s)', async (_, source) => {
    const report = await scanSource(source(), 'crm', { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format: 'xlsb', sensitivity: 'confidential' });
    const found = (type: string) => report.findings.filter((f) => f.type === type).map((f) => f.value).sort();
    expect(found('cn_resident_id')).toEqual([...ids].sort());
    expect(found('cn_mobile')).toEqual([...mobiles].sort());
  });

  it('a package whose workbook part is garbage is not public', async () => {
    const damaged = await zipBuffer([
      { name: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
      { name: 'xl/workbook.bin', data: Buffer.alloc(40, 0xff) },
      { name: 'xl/worksheets/sheet1.bin', data: Buffer.alloc(300, 0xff) },
    ]);
    const report = await scanSource(bufferSource('bad.xlsb', damaged), 'bad.xlsb', {});
    expect(report.format).toBe('xlsb');
    expect(report.sensitivity).not.toBe('public');
  });
});
