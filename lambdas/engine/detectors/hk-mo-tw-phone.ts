/**
 * Phone numbers of Hong Kong, Macau and Taiwan, which the mainland detectors (`cn_mobile`,
 * `cn_landline`) do not read:
 *
 * | written                                            | reported                                   |
 * |----------------------------------------------------|--------------------------------------------|
 * | with the country code: `+852 9123 4567`, `(852) 2345-6789`, `00853 6612 3456`, `+886 912 345 678`, `+886-2-2345-6789` | anywhere (`international`) |
 * | a Taiwan mobile: `0912-345-678`, `0912345678`      | next to a phone label or under a phone header (`tw-mobile`) |
 * | a Taiwan landline with its area code: `(02) 2345-6789`, `02-2345-6789`, `(04)2234-5678` | next to a phone label or under a phone header (`tw-landline`) |
 * | eight digits, `9123 4567`, `23456789` (Hong Kong, Macau; a mainland number without its area code too) | right after a phone label (`聯絡電話：9123 4567`, `labelled`), right after a key, label or XML element naming a phone column (`contactNo=`, `after-key`), or as a whole cell or field under a phone column header (`local`) |
 *
 * Eight digits are any number in free text (an order, a date, an amount a few words after 电话), so
 * only a phone label right before them, or a phone column, makes them one.
 */
import { AFTER_KEY, END_GROUP, FIELD_END, FIELD_END_CHARS, FIELD_START, fieldTriggers, SEP, SEP_CHARS, START_GROUP, afterLabel, globalRegex, labelGaps } from './regex-parts.js';
import { PHONE_NOT_AFTER } from './phone-words.js';
import { withSpellings } from './traditional.js';
import { defaultMask } from '../mask.js';
import type { Detector, PatternTrigger } from '../types.js';

/** A Hong Kong or Macau subscriber: 8 digits, the first 2-9, maybe split 4 and 4. */
const HK_MO = `[2-9]\\d{3}${SEP}?\\d{4}`;
/** A Taiwan mobile after `09` (or `9` after the country code): 8 digits, split 2-3-3 or 3-3 as written. */
const TW_MOBILE_REST = `\\d{2}${SEP}?\\d{3}${SEP}?\\d{3}`;
/** Not after a letter, a digit or another `+`. */
const INTERNATIONAL_START = '(?<![0-9A-Za-z+])';
/**
 * Taiwan's area codes as dialled there: `02`-`08`, and the three-digit `037`, `049`, `082`, `089`
 * (a mainland `024-` or `021-` is none of them).
 */
const TW_AREA = '0(?:37|49|82|89|[2-8])';
/** A Taiwan landline subscriber: 6-8 digits, maybe split before its last 4. */
const TW_SUBSCRIBER = `\\d{2,4}${SEP}?\\d{4}`;

/**
 * Phone labels that eight digits may follow (`电话` ends 联系电话, 行动电话, 手提电话 and 流动电话 too);
 * every one is also a context word, so the label adds CONTEXT_BOOST.
 */
const LABELS = withSpellings([
  ...['电话', '电话号码', '手机', '手机号', '手机号码', '联系方式', '联络方式', '联系方法', '联络方法', '座机', '固话'],
  ...['Tel', 'TEL', 'tel', 'Phone', 'phone', 'Mobile', 'mobile', 'WhatsApp', 'Whatsapp', 'whatsapp'],
  ...['Contact No', 'Contact No.', 'contact no', 'Contact Number', 'contact number'],
]);

/** Where eight digits start, `23456789` or `2345 6789` (HK_MO): tried after a label or a key only. */
const EIGHT_DIGITS = [
  { run: 'alnum', first: '23456789', lengths: [8] },
  { run: 'alnum', first: '23456789', lengths: [4], next: SEP_CHARS, then: { lengths: [4] } },
] as const satisfies readonly PatternTrigger[];

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
      name: 'labelled',
      // Only where the triggers try it: right after a phone label and a colon or a space.
      regex: globalRegex(afterLabel(LABELS), START_GROUP, HK_MO, END_GROUP),
      score: 0.2,
      triggers: EIGHT_DIGITS.map((trigger) => ({ ...trigger, after: labelGaps(LABELS) })),
    },
    {
      // Right after a key, label or element that names a phone column (`"contactNo": "9123 4567"`,
      // `lxdh=23456789`, `<telNo>…`): the key or label is its header (labels.ts keyAt, labelAt). An
      // XML or JSON export's phones under such names were unfound: `labelled` follows a phone's word alone.
      name: 'after-key',
      regex: globalRegex(AFTER_KEY, START_GROUP, HK_MO, END_GROUP),
      score: 0.2,
      headerOnly: true,
      triggers: EIGHT_DIGITS,
    },
    {
      name: 'local',
      regex: globalRegex(FIELD_START, HK_MO, FIELD_END),
      score: 0.2,
      headerOnly: true,
      // A whole field starts a text or follows a delimiter or a quote, and ends one: the runs
      // around it refuse most 4- and 8-digit runs (a card's groups) without the expression.
      triggers: [
        ...fieldTriggers({ run: 'alnum', first: '23456789', lengths: [8], next: FIELD_END_CHARS, end: true } as const),
        ...fieldTriggers({ run: 'alnum', first: '23456789', lengths: [4], next: SEP_CHARS, then: { lengths: [4], next: FIELD_END_CHARS, end: true } } as const),
      ],
    },
  ],
  // WhatsApp and `Contact No`: how Hong Kong lists head their phone column (since engine 0.3.10).
  context: withSpellings(['电话', '手机', '联系电话', '联系方式', '联络方式', '联系方法', '联络方法', '行动电话', '手提电话', '流动电话', '座机', '固话', 'phone', 'tel', 'telno', 'mobile', 'whatsapp', 'contact no', 'contact number']),
  // `phone` not in a device's name (`iPhone`, `smartphone`).
  contextNotAfter: PHONE_NOT_AFTER,
  // Column names in pinyin (电话 dianhua, 联系电话 lxdh, 固定电话 gddh, 手机 shouji, 手机号码 sjhm,
  // 联系方式 lxfs): in a header only; eight digits under them were no phone.
  headerContext: ['dianhua', 'lxdh', 'gddh', 'shouji', 'sjhm', 'lxfs'],
  // `tel` only as a word of its own (`Tel:`, `tel_no`, `Tel2`), not in `hotel`, `intel`, `motel`.
  wholeWords: ['tel'],
  // Eight digits written alone keep two at each end (`91****67`): the default's first three would
  // show five of the eight.
  mask: (value) => defaultMask(value, value.replace(/\D/g, '').length <= 8 ? 2 : 3, 2),
};
