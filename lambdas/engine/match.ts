/**
 * The matching stages of the scan pipeline, over one window of decoded text:
 * match (dispatch.ts: one pass, each pattern tried only where it can start) -> validate ->
 * apply context -> threshold -> resolve overlaps. Candidates stream out in start order, so
 * overlaps resolve cluster by cluster and nothing per window is kept but the open cluster.
 * Streaming over chunk edges lives in text-matcher.ts; this file never sees a stream.
 */
import { CONTEXT_AFTER, CONTEXT_BEFORE, ContextWords, MAX_MATCH_CHARS } from './context.js';
import { DETECTORS } from './detectors/index.js';
import { ASK, GATE, RUN, SKIP, dispatch, planFor, settleActive, type CompiledPattern, type MatchVisitor, type Plan } from './dispatch.js';
import { cellHeaderAt, keyHeader, labelsIn } from './labels.js';
import { defaultMask } from './mask.js';
import { compact, isSeparatorCode, normalize } from './normalize.js';
import type { Detector, Finding, Location, PiiType, Verdict } from './types.js';

export { CONTEXT_AFTER, CONTEXT_BEFORE } from './context.js';

/**
 * How far after a start a label lets a detector that requires context be tried there. A match
 * from `start` can only be reported with a word starting at most MAX_MATCH_CHARS +
 * CONTEXT_AFTER after it; and a start skipped for want of a label could only have blocked (by
 * its own match, as a global pass would) later starts up to MAX_MATCH_CHARS on, whose reach ends
 * MAX_MATCH_CHARS further: so whatever is tried is tried exactly as without gating.
 */
const LABEL_REACH = 2 * MAX_MATCH_CHARS + CONTEXT_AFTER;

/** True when one of the ascending `positions` lies in [start - CONTEXT_BEFORE, start + LABEL_REACH]. */
function labelWithinReach(positions: Int32Array, start: number): boolean {
  let lo = 0;
  let hi = positions.length;
  const from = start - CONTEXT_BEFORE;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < positions.length && positions[lo] <= start + LABEL_REACH;
}

/** Score a finding needs to be reported. */
export const REPORT_THRESHOLD = 0.5;
/** Score a context word adds. */
export const CONTEXT_BOOST = 0.35;

/** A match that passed validation, context and the threshold, with offsets into its window. */
export interface Candidate {
  readonly detector: Detector;
  /** detector.type, read here in one object shape (every finding is counted by it). */
  readonly type: PiiType;
  readonly pattern: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  readonly basis: Finding['basis'];
  /** The value without separators (what was validated). */
  readonly value: string;
}

/** Extra context for a match beyond the surrounding text, e.g. its CSV column header. */
export type HeaderLookup = (text: string, start: number) => string | undefined;

/** Options of matchWindow. */
export interface WindowOptions {
  /** Column header of the match, lower-cased, for context. */
  readonly header?: HeaderLookup;
  /**
   * Every header `header` can return. With it, a detector that requires context is skipped in a
   * window where neither the text nor a header holds one of its words; without it (but with
   * `header`), such detectors always run.
   */
  readonly headers?: readonly string[];
  /** Ignore matches starting before this offset (their left boundary is outside the window). */
  readonly from?: number;
  /** Keep nearby context within the match's line (delimited data: the row above is another record). */
  readonly sameLine?: boolean;
}

/**
 * A candidate record the window scan reuses: valid only during the `emit` call that receives it.
 * Its value is sliced only when asked for (a listed finding's mask), and a context word that can
 * only raise a score already over the threshold is looked for only when the score is read (a
 * listed finding, or a cluster of overlapping candidates): most findings are only counted.
 */
