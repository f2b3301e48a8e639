/**
 * The context stage's lookups, without lower-casing or slicing the text: context words are found
 * by a table of their first characters, ASCII letters folded to lower case as they are read.
 */
import type { Detector } from './types.js';

/** How far before a match a context word counts, in characters. */
export const CONTEXT_BEFORE = 48;
/** How far after a match a context word counts, in characters. */
export const CONTEXT_AFTER = 16;
/**
 * No match is longer than this (the window overlap of text-matcher.ts is this plus
 * CONTEXT_AFTER): the distance bounds of label gating rest on it.
 */
export const MAX_MATCH_CHARS = 240;
/** Headers whose context words `ContextWords` remembers before it starts again. */
const HEADER_CACHE = 4096;

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function escapeRegex(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The context words of a detector list, indexed for lookups near a match, in headers and in whole texts. */
export class ContextWords {
  /** Bucket (1-based) of the words starting with a (lower-case) character. */
  private readonly bucketOf = new Uint16Array(0x10000);
  /** buckets[b][d]: the words of detector `d` in bucket `b`. */
  private readonly buckets: string[][][] = [[]];
  /** Per (lower-cased) header seen: 1 for each detector with a context word in it (see `headerWords`). */
  private readonly headerCache = new Map<string, Uint8Array>();
  /** Per label seen: `labelAdds`. */
  private readonly labelCache = new Map<string, boolean>();
  /** Per detector: its words that contain ASCII letters, as one case-insensitive expression. */
  private readonly latin: (RegExp | undefined)[];
  /**
   * Per detector, for `inText`: its latin words of more than SHORT_LETTERS letters as one
   * case-insensitive expression, and the shorter ones spelled in every letter case (found with
   * `includes`, several times faster than the expression on a window).
   */
  private readonly longLatin: (RegExp | undefined)[];
  /** Per detector: its words without ASCII letters and its short latin words in every letter case, for `inText`. */
  private readonly spelled: readonly AnchoredWords[];
  private readonly words: readonly (readonly string[])[];
  /** 1 for the detectors with context words. */
  private readonly hasWords: Uint8Array;
  /** Per detector: its words without ASCII letters (for `positions`, with `indexOf`). */
  private readonly other: readonly (readonly string[])[];
  /** Per detector: its words that count only standing alone (Detector.wholeWords). */
  private readonly whole: readonly ReadonlySet<string>[];
  /** Per detector: its words that count in a text only apart from letters and digits before them (Detector.apartInText). */
  private readonly apart: readonly ReadonlySet<string>[];
  /** Per detector: its words written after their value, never labels (Detector.contextAfterValue). */
  private readonly afterValue: readonly ReadonlySet<string>[];
  /** Per detector: the words its context words do not count right after (Detector.contextNotAfter). */
  private readonly notAfter: readonly ReadonlyMap<string, readonly string[]>[];
  /** Per detector: its words that count only in a column's header (Detector.headerContext). */
  private readonly headerOnly: readonly (readonly string[])[];
  /** 1 for the detectors with patterns read only under a header (a label naming their column adds to a text). */
  private readonly underHeader: Uint8Array;
  /** Per detector: the names that count as a whole header or label (Detector.headerNames). */
  private readonly names: readonly ReadonlySet<string>[];
  /** Every context, header-only and header name word of every detector: what a field's name may be (isFieldName). */
  private readonly fieldNames: ReadonlySet<string>;
  /** 1 for the characters a field's name starts with, in either letter case (most cells start with none). */
  private readonly fieldNameStarts = new Uint8Array(0x10000);

  constructor(detectors: readonly Detector[]) {
    this.words = detectors.map((d) => d.context ?? []);
    this.whole = detectors.map((d) => new Set(d.wholeWords ?? []));
    this.apart = detectors.map((d) => new Set(d.apartInText ?? []));
    this.notAfter = detectors.map((d) => new Map(Object.entries(d.contextNotAfter ?? {})));
    this.afterValue = detectors.map((d) => new Set(d.contextAfterValue ?? []));
    this.headerOnly = detectors.map((d) => d.headerContext ?? []);
    this.names = detectors.map((d) => new Set(d.headerNames ?? []));
    this.underHeader = Uint8Array.from(detectors, (d) => (d.patterns.some((p) => p.headerOnly === true) ? 1 : 0));
    this.fieldNames = new Set(detectors.flatMap((d) => [...(d.context ?? []), ...(d.headerContext ?? []), ...(d.headerNames ?? [])]));
    for (const name of this.fieldNames) {
      const first = name.charCodeAt(0);
      this.fieldNameStarts[first] = 1;
      this.fieldNameStarts[String.fromCharCode(first).toUpperCase().charCodeAt(0)] = 1;
    }
    this.hasWords = Uint8Array.from(this.words, (words, d) => (words.length > 0 || this.headerOnly[d].length > 0 || this.names[d].size > 0 ? 1 : 0));
    this.other = this.words.map((words) => words.filter((w) => !/[a-z]/.test(w)));
    this.latin = this.words.map((words, d) => {
      const latin = words.filter((w) => /[a-z]/.test(w));
      const source = (w: string) =>
        this.whole[d].has(w) ? `(?<![a-z])${escapeRegex(w)}(?![a-z])` : this.apart[d].has(w) ? `(?<![a-z0-9])${escapeRegex(w)}(?![a-z])` : escapeRegex(w);
      return latin.length === 0 ? undefined : new RegExp(latin.map(source).join('|'), 'i');
    });
    const isShort = (w: string) => (w.match(/[a-z]/g) ?? []).length <= SHORT_LETTERS;
    this.longLatin = this.words.map((words) => {
      const long = words.filter((w) => /[a-z]/.test(w) && !isShort(w));
      return long.length === 0 ? undefined : new RegExp(long.map(escapeRegex).join('|'), 'i');
    });
    this.spelled = this.words.map(
      (words, d) => new AnchoredWords([...this.other[d], ...words.filter((w) => /[a-z]/.test(w) && isShort(w)).flatMap(letterCases)]),
    );
    this.words.forEach((words, d) => {
      for (const word of words) {
        if (word.length === 0) continue;
        const first = word.charCodeAt(0);
        let b = this.bucketOf[first];
        if (b === 0) {
          b = this.buckets.length;
          this.buckets.push(detectors.map(() => []));
          this.bucketOf[first] = b;
        }
        this.buckets[b][d].push(word);
      }
    });
  }

  /** True when detector `d` has context words at all. */
  has(d: number): boolean {
    return this.hasWords[d] === 1;
  }

  /**
   * True when a context word of detector `d` lies within CONTEXT_BEFORE characters before
   * text[start, end) to CONTEXT_AFTER after it (within its line when `sameLine`).
   */
  near(text: string, d: number, start: number, end: number, sameLine: boolean): boolean {
    let from = Math.max(0, start - CONTEXT_BEFORE);
    let to = Math.min(text.length, end + CONTEXT_AFTER);
    if (sameLine) {
      for (let q = start - 1; q >= from; q--) {
        if (text.charCodeAt(q) === 10) {
          from = q + 1;
          break;
        }
      }
      for (let q = end; q < to; q++) {
        if (text.charCodeAt(q) === 10) {
          to = q;
          break;
        }
      }
    }
    const bucketOf = this.bucketOf;
    for (let q = from; q < to; q++) {
      const b = bucketOf[fold(text.charCodeAt(q))];
      if (b === 0) continue;
      const words = this.buckets[b][d];
      for (let x = 0; x < words.length; x++) {
        const word = words[x];
        if (
          q + word.length <= to &&
          wordAt(text, q, word) &&
          (!this.whole[d].has(word) || standsAlone(text, q, word.length)) &&
          (!this.apart[d].has(word) || standsApart(text, q, word.length)) &&
          !this.excepted(d, word, text, q) &&
          (this.afterValue[d].has(word) || !labelsAnother(text, q, q + word.length, start))
        )
          return true;
      }
    }
    return false;
  }

  /**
   * True when a cell's text is a field's name: a form's label cell without its colon (`微信号` beside
   * its value, in a sheet laid out as names and values): one of the detectors' words whole, or with
   * an ending field names take (`护照号码`, `出生日期`, `QQ号`, `Passport No.`). A value's text (a
   * bank's name beside its card, a customer's name beside a phone, `手机壳` beside a quantity) is
   * none: looking a left cell up in every detector's words, as a header, cost a workbook 16%.
   */
  isFieldName(text: string): boolean {
    if (text.length === 0 || text.length > FIELD_NAME_MAX_CHARS) return false;
    const first = text.charCodeAt(0);
    if (this.fieldNameStarts[first] === 0 && first !== 0x20 && first !== 0x3000) return false;
    const name = text.trim().toLowerCase();
    if (this.fieldNames.has(name)) return true;
    for (const ending of FIELD_NAME_ENDINGS) {
      if (name.length > ending.length && name.endsWith(ending) && this.fieldNames.has(name.slice(0, -ending.length).trimEnd())) return true;
    }
    return false;
  }

  /** True when a (lower-cased) column header holds a context word of detector `d`. */
  inHeader(d: number, header: string): boolean {
    return this.headerWords(header)[d] === 1;
  }

  /**
   * A (lower-cased) header as the context words it holds, and nothing else of it: what a checkpoint
   * of a scan in byte ranges keeps (a headerless CSV's first row, taken for its header row, is its
   * values: names and IDs). Every word a detector's rule finds in the header (headerWords: inside
   * a longer word, or standing alone for its `wholeWords`; not right after its `contextNotAfter`
   * words), a `|` apart, so headerWords of it is
   * that of the header: no word holds a `|`, so none is made across two (a space apart, `id card`
   * and `numberplate` made `id card number`, which the header `id cardnumberplate` does not hold).
   * (No word is whole for one detector and not for another: a test holds the registry to it; else
   * `hotel` would give such a word standing alone.)
   */
  wordsOf(header: string): string {
    const held = new Set<string>();
    for (const form of headerForms(header)) {
      this.words.forEach((words, d) => {
        for (const w of words) if (this.inHeaderAt(d, form, w)) held.add(w);
        for (const w of this.headerOnly[d]) if (form.includes(w)) held.add(w);
        const name = nameOf(form, this.names[d]);
        if (name !== undefined) held.add(name);
      });
    }
    return [...held].join('|');
  }

  /** True when `header` holds context word `w` of detector `d` as the detector's rules count it there. */
  private inHeaderAt(d: number, header: string, w: string): boolean {
    const whole = this.whole[d].has(w);
    const exceptions = this.notAfter[d].get(w);
    if (!whole && exceptions === undefined) return header.includes(w);
    for (let at = header.indexOf(w); at >= 0; at = header.indexOf(w, at + 1)) {
      if ((!whole || standsAlone(header, at, w.length)) && (exceptions === undefined || !afterAny(header, at, exceptions))) return true;
    }
    return false;
  }

  /** True when context word `word` of detector `d` at text[at] follows one of the words it does not count after. */
  private excepted(d: number, word: string, text: string, at: number): boolean {
    const exceptions = this.notAfter[d].get(word);
    return exceptions !== undefined && afterAny(text, at, exceptions);
  }

  /**
   * Per detector, 1 when a (lower-cased) column header holds one of its context words or of its
   * words that count only there (Detector.headerContext), as written or with its `_`, `.` and `-`
   * read as spaces (`bank_account` holds `bank account`: headerForms). Cached per
   * header (a sheet's cells share a few); the cache is emptied when it reaches HEADER_CACHE entries,
   * so a long run over many objects does not grow it without end.
   */
  headerWords(header: string): Uint8Array {
    let holds = this.headerCache.get(header);
    if (holds === undefined) {
      const forms = headerForms(header);
      holds = Uint8Array.from(this.words, (words, d) =>
        forms.some(
          (form) => words.some((w) => this.inHeaderAt(d, form, w)) || this.headerOnly[d].some((w) => form.includes(w)) || nameOf(form, this.names[d]) !== undefined,
        )
          ? 1
          : 0,
      );
      if (this.headerCache.size >= HEADER_CACHE) this.headerCache.clear();
      this.headerCache.set(header, holds);
    }
    return holds;
  }

  /**
   * True when a text's label (lower-cased: text-matcher.ts labelAt) holds words of a detector as a
   * column header holds them that the text's own rules do not find in it: a word counted only in
   * a header (`xingming`, `consignee`), or one counted in a text only standing apart (`qq` of
   * `qqhm`); or, for a detector with patterns read only under a header (Detector patterns'
   * `headerOnly`), any label holding its words (`wechatId:`, `plate_no=`, `weixin=`: a value a
   * text alone does not make one), but a word the words before it decide (Detector.contextNotAfter:
   * `name:`, `phone:`): such a label is the text's, whose rules read those words too (`Product
   * Name:` names no person). Only such labels add to what the text around a value says. The text's
   * rules are asked about the label as the text writes it (keyHeader's first form): the words of
   * `accountNo` or `qqNo` apart (`account no`) are a header's, not the text's. Cached as `headerWords`.
   */
  labelAdds(label: string): boolean {
    let adds = this.labelCache.get(label);
    if (adds === undefined) {
      const holds = this.headerWords(label);
      const bar = label.indexOf('|');
      const written = bar < 0 ? label : label.slice(0, bar);
      adds = false;
      for (let d = 0; d < holds.length && !adds; d++) {
        adds = holds[d] === 1 && ((this.underHeader[d] === 1 && !this.notAfter[d].has(written)) || !this.near(written, d, written.length, written.length, false));
      }
      if (this.labelCache.size >= HEADER_CACHE) this.labelCache.clear();
      this.labelCache.set(label, adds);
    }
    return adds;
  }

  /**
   * Where the context words of detector `d` start in `text`, ascending: every position `near`
   * could find one at (latin words case-insensitively, overlapping ones included).
   */
  positions(d: number, text: string): Int32Array {
    const found: number[] = [];
    const latin = this.latin[d];
    if (latin !== undefined) {
      const all = new RegExp(latin.source, 'gi');
      for (let m = all.exec(text); m !== null; m = all.exec(text)) {
        if (!this.excepted(d, m[0].toLowerCase(), text, m.index)) found.push(m.index);
        all.lastIndex = m.index + 1;
      }
    }
    for (const w of this.other[d]) {
      if (w.length === 0) continue;
      for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) found.push(at);
    }
    return Int32Array.from(found).sort();
  }

  /** True when `text` holds a context word of detector `d` anywhere (a superset of `near`). */
  inText(d: number, text: string): boolean {
    if (this.spelled[d].in(text)) return true;
    const long = this.longLatin[d];
    return long !== undefined && long.test(text);
  }
}

