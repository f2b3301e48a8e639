/**
 * Excel binary workbook reader (.xlsb: an OOXML package whose parts are BIFF12 records, not XML):
 * one CellsPart with every non-empty cell of every worksheet, its sheet, A1 reference and column
 * header, as the XLSX and .xls readers give them, and each cell's text as SheetJS gives it.
 *
 * Read record by record ([MS-XLSB]), as SheetJS's parser reads them: the workbook's sheets and
 * date system (`xl/workbook.bin`), each cell format's number format (`xl/styles.bin`), the shared
 * strings (`xl/sharedStrings.bin`, held as the XLSX reader holds them: past 8 Mi characters in a
 * scratch file), then each worksheet streamed from the zip, a row at a time; dates by SheetJS's rules,
 * ported (excel-dates.ts: SheetJS is not loaded). Before (engine 0.3.16) SheetJS parsed the workbook
 * whole from the file held in memory: 60,000 customers (27 MB) took 244 MiB, 89-93 now. Without a reader at all an .xlsb was a plain zip whose parts the strings pass read:
 * numbers (a phone stored as a number) and Chinese text were no text to it, and a customer list
 * could come out public.
 *
 * A record is a type (a 7-bit varint of one or two bytes), a size (one to four) and its data.
 * The cells ([MS-XLSB] 2.4.*): a row (BrtRowHdr) gives the row of the cells after it; a cell gives
 * its column (a "short" one, the column after the last), its cell format, and its value: a number
 * (RK or double: digits, or a date when its format is one), a string (inline, rich, shared, or a
 * formula's), a boolean (`true`/`false`) or an error (its name). Blank cells give nothing.
 */
import { posix } from 'node:path';
import type { Entry, ZipFile } from 'yauzl';
import { ScanError } from '../errors.js';
import { HeaderRow, type RowCell } from '../header-row.js';
import type { Cell, ContentPart } from '../types.js';
import { meteredEntry, packageEntries, packageReading, type ZipInput } from './archive.js';
import { collect } from './bytes.js';
import { EXCEL_DATE_RULES } from './excel-dates.js';
import { CellFormats, ERRORS, rkNumber } from './excel-numbers.js';
import { whereOf, type ReadContext } from './limits.js';
import { cellRef } from './table.js';
import { decodeText } from './text.js';
import { SharedStrings } from './xlsx-shared-strings.js';
import { readRelationships } from './xlsx-workbook.js';

const ROW_HEADER = 0x00;
const CELL_BLANK = 0x01;
const CELL_RK = 0x02;
const CELL_ERROR = 0x03;
const CELL_BOOL = 0x04;
const CELL_REAL = 0x05;
const CELL_ST = 0x06;
const CELL_ISST = 0x07;
const FMLA_STRING = 0x08;
const FMLA_NUM = 0x09;
const FMLA_BOOL = 0x0a;
const FMLA_ERROR = 0x0b;
const SHORT_BLANK = 0x0c;
const SHORT_RK = 0x0d;
const SHORT_ERROR = 0x0e;
const SHORT_BOOL = 0x0f;
const SHORT_REAL = 0x10;
const SHORT_ST = 0x11;
const SHORT_ISST = 0x12;
const SST_ITEM = 0x13;
const FMT = 0x2c;
const XF = 0x2f;
const CELL_RSTRING = 0x3e;
const WB_PROP = 0x99;
const BUNDLE_SH = 0x9c;
const BEGIN_CELL_XFS = 0x269;
const END_CELL_XFS = 0x26a;

/** A cell record's fixed head: its column (4 bytes, none in a short cell) and its cell format (3 bytes and a flag byte). */
const CELL_HEAD = 8;
const SHORT_HEAD = 4;

function corrupt(what: string): ScanError {
  return new ScanError('CORRUPT', `xlsb ${what}`);
}

/** One record: its type and data (a view of the bytes read). */
type Record = readonly [type: number, data: Buffer];

