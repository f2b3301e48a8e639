/**
 * The match stage as one pass: a charCode loop walks a window once, finds the places where a
 * match can start (runs of ASCII letters and digits, runs of Han characters, a few punctuation
 * characters), classifies each run cheaply (first character, length, the character after it) and
 * tries only the patterns whose triggers (DetectorPattern.triggers) fit there, each as a sticky
 * expression at that position. A pattern's matches are exactly those of its own global pass:
 * starts are visited in order and a match blocks the pattern until its end.
 */
import type { Detector, DetectorPattern, PatternTrigger } from './types.js';

/** Run lengths at or above this share one slot of a trigger's length table. */
const LENGTH_CAP = 64;
const HAN_FIRST = 0x4e00;
const HAN_LAST = 0x9fff;

/** 1 for ASCII letters and digits. */
const ALNUM = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) ALNUM[c] = 1;
}

function isAlnum(c: number): boolean {
  return c < 128 && ALNUM[c] === 1;
}

function isHan(c: number): boolean {
  return c >= HAN_FIRST && c <= HAN_LAST;
}

/** One trigger of one pattern, compiled. */
interface Entry {
  /** Index into Plan.patterns. */
  readonly k: number;
  /** accepts[min(length, LENGTH_CAP)] */
  readonly accepts: Uint8Array;
  /** 1 for the char codes one of which must follow the run, or undefined (a table: tried at every run). */
  readonly next: Uint8Array | undefined;
  /** Char code that must occur within `within` characters after the start, or -1. */
  readonly ahead: number;
  readonly within: number;
  /** through[c] = 1 for the ASCII characters allowed before `ahead`. */
  readonly through: Uint8Array | undefined;
  readonly inside: boolean;
  readonly after: readonly string[] | undefined;
  /** 1 for the last characters of the `after` words. */
  readonly afterLast: Uint8Array | undefined;
  /** Han entries: 1 for the characters a match can start with, or undefined for any. */
  readonly first: Uint8Array | undefined;
}

/** One pattern of one detector, ready to run at a position. */
export interface CompiledPattern {
  readonly detector: Detector;
  /** Index of the detector in the detector list. */
  readonly d: number;
  readonly pattern: DetectorPattern;
  /** The pattern's expression, sticky: tried at one position. */
  readonly sticky: RegExp;
}

/** The detectors of a scan, compiled for dispatch. Build once per detector list (planFor). */
export interface Plan {
  readonly detectors: readonly Detector[];
  readonly patterns: readonly CompiledPattern[];
  /**
   * Entries of alnum runs by `firstCharCode * (LENGTH_CAP + 1) + min(length, LENGTH_CAP)`, in
   * pattern order: `alnum` without the entries that need an `ahead` character, `alnumAhead` with
   * them (used only when such a character is near).
   */
  readonly alnum: readonly (readonly Entry[] | undefined)[];
  readonly alnumAhead: readonly (readonly Entry[] | undefined)[];
  /** The `ahead` characters of alnum entries, and the largest `within` of any. */
  readonly aheadChars: readonly number[];
  readonly aheadWithin: number;
  /** Entries by punctuation char code. */
  readonly chars: readonly (readonly Entry[] | undefined)[];
  /** Entries of Han runs, in pattern order. */
  readonly han: readonly Entry[];
  /** Run remainders `inside` Han entries accept (earlier positions in a run are skipped). */
  readonly hanInsideMax: number;
  readonly hanInsideMin: number;
  /**
   * When every `inside` Han entry needs an `after` word: 1 for the last characters of those
   * words, so positions not right after one are skipped without trying anything.
   */
  readonly hanAfterLast: Uint8Array | undefined;
  /** Patterns without triggers: each runs as its own global pass. */
  readonly untriggered: readonly number[];
}

function lengthTable(lengths: readonly (number | readonly [number, number])[] | undefined): Uint8Array {
  const accepts = new Uint8Array(LENGTH_CAP + 1);
  if (lengths === undefined) return accepts.fill(1);
  for (const l of lengths) {
    const [min, max] = typeof l === 'number' ? [l, l] : l;
    for (let n = Math.max(0, min); n <= Math.min(max, LENGTH_CAP); n++) accepts[n] = 1;
  }
  return accepts;
}

function charCodeOf(s: string | undefined, what: string): number {
  if (s === undefined) return -1;
  if (s.length !== 1) throw new RangeError(`trigger ${what} must be one character`);
  return s.charCodeAt(0);
}

