/** The Luhn (mod 10) check of payment card numbers, ISO/IEC 7812-1. */

/**
 * Luhn sum of the digits text[start, end), or -1 when one is not a digit; `doubleRightmost` when
 * the check digit is yet to be appended. One loop that also checks the digits: this runs for
 * every 16-19 digit run of a scan.
 */
function luhnSumAt(text: string, start: number, end: number, doubleRightmost: boolean): number {
  let sum = 0;
  let double = doubleRightmost;
  for (let i = end - 1; i >= start; i--) {
    let d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

/** Check digit to append to `body` (digits only); throws on anything else. */
export function luhnCheckDigit(body: string): string {
  if (!/^\d+$/.test(body)) throw new RangeError('Luhn body must be digits');
  return String((10 - (luhnSumAt(body, 0, body.length, true) % 10)) % 10);
}

/** True when `value` is at least two digits and passes the Luhn check. */
export function isLuhnValid(value: string): boolean {
  return isLuhnValidAt(value, 0, value.length);
}

/** isLuhnValid of text[start, end), without slicing it. */
export function isLuhnValidAt(text: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  const sum = luhnSumAt(text, start, end, false);
  return sum >= 0 && sum % 10 === 0;
}
