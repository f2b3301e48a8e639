/**
 * Dates of birth: a date right after a birth label (`出生日期：1990-05-03`, `"birthday":
 * "1990/5/3"`), or a date that is a whole field of a delimited line under a birth column header.
 * Any other date (an order date, a log timestamp) is not a finding: the label must sit right
 * before the date, or the column header name a birth date. Written `1990-05-03`, `1990/5/3`,
 * `1990.05.03`, `1990年5月3日` or `19900503`; a real date from 1900 up to today.
 */
import { isBirthDateValid } from '../checksums/gb11643.js';
import type { Detector, Verdict } from '../types.js';
import { globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

/** The date forms, capturing nothing: year, then month and day in one of the written forms. */
const DATE = '(?:19|20)\\d\\d(?:([\\-/.])(?:0?[1-9]|1[0-2])\\1(?:0?[1-9]|[12]\\d|3[01])|年(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\\d|3[01])日?|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01]))';
/** Birth labels that may stand right before a date (lower case; the expression takes any case). */
const LABELS = withSpellings(['出生日期', '出生年月日', '出生年月', '出生', '生日', '诞辰', 'date of birth', 'date_of_birth', 'dateofbirth', 'birth_date', 'birthdate', 'birthday', 'birth date', 'dob']);
/** `word` matching any letter case, without the `i` flag (patterns carry no flags but `g`). */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/** After a label: quotes, spaces, a colon or `=`, at most four of them. */
const LABEL_GAP = '["\'\\s:：=]{0,4}';
/** Not part of a longer run of digits, letters or date punctuation. */
const NOT_AFTER = '(?![0-9A-Za-z]|[\\-/.:]\\d)';

/** `YYYYMMDD` of a matched date, for the calendar check ('' when it is not year, month and day). */
function digitsOf(value: string): string {
  const parts = value.match(/\d+/g) ?? [];
  if (parts.length === 1) return parts[0];
  if (parts.length !== 3) return '';
  return parts[0] + parts[1].padStart(2, '0') + parts[2].padStart(2, '0');
}

function validateDate(value: string): Verdict {
  return isBirthDateValid(digitsOf(value)) ? undefined : false;
}

const YEAR_START = { run: 'alnum', first: '12', lengths: [4], next: '-/.年' } as const;
const COMPACT_START = { run: 'alnum', first: '12', lengths: [8] } as const;

/** Date of birth detector: `date_of_birth`, a real date next to a birth label or under a birth header. */
export const dateOfBirthDetector: Detector = {
  id: 'date_of_birth.labelled',
  type: 'date_of_birth',
  strength: 0.5,
  patterns: [
    {
      name: 'after-label',
      regex: globalRegex(`(?<=(?:${LABELS.map(anyCase).join('|')})${LABEL_GAP})${DATE}${NOT_AFTER}`),
      score: 0.2,
      triggers: [YEAR_START, COMPACT_START],
    },
    {
      // A whole field: at a line start or after a delimiter (then an optional CSV quote), and
      // followed by the same; not a JSON value (`"key":"2024-11-27"`), which needs its label.
      name: 'field',
      regex: globalRegex(`(?<=(?:^|[\\r\\n,\\t;|])"?)${DATE}(?="?(?:[,\\t;|\\r\\n]|$))`),
      score: 0.2,
      triggers: [YEAR_START, COMPACT_START],
    },
  ],
  // The shortest words (出生 is in 出生日期): each context word is a pass over a text that needs one.
  context: withSpellings(['出生', '生日', '诞辰', 'birth', 'dob']),
  requiresContext: true,
  verbatim: true,
  validate: (value) => validateDate(value),
  validateAt: (text, start, end) => validateDate(text.slice(start, end)),
  mask: (value) => value.replace(/\d/g, (d, i: number) => (i < 4 ? d : '*')),
};
