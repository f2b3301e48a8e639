/**
 * Tables in PDFs (page-layout.ts, pdf.ts): a customer list printed to PDF is read as cells under
 * its column headers, as the same list in a CSV is; and the text of a page keeps what a reader
 * sees as one (a typesetter's spacing between Chinese and digits, a label wrapped at a line's end).
 */
import { describe, expect, it } from 'vitest';
import { PagedDocument, PageTables, type Placed } from '../../../lambdas/engine/formats/page-layout.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { chinesePdfBuffer, csvText, helveticaWidth, songWidth, type PdfText } from '../../../synthetic/files.js';
import { address, chineseName, dateString, mobile, passport, qq, residentId, wechatId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource, readAll, type FlatPart } from './read-parts.js';
import type { Cell } from '../../../lambdas/engine/types.js';

/** The cells of every cells part. */
function onlyCells(parts: readonly FlatPart[]): Cell[] {
  return parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));
}

const HEADER = ['姓名', '出生日期', '微信号', 'QQ', '护照号码', '手机号', '身份证号'];

function customers(count: number, seed = 'pdf-tables'): string[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => [
    chineseName(rng),
    dateString(rng, { form: 'dashed' }),
    wechatId(rng, { chosen: true }),
    qq(rng),
    passport(rng),
    mobile(rng),
    residentId(rng),
  ]);
}

type Align = 'left' | 'right' | 'center';

/** A table drawn as an office program prints it: each cell's text at its column, in its alignment. */
function tablePieces(rows: readonly (readonly string[])[], options: { columns: readonly number[]; widths: readonly number[]; top?: number; line?: number; align?: (row: number, column: number) => Align }): PdfText[] {
  const { columns, widths, top = 60, line = 16, align = () => 'left' } = options;
  return rows.flatMap((row, r) =>
    row.map((text, c) => {
      const width = songWidth(text) * 10;
      const how = align(r, c);
      const x = how === 'left' ? columns[c] + 2 : how === 'right' ? columns[c] + widths[c] - 2 - width : columns[c] + (widths[c] - width) / 2;
      return { text, x, y: top + r * line };
    }),
  );
}

const COLUMNS = [40, 90, 150, 240, 300, 360, 430];
const WIDTHS = [50, 60, 90, 60, 60, 70, 100];

async function scanPdf(pages: readonly (readonly PdfText[])[]) {
  return scanSource(bufferSource('customers.pdf', await chinesePdfBuffer(pages)), 'customers.pdf');
}

async function scanCsv(rows: readonly (readonly string[])[]) {
  return scanSource(bufferSource('customers.csv', csvText(rows)), 'customers.csv');
}

