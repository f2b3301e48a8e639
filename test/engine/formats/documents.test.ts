import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { excelJsParts } from '../../../lambdas/engine/formats/exceljs-parts.js';
import { cellText, numberText } from '../../../lambdas/engine/formats/xlsx-values.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import {
  docxBuffer,
  encryptedPdfBuffer,
  pdfBuffer,
  scannedPdfBuffer,
  xlsxBuffer,
  zipBuffer,
} from '../../../synthetic/files.js';
import { bufferSource, fileSource, readAll, type FlatPart } from './read-parts.js';

function cellsOf(parts: FlatPart[]) {
  expect(parts).toHaveLength(1);
  expect(parts[0].kind).toBe('cells');
  return (parts[0] as Extract<FlatPart, { kind: 'cells' }>).cells;
}

/** A minimal XLSX written by hand, as Excel lays it out (numbers in E-notation, inline strings). */
const HAND_MADE_ROWS =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>身份证号</t></is></c><c r="C1" t="inlineStr"><is><t>电话</t></is></c></row>' +
  '<row r="3"><c r="A3"><v>1.10105199001011E+17</v></c><c r="B3" t="inlineStr"><is><t>no header</t></is></c><c r="C3"><v>13812345678</v></c></row>';

async function handMadeXlsx(rows = HAND_MADE_ROWS): Promise<Buffer> {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipBuffer([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/><sheet name="Chart" sheetId="2" r:id="rId2"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`,
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}"><sheetData>${rows}</sheetData></worksheet>`,
    },
  ]);
}