function asciiSet(chars: string | undefined): Uint8Array | undefined {
  if (chars === undefined) return undefined;
  const set = new Uint8Array(128);
  for (const c of chars) {
    if (c.charCodeAt(0) >= 128) throw new RangeError('trigger `through` must be ASCII');
    set[c.charCodeAt(0)] = 1;
  }
  return set;
}

/** 1 for each character of `chars`, or undefined when no set is given. */
function charSet(chars: string | undefined): Uint8Array | undefined {
  if (chars === undefined) return undefined;
  const set = new Uint8Array(0x10000);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}

const ANY = lengthTable(undefined);
const ANY_CHAR = new Uint8Array(0x10000).fill(1);

function lastChars(words: readonly string[] | undefined): Uint8Array | undefined {
  if (words === undefined) return undefined;
  if (words.some((w) => w.length === 0)) return ANY_CHAR; // the empty word follows anything
  const set = new Uint8Array(0x10000);
  for (const w of words) if (w.length > 0) set[w.charCodeAt(w.length - 1)] = 1;
  return set;
}

function compile(detectors: readonly Detector[]): Plan {
  const patterns: CompiledPattern[] = [];
  // Filled up front so the tables stay dense arrays (sparse writes would make them dictionaries).
  const alnum: (Entry[] | undefined)[] = new Array<Entry[] | undefined>(128 * (LENGTH_CAP + 1)).fill(undefined);
  const alnumAhead: (Entry[] | undefined)[] = new Array<Entry[] | undefined>(128 * (LENGTH_CAP + 1)).fill(undefined);
  const aheadChars = new Set<number>();
  let aheadWithin = 0;
  const chars: (Entry[] | undefined)[] = new Array<Entry[] | undefined>(128).fill(undefined);
  const han: Entry[] = [];
  const untriggered: number[] = [];
  let hanInsideMax = 0;
  let hanInsideMin = LENGTH_CAP;
  detectors.forEach((detector, d) => {
    for (const pattern of detector.patterns) {
      const k = patterns.length;
      const flags = pattern.regex.flags.replace(/[gy]/g, '') + 'y';
      patterns.push({ detector, d, pattern, sticky: new RegExp(pattern.regex.source, flags) });
      if (pattern.triggers === undefined || pattern.triggers.length === 0) {
        untriggered.push(k);
        continue;
      }
      for (const t of pattern.triggers) {
        if ('char' in t) {
          for (const c of t.char) {
            const code = c.charCodeAt(0);
            if (code >= 128 || ALNUM[code] === 1) throw new RangeError(`trigger char must be ASCII punctuation: ${c}`);
            const entry: Entry = {
              k,
              accepts: ANY,
              next: undefined,
              ahead: -1,
              within: 0,
              through: undefined,
              inside: false,
              after: undefined,
              afterLast: undefined,
              first: undefined,
            };
            (chars[code] ??= []).push(entry);
          }
          continue;
        }
        const entry: Entry = {
          k,
          accepts: lengthTable(t.lengths),
          next: charSet(t.next),
          ahead: charCodeOf(t.ahead?.char, 'ahead'),
          within: t.ahead?.within ?? 0,
          through: asciiSet(t.ahead?.through),
          inside: t.inside ?? false,
          after: t.after,
          afterLast: lastChars(t.after),
          first: t.run === 'han' ? charSet(t.first) : undefined,
        };
        if (t.run === 'han') {
          // Skipping a start inside a run could let a later start of the pattern match where its
          // global pass would not (it would have consumed the skipped match).
          if (t.first !== undefined && t.inside === true) throw new RangeError('han triggers with `first` start at the run start');
          han.push(entry);
          if (entry.inside) {
            for (let n = 0; n <= LENGTH_CAP; n++) {
              if (entry.accepts[n] === 0) continue;
              hanInsideMax = Math.max(hanInsideMax, n === LENGTH_CAP ? Number.MAX_SAFE_INTEGER : n);
              hanInsideMin = Math.min(hanInsideMin, n);
            }
          }
          continue;
        }
        if (entry.inside) throw new RangeError('alnum triggers start at the run start');
        for (let c = 0; c < 128; c++) {
          if (ALNUM[c] === 0) continue;
          if (t.first !== undefined && !t.first.includes(String.fromCharCode(c))) continue;
          for (let n = 0; n <= LENGTH_CAP; n++) {
            if (entry.accepts[n] === 0) continue;
            const slot = c * (LENGTH_CAP + 1) + n;
            if (entry.ahead < 0) (alnum[slot] ??= []).push(entry);
            (alnumAhead[slot] ??= []).push(entry);
          }
          if (entry.ahead >= 0) {
            aheadChars.add(entry.ahead);
            aheadWithin = Math.max(aheadWithin, entry.within);
          }
        }
      }
    }
  });
  let hanAfterLast: Uint8Array | undefined;
  const inside = han.filter((e) => e.inside);
  if (inside.length > 0 && inside.every((e) => e.after !== undefined && e.after.every((w) => w.length > 0))) {
    hanAfterLast = new Uint8Array(0x10000);
    for (const e of inside) for (const w of e.after!) hanAfterLast[w.charCodeAt(w.length - 1)] = 1;
  }
  return {
    detectors,
    patterns,
    alnum,
    alnumAhead,
    aheadChars: [...aheadChars],
    aheadWithin,
    chars,
    han,
    hanInsideMax,
    hanInsideMin,
    hanAfterLast,
    untriggered,
  };
}

