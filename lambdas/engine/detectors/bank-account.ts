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
import { COLON_GAPS, END_GROUP, SEP, SEP_CHARS, START_GROUP, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

/**
 * True when the digits of text[start, end) are one digit repeated, whatever separators stand
 * between them (`0000000000`, `000-000-0000`): a placeholder, not a number (bank accounts, health
 * insurance numbers).
 */
export function repeatsOneDigit(text: string, start: number, end: number): boolean {
  let digit = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) continue;
    if (digit < 0) digit = c;
    else if (c !== digit) return false;
  }
  return true;
}

function validateAccount(text: string, start: number, end: number): Verdict {
  return repeatsOneDigit(text, start, end) ? false : undefined;
}

/**
 * `账户` (and `帐户`, `賬戶`, `帳戶`) written as a label right before an account's digits: with its
 * colon (`账户：6222…`, `开户行：工商银行 账户: 1234…`), or after a word of a transfer (`转入账户1234…`,
 * `付款账户 1234…`). Too common a word of any text (`账户余额`, `用户账户`, a log's `已注销账户 2021…`)
 * to be a context word near every number, so the label of its own pattern; with its colon, not
 * after the words that make it a login's account (`用户账户：`, `会员账户：`, `游戏账户：`, `登录账户：`).
 */
const ACCOUNT_LABELS = withSpellings(['账户', '帐户']);
/** Words before 账户 that make it a login's account, not a bank's. */
const LOGIN_WORDS = withSpellings(['用户', '会员', '游戏', '登录']);
/** Words of a transfer before 账户: a label without its colon. */
const TRANSFER_WORDS = withSpellings(['转入', '转出', '汇入', '汇出', '付款', '打款', '结算', '提现', '退款', '入账']);
const AFTER_ACCOUNT = [
  ...ACCOUNT_LABELS.flatMap((label) => COLON_GAPS.map((gap) => label + gap)),
  ...TRANSFER_WORDS.flatMap((word) => ACCOUNT_LABELS.flatMap((label) => ['', ' ', ...COLON_GAPS].map((gap) => word + label + gap))),
];
const ACCOUNT_LABEL = `(?:${ACCOUNT_LABELS.join('|')})`;
const AFTER_ACCOUNT_LABEL = `(?<=(?<!${LOGIN_WORDS.join('|')})${ACCOUNT_LABEL}: ?|(?:${TRANSFER_WORDS.join('|')})${ACCOUNT_LABEL}:? ?)`;
/** The digits of an account, plain or in groups. */
const DIGITS = '\\d{10,25}';
const GROUPED = `\\d{3,6}(?:${SEP}(?:\\d|\\d{3,6})){2,5}`;
const DIGITS_START = { run: 'alnum', first: '0123456789', lengths: [[10, 25]] } as const;
const GROUPED_START = { run: 'alnum', first: '0123456789', lengths: [[3, 6]], next: SEP_CHARS, then: { first: '0123456789', lengths: [1, [3, 6]], next: SEP_CHARS } } as const;

/** Bank account detector: `bank_account`, 10-25 digits, reported only with an account label. */
export const bankAccountDetector: Detector = {
  id: 'bank_account.labelled',
  type: 'bank_account',
  // Weaker than every numeric detector, so a card, ID or phone number under 账号 keeps its type.
  strength: 0.1,
  patterns: [
    {
      name: 'digits',
      regex: globalRegex(START_GROUP, DIGITS, END_GROUP),
      score: 0.2,
      triggers: [DIGITS_START],
    },
    {
      name: 'grouped',
      regex: globalRegex(START_GROUP, GROUPED, END_GROUP),
      score: 0.2,
      triggers: [GROUPED_START],
    },
    {
      name: 'after-account',
      regex: globalRegex(AFTER_ACCOUNT_LABEL, `(?:${DIGITS}|${GROUPED})`, END_GROUP),
      score: 0.2,
      labelled: true,
      // Its labels' common character is 户 (客户, 用户): the rare word is the text's first check.
      requires: ACCOUNT_LABELS,
      triggers: [DIGITS_START, GROUPED_START].map((start) => ({ ...start, after: AFTER_ACCOUNT })),
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
