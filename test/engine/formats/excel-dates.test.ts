// The date rules the .xls and .xlsb readers use (excel-dates.ts), ported from SheetJS so that they
// need not load it: equal to SheetJS's own (its SSF module) on every built-in format, on format
// strings of every kind, and on serial day numbers across Excel's calendar.
import { execFileSync } from 'node:child_process';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { BUILTIN_FORMATS, dateCode, isDateFormat } from '../../../lambdas/engine/formats/excel-dates.js';
import { Rng } from '../../../synthetic/random.js';

const SSF = XLSX.SSF as unknown as {
  is_date(format: string): boolean;
  parse_date_code(serial: number): { y: number; m: number; d: number; H: number; M: number; S: number; u: number } | null;
  get_table(): Record<number, string>;
};

/** Format strings as workbooks hold them: Excel's, WPS's and LibreOffice's Chinese ones, and the odd corners of the syntax. */
const FORMATS = [
  'General', '0', '0.00', '#,##0', '@', 'yyyy-mm-dd', 'yyyy"年"m"月"d"日"', '[$-804]yyyy"年"m"月"d"日";@', 'm"月"d"日"', 'yyyy/m/d h:mm', '[h]:mm:ss', '[mm]:ss',
  '上午/下午h"时"mm"分"', 'hh:mm AM/PM', 'A/P', '[DBNum1][$-804]yyyy"年"m"月"d"日"', '[DBNum1]General', '0.00_);[Red]\\(0.00\\)', '"¥"#,##0.00', '[Red]#,##0', '# ?/?',
  '0.00E+00', '000000000000000000', '@"元"', '"Date"0', '\\y0', '_(* #,##0_);_(* \\(#,##0\\)', '*-0', 'B1yyyy', 'b2mm', 'e', 'ge', '[$-411]ge.m.d', '0%', '(0)', '\\-0', '#\\-#',
  '"', '[', '[h', '""', 'G', 'Gen', 'GENERAL"x"', '1234', '?/??', 'dd', 'D', '0.0 ;[Red]-0.0', '[<=9999999]###-####;(###) ###-####', '[Green]@', ' ', '上', '上午/下',
];

describe('excel-dates: SheetJS date rules without SheetJS', () => {
  it("the built-in formats are SheetJS's table in a process that parsed no workbook (every parse adds to it, or overwrites)", () => {
    const script = "import('@e965/xlsx').then((x) => process.stdout.write(JSON.stringify(x.SSF.get_table())))";
    const pristine = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: import.meta.dirname, encoding: 'utf8' }));
    expect(BUILTIN_FORMATS).toEqual(pristine);
  });

  it('which formats are dates: the same on every built-in, real and odd format', () => {
    const formats = [...Object.values(BUILTIN_FORMATS), ...FORMATS];
    expect(formats.map((f) => [f, isDateFormat(f)])).toEqual(formats.map((f) => [f, SSF.is_date(f)]));
  });

  it('the same on 20,000 random format strings of the syntax\'s characters', () => {
    const rng = new Rng('excel-dates');
    const alphabet = ['0', '#', '?', '.', ',', 'E', '+', '-', '%', '"', '\\', '_', '*', '@', '[', ']', '(', ')', ' ', ';', '/', ':', 'G', 'e', 'n', 'r', 'a', 'l', 'A', 'P', 'M', 'm', 'd', 'y', 'h', 's', 'B', 'b', '1', '2', '9', '$', '¥', '年', '上', '午', '下', 'H', 'S', 'D', 'Y', 'g', 'x'];
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const length = rng.int(1, 16);
      let format = '';
      for (let j = 0; j < length; j++) format += rng.pick(alphabet);
      if (isDateFormat(format) !== SSF.is_date(format)) mismatches.push(format);
    }
    expect(mismatches).toEqual([]);
  });

  it('calendar fields of serial numbers: the same across the calendar, 1900-02-29 and its edges, times and fractions', () => {
    const rng = new Rng('excel-serials');
    const serials = [-1, 0, 0.5, 1, 59, 59.999999, 60, 60.25, 61, 1462, 25569, 36526.75, 44197.999999999, 44197.9999999999, 2958465, 2958465.5, 2958466, 1e-7, 3.0000001];
    for (let i = 0; i < 5000; i++) serials.push(rng.int(0, 2958465) + (i % 3 === 0 ? 0 : rng.int(0, 86_399_999) / 86_400_000));
    // Fractions of a second under a millionth, which SheetJS rounds away, and just over it.
    for (const day of [1, 5, 9]) for (const residue of [2e-8, 5e-7, 2e-6]) serials.push(day + (3601 + residue) / 86_400);
    expect(serials.map((serial) => [serial, dateCode(serial)])).toEqual(serials.map((serial) => [serial, pick(SSF.parse_date_code(serial))]));
  });
});

/** SheetJS's fields that the readers use (it also gives the day of the week and the raw day and second). */
function pick(code: ReturnType<typeof SSF.parse_date_code>) {
  return code === null ? null : { y: code.y, m: code.m, d: code.d, H: code.H, M: code.M, S: code.S, u: code.u };
}