const plans = new WeakMap<readonly Detector[], Plan>();

/** The compiled plan of a detector list (cached by list identity). */
export function planFor(detectors: readonly Detector[]): Plan {
  let plan = plans.get(detectors);
  if (plan === undefined) {
    plan = compile(detectors);
    plans.set(detectors, plan);
  }
  return plan;
}

/** Receives the matches of one window, in order of start (then pattern order). */
export interface MatchVisitor {
  /**
   * Pattern `k` of the plan matched text[start, end). `inRun` is true when the match lies inside
   * the run of letters, digits or Han characters it started in: it holds no separator.
   */
  match(k: number, start: number, end: number, inRun: boolean): void;
  /** Whether detector `d` runs in this text, asked once, at its first trigger, when `active[d]` is ASK. */
  activate?(d: number): boolean;
}

/** `active[d]` values: skip detector `d` in this text, run it, or ask `MatchVisitor.activate` when it is first needed. */
export const SKIP = 0;
export const RUN = 1;
export const ASK = 2;

/** Whether detector `d` runs in this text: an ASK entry of `active` is settled in place by `ask(d)` (RUN without one). */
export function settleActive(active: Uint8Array, d: number, ask: ((d: number) => boolean) | undefined): boolean {
  if (active[d] !== ASK) return active[d] === RUN;
  const on = ask === undefined || ask(d);
  active[d] = on ? RUN : SKIP;
  return on;
}

/** Per-window state of a dispatch. */
class Run {
  /** A pattern's global pass would resume here: earlier starts are inside its last match. */
  readonly blocked: Int32Array;
  /** The last start a pattern was tried at (two triggers of one pattern try it once). */
  readonly tried: Int32Array;
  /** Next position of an `ahead` character (by char code), -2 when not looked up yet. */
  readonly aheadAt = new Int32Array(128).fill(-2);
  /** Per pattern: the `ahead` position its `through` run was measured for, and where that run starts. */
  private readonly throughFor: Int32Array;
  private readonly throughFrom: Int32Array;

  constructor(
    readonly text: string,
    readonly plan: Plan,
    readonly active: Uint8Array,
    readonly visitor: MatchVisitor,
  ) {
    this.blocked = new Int32Array(plan.patterns.length);
    this.tried = new Int32Array(plan.patterns.length).fill(-1);
    this.throughFor = new Int32Array(plan.patterns.length).fill(-1);
    this.throughFrom = new Int32Array(plan.patterns.length);
  }

  /** Position of the next `code` character at or after `start`, or -1. */
  nextAhead(code: number, start: number): number {
    let at = this.aheadAt[code];
    if (at !== -1 && at < start) at = this.aheadAt[code] = this.text.indexOf(String.fromCharCode(code), start);
    return at;
  }

  /** Tries `entries` at `start`; `length` is the run's length from there, `next` the code after it. */
  tryAt(entries: readonly Entry[], start: number, length: number, next: number, runStart: boolean): void {
    const { text, blocked, tried, active } = this;
    const patterns = this.plan.patterns;
    const slot = length < LENGTH_CAP ? length : LENGTH_CAP;
    for (let x = 0; x < entries.length; x++) {
      const e = entries[x];
      const k = e.k;
      if (start < blocked[k] || tried[k] === start || e.accepts[slot] === 0 || (!runStart && !e.inside)) continue;
      if (e.first !== undefined && e.first[text.charCodeAt(start)] === 0) continue;
      if (e.next !== undefined && (next < 0 || e.next[next] === 0)) continue;
      const cp = patterns[k];
      // SKIP first: a skipped detector is met at every trigger, and the bound lookup would be garbage.
      const state = active[cp.d];
      if (state !== RUN && (state === SKIP || !settleActive(active, cp.d, this.visitor.activate?.bind(this.visitor)))) continue;
      if (e.ahead >= 0 && !this.aheadFits(e, start)) continue;
      if (e.after !== undefined && ((start > 0 && e.afterLast![text.charCodeAt(start - 1)] === 0) || !endsWithAny(text, start, e.after))) continue;
      tried[k] = start;
      const re = cp.sticky;
      re.lastIndex = start;
      if (!re.test(text)) continue;
      const end = re.lastIndex;
      if (end === start) {
        blocked[k] = start + 1; // an empty match: a global pass steps over it
        continue;
      }
      blocked[k] = end;
      this.visitor.match(k, start, end, end - start <= length);
    }
  }

