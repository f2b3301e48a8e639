/**
 * WeChat ids (微信号). The ids WeChat assigns, `wxid_` and 10-20 lower-case letters and digits,
 * are found anywhere. An id the user chose (6-20 letters, digits, `_` and `-`, starting with a
 * letter) is any word, so it is reported only right after a WeChat label (`微信：zhang_san88`) or as
 * a whole field under a WeChat column header (微信, 微信号, WeChat), never for WeChat words elsewhere
 * in the text.
 */
import type { Detector, Verdict } from '../types.js';
import { AFTER_KEY, FIELD_END, FIELD_START, afterLabel, globalRegex, labelGaps } from './regex-parts.js';
import { withSpellings } from './traditional.js';

/** Characters that continue a WeChat id (and so may not stand right before or after one). */
const ID_CHAR = '[0-9A-Za-z_\\-]';
/**
 * What people write for WeChat where a platform filters the word, or to be quick (`vx：`, `V信`,
 * `wx号`): a label only standing alone (`wx`, `vx` are no words: `wxid_`, `wx_pay_status`).
 */
const ABBREVIATIONS = ['wx', 'vx', 'wxh', 'v信'];
/** Each abbreviation as it is written: lower case, capitals, a capital first. */
const WRITTEN = [...new Set(ABBREVIATIONS.flatMap((a) => [a, a.toUpperCase(), a[0].toUpperCase() + a.slice(1)]))];
/** WeChat labels a chosen id can follow (few: the trigger compares each where an id could start). */
const LABELS = withSpellings(['微信', '微信号', 'WeChat', 'wechat', 'WeChat ID', ...WRITTEN.flatMap((a) => [a, `${a}号`])]);
/** What a column of WeChat ids holds where nobody filled it in: the shape of an id, not one. */
const PLACEHOLDERS = new Set(['unknown', 'none', 'null', 'undefined', 'nothing', 'no_wechat', 'nowechat']);
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * WeChat's own name, where a chosen id could stand: a column header `wechat` (read under itself), a
 * dump's column list `(id, name, wechat, …)`. Found as ids, they were false findings.
 */
const NAMES = new Set(['wechat', 'weixin', 'wechat_id', 'wechatid', 'wechat-id', 'weixin_id', 'weixinhao']);

/** A WeChat Pay field's key right before a value (`"wechat_pay_status": "`, `wxPayType=`): its values are a payment's. */
const PAY_KEY = /pay[A-Za-z0-9_]*["']?\s*[:=]\s*["']?\s*$/i;

/**
 * Rejects a placeholder in a WeChat column, WeChat's own name anywhere, and a value under a WeChat
 * Pay key (`SUCCESS`, `NATIVE`: an id's shape); no opinion otherwise.
 */
function rejectPlaceholder(text: string, start: number, end: number, pattern: string): Verdict {
  const value = text.slice(start, end).toLowerCase();
  if (NAMES.has(value) || ((pattern === 'column' || pattern === 'after-key') && PLACEHOLDERS.has(value))) return false;
  return pattern === 'after-key' && PAY_KEY.test(text.slice(Math.max(0, start - KEY_REACH), start)) ? false : undefined;
}

/** Characters before a value that its key is looked for in (PAY_KEY). */
const KEY_REACH = 48;

/** WeChat id detector: `wechat_id`, `wxid_` ids anywhere, chosen ids only with a label. */
export const wechatIdDetector: Detector = {
  id: 'wechat_id.shape',
  type: 'wechat_id',
  strength: 0.5,
  patterns: [
    {
      name: 'wxid',
      regex: globalRegex(`(?<!${ID_CHAR})`, 'wxid_[0-9a-z]{10,20}', `(?!${ID_CHAR}|@)`),
      score: 0.8,
      triggers: [{ run: 'alnum', first: 'w', lengths: [4], next: '_' }],
    },
    {
      name: 'chosen',
      // Only where the trigger tries it: right after a label, not inside a longer word.
      regex: globalRegex(afterLabel(LABELS), '(?<![0-9A-Za-z])', '[A-Za-z][0-9A-Za-z_\\-]{5,19}', `(?!${ID_CHAR}|[@.][0-9A-Za-z])`),
      score: 0.2,
      // Right after a label only: a chosen id is any word elsewhere. Its trigger is met at every run
      // that starts with a letter, so it is tried only in a text with a label (each holds one of
      // these). After an abbreviation its context is the label read as its header (`wx：`, labels.ts),
      // or `v信`: `wx abc123` in running text is no finding.
      requires: ['微信', 'WeChat', 'wechat', ...WRITTEN],
      triggers: [{ run: 'alnum', first: LETTERS, after: labelGaps(LABELS) }],
    },
    {
      // Right after a key or a label that names a WeChat column (`"wechatId": "zhang_san88"`,
      // `wx_no=zhang_san88`): the key or label is the value's header (labels.ts keyAt, labelAt). A
      // JSON export's ids under `wechat_id` or `wxNo` were unfound: `chosen` follows WeChat's name only.
      name: 'after-key',
      regex: globalRegex(AFTER_KEY, '(?<![0-9A-Za-z])', '[A-Za-z][0-9A-Za-z_\\-]{5,19}', `(?!${ID_CHAR}|[@.][0-9A-Za-z])`),
      score: 0.2,
      headerOnly: true,
      triggers: [{ run: 'alnum', first: LETTERS, lengths: [[1, 20]] }],
    },
    {
      name: 'column',
      // A whole field (after a line start or delimiter, then an optional CSV quote), as in a cell.
      regex: globalRegex(FIELD_START, '[A-Za-z][0-9A-Za-z_\\-]{5,19}', FIELD_END),
      score: 0.2,
      headerOnly: true,
      triggers: [{ run: 'alnum', first: LETTERS, lengths: [[1, 20]] }],
    },
  ],
  context: withSpellings(['微信', 'wechat', 'weixin', 'v信', 'vx号', 'wx号']),
  // Column names in pinyin (微信号 wxh, wx_id): in a header only.
  headerContext: ['wxh', 'wx_id', 'vx_id'],
  // Abbreviations as a whole header or label only (`wx`, `vx`), not inside one (`wx_pay_status`).
  headerNames: ['wx', 'vx'],
  verbatim: true,
  validate: (value, pattern) => rejectPlaceholder(value, 0, value.length, pattern),
  validateAt: rejectPlaceholder,
  mask: (value) => `${value.slice(0, value.startsWith('wxid_') ? 6 : 2)}****${value.slice(-2)}`,
};
