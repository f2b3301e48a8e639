/**
 * Hong Kong identity card number (香港身份證號碼): one or two capital letters, six digits and a
 * check character. Letters count A=10 ... Z=35, a missing second letter counts 36; weights 9..2
 * from the left over the eight positions; the check is `(11 - sum % 11) % 11`, written `A` for 10.
 */

const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2] as const;

function letterValue(c: number): number {
  return c >= 65 && c <= 90 ? c - 55 : -1;
}

/** Check character for a body of 1-2 capital letters and 6 digits; throws on any other body. */
export function hkIdCheckChar(body: string): string {
  const check = checkOf(body, 0, body.length);
  if (check === undefined) throw new RangeError('HKID body must be 1-2 capital letters and 6 digits');
  return check;
}

/** Check character of the body text[start, end), or undefined when it is not 1-2 letters and 6 digits. */
function checkOf(text: string, start: number, end: number): string | undefined {
  const letters = end - start - 6;
  if (letters !== 1 && letters !== 2) return undefined;
  let sum = letters === 1 ? 36 * WEIGHTS[0] : 0;
  for (let i = 0; i < letters + 6; i++) {
    const c = text.charCodeAt(start + i);
    const value = i < letters ? letterValue(c) : c >= 48 && c <= 57 ? c - 48 : -1;
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i + 2 - letters];
  }
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'A' : String(check);
}

/**
 * True when `value` is a Hong Kong identity card number with the right check character, written
 * `A123456(3)` or `A1234563` (upper case only, as printed).
 */
export function isHkIdValid(value: string): boolean {
  return isHkIdValidAt(value, 0, value.length);
}

/** isHkIdValid of text[start, end), without slicing it. */
export function isHkIdValidAt(text: string, start: number, end: number): boolean {
  if (end - start < 8) return false;
  if (text.charCodeAt(end - 1) === 41) {
    // `)`: the check character sits in parentheses right before it.
    return text.charCodeAt(end - 3) === 40 && checkOf(text, start, end - 3) === text[end - 2];
  }
  return checkOf(text, start, end - 1) === text[end - 1];
}
