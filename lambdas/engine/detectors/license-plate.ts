/**
 * Motor vehicle plates (机动车号牌, GA 36): a province abbreviation, the issuing office's letter,
 * an optional `·` or space, then five characters (letters other than I and O, and digits; at most
 * two letters; the last may be 挂, 学, 警, 港, 澳, 领 or 试) or, on new-energy plates, six (a
 * letter and five characters, or five digits and `D`/`F`).
 *
 * - `plate`: at the start of a run of Chinese text, or right after a plate label (`车牌号京A12345`);
 * - `in-text`: inside running Chinese text (`车主开着京A12345去了`), reported only next to a plate
 *   or vehicle word, so a product code in prose (`型号京A12345`) stays unmatched. Only the last
 *   Chinese character of a run before an office letter is tried.
 * - `hk-mo-tw`, `hk-mo-tw-column`: plates of Hong Kong (`AB 1234`: two letters, no I, O or Q, then
 *   1-4 digits), Macau (`MA-12-34`) and Taiwan (`ABC-1234`, `AB-1234`, `1234-AB`, `A1-2345`;
 *   motorcycles `ABC-123`, `123-ABC`). Any product or part code has these shapes, so they are
 *   plates only right after a plate label (`車牌：ABC-1234`, `車牌號碼 AB 1234`) or as a whole field
 *   under a plate column header.
 */
import type { Detector, PatternTrigger, Verdict } from '../types.js';
import { AFTER_KEY, FIELD_END, FIELD_START, fieldTriggers, HAN, afterLabel, globalRegex, labelGaps } from './regex-parts.js';
import { withSpellings } from './traditional.js';

/** The 31 province abbreviations, and 使 (embassy) and 领 (consulate). */
export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领';
/** The issuing office's letters (no I or O): a plate's province character is followed by one. */
const OFFICE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const L = `[${OFFICE_LETTERS}]`;
const C = '[A-HJ-NP-Z0-9]';
/** Labels a plate may follow inside a run of Chinese text; also its context words. */
const LABELS = withSpellings(['车牌号码', '车牌号', '车牌', '号牌', '牌照', '车号']);
/** Words before a product or part code, which has a plate's shape (`型号京A12345`). */
const CODE_WORDS = ['型号', '货号', '编号', '款号', '批号', '料号', '编码', '代码', '规格'];
/** The plate itself, from the province character, and its right boundary. */
const PLATE = [
  `[${PLATE_PROVINCES}]${L}[·・• ]?`,
  `(?:[DFA-CEG-HJK]${C}\\d{4}|\\d{5}[DF]|${C}{4}[A-HJ-NP-Z0-9挂学警港澳领试])`,
  '(?![0-9A-Za-z])',
];

/** Labels a plate of Hong Kong, Macau or Taiwan may follow: the Chinese ones and English. */
const REGIONAL_LABELS = [...LABELS, 'Plate', 'plate', 'Plate No', 'plate no', 'Vehicle No', 'vehicle no'];
/** The letters of Hong Kong's plates: no I, O or Q. */
const HK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
/** A plate of Hong Kong, Macau or Taiwan, and its right boundary (not followed by more of a code). */
const REGIONAL_PLATE = [
  `(?:[${HK_LETTERS}]{2} ?\\d{1,4}|[A-Z]{2}-\\d{2}-\\d{2}|[A-Z]{2,3}-\\d{3,4}|\\d{3,4}-[A-Z]{2,3}|[A-Z]\\d-\\d{4}|\\d{4}-[A-Z]\\d)`,
  '(?![0-9A-Za-z]|-[0-9A-Za-z])',
];
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/**
 * Where those plates start: letters before a dash or space and then digits (`AB 1234`, `ABC-1234`,
 * `MA-12-34`, `A1-2345`), digits before a dash and then letters (`1234-AB`, `123-ABC`), or Hong
 * Kong's letters and digits written together (`AB1234`).
 */
const REGIONAL_TRIGGERS = [
  { run: 'alnum', first: UPPER, lengths: [2, 3], next: ' -', then: { first: DIGITS, lengths: [[1, 4]] } },
  { run: 'alnum', first: DIGITS, lengths: [3, 4], next: '-', then: { first: UPPER, lengths: [2, 3] } },
  { run: 'alnum', first: HK_LETTERS, lengths: [[3, 6]] },
] as const satisfies readonly PatternTrigger[];
/** The patterns of those plates: their shapes alone decide nothing (a mainland plate's letter count does not apply). */
const REGIONAL_PATTERNS = new Set(['hk-mo-tw', 'hk-mo-tw-column', 'hk-mo-tw-after-key']);

