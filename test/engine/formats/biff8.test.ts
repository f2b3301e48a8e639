/**
 * The BIFF8 reader (biff8.ts) reads .xls record by record; SheetJS, which it replaced for BIFF8,
 * parses the whole workbook. On workbooks from three writers (LibreOffice's Excel 97 export of
 * generated spreadsheets of every cell kind, xlwt, and SheetJS's own writer), both must give
 * exactly the same cells: sheet, reference, text and header, in the same order. Hand-built
 * streams cover what none of these writers produces.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { biff8Cells, isBiff8 } from '../../../lambdas/engine/formats/biff8.js';
import { rootStream } from '../../../lambdas/engine/formats/ole.js';
import { type CfbApi, type CfbContainer, loadSheetJs } from '../../../lambdas/engine/formats/sheetjs.js';
import { EXCEL_DATE_RULES } from '../../../lambdas/engine/formats/excel-dates.js';
import { workbookCells } from '../../../lambdas/engine/formats/xls.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { Rng } from '../../../synthetic/random.js';
import { CUSTOMER_COLUMNS, convertedAll, customers, written } from './writers.js';

beforeAll(() => ensurePythonTools().then(() => undefined));

const WORDS = ['客户', '张伟', '电话', '13812345678', 'Order', 'café', 'Straße', 'naïve', '42', 'a&b', '<x>', '地址：上海市', '😀', 'ID', '¥'];

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Number and date styles the generated cells use: dates in three forms, a time, plain numbers. */
const STYLES = `
<number:date-style style:name="D1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<number:date-style style:name="D2"><number:year number:style="long"/><number:text>年</number:text><number:month/><number:text>月</number:text><number:day/><number:text>日</number:text></number:date-style>
<number:date-style style:name="D3"><number:day/><number:text>/</number:text><number:month/><number:text>/</number:text><number:year/><number:text> </number:text><number:hours/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>
<number:time-style style:name="T1"><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/><number:text>:</number:text><number:seconds number:style="long"/></number:time-style>
<number:number-style style:name="N1"><number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:percentage-style style:name="P1"><number:number number:decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<style:style style:name="d1" style:family="table-cell" style:data-style-name="D1"/>
<style:style style:name="d2" style:family="table-cell" style:data-style-name="D2"/>
<style:style style:name="d3" style:family="table-cell" style:data-style-name="D3"/>
<style:style style:name="t1" style:family="table-cell" style:data-style-name="T1"/>
<style:style style:name="n1" style:family="table-cell" style:data-style-name="N1"/>
<style:style style:name="p1" style:family="table-cell" style:data-style-name="P1"/>
<style:style style:name="b" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>`;

/** Random flat OpenDocument spreadsheets with every kind of cell an .xls holds. */
class SpreadsheetWriter {
  constructor(private readonly rng: Rng) {}

  private text(): string {
    const { rng } = this;
    const short = Array.from({ length: rng.int(1, 4) }, () => rng.pick(WORDS)).join(rng.chance(0.5) ? ' ' : '');
    // Long strings run across the shared string table's CONTINUE records.
    return rng.chance(0.05) ? short.repeat(rng.int(200, 1500)).slice(0, 30_000) : short;
  }