describe('xlsx', () => {
  it('a phone typed as a number comes out as its digits, with sheet, ref and header', async () => {
    const workbook = await xlsxBuffer([
      { name: '客户', rows: [['手机号', '姓名'], [13812345678, 'hello 你好'], [null, '李四']] },
      { name: 'Second', rows: [['x'], ['placeholder']] },
    ]);
    const { format, parts } = await readAll(bufferSource('customers.xlsx', workbook));
    expect(format).toBe('xlsx');
    expect(parts[0].where).toEqual({});
    expect(cellsOf(parts)).toEqual([
      { sheet: '客户', ref: 'A1', text: '手机号' },
      { sheet: '客户', ref: 'B1', text: '姓名' },
      { sheet: '客户', ref: 'A2', text: '13812345678', header: '手机号' },
      { sheet: '客户', ref: 'B2', text: 'hello 你好', header: '姓名' },
      { sheet: '客户', ref: 'B3', text: '李四', header: '姓名' },
      { sheet: 'Second', ref: 'A1', text: 'x' },
      { sheet: 'Second', ref: 'A2', text: 'placeholder', header: 'x' },
    ]);
  });

  it('formulas, rich text, dates, booleans, hyperlinks and errors come out as displayed text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('S');
    sheet.addRow(['formula', 'rich', 'date', 'bool', 'link', 'error', 'decimal']);
    sheet.addRow([
      { formula: 'A1&"x"', result: 'formulax' },
      { richText: [{ text: '富' }, { font: { bold: true }, text: '文本' }] },
      new Date(Date.UTC(2024, 1, 29)),
      true,
      { text: 'link text', hyperlink: 'https://example.com' },
      { error: '#N/A' },
      3.25,
    ]);
    const { parts } = await readAll(bufferSource('types.xlsx', Buffer.from(await workbook.xlsx.writeBuffer())));
    expect(cellsOf(parts).filter((cell) => cell.ref.endsWith('2')).map((cell) => cell.text)).toEqual([
      'formulax',
      '富文本',
      '2024-02-29',
      'TRUE',
      'link text',
      '#N/A',
      '3.25',
    ]);
  });

  it('reads a hand-made workbook: inline strings, E-notation numbers, absolute targets, no chartsheet', async () => {
    const { format, parts } = await readAll(bufferSource('handmade.xlsx', await handMadeXlsx()));
    expect(format).toBe('xlsx');
    expect(cellsOf(parts)).toEqual([
      { sheet: '名单', ref: 'A1', text: '身份证号' },
      { sheet: '名单', ref: 'C1', text: '电话' },
      // Excel kept 15 significant digits of an ID typed as a number: its integer digits are given.
      { sheet: '名单', ref: 'A3', text: '110105199001011000', header: '身份证号' },
      { sheet: '名单', ref: 'B3', text: 'no header' },
      { sheet: '名单', ref: 'C3', text: '13812345678', header: '电话' },
    ]);
  });

  it('keeps Chinese text whole across inflate chunk edges (exceljs public reader does not)', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`张三李四王五赵六${i}`, `北京市朝阳区${i}`]);
    const { parts } = await readAll(fileSource('chinese.xlsx', await xlsxBuffer([{ name: 'S', rows }])));
    const cells = cellsOf(parts);
    expect(cells).toHaveLength(6000);
    expect(cells.filter((cell) => cell.text.includes('\uFFFD'))).toEqual([]);
    expect(cells[5999]).toEqual({ sheet: 'S', ref: 'B3000', text: '北京市朝阳区2999', header: '北京市朝阳区0' });
  });

  it('a zip named .xlsx without a workbook is read as a plain archive', async () => {
    const { format } = await readAll(bufferSource('fake.xlsx', await zipBuffer([{ name: 'a.txt', data: 'x' }])));
    expect(format).toBe('zip');
  });

  it('a workbook without its relationships is CORRUPT', async () => {
    const broken = await zipBuffer([{ name: 'xl/workbook.xml', data: '<workbook/>' }]);
    const result = await readAll(bufferSource('broken.xlsx', broken));
    expect(result.format).toBe('xlsx');
    expect(result.thrown?.code).toBe('CORRUPT');
  });

  it('a sheet the workbook lists that the package lacks (its name damaged in the zip) is CORRUPT after the others, never public', async () => {
    const workbook = await xlsxBuffer([
      { name: '客户', rows: [['手机'], [13812345678]] },
      { name: '订单', rows: [['手机'], [13912345678]] },
    ]);
    // The part's name in its local header and in the central directory (stored uncompressed there).
    const damaged = Buffer.from(workbook.toString('latin1').replaceAll('xl/worksheets/sheet2.xml', 'xl/worksheets/sheetX.xml'), 'latin1');
    expect((await readAll(bufferSource('crm.xlsx', damaged))).thrown).toEqual({ code: 'CORRUPT', message: 'xlsx lists 1 sheet(s) the package does not hold' });
    // The first sheet is read; the second is not there to read.
    const report = await scanSource(bufferSource('crm.xlsx', damaged), 'crm.xlsx');
    expect(report).toMatchObject({ sensitivity: 'failed', counts: { cn_mobile: 1 }, error: { code: 'CORRUPT' } });
  });

  it('an XLSX bomb (a worksheet inflating 1000 times) is LIMIT_EXCEEDED by maxRatio', async () => {
    const bomb = await handMadeXlsx(`${HAND_MADE_ROWS}${' '.repeat(20 * 1024 * 1024)}`);
    const result = await readAll(bufferSource('bomb.xlsx', bomb));
    expect(result.thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxRatio') });
  });

  it('shared strings larger than maxBufferedBytes are LIMIT_EXCEEDED', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`placeholder text number ${i}`]);
    const workbook = await xlsxBuffer([{ name: 'S', rows }]);
    const result = await readAll(bufferSource('many.xlsx', workbook), { maxBufferedBytes: 4000 });
    expect(result.thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxBufferedBytes') });
  });

  it('the exceljs modules this reader loads by path still exist', () => {
    const parts = excelJsParts();
    expect(parts.defaultNumFormats[14]?.f).toBe('mm-dd-yy');
    expect(parts.utils.isDateFmt('yyyy-mm-dd')).toBe(true);
    expect(parts.colCache.decodeAddress('C7').col).toBe(3);
  });

  it.each<[number, string]>([
    [13812345678, '13812345678'],
    [110105199001011230, '110105199001011230'],
    [1e21, '1000000000000000000000'],
    [-42, '-42'],
    [0.5, '0.5'],
    [Number.NaN, ''],
  ])('numberText(%d) = %j', (value, text) => {
    expect(numberText(value)).toBe(text);
  });

  it.each<[unknown, string]>([
    [null, ''],
    [{ sharedFormula: 'A1', result: 7 }, '7'],
    [{ formula: 'NOW()' }, ''],
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), '2024-01-02T03:04:05'],
    [{ richText: [{ text: 'a' }, { text: null }] }, 'a'],
  ])('cellText(%j) = %j', (value, text) => {
    expect(cellText(value)).toBe(text);
  });
});