/**
 * The records of `bytes` from `at`, as far as they are whole; `at` is moved past them. A record
 * cut by the end is left for the next bytes (`whole` false), else it is CORRUPT.
 */
function* records(bytes: Buffer, cursor: { at: number }, whole: boolean): Generator<Record> {
  for (;;) {
    let at = cursor.at;
    if (at >= bytes.length) return;
    let type = bytes[at++];
    if (type & 0x80) {
      if (at >= bytes.length) break;
      type = (type & 0x7f) | ((bytes[at++] & 0x7f) << 7);
    }
    let size = 0;
    let shift = 0;
    let complete = false;
    while (at < bytes.length && shift < 28) {
      const byte = bytes[at++];
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) {
        complete = true;
        break;
      }
    }
    if (!complete) {
      if (shift >= 28) throw corrupt('record size is malformed');
      break;
    }
    if (at + size > bytes.length) break;
    cursor.at = at + size;
    yield [type, bytes.subarray(at, at + size)];
  }
  if (whole) throw corrupt('record is truncated');
}

/** The records of a part read whole. */
function partRecords(bytes: Buffer): Generator<Record> {
  return records(bytes, { at: 0 }, true);
}

/** An XLWideString at `at` of `data` ([MS-XLSB] 2.5.168): a 32-bit count, then UTF-16LE; and where it ends. */
function wideString(data: Buffer, at: number): [text: string, end: number] {
  if (at + 4 > data.length) throw corrupt('string is truncated');
  const count = data.readUInt32LE(at);
  const end = at + 4 + 2 * count;
  if (count > 0x7fffffff || end > data.length) throw corrupt('string is truncated');
  return [data.toString('utf16le', at + 4, end), end];
}

/** An XLNullableWideString: a count of 0xFFFFFFFF is no string. */
function nullableWideString(data: Buffer, at: number): [text: string | undefined, end: number] {
  if (at + 4 <= data.length && data.readUInt32LE(at) === 0xffffffff) return [undefined, at + 4];
  return wideString(data, at);
}

/** A sheet of `xl/workbook.bin` (BrtBundleSh): its name and relationship id. */
interface BundleSheet {
  readonly name: string;
  readonly rId: string | undefined;
}

function readWorkbook(bytes: Buffer, formats: CellFormats): BundleSheet[] {
  const sheets: BundleSheet[] = [];
  for (const [type, data] of partRecords(bytes)) {
    if (type === WB_PROP) {
      if (data.length < 4) throw corrupt('workbook properties are truncated');
      formats.date1904 = (data.readUInt32LE(0) & 0x01) !== 0;
    } else if (type === BUNDLE_SH) {
      const [rId, at] = nullableWideString(data, 8);
      const [name] = wideString(data, at);
      sheets.push({ name, rId });
    }
  }
  return sheets;
}

function readStyles(bytes: Buffer, formats: CellFormats): void {
  let inCellXfs = false;
  for (const [type, data] of partRecords(bytes)) {
    if (type === FMT) {
      if (data.length < 2) throw corrupt('number format is truncated');
      formats.formats.set(data.readUInt16LE(0), wideString(data, 2)[0]);
    } else if (type === BEGIN_CELL_XFS) inCellXfs = true;
    else if (type === END_CELL_XFS) inCellXfs = false;
    else if (type === XF && inCellXfs) formats.xfFormats.push(data.length >= 4 ? data.readUInt16LE(2) : 0);
  }
}

/** The shared strings (BrtSSTItem: a RichStr, of which only the text is read). */
function readSharedStrings(bytes: Buffer): SharedStrings {
  const strings = new SharedStrings();
  try {
    for (const [type, data] of partRecords(bytes)) if (type === SST_ITEM) strings.push(wideString(data, 1)[0]);
    strings.seal();
  } catch (error) {
    strings.dispose();
    throw error;
  }
  return strings;
}

