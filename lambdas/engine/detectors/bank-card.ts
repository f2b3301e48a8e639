/**
 * Payment card numbers: 16-19 digits with a Luhn check, plain or in groups of four. Luhn alone
 * lets one random run in ten through, so a number is confirmed only when it also starts in a
 * known issuer range at a length that network issues (UnionPay 62, Visa 4, Mastercard 51-55 and
 * 2221-2720, JCB 35). Any other Luhn-valid run is left to context, and so is an 18-digit run
 * shaped like a resident ID (province and birth date), which a card confirmation would shadow.
 */
import { isBirthDateValid, isProvinceCode } from '../checksums/gb11643.js';
import { isLuhnValid } from '../checksums/luhn.js';
import type { Detector, Verdict } from '../types.js';
import { END, END_GROUP, SEP, SEP_CHARS, START, START_GROUP, globalRegex } from './regex-parts.js';

/** The number its first `count` characters spell (like `Number(digits.slice(0, count))` on digits). */
function leadingNumber(digits: string, count: number): number {
  if (digits.length < count) return Number(digits);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(digits.slice(0, count));
    n = n * 10 + d;
  }
  return n;
}

/** True when `digits` starts in an issuer range of a network that issues cards of its length. */
export function isKnownIssuer(digits: string): boolean {
  const n = digits.length;
  const two = leadingNumber(digits, 2);
  const four = leadingNumber(digits, 4);
  if (two === 62) return n >= 16 && n <= 19; // UnionPay
  if (digits[0] === '4') return n === 16 || n === 19; // Visa
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return n === 16; // Mastercard
  if (two === 35) return n >= 16 && n <= 19; // JCB
  return false;
}

function looksLikeResidentId(digits: string): boolean {
  return digits.length === 18 && isProvinceCode(digits) && isBirthDateValid(digits.slice(6, 14));
}

function validateCard(value: string): Verdict {
  if (!isLuhnValid(value)) return false;
  return isKnownIssuer(value) && !looksLikeResidentId(value) ? true : undefined;
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
  validate: validateCard,
  mask: (value) => value.slice(0, 6) + '*'.repeat(Math.max(0, value.length - 10)) + value.slice(-4),
};
