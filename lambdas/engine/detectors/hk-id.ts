/**
 * Hong Kong identity card numbers: one or two capital letters, six digits and a check character
 * (mod 11, `A` for 10), as printed `A123456(3)` or run together `A1234563`. The printed form with
 * its parentheses and a right check character is distinctive enough to report alone; run
 * together, the same shape is a common product code that passes a mod 11 check one time in
 * eleven, so it is reported only next to a context word (and only with one letter: see `plain`).
 */
import { isHkIdValidAt } from '../checksums/hkid.js';
import type { Detector, Verdict } from '../types.js';
import { END_RUN, START_RUN, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

function validateHkId(text: string, start: number, end: number, pattern: string): Verdict {
  if (!isHkIdValidAt(text, start, end)) return false;
  return pattern === 'printed' ? true : undefined;
}

/** HKID detector: `hk_id`, mod 11 check; the run-together form only with context. */
export const hkIdDetector: Detector = {
  id: 'hk_id.mod11',
  type: 'hk_id',
  // A mod 11 check (1/11) on a letter-digit shape with parentheses.
  strength: 1.2,
  patterns: [
    {
      name: 'printed',
      regex: globalRegex(START_RUN, '[A-Z]{1,2}\\d{6}\\([0-9A]\\)', '(?![0-9A-Za-z])'),
      score: 0.3,
      triggers: [{ run: 'alnum', first: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lengths: [7, 8], next: '(' }],
    },
    {
      // One letter only: two letters run together (`XA1234567`) are rare, and a 9-character run
      // starting with a letter (a customer number `C00000001`) would be tried in every row.
      name: 'plain',
      regex: globalRegex(START_RUN, '[A-Z]\\d{6}[0-9A]', END_RUN),
      score: 0.2,
      triggers: [{ run: 'alnum', first: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lengths: [8] }],
    },
  ],
  // Hong Kong labels only: the mainland's 身份证 next to a product code is no HKID label; written in
  // Traditional characters (身份證, as Hong Kong writes it; Taiwan writes 身分證) it is.
  context: [...withSpellings(['香港身份证', '香港居民身份证', 'hkid', 'hong kong id', 'hk id']), '身份證'],
  validate: (value, pattern) => validateHkId(value, 0, value.length, pattern),
  validateAt: validateHkId,
  mask: (value) => value.replace(/\d(?=\d*\(?[0-9A]\)?$)/g, '*'),
};
