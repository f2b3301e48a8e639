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

/** A cell of the row being read: what its `<c>` elements (one, or more for the same column) set. */
interface CellState {
  readonly column: number;
  readonly ref: string;
  numFmt: string | undefined;
  text: string;
}

interface RowState {
  readonly number: number;
  readonly numFmt: string | undefined;
  /** In column order unless `sorted` is false (a `<c>` came before one to its left). */
  readonly cells: CellState[];
  sorted: boolean;
}

/** The cell of `row` in `column`, if a `<c>` made it already. */
function cellIn(row: RowState, column: number): CellState | undefined {
  const { cells } = row;
  const last = cells[cells.length - 1];
  if (last === undefined || column > last.column) return undefined;
  if (column === last.column) return last;
  return cells.find((cell) => cell.column === column);
}

/**
 * Column (1 for A) of a cell reference in the common form, `B12` in row 12: capital letters up to
 * XFD, then the row's own number. Anything else (another row, `$B$7`, no reference) is -1 and goes
 * through exceljs's address functions, as it did in exceljs.
 */
function plainColumn(ref: string | undefined, row: number): number {
  if (ref === undefined) return -1;
  let column = 0;
  let i = 0;
  for (; i < ref.length && i < 3; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  if (i === 0 || column > 16384) return -1;
  // The rest must be the row number as written by String(row): digits, no leading zero.
  const digits = ref.length - i;
  if (digits < 1 || ref.charCodeAt(i) === 48) return -1;
  let number = 0;
  for (let k = i; k < ref.length; k++) {
    const code = ref.charCodeAt(k);
    if (code < 48 || code > 57) return -1;
    number = number * 10 + code - 48;
  }
  return number === row ? column : -1;
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
              cells: [],
              sorted: true,
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
        const plain = plainColumn(c.ref, row.number);
        const column = plain > 0 ? plain : (colCache.decodeAddress(c.ref as string).col as number);
        let cell = cellIn(row, column);
        if (cell === undefined) {
          // exceljs gives the cell its row's number, whatever the reference says.
          let ref = c.ref as string;
          if (plain < 0) {
            ref = colCache.encodeAddress(row.number, column);
            colCache.validateAddress(ref);
          }
          cell = { column, ref, numFmt: row.numFmt, text: '' };
          const last = row.cells[row.cells.length - 1];
          if (last !== undefined && column < last.column) row.sorted = false;
          row.cells.push(cell);
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
  const { cells } = row;
  if (!row.sorted) cells.sort((a, b) => a.column - b.column);
  return { number: row.number, cells: cells.every((cell) => cell.text !== '') ? cells : cells.filter((cell) => cell.text !== '') };
}
