/**
 * Excel 2003 XML (SpreadsheetML): the "Excel" export of many Java and .NET business systems, named
 * `.xml` or `.xls`. Read as text, a column's values are far from its header: a list of names,
 * WeChat ids, birth dates, passports and QQ numbers came out public. saxes (ISC) parses it
 * streamed (xml.ts: no DTD entity is expanded, malformed XML is CORRUPT after what was read) into:
 *
 * 1. every cell's `Data` as a spreadsheet cell (`sheet` = the worksheet's `ss:Name`, A1-style
 *    `ref`, `ss:Index` and `ss:MergeAcross` counted), under the text of its worksheet's header
 *    row (header-row.ts), as the XLSX reader gives them; a cell's comment is a cell of
 *    its own, without a header; a `DateTime` at midnight is its date (`1990-05-03`, as an XLSX
 *    date cell reads);
 * 2. every other text (the document's properties: its author) as text, held while the cells are
 *    read (held-text.ts).
 *
 * sniff.ts tells it from other XML by its namespace and `Workbook` element (`spreadsheetMl`).
 */
import type { SaxesAttributeNS, SaxesTagNS } from 'saxes';
import type { Cell, ContentPart } from '../types.js';
import { HeaderRow } from '../header-row.js';
import { readPiecesOnce, type Piece } from './held-text.js';
import type { ReadContext } from './limits.js';
import type { Source } from './source.js';
import { cellRef } from './table.js';
import { parseXmlNs } from './xml.js';

/** SpreadsheetML's namespace, of its elements and its `ss:` attributes. */
export const SPREADSHEET_NS = 'urn:schemas-microsoft-com:office:spreadsheet';
/** The most characters of one cell held before they are handed on (a text that never closes its `Data`). */
const CELL_MAX_CHARS = 256 * 1024;
/** Most columns and rows an `ss:Index` or `ss:MergeAcross` may name (Excel's own limits). */
const MAX_COLUMNS = 16_384;
const MAX_ROWS = 1_048_576;
/** A `DateTime` at midnight: its date is what a sheet shows. */
const MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?$/;

/** An `ss:` attribute of `tag` as a whole number from 1 to `max`, or undefined. */
function ssNumber(tag: SaxesTagNS, local: string, max: number): number | undefined {
  for (const attribute of Object.values(tag.attributes) as SaxesAttributeNS[]) {
    if (attribute.local !== local || attribute.uri !== SPREADSHEET_NS) continue;
    const n = Number.parseInt(attribute.value, 10);
    return Number.isFinite(n) && n >= 1 && n <= max ? n : undefined;
  }
  return undefined;
}

function ssText(tag: SaxesTagNS, local: string): string | undefined {
  for (const attribute of Object.values(tag.attributes) as SaxesAttributeNS[]) {
    if (attribute.local === local && attribute.uri === SPREADSHEET_NS) return attribute.value;
  }
  return undefined;
}

/** Reads an Excel 2003 XML workbook (the module doc). */
export function readSpreadsheetMl(source: Source, head: Uint8Array, ctx: ReadContext): AsyncGenerator<ContentPart> {
  return readPiecesOnce('spreadsheetml', source, head, ctx, pieces);
}

/** One parse of the workbook: its cells under their headers, and the text outside them. */
function pieces(chunks: AsyncIterable<string>): AsyncGenerator<Piece[]> {
  return parseXmlNs<Piece>(chunks, 'SpreadsheetML workbook', (parser, out) => {
    let sheets = 0;
    let sheet = '';
    let headerRow = new HeaderRow();
    let row = 0;
    let column = 0;
    let cellColumn = 0;
    /** The row's cells so far: the header row is known only at its end. */
    let rowCells: { column: number; text: string }[] = [];
    /** Inside a `Data` (the cell's value) or a comment's `Data`: its text so far. */
    let data: { column: number; text: string; comment: boolean; type: string | undefined } | undefined;
    let inComment = false;
    let depth = 0;
    let dataDepth = 0;
    const cellAt = (at: number, text: string, header?: string): Cell => {
      const ref = cellRef(at, row);
      return header === undefined || header === '' ? { sheet, ref, text } : { sheet, ref, text, header };
    };
    const endRow = (): void => {
      const cells = rowCells;
      rowCells = [];
      const headers = headerRow.of(cells);
      for (const cell of cells) out.push({ cell: cellAt(cell.column, cell.text, headers?.get(cell.column)) });
    };
    const endData = (): void => {
      if (data === undefined) return;
      let text = data.text.replace(/\s+/g, ' ').trim();
      if (data.type === 'DateTime') text = text.replace(MIDNIGHT, '$1');
      if (text !== '') {
        if (data.comment) out.push({ cell: cellAt(data.column, text) });
        else rowCells.push({ column: data.column, text });
      }
      data = undefined;
    };
    parser.on('opentag', (tag) => {
      depth++;
      const ss = tag.uri === SPREADSHEET_NS;
      if (data !== undefined) {
        // Rich text inside a Data (html:Font, html:B): its text is the cell's.
        return;
      }
      if (ss && tag.local === 'Worksheet') {
        sheets++;
        sheet = ssText(tag, 'Name') ?? `Sheet${sheets}`;
        headerRow = new HeaderRow();
        row = 0;
      } else if (ss && tag.local === 'Row') {
        endRow();
        row = ssNumber(tag, 'Index', MAX_ROWS) ?? row + 1;
        column = 0;
      } else if (ss && tag.local === 'Cell') {
        const index = ssNumber(tag, 'Index', MAX_COLUMNS);
        if (index !== undefined) column = index - 1;
        // The cell's own column; the next cell's is after those it is merged across.
        cellColumn = column;
        column += 1 + (ssNumber(tag, 'MergeAcross', MAX_COLUMNS) ?? 0);
      } else if (ss && tag.local === 'Comment') inComment = true;
      else if (ss && tag.local === 'Data') {
        data = { column: cellColumn, text: '', comment: inComment, type: ssText(tag, 'Type') };
        dataDepth = depth;
      }
    });
    parser.on('text', (text) => {
      if (data !== undefined) {
        data.text += text;
        if (data.text.length > CELL_MAX_CHARS) {
          out.push({ cell: cellAt(data.column, data.text) });
          data.text = '';
        }
      } else if (text.trim() !== '') out.push({ text: `${text}\n` });
    });
    parser.on('closetag', (tag) => {
      if (data !== undefined && depth === dataDepth) endData();
      depth--;
      if (tag.uri !== SPREADSHEET_NS) return;
      if (tag.local === 'Comment') inComment = false;
      else if (tag.local === 'Row' || tag.local === 'Table' || tag.local === 'Worksheet') endRow();
    });
  });
}