/**
 * A set of words, for "does a text hold one of them": one `indexOf` pass per anchor character
 * (every word holds one; chosen to cover as many words as they can) and a comparison at each
 * occurrence, instead of one pass per word. `账` covers 账号, 对公账户, 银行账户 and 收款账户; `q`
 * covers qq, Qq and qQ. A pass costs about as much as a word's `includes` (the runtime's search).
 */
export class AnchoredWords {
  /**
   * Per anchor: the words that hold it (not covered by an earlier anchor), with the offset of the
   * anchor in each, by the character before the anchor in the word ('' for a word it starts): at
   * an occurrence only the words that agree on that character are compared (`人` is in most name
   * labels, and in much text).
   */
  private readonly anchors: readonly { readonly char: string; readonly byBefore: ReadonlyMap<string, readonly { readonly word: string; readonly offset: number }[]> }[];

  constructor(words: readonly string[]) {
    let left = [...new Set(words)].filter((w) => w.length > 0);
    const anchors: { char: string; byBefore: Map<string, { word: string; offset: number }[]> }[] = [];
    while (left.length > 0) {
      // The character held by the most words left (the first such, in the order of the words).
      const held = new Map<string, number>();
      for (const w of left) for (const c of new Set(w)) held.set(c, (held.get(c) ?? 0) + 1);
      let char = '';
      for (const [c, n] of held) if (char === '' || n > held.get(char)!) char = c;
      const byBefore = new Map<string, { word: string; offset: number }[]>();
      for (const word of left.filter((w) => w.includes(char))) {
        const offset = word.indexOf(char);
        const before = offset === 0 ? '' : word[offset - 1];
        byBefore.set(before, [...(byBefore.get(before) ?? []), { word, offset }]);
      }
      anchors.push({ char, byBefore });
      left = left.filter((w) => !w.includes(char));
    }
    this.anchors = anchors;
  }

