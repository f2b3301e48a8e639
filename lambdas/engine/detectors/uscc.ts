/**
 * Unified social credit codes (GB 32100): 18 characters over a 31-character alphabet, a 6-digit
 * region code at characters 3-8, a mod 31 check and the embedded GB 11714 organization-code
 * check. Both checks together let about 1 in 341 well-shaped strings through. Codes are printed
 * in upper case, run together or grouped 2-6-10; lower case is not matched. A USCC is public registry data, found so that a
 * report can show what else a file holds, not because it is personal.
 */
import { USCC_CHARSET, isGb32100Valid, isGb32100ValidAt } from '../checksums/gb32100.js';
import type { Detector } from '../types.js';
import { END, END_GROUP, SEP, SEP_CHARS, START_GROUP, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

const C = '[0-9A-HJ-NP-RTUW-Y]';

/** USCC detector: `cn_uscc`, confirmed by both check characters. */
export const usccDetector: Detector = {
  id: 'cn_uscc.gb32100',
  type: 'cn_uscc',
  strength: 2.5,
  // The boundary is checked after the first character: faster than a leading lookbehind here.
  patterns: [
    {
      name: '18-char',
      regex: globalRegex(`${C}(?<![0-9A-Za-z].)${C}\\d{6}${C}{10}`, END),
      score: 0.3,
      triggers: [{ run: 'alnum', first: USCC_CHARSET, lengths: [18] }],
    },
    {
      // As some registries print it: 2-6-10 (registration authority and type, region, the rest).
      name: 'grouped',
      regex: globalRegex(START_GROUP, `${C}{2}${SEP}\\d{6}${SEP}${C}{10}`, END_GROUP),
      score: 0.3,
      triggers: [{ run: 'alnum', first: USCC_CHARSET, lengths: [2], next: SEP_CHARS, then: { first: '0123456789', lengths: [6], next: SEP_CHARS } }],
    },
  ],
  context: withSpellings(['统一社会信用代码', '信用代码', '纳税人识别号', '税号', 'uscc', 'credit code']),
  validate: (value) => isGb32100Valid(value),
  validateAt: (text, start, end) => isGb32100ValidAt(text, start, end),
};