class Slot implements Candidate {
  detector!: Detector;
  /** detector.strength (read for every candidate: one shape here, many among detectors). */
  strength = 0;
  type!: PiiType;
  pattern = '';
  start = 0;
  end = 0;
  text = '';
  /** The span holds separators, which the value drops. */
  separated = false;
  /** Score and basis before a pending context lookup. */
  settledScore = 0;
  settledBasis: Finding['basis'] = 'pattern';
  /** Detector index whose context lookup is pending, or -1. */
  pendingContext = -1;
  /** The window's context lookup (ContextLookup of scanWindow). */
  lookup!: ContextLookup;

  get score(): number {
    this.settle();
    return this.settledScore;
  }

  get basis(): Finding['basis'] {
    this.settle();
    return this.settledBasis;
  }

  get value(): string {
    return valueOf(this.detector, this.text, this.start, this.end, this.separated);
  }

  private settle(): void {
    const d = this.pendingContext;
    if (d < 0) return;
    this.pendingContext = -1;
    if (this.lookup(d, this.start, this.end)) {
      this.settledScore = boosted(this.settledScore);
      this.settledBasis = 'context';
    }
  }
}

/** The score of an unconfirmed match with a context word near it. */
function boosted(score: number): number {
  return Math.min(1, score + CONTEXT_BOOST);
}

/** True when detector `d` has a context word near text[start, end) of the window or in its column header. */
type ContextLookup = (d: number, start: number, end: number) => boolean;

/** A candidate's value: text[start, end) as written for verbatim detectors, otherwise without separators. */
function valueOf(detector: Detector, text: string, start: number, end: number, separated: boolean): string {
  const raw = text.slice(start, end);
  return separated && detector.verbatim !== true ? compact(raw) : raw;
}

/** A plain copy of a candidate, to keep after `emit` returns. */
function copyOf(c: Candidate): Candidate {
  return { detector: c.detector, type: c.type, pattern: c.pattern, start: c.start, end: c.end, score: c.score, basis: c.basis, value: c.value };
}

/** True when text[start, end) holds a separator that `compact` removes. */
function hasSeparator(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (isSeparatorCode(text.charCodeAt(i))) return true;
  return false;
}

/** The detector's verdict on text[start, end): `validateAt` on the text itself when no separator needs removing. */
function verdictOf(cp: CompiledPattern, text: string, start: number, end: number, separated: boolean): Verdict {
  const { validate, validateAt, name } = cp;
  if (validateAt !== undefined && !separated) return validateAt(text, start, end, name);
  if (validate === undefined && validateAt === undefined) return undefined;
  const value = valueOf(cp.detector, text, start, end, separated);
  return validate !== undefined ? validate(value, name) : validateAt!(value, 0, value.length, name);
}

const contexts = new WeakMap<Plan, ContextWords>();

/** The context words of a detector list, indexed as the list (one per list, kept with its plan). */
export function contextWordsOf(detectors: readonly Detector[]): ContextWords {
  return contextOf(planFor(detectors));
}

function contextOf(plan: Plan): ContextWords {
  let context = contexts.get(plan);
  if (context === undefined) {
    context = new ContextWords(plan.detectors);
    contexts.set(plan, context);
  }
  return context;
}

/**
 * Runs every detector over `text` (already normalized) and passes each reportable candidate to
 * `emit`, by start. The candidate object is reused after `emit` returns: copy what you keep.
 */
export function scanWindow(
  text: string,
  detectors: readonly Detector[],
  options: WindowOptions,
  emit: (candidate: Candidate) => void,
): void {
  const plan = planFor(detectors);
  // The spare state when it is this plan's, taken while this scan uses it (a scan from inside
  // `emit`, or of another plan, makes its own).
  let scan = spare;
  if (scan?.plan === plan) spare = undefined;
  else scan = new WindowScan(plan, contextOf(plan));
  try {
    scan.run(text, options, emit);
  } finally {
    scan.release();
    spare = scan;
  }
}

/** The WindowScan of the last scan, not in use (one plan, DETECTORS, scans almost everything). */
let spare: WindowScan | undefined;
const ignore = (): void => undefined;
/** Headers whose settled state a WindowScan keeps at most (emptied when full, as the header words' cache). */
const SETTLED_HEADERS = 1024;

