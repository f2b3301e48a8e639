/**
 * GB 11643-1999, the citizen identity number (公民身份号码): 6-digit region, 8-digit birth date,
 * 3-digit sequence and an ISO 7064 MOD 11-2 check character (`0-9` or `X`).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The 31 mainland provinces: the second and third digits of a foreigner's permanent residence number. */
export const MAINLAND_PROVINCE_CODES: readonly string[] = [
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
];

/**
 * Two-digit prefixes of citizens' and residence-permit numbers: the mainland provinces, 71 Taiwan,
 * 81 Hong Kong, 82 Macau, 83 Taiwan residence permits. The 2023 foreigner's permanent residence
 * number is `9` + a mainland province + a 3-digit nationality code (isProvinceCodeAt).
 */
export const PROVINCE_CODES: readonly string[] = [...MAINLAND_PROVINCE_CODES, '71', '81', '82', '83'];

/** Value of a two-digit number in MAINLAND (1) or in PROVINCE_CODES only (2): the hot path reads digits, not slices. */
const PROVINCE_TABLE = new Uint8Array(100);
for (const p of PROVINCE_CODES) PROVINCE_TABLE[Number(p)] = 2;
for (const p of MAINLAND_PROVINCE_CODES) PROVINCE_TABLE[Number(p)] = 1;

/** The two-digit number at text[at], or -1 when either character is not a digit. */
function twoDigitsAt(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** Check character over the 17 characters of `value` from `at`, or undefined when one is not a digit. */
function checkCharOf(value: string, at = 0): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = value.charCodeAt(at + i) - 48;
    if (d < 0 || d > 9) return undefined;
    sum += d * WEIGHTS[i];
  }
  return CHECK_CHARS[sum % 11];
}

/** Check character for the first 17 digits of a resident ID; throws on anything but 17 digits. */
export function gb11643CheckChar(body: string): string {
  const check = body.length === 17 ? checkCharOf(body) : undefined;
  if (check === undefined) throw new RangeError('GB 11643 body must be 17 digits');
  return check;
}

/** True when an 18-character ID carries the right check character (`x` accepted only where it is `X`). */
export function isGb11643Valid(value: string): boolean {
  return isGb11643ValidAt(value, 0, value.length);
}

/** isGb11643Valid of text[start, end), without slicing it. */
export function isGb11643ValidAt(text: string, start: number, end: number): boolean {
  if (end - start !== 18) return false;
  const check = checkCharOf(text, start);
  const last = text[start + 17];
  return check !== undefined && (last === check || (check === 'X' && last === 'x'));
}

/**
 * True when `region` starts with a province prefix in use (PROVINCE_CODES), or with `9` and a
 * mainland province (the 2023 foreigner's permanent residence number, `93` for Shanghai).
 */
export function isProvinceCode(region: string): boolean {
  return isProvinceCodeAt(region, 0);
}

/** isProvinceCode of the characters of `text` at `at` (false past the end). */
export function isProvinceCodeAt(text: string, at: number): boolean {
  const foreigner = text.charCodeAt(at) === 57; // `9`
  const n = twoDigitsAt(text, foreigner ? at + 1 : at);
  return n >= 0 && (foreigner ? PROVINCE_TABLE[n] === 1 : PROVINCE_TABLE[n] > 0);
}

/**
 * True when `yyyymmdd` is a real calendar date from 1900-01-01 up to `today` (inclusive).
 * `today` defaults to the current UTC date.
 */
export function isBirthDateValid(yyyymmdd: string, today?: Date): boolean {
  return yyyymmdd.length === 8 && isBirthDateValidAt(yyyymmdd, 0, today);
}

/** isBirthDateValid of the 8 characters of `text` at `at` (false past the end). */
export function isBirthDateValidAt(text: string, at: number, today?: Date): boolean {
  let key = 0;
  for (let i = 0; i < 8; i++) {
    const d = text.charCodeAt(at + i) - 48;
    if (!(d >= 0 && d <= 9)) return false; // NaN past the end fails too
    key = key * 10 + d;
  }
  const year = Math.floor(key / 10_000);
  const month = Math.floor(key / 100) % 100;
  const day = key % 100;
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (today) return key <= dateKey(today);
  // Dates up to the last computed today need no clock read (it only moves forward).
  return key <= cachedKey || key <= currentDateKey();
}

/** `YYYYMMDD` of a date (UTC) as a number. */
function dateKey(date: Date): number {
  return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

// Today's key, recomputed at most once a minute: validation runs per candidate on hot paths.
let cachedKey = 0;
let cachedUntil = 0;
function currentDateKey(): number {
  const now = Date.now();
  if (now >= cachedUntil) {
    cachedKey = dateKey(new Date(now));
    cachedUntil = now + 60_000;
  }
  return cachedKey;
}

/** Days in `month` (1-12) of `year`, Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Full check of an 18-character resident ID: province prefix, real birth date, check character. */
export function isResidentIdValid(value: string, today?: Date): boolean {
  return isResidentIdValidAt(value, 0, value.length, today);
}

/** isResidentIdValid of text[start, end), without slicing it (the matcher's hot path). */
export function isResidentIdValidAt(text: string, start: number, end: number, today?: Date): boolean {
  return end - start === 18 && isProvinceCodeAt(text, start) && isBirthDateValidAt(text, start + 6, today) && isGb11643ValidAt(text, start, end);
}

/**
 * Check of a legacy 15-digit ID (no check digit): province prefix and a real 19YYMMDD date. The
 * permanent residence number (`9`) never had a 15-digit form.
 */
export function isLegacyResidentIdValid(value: string, today?: Date): boolean {
  return /^[1-8]\d{14}$/.test(value) && isProvinceCode(value) && isBirthDateValid(`19${value.slice(6, 12)}`, today);
}
