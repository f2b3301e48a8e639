/**
 * Old Excel reader (.xls BIFF8 and BIFF5, and WPS Spreadsheets' .et in the same form): one
 * CellsPart with every non-empty cell of every worksheet, its sheet, A1 reference and column
 * header (the text of the sheet's first row in the same column), as the XLSX reader gives them.
 * A BIFF8 workbook stream is read record by record (biff8.ts); an Excel 5/95 one (BIFF5, rare)
 * is parsed whole by SheetJS from the already-parsed OLE container, in memory that grows with
 * its cells (about 600 bytes each). Numbers come out as digits either way.
 */
import type { CellObject, WorkBook, WorkSheet } from '@e965/xlsx';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { toScanError } from './bytes.js';
import { type ReadContext } from './limits.js';
import { cellsThenPictures, olePictures } from './pictures.js';
import { biff8Cells, isBiff8 } from './biff8.js';
import { EXCEL_DATE_RULES } from './excel-dates.js';
import { loadSheetJs, quietly, type CfbContainer } from './sheetjs.js';
import { HeaderRow, type RowCell } from '../header-row.js';
import { cellRef, inBatches, valueText } from './table.js';

/** Options for SheetJS: dense sheets (arrays, less memory), dates as Dates, nothing else kept. */
const PARSE_OPTIONS = { dense: true, cellDates: true, cellNF: false, cellStyles: false, cellHTML: false, cellFormula: false };

/** Displayed text of a SheetJS cell: its value's text (numbers as digits), else its formatted text. */
export function sheetCellText(cell: CellObject | undefined): string {
  if (cell === undefined) return '';
  if (cell.t === 'e') return cell.w ?? '';
  return valueText(cell.v);
}

/** Reads the workbook stream (`Workbook` or `Book`) of an OLE container. */
export async function* readXls(container: CfbContainer, stream: Uint8Array, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const cells = isBiff8(stream) ? () => biff8Workbook(stream) : () => workbookCells(container);
  yield* cellsThenPictures(cells, olePictures(container, 'xls'), ctx);
}

async function* biff8Workbook(stream: Uint8Array): AsyncGenerator<Cell[]> {
  try {
    yield* inBatches(biff8Cells(stream, EXCEL_DATE_RULES));
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'xls could not be read');
  }
}

/** The cells of a workbook SheetJS parses whole (BIFF5, and the tests' reference for BIFF8). */
export function workbookCells(container: CfbContainer): AsyncGenerator<Cell[]> {
  const parse = (sheetJs: typeof import('@e965/xlsx'), options: typeof PARSE_OPTIONS) =>
    (sheetJs as unknown as { parse_xlscfb(cfb: CfbContainer, options: object): WorkBook }).parse_xlscfb(container, options);
  return sheetJsCells(parse, 'xls');
}

/**
 * The cells of a workbook that `parse` has SheetJS read whole with PARSE_OPTIONS (.xls from its
 * OLE container, .xlsb from its bytes); a workbook SheetJS cannot parse is CORRUPT (`what`).
 */
export async function* sheetJsCells(
  parse: (sheetJs: typeof import('@e965/xlsx'), options: typeof PARSE_OPTIONS) => WorkBook,
  what: string,
): AsyncGenerator<Cell[]> {
  const sheetJs = await loadSheetJs();
  let workbook: WorkBook;
  try {
    workbook = quietly(() => parse(sheetJs, PARSE_OPTIONS));
  } catch (error) {
    throw toScanError(error, 'CORRUPT', `${what} could not be parsed`);
  }
  // SheetJS leaves a sheet it failed to parse undefined, without a word: a damaged .xlsb sheet or
  // its relationship came out public (found by fuzzing). CORRUPT, after the sheets it did parse.
  // A workbook has a sheet: none at all is a workbook stream SheetJS could not read (a damaged BOF).
  if (workbook.SheetNames.length === 0) throw new ScanError('CORRUPT', `${what} holds no sheet SheetJS could read`);
  let unread = 0;
  for (const name of workbook.SheetNames) {
    if (workbook.Sheets[name] === undefined) unread++;
    else yield* inBatches(sheetCells(name, workbook.Sheets[name]));
  }
  if (unread > 0) throw new ScanError('CORRUPT', `${what} lists ${unread} sheet(s) that could not be parsed`);
}

/**
 * The indices of the elements an array holds, ascending, without visiting its holes: an .xlsb
 * record can name row or column 2^31 (the format's numbers are 32 bits, Excel's limits unchecked),
 * and SheetJS then keeps a sparse array that long. A loop over every index ran for minutes.
 */
function* held(array: readonly unknown[]): Generator<number> {
  for (const key in array) yield Number(key);
}

/** A SheetJS worksheet's cells, with the text of its header row as their headers (header-row.ts). */
function* sheetCells(sheet: string, worksheet: WorkSheet | undefined): Generator<Cell> {
  const rows = (worksheet as { '!data'?: (CellObject | undefined)[][] } | undefined)?.['!data'] ?? [];
  const headerRow = new HeaderRow();
  for (const r of held(rows)) {
    const row = rows[r];
    if (row === undefined) continue;
    const cells: RowCell[] = [];
    for (const c of held(row)) {
      const text = sheetCellText(row[c]);
      if (text !== '') cells.push({ column: c, text });
    }
    const headers = headerRow.of(cells);
    for (const { column, text } of cells) {
      const ref = cellRef(column, r + 1);
      const header = headers?.get(column);
      yield header === undefined || header === '' ? { sheet, ref, text } : { sheet, ref, text, header };
    }
  }
}