/**
 * The state of one window's scan, kept per plan and reset for each window (`run`): a workbook's
 * cells are hundreds of thousands of windows, and allocating this state for each cost more than
 * matching most of them.
 */
class WindowScan implements MatchVisitor {
  private readonly detectors: readonly Detector[];
  private readonly patterns: readonly CompiledPattern[];
  /**
   * Whether a detector's context words occur anywhere in this text (-1: not looked up yet): one
   * pass per detector, and only for detectors that need context, instead of a look around every match.
   */
  private readonly inText: Int8Array;
  /**
   * A detector that requires context runs only where one of its words is in the text or in a
   * header; the text is searched when the detector is first triggered (ASK), not up front. When
   * the words are in the text (not a header), it is tried only at starts within reach of one.
   */
  private readonly active: Uint8Array;
  /** Where a GATE detector's words are in the text (`labelled`: some are set). */
  private readonly labels: (Int32Array | undefined)[];
  private labelled = false;
  /**
   * Whether a detector's words can be in the header of a match: when no header holds one, the
   * column lookup (a walk along the row) is skipped for its matches.
   */
  private readonly headerMayHold: Uint8Array;
  /** Whether one of the window's headers holds a word of the detector. */
  private readonly inHeaders: Uint8Array;
  /** 1 for the detectors that require context (read once: the detectors' objects have many shapes). */
  private readonly needsContext: Uint8Array;
  /**
   * Patterns not tried in this text: reported only under a column header where no header holds a
   * word, requiring a word the text does not hold, or labelled with labels it does not hold.
   */
  private readonly off: number[] = [];
  /** What a cell's one header settles (`run`), per header: its headerMayHold, active and header-only `off`. */
  private readonly settledFor = new Map<string, { headerMayHold: Uint8Array; active: Uint8Array; off: readonly number[] }>();

  private text = '';
  private header: HeaderLookup | undefined;
  private sameLine = false;
  private emit: (candidate: Candidate) => void = ignore;

  // Overlap resolution as candidates arrive: a cluster closes when a start passes its end.
  private readonly pool: Slot[] = [];
  private size = 0;
  private clusterEnd = -1;

  /** Ad hoc detectors without triggers: everything found, in pattern order, and the pattern being run. */
  private collecting = false;
  private readonly found: { k: number; c: Candidate }[] = [];
  private current = 0;

  constructor(
    readonly plan: Plan,
    private readonly context: ContextWords,
  ) {
    const n = plan.detectors.length;
    this.detectors = plan.detectors;
    this.patterns = plan.patterns;
    this.inText = new Int8Array(n);
    this.active = new Uint8Array(n);
    this.labels = new Array<Int32Array | undefined>(n).fill(undefined);
    this.headerMayHold = new Uint8Array(n);
    this.inHeaders = new Uint8Array(n);
    this.needsContext = Uint8Array.from(plan.detectors, (detector) => (detector.requiresContext === true ? 1 : 0));
  }

  /** True when detector `d` has a context word near text[start, end) or in the column header (slots keep it). */
  private readonly hasContext: ContextLookup = (d, start, end) =>
    this.inColumnHeader(d, start) || (this.wordsInText(d) && this.context.near(this.text, d, start, end, this.sameLine));

