/**
 * QQ numbers: 5-11 digits, not starting with 0. Any short digit run could be one, so a QQ number
 * is reported only next to a QQ label.
 */
import type { Detector } from '../types.js';
import { END_RUN, START_RUN, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

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
  // `Q号` and 扣扣 (kòukòu) as people write QQ to be quick or past a platform's filter (since engine
  // 0.3.10: a column of QQ numbers under them came out public); not `Q` alone (`?q=` searches).
  context: ['qq', ...withSpellings(['q号', '扣扣'])],
  apartInText: ['qq'],
  requiresContext: true,
};
