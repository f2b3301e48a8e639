/**
 * Streams decoded text through the matcher in bounded windows. Consecutive windows overlap, and
 * each match belongs to exactly one window (the one where it starts in the owned range), so a
 * value across a chunk edge is found exactly once and memory stays bounded by the window size.
 */
import { matchWindow, toFinding, type HeaderLookup } from './match.js';
import { normalize } from './normalize.js';
import type { Detector, Finding, Location, PiiType } from './types.js';

/**
 * Receives findings. `count` is called for every finding; only when it returns true is the full
 * finding (location, mask, value) built and passed to `add`: counting a finding that will not be
 * listed costs next to nothing.
 */
export interface FindingSink {
  count(type: PiiType): boolean;
  add(finding: Finding): void;
}

/** Characters scanned per window. */
export const WINDOW_CHARS = 1 << 20;
/**
 * Characters a window shares with the next: longer than any match plus its right-hand context,
 * so a match owned by a window ends inside it.
 */
export const OVERLAP_CHARS = 256;
/** Characters kept before the owned range for left boundaries and left-hand context. */
export const LOOKBACK_CHARS = 96;

/** Options of a TextMatcher. */
export interface TextMatcherOptions {
  readonly detectors: readonly Detector[];
  /** Location fields shared by every finding (entry, page). */
  readonly where: Location;
  /** CSV/TSV field delimiter: the first line gives column headers for context. */
  readonly delimiter?: string;
  readonly sink: FindingSink;
  /** Window size in characters (tests use small ones). @default WINDOW_CHARS */
  readonly windowChars?: number;
}

/** Splits one CSV line into lower-cased fields (quote-aware, no multi-line fields). */
function splitHeader(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) {
      fields.push(field.trim().toLowerCase());
      field = '';
    } else field += c;
  }
  fields.push(field.trim().toLowerCase());
  return fields;
}

/** Streaming matcher for one TextPart: `push` chunks, then `end`. */
export class TextMatcher {
  private buffer = '';
  /** Absolute offset of buffer[0]. */
  private bufferStart = 0;
  /** Absolute offset from which matches have not been reported yet. */
  private ownedFrom = 0;
  /** Line counting: absolute offset counted up to, its line (1-based), and that line's start. */
  private countedTo = 0;
  private line = 1;
  private lineStart = 0;
  private headers: string[] | undefined;
  private headerPending: boolean;
  private readonly windowChars: number;

  constructor(private readonly options: TextMatcherOptions) {
    this.headerPending = options.delimiter !== undefined;
    this.windowChars = Math.max(options.windowChars ?? WINDOW_CHARS, 2 * (OVERLAP_CHARS + LOOKBACK_CHARS));
  }

  /** Adds decoded text. */
  push(chunk: string): void {
    this.buffer += chunk;
    if (this.headerPending) this.readHeader(false);
    if (this.buffer.length >= this.windowChars) this.scan(false);
  }

  /** Scans what is left. */
  end(): void {
    if (this.headerPending) this.readHeader(true);
    this.scan(true);
    this.buffer = '';
  }

  private readHeader(final: boolean): void {
    const nl = this.buffer.indexOf('\n');
    if (nl < 0 && !final && this.buffer.length < this.windowChars) return;
    const line = nl < 0 ? this.buffer : this.buffer.slice(0, nl);
    this.headers = splitHeader(normalize(line.replace(/^\uFEFF/, '').replace(/\r$/, '')), this.options.delimiter!);
    this.headerPending = false;
  }

  private readonly headerAt: HeaderLookup = (text, start) => {
    const headers = this.headers;
    if (!headers) return undefined;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (lineStart === 0 && this.bufferStart > 0) return undefined; // line began before this window
    let column = 0;
    let quoted = false;
    const delimiter = this.options.delimiter!;
    for (let i = lineStart; i < start; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (!quoted && text[i] === delimiter) column++;
    }
    return headers[column];
  };

  private scan(final: boolean): void {
    const text = this.buffer;
    const normalized = normalize(text);
    const bufferEnd = this.bufferStart + text.length;
    const ownedTo = final ? bufferEnd : bufferEnd - OVERLAP_CHARS;
    const candidates = matchWindow(normalized, this.options.detectors, {
      header: this.options.delimiter === undefined ? undefined : this.headerAt,
      from: this.bufferStart === 0 ? 0 : 1,
      sameLine: this.options.delimiter !== undefined,
    });
    for (const c of candidates) {
      const absolute = this.bufferStart + c.start;
      if (absolute < this.ownedFrom || absolute >= ownedTo) continue;
      if (!this.options.sink.count(c.detector.type)) continue;
      this.countLinesTo(absolute);
      const location: Location = {
        ...this.options.where,
        line: this.line,
        column: absolute - this.lineStart + 1,
      };
      this.options.sink.add(toFinding(c, text, location));
    }
    this.ownedFrom = ownedTo;
    if (!final) {
      const keepFrom = ownedTo - LOOKBACK_CHARS;
      this.countLinesTo(keepFrom);
      this.buffer = text.slice(keepFrom - this.bufferStart);
      this.bufferStart = keepFrom;
    }
  }

  /** Advances the line counter to an absolute offset inside the buffer. */
  private countLinesTo(absolute: number): void {
    if (absolute <= this.countedTo) return;
    const text = this.buffer;
    const stop = absolute - this.bufferStart;
    let i = text.indexOf('\n', this.countedTo - this.bufferStart);
    while (i >= 0 && i < stop) {
      this.line++;
      this.lineStart = this.bufferStart + i + 1;
      i = text.indexOf('\n', i + 1);
    }
    this.countedTo = absolute;
  }
}
