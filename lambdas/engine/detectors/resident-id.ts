/**
 * Resident identity numbers (GB 11643). The 18-character form is confirmed by province prefix,
 * real birth date and the mod 11-2 check character, so it needs no context. The legacy 15-digit
 * form (1984-1999, `YYMMDD` in the 20th century) has no check digit: province and date only, so
 * it is reported only with a context word. The 2023 foreigner's permanent residence number has the
 * same 18-character layout with `9` + province + nationality code as its region, and is found as
 * a resident ID (checksums/gb11643.ts).
 */
import { isLegacyResidentIdValid, isResidentIdValidAt } from '../checksums/gb11643.js';
import { defaultMask } from '../mask.js';
import type { Detector, Verdict } from '../types.js';
import { END, SEP, SEP_CHARS, START, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

const MONTH_DAY = '(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])';

function validateResidentId(text: string, start: number, end: number): Verdict {
  if (end - start === 18) return isResidentIdValidAt(text, start, end);
  // No check digit: a plausible legacy ID is left to context.
  return isLegacyResidentIdValid(text.slice(start, end)) ? undefined : false;
}

/** Resident ID detector: `cn_resident_id`, checksum-confirmed 18-character IDs, context-only 15-digit IDs. */
export const residentIdDetector: Detector = {
  id: 'cn_resident_id.gb11643',
  type: 'cn_resident_id',
  // Check character (1/11), real date and province together let about 1e-5 of random digits through.
  strength: 5,
  patterns: [
    // One pass for both forms (the 15-digit one only ever scores through context): region,
    // birth date, sequence and check; the 18-character form also written grouped 6-8-4.
    {
      name: 'gb11643',
      regex: globalRegex(START, `[1-9]\\d{5}(?:${SEP}?(?:19|20)\\d\\d${MONTH_DAY}${SEP}?\\d{3}[\\dXx]|\\d\\d${MONTH_DAY}\\d{3})`, END),
      score: 0.25,
      // Region (then a separator), region and date, the legacy 15 or the full 18 characters.
      triggers: [
        { run: 'alnum', first: '123456789', lengths: [15, 18] },
        { run: 'alnum', first: '123456789', lengths: [6, 14], next: SEP_CHARS },
      ],
    },
  ],
  context: withSpellings(['身份证', '身份号码', '证件号', '公民身份', 'id card', 'idcard', 'id_card', 'id no', 'id number']),
  validate: (value) => validateResidentId(value, 0, value.length),
  validateAt: validateResidentId,
  mask: (value) => defaultMask(value.toUpperCase(), 6, 2),
};