  /** True when an `ahead` character of the plan occurs within `aheadWithin` after `start`. */
  aheadNear(start: number): boolean {
    const chars = this.plan.aheadChars;
    for (let x = 0; x < chars.length; x++) {
      const at = this.nextAhead(chars[x], start);
      if (at !== -1 && at - start <= this.plan.aheadWithin) return true;
    }
    return false;
  }

  private aheadFits(e: Entry, start: number): boolean {
    const at = this.nextAhead(e.ahead, start);
    if (at === -1 || at - start > e.within) return false;
    const through = e.through;
    if (through === undefined) return true;
    // Where the run of `through` characters before this `ahead` character begins: measured once per
    // occurrence, not once per start.
    if (this.throughFor[e.k] !== at) {
      const text = this.text;
      let q = at;
      while (q > 0) {
        const c = text.charCodeAt(q - 1);
        if (c >= 128 || through[c] === 0) break;
        q--;
      }
      this.throughFor[e.k] = at;
      this.throughFrom[e.k] = q;
    }
    return start >= this.throughFrom[e.k];
  }
}

/**
 * Runs the triggered patterns of `plan` over `text` from `from`, calling `visitor.match` for each
 * match in start order. `active[d]` (SKIP, RUN or ASK) says which detectors run in this text; ASK
 * entries are settled in place.
 */
export function dispatch(text: string, plan: Plan, from: number, active: Uint8Array, visitor: MatchVisitor): void {
  const n = text.length;
  const run = new Run(text, plan, active, visitor);
  let hanOn = false;
  for (const e of plan.han) if (active[plan.patterns[e.k].d] !== SKIP) hanOn = true;
  const alnum = plan.alnum;
  const alnumAhead = plan.alnumAhead;
  const hasAhead = plan.aheadChars.length > 0;
  const singleAhead = plan.aheadChars.length === 1 ? plan.aheadChars[0] : -1;
  const chars = plan.chars;
  const stride = LENGTH_CAP + 1;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (ALNUM[c] === 1) {
        let e = i + 1;
        while (e < n) {
          const x = text.charCodeAt(e);
          if (x >= 128 || ALNUM[x] === 0) break;
          e++;
        }
        const length = e - i;
        const slot = c * stride + (length < LENGTH_CAP ? length : LENGTH_CAP);
        let entries = alnum[slot];
        if (hasAhead) {
          if (singleAhead >= 0) {
            const at = run.nextAhead(singleAhead, i);
            if (at !== -1 && at - i <= plan.aheadWithin) entries = alnumAhead[slot];
          } else if (run.aheadNear(i)) entries = alnumAhead[slot];
        }
        // Runs are skipped whole, so only the first one may follow a letter or digit (before `from`).
        if (entries !== undefined && (i !== from || i === 0 || !isAlnum(text.charCodeAt(i - 1)))) {
          run.tryAt(entries, i, length, e < n ? text.charCodeAt(e) : -1, true);
        }
        i = e;
        continue;
      }
      const entries = chars[c];
      if (entries !== undefined) run.tryAt(entries, i, 0, -1, true);
      i++;
      continue;
    }
    if (hanOn && c >= HAN_FIRST && c <= HAN_LAST) {
      let e = i + 1;
      while (e < n && isHan(text.charCodeAt(e))) e++;
      const next = e < n ? text.charCodeAt(e) : -1;
      const runStart = i === 0 || !isHan(text.charCodeAt(i - 1));
      run.tryAt(plan.han, i, e - i, next, runStart);
      const firstInside = Math.max(i + 1, e - plan.hanInsideMax);
      const afterLast = plan.hanAfterLast;
      for (let p = firstInside; p <= e - plan.hanInsideMin; p++) {
        if (afterLast === undefined || afterLast[text.charCodeAt(p - 1)] === 1) run.tryAt(plan.han, p, e - p, next, false);
      }
      i = e;
      continue;
    }
    i++;
  }
}

/** True when text[0, at) ends with one of `words`. */
function endsWithAny(text: string, at: number, words: readonly string[]): boolean {
  for (const w of words) if (at >= w.length && text.startsWith(w, at - w.length)) return true;
  return false;
}
