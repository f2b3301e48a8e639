/**
 * Excel binary workbook reader (.xlsb: an OOXML package whose parts are BIFF12 records, not XML):
 * one CellsPart with every non-empty cell of every worksheet, its sheet, A1 reference and column
 * header, as the XLSX and .xls readers give them. SheetJS parses the workbook whole, from the file
 * held in memory (at most `maxBufferedBytes`), in memory that grows with its cells (about 600
 * bytes each, as for Excel 95 .xls). Without it an .xlsb was a plain zip whose parts the strings
 * pass read: numbers (a phone stored as a number) and Chinese text were no text to it, and a
 * customer list could come out public.
 */
import type { WorkBook } from '@e965/xlsx';
import type { Cell, ContentPart } from '../types.js';
import { loadBuffer, toScanError } from './bytes.js';
import type { ZipInput } from './archive.js';
import { whereOf, type ReadContext } from './limits.js';
import { loadSheetJs, quietly } from './sheetjs.js';
import { inBatches } from './table.js';
import { PARSE_OPTIONS, sheetCells } from './xls.js';

/** Reads an .xlsb package. */
export async function* readXlsb(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const bytes = await loadBuffer(input, ctx.budget.limits.maxBufferedBytes);
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => workbookCells(bytes) } };
}

async function* workbookCells(bytes: Buffer): AsyncGenerator<Cell[]> {
  const sheetJs = await loadSheetJs();
  let workbook: WorkBook;
  try {
    workbook = quietly(() => sheetJs.read(bytes, { type: 'buffer', ...PARSE_OPTIONS }));
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'xlsb could not be parsed');
  }
  for (const name of workbook.SheetNames) yield* inBatches(sheetCells(name, workbook.Sheets[name]));
}
