/**
 * A value's name where no table gives it one: the key of a JSON value (`"xm": "王芳"`) and the label
 * of a value in any other text (`xingming：王芳`, `Consignee: 王芳`), read as its header; and which
 * of a window's keys and labels settle the detectors a header may serve there.
 */
import type { ContextWords } from './context.js';
import { headerOfName } from './formats/table.js';

/** The longest JSON key or text label read as a value's header. */
const KEY_MAX_CHARS = 64;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** A lower-case letter or digit before a capital: where camel case joins two words. */
const CAMEL = /[a-z0-9][A-Z]/;

/**
 * A key or label as a header, lower-cased; one whose words camel case joins with its words apart
 * too, a `|` between (`bankAccount` is `bankaccount|bank account`, `homeReturnPermit` holds
 * `home return permit`), as a SQL column's name is read (formats/table.ts headerOfName). `_`, `.`
 * and `-` are read as spaces where headers are matched (context.ts headerForms).
 */
export function keyHeader(key: string): string {
  const lower = key.toLowerCase();
  return CAMEL.test(key) ? `${lower}|${headerOfName(key).toLowerCase()}` : lower;
}

/**
 * The key of the JSON value starting at text[start] (`"xm": "王芳"`, `"age":30`) as a header
 * (keyHeader): the string right before its colon, the value's own quote and white space aside; undefined when
 * none stands there (a value in an array, a text that is no JSON).
 */
export function keyAt(text: string, start: number): string | undefined {
  let at = start - 1;
  if (text.charCodeAt(at) === 0x22) at--;
  while (at >= 0 && isBlank(text.charCodeAt(at))) at--;
  if (text.charCodeAt(at) !== 0x3a) return undefined;
  at--;
  while (at >= 0 && isBlank(text.charCodeAt(at))) at--;
  if (text.charCodeAt(at) !== 0x22) return undefined;
  let open = at - 1;
  const stop = Math.max(-1, at - KEY_MAX_CHARS - 2);
  while (open > stop && text.charCodeAt(open) !== 0x22) open--;
  return open > stop ? keyHeader(text.slice(open + 1, at)) : undefined;
}

/**
 * Keys or labels of a window looked at (JSON records and labelled lists repeat theirs: a window
 * holds about a thousand, a dozen of them distinct): listing them all cost a JSON of records 14%
 * more CPU.
 */
const WINDOW_KEYS = 128;

/**
 * The distinct keys among the first WINDOW_KEYS of the JSON text in `text` (keyAt's): they settle
 * which detectors a key may serve in that window. A key first met past them serves none there,
 * and its values have the context of the text around them, as all had before keys counted.
 */
export function keysIn(text: string): string[] {
  const keys = new Set<string>();
  let seen = 0;
  for (let at = text.indexOf('":'); at >= 0 && seen < WINDOW_KEYS; at = text.indexOf('":', at + 2), seen++) {
    const key = keyAt(text, at + 2);
    if (key !== undefined) keys.add(key);
  }
  return [...keys];
}

/** Colons and `=` of a window looked at for labels (labelsIn): all of them took 1.9% of the bench log's CPU. */
const WINDOW_SIGNS = 2 * WINDOW_KEYS;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** ASCII letters, digits and `_`: what a label in text is written with. */
function isLabelChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || isDigit(c) || c === 0x5f;
}

/**
 * The label ending right before text[sign] (a `:`, the full-width `：` once normalized, or `=`):
 * the run of ASCII letters, digits and `_` before it, blanks between, as a header (keyHeader); undefined when
 * none stands there or it is longer than KEY_MAX_CHARS.
 */
function labelBefore(text: string, sign: number): string | undefined {
  let end = sign;
  while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
  let start = end;
  const stop = end - KEY_MAX_CHARS;
  while (start > 0 && isLabelChar(text.charCodeAt(start - 1))) if (--start < stop) return undefined;
  return start === end ? undefined : keyHeader(text.slice(start, end));
}

/** How far before a start tag's `>` its `<` is looked for: its name and attributes. */
const TAG_MAX_CHARS = 256;

/**
 * The name of the XML element whose start tag ends at text[gt] (a `>`: `<xingming>`,
 * `<ns:wechatId type="chosen">`, `<乘客>`), its prefix aside, or the value of its `name` attribute
 * (`<field name="xingming">`: nameAttribute), as a header (keyHeader); undefined for an end
 * tag, an empty element's, a declaration, a comment, a name longer than KEY_MAX_CHARS, or none. An
 * element's name is its value's label as a JSON key is (an XML export's `<xingming>王芳</xingming>`).
 */
function elementBefore(text: string, gt: number): string | undefined {
  if (text.charCodeAt(gt - 1) === 0x2f) return undefined;
  const stop = Math.max(-1, gt - TAG_MAX_CHARS);
  let open = gt - 1;
  for (; open > stop; open--) {
    const c = text.charCodeAt(open);
    if (c === 0x3c) break;
    if (c === 0x3e) return undefined;
  }
  if (open <= stop) return undefined;
  let from = open + 1;
  let end = from;
  for (; end < gt; end++) {
    const c = text.charCodeAt(end);
    if (c === 0x3a) from = end + 1;
    else if (!isLabelChar(c) && c !== 0x2d && c !== 0x2e && (c < 0x4e00 || c > 0x9fff)) break;
  }
  // The name ends the tag, or blanks and its attributes follow.
  if (end === from || end - from > KEY_MAX_CHARS || isDigit(text.charCodeAt(from)) || (end < gt && !isSpace(text.charCodeAt(end)))) return undefined;
  const named = nameAttribute(text, end, gt);
  return keyHeader(named ?? text.slice(from, end));
}

