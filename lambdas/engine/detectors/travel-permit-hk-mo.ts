/**
 * Mainland Travel Permits for Hong Kong and Macau Residents (港澳居民来往内地通行证, 回乡证): `H`
 * (Hong Kong) or `M` (Macau) and 8 digits on the card issued since 2013, and 10 digits on the
 * older booklet. No checksum and a common code shape: reported only next to a context word, and
 * never inside a dash-joined code.
 */
import type { Detector } from '../types.js';
import { END_RUN, START_RUN, globalRegex } from './regex-parts.js';
import { CODE_HEADERS } from './code-headers.js';
import { withSpellings } from './traditional.js';

/** Home Return Permit detector: `cn_travel_permit_hk_mo`, shape only, reported only with context. */
export const travelPermitHkMoDetector: Detector = {
  id: 'cn_travel_permit_hk_mo.shape',
  type: 'cn_travel_permit_hk_mo',
  strength: 0.3,
  patterns: [
    {
      name: 'permit',
      regex: globalRegex(START_RUN, '[HM](?:\\d{8}|\\d{10})', END_RUN),
      score: 0.2,
      triggers: [{ run: 'alnum', first: 'HM', lengths: [9, 11] }],
    },
  ],
  // No word that contains another (港澳居民来往内地通行证 holds 来往内地通行证): each is a pass over the text.
  context: withSpellings(['回乡证', '来往内地通行证', '港澳居民居住证', 'home return permit', 'home-return permit']),
  requiresContext: true,
  // A column of them (`H12345678`, `M1234567801`) without a header row is one: since engine
  // 0.3.12 (such a list came out public), unless counted up as a system's codes are
  // (column-profile.ts) or under a header of codes.
  columnOfValues: { patterns: ['permit'] },
  notColumnHeaders: CODE_HEADERS,
  mask: (value) => `${value[0]}******${value.slice(-2)}`,
};
