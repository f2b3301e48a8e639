/**
 * The match stage as one pass: a charCode loop walks a window once, finds the places where a
 * match can start (runs of ASCII letters and digits, runs of Han characters, a few punctuation
 * characters), classifies each run cheaply (first character, length, the character after it) and
 * tries only the patterns whose triggers (DetectorPattern.triggers) fit there, each as a sticky
 * expression at that position. A pattern's matches are exactly those of its own global pass:
 * starts are visited in order and a match blocks the pattern until its end.
 */
import { AnchoredWords } from './context.js';
import type { Detector, DetectorPattern, PatternTrigger, PiiType } from './types.js';
import { WordEnds } from './word-ends.js';

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

/** True when `c` is one of the ASCII characters of `set` (an asciiSet). */
function inAsciiSet(set: Uint8Array, c: number): boolean {
  return c < 128 && set[c] === 1;
}

/** A trigger's `then`, compiled. */
interface Then {
  /** 1 for ASCII characters the run can start with, or undefined for any. */
  readonly first: Uint8Array | undefined;
  /** accepts[min(length, LENGTH_CAP)] */
  readonly accepts: Uint8Array;
  /** 1 for the char codes one of which must follow the run, or undefined. */
  readonly next: Uint8Array | undefined;
  /** The run may also end the text (PatternTrigger `then.end`). */
  readonly end: boolean;
  /** 1 for the ASCII characters one of which must follow that next character, or undefined. */
  readonly follow: Uint8Array | undefined;
}

/** True when the alnum run text[at, e) (maybe empty; `e` is where it ends) fits `then`. */
function thenFits(then: Then, text: string, at: number, e: number): boolean {
  const n = text.length;
  const length = e - at;
  if (then.accepts[length < LENGTH_CAP ? length : LENGTH_CAP] === 0) return false;
  if (then.first !== undefined && length > 0 && then.first[text.charCodeAt(at)] === 0) return false;
  if (then.next !== undefined && (e >= n ? !then.end : then.next[text.charCodeAt(e)] === 0)) return false;
  return then.follow === undefined || (e + 1 < n && inAsciiSet(then.follow, text.charCodeAt(e + 1)));
}

/** One trigger of one pattern, compiled. */
interface Entry {
  /** Index into Plan.patterns. */
  readonly k: number;
  /** accepts[min(length, LENGTH_CAP)] */
  readonly accepts: Uint8Array;
  /** 1 for the char codes one of which must follow the run, or undefined (a table: tried at every run). */
  readonly next: Uint8Array | undefined;
  /** With `next`: the run may also end the text (PatternTrigger.end). */
  readonly end: boolean;
  /** Han entries: 1 for the char codes one of which must end the run (PatternTrigger.last; Plan.han's groups hold it), or undefined. */
  readonly last: Uint8Array | undefined;
  /** Char code that must occur within `within` characters after the start, or -1. */
  readonly ahead: number;
  readonly within: number;
  /** through[c] = 1 for the ASCII characters allowed before `ahead`. */
  readonly through: Uint8Array | undefined;
  readonly inside: boolean;
  readonly after: readonly string[] | undefined;
  /** 1 for the last characters of the `after` words. */
  readonly afterLast: Uint8Array | undefined;
  /** The `after` words, for the full comparison. */
  readonly afterWords: WordEnds | undefined;
  /** The trigger's `then`: the run after the `next` character. */
  readonly then: Then | undefined;
  /** 1 for the ASCII characters that may not stand before the start, or undefined. */
  readonly notAfter: Uint8Array | undefined;
  /** Han entries: 1 for the characters a match can start with, or undefined for any. */
  readonly first: Uint8Array | undefined;
  /** Han entries: what the run must hold from the start (PatternTrigger.holds), or undefined. */
  readonly holds: Holds | undefined;
}

/** A trigger's `holds`, compiled: one object per distinct one, so a Run keeps one position for it. */
interface Holds {
  /** Its index in Plan.holds (and Run.holdAt). */
  readonly id: number;
  /** The held characters, as strings for indexOf. */
  readonly chars: readonly string[];
  /** 1 for the characters one of which must stand before a held one. */
  readonly after: Uint8Array;
  /** How many characters before a held pair a match starts (its entries are in hanAnchored), or undefined. */
  readonly starts: readonly [number, number] | undefined;
}

/** One pattern of one detector, ready to run at a position. */
export interface CompiledPattern {
  readonly detector: Detector;
  /** Index of the detector in the detector list. */
  readonly d: number;
  readonly pattern: DetectorPattern;
  /** The pattern's expression, sticky: tried at one position. */
  readonly sticky: RegExp;
  /** DetectorPattern.headerOnly, read here in one shape (patterns differ in their optional fields). */
  readonly headerOnly: boolean;
  /** DetectorPattern.labelled: tried whatever its detector's state in a text (SKIP, GATE). */
  readonly labelled: boolean;
  /**
   * The pattern's name and score and the detector's fields the match stage reads for every
   * candidate, copied here so those reads meet one object shape (detectors and patterns differ in
   * their optional fields, which makes reads of them slow where many detectors meet).
   */
  readonly name: string;
  readonly score: number;
  readonly strength: number;
  readonly verbatim: boolean;
  readonly validate: Detector['validate'];
  readonly validateAt: Detector['validateAt'];
}