  private date(): string {
    const { rng } = this;
    const day = `${rng.int(1900, 2040)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    return rng.chance(0.5) ? day : `${day}T${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00`;
  }

  private cell(): string {
    const { rng } = this;
    const options = [
      () => `<table:table-cell office:value-type="string"><text:p>${xml(this.text())}</text:p></table:table-cell>`,
      () => `<table:table-cell office:value-type="string"><text:p>${xml(this.text())}</text:p><text:p>${xml(this.text())}</text:p></table:table-cell>`,
      // Formatted runs: a rich string in the shared string table.
      () => `<table:table-cell office:value-type="string"><text:p>${xml(this.text())}<text:span text:style-name="b">${xml(this.text())}</text:span></text:p></table:table-cell>`,
      () => `<table:table-cell office:value-type="float" office:value="${rng.int(-1000, 100_000)}"/>`,
      () => `<table:table-cell office:value-type="float" office:value="${rng.int(1, 9)}${rng.digits(rng.int(8, 17))}"/>`,
      () => `<table:table-cell office:value-type="float" office:value="${rng.int(-99, 9999)}.${rng.digits(rng.int(1, 4))}"/>`,
      () => `<table:table-cell table:style-name="n1" office:value-type="float" office:value="${rng.int(0, 99999)}.${rng.digits(2)}"/>`,
      () => `<table:table-cell table:style-name="p1" office:value-type="percentage" office:value="0.${rng.digits(3)}"/>`,
      () => `<table:table-cell table:style-name="${rng.pick(['d1', 'd2', 'd3'])}" office:value-type="date" office:date-value="${this.date()}"/>`,
      () => `<table:table-cell table:style-name="t1" office:value-type="time" office:time-value="PT${rng.int(0, 23)}H${rng.int(0, 59)}M${rng.int(0, 59)}S"/>`,
      () => `<table:table-cell office:value-type="boolean" office:boolean-value="${rng.pick(['true', 'false'])}"/>`,
      () => `<table:table-cell table:formula="of:=CONCATENATE(&quot;${xml(xml(this.text()).slice(0, 40))}&quot;;&quot;${rng.digits(4)}&quot;)"/>`,
      () => `<table:table-cell table:formula="of:=${rng.int(1, 999)}*${rng.int(1, 999)}"/>`,
      () => `<table:table-cell table:formula="of:=${rng.pick(['1/0', 'NA()', 'SQRT(-1)', '&quot;a&quot;+1'])}"/>`,
      () => `<table:table-cell table:formula="of:=${rng.int(1, 9)}&gt;${rng.int(1, 9)}"/>`,
      () => '<table:table-cell table:formula="of:=&quot;&quot;"/>',
      () => `<table:table-cell table:style-name="d1" table:formula="of:=DATE(${rng.int(1950, 2030)};${rng.int(1, 12)};${rng.int(1, 28)})"/>`,
      () => `<table:table-cell table:number-columns-repeated="${rng.int(1, 3)}"/>`,
    ];
    return rng.pick(options)();
  }

  private sheet(index: number): string {
    const { rng } = this;
    const rows: string[] = [];
    // Sometimes the header is not on row 1, sometimes the sheet is empty.
    for (let r = rng.int(0, 2); r > 0; r--) rows.push('<table:table-row><table:table-cell/></table:table-row>');
    const columns = rng.int(1, 8);
    const header = Array.from({ length: columns }, () =>
      rng.chance(0.15) ? '<table:table-cell/>' : `<table:table-cell office:value-type="string"><text:p>${xml(rng.pick(WORDS))}</text:p></table:table-cell>`,
    );
    if (!rng.chance(0.1)) rows.push(`<table:table-row>${header.join('')}</table:table-row>`);
    for (let r = rng.int(0, 40); r > 0; r--) {
      rows.push(`<table:table-row>${Array.from({ length: rng.int(0, columns + 1) }, () => this.cell()).join('')}</table:table-row>`);
    }
    return `<table:table table:name="${rng.pick(['客户', 'Sheet', '数据'])}${index}">${rows.join('')}</table:table>`;
  }

  workbook(): Buffer {
    const sheets = Array.from({ length: this.rng.int(1, 3) }, (_, i) => this.sheet(i)).join('');
    // Some workbooks count dates from 1904 (DATEMODE).
    const settings = this.rng.chance(0.3) ? '<table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>' : '';
    return Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:automatic-styles>${STYLES}</office:automatic-styles><office:body><office:spreadsheet>${settings}${sheets}</office:spreadsheet></office:body></office:document>`,
    );
  }
}

async function container(xls: Buffer): Promise<CfbContainer> {
  const { CFB } = await loadSheetJs();
  return (CFB as CfbApi).read(xls, { type: 'buffer' });
}

/** The BIFF8 reader's cells and SheetJS's, for one workbook. */
async function bothReaders(xls: Buffer): Promise<{ streamed: Cell[]; sheetJs: Cell[] }> {
  const cfb = await container(xls);
  const stream = rootStream(cfb, 'Workbook')!;
  expect(isBiff8(stream)).toBe(true);
  const streamed = [...biff8Cells(stream, EXCEL_DATE_RULES)];
  const sheetJs: Cell[] = [];
  for await (const batch of workbookCells(cfb)) sheetJs.push(...batch);
  return { streamed, sheetJs };
}

