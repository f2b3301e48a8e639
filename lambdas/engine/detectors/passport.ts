/**
 * PRC passport numbers. Ordinary: `E` + 8 digits, `E` + letter (not I or O) + 7 digits, older
 * `G` + 8 digits. Official (from published descriptions of the numbering, not a standard):
 * diplomatic `D` + 7 digits, service `S` + 7-8 digits, public-affairs `P` + 7 digits, and the
 * electronic `DE`/`SE`/`PE` + 7 digits. There is no checksum and the same shapes are common
 * product and order codes, so a passport is reported only next to a context word, and never
 * inside a dash-joined code (`SKU-E12345678-B`).
 *
 * Passports of Hong Kong (`K` or `H` + 8 digits) and Taiwan (9 digits) are any code or number, so
 * they are reported only right after a passport label (`護照號碼：K12345678`, `Passport No. 312345678`).
 */
import type { Detector } from '../types.js';
import { END_RUN, START_RUN, afterLabel, globalRegex, labelGaps } from './regex-parts.js';
import { CODE_HEADERS } from './code-headers.js';
import { withSpellings } from './traditional.js';

/** Passport labels a Hong Kong or Taiwan passport number may follow. */
const LABELS = [...withSpellings(['护照', '护照号', '护照号码', '护照编号']), 'Passport', 'passport', 'PASSPORT', 'Passport No', 'Passport No.', 'passport no', 'passport no.'];

/** Passport detector: `cn_passport`, shape only, reported only with context. */
export const passportDetector: Detector = {
  id: 'cn_passport.shape',
  type: 'cn_passport',
  strength: 0.3,
  patterns: [
    {
      name: 'ordinary',
      regex: globalRegex(START_RUN, '(?:E(?:\\d{8}|[A-HJ-NP-Z]\\d{7})|G\\d{8})', END_RUN),
      score: 0.2,
      triggers: [{ run: 'alnum', first: 'EG', lengths: [9] }],
    },
    {
      name: 'official',
      regex: globalRegex(START_RUN, '(?:[DSP]E\\d{7}|[DP]\\d{7}|S\\d{7,8})', END_RUN),
      score: 0.2,
      triggers: [{ run: 'alnum', first: 'DSP', lengths: [8, 9] }],
    },
    {
      name: 'hk-tw',
      // Only where the triggers try it: right after a passport label and a colon or a space.
      regex: globalRegex(afterLabel(LABELS), START_RUN, '(?:[HK]\\d{8}|\\d{9})', END_RUN),
      score: 0.2,
      triggers: [
        { run: 'alnum', first: 'HK', lengths: [9], after: labelGaps(LABELS) },
        { run: 'alnum', first: '0123456789', lengths: [9], after: labelGaps(LABELS) },
      ],
    },
  ],
  // 证件号码: an ID document's number, as hotel, airline and insurance lists head the column of
  // resident IDs and passports alike (since engine 0.3.10: a passport under it was no finding).
  context: withSpellings(['护照', 'passport', '证件号', '证件编号']),
  // Column names in pinyin (护照号码 hzhm): in a header only.
  headerContext: ['huzhao', 'hzhm', 'hzh'],
  requiresContext: true,
  // A column of ordinary passport numbers (`E12345678`, `EA1234567`, `G12345678`) without a header
  // row (a data-only dump, a pasted list) is one: since engine 0.3.12 (such a list came out
  // public), unless counted up as a system's codes are (column-profile.ts) or under a header of
  // codes.
  columnOfValues: { patterns: ['ordinary'] },
  notColumnHeaders: CODE_HEADERS,
};