describe('encrypted and legacy Office files', () => {
  const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]);

  // An OLE file is told by its streams, not its name: an encrypted package is ENCRYPTED only when
  // its container holds one (hostile-office.test.ts builds real ones).
  it.each(['old.xls', 'payroll.xlsx', 'contract.docx'])('an OLE header over a broken container (%s) is CORRUPT, never public (office.test.ts reads real ones)', async (name) => {
    const result = await readAll(bufferSource(name, cfb));
    expect(result).toMatchObject({ format: 'binary', parts: [], thrown: { code: 'CORRUPT' } });
    expect(result.thrown?.message).not.toContain(name);
  });
});

describe('docx', () => {
  it('yields the document text, after its tables\' cells (it has none)', async () => {
    const { format, parts } = await readAll(bufferSource('letter.docx', await docxBuffer(['hello 你好', '电话 13812345678'])));
    expect(format).toBe('docx');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatchObject({ kind: 'cells', where: {}, cells: [] });
    expect(parts[1]).toMatchObject({ kind: 'text', where: {} });
    expect((parts[1] as { text: string }).text).toContain('hello 你好');
    expect((parts[1] as { text: string }).text).toContain('电话 13812345678');
  });

  it('reads from a path too', async () => {
    const { parts } = await readAll(fileSource('letter.docx', await docxBuffer(['from disk'])));
    expect((parts[1] as { text: string }).text).toContain('from disk');
  });

  it('a docx held in memory (no path) over maxBufferedBytes is LIMIT_EXCEEDED; from a path it is streamed', async () => {
    const docx = await docxBuffer(['x']);
    const held = await readAll(bufferSource('big.docx', docx), { maxBufferedBytes: docx.length - 1 });
    expect(held.thrown?.code).toBe('LIMIT_EXCEEDED');
    const streamed = await readAll(fileSource('big.docx', docx), { maxBufferedBytes: docx.length - 1 });
    expect(streamed.thrown).toBeUndefined();
    expect((streamed.parts[1] as { text: string }).text).toContain('x');
  });
});