/** The Han entries that can fire before one class of next character, with their `inside` bounds. */
interface HanGroup {
  /** Entries of Han runs, in pattern order. */
  readonly entries: readonly Entry[];
  /** Run remainders `inside` entries accept (earlier positions in a run are skipped). */
  readonly insideMax: number;
  readonly insideMin: number;
  /**
   * When every `inside` entry needs an `after` word: 1 for the last characters of those words, so
   * positions not right after one are skipped without trying anything.
   */
  readonly afterLast: Uint8Array | undefined;
}

/** The detectors of a scan, compiled for dispatch. Build once per detector list (planFor). */
export interface Plan {
  readonly detectors: readonly Detector[];
  /** Detector.strength and Detector.type by detector index. */
  readonly strengths: Float64Array;
  readonly types: readonly PiiType[];
  readonly patterns: readonly CompiledPattern[];
  /**
   * Class of the character after an alnum run (0 for the end of the text): characters that the
   * same `next` sets accept share a class, so a run's entries are looked up with the character
   * after it and an entry whose `next` refuses that character is never met.
   */
  readonly alnumNext: NextClasses;
  /**
   * Entry lists of alnum runs in two steps, so the tables stay small enough for the cache: by
   * slot `firstCharCode * (LENGTH_CAP + 1) + min(length, LENGTH_CAP)` the number of the slot's
   * list (0: none), then `byClass[number * alnumNext.classes + class]` the number of that list
   * without the entries whose `next` refuses the class, an index into `lists`. In pattern order:
   * `alnum` without the entries that need an `ahead` character, `alnumAhead` with them (used
   * only when such a character is near).
   */
  readonly alnum: Uint16Array;
  readonly alnumAhead: Uint16Array;
  readonly byClass: Uint16Array;
  readonly lists: readonly (readonly Entry[])[];
  /** The `ahead` characters of alnum entries, and the largest `within` of any. */
  readonly aheadChars: readonly number[];
  readonly aheadWithin: number;
  /** Entries by punctuation char code. */
  readonly chars: readonly (readonly Entry[] | undefined)[];
  /**
   * Class of the character after a Han run and of its last character (two characters share a class
   * when every trigger `last` set holds both or neither), and the run's entries by both:
   * `han[nextClass * hanLast.classes + lastClass]`, so an entry whose `last` the run does not end
   * in is not met.
   */
  readonly hanNext: NextClasses;
  readonly hanLast: NextClasses;
  readonly han: readonly HanGroup[];
  /** Patterns without triggers: each runs as its own global pass. */
  readonly untriggered: readonly number[];
  /** The trie of `lists`: a Live set adds the lists without its dead entries to it. */
  readonly trie: ListTrie;
  /** The Live set of a text where no pattern is dead (and of short texts). */
  readonly full: Live;
  /** Live sets by their dead patterns (`liveOf`). */
  readonly live: Map<string, Live>;
  /** Patterns reported only under a column header (DetectorPattern.headerOnly). */
  readonly headerOnly: readonly number[];
  /**
   * Patterns tried only in a text that holds one of their words (DetectorPattern.requires) and,
   * when labelled, one of their labels (DetectorPattern.labelled: their triggers' `after` words).
   * A labelled pattern runs where its detector does not (a text without the detector's context
   * words), and live there it met every run of Chinese in the bench's log, 3% more of its
   * instructions. Its labels are looked up in one pass per anchor character (AnchoredWords): the
   * colon every role label ends in (`客户：`), where one `includes` a label cost the log more than it
   * saved. The required words, a few rare ones, are looked up first (one `includes` each): a
   * labelled pattern's labels may have a character of much text for their anchor (`户` of 客户),
   * and a word alone (a CSV's remarks, `已注销账户`) is not yet its label (`账户：`, `转入账户`).
   */
  readonly gated: readonly { readonly k: number; readonly words: readonly string[] | undefined; readonly labels: AnchoredWords | undefined }[];
  /**
   * The Han entries with `holds`, kept out of `han`: tried only in a text that holds one of their
   * characters after one of their `after` ones (most texts hold none), so they cost the others nothing.
   */
  readonly hanHolds: HanGroup;
  /**
   * The Han entries whose `holds` have `starts`: tried only in a text that holds one of their
   * pairs, and in a run only at the starts before each pair (tryAnchored).
   */
  readonly hanAnchored: HanGroup;
  /** The distinct `holds` of hanHolds and hanAnchored, by Holds.id. */
  readonly holds: readonly Holds[];
  /** The plan's and its Live sets' HanGroups by their entries (hanGroupOf). */
  readonly groups: Map<string, HanGroup>;
}

/** `lists` of a Live set before a list is first needed. */
const NOT_YET = 0xffff;

/**
 * The entries of a plan that can fire in a text where some patterns are dead (blocked to its
 * end: a detector settled SKIP, a header-only pattern with no header). A dead entry would fail
 * the first check of tryAt at every run it is met in; a Live set leaves it out of the lists, so
 * it is not met at all. The trie keeps every list a Live set made (at most NOT_YET of them).
 */
interface Live {
  /** 1 for the dead patterns. */
  readonly dead: Uint8Array;
  /** By list number (of the compiled lists): the number of the list without dead entries, NOT_YET before first needed. */
  readonly lists: Uint16Array;
  readonly han: readonly HanGroup[];
  /** True when a Han entry is live. */
  readonly hanOn: boolean;
  readonly chars: readonly (readonly Entry[] | undefined)[];
}

/**
 * At most this many Live sets are kept per plan (each distinct set of dead patterns has one; a
 * window's detectors die in the order their triggers meet them, so the bench log makes about a
 * hundred: at 64, with engine 0.3.11's device detector, they were cleared and made again, 425 for
 * 101, and the log took 6-10% more CPU).
 */