/**
 * The value of the `name` attribute among a start tag's attributes, text[from, gt), or undefined:
 * a database's XML names each field so (mysqldump's `<field name="xingming">王芳</field>`,
 * phpMyAdmin's `<column name="…">`), and the element's own name names nothing.
 */
function nameAttribute(text: string, from: number, gt: number): string | undefined {
  for (let at = from; at + 7 < gt; at++) {
    if (text.charCodeAt(at) !== 0x6e || !text.startsWith('name=', at) || !isSpace(text.charCodeAt(at - 1))) continue;
    const quote = text.charCodeAt(at + 5);
    if (quote !== 0x22 && quote !== 0x27) return undefined;
    const close = text.indexOf(quote === 0x22 ? '"' : "'", at + 6);
    return close > at + 6 && close < gt && close - at - 6 <= KEY_MAX_CHARS ? text.slice(at + 6, close) : undefined;
  }
  return undefined;
}

/** What starts a CDATA section: its text is an element's value as written. */
const CDATA = '<![CDATA[';

function isSpace(c: number): boolean {
  return isBlank(c) || c === 0x0a || c === 0x0d;
}

/**
 * The label of the value starting at text[start] in a text that is neither delimited nor JSON
 * (`xingming：王芳`, `Consignee: 王芳`, `csrq=1990-05-03`, `<xingming>王芳`): an ASCII word right
 * before a colon or `=` right before the value (a quote and blanks aside), or the name of the XML
 * element whose start tag ends right before it or right before the CDATA section it starts
 * (elementBefore). Its words count as a column header's do.
 */
export function labelAt(text: string, start: number): string | undefined {
  // A value as CDATA is the element's (`<xingming><![CDATA[王芳]]>`, as WeChat's and many Java
  // systems' XML write every text).
  if (text.startsWith(CDATA, start - CDATA.length)) return text.charCodeAt(start - CDATA.length - 1) === 0x3e ? elementBefore(text, start - CDATA.length - 1) : undefined;
  let at = start - 1;
  const quote = text.charCodeAt(at);
  if (quote === 0x22 || quote === 0x27) at--;
  while (at >= 0 && isBlank(text.charCodeAt(at))) at--;
  const sign = text.charCodeAt(at);
  return sign === 0x3a || sign === 0x3d ? labelBefore(text, at) : sign === 0x3e ? elementBefore(text, at) : undefined;
}

/**
 * The distinct labels (labelAt's) among the first WINDOW_KEYS of `text` of each kind (of its
 * first WINDOW_SIGNS colons, `=` and `>`) that add to what the text says (ContextWords.labelAdds:
 * a pinyin column name, an English role, `qqhm`, an XML element's name). Only those are listed: a
 * label whose words the text's own rules find counts as the text around a value, and listing every
 * label (a log's `user:`, `ip=`) made the lookups run for a log's every match, 6-8% more CPU. A sign
 * with no letter right before it or before the digits there (a time's `12:30`) is passed over, and
 * so is a label that starts with a digit (an ISO time's `06T12:30`), and a tag that no value
 * follows on its line (`<record>` before its elements).
 */
export function labelsIn(text: string, context: ContextWords): readonly string[] {
  // Allocated at the first label that adds: a sheet's every cell is looked at.
  let labels: Set<string> | undefined;
  for (let s = 0; s < 3; s++) {
    const sign = s === 0 ? ':' : s === 1 ? '=' : '>';
    let seen = 0;
    // Signs looked at, labelled or not: a log's times hold two a line (its labels, if any, as many).
    let signs = 0;
    for (let at = text.indexOf(sign); at >= 0 && seen < WINDOW_KEYS && signs < WINDOW_SIGNS; at = text.indexOf(sign, at + 1)) {
      signs++;
      let label: string | undefined;
      if (s === 2) {
        const next = text.charCodeAt(at + 1);
        if ((next === 0x3c && !text.startsWith(CDATA, at + 1)) || next === 0x0a || next === 0x0d || at + 1 === text.length) continue;
        label = elementBefore(text, at);
      } else {
        let before = at - 1;
        while (before >= 0 && isBlank(text.charCodeAt(before))) before--;
        // A label may end in digits (`xingming2：`, `addr1=`), a time's digits follow no letter.
        while (before >= 0 && isDigit(text.charCodeAt(before))) before--;
        const c = text.charCodeAt(before) | 0x20;
        if (c < 0x61 || c > 0x7a) continue;
        label = labelBefore(text, at);
      }
      // An ISO time's `T12:30` is no label (it starts with a digit) and costs no place among them.
      if (label === undefined || isDigit(label.charCodeAt(0))) continue;
      seen++;
      if (labels?.has(label) !== true && context.labelAdds(label)) (labels ??= new Set()).add(label);
    }
  }
  return labels === undefined ? NO_LABELS : [...labels];
}

const NO_LABELS: readonly string[] = [];

/**
 * The header of a value in a table's cell or field: its column's (`column`, lower-cased), with the
 * label right before the value in the cell when one stands there (`Consignee: 王芳` in a 备注
 * column, `lxr：王芳` in a field of a CSV), a `|` apart (no word is made across the two, as in
 * ContextWords.wordsOf).
 */
export function cellHeaderAt(text: string, start: number, column: string | undefined): string | undefined {
  const label = labelAt(text, start);
  return label === undefined ? column : column === undefined ? label : `${column}|${label}`;
}
