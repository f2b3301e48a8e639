/**
 * Health insurance numbers: a mainland 医保卡号 or 社保卡号 as the city that issued the card
 * prints it (8-20 digits; the social security card's own number a capital letter and 8 digits,
 * `A12345678`), a 医保 or 社保 personal number, and Taiwan's 健保卡號 (the NHI card's 12 digits,
 * `0000 1234 5678`). No national format and no check digit, so reported only next to its label or
 * under its column's header. Medical insurance is health information, which PIPL art. 28 counts as
 * sensitive. Most provinces number a card with its holder's resident ID: under the label, that
 * (and a bank card's number) keeps its own type, as the weaker detector gives way.
 */
import type { Detector, Verdict } from '../types.js';
import { repeatsOneDigit } from './bank-account.js';
import { END_GROUP, END_RUN, SEP, START_GROUP, START_RUN, globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

const DIGIT_CHARS = '0123456789';

/** At least 8 characters, and not a placeholder of one repeated digit (`00000000`). */
function validateNumber(text: string, start: number, end: number): Verdict {
  return end - start < 8 || repeatsOneDigit(text, start, end) ? false : undefined;
}

/** Health insurance detector: `health_insurance_id`, shape only, reported only with its label. */
export const healthInsuranceIdDetector: Detector = {
  id: 'health_insurance_id.labelled',
  type: 'health_insurance_id',
  // Weaker than every numeric detector: a resident ID or a bank card under 社保卡号 keeps its type.
  strength: 0.1,
  patterns: [
    {
      // 8-20 digits; Taiwan's NHI card as printed, three groups of four: one pattern, tried on a
      // run of 4 digits too. As a pattern of its own, triggered by a group and the separator
      // after it, it cost the Chinese log 6% (callgrind), against nothing so.
      name: 'digits',
      regex: globalRegex(START_GROUP, `(?:\\d{8,20}|\\d{4}${SEP}\\d{4}${SEP}\\d{4})`, END_GROUP),
      score: 0.2,
      triggers: [{ run: 'alnum', first: DIGIT_CHARS, lengths: [4, [8, 20]] }],
    },
    {
      // The social security card's number: a capital letter and 8 digits.
      name: 'card',
      regex: globalRegex(START_RUN, '[A-Z]\\d{8}', END_RUN),
      score: 0.2,
      triggers: [{ run: 'alnum', first: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lengths: [9] }],
    },
  ],
  // Labels of the card and of the insured person's number; not 医保 or 社保 alone (`社保缴费基数`,
  // a month's contribution), nor 社会保障号码 (the resident ID, by law). All hold 保, a rare
  // character in most text: the words' lookup is anchored on it (context.ts AnchoredWords).
  context: [
    ...withSpellings(['医保卡号', '医保卡卡号', '医保号', '医保号码', '医保编号', '医保个人编号', '医疗保险号', '医疗保险卡号', '医疗保险编号']),
    ...withSpellings(['社保卡号', '社保卡卡号', '社保号', '社保号码', '社保编号', '社保个人编号', '社保电脑号', '社会保障卡号', '社会保障卡卡号']),
    ...withSpellings(['健保卡号', '健保卡卡号', '健保号', '健保号码']),
  ],
  // Column names in English and pinyin (医保卡号 ybkh, 社保卡号 sbkh): in a header only. In a
  // text, English words anchored on a space or a common letter cost the Chinese log 6% (callgrind).
  headerContext: ['medical insurance', 'health insurance', 'social security card', 'nhi card', 'ybkh', 'sbkh', 'yibao', 'shebao'],
  requiresContext: true,
  validate: (value) => validateNumber(value, 0, value.length),
  validateAt: (text, start, end) => validateNumber(text, start, end),
  mask: (value) => `${value.slice(0, 2)}${'*'.repeat(Math.max(0, value.length - 4))}${value.slice(-2)}`,
};
