/**
 * Streams decoded text through the matcher in bounded windows. Consecutive windows overlap, and
 * each match belongs to exactly one window (the one where it starts in the owned range), so a
 * value across a chunk edge is found exactly once and memory stays bounded by the window size.
 */
import { CONTEXT_AFTER, MAX_MATCH_CHARS, type ContextWords } from './context.js';
import { PROFILE_ROWS, columnProfiles, listProfile, startsListItem, withProfile } from './column-profile.js';
import { HeaderRow, namesRows, rowHeader } from './header-row.js';
import { cellHeaderAt, keyAt, keyHeader, keysIn, labelAt, labelsIn } from './labels.js';
import { contextWordsOf, scanWindow, toFinding, type Candidate, type HeaderLookup } from './match.js';
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

/**
 * Characters scanned per window. At 32 Ki a window's string (64 KB even as UTF-16) stays below
 * V8's large-object size (128 KB), so windows die young in the nursery instead of piling up in
 * old space until a full collection: this is what keeps peak RSS flat. The overlap re-scanned per
 * window is about 1%.
 */
export const WINDOW_CHARS = 1 << 15;
/**
 * Characters a window shares with the next: longer than any match plus its right-hand context,
 * so a match owned by a window ends inside it.
 */
export const OVERLAP_CHARS = MAX_MATCH_CHARS + CONTEXT_AFTER;
/** Characters kept before the owned range for left boundaries and left-hand context. */
export const LOOKBACK_CHARS = 96;

/** Options of a TextMatcher. */
export interface TextMatcherOptions {
  readonly detectors: readonly Detector[];
  /** Location fields shared by every finding (entry, page). */
  readonly where: Location;
  /** CSV/TSV field delimiter: the first line gives column headers for context. */
  readonly delimiter?: string;
  /** JSON text: a value's key is its header for context (TextPart.keyed). */
  readonly keyed?: boolean;
  readonly sink: FindingSink;
  /** Window size in characters (tests use small ones). @default WINDOW_CHARS */
  readonly windowChars?: number;
  /**
   * Resuming a text part in the middle (a byte range of a large object): the line number of the
   * text's first line, the column headers read from the part's real first lines, or a list's words
   * (`columnHeaders`; instead of reading this text's first lines), whether its first column names its rows (read
   * there too: `rowHeaders`), and which lines this matcher reports findings of (the lines before
   * and after a range are read only for context). @default the whole part
   */
  readonly resume?: {
    readonly firstLine: number;
    readonly headers?: readonly string[];
    readonly rowHeaders?: boolean;
    readonly owns: (line: number) => boolean;
  };
}

/** A text's first lines longer than this are not read to be told a list (none of its values is so long). */
const LIST_LINE_CHARS = 256;
/** What stands for such a line: a line that is no list's value (a blank inside). */
const LONG_LINE = 'a long line';

/** Characters before a value at most that may be a list item's blanks, number or bullet. */
const ITEM_PREFIX_CHARS = 12;

/** Lines a CSV's header row is looked for in (titles above it). */
const HEADER_LINES = 10;