  /** Scans `text`, as scanWindow describes. */
  run(text: string, options: WindowOptions, emit: (candidate: Candidate) => void): void {
    const { context, inText, active, headerMayHold, inHeaders, needsContext } = this;
    this.text = text;
    this.emit = emit;
    const header = (this.header = options.header);
    const headers = options.headers;
    this.sameLine = options.sameLine ?? false;
    const off = this.off;
    if (off.length > 0) off.length = 0;
    inText.fill(-1);
    // A cell's one header: what it settles is kept per header (a sheet's cells share a few), as a
    // workbook or a dump is a window per cell.
    const single = header !== undefined && headers !== undefined && headers.length === 1 ? headers[0] : undefined;
    const settled = single === undefined ? undefined : this.settledFor.get(single);
    if (settled !== undefined) {
      headerMayHold.set(settled.headerMayHold);
      active.set(settled.active);
      for (const k of settled.off) off.push(k);
    } else {
      const n = active.length;
      inHeaders.fill(0);
      if (headers !== undefined) {
        for (const h of headers) {
          const words = context.headerWords(h);
          for (let d = 0; d < n; d++) inHeaders[d] |= words[d];
        }
      }
      // A header lookup without the list of headers: detectors that require context always run.
      const asks = header === undefined || headers !== undefined;
      for (let d = 0; d < n; d++) {
        headerMayHold[d] = header === undefined || (headers !== undefined && inHeaders[d] === 0) ? 0 : 1;
        active[d] = asks && needsContext[d] === 1 && inHeaders[d] === 0 ? ASK : RUN;
      }
      for (const k of this.plan.headerOnly) if (headerMayHold[this.patterns[k].d] === 0) off.push(k);
      if (single !== undefined) {
        if (this.settledFor.size >= SETTLED_HEADERS) this.settledFor.clear();
        this.settledFor.set(single, { headerMayHold: headerMayHold.slice(), active: active.slice(), off: [...off] });
      }
    }
    // Its required words first (Plan.gated).
    for (const { k, words, labels } of this.plan.gated) if ((words !== undefined && !holdsAny(text, words)) || (labels !== undefined && !labels.in(text))) off.push(k);
    const from = options.from ?? 0;
    if (this.plan.untriggered.length === 0) {
      dispatch(text, this.plan, from, active, off, this);
      this.flush();
      return;
    }
    this.runUntriggered(from);
  }

  /** Drops what this window held (its text, emit, labels), so the spare keeps nothing alive. */
  release(): void {
    this.text = '';
    this.header = undefined;
    this.emit = ignore;
    this.size = 0;
    if (this.collecting) this.found.length = 0;
    this.collecting = false;
    if (this.labelled) this.labels.fill(undefined);
    this.labelled = false;
    for (const slot of this.pool) slot.text = '';
  }

  match(k: number, start: number, end: number, inRun: boolean): void {
    if (this.collecting) this.current = k;
    this.evaluate(this.patterns[k], start, end, inRun);
  }

  activate(d: number): number {
    if (!this.wordsInText(d)) return SKIP;
    this.labels[d] = this.context.positions(d, this.text);
    this.labelled = true;
    return GATE;
  }

  gate(d: number, start: number): boolean {
    return labelWithinReach(this.labels[d]!, start);
  }

  private wordsInText(d: number): boolean {
    if (this.inText[d] === -1) this.inText[d] = this.context.inText(d, this.text) ? 1 : 0;
    return this.inText[d] === 1;
  }

  /** True when the column header of text[start] holds a context word of detector `d`. */
  private inColumnHeader(d: number, start: number): boolean {
    const h = this.headerMayHold[d] === 0 ? undefined : this.header!(this.text, start);
    return h !== undefined && this.context.inHeader(d, h);
  }

  private flush(): void {
    const { size, pool, emit } = this;
    if (size === 1) emit(pool[0]);
    else if (size > 1) for (const c of resolveCluster(pool.slice(0, size))) emit(c);
    this.size = 0;
  }

  /** Keeps a candidate: into the open cluster, or (ad hoc detectors) into `found`. */
  private keep(d: number, pattern: string, start: number, end: number, score: number, basis: Finding['basis'], separated: boolean, pending = false): void {
    const { detectors, text, plan } = this;
    if (this.collecting) {
      const c = { detector: detectors[d], type: plan.types[d], pattern, start, end, score, basis, value: valueOf(detectors[d], text, start, end, separated) };
      this.found.push({ k: this.current, c });
      return;
    }
    if (this.size > 0 && start >= this.clusterEnd) this.flush();
    const slot = (this.pool[this.size] ??= new Slot());
    slot.detector = detectors[d];
    slot.strength = plan.strengths[d];
    slot.type = plan.types[d];
    slot.pattern = pattern;
    slot.start = start;
    slot.end = end;
    slot.settledScore = score;
    slot.settledBasis = basis;
    slot.pendingContext = pending ? d : -1;
    slot.lookup = this.hasContext;
    slot.text = text;
    slot.separated = separated;
    this.clusterEnd = this.size === 0 ? end : Math.max(this.clusterEnd, end);
    this.size++;
  }

