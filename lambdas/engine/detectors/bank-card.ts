/**
 * Payment card numbers: 14-19 digits with a Luhn check, plain, in groups of four, or grouped 4-6-5
 * (American Express) and 4-6-4 (Diners). Luhn alone lets one random run in ten through, so a
 * number is confirmed only when it also starts in a known issuer range at a length that network
 * issues (ISSUERS). Any other Luhn-valid run is left to context, and so is a run shaped like a
 * resident ID (province and birth date, 18 digits or the legacy 15), which a card confirmation
 * would shadow.
 */
import { isBirthDateValidAt, isLegacyResidentIdValid, isProvinceCodeAt } from '../checksums/gb11643.js';
import { isLuhnValidAt } from '../checksums/luhn.js';
import type { Detector, Verdict } from '../types.js';
import { END, END_GROUP, SEP, SEP_CHARS, START, START_GROUP, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

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

/**
 * Issuer ranges and the lengths each network issues, as `[first, last, prefix digits, min, max]`
 * (lengths inclusive), checked in order:
 *
 * | network          | prefixes                  | lengths     |
 * |------------------|---------------------------|-------------|
 * | UnionPay         | 62                        | 14-19       |
 * | UnionPay         | 81                        | 16-19       |
 * | Visa             | 4                         | 16, 19      |
 * | Mastercard       | 51-55, 2221-2720          | 16          |
 * | JCB              | 35                        | 16-19       |
 * | American Express | 34, 37                    | 15          |
 * | Diners Club      | 300-305, 36, 38, 39       | 14, 16-19   |
 * | Discover         | 6011, 644-649, 65         | 16-19       |
 * | Maestro          | 50, 56-59, 63, 67         | 16-19       |
 */
const ISSUERS: readonly (readonly [number, number, number, number, number])[] = [
  [62, 62, 2, 14, 19],
  [81, 81, 2, 16, 19],
  [4, 4, 1, 16, 16],
  [4, 4, 1, 19, 19],
  [51, 55, 2, 16, 16],
  [2221, 2720, 4, 16, 16],
  [35, 35, 2, 16, 19],
  [34, 34, 2, 15, 15],
  [37, 37, 2, 15, 15],
  [300, 305, 3, 14, 14],
  [36, 36, 2, 14, 14],
  [38, 39, 2, 14, 14],
  [300, 305, 3, 16, 19],
  [36, 36, 2, 16, 19],
  [38, 39, 2, 16, 19],
  [6011, 6011, 4, 16, 19],
  [644, 649, 3, 16, 19],
  [65, 65, 2, 16, 19],
  [50, 50, 2, 16, 19],
  [56, 59, 2, 16, 19],
  [63, 63, 2, 16, 19],
  [67, 67, 2, 16, 19],
];

/** True when `digits` starts in an issuer range of a network that issues cards of its length. */
export function isKnownIssuer(digits: string): boolean {
  return isKnownIssuerAt(digits, 0, digits.length);
}

/** isKnownIssuer of text[start, end), without slicing it. */
export function isKnownIssuerAt(text: string, start: number, end: number): boolean {
  const n = end - start;
  for (const [first, last, digits, min, max] of ISSUERS) {
    if (n < min || n > max) continue;
    const lead = leadingNumber(text, start, end, digits);
    if (lead >= first && lead <= last) return true;
  }
  return false;
}

function looksLikeResidentId(text: string, start: number, end: number): boolean {
  if (end - start === 15) return isLegacyResidentIdValid(text.slice(start, end));
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
      regex: globalRegex(START, '[1-9]\\d{13,18}', END),
      score: 0.3,
      triggers: [{ run: 'alnum', first: '123456789', lengths: [[14, 19]] }],
    },
    {
      // Groups of four (the last of 1-3 digits for 17-19), or 4-6-5 (American Express) and 4-6-4
      // (Diners) as printed; not one window of a longer grouped run.
      name: 'grouped',
      regex: globalRegex(START_GROUP, `[1-9]\\d{3}(?:(?:${SEP}\\d{4}){3}(?:${SEP}?\\d{1,3})?|${SEP}\\d{6}${SEP}\\d{4,5})`, END_GROUP),
      score: 0.3,
      triggers: [{ run: 'alnum', first: '123456789', lengths: [4], next: SEP_CHARS, then: { first: '0123456789', lengths: [4, 6], next: SEP_CHARS } }],
    },
  ],
  context: withSpellings(['银行卡', '卡号', '账号', '帐号', '信用卡', '借记卡', '开户行', 'card no', 'card number', 'cardno', 'bank']),
  validate: (value) => validateCard(value, 0, value.length),
  validateAt: validateCard,
  mask: (value) => value.slice(0, 6) + '*'.repeat(Math.max(0, value.length - 10)) + value.slice(-4),
};