/** Splits one CSV line into trimmed fields (quote-aware, no multi-line fields, quotes dropped). */
function splitFields(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

/**
 * The next position of one character at or after an offset that mostly moves forward: the
 * column cursor jumps from delimiter to delimiter with the runtime's `indexOf` instead of
 * reading every character of a row (most of a CSV's characters lie between delimiters).
 */
class NextIndex {
  /** The last answer holds for offsets in [searchedFrom, found]. */
  private searchedFrom = Infinity;
  private found = 0;

  constructor(private readonly char: string) {}

  /** Position of the next `char` at or after `from` in `text`, or `text.length` when there is none. */
  in(text: string, from: number): number {
    if (from < this.searchedFrom || from > this.found) {
      const i = text.indexOf(this.char, from);
      this.searchedFrom = from;
      this.found = i < 0 ? text.length : i;
    }
    return this.found;
  }

  /** Forgets the last answer (another text, or the cursor moved back). */
  reset(): void {
    this.searchedFrom = Infinity;
  }
}

/** Streaming matcher for one TextPart: `push` chunks, then `end`. */
export class TextMatcher {
  private buffer = '';
  /**
   * Chunks not yet joined to `buffer`. Joining them at once gives one flat string; `+=` would
   * build a rope that every character read then has to walk through.
   */
  private pending: string[] = [];
  private pendingChars = 0;
  /** Absolute offset of buffer[0]. */
  private bufferStart = 0;
  /** Absolute offset from which matches have not been reported yet. */
  private ownedFrom = 0;
  /** Line counting: absolute offset counted up to, its line (1-based), and that line's start. */
  private countedTo = 0;
  private line = 1;
  private lineStart = 0;
  private headers: string[] | undefined;
  /** The first field of each line is the header of the fields after it (header-row.ts namesRows). */
  private rowNames: boolean;
  private headerPending: boolean;
  private readonly windowChars: number;
  /** The detectors' context words: which of a text's labels add to what the text says (`labelsIn`). */
  private readonly context: ContextWords;

  constructor(private readonly options: TextMatcherOptions) {
    const resume = options.resume;
    this.line = resume?.firstLine ?? 1;
    this.headers = resume?.headers ? [...resume.headers] : undefined;
    this.rowNames = resume?.rowHeaders ?? false;
    // A CSV's column headers, or the words of a text's values when it is a list; a JSON text has keys.
    this.headerPending = options.keyed !== true && resume?.headers === undefined;
    // A delimiter of several characters never counted columns (headers stay those of column 0).
    this.nextDelimiter = options.delimiter?.length === 1 ? new NextIndex(options.delimiter) : undefined;
    this.windowChars = Math.max(options.windowChars ?? WINDOW_CHARS, 2 * (OVERLAP_CHARS + LOOKBACK_CHARS));
    this.context = contextWordsOf(options.detectors);
  }

  /** Adds decoded text. */
  push(chunk: string): void {
    this.pending.push(chunk);
    this.pendingChars += chunk.length;
    if (this.headerPending) {
      this.join();
      this.readHeader(false);
    }
    if (this.buffer.length + this.pendingChars >= this.windowChars) {
      this.join();
      this.scan(false);
    }
  }

  /**
   * Once read: the column headers read from the first lines (CSV/TSV), or, of a text that is
   * neither, the words its values give it when it is a list (one element; none when it is no list).
   */
  get columnHeaders(): readonly string[] | undefined {
    return this.headers;
  }

  /** True when the first field of each line is the header of the fields after it (read with the column headers). */
  get rowHeaders(): boolean {
    return this.rowNames;
  }

  /** Scans what is left. */
  end(): void {
    this.join();
    if (this.headerPending) this.readHeader(true);
    this.scan(true);
    this.buffer = '';
  }

  private join(): void {
    if (this.pending.length === 0) return;
    this.pending.unshift(this.buffer);
    this.buffer = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
  }

  /**
   * The column headers: of the header row (header-row.ts), among the first HEADER_LINES lines; a
   * title above it (`客户信息表`) is no header row. Each with the words its column's values give it
   * (column-profile.ts), from the first PROFILE_ROWS lines. Waits for the lines it needs, or a
   * window's worth.
   */
  private readHeader(final: boolean): void {
    const delimiter = this.options.delimiter;
    const read: string[] = [];
    let start = 0;
    while (read.length < PROFILE_ROWS) {
      const nl = this.buffer.indexOf('\n', start);
      if (nl < 0 && !final && this.buffer.length < this.windowChars) return;
      const end = nl < 0 ? this.buffer.length : nl;
      // A text's long line is no list's value, and is not copied (a SQL string of megabytes on one line).
      const line = delimiter === undefined && end - start > LIST_LINE_CHARS ? LONG_LINE : this.buffer.slice(start, end);
      read.push(normalize((read.length === 0 ? line.replace(/^\uFEFF/, '') : line).replace(/\r$/, '')));
      if (nl < 0) break;
      start = nl + 1;
    }
    this.headerPending = false;
    if (delimiter === undefined) {
      // A text: the words of its values when it is a list.
      const words = listProfile(read, this.options.detectors);
      this.headers = words === '' ? [] : [words];
      return;
    }
    const lines = read.map((line) => splitFields(line, delimiter));
    const headerRow = new HeaderRow();
    // The first line of two fields or more, and the line after it (it may be the header row under
    // a row of column groups), decide.
    let wide = -1;
    for (let k = 0; k < Math.min(HEADER_LINES, lines.length); k++) {
      const cells = lines[k].flatMap((text, column) => (text === '' ? [] : [{ column, text: keyHeader(text) }]));
      headerRow.of(cells);
      if (wide < 0 && cells.length >= 2) wide = k;
      if (wide >= 0 && k > wide && cells.length > 0) break;
    }
    const chosen = headerRow.headers;
    const profiles = columnProfiles(lines, this.options.detectors, (column) => chosen?.get(column));
    const width = Math.max(chosen === undefined ? 0 : Math.max(...chosen.keys()) + 1, ...[...profiles.keys()].map((column) => column + 1));
    this.headers = Array.from({ length: width }, (_, column) => withProfile(chosen?.get(column), profiles.get(column) ?? '') ?? '');
    const filled = lines.map((fields) => fields.filter((field) => field !== '').length);
    this.rowNames = namesRows(
      lines.map((fields) => fields[0] ?? ''),
      Math.max(0, ...filled),
      (text) => this.context.isFieldName(text),
    );
  }

  /**
   * Column lookups walk forward from the previous one (matches arrive in start order), so a row
   * is read once however many values it holds. The cursor: window text, offset, column at that
   * offset, inside quotes, and whether a line began in this window before it.
   */
  private cursorText = '';
  private cursorAt = 0;
  private cursorColumn = 0;
  private cursorQuoted = false;
  private cursorKnown = false;
  /**
   * Column and quote state at buffer[0] when its line began in an earlier window, so a row cut
   * by a window edge still gets its column header (and the findings do not depend on where
   * windows fall). `carryKnown` is false when that state could not be followed.
   */
  private carryKnown = false;
  private carryColumn = 0;
  private carryQuoted = false;

  private readonly headerAt: HeaderLookup = (text, start) => {
    const headers = this.headers;
    if (!headers) return undefined;
    if (this.cursorText !== text || start < this.cursorAt) {
      this.cursorText = text;
      this.startCursor(text, start);
    }
    this.advanceCursor(text, start);
    return this.cursorKnown ? headers[this.cursorColumn] : undefined;
  };

  /**
   * A field's header: its column's, with a label in the field right before the value (`lxr：王芳`),
   * and, where the first column names the rows (namesRows), its line's first field.
   */
  private readonly labelledHeaderAt: HeaderLookup = (text, start) => {
    const header = cellHeaderAt(text, start, this.headerAt(text, start));
    if (!this.rowNames || !this.cursorKnown || this.cursorColumn === 0) return header;
    const row = this.rowHeaderAt(text, text.lastIndexOf('\n', start - 1) + 1);
    return row === undefined ? header : header === undefined ? row : `${header}|${row}`;
  };

  /** rowHeaderAt's last answer: for the line at `rowLineStart` of `rowText`. */
  private rowText = '';
  private rowLineStart = -1;
  private rowHeader: string | undefined;

  /** The header the first field of the line starting at text[lineStart] gives the fields after it (rowHeader, lower-cased as keyHeader). */
  private rowHeaderAt(text: string, lineStart: number): string | undefined {
    // A line begun in an earlier window: its first field is not here.
    if (lineStart === 0 && this.bufferStart > 0) return undefined;
    if (text !== this.rowText || lineStart !== this.rowLineStart) {
      this.rowText = text;
      this.rowLineStart = lineStart;
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline < 0 ? text.length : newline;
      const delimiter = text.indexOf(this.options.delimiter!, lineStart);
      const field = text.slice(lineStart, delimiter < 0 || delimiter > lineEnd ? lineEnd : delimiter).replace(/^"|"?\r?$/g, '');
      const header = rowHeader(field);
      this.rowHeader = header === undefined ? undefined : keyHeader(header);
    }
    return this.rowHeader;
  }

  /** The row headers of a window's lines (their first fields, where the first column names the rows). */
  private rowHeadersIn(text: string): string[] {
    const headers = new Set<string>();
    for (let at = 0; ; ) {
      const header = this.rowHeaderAt(text, at);
      if (header !== undefined) headers.add(header);
      const newline = text.indexOf('\n', at);
      if (newline < 0) break;
      at = newline + 1;
    }
    return [...headers];
  }

  /** The column headers, the row headers of a window's lines where the first column names the rows, and the labels in its fields that add to them. */
  private headersWith(text: string, labels: readonly string[]): readonly string[] {
    const headers = this.headers ?? [];
    const rows = this.rowNames ? this.rowHeadersIn(text) : [];
    return labels.length === 0 && rows.length === 0 ? headers : [...headers, ...rows, ...labels];
  }

  /** A text that is a list (column-profile.ts listProfile): the words its values give it, else undefined. */
  private get listed(): string | undefined {
    return this.options.delimiter === undefined ? this.headers?.[0] : undefined;
  }

  /**
   * A value's header in a text that is a list: its label (labelAt), else, when it starts its line
   * (blanks and an item's number or bullet aside: column-profile.ts startsListItem), the words the
   * list's values give it.
   */
  private readonly listedHeaderAt: HeaderLookup = (text, start) => {
    const label = labelAt(text, start);
    if (label !== undefined) return label;
    // An item's mark is a few characters: the line's start is looked for no further back.
    const from = Math.max(0, start - ITEM_PREFIX_CHARS);
    let newline = start - 1;
    while (newline >= from && text.charCodeAt(newline) !== 0x0a) newline--;
    // No line starts so near (a window after the first starts inside a line).
    if (newline < from && (from > 0 || this.bufferStart > 0)) return undefined;
    return startsListItem(text.slice(newline + 1, start)) ? this.listed : undefined;
  };

  private readonly nextNewline = new NextIndex('\n');
  private readonly nextQuote = new NextIndex('"');
  private readonly nextDelimiter: NextIndex | undefined;

  /** Puts the cursor at the start of the line holding text[start] (or at 0 with the carried state). */
  private startCursor(text: string, start: number): void {
    this.nextNewline.reset();
    this.nextQuote.reset();
    this.nextDelimiter?.reset();
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const carried = lineStart === 0 && this.bufferStart > 0;
    this.cursorAt = lineStart;
    this.cursorColumn = carried ? this.carryColumn : 0;
    this.cursorQuoted = carried ? this.carryQuoted : false;
    this.cursorKnown = carried ? this.carryKnown : true;
  }

  /**
   * Moves the cursor forward to `to`, counting delimiters outside quotes; a newline starts over.
   * Jumps between newlines, quotes and delimiters (text[cursorAt, to) must be unchanged since
   * startCursor: the NextIndex answers belong to this text).
   */
  private advanceCursor(text: string, to: number): void {
    let column = this.cursorColumn;
    let quoted = this.cursorQuoted;
    let known = this.cursorKnown;
    const delimiter = this.nextDelimiter;
    let at = this.cursorAt;
    // A newline starts over whatever came before it: from a lookup in one row to one in the
    // next, only the new row's start is walked, not the delimiters of the rest of the old one.
    if (at < to && this.nextNewline.in(text, at) < to) {
      at = text.lastIndexOf('\n', to - 1) + 1;
      column = 0;
      quoted = false;
      known = true;
    }
    while (at < to) {
      const newline = this.nextNewline.in(text, at);
      const quote = this.nextQuote.in(text, at);
      const event = newline < quote ? newline : quote;
      const stop = event < to ? event : to;
      if (!quoted && delimiter !== undefined) {
        for (let d = delimiter.in(text, at); d < stop; d = delimiter.in(text, d + 1)) column++;
      }
      if (event >= to) break;
      if (event === newline) {
        column = 0;
        quoted = false;
        known = true;
      } else quoted = !quoted;
      at = event + 1;
    }
    this.cursorAt = to;
    this.cursorColumn = column;
    this.cursorQuoted = quoted;
    this.cursorKnown = known;
  }

  private scan(final: boolean): void {
    const text = this.buffer;
    const normalized = normalize(text);
    const bufferEnd = this.bufferStart + text.length;
    const ownedTo = final ? bufferEnd : bufferEnd - OVERLAP_CHARS;
    const sink = this.options.sink;
    const delimited = this.options.delimiter !== undefined;
    const owns = this.options.resume?.owns;
    scanWindow(
      normalized,
      this.options.detectors,
      {
        // A JSON value's key, of the keys in the window (they settle which detectors a key may
        // serve); in other text a value's label, of the labels that add to what the text says.
        header: delimited ? this.labelledHeaderAt : this.options.keyed === true ? keyAt : this.listed === undefined ? labelAt : this.listedHeaderAt,
        headers: delimited
          ? this.headersWith(normalized, labelsIn(normalized, this.context))
          : this.options.keyed === true
            ? keysIn(normalized)
            : this.listed === undefined
              ? labelsIn(normalized, this.context)
              : [...labelsIn(normalized, this.context), this.listed],
        from: this.bufferStart === 0 ? 0 : 1,
        sameLine: delimited,
      },
      (c: Candidate) => {
        const absolute = this.bufferStart + c.start;
        if (absolute < this.ownedFrom || absolute >= ownedTo) return;
        if (owns) {
          this.countLinesTo(absolute);
          if (!owns(this.line)) return;
        }
        if (!sink.count(c.type)) return;
        this.countLinesTo(absolute);
        const location: Location = {
          ...this.options.where,
          line: this.line,
          column: absolute - this.lineStart + 1,
        };
        sink.add(toFinding(c, text, location));
      },
    );
    this.cursorText = '';
    this.ownedFrom = ownedTo;
    if (!final) {
      const keepFrom = ownedTo - LOOKBACK_CHARS;
      if (this.headers) {
        // The column state where the next window begins.
        this.startCursor(normalized, keepFrom - this.bufferStart);
        this.advanceCursor(normalized, keepFrom - this.bufferStart);
        this.carryKnown = this.cursorKnown;
        this.carryColumn = this.cursorColumn;
        this.carryQuoted = this.cursorQuoted;
      }
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