  /** True when `text` holds one of the words. */
  in(text: string): boolean {
    for (const { char, byBefore } of this.anchors) {
      const first = byBefore.get('');
      for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) {
        if (first !== undefined) for (const { word } of first) if (text.startsWith(word, at)) return true;
        const words = at > 0 ? byBefore.get(text[at - 1]) : undefined;
        if (words !== undefined) for (const { word, offset } of words) if (at >= offset && text.startsWith(word, at - offset)) return true;
      }
    }
    return false;
  }
}

/**
 * Latin words with at most this many letters are looked for in each letter case (2^n spellings):
 * `qq` as 4 includes beats the expression; `dob` as 8 did not on the customer CSV.
 */
const SHORT_LETTERS = 2;

/** `word` (lower case) in every combination of letter cases. */
function letterCases(word: string): string[] {
  let spellings = [''];
  for (const c of word) {
    const upper = c.toUpperCase();
    spellings = spellings.flatMap((s) => (upper !== c && /[a-z]/.test(c) ? [s + c, s + upper] : [s + c]));
  }
  return spellings;
}

/** The longest cell text isFieldName looks at. */
const FIELD_NAME_MAX_CHARS = 16;
/** Endings a field's name takes after a detector's word (号码 of 护照号码, 日期 of 出生日期), longest first. */
const FIELD_NAME_ENDINGS = ['号码', '號碼', '编号', '編號', '日期', '号', '號', ' number', ' no.', ' no', ' id'];

