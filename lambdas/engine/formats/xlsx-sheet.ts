/**
 * One XLSX worksheet as rows of displayed cell text. The rules are those of exceljs 4.4's stream
 * WorksheetReader (which this reader used until it was measured): the same cell values, dates,
 * formula results and A1 references come out, so no finding changes. What is left out is what
 * the scan never read: exceljs built a Row, a Cell and a style model per cell and a value object
 * per formula, error and date, and each batch of them outlived V8's small young generation.
 */
import type { ExcelJsParts } from './exceljs-parts.js';
import type { Styles } from './xlsx-workbook.js';
import type { SharedStrings } from './xlsx-shared-strings.js';
import { cellText, dateText, numberText } from './xlsx-values.js';
import { parseXml, type XmlParser } from './xml.js';

/** What a worksheet's cells refer to: the workbook's shared strings, styles and date system. */
export interface SheetContext {
  readonly parts: ExcelJsParts;
  readonly sharedStrings: SharedStrings | undefined;
  readonly styles: Styles | undefined;
  readonly date1904: boolean;
}

/** A cell with text: its column number (1 for A), A1 reference and displayed text. */
export interface SheetCell {
  readonly column: number;
  readonly ref: string;
  readonly text: string;
}

/** A row: its number (`r`) and its non-empty cells in column order. */
export interface SheetRow {
  readonly number: number;
  readonly cells: readonly SheetCell[];
}

interface Pending {
  readonly ref: string | undefined;
  readonly s: number;
  readonly t: string | undefined;
  f?: { text: string };
  v?: { text: string };
}

interface RowState {
  readonly number: number;
  readonly numFmt: string | undefined;
  readonly cells: Map<number, { ref: string; numFmt: string | undefined; text: string }>;
}

const attribute = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Displayed text of a cell's value, as exceljs would give it (see cellText). */
function valueText(c: Pending, numFmt: string | undefined, ctx: SheetContext): string {
  const { utils } = ctx.parts;
  if (c.f) {
    const result = c.v === undefined ? undefined : c.t === 'str' ? utils.xmlDecode(c.v.text) : parseFloat(c.v.text);
    // exceljs keeps a formula's result only when it is truthy (0 and '' are dropped), and a cell
    // whose <f> is empty is no formula to it: it keeps that value object whole.
    if (c.f.text !== '') return result ? cellText(result) : '';
    return c.v === undefined ? '' : cellText(result);
  }
  if (c.v === undefined) return '';
  const text = c.v.text;
  switch (c.t) {
    case 's':
      return ctx.sharedStrings?.at(parseInt(text, 10)) ?? '';
    case 'inlineStr':
    case 'str':
      return utils.xmlDecode(text);
    case 'e':
      return text;
    case 'b':
      return parseInt(text, 10) !== 0 ? 'TRUE' : 'FALSE';
    default:
      return utils.isDateFmt(numFmt) ? dateText(utils.excelToDate(parseFloat(text), ctx.date1904)) : numberText(parseFloat(text));
  }
}

/** Rows of a worksheet's XML, batched per parsed chunk. */
export function sheetRows(chunks: AsyncIterable<string>, ctx: SheetContext): AsyncGenerator<SheetRow[]> {
  const { colCache } = ctx.parts;
  const styleFormat = (id: number): { readonly numFmt: string | undefined } | null | undefined => ctx.styles?.numFmt(id);
  const listen = (parser: XmlParser, out: SheetRow[]): void => {
    let inRows = false;
    let row: RowState | null = null;
    let c: Pending | null = null;
    let current: { text: string } | null = null;
    /** The value of an inline string being read (`<is>`), its phonetic reading, and whether inside `<rPh>`. */
    let inline: { text: string } | null = null;
    let phonetic: { text: string } | null = null;
    let inPhonetic = false;
    parser.on('opentag', ({ name, attributes }) => {
      switch (name) {
        case 'sheetData':
          inRows = true;
          break;
        case 'row':
          if (inRows) {
            const s = attribute(attributes.s);
            row = {
              number: parseInt(attribute(attributes.r) as string, 10),
              numFmt: s ? styleFormat(parseInt(s, 10))?.numFmt : undefined,
              cells: new Map(),
            };
          }
          break;
        case 'c':
          if (row) c = { ref: attribute(attributes.r), s: parseInt(attribute(attributes.s) as string, 10), t: attribute(attributes.t) };
          break;
        case 'f':
          if (c) current = c.f = { text: '' };
          break;
        case 'v':
          if (c) current = c.v = { text: '' };
          break;
        case 'is':
          // An inline string: the text of its `<t>` elements, runs joined (exceljs kept only the
          // last run), a phonetic reading after a newline as in shared strings.
          if (c) inline = c.v = { text: '' };
          break;
        case 't':
          if (c && inline) current = inPhonetic ? (phonetic ??= { text: '' }) : inline;
          else if (c) current = c.v = { text: '' };
          break;
        case 'rPh':
          inPhonetic = true;
          break;
      }
    });
    parser.on('text', (value) => {
      if (current) current.text += value;
    });
    parser.on('closetag', ({ name }) => {
      if (name === 't' && inline) current = null;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'is') {
        if (inline && phonetic !== null && phonetic.text !== '') inline.text += `\n${phonetic.text}`;
        inline = null;
        phonetic = null;
      }
      if (name === 'sheetData') inRows = false;
      else if (name === 'row') {
        if (row) out.push(finishRow(row));
        row = null;
      } else if (name === 'c' && row && c) {
        const col = colCache.decodeAddress(c.ref as string).col;
        let cell = row.cells.get(col as number);
        if (cell === undefined) {
          const ref = colCache.encodeAddress(row.number, col);
          colCache.validateAddress(ref);
          cell = { ref, numFmt: row.numFmt, text: '' };
          row.cells.set(col as number, cell);
        }
        if (c.s) {
          const style = styleFormat(c.s);
          if (style) cell.numFmt = style.numFmt;
        }
        if (c.f || c.v) cell.text = valueText(c, cell.numFmt, ctx);
        c = null;
      }
    });
  };
  return parseXml(chunks, 'xlsx worksheet', listen, { close: false });
}

function finishRow(row: RowState): SheetRow {
  const cells: SheetCell[] = [];
  for (const column of [...row.cells.keys()].sort((a, b) => a - b)) {
    const { ref, text } = row.cells.get(column)!;
    if (text !== '') cells.push({ column, ref, text });
  }
  return { number: row.number, cells };
}
