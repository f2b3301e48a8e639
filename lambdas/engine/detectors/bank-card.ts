/**
 * Payment card numbers: 16-19 digits with a Luhn check, plain or in groups of four. Luhn alone
 * lets one random run in ten through, so a number is confirmed only when it also starts in a
 * known issuer range at a length that network issues (UnionPay 62, Visa 4, Mastercard 51-55 and
 * 2221-2720, JCB 35). Any other Luhn-valid run is left to context, and so is an 18-digit run
 * shaped like a resident ID (province and birth date), which a card confirmation would shadow.
 */
import { isBirthDateValidAt, isProvinceCodeAt } from '../checksums/gb11643.js';
import { isLuhnValidAt } from '../checksums/luhn.js';
import type { Detector, Verdict } from '../types.js';
import { END, END_GROUP, SEP, SEP_CHARS, START, START_GROUP, globalRegex } from './regex-parts.js';

/** The number the first `count` characters of text[start, end) spell (like `Number(slice)` on digits). */
function leadingNumber(text: string, start: number, end: number, count: number): number {
  if (end - start < count) return Number(text.slice(start, end));
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(text.slice(start, start + count));
    n = n * 10 + d;
  }
  return n;
}

/** True when `digits` starts in an issuer range of a network that issues cards of its length. */
export function isKnownIssuer(digits: string): boolean {
  return isKnownIssuerAt(digits, 0, digits.length);
}

/** isKnownIssuer of text[start, end), without slicing it. */
export function isKnownIssuerAt(text: string, start: number, end: number): boolean {
  const n = end - start;
  const two = leadingNumber(text, start, end, 2);
  const four = leadingNumber(text, start, end, 4);
  if (two === 62) return n >= 16 && n <= 19; // UnionPay
  if (n > 0 && text.charCodeAt(start) === 52) return n === 16 || n === 19; // Visa (starts with 4)
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return n === 16; // Mastercard
  if (two === 35) return n >= 16 && n <= 19; // JCB
  return false;
}

function looksLikeResidentId(text: string, start: number, end: number): boolean {
  return end - start === 18 && isProvinceCodeAt(text, start) && isBirthDateValidAt(text, start + 6);
}

function validateCard(text: string, start: number, end: number): Verdict {
  if (!isLuhnValidAt(text, start, end)) return false;
  return isKnownIssuerAt(text, start, end) && !looksLikeResidentId(text, start, end) ? true : undefined;
}

/** Bank card detector: `bank_card`, Luhn plus issuer range; other Luhn-valid runs only with context. */
export const bankCardDetector: Detector = {
  id: 'bank_card.luhn',
  type: 'bank_card',
  // Luhn (1/10) and an issuer range (about 1/4 of leading digits): stronger than a prefix table.
  strength: 1.5,
  patterns: [
    {
      name: 'digits',
      regex: globalRegex(START, '[1-9]\\d{15,18}', END),
      score: 0.3,
      triggers: [{ run: 'alnum', first: '123456789', lengths: [[16, 19]] }],
    },
    {
      // Groups of four (the last of 1-3 digits for 17-19); not one window of a longer grouped run.
      name: 'grouped',
      regex: globalRegex(START_GROUP, `[1-9]\\d{3}(?:${SEP}\\d{4}){3}(?:${SEP}?\\d{1,3})?`, END_GROUP),
      score: 0.3,
      triggers: [{ run: 'alnum', first: '123456789', lengths: [4], next: SEP_CHARS }],
    },
  ],
  context: ['银行卡', '卡号', '账号', '帐号', '信用卡', '借记卡', '开户行', 'card no', 'card number', 'cardno', 'bank'],
  validate: (value) => validateCard(value, 0, value.length),
  validateAt: validateCard,
  mask: (value) => value.slice(0, 6) + '*'.repeat(Math.max(0, value.length - 10)) + value.slice(-4),
};