/**
 * The forms a (lower-cased) header is read in: as written, and with `_`, `.` and `-` read as
 * spaces, as a database's column names join their words (`bank_account`, `account_no`,
 * `id-card`: the context words `bank account`, `account no`, `id card`). A SQL dump's column names
 * are read so already (formats/table.ts headerOfName); a CSV's, an XLSX's and a JSON key were not,
 * and a `bank_account` column of account numbers came out public.
 */
function headerForms(header: string): string[] {
  const spaced = header.replace(/[_.-]+/g, ' ');
  return spaced === header ? [header] : [header, spaced];
}

/**
 * The one of `names` a (lower-cased) header is (Detector.headerNames): the whole header, or one of
 * its pieces a `|` parts (a cell's label beside its column's header, labels.ts cellHeaderAt; the
 * words `wordsOf` keeps), alone or before one of NAME_ENDINGS (`wx no`: headerForms reads `wx_no`
 * so); undefined when it is none of them.
 */
function nameOf(header: string, names: ReadonlySet<string>): string | undefined {
  if (names.size === 0) return undefined;
  for (const piece of header.split('|')) {
    const words = piece.trim().split(' ');
    if (names.has(words[0]) && (words.length === 1 || (words.length === 2 && NAME_ENDINGS.has(words[1])))) return words[0];
  }
  return undefined;
}