const LIVE_SETS = 256;

function liveSet(plan: Pick<Plan, 'han' | 'chars' | 'patterns' | 'groups'>, dead: Uint8Array, lists: Uint16Array): Live {
  const keep = (entries: readonly Entry[]) => entries.filter((e) => dead[e.k] === 0);
  const han = plan.han.map((g) => hanGroupOf(plan.groups, keep(g.entries)));
  const chars = plan.chars.map((entries) => (entries === undefined || keep(entries).length === 0 ? undefined : keep(entries)));
  return { dead, lists, han, hanOn: han.some((g) => g.entries.length > 0), chars };
}

/** The Live set of a text where the patterns `dead` (ascending) are dead. */
function liveOf(plan: Plan, dead: readonly number[]): Live {
  if (dead.length === 0) return plan.full;
  const key = dead.join(',');
  let live = plan.live.get(key);
  if (live === undefined) {
    const flags = new Uint8Array(plan.patterns.length);
    for (const k of dead) flags[k] = 1;
    live = liveSet(plan, flags, new Uint16Array(plan.full.lists.length).fill(NOT_YET));
    if (plan.live.size >= LIVE_SETS) {
      plan.live.clear();
      plan.groups.clear();
    }
    plan.live.set(key, live);
  }
  return live;
}