  /**
   * True when the open cluster holds a candidate that starts at `start`, ends by `end`, scored 1
   * and is stronger than `strength`: whatever its verdict, a candidate on text[start, end) ranks
   * below it and overlaps whatever it overlaps, so it can never be reported (an 18-digit resident
   * ID is also a Luhn and a USCC candidate). Skipping it saves its validation and context.
   */
  private shadowed(strength: number, start: number, end: number): boolean {
    const pool = this.pool;
    for (let x = this.size - 1; x >= 0 && pool[x].start >= start; x--) {
      const k = pool[x];
      // A pending context lookup is not forced here: such a candidate is simply not counted on.
      if (k.pendingContext < 0 && k.settledScore === 1 && k.end <= end && k.strength > strength) return true;
    }
    return false;
  }

  private evaluate(cp: CompiledPattern, start: number, end: number, inRun: boolean): void {
    const { d, name: pattern, score: patternScore } = cp;
    const text = this.text;
    const clustering = !this.collecting;
    if (clustering && this.size > 0 && this.shadowed(cp.strength, start, end)) return;
    const separated = !cp.verbatim && !inRun && hasSeparator(text, start, end);
    const verdict = verdictOf(cp, text, start, end, separated);
    if (verdict === false) return;
    if (verdict === true) {
      this.keep(d, pattern, start, end, 1, 'checksum', separated);
      return;
    }
    // The label before the match is its context (DetectorPattern.labelled).
    if (cp.labelled) {
      this.keep(d, pattern, start, end, boosted(patternScore), 'context', separated);
      return;
    }
    if (patternScore >= 1 || !this.context.has(d)) {
      if (patternScore >= REPORT_THRESHOLD) this.keep(d, pattern, start, end, patternScore, 'pattern', separated);
      return;
    }
    // Over the threshold already: context can only raise the score, so look for it when the score is read.
    if (patternScore >= REPORT_THRESHOLD && clustering) {
      this.keep(d, pattern, start, end, patternScore, 'pattern', separated, true);
      return;
    }
    const found = cp.headerOnly ? this.inColumnHeader(d, start) : this.hasContext(d, start, end);
    if (found) this.keep(d, pattern, start, end, boosted(patternScore), 'context', separated);
    else if (patternScore >= REPORT_THRESHOLD) this.keep(d, pattern, start, end, patternScore, 'pattern', separated);
  }

  /**
   * Ad hoc detectors without triggers: collect everything in pattern order (as separate global
   * passes would), then resolve as one list.
   */
  private runUntriggered(from: number): void {
    const { text, plan, patterns, active, off } = this;
    this.collecting = true;
    dispatch(text, plan, from, active, off, this);
    for (const k of plan.untriggered) {
      const cp = patterns[k];
      if (off.includes(k) || !settleActive(active, cp.d, (d) => this.activate(d))) continue;
      const regex = cp.pattern.regex;
      regex.lastIndex = from;
      this.current = k;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        this.evaluate(cp, m.index, m.index + m[0].length, false);
      }
    }
    const found = this.found;
    found.sort((a, b) => a.k - b.k);
    for (const c of resolveOverlaps(found.map((f) => f.c))) this.emit(c);
  }
}

/** Runs every detector over `text` (already normalized) and returns the reportable candidates, by start. */
export function matchWindow(text: string, detectors: readonly Detector[], options: WindowOptions = {}): Candidate[] {
  const out: Candidate[] = [];
  scanWindow(text, detectors, options, (c) => out.push(copyOf(c)));
  return out;
}

