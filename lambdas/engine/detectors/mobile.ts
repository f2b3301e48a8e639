/**
 * Mainland mobile numbers: 11 digits with an allocated prefix, written plain, 3-4-4 with spaces
 * or dashes, or after `+86`, `0086` or `(+86)`. No checksum: the prefix table is the only check,
 * strong enough to report without context. Hotlines (400, 800) and 95xxx service numbers do not
 * start with 1, so the prefix table already leaves them out.
 */
import type { Detector } from '../types.js';
import { END_RUN, SEP, SEP_CHARS, START, START_RUN, globalRegex } from './regex-parts.js';
import { PHONE_NOT_AFTER } from './phone-words.js';
import { withSpellings } from './traditional.js';

/**
 * The first 7 digits of a mobile number with its allocated prefix, `sep` an optional separator
 * after the third: 13x, 145/147/149, 150-153, 155-159, 162, 165-167, 170-173, 175-178, 18x,
 * 190-193, 195-199, and of 174 only 17400-17412 (satellite) and 1749x (emergency): 17413-17489
 * are unallocated. Also the Macie identifier's expression (no look-around in it).
 */
export function mobileHead(sep: string): string {
  return `1(?:(?:3\\d|4[579]|5[0-35-9]|6[25-7]|7[0-35-8]|8\\d|9[0-35-9])${sep}?\\d{4}|74${sep}?(?:0\\d|1[0-2]|9\\d)\\d\\d)`;
}

const NUMBER = `${mobileHead(SEP)}${SEP}?\\d{4}`;

/** Mobile detector: `cn_mobile`, prefix table, reported without context. */
export const mobileDetector: Detector = {
  id: 'cn_mobile.prefix',
  type: 'cn_mobile',
  // A prefix table admits about 5% of 11-digit runs: weaker than Luhn.
  strength: 1,
  patterns: [
    {
      name: 'international',
      regex: globalRegex(`(?:${START}(?:\\+|00)86|\\(\\+86\\))${SEP}?`, NUMBER, END_RUN),
      score: 0.8,
      triggers: [{ char: '+(' }, { run: 'alnum', first: '0', lengths: [[4, 15]] }],
    },
    // 3-4-4 groups: the run before the first separator has 3, 7 or 11 digits.
    {
      name: 'national',
      regex: globalRegex(START_RUN, NUMBER, END_RUN),
      score: 0.6,
      triggers: [
        { run: 'alnum', first: '1', lengths: [11] },
        { run: 'alnum', first: '1', lengths: [3, 7], next: SEP_CHARS },
      ],
    },
  ],
  context: withSpellings(['手机', '电话', '联系方式', 'mobile', 'phone', 'tel', 'telno', 'cell']),
  // `phone` not in a device's name (`iPhone`, `smartphone`).
  contextNotAfter: PHONE_NOT_AFTER,
  // `tel` only as a word of its own (`Tel:`, `tel_no`, `Tel2`), not in `hotel`, `intel`, `motel`.
  wholeWords: ['tel'],
  mask: (value) => {
    const digits = value.replace(/\D/g, '').slice(-11);
    return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  },
};
