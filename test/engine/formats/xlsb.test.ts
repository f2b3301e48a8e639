// Excel binary workbooks (.xlsb), written by SheetJS: read as cells, as the same workbook is read
// as .xlsx; a customer list is confidential, never a public zip.
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { sheetJsCells } from '../../../lambdas/engine/formats/xls.js';
import { zipBuffer } from '../../../synthetic/files.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { bufferSource, fileSource, readAll } from './read-parts.js';
import { CUSTOMER_COLUMNS, customers, products, PRODUCT_COLUMNS, restampedZip } from './writers.js';

function workbook(sheets: Record<string, (string | number)[][]>, bookType: 'xlsb' | 'xlsx'): Buffer {
  const book = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
  return XLSX.write(book, { type: 'buffer', bookType }) as Buffer;
}

/**
 * The workbook with the first 4 bytes of the first record of type `record` in its first sheet
 * (BIFF12: a type and a size, each a 7-bit varint) set to `value`: BrtRowHdr (0) starts with its
 * row, BrtCellSt (6) with its column (`offset`: bytes into the record). SheetJS stores the parts, so
 * the record is in the zip as is.
 */
function forged(book: Buffer, record: number, value: number, offset = 0): Buffer {
  const copy = Buffer.from(book);
  const nameAt = copy.indexOf('xl/worksheets/sheet1.bin');
  const header = nameAt - 30;
  if (copy.readUInt32LE(header) !== 0x04034b50 || copy.readUInt16LE(header + 8) !== 0) throw new Error('the sheet is not stored');
  let at = nameAt + copy.readUInt16LE(header + 26) + copy.readUInt16LE(header + 28);
  const end = at + copy.readUInt32LE(header + 18);
  while (at < end) {
    let type = copy[at++];
    if (type & 0x80) type = (type & 0x7f) | ((copy[at++] & 0x7f) << 7);
    let size = 0;
    for (let shift = 0, byte = 0x80; byte & 0x80; shift += 7) {
      byte = copy[at++];
      size |= (byte & 0x7f) << shift;
    }
    if (type === record) {
      copy.writeUInt32LE(value, at + offset);
      return restampedZip(copy);
    }
    at += size;
  }
  throw new Error(`no record ${record}`);
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

  // The format's numbers are 32 bits; SheetJS keeps a sparse array as long as the number, and a
  // loop over every index of it ran for minutes (found by fuzzing).
  it.each([
    ['a text cell in column 2^31 - 2^24', 6, 0x7f000000],
    ['a row numbered 2^28', 0, 0x0fffffff],
  ])('a forged record (%s) is read, its customers found', async (_, record, value) => {
    const report = await scanSource(bufferSource('crm.xlsb', forged(workbook(sheets, 'xlsb'), record, value)), 'crm.xlsb', { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format: 'xlsb', sensitivity: 'confidential' });
    expect(report.findings.filter((f) => f.type === 'cn_resident_id').map((f) => f.value).sort()).toEqual([...ids].sort());
  });

  // SheetJS left such a sheet undefined, without an error: the workbook came out public.
  it('a sheet whose relationship names no part is CORRUPT after the others, never public', async () => {
    const book = workbook(sheets, 'xlsb').toString('latin1');
    const damaged = restampedZip(Buffer.from(book.replace('Target="worksheets/sheet1.bin"', 'Target="worksheets/sheetX.bin"'), 'latin1'));
    expect(damaged.toString('latin1')).not.toBe(book);
    const report = await scanSource(bufferSource('crm.xlsb', damaged), 'crm.xlsb');
    expect(report).toMatchObject({ format: 'xlsb', sensitivity: 'failed', error: { code: 'CORRUPT', message: 'xlsb lists 1 sheet(s) that could not be parsed' } });
  });

  // SheetJS's zip reader checked no CRC. Overwritten in place (found by fuzzing), the relationship
  // part gave the sheet two targets, the theme's last: SheetJS read the theme as an empty sheet.
  it('a package whose part was overwritten in place (the sheet sent to the theme) is CORRUPT, never public', async () => {
    const book = workbook(sheets, 'xlsb');
    const from = book.indexOf('/sheet1.bin"');
    const to = book.indexOf('relationships/theme"', from) + 'relationships/th'.length;
    expect(from).toBeGreaterThan(0);
    const damaged = Buffer.from(book).fill('x', from, to);
    expect(damaged.toString('latin1')).toContain('Target="worksheetsxxx');
    const report = await scanSource(bufferSource('crm.xlsb', damaged), 'crm.xlsb');
    expect(report).toMatchObject({ format: 'xlsb', sensitivity: 'failed', error: { code: 'CORRUPT' } });
    expect(report.error?.message).toMatch(/^xlsb part workbook\.bin\.rels is damaged \(its CRC-32 does not match/);
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

/** The cells SheetJS gives of an .xlsb parsed whole (the reader before engine 0.3.17, and what this one must give). */
async function sheetJsOf(bytes: Buffer): Promise<Cell[]> {
  const cells: Cell[] = [];
  for await (const batch of sheetJsCells((sheetJs, options) => sheetJs.read(bytes, { type: 'buffer', ...options }), 'xlsb')) cells.push(...batch);
  return cells;
}

describe('xlsb record by record: the cells SheetJS gives, without parsing the workbook whole', () => {
  /** A workbook of `sheets` (rows of values; Dates in the format `dateFormat`), written by SheetJS as .xlsb. */
  const book = (sheets: Record<string, unknown[][]>, options: { sst?: boolean; date1904?: boolean; dateFormat?: string; stored?: boolean } = {}): Buffer => {
    const workbook = XLSX.utils.book_new();
    for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows, { cellDates: true, dateNF: options.dateFormat }), name);
    if (options.date1904) workbook.Workbook = { ...workbook.Workbook, WBProps: { date1904: true } };
    return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsb', bookSST: options.sst ?? false, compression: options.stored !== true }) as Buffer;
  };
  const { rows } = customers(40, 'record-by-record');
  const values = [
    ['客户信息表'],
    [],
    [...CUSTOMER_COLUMNS, '生日', '余额', '已核实', '备注'],
    ...rows.map((row, i) => [...row, new Date(Date.UTC(1960 + (i % 40), i % 12, 1 + (i % 28))), i % 3 === 0 ? -1234.5 + i : 2 ** 40 + i, i % 2 === 0, i % 5 === 0 ? '' : `第${i}行 张三`]),
  ];

  it.each([
    ['inline strings', {}],
    ['shared strings', { sst: true }],
    ['dates counted from 1904', { date1904: true, sst: true }],
    ['a date format of its own', { dateFormat: 'yyyy"年"m"月"d"日"' }],
  ] as const)('%s: the same cells, texts, references and headers', async (_, options) => {
    const bytes = book({ 客户: values, 产品: [[...PRODUCT_COLUMNS], ...products(30)], 空: [] }, options);
    const expected = await sheetJsOf(bytes);
    const { format, parts, thrown } = await readAll(bufferSource('crm.xlsb', bytes));
    expect([format, thrown]).toEqual(['xlsb', undefined]);
    expect(expected.length).toBeGreaterThan(400);
    expect(expected.some((cell) => /^\d{4}-\d{2}-\d{2}$/.test(cell.text))).toBe(true);
    expect(cellsOf(parts)).toEqual(expected);
  });

  it('a worksheet of 5,000 rows, its records cut across the zip reader\'s chunks, from a buffer and from a path', async () => {
    const { rows: many } = customers(5000, 'many');
    const bytes = book({ 客户: [[...CUSTOMER_COLUMNS], ...many] }, { sst: true });
    const expected = await sheetJsOf(bytes);
    expect(expected.length).toBeGreaterThan(25_000);
    for (const source of [bufferSource('big.xlsb', bytes), fileSource('big.xlsb', bytes)]) expect(cellsOf((await readAll(source)).parts)).toEqual(expected);
  });

  it('a record longer than maxBufferedBytes is not held: LIMIT_EXCEEDED, never public', async () => {
    // A cell of 2^20 characters: a record of 2 MiB (UTF-16), read from a path (a buffer that large is not held either).
    const bytes = book({ 客户: [['姓名'], ['x'.repeat(1 << 20)]] }, { stored: true });
    const { thrown } = await readAll(fileSource('crm.xlsb', bytes), { maxBufferedBytes: 1024 * 1024 });
    expect(thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: 'xlsb worksheet record is larger than 1048576 bytes (maxBufferedBytes)' });
  });

  it('a cell whose shared string index is past the table is CORRUPT, never public', async () => {
    const past = forged(book({ 客户: values }, { sst: true, stored: true }), 0x07, 1_000_000, 8);
    const report = await scanSource(bufferSource('crm.xlsb', past), 'crm.xlsb');
    expect(report).toMatchObject({ format: 'xlsb', sensitivity: 'failed', error: { code: 'CORRUPT', message: 'xlsb cell refers past the shared strings' } });
  });
});
