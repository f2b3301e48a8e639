/**
 * Exit-Entry Permits for travelling to Hong Kong and Macau (往来港澳通行证): the card issued since
 * 2014 is `C` + 8 digits, later `C` + letter (not I or O) + 7 digits; the older booklet is `W` + 8
 * digits. No checksum and a common shape, so reported only next to a context word, and
 * never inside a dash-joined code.
 */
import type { Detector } from '../types.js';
import { END_RUN, START_RUN, globalRegex } from './regex-parts.js';
import { CODE_HEADERS } from './code-headers.js';
import { withSpellings } from './traditional.js';

/** HK/Macau permit detector: `cn_hk_macau_permit`, shape only, reported only with context. */
export const hkMacauPermitDetector: Detector = {
  id: 'cn_hk_macau_permit.shape',
  type: 'cn_hk_macau_permit',
  strength: 0.3,
  patterns: [
    {
      name: 'card',
      regex: globalRegex(START_RUN, 'C(?:\\d{8}|[A-HJ-NP-Z]\\d{7})', END_RUN),
      score: 0.2,
      triggers: [{ run: 'alnum', first: 'C', lengths: [9] }],
    },
    { name: 'booklet', regex: globalRegex(START_RUN, 'W\\d{8}', END_RUN), score: 0.2, triggers: [{ run: 'alnum', first: 'W', lengths: [9] }] },
  ],
  // 证件号码: an ID document's number (passport.ts).
  context: withSpellings(['港澳通行证', '通行证', '往来港澳', 'hk/macau permit', 'hong kong and macau', 'exit-entry permit', 'two-way permit', '证件号', '证件编号']),
  requiresContext: true,
  // A column of permit cards (`C12345678`, `CA1234567`) without a header row is one: since engine
  // 0.3.12 (such a list came out public), unless counted up as a system's codes are
  // (column-profile.ts) or under a header of codes.
  columnOfValues: { patterns: ['card'] },
  notColumnHeaders: CODE_HEADERS,
};
