/**
 * Mainland landline numbers: area code `010`/`02x` with an 8-digit subscriber, or `0[3-9]xx`
 * with 7 or 8 digits; subscribers never start with 0 or 1. A separator or parentheses after the
 * area code (or a `+86`/`0086` prefix, which drops the area code's 0) make the shape distinctive
 * enough to report; a bare digit run looks like any other number and needs context. A trailing
 * `-801` extension is part of the match; a separated number that is one group of a longer grouped
 * run (`6222 0571 8888 6666`) is not a phone.
 */
import { defaultMask } from '../mask.js';
import type { Detector } from '../types.js';
import { END, END_GROUP, SEP, SEP_CHARS, START, START_GROUP, globalRegex } from './regex-parts.js';
import { PHONE_NOT_AFTER } from './phone-words.js';
import { withSpellings } from './traditional.js';

const SUB8 = `[2-9]\\d{3}${SEP}?\\d{4}`;
const SUB7_8 = `[2-9]\\d{2,3}${SEP}?\\d{4}`;
const EXTENSION = '(?:-\\d{1,6})?';

/** Keeps the area code (written nationally, with its 0) and the last 2 digits: `0571******66`. */
function maskLandline(value: string): string {
  const digits = value.replace(/\D/g, '');
  const national = value.startsWith('0086') ? `0${digits.slice(4)}` : /^\(?\+86/.test(value) ? `0${digits.slice(2)}` : digits;
  const area = /^0[12]/.test(national) ? 3 : 4;
  return defaultMask(national, area, 2);
}

/** Landline detector: `cn_landline`, area-code shape; bare digit runs only with context. */
export const landlineDetector: Detector = {
  id: 'cn_landline.area_code',
  type: 'cn_landline',
  // Area-code structure only: the weakest of the numeric detectors.
  strength: 0.5,
  patterns: [
    {
      name: 'international',
      regex: globalRegex(`(?:${START}(?:\\+|00)86|\\(\\+86\\))${SEP}?`, `(?:(?:10|2\\d)${SEP}?${SUB8}|[3-9]\\d\\d${SEP}?${SUB7_8})`, EXTENSION, END_GROUP),
      score: 0.7,
      triggers: [{ char: '+(' }, { run: 'alnum', first: '0', lengths: [[4, 15]] }],
    },
    {
      name: 'separated',
      regex: globalRegex(
        START_GROUP,
        `(?:(?:\\(0(?:10|2\\d)\\) ?|0(?:10|2\\d)${SEP})${SUB8}|(?:\\(0[3-9]\\d\\d\\) ?|0[3-9]\\d\\d${SEP})${SUB7_8})`,
        EXTENSION,
        END_GROUP,
      ),
      score: 0.6,
      // `(` of a bracketed area code, or the area code itself before its separator.
      // The subscriber number: 3-4 digits before a separator, or 7-8 digits.
      triggers: [{ char: '(' }, { run: 'alnum', first: '0', lengths: [3, 4], next: SEP_CHARS, then: { first: '23456789', lengths: [[3, 4], [7, 8]] } }],
    },
    {
      name: 'digits',
      regex: globalRegex(START, '(?:0(?:10|2\\d)[2-9]\\d{7}|0[3-9]\\d\\d[2-9]\\d{6,7})', END),
      score: 0.3,
      triggers: [{ run: 'alnum', first: '0', lengths: [11, 12] }],
    },
  ],
  context: withSpellings(['电话', '座机', '固话', '传真', 'tel', 'telno', 'phone', 'fax', 'landline']),
  // `phone` not in a device's name (`iPhone`, `smartphone`).
  contextNotAfter: PHONE_NOT_AFTER,
  // Column names in pinyin (电话 dianhua, 联系电话 lxdh, 固定电话 gddh): in a header only.
  headerContext: ['dianhua', 'lxdh', 'gddh'],
  // `tel` only as a word of its own (`Tel:`, `tel_no`, `Tel2`), not in `hotel`, `intel`, `motel`.
  wholeWords: ['tel'],
  mask: maskLandline,
};
