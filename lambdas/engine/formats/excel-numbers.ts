/**
 * Numbers, dates and errors as Excel's binary workbooks store them (.xls BIFF8: biff8.ts; .xlsb
 * BIFF12: xlsb.ts), given the text SheetJS gives them: numbers as digits, a number in a date format
 * (by SheetJS's own rules, ported: excel-dates.ts) as its ISO date, an error by its name.
 */
import { dateText, numberText } from './xlsx-values.js';

/** SheetJS's date rules (its SSF module), which say which number formats are dates. */
export interface DateRules {
  /** Built-in number formats by id, as SheetJS knows them before any workbook adds its own. */
  readonly builtins: Readonly<Record<number, string>>;
  isDate(format: string): boolean;
  /** Calendar fields of a serial day number, or null when it is no date. */
  dateCode(serial: number): { y: number; m: number; d: number; H: number; M: number; S: number; u: number } | null;
}

/** Error values' texts ([MS-XLS] 2.5.10, [MS-XLSB] 2.5.97.2, as SheetJS names them). */
export const ERRORS: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
  0xff: '#WTF?',
};

/** The double an RK number's top 30 bits are the top of (its low 32 bits stay zero). */
const RK_DOUBLE = new DataView(new ArrayBuffer(8));

/** An RK number ([MS-XLS] 2.5.217, [MS-XLSB] 2.5.122) at `at`: a 30-bit integer or the top of a double, maybe / 100. */
export function rkNumber(bytes: Uint8Array, at: number): number {
  const rk = (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
  let value: number;
  if (rk & 0x02) value = (rk | 0) >> 2;
  else {
    RK_DOUBLE.setUint32(4, (rk & 0xfffffffc) >>> 0, true);
    value = RK_DOUBLE.getFloat64(0, true);
  }
  return rk & 0x01 ? value / 100 : value;
}

/** A workbook's number formats and cell formats (XFs), and the text of a number in one of them. */
export class CellFormats {
  /** Number format strings by id: SheetJS's built-ins, then the workbook's own. */
  readonly formats = new Map<number, string>();
  /** Number format id of each cell format (XF), in record order. */
  readonly xfFormats: number[] = [];
  /** The workbook counts its days from 1904 (a Mac's). */
  date1904 = false;
  /** Per cell format: whether its numbers are dates (filled on the first number, once the formats are read). */
  private xfDates: boolean[] | undefined;

  constructor(private readonly dates: DateRules) {
    for (const [id, format] of Object.entries(dates.builtins)) this.formats.set(Number(id), format);
  }

  /** Whether numbers in cell format `xf` are dates. */
  isDate(xf: number): boolean {
    this.xfDates ??= this.xfFormats.map((id) => id !== 0 && this.dates.isDate(this.formats.get(id) || String(id)));
    return this.xfDates[xf] === true;
  }

  /** The text of `value` in cell format `xf`: its date, or its digits. */
  numberText(value: number, xf: number): string {
    if (this.isDate(xf)) {
      const code = this.dates.dateCode(value + (this.date1904 ? 1462 : 0));
      if (code) return dateText(new Date(Date.UTC(code.y, code.m - 1, code.d, code.H, code.M, code.S, code.u)));
    }
    return numberText(value);
  }
}
