/**
 * SheetJS's date rules for Excel's number formats, without loading SheetJS: which formats are dates,
 * the calendar fields of a serial day number, and the built-in formats by id. Ported from SheetJS
 * Community Edition 0.20.3 (`@e965/xlsx`, Apache License 2.0: its SSF module's `fmt_is_date`,
 * `SSF_parse_date_code`, `SSF_normalize_xl_unsafe` and `SSF_init_table`), line for line, so that the
 * .xls and .xlsb readers (biff8.ts, xlsb.ts) give a number the text SheetJS gives it.
 *
 * Loading SheetJS for these three took 11 MB of every .xls or .xlsb scan's memory (it is several
 * MB of code); the scanner Lambda's engine reached 140-143 MiB on the hostile set's `.xls`. The
 * tests hold these rules equal to SheetJS's on every built-in format, thousands of format strings
 * and serial numbers (excel-dates.test.ts).
 */
import type { DateRules } from './excel-numbers.js';

/** The built-in number formats by id, as SheetJS holds them before a workbook adds its own. */
export const BUILTIN_FORMATS: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'm/d/yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  56: '"上午/下午 "hh"時"mm"分"ss"秒 "',
};

/** `General` at `i` of `s`, in any case (SSF_isgeneral). */
function isGeneral(s: string, i: number): boolean {
  return (
    s.length >= 7 + i &&
    (s.charCodeAt(i) | 32) === 103 &&
    (s.charCodeAt(i + 1) | 32) === 101 &&
    (s.charCodeAt(i + 2) | 32) === 110 &&
    (s.charCodeAt(i + 3) | 32) === 101 &&
    (s.charCodeAt(i + 4) | 32) === 114 &&
    (s.charCodeAt(i + 5) | 32) === 97 &&
    (s.charCodeAt(i + 6) | 32) === 108
  );
}

/** An elapsed-time section (`[h]`, `[mm]`, `[ss]`, and Thai's). */
const ABSOLUTE_TIME = /\[[HhMmSs\u0E0A\u0E19\u0E17]*\]/;

/** Whether a number format shows a date or a time (SheetJS's fmt_is_date). */
export function isDateFormat(fmt: string): boolean {
  let i = 0;
  let c = '';
  let o = '';
  while (i < fmt.length) {
    switch ((c = fmt.charAt(i))) {
      case 'G':
        if (isGeneral(fmt, i)) i += 6;
        i++;
        break;
      case '"':
        while (fmt.charCodeAt(++i) !== 34 && i < fmt.length);
        ++i;
        break;
      case '\\':
      case '_':
        i += 2;
        break;
      case '@':
        ++i;
        break;
      // SheetJS tests `B1`/`B2` (Buddhist and Hijri years) here, then falls through to the letters below.
      case 'B':
      case 'b':
      case 'M':
      case 'D':
      case 'Y':
      case 'H':
      case 'S':
      case 'E':
      case 'm':
      case 'd':
      case 'y':
      case 'h':
      case 's':
      case 'e':
      case 'g':
        return true;
      case 'A':
      case 'a':
      case '上':
        if (fmt.substr(i, 3).toUpperCase() === 'A/P') return true;
        if (fmt.substr(i, 5).toUpperCase() === 'AM/PM') return true;
        if (fmt.substr(i, 5).toUpperCase() === '上午/下午') return true;
        ++i;
        break;
      case '[':
        o = c;
        while (fmt.charAt(i++) !== ']' && i < fmt.length) o += fmt.charAt(i);
        if (ABSOLUTE_TIME.test(o)) return true;
        break;
      case '.':
      case '0':
      case '#':
        while (i < fmt.length && ('0#?.,E+-%'.indexOf((c = fmt.charAt(++i))) > -1 || (c === '\\' && fmt.charAt(i + 1) === '-' && '0#'.indexOf(fmt.charAt(i + 2)) > -1)));
        break;
      case '?':
        while (fmt.charAt(++i) === c);
        break;
      case '*':
        ++i;
        if (fmt.charAt(i) === ' ' || fmt.charAt(i) === '*') ++i;
        break;
      case '(':
      case ')':
      case ' ':
        ++i;
        break;
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        while (i < fmt.length && '0123456789'.indexOf(fmt.charAt(++i)) > -1);
        break;
      default:
        ++i;
        break;
    }
  }
  return false;
}

/** A serial day number to 15 significant digits, as Excel keeps it (SSF_normalize_xl_unsafe). */
function normalized(v: number): number {
  const s = v.toPrecision(16);
  const e = s.indexOf('e');
  const head = e > -1 ? s.slice(0, e) : s;
  const digits = head.indexOf('.') > -1 ? head.slice(0, head.slice(0, 2) === '0.' ? 17 : 16) : head.slice(0, 15) + '0'.repeat(Math.max(0, head.length - 15));
  return Number(e > -1 ? digits + s.slice(e) : digits);
}

/** Calendar fields of a serial day number, or null when it is no date (SSF_parse_date_code, the 1900 calendar). */
export function dateCode(serial: number): { y: number; m: number; d: number; H: number; M: number; S: number; u: number } | null {
  if (serial > 2958465 || serial < 0) return null;
  const v = normalized(serial);
  let date = v | 0;
  let time = Math.floor(86400 * (v - date));
  let u = 86400 * (v - date) - time;
  if (Math.abs(u) < 1e-6) u = 0;
  if (u > 0.9999) {
    u = 0;
    if (++time === 86400) {
      time = 0;
      ++date;
    }
  }
  let ymd: [number, number, number];
  if (date === 60) ymd = [1900, 2, 29];
  else if (date === 0) ymd = [1900, 1, 0];
  else {
    if (date > 60) --date;
    // 1 = Jan 1 1900 in the Gregorian calendar, counted in local time as SheetJS counts it.
    const d = new Date(1900, 0, 1);
    d.setDate(d.getDate() + date - 1);
    ymd = [d.getFullYear(), d.getMonth() + 1, d.getDate()];
  }
  const S = time % 60;
  time = Math.floor(time / 60);
  const M = time % 60;
  time = Math.floor(time / 60);
  return { y: ymd[0], m: ymd[1], d: ymd[2], H: time, M, S, u };
}

/** SheetJS's date rules, ported. */
export const EXCEL_DATE_RULES: DateRules = { builtins: BUILTIN_FORMATS, isDate: isDateFormat, dateCode };
