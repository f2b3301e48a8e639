/**
 * Dates of birth: a date right after a birth label (`出生日期：1990-05-03`, `"birthday":
 * "1990/5/3"`, `出生于1990年5月3日`) or right before 出生 (`于1990年5月3日出生`), or a date that is a
 * whole field of a delimited line under a birth column header.
 * Any other date (an order date, a log timestamp) is not a finding: the label must sit right
 * before the date, or the column header name a birth date. Written `1990-05-03`, `1990/5/3`,
 * `1990.05.03`, `1990年5月3日` (or `1990 年 5 月 3 日`, as text typed with spaces between Chinese
 * and digits writes it) or `19900503`, or in Taiwan's Republic of China years (民國, year 1
 * = 1912) as its forms write them: `79/05/03`, `079/05/03`, `民國79年5月3日`, or day first as Hong
 * Kong and Macau write them, `03/05/1990`, `3-5-1990` (a month-first date that is no day-first one,
 * `05/23/1990`, is read month first); a real date from 1900 up to today. A year and month alone
 * (`1990-05`, `1990.5`, `1990年5月`), as forms ask for a birth month (`出生年月`), only right after a
 * birth label or as a whole field under a birth column.
 */
import { isBirthDateValid } from '../checksums/gb11643.js';
import type { Detector, Verdict } from '../types.js';
import { AFTER_KEY, FIELD_END, FIELD_START, globalRegex } from './regex-parts.js';
import { bothForms, withSpellings } from './traditional.js';

const MONTH = '(?:0?[1-9]|1[0-2])';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
/** After a year, month and day in Chinese (`年5月3日`), maybe a space on either side of each digit run. */
const CHINESE = ` ?年 ?${MONTH} ?月 ?${DAY}(?: ?日)?`;
/** Year, then month and day in one of the written forms (capturing only the separator). */
const WESTERN = `(?:19|20)\\d\\d(?:([\\-/.])${MONTH}\\1${DAY}|${CHINESE}|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01]))`;
/** A Republic of China year (10-119: born 1921 to today), maybe after 民國, then month and day. */
const ROC = `(?:${bothForms('民国')} ?)?(?:0?[1-9]\\d|1[01]\\d)(?:([\\-/.])${MONTH}\\2${DAY}|${CHINESE})`;
/** Day (or month) and month (or day), then a four-digit year: Hong Kong's and Macau's forms. */
const DAY_FIRST = `${DAY}([\\-/.])${DAY}\\3(?:19|20)\\d\\d`;
/** The date forms. */
const DATE = `(?:${WESTERN}|${ROC}|${DAY_FIRST})`;
/** A year and its month: `1990-05`, `1990/5`, `1990.05`, `1990年5月` (`1990 年 5 月`). */
const YEAR_MONTH = `(?:19|20)\\d\\d(?:[\\-/.]${MONTH}| ?年 ?${MONTH} ?月)`;
/** Republic of China years start Taiwan's calendar in 1912. */
const ROC_OFFSET = 1911;
/** Birth labels that may stand right before a date (lower case; the expression takes any case). */
const LABELS = withSpellings(['出生日期', '出生年月日', '出生年月', '出生于', '出生', '生日', '诞辰', 'date of birth', 'date_of_birth', 'dateofbirth', 'birth_date', 'birthdate', 'birthday', 'birth date', 'dob']);
/** `word` matching any letter case, without the `i` flag (patterns carry no flags but `g`). */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/** After a label: quotes, spaces, a colon, `=` or `>` (an XML element), at most four of them. */
const LABEL_GAP = '["\'\\s:：=>]{0,4}';
/** Not part of a longer run of digits, letters or date punctuation. */
const NOT_AFTER = '(?![0-9A-Za-z]|[\\-/.:]\\d)';

/** `YYYYMMDD` of a matched date, for the calendar check ('' when it is not year, month and day). */
function digitsOf(value: string): string {
  const parts = value.match(/\d+/g) ?? [];
  if (parts.length === 1) return parts[0];
  // A year and month: its first day.
  if (parts.length === 2 && parts[0].length === 4) return parts[0] + parts[1].padStart(2, '0') + '01';
  if (parts.length !== 3) return '';
  const year = parts[0].length === 4 ? parts[0] : String(ROC_OFFSET + Number(parts[0]));
  return year + parts[1].padStart(2, '0') + parts[2].padStart(2, '0');
}

/** True when `value` is a real date of birth: day first, then month first, when its year is last. */
function validateDate(value: string): Verdict {
  const dayFirst = /^(\d{1,2})\D(\d{1,2})\D(\d{4})$/.exec(value);
  if (dayFirst !== null) {
    const [, a, b, year] = dayFirst;
    const valid = isBirthDateValid(year + b.padStart(2, '0') + a.padStart(2, '0')) || isBirthDateValid(year + a.padStart(2, '0') + b.padStart(2, '0'));
    return valid ? undefined : false;
  }
  return isBirthDateValid(digitsOf(value)) ? undefined : false;
}

