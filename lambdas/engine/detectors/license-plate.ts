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
 */
import type { Detector, Verdict } from '../types.js';
import { HAN, globalRegex } from './regex-parts.js';
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

function validatePlate(text: string, start: number, end: number): Verdict {
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
  ],
  context: [...LABELS, ...withSpellings(['plate', 'license', '车辆', '车主', '停车', '违停', '违章', '驾驶', '行驶'])],
  verbatim: true,
  validate: (value) => validatePlate(value, 0, value.length),
  validateAt: validatePlate,
  mask: (value) => `${value.slice(0, 2)}***${value.slice(-2)}`,
};
