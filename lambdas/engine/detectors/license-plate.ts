/**
 * Motor vehicle plates (机动车号牌, GA 36): a province abbreviation, the issuing office's letter,
 * an optional `·` or space, then five characters (letters other than I and O, and digits; at most
 * two letters; the last may be 挂, 学, 警, 港, 澳, 领 or 试) or, on new-energy plates, six (a
 * letter and five characters, or five digits and `D`/`F`). Plates start a run of Chinese text or
 * follow a plate label (`车牌号京A12345`); a plate inside running prose is missed, so that every
 * Chinese character before a letter is not tried.
 */
import type { Detector, Verdict } from '../types.js';
import { HAN, globalRegex } from './regex-parts.js';

/** The 31 province abbreviations, and 使 (embassy) and 领 (consulate). */
export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领';
/** The issuing office's letters (no I or O): a plate's province character is followed by one. */
const OFFICE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const L = `[${OFFICE_LETTERS}]`;
const C = '[A-HJ-NP-Z0-9]';
/** Labels a plate may follow inside a run of Chinese text; also its context words. */
const LABELS = ['车牌号码', '车牌号', '车牌', '号牌', '牌照', '车号'];

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
      regex: globalRegex(
        `(?:(?<!${HAN})|(?<=${LABELS.join('|')}))`,
        `[${PLATE_PROVINCES}]${L}[·・• ]?`,
        `(?:[DFA-CEG-HJK]${C}\\d{4}|\\d{5}[DF]|${C}{4}[A-HJ-NP-Z0-9挂学警港澳领试])`,
        '(?![0-9A-Za-z])',
      ),
      score: 0.6,
      triggers: [
        { run: 'han', first: PLATE_PROVINCES, lengths: [1], next: OFFICE_LETTERS },
        { run: 'han', inside: true, lengths: [1], next: OFFICE_LETTERS, after: LABELS },
      ],
    },
  ],
  context: [...LABELS, 'plate', 'license', '车辆'],
  verbatim: true,
  validate: (value) => validatePlate(value, 0, value.length),
  validateAt: validatePlate,
  mask: (value) => `${value.slice(0, 2)}***${value.slice(-2)}`,
};
