/**
 * Bank account numbers that are not card numbers (对公账户, 存折账号): 10-25 digits, plain or in
 * groups, with no structure to check. Any digit run could be one, so an account number is
 * reported only next to an account label; a card number under the same label is the bank_card
 * detector's (Luhn and an issuer range outrank a label).
 *
 * Groups: the first of 3-6 digits, then two to five more of 3-6 or of one (a check digit, as
 * Hong Kong's banks print accounts: `012-875-0-123456-7`, `123-456789-838`; Taiwan's:
 * `0123-456-789012`); never two, so a date and a time after the label (`2024-11-01 10`) are none.
 * A Hong Kong customer's label is `銀行戶口` or `戶口號碼`, a Taiwan one's `帳戶號碼`.
 */
import type { Detector, Verdict } from '../types.js';
import { END_GROUP, SEP, SEP_CHARS, START_GROUP, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

function validateAccount(text: string, start: number, end: number): Verdict {
  // A run of one repeated digit is a placeholder (0000000000), not an account.
  const first = text.charCodeAt(start);
  for (let i = start + 1; i < end; i++) if (text.charCodeAt(i) !== first) return undefined;
  return false;
}

/** Bank account detector: `bank_account`, 10-25 digits, reported only with an account label. */
export const bankAccountDetector: Detector = {
  id: 'bank_account.labelled',
  type: 'bank_account',
  // Weaker than every numeric detector, so a card, ID or phone number under 账号 keeps its type.
  strength: 0.1,
  patterns: [
    {
      name: 'digits',
      regex: globalRegex(START_GROUP, '\\d{10,25}', END_GROUP),
      score: 0.2,
      triggers: [{ run: 'alnum', first: '0123456789', lengths: [[10, 25]] }],
    },
    {
      name: 'grouped',
      regex: globalRegex(START_GROUP, `\\d{3,6}(?:${SEP}(?:\\d|\\d{3,6})){2,5}`, END_GROUP),
      score: 0.2,
      triggers: [{ run: 'alnum', first: '0123456789', lengths: [[3, 6]], next: SEP_CHARS, then: { first: '0123456789', lengths: [1, [3, 6]], next: SEP_CHARS } }],
    },
  ],
  context: withSpellings(['账号', '帐号', '对公账户', '银行账户', '收款账户', '账户号码', '帐户号码', '银行户口', '户口号码', 'account no', 'acct no', 'bank account']),
  // Column names in pinyin (银行账号 yhzh, 账号 zhanghao): in a header only.
  headerContext: ['yhzh', 'zhanghao'],
  requiresContext: true,
  validate: (value) => (value.length < 10 || value.length > 25 ? false : validateAccount(value, 0, value.length)),
  validateAt: (text, start, end) => (end - start < 10 || end - start > 25 ? false : validateAccount(text, start, end)),
  mask: (value) => `${value.slice(0, 4)}${'*'.repeat(Math.max(0, value.length - 8))}${value.slice(-4)}`,
};
