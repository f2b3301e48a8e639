/**
 * Macau resident identity card numbers (澳門居民身份證): `1`, `5` or `7` (the era of first issue),
 * six digits and a check digit, printed `1234567(8)` or, on older cards, `1/234567/8`. The check
 * digit's algorithm is not published, so nothing but the shape can be checked: the printed forms
 * are reported alone, eight digits run together only next to a context word.
 */
import type { Detector } from '../types.js';
import { END_RUN, START_RUN, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

/** Macau ID detector: `mo_id`, shape only; the run-together form only with context. */
export const moIdDetector: Detector = {
  id: 'mo_id.shape',
  type: 'mo_id',
  strength: 0.4,
  patterns: [
    {
      name: 'printed',
      regex: globalRegex(START_RUN, '(?:[157]\\d{6}\\(\\d\\)|[157]/\\d{6}/\\d)', '(?![0-9A-Za-z/])'),
      score: 0.6,
      triggers: [
        { run: 'alnum', first: '157', lengths: [7], next: '(' },
        { run: 'alnum', first: '157', lengths: [1], next: '/' },
      ],
    },
    {
      name: 'plain',
      regex: globalRegex(START_RUN, '[157]\\d{7}', END_RUN),
      score: 0.2,
      triggers: [{ run: 'alnum', first: '157', lengths: [8] }],
    },
  ],
  context: withSpellings(['澳门身份证', '澳门居民身份证', 'macau id', 'macao id', 'bir']),
  // Bilhete de Identidade de Residente; inside `birthday` it named 8-digit QQ numbers and birth dates.
  wholeWords: ['bir'],
  mask: (value) => `${value[0]}******${value.slice(-1) === ')' ? value.slice(-3) : value.slice(-1)}`,
};