/** A word after a header name that keeps the header that name's (`wx_no`, `wxId`, `vx号`). */
const NAME_ENDINGS = new Set(['no', 'id', 'number', 'account', 'acct', 'hao', '号', '號', '号码', '號碼', '账号', '帳號']);

/** True when no ASCII letter stands right before text[at] or right after text[at + length - 1]. */
function standsAlone(text: string, at: number, length: number): boolean {
  const letter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return !letter(text.charCodeAt(at - 1)) && !letter(text.charCodeAt(at + length));
}

/** True when text[at, at + length) has no ASCII letter or digit before it and no letter after it (Detector.apartInText). */
function standsApart(text: string, at: number, length: number): boolean {
  const c = text.charCodeAt(at - 1);
  return !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) && standsAlone(text, at, length);
}

/**
 * True when one of `words` (lower case) ends right before text[at], or before one `_`, `-` or
 * space there (ASCII letters of the text folded to lower case).
 */
function afterAny(text: string, at: number, words: readonly string[]): boolean {
  const c = text.charCodeAt(at - 1);
  const end = c === 0x5f || c === 0x2d || c === 0x20 ? at - 1 : at;
  for (const word of words) {
    const start = end - word.length;
    if (start >= 0 && wordAt(text, start, word) && fold(text.charCodeAt(start)) === word.charCodeAt(0)) return true;
  }
  return false;
}

