/**
 * Mainland Travel Permits for Taiwan Residents (台湾居民来往大陆通行证, 台胞证): 8 digits on the card
 * issued since 2015, 10 on the older booklet (a 2-digit issue count appended, sometimes written in
 * parentheses). Eight digits are anything, so a number is reported only next to a context word.
 */
import type { Detector } from '../types.js';
import { START_RUN, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

/** Taiwan compatriot permit detector: `cn_travel_permit_tw`, shape only, reported only with context. */
export const travelPermitTwDetector: Detector = {
  id: 'cn_travel_permit_tw.shape',
  type: 'cn_travel_permit_tw',
  strength: 0.2,
  patterns: [
    {
      name: 'permit',
      regex: globalRegex(START_RUN, '\\d{8}(?:\\d{2}|\\(\\d{2}\\)|\\([A-Z]\\))?', '(?![0-9A-Za-z]|[\\-\\u2010-\\u2014][0-9A-Za-z])'),
      score: 0.2,
      triggers: [{ run: 'alnum', first: '0123456789', lengths: [8, 10] }],
    },
  ],
  // No word that contains another (台湾居民来往大陆通行证 holds 来往大陆通行证): each is a pass over the text.
  context: withSpellings(['台胞证', '来往大陆通行证', 'mtp', 'taiwan compatriot']),
  // The Mainland Travel Permit's initials; inside `smtp` they made a mail log's queue numbers permits.
  wholeWords: ['mtp'],
  requiresContext: true,
  mask: (value) => `${value.slice(0, 2)}****${value.slice(6)}`,
};