describe('BIFF8 reader against SheetJS', () => {
  let workbooks: Buffer[];
  beforeAll(async () => {
    const rng = new Rng('biff8');
    workbooks = await convertedAll(
      Array.from({ length: 40 }, () => new SpreadsheetWriter(rng.fork()).workbook()),
      'fods',
      'xls:MS Excel 97',
    );
  }, 180_000);

  it('LibreOffice workbooks of every cell kind: the same cells, texts and headers', async () => {
    let cells = 0;
    const kinds = new Set<string>();
    for (const xls of workbooks) {
      const { streamed, sheetJs } = await bothReaders(xls);
      expect(streamed).toEqual(sheetJs);
      cells += streamed.length;
      for (const { text } of streamed) {
        kinds.add(/^\d{4}-\d\d-\d\d/.test(text) ? 'date' : /^#/.test(text) ? 'error' : /^(true|false)$/.test(text) ? 'boolean' : text.length > 8224 ? 'long' : 'other');
      }
    }
    expect(cells).toBeGreaterThan(2000);
    expect([...kinds].sort()).toEqual(['boolean', 'date', 'error', 'long', 'other']);
  });

  it('xlwt workbooks: shared strings across CONTINUE records, RK and NUMBER, booleans', async () => {
    const rng = new Rng('xlwt');
    const { rows } = customers(400);
    const long = Array.from({ length: 60 }, () => [Array.from({ length: rng.int(100, 3000) }, () => rng.pick(WORDS)).join(' '), rng.chance(0.5), -rng.int(1, 1e6) / 100]);
    const xls = await written({
      kind: 'xls',
      tables: [
        { name: '客户', columns: CUSTOMER_COLUMNS, types: [], rows },
        { name: 'notes', columns: ['text', 'flag', 'amount'], types: [], rows: long as unknown as (string | number)[][] },
      ],
    });
    const { streamed, sheetJs } = await bothReaders(xls);
    expect(streamed).toEqual(sheetJs);
    expect(streamed.length).toBeGreaterThan(2000);
  });

  it('SheetJS workbooks (LABEL records, no shared strings): the same cells', async () => {
    const XLSX = await import('@e965/xlsx');
    const rng = new Rng('sheetjs');
    for (let w = 0; w < 5; w++) {
      const book = XLSX.utils.book_new();
      for (let n = rng.int(1, 3); n > 0; n--) {
        const rows = Array.from({ length: rng.int(1, 40) }, () =>
          Array.from({ length: rng.int(1, 6) }, () =>
            rng.pick<() => unknown>([
              () => rng.pick(WORDS),
              () => rng.pick(WORDS).repeat(rng.int(1, 3000)),
              () => rng.int(-1e6, 1e6),
              () => rng.int(-1e6, 1e6) / 100,
              () => new Date(Date.UTC(rng.int(1900, 2040), rng.int(0, 11), rng.int(1, 28))),
              () => rng.chance(0.5),
              () => null,
            ])(),
          ),
        );
        XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows, { cellDates: true }), `S${n}`);
      }
      const { streamed, sheetJs } = await bothReaders(XLSX.write(book, { bookType: 'biff8', type: 'buffer' }) as Buffer);
      expect(streamed).toEqual(sheetJs);
      expect(streamed.length).toBeGreaterThan(0);
    }
  });
});