/** Characters a label's name goes on with after a context word (`QQ号码`, `qq_no`, `qqNumber`): letters, Han, `_`, `-`. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 0x5f || c === 0x2d || (c >= 0x4e00 && c <= 0x9fff);
}

/** A label's sign: `:`, `：`, `=`, or the `>` of an element's start tag. */
function isLabelSign(c: number): boolean {
  return c === 0x3a || c === 0xff1a || c === 0x3d || c === 0x3e;
}

/** How far a label's name may go on after its context word, in characters (`号码`, `number`, `account_no`). */
const LABEL_NAME_TAIL = 12;

/**
 * True when the context word at text[at, end) is written as a label (`qq:`, `"qq": `, `QQ号码：`,
 * `qq=`, `<qq>`) that labels another value than the one at text[start]: one before it (an order
 * number ahead of `"qq":` in a JSON record, the last field of the line before), or one after another
 * label's sign (`QQ：…，金额：366697`) or after the object, array or element its sign opens closes
 * (`</qq><amount>`); the values inside that are its (`"qq": {"value": …}`, `<qq><number>`). Tags
 * after a colon are markup (`<dt>QQ号：</dt><dd>…`). An end tag's name (`</qq>`) labels no value
 * after it. A word that is no label (`{"type": "QQ", "value": …}`, `QQ 12345`) counts on either
 * side, as near() reads it.
 */
function labelsAnother(text: string, at: number, end: number, start: number): boolean {
  // An end tag's name (`</qq>`) closes its element: no value after it is its.
  if (at >= 2 && text.charCodeAt(at - 1) === 0x2f && text.charCodeAt(at - 2) === 0x3c) return start > at;
  const n = text.length;
  let p = end;
  while (p < n && p - end < LABEL_NAME_TAIL && isNameChar(text.charCodeAt(p))) p++;
  let c = text.charCodeAt(p);
  if (c === 0x22 || c === 0x27) c = text.charCodeAt(++p);
  while (c === 0x20 || c === 0x09) c = text.charCodeAt(++p);
  if (p >= n || !isLabelSign(c)) return false;
  // `=>` is one sign (PHP's `'qq' => '…'`, Ruby's and Perl's hashes).
  const element = c === 0x3e;
  if (c === 0x3d && text.charCodeAt(p + 1) === 0x3e) p++;
  if (start <= p) return true;
  // What the sign opens is its value: an object or an array, to where it closes; and for an
  // element's name (`<qq>`), the element, to its end tag. Tags after a label's colon are markup
  // (`<dt>QQ号：</dt><dd>…`): passed over.
  let depth = 0;
  for (let q = p + 1; q < start; q++) {
    const x = text.charCodeAt(q);
    if (x === 0x7b || x === 0x5b) depth++;
    else if (x === 0x7d || x === 0x5d) {
      if (depth === 0) return true;
      depth--;
    } else if (x === 0x3c) {
      const y = text.charCodeAt(q + 1);
      const tag = y === 0x2f || isNameChar(y);
      if (!element) {
        if (tag) {
          const close = text.indexOf('>', q + 1);
          if (close === -1 || close >= start) return false;
          q = close;
        }
      } else if (y === 0x2f) {
        if (depth === 0) return true;
        depth--;
      } else if (isNameChar(y)) depth++;
    } else if (depth === 0 && isLabelSign(x)) return true;
  }
  return false;
}

/** True when text[at...] spells `word` (ASCII letters of the text folded to lower case). */
function wordAt(text: string, at: number, word: string): boolean {
  for (let j = 1; j < word.length; j++) if (fold(text.charCodeAt(at + j)) !== word.charCodeAt(j)) return false;
  return true;
}