function validatePlate(text: string, start: number, end: number, pattern?: string): Verdict {
  if (pattern !== undefined && REGIONAL_PATTERNS.has(pattern)) return undefined;
  // Ordinary plates have at most two letters among their five characters after the office letter.
  let letters = 0;
  let serial = 0;
  for (let i = start + 2; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xb7 || c === 0x20 || c === 0x30fb || c === 0x2022) continue;
    serial++;
    if (c >= 65 && c <= 90) letters++;
  }
  return serial === 6 || letters <= 2 ? undefined : false;
}

/** License plate detector: `cn_license_plate`, shape and letter count, reported without context. */
export const licensePlateDetector: Detector = {
  id: 'cn_license_plate.ga36',
  type: 'cn_license_plate',
  strength: 1,
  patterns: [
    {
      name: 'plate',
      // At the start of a Chinese run or right after a label: the triggers try nowhere else.
      regex: globalRegex(`(?:(?<!${HAN})|(?<=${LABELS.join('|')}))`, ...PLATE),
      score: 0.6,
      triggers: [
        { run: 'han', first: PLATE_PROVINCES, lengths: [1], next: OFFICE_LETTERS },
        { run: 'han', inside: true, lengths: [1], next: OFFICE_LETTERS, after: LABELS },
      ],
    },
    {
      name: 'in-text',
      // Inside a Chinese run, not after a label (the `plate` pattern's place) nor a product-code word.
      regex: globalRegex(`(?<=${HAN})(?<!${[...LABELS, ...CODE_WORDS].join('|')})`, ...PLATE),
      score: 0.2,
      triggers: [{ run: 'han', inside: true, lengths: [1], next: OFFICE_LETTERS }],
    },
    {
      name: 'hk-mo-tw',
      // Only where the triggers try it: right after a plate label and a colon or a space.
      regex: globalRegex(afterLabel(REGIONAL_LABELS), '(?<![0-9A-Za-z])', ...REGIONAL_PLATE),
      score: 0.2,
      triggers: REGIONAL_TRIGGERS.map((t) => ({ ...t, after: labelGaps(REGIONAL_LABELS) })),
    },
    {
      // Right after a key or a label that names a plate column (`"plateNo": "AB 1234"`): the key or
      // label is its header (labels.ts keyAt, labelAt). A JSON export's plates were unfound.
      name: 'hk-mo-tw-after-key',
      regex: globalRegex(AFTER_KEY, '(?<![0-9A-Za-z])', ...REGIONAL_PLATE),
      score: 0.2,
      headerOnly: true,
      triggers: REGIONAL_TRIGGERS,
    },
    {
      name: 'hk-mo-tw-column',
      regex: globalRegex(FIELD_START, ...REGIONAL_PLATE, FIELD_END),
      score: 0.2,
      headerOnly: true,
      triggers: REGIONAL_TRIGGERS.flatMap(fieldTriggers),
    },
  ],
  context: [...LABELS, ...withSpellings(['plate', 'plateno', 'licenseplate', 'numberplate', 'carplate', '车辆', '车主', '停车', '违停', '违章', '驾驶', '行驶'])],
  // `plate` only as a word of its own (`Plate:`, `plate_no`), not in `template`: a Template
  // column's codes were plates until engine 0.3.4.
  wholeWords: ['plate'],
  // Column names in pinyin (车牌 chepai, 车牌号 chepaihao, cph): in a header or label only.
  headerContext: ['chepai'],
  headerNames: ['cph'],
  verbatim: true,
  validate: (value, pattern) => validatePlate(value, 0, value.length, pattern),
  validateAt: validatePlate,
  // A mainland plate keeps its province and office letter; the shorter plates of Hong Kong, Macau
  // and Taiwan keep their first and last characters only.
  mask: (value) => (/^[\u4e00-\u9fff]/.test(value) ? `${value.slice(0, 2)}***${value.slice(-2)}` : `${value[0]}***${value.slice(-1)}`),
};
