/**
 * The matching stages of the scan pipeline, over one window of decoded text:
 * match (dispatch.ts: one pass, each pattern tried only where it can start) -> validate ->
 * apply context -> threshold -> resolve overlaps. Candidates stream out in start order, so
 * overlaps resolve cluster by cluster and nothing per window is kept but the open cluster.
 * Streaming over chunk edges lives in text-matcher.ts; this file never sees a stream.
 */
import { CONTEXT_AFTER, CONTEXT_BEFORE, ContextWords, MAX_MATCH_CHARS } from './context.js';
import { DETECTORS } from './detectors/index.js';
import { ASK, GATE, RUN, SKIP, dispatch, planFor, settleActive, type CompiledPattern, type Plan } from './dispatch.js';
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
  const context = contextOf(plan);
  const strengths = plan.strengths;
  const types = plan.types;
  const from = options.from ?? 0;
  const header = options.header;
  const sameLine = options.sameLine ?? false;
  // Whether a detector's context words occur anywhere in this text (-1: not looked up yet): one
  // pass per detector, and only for detectors that need context, instead of a look around every match.
  const inText = new Int8Array(detectors.length).fill(-1);
  const wordsInText = (d: number): boolean => {
    if (inText[d] === -1) inText[d] = context.inText(d, text) ? 1 : 0;
    return inText[d] === 1;
  };
  // A detector that requires context runs only where one of its words is in the text or in a
  // header; the text is searched when the detector is first triggered (ASK), not up front. When
  // the words are in the text (not a header), it is tried only at starts within reach of one.
  const active = new Uint8Array(detectors.length).fill(RUN);
  const labels: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(detectors.length).fill(undefined);
  const activate = (d: number): number => {
    if (!wordsInText(d)) return SKIP;
    labels[d] = context.positions(d, text);
    return GATE;
  };
  const gate = (d: number, start: number): boolean => labelWithinReach(labels[d]!, start);
  // Whether a detector's words can be in the header of a match: when no header holds one, the
  // column lookup (a walk along the row) is skipped for its matches.
  const headerMayHold = new Uint8Array(detectors.length).fill(header === undefined ? 0 : 1);
  const inHeaders = new Uint8Array(detectors.length);
  for (const h of options.headers ?? []) {
    const words = context.headerWords(h);
    for (let d = 0; d < words.length; d++) inHeaders[d] |= words[d];
  }
  for (let d = 0; d < detectors.length; d++) {
    if (options.headers !== undefined && inHeaders[d] === 0) headerMayHold[d] = 0;
    if (detectors[d].requiresContext !== true) continue;
    if (header !== undefined && options.headers === undefined) continue;
    if (inHeaders[d] === 0) active[d] = ASK;
  }

  // Overlap resolution as candidates arrive: a cluster closes when a start passes its end.
  const pool: Slot[] = [];
  let size = 0;
  let clusterEnd = -1;
  const flush = (): void => {
    if (size === 1) emit(pool[0]);
    else if (size > 1) for (const c of resolveCluster(pool.slice(0, size))) emit(c);
    size = 0;
  };
  const push = (
    d: number,
    pattern: string,
    start: number,
    end: number,
    score: number,
    basis: Finding['basis'],
    separated: boolean,
    pending = false,
  ): void => {
    if (size > 0 && start >= clusterEnd) flush();
    const slot = (pool[size] ??= new Slot());
    slot.detector = detectors[d];
    slot.strength = strengths[d];
    slot.type = types[d];
    slot.pattern = pattern;
    slot.start = start;
    slot.end = end;
    slot.settledScore = score;
    slot.settledBasis = basis;
    slot.pendingContext = pending ? d : -1;
    slot.lookup = hasContext;
    slot.text = text;
    slot.separated = separated;
    clusterEnd = size === 0 ? end : Math.max(clusterEnd, end);
    size++;
  };
  /**
   * True when the open cluster holds a candidate that starts at `start`, ends by `end`, scored 1
   * and is stronger than `strength`: whatever its verdict, a candidate on text[start, end) ranks
   * below it and overlaps whatever it overlaps, so it can never be reported (an 18-digit resident
   * ID is also a Luhn and a USCC candidate). Skipping it saves its validation and context.
   */
  const shadowed = (strength: number, start: number, end: number): boolean => {
    for (let x = size - 1; x >= 0 && pool[x].start >= start; x--) {
      const k = pool[x];
      // A pending context lookup is not forced here: such a candidate is simply not counted on.
      if (k.pendingContext < 0 && k.settledScore === 1 && k.end <= end && k.strength > strength) return true;
    }
    return false;
  };

  /** True when the column header of text[start] holds a context word of detector `d`. */
  const inColumnHeader = (d: number, start: number): boolean => {
    const h = headerMayHold[d] === 0 ? undefined : header!(text, start);
    return h !== undefined && context.inHeader(d, h);
  };

  const hasContext: ContextLookup = (d, start, end) => inColumnHeader(d, start) || (wordsInText(d) && context.near(text, d, start, end, sameLine));

  const evaluate = (cp: CompiledPattern, start: number, end: number, inRun: boolean, keep: typeof push): void => {
    const { d, name: pattern, score: patternScore } = cp;
    if (keep === push && size > 0 && shadowed(cp.strength, start, end)) return;
    const separated = !cp.verbatim && !inRun && hasSeparator(text, start, end);
    const verdict = verdictOf(cp, text, start, end, separated);
    if (verdict === false) return;
    if (verdict === true) {
      keep(d, pattern, start, end, 1, 'checksum', separated);
      return;
    }
    if (patternScore >= 1 || !context.has(d)) {
      if (patternScore >= REPORT_THRESHOLD) keep(d, pattern, start, end, patternScore, 'pattern', separated);
      return;
    }
    // Over the threshold already: context can only raise the score, so look for it when the score is read.
    if (patternScore >= REPORT_THRESHOLD && keep === push) {
      keep(d, pattern, start, end, patternScore, 'pattern', separated, true);
      return;
    }
    const found = cp.headerOnly ? inColumnHeader(d, start) : hasContext(d, start, end);
    if (found) keep(d, pattern, start, end, boosted(patternScore), 'context', separated);
    else if (patternScore >= REPORT_THRESHOLD) keep(d, pattern, start, end, patternScore, 'pattern', separated);
  };

  const patterns = plan.patterns;
  // Patterns reported only under a column header are not tried where no header holds a word.
  const off = plan.headerOnly.filter((k) => headerMayHold[patterns[k].d] === 0);
  if (plan.untriggered.length === 0) {
    dispatch(text, plan, from, active, off, {
      activate,
      gate,
      match: (k, start, end, inRun) => {
        const cp = patterns[k];
        evaluate(cp, start, end, inRun, push);
      },
    });
    flush();
    return;
  }

  // Ad hoc detectors without triggers: collect everything in pattern order (as separate global
  // passes would), then resolve as one list.
  const found: { k: number; c: Candidate }[] = [];
  let current = 0;
  const collect: typeof push = (d, pattern, start, end, score, basis, separated) =>
    found.push({ k: current, c: { detector: detectors[d], type: types[d], pattern, start, end, score, basis, value: valueOf(detectors[d], text, start, end, separated) } });
  dispatch(text, plan, from, active, off, {
    activate,
    gate,
    match: (k, start, end, inRun) => {
      const cp = patterns[k];
      current = k;
      evaluate(cp, start, end, inRun, collect);
    },
  });
  for (const k of plan.untriggered) {
    const cp = patterns[k];
    if (off.includes(k) || !settleActive(active, cp.d, activate)) continue;
    const regex = cp.pattern.regex;
    regex.lastIndex = from;
    current = k;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      evaluate(cp, m.index, m.index + m[0].length, false, collect);
    }
  }
  found.sort((a, b) => a.k - b.k);
  for (const c of resolveOverlaps(found.map((f) => f.c))) emit(c);
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
 * Finds identifiers in one string (a cell, a test case, a short text). Findings carry `value`
 * and `location.offset`. For streams use TextMatcher.
 */
export function findInText(
  text: string,
  detectors: readonly Detector[] = DETECTORS,
  header?: string,
): Finding[] {
  const lowerHeader = header?.toLowerCase();
  const candidates = matchWindow(normalize(text), detectors, {
    header: lowerHeader === undefined ? undefined : () => lowerHeader,
    headers: lowerHeader === undefined ? undefined : [lowerHeader],
  });
  return candidates.map((c) => toFinding(c, text, { offset: c.start }));
}