describe('a customer list printed to PDF', () => {
  const rows = customers(20);

  it('is read as cells under its column headers: the same findings as the list as a CSV', async () => {
    const csv = await scanCsv([HEADER, ...rows]);
    expect(Object.keys(csv.counts).sort()).toEqual(['cn_mobile', 'cn_name', 'cn_passport', 'cn_resident_id', 'date_of_birth', 'qq', 'wechat_id']);
    const pdf = await scanPdf([tablePieces([HEADER, ...rows], { columns: COLUMNS, widths: WIDTHS })]);
    expect(pdf.counts).toEqual(csv.counts);
    const { parts } = await readAll(bufferSource('customers.pdf', await chinesePdfBuffer([tablePieces([HEADER, ...rows], { columns: COLUMNS, widths: WIDTHS })])));
    const cells = onlyCells(parts);
    expect(cells).toContainEqual({ sheet: 'table 1', ref: 'C2', text: rows[0][2], header: '微信号' });
    expect(cells).toContainEqual({ sheet: 'table 1', ref: 'A1', text: '姓名' });
    expect(cells).toHaveLength(HEADER.length * (rows.length + 1));
  });

  it('headers centred, numbers right-aligned: each value under its own header', async () => {
    const align = (r: number, c: number): Align => (r === 0 ? 'center' : c >= 3 && c <= 6 && c !== 4 ? 'right' : 'left');
    const { parts } = await readAll(bufferSource('customers.pdf', await chinesePdfBuffer([tablePieces([HEADER, ...rows], { columns: COLUMNS, widths: WIDTHS, align })])));
    const cells = onlyCells(parts).filter((cell) => cell.header !== undefined);
    for (const [r, row] of rows.entries()) {
      // Under its column's header (then the label on its left, when its neighbour reads as one).
      for (const [c, text] of row.entries()) expect(cells).toContainEqual(expect.objectContaining({ text, header: expect.stringMatching(new RegExp(`^${HEADER[c]}( |$)`)) }));
      expect(cells.filter((cell) => new RegExp(`^[A-Z]+${r + 2}$`).test(cell.ref))).toHaveLength(row.length);
    }
  });

  it('cells clipped to their columns (the text of one running into the next) are apart: an ID and a phone are not one run of digits', async () => {
    // Columns 64 points wide: an ID (90 points) runs 26 points into the phone's column; a phone
    // (55) and a passport (45) fit. (Text that runs a point or so into the next, pdfjs gives as one
    // piece with it: no reader can tell where one ends.)
    const header = ['姓名', '身份证号', '手机号', '护照号码', '微信号'];
    const order = [0, 6, 5, 4, 2];
    const pieces: PdfText[] = [header, ...rows.map((row) => order.map((c) => row[c]))].flatMap((row, r) => row.map((text, c) => ({ text, x: 40 + c * 64, y: 60 + r * 16 })));
    const pdf = await scanPdf([pieces]);
    expect(pdf.counts).toEqual({ cn_name: 20, cn_resident_id: 20, cn_mobile: 20, wechat_id: 20, cn_passport: 20 });
  });

  it('going on to the next page under a title, without its header line again: the rows keep their headers', async () => {
    const first = tablePieces([HEADER, ...rows.slice(0, 10)], { columns: COLUMNS, widths: WIDTHS });
    const second = [{ text: '客户名单（续）', x: 40, y: 40, size: 14 }, ...tablePieces(rows.slice(10), { columns: COLUMNS, widths: WIDTHS })];
    const pdf = await scanPdf([first, second]);
    expect(pdf.counts).toEqual((await scanCsv([HEADER, ...rows])).counts);
  });

  it('a cell of two lines (an address wrapped in its column): its lines one cell', async () => {
    const rng = new Rng('wrapped');
    const header = ['姓名', '联系地址', '微信号'];
    const home = address(rng);
    const pieces: PdfText[] = [
      ...header.map((text, c) => ({ text, x: [40, 100, 300][c], y: 60 })),
      { text: '张伟', x: 40, y: 76 },
      { text: home.slice(0, 8), x: 100, y: 76 },
      { text: 'zhang_wei88', x: 300, y: 76 },
      { text: home.slice(8), x: 100, y: 88 },
    ];
    const { parts } = await readAll(bufferSource('a.pdf', await chinesePdfBuffer([pieces])));
    expect(onlyCells(parts)).toContainEqual({ sheet: 'table 1', ref: 'B2', text: home, header: '联系地址 张伟' });
  });

  it('lines that are not a table stay text: a form of labels and values, a letter, a line of two values', async () => {
    const form: PdfText[] = [
      { text: '客户信息登记表', x: 200, y: 40, size: 14 },
      { text: '姓名：张伟', x: 40, y: 80 },
      { text: '性别：男', x: 300, y: 80 },
      { text: '微信号：zhang_wei88', x: 40, y: 96 },
      { text: '出生日期：1990-05-03', x: 300, y: 96 },
      { text: '尊敬的客户，您好。', x: 40, y: 130 },
      { text: '甲方', x: 40, y: 160 },
      { text: '2024-05-03', x: 300, y: 160 },
    ];
    const { parts } = await readAll(bufferSource('form.pdf', await chinesePdfBuffer([form])));
    expect(onlyCells(parts)).toEqual([]);
    const report = await scanSource(bufferSource('form.pdf', await chinesePdfBuffer([form])), 'form.pdf');
    expect(report.counts).toMatchObject({ cn_name: 1, wechat_id: 1, date_of_birth: 1 });
  });
});

describe('the text of a PDF page', () => {
  it('the spacing a typesetter puts between Chinese and digits is no space: an address is read whole', async () => {
    // Digits in a Latin font, 0.2 em from the Chinese: pdfjs gives each gap as a space of its own.
    const parts = ['地址：上海市浦东新区光明路', '649', '号', '12', '栋'];
    let x = 40;
    const pieces: PdfText[] = parts.map((text) => {
      const latin = /^\d+$/.test(text);
      const piece = { text, x, y: 60, latin };
      x += (latin ? helveticaWidth(text) : songWidth(text)) * 10 + 2;
      return piece;
    });
    const report = await scanPdf([pieces]);
    expect(report.counts).toEqual({ cn_address: 1 });
  });

  it('a label at a line\'s end and its value at the next line\'s start are read together; so is a value wrapped at its hyphen', async () => {
    const pieces: PdfText[] = [
      { text: '客户张伟的微信号：', x: 40, y: 60 },
      { text: 'zhang_wei88，QQ号：12345678，备用微信号：li-', x: 40, y: 76 },
      { text: 'na1990。', x: 40, y: 92 },
    ];
    const report = await scanPdf([pieces]);
    expect(report.counts).toMatchObject({ wechat_id: 2, qq: 1 });
  });
});

