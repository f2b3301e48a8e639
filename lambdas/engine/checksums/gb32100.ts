/**
 * GB 32100-2015, the unified social credit code (统一社会信用代码), and the GB 11714 organization
 * code embedded in its characters 9-17.
 */

/** The 31 characters of a USCC (no I, O, S, V, Z). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check character for the first 17 characters of a USCC; throws when one is outside the charset. */
export function gb32100CheckChar(body: string): string {
  if (body.length !== 17) throw new RangeError('GB 32100 body must be 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(body[i]);
    if (v < 0) throw new RangeError('GB 32100 body has a character outside the USCC charset');
    sum += v * USCC_WEIGHTS[i];
  }
  // The wrap matters: a sum that is a multiple of 31 gives index 31 without it, past the charset.
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** Check character for the first 8 characters of a GB 11714 organization code (`0-9`, `A-Z`). */
export function gb11714CheckChar(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) throw new RangeError('GB 11714 body must be 8 of 0-9, A-Z');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body[i], 36) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** True when a 9-character organization code carries the right check character. */
export function isGb11714Valid(value: string): boolean {
  return /^[0-9A-Z]{8}[0-9X]$/.test(value) && gb11714CheckChar(value.slice(0, 8)) === value[8];
}

/** Index of each ASCII character in USCC_CHARSET, -1 for the others. */
const USCC_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i++) USCC_INDEX[USCC_CHARSET.charCodeAt(i)] = i;

/** True when an 18-character USCC passes its mod 31 check and its embedded organization-code check. */
export function isGb32100Valid(value: string): boolean {
  return isGb32100ValidAt(value, 0, value.length);
}

/** isGb32100Valid of text[start, end), without slicing it. */
export function isGb32100ValidAt(text: string, start: number, end: number): boolean {
  // Runs on every 18-digit run of a scan (resident IDs included): no allocation before the mod 31 check.
  if (end - start !== 18) return false;
  let sum = 0;
  let check = -1;
  for (let i = 0; i < 18; i++) {
    const c = text.charCodeAt(start + i);
    const v = c < 128 ? USCC_INDEX[c] : -1;
    if (v < 0) return false;
    if (i < 17) sum += v * USCC_WEIGHTS[i];
    else check = v;
  }
  return (31 - (sum % 31)) % 31 === check && isGb11714Valid(text.slice(start + 8, start + 17));
}