/** The number of list `list` without the dead entries of `live`. */
function liveList(plan: Plan, live: Live, list: number): number {
  let id = live.lists[list];
  if (id === NOT_YET) {
    // The trie is full: the list as it is (its dead entries still fail tryAt's first check).
    if (plan.lists.length >= NOT_YET - 1) return list;
    id = live.lists[list] = plan.trie.of(plan.lists[list].filter((e) => live.dead[e.k] === 0)).id;
  }
  return id;
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

function asciiSet(chars: string | undefined, what = 'through'): Uint8Array | undefined {
  if (chars === undefined) return undefined;
  const set = new Uint8Array(128);
  for (const c of chars) {
    if (c.charCodeAt(0) >= 128) throw new RangeError(`trigger \`${what}\` must be ASCII`);
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

/** Classes of the character after a run, by char code, and how many there are. */
interface NextClasses {
  readonly of: Uint8Array;
  readonly classes: number;
  /** One character of each class, to ask an entry's `next` set about the class. */
  readonly sample: readonly number[];
}

/**
 * Classes of the character after a run (of the triggers' `next` sets), or of a Han run's last
 * character (of their `last` sets): two characters share a class when every set holds both or
 * neither. Class 0 holds the characters no set holds, and the end of the text.
 */
function nextClasses(sets: readonly string[]): NextClasses {
  const signature = new Map<number, string>();
  sets.forEach((set, x) => {
    for (let i = 0; i < set.length; i++) {
      const c = set.charCodeAt(i);
      signature.set(c, `${signature.get(c) ?? ''},${x}`);
    }
  });
  const classOf = new Map<string, number>();
  const nextClass = new Uint8Array(0x10000);
  for (const [c, sig] of signature) {
    let k = classOf.get(sig);
    if (k === undefined) classOf.set(sig, (k = classOf.size + 1));
    if (k > 255) throw new RangeError('too many distinct trigger `next` sets');
    nextClass[c] = k;
  }
  const classes = classOf.size + 1;
  const sample: number[] = new Array<number>(classes).fill(-1);
  for (const c of signature.keys()) sample[nextClass[c]] = c;
  for (let c = 0; sample[0] < 0; c++) if (nextClass[c] === 0) sample[0] = c;
  return { of: nextClass, classes, sample };
}

/** One distinct list of entries: a node of a ListTrie. */
interface ListNode {
  /** Number of the list (the root, the empty list, is 0). */
  readonly id: number;
  readonly entries: readonly Entry[];
  readonly children: Map<Entry, ListNode>;
}

/** Entry lists, each distinct list once: a list is the path of its entries from the root. */
class ListTrie {
  /** Every list, by number; grows as lists are added (the plan's `lists` is this array). */
  readonly lists: (readonly Entry[])[] = [];
  readonly root: ListNode = this.node([]);

  private node(entries: readonly Entry[]): ListNode {
    const node = { id: this.lists.length, entries, children: new Map<Entry, ListNode>() };
    this.lists.push(entries);
    return node;
  }

  /** The list of `node` with `entry` appended. */
  append(node: ListNode, entry: Entry): ListNode {
    let child = node.children.get(entry);
    if (child === undefined) node.children.set(entry, (child = this.node([...node.entries, entry])));
    return child;
  }

  /** The node of a list. */
  of(entries: readonly Entry[]): ListNode {
    let node = this.root;
    for (const e of entries) node = this.append(node, e);
    return node;
  }
}

/** True when an entry can fire before a character of class `k` (one character of a class stands for all). */
function firesBefore(e: Entry, k: number, next: NextClasses): boolean {
  return e.next === undefined || (k === 0 ? e.end : e.next[next.sample[k]] === 1);
}

/** The class of the character after a run (`code` -1: the end of the text). */
function classOf(next: NextClasses, code: number): number {
  return code < 0 ? 0 : next.of[code];
}

/** A number per Entry, for the keys of HanGroups (hanGroupOf). */
const entryIds = new WeakMap<Entry, number>();
let nextEntryId = 0;

/**
 * The HanGroup of `entries`, one per distinct list in `groups`: many of a plan's groups (by next
 * and last class) and of its Live sets hold the same entries, and each group with `inside` entries
 * holds a 64 KiB table.
 */
function hanGroupOf(groups: Map<string, HanGroup>, entries: readonly Entry[]): HanGroup {
  let key = '';
  for (const e of entries) {
    let id = entryIds.get(e);
    if (id === undefined) entryIds.set(e, (id = nextEntryId++));
    key += `${id},`;
  }
  let group = groups.get(key);
  if (group === undefined) groups.set(key, (group = hanGroup(entries)));
  return group;
}

function hanGroup(entries: readonly Entry[]): HanGroup {
  let insideMax = 0;
  let insideMin = LENGTH_CAP;
  for (const e of entries) {
    if (!e.inside) continue;
    for (let n = 0; n <= LENGTH_CAP; n++) {
      if (e.accepts[n] === 0) continue;
      insideMax = Math.max(insideMax, n === LENGTH_CAP ? Number.MAX_SAFE_INTEGER : n);
      insideMin = Math.min(insideMin, n);
    }
  }
  let afterLast: Uint8Array | undefined;
  const inside = entries.filter((e) => e.inside);
  if (inside.length > 0 && inside.every((e) => e.after !== undefined && e.after.every((w) => w.length > 0))) {
    afterLast = new Uint8Array(0x10000);
    for (const e of inside) for (const w of e.after!) afterLast[w.charCodeAt(w.length - 1)] = 1;
  }
  return { entries, insideMax, insideMin, afterLast };
}

function compile(detectors: readonly Detector[]): Plan {
  // One set (64 KiB) or trie per distinct string or word list: triggers share most of them
  // ('0123456789', a detector's label gaps), and making each anew was most of a plan's start.
  const sets = new Map<string, Uint8Array | undefined>();
  const charSetOf = (chars: string | undefined): Uint8Array | undefined => {
    if (chars === undefined) return undefined;
    if (!sets.has(chars)) sets.set(chars, charSet(chars));
    return sets.get(chars);
  };
  const ends = new Map<string, { readonly last: Uint8Array | undefined; readonly words: WordEnds }>();
  const wordEndsOf = (words: readonly string[]) => {
    const key = words.join('\u0000');
    let found = ends.get(key);
    if (found === undefined) ends.set(key, (found = { last: lastChars(words), words: new WordEnds(words) }));
    return found;
  };
  // The plan's `holds`, by their characters: one object (and id) per distinct one.
  const compiledHolds = new Map<string, Holds>();
  const holdsOf = (holds: { readonly chars: string; readonly after: string; readonly starts?: readonly [number, number] }): Holds => {
    const key = `${holds.chars}\u0000${holds.after}\u0000${holds.starts?.join('-') ?? ''}`;
    let compiled = compiledHolds.get(key);
    if (compiled === undefined) {
      compiled = { id: compiledHolds.size, chars: [...holds.chars], after: charSetOf(holds.after)!, starts: holds.starts };
      compiledHolds.set(key, compiled);
    }
    return compiled;
  };
  const patterns: CompiledPattern[] = [];
  const runEntries: { entry: Entry; trigger: Extract<PatternTrigger, { run: unknown }> }[] = [];
  const chars: (Entry[] | undefined)[] = new Array<Entry[] | undefined>(128).fill(undefined);
  const untriggered: number[] = [];
  const headerOnly: number[] = [];
  const gated: { k: number; words: readonly string[] | undefined; labels: AnchoredWords | undefined }[] = [];
  detectors.forEach((detector, d) => {
    for (const pattern of detector.patterns) {
      const k = patterns.length;
      if (pattern.headerOnly === true) headerOnly.push(k);
      const labels = pattern.labelled === true ? new AnchoredWords((pattern.triggers ?? []).flatMap((t) => ('run' in t ? (t.after ?? []) : []))) : undefined;
      if (pattern.requires !== undefined || labels !== undefined) gated.push({ k, words: pattern.requires, labels });
      const flags = pattern.regex.flags.replace(/[gy]/g, '') + 'y';
      patterns.push({
        detector,
        d,
        pattern,
        sticky: new RegExp(pattern.regex.source, flags),
        headerOnly: pattern.headerOnly === true,
        labelled: pattern.labelled === true,
        name: pattern.name,
        score: pattern.score,
        strength: detector.strength,
        verbatim: detector.verbatim === true,
        validate: detector.validate,
        validateAt: detector.validateAt,
      });
      if (pattern.triggers === undefined || pattern.triggers.length === 0) {
        untriggered.push(k);
        continue;
      }
      if (pattern.labelled === true && pattern.triggers.some((t) => !('run' in t) || t.after === undefined || t.after.some((w) => w.length === 0))) {
        throw new RangeError(`labelled pattern ${pattern.name}: every trigger needs \`after\` words, its labels`);
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
              end: false,
              last: undefined,
              ahead: -1,
              within: 0,
              through: undefined,
              inside: false,
              after: undefined,
              afterLast: undefined,
              afterWords: undefined,
              then: undefined,
              notAfter: undefined,
              first: undefined,
              holds: undefined,
            };
            (chars[code] ??= []).push(entry);
          }
          continue;
        }
        if (t.run === 'han' && t.first !== undefined && t.inside === true) {
          // Skipping a start inside a run could let a later start of the pattern match where its
          // global pass would not (it would have consumed the skipped match).
          throw new RangeError('han triggers with `first` start at the run start');
        }
        if (t.run === 'alnum' && t.inside === true) throw new RangeError('alnum triggers start at the run start');
        if (t.then !== undefined && (t.run !== 'alnum' || t.next === undefined)) throw new RangeError('`then` needs an alnum trigger with `next`');
        if (t.then?.follow !== undefined && t.then.next === undefined) throw new RangeError('`then.follow` needs `then.next`');
        if ((t.end === true && t.next === undefined) || (t.then?.end === true && t.then.next === undefined)) throw new RangeError('`end` needs `next`');
        if (t.last !== undefined && (t.run !== 'han' || t.next === undefined || t.holds !== undefined || [...t.last].some((c) => !isHan(c.charCodeAt(0))))) {
          throw new RangeError('`last` needs a han trigger with `next` and no `holds`, and Han characters');
        }
        if (t.holds !== undefined && (t.run !== 'han' || t.holds.chars === '' || [...t.holds.chars, ...t.holds.after].some((c) => !isHan(c.charCodeAt(0))))) {
          throw new RangeError('`holds` needs a han trigger and Han characters');
        }
        const starts = t.holds?.starts;
        if (starts !== undefined && (t.inside !== true || !Number.isInteger(starts[0]) || starts[0] < 0 || starts[1] < starts[0])) {
          throw new RangeError('`holds.starts` needs an inside trigger and a range [min, max] of whole numbers');
        }
        const after = t.after === undefined ? undefined : wordEndsOf(t.after);
        const entry: Entry = {
          k,
          accepts: lengthTable(t.lengths),
          next: charSetOf(t.next),
          end: t.end === true,
          last: charSetOf(t.last),
          ahead: charCodeOf(t.ahead?.char, 'ahead'),
          within: t.ahead?.within ?? 0,
          through: asciiSet(t.ahead?.through),
          inside: t.inside ?? false,
          after: t.after,
          afterLast: after?.last,
          afterWords: after?.words,
          then:
            t.then === undefined
              ? undefined
              : {
                  first: asciiSet(t.then.first, 'then.first'),
                  accepts: lengthTable(t.then.lengths),
                  next: charSetOf(t.then.next),
                  end: t.then.end === true,
                  follow: asciiSet(t.then.follow, 'then.follow'),
                },
          notAfter: asciiSet(t.notAfter, 'notAfter'),
          first: t.run === 'han' ? charSetOf(t.first) : undefined,
          holds: t.holds === undefined ? undefined : holdsOf(t.holds),
        };
        runEntries.push({ entry, trigger: t });
      }
    }
  });

  const nextSets = (run: 'alnum' | 'han') =>
    runEntries.flatMap(({ trigger }) => (trigger.run === run && trigger.next !== undefined ? [trigger.next] : []));
  const alnumNext = nextClasses(nextSets('alnum'));
  const hanNext = nextClasses(nextSets('han'));
  const hanLast = nextClasses(runEntries.flatMap(({ trigger }) => (trigger.run === 'han' && trigger.last !== undefined ? [trigger.last] : [])));
  const classes = alnumNext.classes;
  const stride = LENGTH_CAP + 1;
  // Lists by first character and length (as before classes), in pattern order, as nodes of a
  // trie: slots with equal lists share one node, so the work below is per distinct list.
  const trie = new ListTrie();
  const base: ListNode[] = new Array<ListNode>(128 * stride).fill(trie.root);
  const baseAhead: ListNode[] = new Array<ListNode>(128 * stride).fill(trie.root);
  const aheadChars = new Set<number>();
  let aheadWithin = 0;
  const hanEntries: Entry[] = [];
  const holdsEntries: Entry[] = [];
  const anchoredEntries: Entry[] = [];
  for (const { entry, trigger } of runEntries) {
    if (trigger.run === 'han') {
      (entry.holds === undefined ? hanEntries : entry.holds.starts === undefined ? holdsEntries : anchoredEntries).push(entry);
      continue;
    }
    if (entry.ahead >= 0) {
      aheadChars.add(entry.ahead);
      aheadWithin = Math.max(aheadWithin, entry.within);
    }
    for (let c = 0; c < 128; c++) {
      if (ALNUM[c] === 0) continue;
      if (trigger.first !== undefined && !trigger.first.includes(String.fromCharCode(c))) continue;
      for (let n = 0; n <= LENGTH_CAP; n++) {
        if (entry.accepts[n] === 0) continue;
        const s = c * stride + n;
        if (entry.ahead < 0) base[s] = trie.append(base[s], entry);
        baseAhead[s] = trie.append(baseAhead[s], entry);
      }
    }
  }
  // Then each slot list by class of the next character, as list numbers (trie node ids).
  const slotLists = new Set([...base, ...baseAhead]);
  const classLists = new Map<ListNode, number[]>();
  for (const node of slotLists) {
    const ids: number[] = [];
    const anyNext = node.entries.some((e) => e.next !== undefined);
    for (let x = 0; x < classes; x++) ids.push(anyNext ? trie.of(node.entries.filter((e) => firesBefore(e, x, alnumNext))).id : node.id);
    classLists.set(node, ids);
  }
  const lists = trie.lists;
  if (lists.length >= NOT_YET) throw new RangeError('too many distinct trigger entry lists');
  const byClass = new Uint16Array(lists.length * classes);
  for (const [node, ids] of classLists) byClass.set(ids, node.id * classes);
  const alnum = Uint16Array.from(base, (node) => node.id);
  const alnumAhead = Uint16Array.from(baseAhead, (node) => node.id);
  const groups = new Map<string, HanGroup>();
  const han: HanGroup[] = [];
  for (let x = 0; x < hanNext.classes; x++) {
    for (let y = 0; y < hanLast.classes; y++) {
      han.push(hanGroupOf(groups, hanEntries.filter((e) => firesBefore(e, x, hanNext) && (e.last === undefined || e.last[hanLast.sample[y]] === 1))));
    }
  }
  const identity = Uint16Array.from(lists, (_, x) => x);
  return {
    strengths: Float64Array.from(detectors, (d) => d.strength),
    types: detectors.map((d) => d.type),
    trie,
    full: liveSet({ han, chars, patterns, groups }, new Uint8Array(patterns.length), identity),
    live: new Map(),
    detectors,
    patterns,
    alnumNext,
    alnum,
    alnumAhead,
    byClass,
    lists,
    hanNext,
    hanLast,
    aheadChars: [...aheadChars],
    aheadWithin,
    chars,
    han,
    untriggered,
    headerOnly,
    gated,
    hanHolds: hanGroup(holdsEntries),
    hanAnchored: hanGroup(anchoredEntries),
    holds: [...compiledHolds.values()],
    groups,
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
  /**
   * How detector `d` runs in this text (SKIP, RUN or GATE), asked once, at its first trigger,
   * when `active[d]` is ASK.
   */
  activate?(d: number): number;
  /** For a GATE detector: whether a start at `start` may be tried (a label is within reach). */
  gate?(d: number, start: number): boolean;
}

/**
 * `active[d]` values: skip detector `d` in this text, run it, ask `MatchVisitor.activate` when it
 * is first needed, or run it only at the starts `MatchVisitor.gate` lets through.
 */
export const SKIP = 0;
export const RUN = 1;
export const ASK = 2;
export const GATE = 3;

/** Whether detector `d` runs in this text: an ASK entry of `active` is settled in place by `ask(d)` (RUN without one). */
export function settleActive(active: Uint8Array, d: number, ask: ((d: number) => number) | undefined): boolean {
  if (active[d] === ASK) active[d] = ask === undefined ? RUN : ask(d);
  return active[d] !== SKIP;
}

/** A `blocked` value: the pattern is dead in this text (never set by a match, which ends inside the text). */
const DEAD = 0x7fffffff;
/**
 * Texts shorter than this keep the full lists (a cell, a test case): finding their Live set costs
 * more than the dead entries it leaves out.
 */
const LIVE_MIN_CHARS = 4096;

/** What a spare Run holds (it keeps no text, no visitor's closures alive). */
const idle: MatchVisitor = { match: () => undefined };
const NO_DETECTORS = new Uint8Array(0);

/**
 * Per-window state of a dispatch. A Run is reset for each text (`start`), so a plan's short texts
 * (cells: hundreds of thousands per workbook) reuse one instead of allocating its arrays each time.
 */
class Run {
  /** A pattern's global pass would resume here: earlier starts are inside its last match. */
  readonly blocked: Int32Array;
  /** The last start a pattern was tried at (two triggers of one pattern try it once). */
  readonly tried: Int32Array;
  /** Next position of an `ahead` character (by char code), -2 when not looked up yet. */
  readonly aheadAt = new Int32Array(128);
  /** Next position of a held character (by Holds.id) after one of its `after` characters, as aheadAt. */
  private readonly holdAt: Int32Array;
  /** nextHeld's next position of each held character, by Holds.id. */
  private readonly heldNext: readonly Int32Array[];
  /** Per pattern: the `ahead` position its `through` run was measured for, and where that run starts. */
  private readonly throughFor: Int32Array;
  private readonly throughFrom: Int32Array;

  text = '';
  /** The text holds a character of the `holds` of hanHolds (its entries are tried). */
  holdsOn = false;
  /** The text holds a pair of the `holds` of hanAnchored (its entries are tried). */
  anchoredOn = false;
  /** tryAnchored's starts in the run it is on (this Run's own: a visitor may dispatch another text). */
  readonly anchoredStarts: number[] = [];
  active: Uint8Array = NO_DETECTORS;
  visitor: MatchVisitor = idle;
  /** The entries that can still fire here: changes when a pattern dies (`kill`). */
  live: Live;
  /** The dead patterns, when this text uses Live sets (undefined: it keeps the full lists). */
  private dead: number[] | undefined;

  constructor(readonly plan: Plan) {
    this.blocked = new Int32Array(plan.patterns.length);
    this.tried = new Int32Array(plan.patterns.length);
    this.throughFor = new Int32Array(plan.patterns.length);
    this.throughFrom = new Int32Array(plan.patterns.length);
    this.holdAt = new Int32Array(plan.holds.length);
    this.heldNext = plan.holds.map((holds) => new Int32Array(holds.chars.length));
    this.live = plan.full;
  }

  /** Readies this Run for `text`, as a new one would be. */
  start(text: string, active: Uint8Array, visitor: MatchVisitor, useLive: boolean): void {
    this.text = text;
    this.active = active;
    this.visitor = visitor;
    this.blocked.fill(0);
    this.tried.fill(-1);
    this.aheadAt.fill(-2);
    this.holdAt.fill(-2);
    this.throughFor.fill(-1);
    this.live = this.plan.full;
    this.dead = useLive ? [] : undefined;
    this.runFrom = -1;
    this.runTo = 0;
  }

  /** Drops what this text held (the text, `active`, the visitor's closures), so a spare Run keeps nothing alive. */
  release(): void {
    this.text = '';
    this.active = NO_DETECTORS;
    this.visitor = idle;
    this.live = this.plan.full;
    this.dead = undefined;
  }

  /** Pattern `k` never fires in this text: blocked to its end, and left out of the lists when `refresh`. */
  kill(k: number, refresh = true): void {
    if (this.blocked[k] === DEAD) return;
    this.blocked[k] = DEAD;
    const dead = this.dead;
    if (dead === undefined) return;
    dead.push(k);
    if (refresh) this.refresh();
  }

  /** Takes the Live set of the dead patterns. */
  refresh(): void {
    if (this.dead === undefined) return;
    this.dead.sort((a, b) => a - b);
    this.live = liveOf(this.plan, this.dead);
  }

  /** The last `runEnd` answer: where the alnum run from `runFrom` ends. */
  private runFrom = -1;
  private runTo = 0;

  /** Where the alnum run at `at` ends (`at` when none starts there); the entries of one start share it. */
  runEnd(at: number): number {
    if (at !== this.runFrom) {
      const text = this.text;
      const n = text.length;
      let e = at;
      while (e < n && isAlnum(text.charCodeAt(e))) e++;
      this.runFrom = at;
      this.runTo = e;
    }
    return this.runTo;
  }

  /** Position of the next `code` character at or after `start`, or -1. */
  nextAhead(code: number, start: number): number {
    let at = this.aheadAt[code];
    if (at !== -1 && at < start) at = this.aheadAt[code] = this.text.indexOf(String.fromCharCode(code), start);
    return at;
  }

  /** Position of the next held character of `holds` at or after `start` (right after one of its `after` characters), or -1. */
  nextHold(holds: Holds, start: number): number {
    let at = this.holdAt[holds.id];
    if (at !== -1 && at < start) at = this.holdAt[holds.id] = this.nextHeld(holds, start);
    return at;
  }

  private nextHeld(holds: Holds, start: number): number {
    const text = this.text;
    // Each held character's next position, searched again only once it is passed (a character
    // that is not in the text is searched for once).
    const next = this.heldNext[holds.id];
    let any = false;
    for (let y = 0; y < next.length; y++) {
      next[y] = text.indexOf(holds.chars[y], start);
      if (next[y] !== -1) any = true;
    }
    if (!any) return -1;
    for (;;) {
      let x = -1;
      for (let y = 0; y < next.length; y++) if (next[y] !== -1 && (x === -1 || next[y] < next[x])) x = y;
      if (x === -1) return -1;
      const at = next[x];
      if (at > 0 && holds.after[text.charCodeAt(at - 1)] === 1) return at;
      next[x] = text.indexOf(holds.chars[x], at + 1);
    }
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
      if (e.next !== undefined && (next < 0 ? !e.end : e.next[next] === 0)) continue;
      // An anchored entry's start is before a held pair in the run already (tryAnchored).
      if (e.holds !== undefined && e.holds.starts === undefined) {
        const at = this.nextHold(e.holds, start);
        if (at === -1 || at >= start + length) continue;
      }
      if (e.notAfter !== undefined && start > 0 && inAsciiSet(e.notAfter, text.charCodeAt(start - 1))) continue;
      // Before `then`, `ahead` and settling the detector: the character before the start refuses most.
      if (e.after !== undefined && ((start > 0 && e.afterLast![text.charCodeAt(start - 1)] === 0) || !e.afterWords!.endsAt(text, start))) continue;
      const cp = patterns[k];
      // SKIP first: a skipped detector is met at every trigger, and the bound lookup would be garbage.
      // A labelled pattern's label is its context: it runs whatever the detector's state.
      const state = cp.labelled ? RUN : active[cp.d];
      if (state === SKIP) continue;
      // Before an ASK detector is settled (a search of the text): most runs fail here.
      if (e.then !== undefined && !thenFits(e.then, text, start + length + 1, this.runEnd(start + length + 1))) continue;
      if (state !== RUN) {
        if (!settleActive(active, cp.d, this.visitor.activate?.bind(this.visitor))) {
          this.blockDetector(cp.d);
          continue;
        }
        if (active[cp.d] === GATE && !this.visitor.gate!(cp.d, start)) continue;
      }
      if (e.ahead >= 0 && !this.aheadFits(e, start)) continue;
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

  /** Kills every pattern of detector `d` but its labelled ones (their entries fail the first check of tryAt, or are not met). */
  blockDetector(d: number, refresh = true): void {
    const patterns = this.plan.patterns;
    for (let k = 0; k < patterns.length; k++) if (patterns[k].d === d && !patterns[k].labelled) this.kill(k, false);
    if (refresh) this.refresh();
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
 * match in start order. `active[d]` (SKIP, RUN, ASK or GATE) says which detectors run in this
 * text (their labelled patterns run in any); ASK entries are settled in place. The patterns `off`
 * are not tried.
 */
export function dispatch(text: string, plan: Plan, from: number, active: Uint8Array, off: readonly number[], visitor: MatchVisitor): void {
  const n = text.length;
  const useLive = n - from >= LIVE_MIN_CHARS;
  // The spare Run when it is this plan's, taken while this dispatch uses it (a dispatch from a
  // visitor, or of another plan, makes its own).
  let run = spareRun;
  if (run?.plan === plan) spareRun = undefined;
  else run = new Run(plan);
  run.start(text, active, visitor, useLive);
  try {
    // Dead from the start, as if a match of theirs covered the text.
    for (const k of off) run.kill(k, false);
    run.holdsOn = false;
    run.anchoredOn = false;
    for (const holds of plan.holds) {
      if (holds.starts === undefined ? run.holdsOn : run.anchoredOn) continue;
      const held = run.nextHold(holds, from) !== -1;
      if (holds.starts === undefined) run.holdsOn = held;
      else run.anchoredOn = held;
    }
    for (let d = 0; d < active.length; d++) if (active[d] === SKIP) run.blockDetector(d, false);
    run.refresh();
    walk(run, text, from);
  } finally {
    run.release();
    spareRun = run;
  }
}

/** The Run of the last dispatch, not in use (one plan, DETECTORS's, dispatches almost everything). */
let spareRun: Run | undefined;

/** The character walk of `dispatch`, in `run` (readied for `text`). */
function walk(run: Run, text: string, from: number): void {
  const plan = run.plan;
  const n = text.length;
  const alnumNext = plan.alnumNext;
  const classes = alnumNext.classes;
  const lists = plan.lists;
  let live = run.live;
  const alnum = plan.alnum;
  const alnumAhead = plan.alnumAhead;
  const byClass = plan.byClass;
  const hasAhead = plan.aheadChars.length > 0;
  const singleAhead = plan.aheadChars.length === 1 ? plan.aheadChars[0] : -1;
  const stride = LENGTH_CAP + 1;
  const hanNext = plan.hanNext.of;
  const hanLast = plan.hanLast.of;
  const lastClasses = plan.hanLast.classes;
  const hanHolds = run.holdsOn ? plan.hanHolds : undefined;
  const hanAnchored = run.anchoredOn ? plan.hanAnchored : undefined;
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
        const next = e < n ? text.charCodeAt(e) : -1;
        const slot = c * stride + (length < LENGTH_CAP ? length : LENGTH_CAP);
        let base = alnum[slot];
        if (hasAhead) {
          if (singleAhead >= 0) {
            const at = run.nextAhead(singleAhead, i);
            if (at !== -1 && at - i <= plan.aheadWithin) base = alnumAhead[slot];
          } else if (run.aheadNear(i)) base = alnumAhead[slot];
        }
        const all = base === 0 ? 0 : byClass[base * classes + classOf(alnumNext, next)];
        const list = all === 0 ? 0 : live === plan.full ? all : liveList(plan, live, all);
        // Runs are skipped whole, so only the first one may follow a letter or digit (before `from`).
        if (list !== 0 && (i !== from || i === 0 || !isAlnum(text.charCodeAt(i - 1)))) {
          run.tryAt(lists[list], i, length, next, true);
          live = run.live;
        }
        i = e;
        continue;
      }
      const entries = live.chars[c];
      if (entries !== undefined) {
        run.tryAt(entries, i, 0, -1, true);
        live = run.live;
      }
      i++;
      continue;
    }
    if ((live.hanOn || hanHolds !== undefined || hanAnchored !== undefined) && c >= HAN_FIRST && c <= HAN_LAST) {
      // The run's end, its last character and the one after it, each read once.
      let e = i + 1;
      let last = c;
      let next = -1;
      while (e < n) {
        const x = text.charCodeAt(e);
        if (x < HAN_FIRST || x > HAN_LAST) {
          next = x;
          break;
        }
        last = x;
        e++;
      }
      const runStart = i === 0 || !isHan(text.charCodeAt(i - 1));
      tryHan(run, live.han[(next < 0 ? 0 : hanNext[next]) * lastClasses + hanLast[last]], i, e, next, runStart);
      if (hanHolds !== undefined) tryHan(run, hanHolds, i, e, next, runStart);
      if (hanAnchored !== undefined) tryAnchored(run, hanAnchored, i, e, next, runStart);
      live = run.live;
      i = e;
      continue;
    }
    i++;
  }
}


/**
 * Tries the entries of `group` (their `holds` have `starts`) on the Han run text[i, e): only at the
 * starts `starts` characters before each held pair in the run, in increasing order.
 */
function tryAnchored(run: Run, group: HanGroup, i: number, e: number, next: number, runStart: boolean): void {
  const entries = group.entries;
  if (entries.length === 0) return;
  const starts = run.anchoredStarts;
  starts.length = 0;
  for (const holds of run.plan.holds) {
    const range = holds.starts;
    if (range === undefined) continue;
    // A held character at `at` (>= i + 1) and the character before it, its pair, are in the run.
    for (let at = run.nextHold(holds, i + 1); at !== -1 && at < e; at = run.nextHold(holds, at + 1)) {
      for (let p = Math.max(i, at - 1 - range[1]); p <= at - 1 - range[0]; p++) starts.push(p);
    }
  }
  if (starts.length === 0) return;
  starts.sort((a, b) => a - b);
  let last = -1;
  for (const p of starts) {
    if (p === last) continue;
    last = p;
    run.tryAt(entries, p, e - p, next, p === i && runStart);
  }
}

/** Tries the entries of `group` on the Han run text[i, e) (`next` after it): at its start, and inside it where they may start. */
function tryHan(run: Run, group: HanGroup, i: number, e: number, next: number, runStart: boolean): void {
  const text = run.text;
  const entries = group.entries;
  if (entries.length === 0) return;
  run.tryAt(entries, i, e - i, next, runStart);
  const afterLast = group.afterLast;
  for (let p = Math.max(i + 1, e - group.insideMax); p <= e - group.insideMin; p++) {
    if (afterLast === undefined || afterLast[text.charCodeAt(p - 1)] === 1) run.tryAt(entries, p, e - p, next, false);
  }
}
