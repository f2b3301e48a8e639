/**
 * PRC passport numbers. Ordinary: `E` + 8 digits, `E` + letter (not I or O) + 7 digits, older
 * `G` + 8 digits. Official (from published descriptions of the numbering, not a standard):
 * diplomatic `D` + 7 digits, service `S` + 7-8 digits, public-affairs `P` + 7 digits, and the
 * electronic `DE`/`SE`/`PE` + 7 digits. There is no checksum and the same shapes are common
 * product and order codes, so a passport is reported only next to a context word, and never
 * inside a dash-joined code (`SKU-E12345678-B`).
 */
import type { Detector } from '../types.js';
import { END_RUN, START_RUN, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

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
  ],
  context: withSpellings(['护照', 'passport']),
  requiresContext: true,
};
