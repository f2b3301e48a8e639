/**
 * QQ numbers: 5-11 digits, not starting with 0. Any short digit run could be one, so a QQ number
 * is reported only next to a QQ label.
 */
import type { Detector } from '../types.js';
import { END_RUN, START_RUN, globalRegex } from './regex-parts.js';

/** QQ detector: `qq`, shape only, reported only with a QQ label. */
export const qqDetector: Detector = {
  id: 'qq.labelled',
  type: 'qq',
  strength: 0.1,
  patterns: [
    {
      name: 'number',
      regex: globalRegex(START_RUN, '[1-9]\\d{4,10}', END_RUN),
      score: 0.2,
      triggers: [{ run: 'alnum', first: '123456789', lengths: [[5, 11]] }],
    },
  ],
  context: ['qq'],
  apartInText: ['qq'],
  requiresContext: true,
};