/** A year's digits before a space and 年 (`1990 年`): the run after the space is empty, and 年 follows it. */
const SPACE_YEAR = { next: ' ', then: { lengths: [0], next: '年' } } as const;
const YEAR_START = { run: 'alnum', first: '12', lengths: [4], next: '-/.年' } as const;
const COMPACT_START = { run: 'alnum', first: '12', lengths: [8] } as const;
const ROC_YEAR_START = { run: 'alnum', first: '0123456789', lengths: [2, 3], next: '-/.年' } as const;
/** Where a four-digit year starts a date or a year and month. */
const WESTERN_YEAR_STARTS = [YEAR_START, { ...YEAR_START, ...SPACE_YEAR }] as const;
const YEAR_STARTS = [...WESTERN_YEAR_STARTS, ROC_YEAR_START, { ...ROC_YEAR_START, ...SPACE_YEAR }] as const;
const DAY_START = { run: 'alnum', first: '0123456789', lengths: [1, 2], next: '-/.' } as const;
/**
 * `民國` before a Republic of China year: a run of its own, or right after a label in one; before
 * its digits, or a space (`last`: so the many runs a space ends meet these only when they end in 国).
 */
const CHINESE_LABELS = LABELS.filter((label) => /^[\u4e00-\u9fff]+$/.test(label));
const ROC_STARTS = [
  { run: 'han', first: '民', lengths: [2], next: '0123456789' },
  { run: 'han', first: '民', lengths: [2], next: ' ', last: '国國' },
  { run: 'han', inside: true, lengths: [2], next: '0123456789', after: CHINESE_LABELS },
  { run: 'han', inside: true, lengths: [2], next: ' ', last: '国國', after: CHINESE_LABELS },
] as const;

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
      triggers: [...YEAR_STARTS, COMPACT_START, DAY_START, ...ROC_STARTS],
    },
    {
      // A date or a year and month right before 出生 (`张伟于1990年5月3日出生`, `1990年5月出生`), as a
      // certificate or a letter of employment writes it; the word after it is its context (not the
      // 出 of 出生产计划, to issue a production plan).
      name: 'before-birth',
      regex: globalRegex(`(?:${DATE}|${YEAR_MONTH}(?! ?\\d))${NOT_AFTER}(?= ?${bothForms('出生')}(?!产|產))`),
      score: 0.2,
      triggers: [...YEAR_STARTS, COMPACT_START, DAY_START, ...ROC_STARTS],
    },
    {
      name: 'month-after-label',
      // Not a whole date's year and month (`1990 年 2 月 30 日`, a day that does not exist).
      regex: globalRegex(`(?<=(?:${LABELS.map(anyCase).join('|')})${LABEL_GAP})${YEAR_MONTH}(?! ?\\d)${NOT_AFTER}`),
      score: 0.2,
      triggers: WESTERN_YEAR_STARTS,
    },
    {
      name: 'month-field',
      // A whole field under a birth column (`出生年月`): a year and month elsewhere is any date.
      regex: globalRegex(FIELD_START, YEAR_MONTH, FIELD_END),
      score: 0.2,
      headerOnly: true,
      triggers: WESTERN_YEAR_STARTS,
    },
    {
      // A date or a year and month right after a key or a label that names a birth column in
      // pinyin (`"csrq": "1990-05-03"`, `csny：1990-05`): the key or label is the value's header
      // (text-matcher.ts keyAt, labelAt). Elsewhere (a log's `date=`) any date.
      name: 'after-key',
      regex: globalRegex(AFTER_KEY, `(?:${DATE}|${YEAR_MONTH}(?! ?\\d))${NOT_AFTER}`),
      score: 0.2,
      headerOnly: true,
      triggers: [...YEAR_STARTS, COMPACT_START, DAY_START, ...ROC_STARTS],
    },
    {
      // A whole field: at a line start or after a delimiter (then an optional CSV quote), and
      // followed by the same; not a JSON value (`"key":"2024-11-27"`), which needs its label.
      name: 'field',
      regex: globalRegex(FIELD_START, DATE, FIELD_END),
      score: 0.2,
      triggers: [...YEAR_STARTS, COMPACT_START, DAY_START, ...ROC_STARTS],
    },
  ],
  // The shortest words (出生 is in 出生日期): each context word is a pass over a text that needs one.
  context: withSpellings(['出生', '生日', '诞辰', 'birth', 'dob']),
  // Column names in pinyin, as Chinese systems' tables name them (出生日期 csrq, 出生年月 csny): in a
  // header only (in text they are any letters). A column of birth dates under them was unfound.
  headerContext: ['chusheng', 'shengri', 'csrq', 'csny', 'bday', 'born'],
  // `dob` only as a word of its own (`DOB:`, `dob_date`), not in `Adobe`: an Adobe column's dates
  // were birth dates until engine 0.3.4.
  wholeWords: ['dob'],
  requiresContext: true,
  verbatim: true,
  validate: (value) => validateDate(value),
  validateAt: (text, start, end) => validateDate(text.slice(start, end)),
  // The year stays (`1990-**-**`, `民國79年*月*日`, `**/**/1990`); month and day are masked.
  mask: (value) =>
    /^\d+$/.test(value)
      ? value.slice(0, 4) + '*'.repeat(value.length - 4)
      : /^\d{1,2}\D\d{1,2}\D\d{4}$/.test(value)
        ? value.replace(/\d(?=.*\D)/g, '*')
        : value.replace(/^(\D*\d+)(.*)$/, (_, year: string, rest: string) => year + rest.replace(/\d/g, '*')),
};
