/**
 * Taiwan identity numbers (中華民國國民身分證字號) and the residents' certificate numbers of the
 * same 2021 layout: a letter for the place of first registration, `1`/`2` (citizens) or `8`/`9`
 * (residents), seven digits and a check digit. The letter becomes two digits (A=10 ... with the
 * historical order I=34, O=35, W=32, X=30, Y=31, Z=33); weights 1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1
 * over those two digits and the nine that follow; the total is a multiple of 10.
 */

/** Two-digit value of each letter A..Z. */
const LETTER_VALUES = [10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33] as const;
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 1, 1] as const;

/** Weighted sum of text[start, start + 9) after the letter (8 digits, check excluded, plus the check at weight 1), or -1. */
function sumAt(text: string, start: number, digits: number): number {
  const letter = text.charCodeAt(start) - 65;
  if (letter < 0 || letter > 25) return -1;
  const value = LETTER_VALUES[letter];
  let sum = Math.floor(value / 10) + (value % 10) * 9;
  for (let i = 0; i < digits; i++) {
    const d = text.charCodeAt(start + 1 + i) - 48;
    if (d < 0 || d > 9) return -1;
    sum += d * WEIGHTS[i];
  }
  return sum;
}

/** Check digit for a body of a capital letter and 8 digits (gender or resident digit first); throws otherwise. */
export function twIdCheckDigit(body: string): string {
  const sum = body.length === 9 ? sumAt(body, 0, 8) : -1;
  if (sum < 0) throw new RangeError('Taiwan ID body must be a capital letter and 8 digits');
  return String((10 - (sum % 10)) % 10);
}

/** True when `value` is a letter, `1`/`2`/`8`/`9`, 8 more digits, and passes the Taiwan checksum. */
export function isTwIdValid(value: string): boolean {
  return isTwIdValidAt(value, 0, value.length);
}

/** isTwIdValid of text[start, end), without slicing it. */
export function isTwIdValidAt(text: string, start: number, end: number): boolean {
  if (end - start !== 10) return false;
  const kind = text.charCodeAt(start + 1);
  if (kind !== 49 && kind !== 50 && kind !== 56 && kind !== 57) return false; // 1, 2, 8, 9
  const sum = sumAt(text, start, 9);
  return sum >= 0 && sum % 10 === 0;
}
