/**
 * Taiwan identity numbers: a capital letter, `1`/`2` (citizens) or `8`/`9` (residents'
 * certificates since 2021), seven digits and a check digit (checksums/twid.ts). A letter and nine
 * digits is also a common product or order code, and the check passes one in ten of them, so a
 * number is reported only next to a Taiwan ID label (身分證, 居留證; not the mainland's 身份证).
 */
import { isTwIdValidAt } from '../checksums/twid.js';
import type { Detector } from '../types.js';
import { END_RUN, START_RUN, globalRegex } from './regex-parts.js';
import { CODE_HEADERS } from './code-headers.js';
import { withSpellings } from './traditional.js';

/** Taiwan ID detector: `tw_id`, checksum, reported only with context. */
export const twIdDetector: Detector = {
  id: 'tw_id.checksum',
  type: 'tw_id',
  strength: 1,
  patterns: [
    {
      name: 'id',
      regex: globalRegex(START_RUN, '[A-Z][1289]\\d{8}', END_RUN),
      score: 0.2,
      triggers: [{ run: 'alnum', first: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lengths: [10] }],
    },
  ],
  // Not the mainland's 身份证 alone: a mainland ID label on the next line would make any product
  // code with a valid check a Taiwan ID. Written in Traditional characters (身份證字號), it is
  // Taiwan's or Hong Kong's, whose numbers differ in shape.
  context: [...withSpellings(['身分证', '台湾身份证', '居留证', 'taiwan id', 'roc id']), '身份證'],
  // An ID column's or label's generic names, in a header only (a Taiwan list's `ID No`, `national_id`,
  // 證件號碼: its IDs were no finding); in a text they would reach a code on the line below.
  headerContext: ['id no', 'id number', 'national id', ...withSpellings(['证件号'])],
  requiresContext: true,
  // A column of them without a header row is one (its check letter: seldom anything else whole;
  // not under a header of codes); since engine 0.3.12, such a list came out public.
  columnOfValues: { patterns: ['id'], checked: true },
  notColumnHeaders: CODE_HEADERS,
  validate: (value) => (isTwIdValidAt(value, 0, value.length) ? undefined : false),
  validateAt: (text, start, end) => (isTwIdValidAt(text, start, end) ? undefined : false),
  mask: (value) => `${value.slice(0, 2)}******${value.slice(-2)}`,
};