describe('pdf', () => {

  it('reads every page of a long PDF the same, across the cleanups of its caches (every 50 pages)', async () => {
    const pages = Array.from({ length: 120 }, (_, i) => [`page ${i + 1}`, `phone 138${String(i).padStart(8, '0')}`]);
    const { parts } = await readAll(bufferSource('long.pdf', await pdfBuffer(pages)));
    expect(parts).toHaveLength(120);
    parts.forEach((part, i) => expect(part).toEqual({ kind: 'text', where: { page: i + 1 }, text: pages[i].join('\n'), chunks: 1 }));
  });
  it('a scan (pages of images, no text on any) is NO_TEXT after its pages, never public', async () => {
    const scan = await scannedPdfBuffer([[], [], []]);
    const { parts, thrown } = await readAll(bufferSource('合同扫描件.pdf', scan));
    expect(thrown).toBeUndefined();
    expect(parts.map((part) => part.kind)).toEqual(['text', 'text', 'text', 'error']);
    expect(parts[3]).toMatchObject({ kind: 'error', where: {}, code: 'NO_TEXT' });
    const report = await scanSource(bufferSource('scan.pdf', scan), 'scan.pdf', {});
    expect(report).toMatchObject({ format: 'pdf', sensitivity: 'failed', error: { code: 'NO_TEXT' } });
  });

  it('typed pages with scanned ones (a contract, then ID card copies): the typed pages are read, then NO_TEXT names the scanned ones', async () => {
    const { parts } = await readAll(bufferSource('mixed.pdf', await scannedPdfBuffer([[], ['phone 13812345678'], []])));
    expect(parts.map((part) => part.kind)).toEqual(['text', 'text', 'text', 'error']);
    expect(parts[1]).toMatchObject({ text: expect.stringContaining('13812345678') });
    expect(parts[3]).toMatchObject({ code: 'NO_TEXT', message: expect.stringContaining('pages 1, 3 show images') });
    const report = await scanSource(bufferSource('mixed.pdf', await scannedPdfBuffer([['Contract. Party A phone 13812345678'], []])), 'mixed.pdf', {});
    expect(report).toMatchObject({ sensitivity: 'failed', counts: { cn_mobile: 1 }, error: { code: 'NO_TEXT' } });
  });

  it('a page that images a page and also has text (a scan with a text layer, a letterhead) is read, not NO_TEXT', async () => {
    const { parts } = await readAll(bufferSource('ocr.pdf', await scannedPdfBuffer([['page one'], ['page two']])));
    expect(parts.map((part) => part.kind)).toEqual(['text', 'text']);
  });

  it('a blank page among typed ones paints no image and is no scan: no NO_TEXT', async () => {
    const { parts } = await readAll(bufferSource('blank.pdf', await pdfBuffer([['page one'], [], ['page three']])));
    expect(parts.map((part) => part.kind)).toEqual(['text', 'text', 'text']);
  });

  it('yields one part per page with its page number', async () => {
    const pdf = await pdfBuffer([['hello page one', 'phone 13812345678'], ['page two']]);
    const { format, parts } = await readAll(bufferSource('report.pdf', pdf));
    expect(format).toBe('pdf');
    expect(parts).toEqual([
      { kind: 'text', where: { page: 1 }, text: 'hello page one\nphone 13812345678', chunks: 1 },
      { kind: 'text', where: { page: 2 }, text: 'page two', chunks: 1 },
    ]);
  });

  it('reads text without loading the native canvas package pdfjs asks for (20 MiB of RSS)', async () => {
    // Prepare
    const fromPdfjs = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    const canvas = fromPdfjs.resolve('@napi-rs/canvas');
    // Act
    const { parts } = await readAll(bufferSource('canvas.pdf', await pdfBuffer([['phone 13812345678']])));
    // Assess: the text is read, and what pdfjs got for the package is the empty stand-in
    expect(parts.map((part) => part.kind === 'text' && part.text)).toEqual(['phone 13812345678']);
    expect(fromPdfjs('@napi-rs/canvas')).toEqual({});
    expect(fromPdfjs.cache[canvas]?.exports).not.toHaveProperty('createCanvas');
  });

  it('a password-protected pdf is ENCRYPTED', async () => {
    const result = await readAll(bufferSource('locked.pdf', await encryptedPdfBuffer([['secret']])));
    expect(result).toMatchObject({ format: 'pdf', parts: [], thrown: { code: 'ENCRYPTED' } });
  });

  it('a corrupt pdf is CORRUPT', async () => {
    const result = await readAll(bufferSource('broken.pdf', Buffer.from(`%PDF-1.7\n${'garbage '.repeat(100)}`)));
    expect(result).toMatchObject({ format: 'pdf', parts: [], thrown: { code: 'CORRUPT' } });
  });

  it('a pdf over maxBufferedBytes is LIMIT_EXCEEDED', async () => {
    const pdf = await pdfBuffer([['x']]);
    const result = await readAll(bufferSource('big.pdf', pdf, 100), { maxBufferedBytes: 1000 });
    expect(result.thrown?.code).toBe('LIMIT_EXCEEDED');
  });
});