/** Reads an .xlsb package: its cells. */
export async function* readXlsb(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => xlsbCells(input, ctx) } };
}

function xlsbCells(input: ZipInput, ctx: ReadContext): AsyncGenerator<Cell[]> {
  return packageReading(input, 'xlsb', (zip) => workbookCells(zip, ctx));
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** Part path of a relationship target from the workbook (`worksheets/sheet1.bin`, `/xl/...`). */
function partPath(target: string): string {
  return posix.normalize(target.startsWith('/') ? target.slice(1) : posix.join('xl', target));
}

async function* workbookCells(zip: ZipFile, ctx: ReadContext): AsyncGenerator<Cell[]> {
  const { budget } = ctx;
  const entries = await packageEntries(zip, budget.limits);
  const bytesOf = (path: string, entry: Entry) => meteredEntry(zip, entry, budget, `xlsb part ${path.startsWith('xl/worksheets/') ? 'worksheet' : posix.basename(path)}`);
  // The small parts are read whole, bounded by maxBufferedBytes; worksheets are streamed.
  const whole = async (path: string): Promise<Buffer | undefined> => {
    const entry = entries.get(path);
    return entry === undefined ? undefined : collect(bytesOf(path, entry), budget.limits.maxBufferedBytes);
  };
  const relsBytes = await whole('xl/_rels/workbook.bin.rels');
  const workbookBytes = await whole('xl/workbook.bin');
  if (relsBytes === undefined || workbookBytes === undefined) throw corrupt('has no workbook or workbook relationships');
  // Read whole first (not streamed into the parser, as an XLSX's are): a part damaged in place is
  // told by its CRC-32, at its end, before its text could fail to parse.
  const rels = await readRelationships(decodeText(once(relsBytes), 'utf-8'), 'xlsb relationships');
  const formats = new CellFormats(EXCEL_DATE_RULES);
  const sheets = readWorkbook(workbookBytes, formats);
  if (sheets.length === 0) throw corrupt('holds no sheet');
  const stylesBytes = await whole('xl/styles.bin');
  if (stylesBytes !== undefined) readStyles(stylesBytes, formats);
  const sharedBytes = await whole('xl/sharedStrings.bin');
  const strings = sharedBytes === undefined ? undefined : readSharedStrings(sharedBytes);
  try {
    // A sheet the workbook lists whose part the package lacks was skipped by SheetJS, and the
    // workbook came out public (found by fuzzing): CORRUPT after the others.
    let missing = 0;
    for (const sheet of sheets) {
      const rel = rels.find((candidate) => candidate.Id === sheet.rId);
      const entry = rel?.Target === undefined ? undefined : entries.get(partPath(rel.Target));
      if (rel?.Target === undefined || entry === undefined) {
        missing++;
        continue;
      }
      if (rel.Type !== undefined && !rel.Type.endsWith('/worksheet')) continue; // chartsheets, dialog sheets
      yield* sheetCells(sheet.name, bytesOf(partPath(rel.Target), entry), formats, strings, budget.limits.maxBufferedBytes);
    }
    if (missing > 0) throw corrupt(`lists ${missing} sheet(s) that could not be parsed`);
  } finally {
    strings?.dispose();
  }
}

/** A worksheet's cells, a row's at a time through its header row (header-row.ts), as the XLSX reader gives them; a record over `maxRecord` bytes is LIMIT_EXCEEDED. */
async function* sheetCells(sheet: string, bytes: AsyncIterable<Buffer>, formats: CellFormats, strings: SharedStrings | undefined, maxRecord: number): AsyncGenerator<Cell[]> {
  const headerRow = new HeaderRow();
  const reader = new SheetReader(formats, strings);
  let row: RowCell[] = [];
  let rowIndex = 0;
  let out: Cell[] = [];
  const flush = (): void => {
    if (row.length === 0) return;
    const headers = headerRow.of(row);
    for (const { column, text } of row) {
      const ref = cellRef(column, rowIndex + 1);
      const header = headers?.get(column);
      out.push(header === undefined || header === '' ? { sheet, ref, text } : { sheet, ref, text, header });
    }
    row = [];
  };
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of bytes) {
    const buffer = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    const cursor = { at: 0 };
    for (const [type, data] of records(buffer, cursor, false)) {
      if (type === ROW_HEADER) {
        if (data.length < 4) throw corrupt('row record is truncated');
        flush();
        rowIndex = data.readUInt32LE(0);
        continue;
      }
      const text = reader.cellText(type, data);
      if (text !== undefined && text !== '') row.push({ column: reader.column, text });
    }
    // A copy: the rest of a record must not keep the whole chunk it was cut from.
    carry = Buffer.from(buffer.subarray(cursor.at));
    // A record is held whole until its end comes (a size says up to 256 MiB): no more than any part parsed in memory.
    if (carry.length > maxRecord) throw new ScanError('LIMIT_EXCEEDED', `xlsb worksheet record is larger than ${maxRecord} bytes (maxBufferedBytes)`);
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  if (carry.length > 0) throw corrupt('worksheet record is truncated');
  flush();
  if (out.length > 0) yield out;
}

/** The text of one worksheet's cell records; `column` is the column of the last cell read (a short cell's is the next: SheetJS carries it across rows too). */
class SheetReader {
  column = -1;

  constructor(
    private readonly formats: CellFormats,
    private readonly strings: SharedStrings | undefined,
  ) {}

  /** The text of a cell record (undefined for any other record, and for a blank cell). */
  cellText(type: number, data: Buffer): string | undefined {
    switch (type) {
      case CELL_BLANK:
      case SHORT_BLANK:
        // No text, but a short cell after it is in the next column ([MS-XLSB] 2.4.24; SheetJS
        // leaves the column where it was unless it keeps blank cells).
        this.head(type, data, 0);
        return undefined;
      case CELL_RK:
      case SHORT_RK:
        return this.number(rkNumber(data, this.head(type, data, 4)), data, type);
      case CELL_REAL:
      case SHORT_REAL:
      case FMLA_NUM:
        return this.number(data.readDoubleLE(this.head(type, data, 8)), data, type);
      case CELL_ERROR:
      case SHORT_ERROR:
      case FMLA_ERROR:
        return ERRORS[data[this.head(type, data, 1)]] ?? '';
      case CELL_BOOL:
      case SHORT_BOOL:
      case FMLA_BOOL:
        return data[this.head(type, data, 1)] === 1 ? 'true' : 'false';
      case CELL_ST:
      case SHORT_ST:
      case FMLA_STRING:
        return wideString(data, this.head(type, data, 4))[0];
      case CELL_RSTRING:
        // A RichStr: a flags byte, then the string.
        return wideString(data, this.head(type, data, 5) + 1)[0];
      case CELL_ISST:
      case SHORT_ISST: {
        const index = data.readUInt32LE(this.head(type, data, 4));
        const text = this.strings?.at(index);
        if (text === undefined) throw corrupt('cell refers past the shared strings');
        return text;
      }
      default:
        return undefined;
    }
  }

  /** Reads a cell record's head: sets `column`; returns where its value starts, `need` bytes of it there. */
  private head(type: number, data: Buffer, need: number): number {
    const short = type >= SHORT_BLANK && type <= SHORT_ISST;
    const start = short ? SHORT_HEAD : CELL_HEAD;
    if (data.length < start + need) throw corrupt('cell record is truncated');
    this.column = short ? this.column + 1 : data.readUInt32LE(0);
    return start;
  }

  private number(value: number, data: Buffer, type: number): string {
    const xfAt = type >= SHORT_BLANK && type <= SHORT_ISST ? 0 : 4;
    return this.formats.numberText(value, data.readUIntLE(xfAt, 3));
  }
}
