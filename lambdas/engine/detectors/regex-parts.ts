/**
 * Building blocks of detector expressions, kept in one place so every detector draws its
 * boundaries the same way. Boundaries are digit/letter lookarounds, never `\b`: a Chinese
 * character next to a digit (`手机13812345678`) is a boundary, a digit or Latin letter is not.
 */

/** Not preceded by an ASCII digit or letter. */
export const START = '(?<![0-9A-Za-z])';
/** Not followed by an ASCII digit or letter. */
export const END = '(?![0-9A-Za-z])';
/** One optional-separator character inside a candidate: space or a dash (the matcher removes them). */
export const SEP = '[ \\-\\u2010-\\u2014]';
/** The characters of SEP, for pattern triggers. */
export const SEP_CHARS = ' -\u2010\u2011\u2012\u2013\u2014';
/** Like START, and not the tail of a dash-joined run (`2024-13812345678` is not a phone). */
export const START_RUN = '(?<![0-9A-Za-z]|[0-9A-Za-z][\\-\\u2010-\\u2014])';
/** Like END, and not the head of a dash-joined run. */
export const END_RUN = '(?![0-9A-Za-z]|[\\-\\u2010-\\u2014][0-9A-Za-z])';
/** Like START, and not a later group of a space- or dash-grouped digit run (`6222 0571 8888 6666`). */
export const START_GROUP = '(?<![0-9A-Za-z]|\\d[ \\-\\u2010-\\u2014])';
/** Like END, and not an earlier group of a space- or dash-grouped digit run. */
export const END_GROUP = '(?![0-9A-Za-z]|[ \\-\\u2010-\\u2014]\\d)';
/** One Han character (CJK Unified Ideographs). */
export const HAN = '[\\u4e00-\\u9fff]';

/**
 * A whole field of a delimited line or a cell: the look-behind of its start (a line start or a
 * delimiter, or a delimiter and one space, as a list written `a, b` or padded `| b |` holds them;
 * then maybe the field's opening quote) and the look-ahead of its end (maybe its closing quote and
 * one space, then a delimiter, a line end or the end). For values that only a column header makes
 * one (headerOnly patterns). Before engine 0.3.9 a padded field was none: a CSV written with `, `
 * lost its WeChat ids and birth dates.
 */
export const FIELD_START = '(?<=(?:^|[\\r\\n,\\t;|]|[,\\t;|] )"?)';
/**
 * The look-behind of a value right after a key or a label (`"wechatId": "`, `csrq：`, `plate_no=`,
 * a quote and up to three blanks) or an XML element's start tag (`<wechatId>`, up to three
 * blanks, or the start of a CDATA section right after it: `<wechatId><![CDATA[`): for values that
 * only the key, label or element's name, read as their header, makes one (headerOnly patterns:
 * labels.ts keyAt, labelAt).
 */
export const AFTER_KEY = '(?<=[:=]["\'\\s]{0,3}|>[ \\t]{0,3}|><!\\[CDATA\\[)';
export const FIELD_END = '(?="? ?(?:[,\\t;|\\r\\n]|$))';
/** For triggers: the printable ASCII characters that cannot stand before a field (all but its delimiters and quote). */
export const NOT_FIELD_START = Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i))
  .filter((c) => !',;|"'.includes(c))
  .join('');
/** For triggers: what may follow a field (a delimiter, its closing quote, a line break, the space of a padded one; with `end`, the end of the text). */
export const FIELD_END_CHARS = ',;|"\t\r\n ';
/** For triggers: the delimiters and space a padded field starts after (FIELD_START). */
const PADDED_FIELD = [', ', '; ', '| ', '\t '];

/**
 * A field's triggers from one: where the characters before it let a field start (after a
 * delimiter, a quote or a line start: not after NOT_FIELD_START), and after a delimiter and a space.
 */
export function fieldTriggers<T extends object>(trigger: T): (T & { readonly notAfter: string } | T & { readonly after: readonly string[] })[] {
  return [{ ...trigger, notAfter: NOT_FIELD_START }, { ...trigger, after: PADDED_FIELD }];
}

/**
 * What may stand between a label and the value after it: nothing, a colon, a space, or a colon and
 * a space (full-width colons and spaces are ASCII by then: normalize.ts); and where a record names
 * its fields: `=` and `="` (a query string, an XML attribute), `>` (an XML element,
 * `<wechat>zhang_san88</wechat>`, and its value as CDATA, `<wechat><![CDATA[zhang_san88]]>`),
 * `":"` and `": "` (a JSON key). Found only so before, a WeChat id in a JSON or XML export of
 * customers was not found.
 */
export const LABEL_GAPS = ['', ':', ' ', ': ', '=', '="', "='", '>', '><![CDATA[', '":"', '": "', '":', '": '];

/** What stands between a label that must end in its colon and its value: the colon, and a space or none (a full-width colon is ASCII by then: normalize.ts). */
export const COLON_GAPS = [':', ': '];

/**
 * For a value that only a label makes one (a chosen WeChat id, eight digits, a plate of Hong Kong):
 * the look-behind of its expression, right after one of `labels` (as written: `Passport No.`) and
 * a gap.
 */
export function afterLabel(labels: readonly string[]): string {
  return `(?<=(?:${labels.map(escaped).join('|')})(?:${LABEL_GAPS.map(escaped).join('|')}))`;
}

function escaped(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The same place as afterLabel, as a trigger's `after` words: each label with each gap. */
export function labelGaps(labels: readonly string[]): string[] {
  return labels.flatMap((label) => LABEL_GAPS.map((gap) => label + gap));
}

/** A global expression from source parts. */
export function globalRegex(...parts: readonly string[]): RegExp {
  return new RegExp(parts.join(''), 'g');
}