function outranks(a: Candidate, b: Candidate): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.detector.strength !== b.detector.strength) return a.detector.strength > b.detector.strength;
  if (a.end - a.start !== b.end - b.start) return a.end - a.start > b.end - b.start;
  return a.start < b.start;
}

/** The winners of one cluster of overlapping candidates, by start. */
function resolveCluster(cluster: Candidate[]): Candidate[] {
  cluster.sort((a, b) => (outranks(a, b) ? -1 : outranks(b, a) ? 1 : 0));
  const chosen: Candidate[] = [];
  for (const c of cluster) if (chosen.every((k) => c.end <= k.start || c.start >= k.end)) chosen.push(c);
  return chosen.sort((a, b) => a.start - b.start);
}

/**
 * When spans overlap, the higher score wins, then the stronger validation, then the longer match.
 * Works cluster by cluster (spans that overlap transitively), so the cost stays linear in practice.
 */
export function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  let i = 0;
  while (i < candidates.length) {
    let j = i + 1;
    let clusterEnd = candidates[i].end;
    while (j < candidates.length && candidates[j].start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, candidates[j].end);
      j++;
    }
    if (j === i + 1) kept.push(candidates[i]);
    else kept.push(...resolveCluster(candidates.slice(i, j)));
    i = j;
  }
  return kept;
}

/** The finding for a candidate: masked, with `value` (the text as written) set; callers drop it unless revealing. */
export function toFinding(candidate: Candidate, original: string, location: Location): Finding {
  const { detector } = candidate;
  return {
    type: detector.type,
    detector: detector.id,
    pattern: candidate.pattern,
    score: Math.round(candidate.score * 100) / 100,
    basis: candidate.basis,
    location,
    masked: detector.mask ? detector.mask(candidate.value) : defaultMask(candidate.value),
    value: original.slice(candidate.start, candidate.end),
  };
}

/**
 * Scans one string (a cell, a short text) with its column header, if any, and passes each
 * reportable candidate to `emit` (valid during the call, as scanWindow's), by start.
 */
export function scanString(text: string, detectors: readonly Detector[], header: string | undefined, emit: (candidate: Candidate) => void): void {
  const normalized = normalize(text);
  const lowerHeader = header === undefined ? undefined : header === lastHeader ? lastKey : keyHeader(header);
  lastHeader = header;
  lastKey = lowerHeader;
  // A label in the cell (`Consignee: 王芳` in a note column) names the value after it, as the column's header does.
  const labels = labelsIn(normalized, contextWordsOf(detectors));
  let options: WindowOptions;
  if (labels.length > 0) {
    options = { header: (cell, start) => cellHeaderAt(cell, start, lowerHeader), headers: lowerHeader === undefined ? labels : [lowerHeader, ...labels] };
  } else options = lowerHeader === undefined ? {} : { header: () => lowerHeader, headers: [lowerHeader] };
  scanWindow(normalized, detectors, options, emit);
}

/** scanString's last header and its keyHeader: a column's cells come one after another. */
let lastHeader: string | undefined;
let lastKey: string | undefined;

/**
 * Finds identifiers in one string (a cell, a test case, a short text). Findings carry `value`
 * and `location.offset`. For streams use TextMatcher.
 */
export function findInText(
  text: string,
  detectors: readonly Detector[] = DETECTORS,
  header?: string,
): Finding[] {
  const findings: Finding[] = [];
  scanString(text, detectors, header, (c) => findings.push(toFinding(c, text, { offset: c.start })));
  return findings;
}

/**
 * True when `text` holds one of `words`, one `includes` a word: the words a pattern requires are few
 * and rare (context.ts's AnchoredWords, made for context words that share characters, would pass
 * over every `e` of a text for `WeChat` and `wechat`).
 */
function holdsAny(text: string, words: readonly string[]): boolean {
  for (const word of words) if (text.includes(word)) return true;
  return false;
}
