/**
 * The matching stages of the scan pipeline, over one window of decoded text:
 * match (each detector's patterns) -> validate -> apply context -> threshold -> resolve overlaps.
 * Streaming over chunk edges lives in text-matcher.ts; this file never sees a stream.
 */
import { DETECTORS } from './detectors/index.js';
import { defaultMask } from './mask.js';
import { compact, normalize } from './normalize.js';
import type { Detector, Finding, Location } from './types.js';

/** Score a finding needs to be reported. */
export const REPORT_THRESHOLD = 0.5;
/** Score a context word adds. */
export const CONTEXT_BOOST = 0.35;
/** How far before a match a context word counts, in characters. */
export const CONTEXT_BEFORE = 48;
/** How far after a match a context word counts, in characters. */
export const CONTEXT_AFTER = 16;

/** A match that passed validation, context and the threshold, with offsets into its window. */
export interface Candidate {
  readonly detector: Detector;
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
  /** Ignore matches starting before this offset (their left boundary is outside the window). */
  readonly from?: number;
  /** Keep nearby context within the match's line (delimited data: the row above is another record). */
  readonly sameLine?: boolean;
}

function hasContext(
  detector: Detector,
  lower: () => string,
  start: number,
  end: number,
  header: string | undefined,
  sameLine: boolean,
): boolean {
  const words = detector.context;
  if (!words || words.length === 0) return false;
  const text = lower();
  let from = Math.max(0, start - CONTEXT_BEFORE);
  let to = Math.min(text.length, end + CONTEXT_AFTER);
  if (sameLine) {
    from = Math.max(from, text.lastIndexOf('\n', start - 1) + 1);
    const nl = text.indexOf('\n', end);
    if (nl >= 0) to = Math.min(to, nl);
  }
  const near = text.slice(from, to);
  return words.some((w) => near.includes(w) || (header !== undefined && header.includes(w)));
}

/** Runs every detector over `text` (already normalized) and returns the reportable candidates, by start. */
export function matchWindow(text: string, detectors: readonly Detector[], options: WindowOptions = {}): Candidate[] {
  const from = options.from ?? 0;
  let lowered: string | undefined;
  const lower = (): string => (lowered ??= text.toLowerCase());
  const found: Candidate[] = [];
  for (const detector of detectors) {
    for (const pattern of detector.patterns) {
      const regex = pattern.regex;
      regex.lastIndex = from;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        const start = m.index;
        const end = start + m[0].length;
        const value = detector.verbatim ? m[0] : compact(m[0]);
        const verdict = detector.validate?.(value, pattern.name);
        if (verdict === false) continue;
        let score = verdict === true ? 1 : pattern.score;
        let basis: Finding['basis'] = verdict === true ? 'checksum' : 'pattern';
        if (score < 1 && hasContext(detector, lower, start, end, options.header?.(text, start), options.sameLine ?? false)) {
          score = Math.min(1, score + CONTEXT_BOOST);
          basis = verdict === true ? 'checksum' : 'context';
        }
        if (score < REPORT_THRESHOLD) continue;
        found.push({ detector, pattern: pattern.name, start, end, score, basis, value });
      }
    }
  }
  return resolveOverlaps(found);
}

function outranks(a: Candidate, b: Candidate): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.detector.strength !== b.detector.strength) return a.detector.strength > b.detector.strength;
  if (a.end - a.start !== b.end - b.start) return a.end - a.start > b.end - b.start;
  return a.start < b.start;
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
    else {
      const cluster = candidates.slice(i, j).sort((a, b) => (outranks(a, b) ? -1 : outranks(b, a) ? 1 : 0));
      const chosen: Candidate[] = [];
      for (const c of cluster) if (chosen.every((k) => c.end <= k.start || c.start >= k.end)) chosen.push(c);
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
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
  });
  return candidates.map((c) => toFinding(c, text, { offset: c.start }));
}
