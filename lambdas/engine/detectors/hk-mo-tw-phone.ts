/**
 * Phone numbers of Hong Kong, Macau and Taiwan, which the mainland detectors (`cn_mobile`,
 * `cn_landline`) do not read:
 *
 * | written                                            | reported                                   |
 * |----------------------------------------------------|--------------------------------------------|
 * | with the country code: `+852 9123 4567`, `(852) 2345-6789`, `00853 6612 3456`, `+886 912 345 678`, `+886-2-2345-6789` | anywhere (`international`) |
 * | a Taiwan mobile: `0912-345-678`, `0912345678`      | next to a phone label or under a phone header (`tw-mobile`) |
 * | a Taiwan landline with its area code: `(02) 2345-6789`, `02-2345-6789`, `(04)2234-5678` | next to a phone label or under a phone header (`tw-landline`) |
 * | eight digits, `9123 4567`, `23456789` (Hong Kong, Macau; a mainland number without its area code too) | only as a whole cell or field under a phone column header (`local`) |
 *
 * Eight digits are any number in free text (an order, a date, an amount near the word 电话), so
 * only a phone column makes them one.
 */
import { END_GROUP, SEP, SEP_CHARS, START_GROUP, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';
import type { Detector } from '../types.js';

/** A Hong Kong or Macau subscriber: 8 digits, the first 2-9, maybe split 4 and 4. */
const HK_MO = `[2-9]\\d{3}${SEP}?\\d{4}`;
/** A Taiwan mobile after `09` (or `9` after the country code): 8 digits, split 2-3-3 or 3-3 as written. */
const TW_MOBILE_REST = `\\d{2}${SEP}?\\d{3}${SEP}?\\d{3}`;
/** The printable ASCII characters that cannot stand before a field: all but its delimiters and quote. */
const NOT_FIELD_START = Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i))
  .filter((c) => !',;|"'.includes(c))
  .join('');
/** What may follow a field: a delimiter, its closing quote, a line break (or the end of the text). */
const FIELD_END = ',;|"\t\r\n';
/** Not after a letter, a digit or another `+`. */
const INTERNATIONAL_START = '(?<![0-9A-Za-z+])';
/**
 * Taiwan's area codes as dialled there: `02`-`08`, and the three-digit `037`, `049`, `082`, `089`
 * (a mainland `024-` or `021-` is none of them).
 */
const TW_AREA = '0(?:37|49|82|89|[2-8])';
/** A Taiwan landline subscriber: 6-8 digits, maybe split before its last 4. */
const TW_SUBSCRIBER = `\\d{2,4}${SEP}?\\d{4}`;

/** The phone detector of Hong Kong, Macau and Taiwan: `hk_mo_tw_phone`. */
export const hkMoTwPhoneDetector: Detector = {
  id: 'hk_mo_tw_phone.shape',
  type: 'hk_mo_tw_phone',
  // A country code and a length: no checksum.
  strength: 0.5,
  patterns: [
    {
      name: 'international',
      regex: globalRegex(
        `(?:(?:${INTERNATIONAL_START}(?:\\+|00)85[23]|\\(\\+?85[23]\\))${SEP}?${HK_MO}`,
        `|(?:${INTERNATIONAL_START}(?:\\+|00)886|\\(\\+?886\\))${SEP}?(?:\\(0\\)${SEP}?)?(?:9${TW_MOBILE_REST}|[2-8]\\d?${SEP}?${TW_SUBSCRIBER}))`,
        END_GROUP,
      ),
      score: 0.6,
      triggers: [{ char: '+(' }, { run: 'alnum', first: '0', lengths: [5, [12, 15]] }],
    },
    {
      name: 'tw-mobile',
      regex: globalRegex(START_GROUP, `09${TW_MOBILE_REST}`, END_GROUP),
      score: 0.2,
      // `0912-345-678`, `0912345-678`, `0912-345678`, `0912345678` (not a card's group: `0571 8888`).
      triggers: [
        { run: 'alnum', first: '0', lengths: [10] },
        { run: 'alnum', first: '0', lengths: [7], next: SEP_CHARS },
        { run: 'alnum', first: '0', lengths: [4], next: SEP_CHARS, then: { lengths: [3, 6] } },
      ],
    },
    {
      name: 'tw-landline',
      regex: globalRegex(`(?:\\(${TW_AREA}\\) ?|${START_GROUP}${TW_AREA}-)`, `\\d{3,4}-?\\d{4}`, END_GROUP),
      score: 0.2,
      triggers: [{ char: '(' }, { run: 'alnum', first: '0', lengths: [2, 3], next: '-' }],
    },
    {
      name: 'local',
      regex: globalRegex(`(?<=(?:^|[\\r\\n,\\t;|])"?)`, HK_MO, `(?="?(?:[,\\t;|\\r\\n]|$))`),
      score: 0.2,
      headerOnly: true,
      // A whole field starts a text or follows a delimiter or a quote, and ends one: the runs
      // around it refuse most 4- and 8-digit runs (a card's groups) without the expression.
      triggers: [
        { run: 'alnum', first: '23456789', lengths: [8], next: FIELD_END, end: true, notAfter: NOT_FIELD_START },
        { run: 'alnum', first: '23456789', lengths: [4], next: SEP_CHARS, then: { lengths: [4], next: FIELD_END, end: true }, notAfter: NOT_FIELD_START },
      ],
    },
  ],
  context: withSpellings(['电话', '手机', '联系电话', '联系方式', '行动电话', '手提电话', '流动电话', 'phone', 'tel', 'mobile']),
};