describe('PageTables', () => {
  const at = (text: string, x: number, y: number): Placed => ({ text, x, y, width: songWidth(text) * 10, size: 10 });

  it('cuts a piece that runs across two columns at its space (pdfjs joins two close cells with a space)', () => {
    const { cells, taken } = new PageTables().read([at('微信号', 40, 10), at('QQ', 110, 10), at('zhang_wei88 12345678', 40, 26)]);
    expect(cells).toEqual([
      { sheet: 'table 1', ref: 'A1', text: '微信号' },
      { sheet: 'table 1', ref: 'B1', text: 'QQ', header: '微信号' },
      { sheet: 'table 1', ref: 'A2', text: 'zhang_wei88', header: '微信号' },
      { sheet: 'table 1', ref: 'B2', text: '12345678', header: 'QQ' },
    ]);
    expect([...taken].sort()).toEqual([0, 1, 2]);
  });

  it('does not cut a sentence under a table into its columns: its words do not start at them', () => {
    const { cells, taken } = new PageTables().read([at('姓名', 40, 10), at('微信号', 110, 10), at('张伟', 40, 26), at('zhang_wei88', 110, 26), at('以上 2 位客户 身份证号 110101199003078515 已核实', 40, 40)]);
    expect(cells.map((cell) => cell.ref)).toEqual(['A1', 'B1', 'A2', 'B2']);
    expect(taken.has(4)).toBe(false);
  });

  it('a row whose cells wrap: their next lines added to them (Chinese joined, else a space), the next row a row of its own', () => {
    const { cells } = new PageTables().read([
      at('姓名', 40, 10),
      at('联系地址', 110, 10),
      at('手机号', 260, 10),
      at('司马', 40, 26),
      at('江苏省南京市鼓', 110, 26),
      at('13812345678', 260, 26),
      at('辉', 40, 38),
      at('楼区文化街156号', 110, 38),
      at('李娜', 40, 56),
      at('上海市浦东新区光明路', 110, 56),
      at('13987654321', 260, 56),
    ]);
    expect(cells.filter((cell) => !cell.ref.endsWith('1')).map((cell) => [cell.ref, cell.text])).toEqual([
      ['A2', '司马辉'],
      ['B2', '江苏省南京市鼓楼区文化街156号'],
      ['C2', '13812345678'],
      ['A3', '李娜'],
      ['B3', '上海市浦东新区光明路'],
      ['C3', '13987654321'],
    ]);
  });

  it('Chinese headers pdfjs joined into one piece (姓名 出生日期 联系地址) are columns of their own', () => {
    const { cells } = new PageTables().read([at('姓名 出生日期 联系地址', 40, 10), at('张伟', 40, 26), at('1990-05-03', 65, 26), at('北京市朝阳区建国路88号', 110, 26)]);
    expect(cells.filter((cell) => cell.ref.endsWith('2'))).toEqual([
      { sheet: 'table 1', ref: 'A2', text: '张伟', header: '姓名' },
      { sheet: 'table 1', ref: 'B2', text: '1990-05-03', header: '出生日期 张伟' },
      { sheet: 'table 1', ref: 'C2', text: '北京市朝阳区建国路88号', header: '联系地址' },
    ]);
  });

  it('ends a table at a line that does not fit its columns, and numbers the next table', () => {
    const tables = new PageTables();
    const { cells } = tables.read([
      at('姓名', 40, 10),
      at('QQ', 110, 10),
      at('张伟', 40, 26),
      at('12345678', 110, 26),
      at('以上客户资料仅供内部使用，不得外传，违者依法追究责任。', 40, 60),
      at('姓名', 40, 90),
      at('手机号', 110, 90),
      at('李娜', 40, 106),
      at('13812345678', 110, 106),
    ]);
    expect(cells.map((cell) => `${cell.sheet}!${cell.ref}`)).toEqual(['table 1!A1', 'table 1!B1', 'table 1!A2', 'table 1!B2', 'table 2!A1', 'table 2!B1', 'table 2!A2', 'table 2!B2']);
  });
});

describe('PagedDocument', () => {
  const piece = (text: string, y: number): Placed => ({ text, x: 40, y, width: text.length * 5, size: 10 });

  it('a page whose text reads as control characters (a Chinese font read a byte a character: a NUL before each digit) is CORRUPT after the pages; a page of text is not', async () => {
    const pages = new PagedDocument('pdf', {});
    await pages.page(1, [piece('客户名单', 10)], () => false);
    const garbled = '\u0000Y\u0000\u00d3'.repeat(3) + [...'110101199003078515'].map((digit) => `\u0000${digit}`).join('');
    await pages.page(2, [piece(garbled, 10)], () => false);
    expect(pages.end()).toEqual([{ kind: 'error', where: {}, error: expect.objectContaining({ code: 'CORRUPT', message: expect.stringContaining('pdf pages 2 read as control characters') }) }]);
    const clean = new PagedDocument('pdf', {});
    await clean.page(1, [piece('客户名单\t张伟', 10)], () => false);
    expect(clean.end()).toEqual([]);
  });
});

