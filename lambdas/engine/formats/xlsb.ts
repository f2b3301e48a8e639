/**
 * Excel binary workbook reader (.xlsb: an OOXML package whose parts are BIFF12 records, not XML):
 * one CellsPart with every non-empty cell of every worksheet, its sheet, A1 reference and column
 * header, as the XLSX and .xls readers give them. SheetJS parses the workbook whole, from the file
 * held in memory (at most `maxBufferedBytes`), in memory that grows with its cells (about 600
 * bytes each, as for Excel 95 .xls). Without it an .xlsb was a plain zip whose parts the strings
 * pass read: numbers (a phone stored as a number) and Chinese text were no text to it, and a
 * customer list could come out public.
 */
import type { ContentPart } from '../types.js';
import { loadBuffer } from './bytes.js';
import { checkPackage, type ZipInput } from './archive.js';
import { whereOf, type ReadContext } from './limits.js';
import { sheetJsCells } from './xls.js';

/** Reads an .xlsb package. */
export async function* readXlsb(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const bytes = await loadBuffer(input, ctx.budget.limits.maxBufferedBytes);
  await checkPackage({ buffer: bytes }, 'xlsb', ctx.budget);
  const cells = () => sheetJsCells((sheetJs, options) => sheetJs.read(bytes, { type: 'buffer', ...options }), 'xlsb');
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: cells } };
}