describe('BIFF8 reader on hand-built streams', () => {
  const record = (type: number, data: Buffer): Buffer => Buffer.concat([Buffer.from([type & 0xff, type >> 8, data.length & 0xff, data.length >> 8]), data]);
  const bof = (dt: number): Buffer => record(0x0809, Buffer.from([0x00, 0x06, dt, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  const EOF_RECORD = record(0x000a, Buffer.alloc(0));
  const CONTINUE = 0x003c;
  const utf16 = (text: string): Buffer => Buffer.from(text, 'utf16le');

  /** A workbook stream: globals (one XF, `globals`, one sheet named S), then the sheet's records. */
  function book(globals: readonly Buffer[], sheet: readonly Buffer[]): Buffer {
    const head = (position: number): Buffer[] => {
      const boundSheet = Buffer.from([0, 0, 0, 0, 0, 0, 1, 0, 0x53]);
      boundSheet.writeUInt32LE(position, 0);
      return [bof(0x05), record(0x00e0, Buffer.alloc(20)), record(0x0085, boundSheet), ...globals, EOF_RECORD];
    };
    return Buffer.concat([...head(Buffer.concat(head(0)).length), bof(0x10), ...sheet, EOF_RECORD]);
  }

  /** An SST record of `strings` (16-bit characters), after its counts. */
  function sst(strings: readonly string[], ...more: Buffer[]): Buffer {
    const counts = Buffer.alloc(8);
    counts.writeUInt32LE(strings.length + more.length, 0);
    counts.writeUInt32LE(strings.length + more.length, 4);
    const each = strings.map((text) => Buffer.concat([Buffer.from([text.length & 0xff, text.length >> 8, 1]), utf16(text)]));
    return record(0x00fc, Buffer.concat([counts, ...each, ...more]));
  }

  /** A cell record: its row and column, then the rest (from its XF on). */
  const cellRecord = (type: number, row: number, column: number, rest: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(row, 0);
    head.writeUInt16LE(column, 2);
    return record(type, Buffer.concat([head, rest]));
  };
  const labelSst = (row: number, column: number, index: number): Buffer => {
    const rest = Buffer.alloc(6);
    rest.writeUInt32LE(index, 2);
    return cellRecord(0x00fd, row, column, rest);
  };
  const texts = (stream: Buffer): string[] => [...biff8Cells(stream, NO_DATES)].map((cell) => `${cell.ref}=${cell.text}${cell.header ? ` (${cell.header})` : ''}`);
  const NO_DATES = { builtins: {}, isDate: () => false, dateCode: () => null };

  it('a shared string goes on in a CONTINUE record, in the width its first byte gives', () => {
    // 'abc' in one byte per character, then 张伟 in two: the flag byte starts the CONTINUE.
    const split = Buffer.from([5, 0, 0x00, 0x61, 0x62, 0x63]);
    const stream = book([sst(['姓名'], split), record(CONTINUE, Buffer.concat([Buffer.from([0x01]), utf16('张伟')]))], [labelSst(0, 0, 0), labelSst(1, 0, 1)]);
    expect(texts(stream)).toEqual(['A1=姓名', 'A2=abc张伟 (姓名)']);
  });

  it('rich text runs and phonetic data after a shared string are skipped', () => {
    const rich = Buffer.concat([Buffer.from([2, 0, 0x09, 1, 0]), utf16('张伟'), Buffer.alloc(4)]); // one run
    const phonetic = Buffer.concat([Buffer.from([2, 0, 0x05, 6, 0, 0, 0]), utf16('李娜'), Buffer.alloc(6)]); // 6 bytes of ExtRst
    const stream = book([sst(['姓名'], phonetic, rich)], [labelSst(0, 0, 0), labelSst(1, 0, 1), labelSst(2, 0, 2)]);
    expect(texts(stream)).toEqual(['A1=姓名', 'A2=李娜 (姓名)', 'A3=张伟 (姓名)']);
  });

  it('a LABEL whose string goes on in a CONTINUE record', () => {
    const label = cellRecord(0x0204, 1, 0, Buffer.from([0, 0, 4, 0, 0x00, 0x61, 0x62]));
    const stream = book([sst(['姓名'])], [labelSst(0, 0, 0), label, record(CONTINUE, Buffer.concat([Buffer.from([0x01]), utf16('张伟')]))]);
    expect(texts(stream)).toEqual(['A1=姓名', 'A2=ab张伟 (姓名)']);
  });

  /** A drawing object: Obj (its ftCmo: type, id), TxO (its text's length), the text in a CONTINUE, and runs in another. */
  const textObject = (id: number, text: string, kind = 0x19): Buffer[] => {
    const cmo = Buffer.alloc(22);
    cmo.writeUInt16LE(0x15, 0);
    cmo.writeUInt16LE(0x12, 2);
    cmo.writeUInt16LE(kind, 4);
    cmo.writeUInt16LE(id, 6);
    const txo = Buffer.alloc(18);
    txo.writeUInt16LE(text.length, 10);
    txo.writeUInt16LE(16, 12);
    return [record(0x005d, Buffer.concat([cmo, Buffer.alloc(4)])), record(0x01b6, txo), record(CONTINUE, Buffer.concat([Buffer.from([0x01]), utf16(text)])), record(CONTINUE, Buffer.alloc(16))];
  };
  const note = (row: number, column: number, id: number): Buffer => {
    const data = Buffer.alloc(12);
    data.writeUInt16LE(row, 0);
    data.writeUInt16LE(column, 2);
    data.writeUInt16LE(id, 6);
    return record(0x001c, data);
  };

  it('a cell\'s comment is a cell at its cell, without a header; a text box one at A1; neither is a header row', () => {
    const stream = book([sst(['姓名', '张伟'])], [
      labelSst(0, 0, 0),
      labelSst(1, 0, 1),
      ...textObject(7, '客户身份证见附件'),
      ...textObject(8, '内部资料', 0x06),
      note(1, 0, 7),
    ]);
    expect(texts(stream)).toEqual(['A1=姓名', 'A2=张伟 (姓名)', 'A2=客户身份证见附件', 'A1=内部资料']);
  });

  it('the header row is the first row with a cell, whatever the order of the records', () => {
    const stream = book([sst(['姓名', '张伟'])], [labelSst(1, 0, 1), labelSst(0, 0, 0)]);
    expect(texts(stream)).toEqual(['A2=张伟 (姓名)', 'A1=姓名']);
  });

  it('the cells of a chart embedded in the sheet (a nested substream) are not the sheet\'s', () => {
    const number = cellRecord(0x0203, 5, 5, Buffer.concat([Buffer.alloc(2), Buffer.from(new Float64Array([13812345678]).buffer)]));
    const stream = book([sst(['姓名', '张伟'])], [labelSst(0, 0, 0), bof(0x20), number, EOF_RECORD, labelSst(1, 0, 1)]);
    expect(texts(stream)).toEqual(['A1=姓名', 'A2=张伟 (姓名)']);
  });

  it('a cell that refers past the shared strings is CORRUPT', async () => {
    const stream = book([sst(['姓名'])], [labelSst(0, 0, 0), labelSst(1, 0, 7)]);
    expect(() => [...biff8Cells(stream, NO_DATES)]).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });

  it('a MULRK whose last column disagrees with its count is CORRUPT', () => {
    const rest = Buffer.alloc(8); // one XF and RK, then the last column
    rest.writeUInt16LE(9, 6);
    const stream = book([sst(['姓名'])], [labelSst(0, 0, 0), cellRecord(0x00bd, 1, 0, rest)]);
    expect(() => [...biff8Cells(stream, NO_DATES)]).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });

  it('a MULRK reads one number per column', () => {
    const rest = Buffer.alloc(14);
    rest.writeUInt32LE((12345 << 2) | 0x02, 2); // an integer RK
    rest.writeInt32LE((-700 << 2) | 0x03, 8); // an integer RK / 100
    rest.writeUInt16LE(4, 12);
    const stream = book([sst(['姓名'])], [labelSst(0, 3, 0), cellRecord(0x00bd, 1, 3, rest)]);
    expect(texts(stream)).toEqual(['D1=姓名', 'D2=12345 (姓名)', 'E2=-7']);
  });

  it('a stream cut inside a record is CORRUPT', () => {
    const stream = book([sst(['姓名', '张伟'])], [labelSst(0, 0, 0), labelSst(1, 0, 1)]);
    expect(() => [...biff8Cells(stream.subarray(0, stream.length - 6), NO_DATES)]).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });

  // A globals EOF whose header is overwritten (type and length 0xFFFF) swallows the sheet's BOF:
  // the walk read no sheet and the workbook was public (found by fuzzing).
  it('a sheet the globals list but the walk cannot reach is CORRUPT, after the sheets it can', () => {
    const stream = book([sst(['姓名', '张伟'])], [labelSst(0, 0, 0), labelSst(1, 0, 1)]);
    expect(texts(stream)).toEqual(['A1=姓名', 'A2=张伟 (姓名)']);
    const globalsEnd = stream.indexOf(EOF_RECORD, stream.indexOf(Buffer.from([0xfc, 0x00])));
    const swallowed = Buffer.concat([stream.subarray(0, globalsEnd), Buffer.from([0xff, 0xff, 0x10, 0x00]), Buffer.alloc(16), stream.subarray(globalsEnd + 4 + 16)]);
    expect(() => texts(swallowed)).toThrow(expect.objectContaining({ code: 'CORRUPT', message: 'xls 1 sheet(s) the workbook lists could not be reached' }));
  });

  it("a real writer's stream cut anywhere is CORRUPT", async () => {
    const { rows } = customers(300);
    const xls = await written({ kind: 'xls', tables: [{ name: 'S', columns: CUSTOMER_COLUMNS, types: [], rows }] });
    const stream = Buffer.from(rootStream(await container(xls), 'Workbook')!);
    const rng = new Rng('cuts');
    for (let i = 0; i < 20; i++) {
      // xlwt pads the stream to 512 bytes after its last EOF: cut before that.
      const cut = stream.subarray(0, rng.int(8, stream.lastIndexOf(Buffer.from([0x0a, 0x00, 0x00, 0x00]))));
      expect(() => [...biff8Cells(cut, NO_DATES)]).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    }
  });
});
