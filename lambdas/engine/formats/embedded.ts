/**
 * Files embedded in text as base64: an ID card photo in a JSON export or an API log
 * (`"idCardFront":"/9j/4AAQ…"`), a `data:` URI in a saved web page, a workbook attached in a SOAP
 * message, a SQL dump of a table of photos. The text around them is read as text; the base64 itself
 * says nothing to a detector, and a file of photos would come out public. So, while a text object is
 * read, runs of base64 are watched for, and each one whose decoded bytes are a file is read as a
 * member of the object after its text, named `base64@<offset>` (the run's character offset in the
 * decoded text).
 *
 * | a run of base64                                               | read as                         |
 * |----------------------------------------------------------------|---------------------------------|
 * | decodes to a format with a signature (zip, XLSX, PDF, gzip, OLE, SQLite ...) | a member, in full  |
 * | decodes to text (UTF-16; UTF-8, GB18030 or Big5 without control bytes) | a member (base64 of a CSV) |
 * | decodes to an image, audio or video                            | a member: NO_TEXT, as a file of its kind (media.ts) |
 * | an image in a `data:` URI that markup or CSS shows (`src=`, `href=`, `url(`), or a notebook's output (`"image/png": "…"`), in a text of PICTURE_DOCUMENT_MAX_CHARS or more a reader sees (VisibleText) | nothing: layout, as a logo in a mail (mail.ts) |
 * | decodes to OPAQUE_RUN_BYTES or more of no known format whose first OPAQUE_RUN_BYTES measure as compressed or encrypted data (opacity.ts: ciphertext, a compressed format without a signature) | OPAQUE in its place (after the text): it cannot be read, and must not pass as public, as raw bytes so in a text do not |
 * | decodes to anything else (a hash, a key, a certificate, a token; a font) | nothing: the run stays text     |
 *
 * A run is base64 letters, digits, `+` and `/`, or in its URL-safe form (RFC 4648 base64url: an
 * export of the Gmail API, a JWT's claims) `-` and `_`, ended by `=` padding or any other character
 * (a character of the other form included). JSON
 * escapes inside it are undone (`\/`, `\u002B`), and it goes on over line breaks when its lines are
 * wrapped as MIME and PEM wrap them: every line the same length, a multiple of 4 from
 * MIN_WRAP_CHARS to MAX_WRAP_CHARS, the last one maybe shorter (a newline may be escaped, `\n`, and
 * the next line indented). A run is looked at once it spans MIN_SEGMENT_CHARS; outside runs the
 * reader looks at every SAMPLE_STEP-th character only, so a text without base64 costs about 1%
 * more to read (docs/formats.md).
 *
 * The decoded files are held until the text is read (images and media only by their signature),
 * at most `maxBufferedBytes` of base64 in all; a run beyond that is LIMIT_EXCEEDED (never public).
 * In a text read as a stream (withEmbeddedFiles), a file of more than SPILL_CHARS of base64 is
 * decoded into a file of a private scratch folder as its run is read, and read from there: held in
 * memory, 64 MiB of hex digits (base64 characters all, their head decoding as GB18030 text) took a
 * scan to 318 MiB.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TextDecoder } from 'node:util';
import { ScanError } from '../errors.js';
import type { Cell, CellsPart, ContentPart, TextPart } from '../types.js';
import { checkDepth, memberContext, whereOf, type ReadContext } from './limits.js';
import { ICON_MAX_BYTES, iconWithMore } from './icon-bytes.js';
import { PICTURE_DOCUMENT_MAX_CHARS, mediaKind, tooSmallToRead } from './media.js';
import { OPAQUE_BITS_PER_BYTE, entropyBits } from './opacity.js';
import { errorPart, memoryMember, readMember } from './members.js';
import { hasUtf16Bom, sniffBytes } from './sniff.js';
import { legacyChineseText, utf16ByContent } from './charset.js';
import { noRoom, scratchFolder, scratchMember } from './scratch.js';

/**
 * A run is looked at once it spans this many characters of base64, line breaks and indentation:
 * a file of about 192 bytes.
 */
export const MIN_SEGMENT_CHARS = 256;
/**
 * Characters between the ones looked at outside runs. A span of MIN_SEGMENT_CHARS holds two of
 * them, SAMPLE_STEP apart, with nothing but base64 and line breaks between: only where two are,
 * is the span between them read.
 */
const SAMPLE_STEP = 128;
const HALF = SAMPLE_STEP / 2;
const QUARTER = SAMPLE_STEP / 4;
/** A run shorter than this (line breaks left out) is not a file: 72 bytes. */
const MIN_FILE_CHARS = 96;
/** Base64 decoded to tell a run's format: HEAD_BYTES, a tar header. */
const HEAD_CHARS = 704;
const HEAD_BYTES = 528;
/** Bytes of an image or media's head that give its size. */
const MEDIA_HEAD_BYTES = 8192;
/** Base64 kept of an image or media while its run is read: an icon whole (icon.ts ICON_MAX_BYTES). */
const ICON_CHARS = Math.ceil(ICON_MAX_BYTES / 3) * 4;
/** Bytes kept of an image or media that is not an icon: enough for its signature. */
const SIGNATURE_BYTES = 64;
/**
 * Lines of wrapped base64: PEM wraps at 64, MIME at 76, Python's plistlib at 76 less the line's
 * indentation, down to 16 (a <data> value nested deep in a property list).
 */
const MIN_WRAP_CHARS = 16;
const MAX_WRAP_CHARS = 100;
/**
 * Decoded bytes from which a run of no known format is measured, and the bytes measured: more than
 * a key or a certificate holds (an RSA key of 4,096 bits is 2.3 KB), and as many as a `data:` URI
 * of ciphertext or a brotli stream of 4 KiB.
 */
export const OPAQUE_RUN_BYTES = 4096;
const OPAQUE_RUN_CHARS = Math.ceil(OPAQUE_RUN_BYTES / 3) * 4;
/**
 * Base64 characters of a file held in memory while its run is read in a streamed text; beyond,
 * the run goes on in a scratch file, decoded FLUSH_CHARS at a time (3 MiB and 192 KiB of bytes).
 */
export const SPILL_CHARS = 4 * 1024 * 1024;
const FLUSH_CHARS = 256 * 1024;
/** Fonts (WOFF, WOFF2, OpenType, TrueType and its collections): compressed, and a page's layout. */
const FONT_MAGICS = ['wOFF', 'wOF2', 'OTTO', 'ttcf', 'true', '\0\x01\0\0'].map((magic) => Buffer.from(magic, 'latin1'));
/** Characters kept from before a run, to see whether markup shows it. */
const BEFORE_CHARS = 64;
/** Characters kept from the end of a chunk: a span cut by the next chunk's start, and what is before it. */
const TAIL_CHARS = MIN_SEGMENT_CHARS + BEFORE_CHARS;

/**
 * 1 for the base64 alphabets (A-Z a-z 0-9, + / or - _), 2 for `\` (a JSON escape inside a run), 3 for CR
 * and LF (between wrapped lines), 4 for space and tab (indenting them; in a span only after a line
 * break or another of them): what a span of base64 is made of.
 */
const SPAN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 45 || c === 95) SPAN[c] = 1;
}
SPAN[92] = 2;
SPAN[10] = 3;
SPAN[13] = 3;
SPAN[32] = 4;
SPAN[9] = 4;

/** A run's characters before its form is known, in base64, and in base64url. */
const EITHER_RUN = /[A-Za-z0-9+/_-]*/y;
const BASE64_RUN = /[A-Za-z0-9+/]*/y;
const BASE64URL_RUN = /[A-Za-z0-9_-]*/y;
/**
 * What shows a picture, just before the run: markup or CSS showing a `data:` URI, or a notebook's
 * output (a Jupyter `.ipynb` keeps a plot as `"image/png": "<base64>"`).
 */
const SHOWN_DATA_URI = /(?:(?:src|href|srcset|poster|background|url)\s*(?:=|\()\s*\\?["']?\s*data:image\/[\w.+-]+;base64,|"image\/(?:png|jpeg|gif)"\s*:\s*\[?\s*")$/i;
const BACKSLASH = 92;
const EQUALS = 61;
const CR = 13;
const LF = 10;

function inSpan(c: number): boolean {
  return c < 128 && SPAN[c] !== 0;
}

/** True when text[k] belongs to a span: a span character, and a blank only where it indents a line. */
function spanAt(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  if (c >= 128 || SPAN[c] === 0) return false;
  if (SPAN[c] !== 4) return true;
  const d = text.charCodeAt(k - 1);
  return d === LF || d === CR || d === 0x20 || d === 0x09;
}

function isAlphabet(c: number): boolean {
  return c < 128 && SPAN[c] === 1;
}

/** One run of base64 that is a file, to be read after the text. */
export interface EmbeddedFile {
  /** Character offset of the run in the decoded text. */
  readonly offset: number;
  /** The file, or for an image or media its first SIGNATURE_BYTES; undefined when it was over the limit, or `spilled`. */
  readonly bytes: Uint8Array | undefined;
  /** The file, decoded into a scratch file (SPILL_CHARS). */
  readonly spilled?: Spilled;
  /** A `data:` URI image that markup or CSS shows (SHOWN_DATA_URI). */
  readonly shown: boolean;
  /** Bytes of no known format that measure as compressed or encrypted (OPAQUE_RUN_BYTES or more; `bytes` undefined). */
  readonly opaque?: number;
}

/** A file decoded into a scratch file: its path and size. */
interface Spilled {
  readonly path: string;
  size: number;
}

/** A run being read. */
interface Run {
  readonly offset: number;
  readonly shown: boolean;
  /** Base64 characters kept so far (escapes undone, line breaks left out), of them in `parts` not yet in `file`. */
  parts: string[];
  kept: number;
  inParts: number;
  /** Where the run is decoded to, once it has SPILL_CHARS (withEmbeddedFiles). */
  file?: Spilled & { readonly fd: number };
  /** Base64 characters of the run, and of its current line. */
  chars: number;
  line: number;
  /** Length of the run's lines once its first line broke, -1 before. */
  wrap: number;
  /** After a line break: skipping the next line's indentation. */
  broken: boolean;
  /** Its form: base64url (`-`, `_`), base64 (`+`, `/`), or undefined until one of them is met. */
  url: boolean | undefined;
  /** No line break or escape in it so far: its characters are the text's, one for one. */
  plain: boolean;
  /**
   * `all` kept, `head` up to ICON_CHARS, `drop` none (not a file), `over` none (a file past
   * the limit); undecided before HEAD_CHARS.
   */
  keep: 'all' | 'head' | 'measure' | 'drop' | 'over' | undefined;
}

/** What a run's first decoded bytes say is worth keeping of it. */
function keepOf(head: Uint8Array): Run['keep'] {
  const sniffed = sniffBytes(head, '');
  if (sniffed.format === 'image' || sniffed.format === 'media') return 'head';
  if (sniffed.format === 'binary') return sniffed.ole === true ? 'all' : FONT_MAGICS.some((magic) => magic.equals(head.subarray(0, 4))) ? 'drop' : 'measure';
  if (sniffed.format === 'text' || sniffed.format === 'csv' || sniffed.format === 'tsv' || sniffed.format === 'json' || sniffed.format === 'jsonl') {
    return encodedText(head) ? 'all' : 'drop';
  }
  return 'all';
}

/**
 * What of `bytes` (a file decoded from base64, or a database's BLOB) is worth reading as a member:
 * all of it; of an image or media only its signature (it is NO_TEXT when read, whatever else it
 * holds); an icon whole, when `bytes` are all of it and at most ICON_MAX_BYTES (icon.ts reads what
 * is appended to it: an archive after a 16x16 PNG in a BLOB column came out public), and nothing of
 * a bare one; nothing when it is no file (`keep` from keepOf). A BLOB of no known format is not
 * measured: a column of encrypted values is a table's, not a file.
 */
export function worthReading(bytes: Uint8Array, keep: Run['keep'] = keepOf(bytes.subarray(0, HEAD_BYTES)), whole = true): Uint8Array | undefined {
  if (keep === 'all') return bytes;
  if (keep !== 'head') return undefined;
  const kind = mediaKind(bytes.subarray(0, MEDIA_HEAD_BYTES));
  if (kind === undefined || !tooSmallToRead(kind)) return bytes.subarray(0, SIGNATURE_BYTES);
  if (!whole || bytes.length > ICON_MAX_BYTES) return bytes.subarray(0, SIGNATURE_BYTES);
  return iconWithMore(bytes) ? bytes : undefined;
}

/**
 * True for text someone encoded: UTF-16 (by its BOM or its NULs), or without control bytes, UTF-8
 * or Chinese text in GB18030 or Big5 (legacyChineseText: a legacy system's export, a mail body
 * saved as text). The sniffer's text allows a few control bytes, and any bytes over 0x7F; the bytes
 * of other runs (hashes, keys, ciphertext) hold control bytes, and seldom make valid UTF-8.
 */
function encodedText(head: Uint8Array): boolean {
  if (hasUtf16Bom(head) || utf16ByContent(head) !== undefined) return true;
  for (const byte of head) if (byte < 0x20 && byte !== 0x09 && byte !== LF && byte !== CR) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return legacyChineseText(head);
  }
}

/**
 * `s` in a string of its own: a slice of a chunk would keep the whole chunk alive, long enough for
 * V8 to move every chunk to its old generation (RSS and collection time).
 */
function copied(s: string): string {
  return ` ${s}`.slice(1);
}

/** Span characters at the end of `text`. */
function trailingSpan(text: string): number {
  let t = 0;
  while (t < text.length && inSpan(text.charCodeAt(text.length - 1 - t))) t++;
  return t;
}

/** Where a run starting in the span at text[a] begins: after line breaks (raw or escaped). */
function runStart(text: string, a: number): number {
  let s = a;
  for (;;) {
    const c = text.charCodeAt(s);
    if (c === CR || c === LF || c === 0x20 || c === 0x09) s++;
    else if (c === BACKSLASH && (text.charCodeAt(s + 1) === 0x6e || text.charCodeAt(s + 1) === 0x72)) s += 2;
    else return s;
  }
}

/**
 * Counts the characters of a text a reader would see, as far as a layout decision needs: not white
 * space, not inside markup tags (`<img src="data:…">`), not in a `<style>` or `<script>` element.
 * A text that is not HTML is counted whole but for what stands between a `<` and a `>`.
 */
class VisibleText {
  chars = 0;
  private inTag = false;
  /** In a style or script element: the end tag that closes it. */
  private raw: string | undefined;
  /** The name of the tag being read (while `naming`), for `raw`. */
  private tag = '';
  private naming = false;

  /** Counts text, leaving out the [start, end) pairs of `skip` (ascending). */
  count(text: string, skip: readonly number[]): void {
    let next = 0;
    for (let i = 0; i < text.length; i++) {
      if (next < skip.length && i === skip[next]) {
        i = skip[next + 1] - 1;
        next += 2;
        continue;
      }
      const c = text.charCodeAt(i);
      if (this.raw !== undefined) {
        if (c === 0x3c && text.slice(i + 1, i + 1 + this.raw.length).toLowerCase() === this.raw) this.raw = undefined;
        else continue;
      }
      if (this.inTag) {
        if (c === 0x3e) {
          this.inTag = false;
          if (this.tag === 'style' || this.tag === 'script') this.raw = `/${this.tag}`;
        } else if (this.naming && this.tag.length < 8 && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) this.tag += String.fromCharCode(c | 0x20);
        else this.naming = false;
        continue;
      }
      if (c === 0x3c) {
        this.inTag = true;
        this.naming = true;
        this.tag = '';
      } else if (c > 0x20 && c !== 0x3000 && c !== 0xa0) {
        this.chars++;
        if (this.chars >= PICTURE_DOCUMENT_MAX_CHARS) return;
      }
    }
  }
}

/**
 * Watches a text, chunk by chunk, for runs of base64 that are files (see the module doc). `push`
 * each chunk in order, then `end`; `files` then holds what was found, in order.
 */
export class EmbeddedFiles {
  readonly files: EmbeddedFile[] = [];
  /** Characters a reader sees (VisibleText), outside runs, counted until PICTURE_DOCUMENT_MAX_CHARS. */
  private readonly visible = new VisibleText();
  /** Offset of the next chunk in the text. */
  private base = 0;
  private run: Run | undefined;
  /** Where the last run ended: a run found later never starts before it. */
  private lastEnd = 0;
  /** The last characters of the text so far (TAIL_CHARS). */
  private tail = '';
  /** An escape cut by the end of the last chunk, read again with the next one. */
  private pending = '';
  /** Ranges of the current chunk read into runs ([start, end) pairs), left out of the visible text. */
  private taken: number[] = [];
  /** Base64 characters held in kept files. */
  private held = 0;
  /** The scratch folder of spilled runs, once one is. */
  private folder: string | undefined;

  /** `spillChars`: a file of more base64 than that goes on in a scratch file (dispose removes them). */
  constructor(
    private readonly maxHeldChars: number,
    private readonly spillChars = Number.POSITIVE_INFINITY,
  ) {}

  /** True when the text outside runs has PICTURE_DOCUMENT_MAX_CHARS characters that are not white space. */
  get hasText(): boolean {
    return this.visible.chars >= PICTURE_DOCUMENT_MAX_CHARS;
  }

  push(chunk: string): void {
    let text = chunk;
    let base = this.base;
    this.taken.length = 0;
    if (this.run === undefined && this.pending.length === 0) {
      // A span cut by the chunk's start: its first characters are at the end of the tail.
      const t = Math.min(trailingSpan(this.tail), this.base - this.lastEnd);
      if (t > 0 && inSpan(text.charCodeAt(0))) {
        let k = 0;
        while (k < text.length && t + k < MIN_SEGMENT_CHARS && inSpan(text.charCodeAt(k))) k++;
        const carried = this.tail.slice(this.tail.length - t);
        const s = runStart(carried, 0);
        if (t + k >= MIN_SEGMENT_CHARS && s < t) {
          this.begin(base - t + s, this.tail.slice(0, this.tail.length - t + s));
          this.extend(carried, s, base - t);
          this.taken.length = 0; // ranges of `carried`, counted with the last chunk
        }
      }
    }
    if (this.pending.length > 0) {
      text = this.pending + chunk;
      base -= this.pending.length;
      this.pending = '';
    }
    let i = 0;
    if (this.run !== undefined) i = this.extend(text, 0, base);
    if (i < text.length) this.scan(text, i, base);
    if (!this.hasText) this.visible.count(text, this.taken);
    this.tail = copied((chunk.length >= TAIL_CHARS ? chunk : this.tail + chunk).slice(-TAIL_CHARS));
    this.base += chunk.length;
  }

  /** The text has ended: a run still open ends with it. */
  end(): void {
    this.pending = '';
    if (this.run !== undefined) this.finish(this.base);
  }

  /**
   * Looks at every SAMPLE_STEP-th character of text[from..] for a span of MIN_SEGMENT_CHARS (see
   * SAMPLE_STEP); reads the run each span starts.
   */
  private scan(text: string, from: number, base: number): void {
    const n = text.length;
    let lo = from;
    let last = false;
    for (let p = from + SAMPLE_STEP - 1; p < n; p += SAMPLE_STEP) {
      const c = text.charCodeAt(p);
      const here = c < 128 && SPAN[c] !== 0;
      if (here && last && inSpan(text.charCodeAt(p - HALF)) && inSpan(text.charCodeAt(p - QUARTER)) && inSpan(text.charCodeAt(p - HALF - QUARTER))) {
        let k = p - 1;
        while (k > p - SAMPLE_STEP && spanAt(text, k)) k--;
        if (k === p - SAMPLE_STEP) {
          let a = k;
          while (a > lo && spanAt(text, a - 1)) a--;
          const s = runStart(text, a);
          const before = s >= BEFORE_CHARS ? text.slice(s - BEFORE_CHARS, s) : (this.tail + text.slice(0, s)).slice(-BEFORE_CHARS);
          this.begin(base + s, before);
          const e = this.extend(text, s, base);
          if (e >= n) return;
          // A run that ends where it starts (a backslash escape that is no base64: `\u5ba2`,
          // `\paperw`) must not send the sampling back: it found the same span again, forever,
          // on a JSON file as Python's json.dumps writes Chinese (found by fuzzing). Sampling
          // goes on after this sample instead.
          lo = e > s ? e : p;
          if (e > s) p = e - 1;
          last = false;
          continue;
        }
      }
      last = here;
    }
  }

  private begin(offset: number, before: string): void {
    this.run = { offset, shown: SHOWN_DATA_URI.test(before), parts: [], kept: 0, inParts: 0, chars: 0, line: 0, wrap: -1, broken: false, url: undefined, plain: true, keep: undefined };
  }

  /**
   * Reads the open run on from text[i]: returns where it ended (the run is finished) or
   * text.length when it goes on into the next chunk.
   */
  private extend(text: string, from: number, base: number): number {
    let run = this.run!;
    const n = text.length;
    let i = from;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (run.broken) {
        if (c === CR || c === LF || c === 0x20 || c === 0x09) {
          i++;
          continue;
        }
        if (c === BACKSLASH) {
          if (i + 1 >= n) return this.cut(text, i);
          const d = text.charCodeAt(i + 1);
          if (d === 0x6e || d === 0x72 || d === 0x74) {
            i += 2;
            continue;
          }
        }
        if (!isAlphabet(c)) return this.finish(base + i, i);
        run.broken = false;
        run.line = 0;
      }
      const e = this.alphabetEnd(run, text, i);
      if (e > i) {
        this.take(run, text, i, e);
        i = e;
        if (i >= n) return n;
        c = text.charCodeAt(i);
      }
      if (c === EQUALS) {
        i++;
        if (i < n && text.charCodeAt(i) === EQUALS) i++;
        return this.finish(base + i, i);
      }
      if (c === CR || c === LF) {
        if (!this.wraps(run)) return this.finish(base + i, i);
        run.broken = true;
        run.plain = false;
        i++;
        continue;
      }
      if (c !== BACKSLASH) {
        if (!isAlphabet(c) || !this.restart(run)) return this.finish(base + i, i);
        run = this.run!;
        continue;
      }
      // A JSON escape: `\/` and `\uXXXX` for an alphabet character, `\n` and `\r` for a line break.
      run.plain = false;
      if (i + 1 >= n) return this.cut(text, i);
      const d = text.charCodeAt(i + 1);
      if (d === 0x2f) {
        if (run.url === true) return this.finish(base + i, i);
        run.url = false;
        this.take(run, '/', 0, 1);
        i += 2;
      } else if (d === 0x6e || d === 0x72) {
        if (!this.wraps(run)) return this.finish(base + i, i);
        run.broken = true;
        i += 2;
      } else if (d === 0x75) {
        if (i + 6 > n) return this.cut(text, i);
        const hex = text.slice(i + 2, i + 6);
        const code = /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
        if (!isAlphabet(code)) return this.finish(base + i, i);
        const url = code === 0x2d || code === 0x5f ? true : code === 0x2b || code === 0x2f ? false : run.url;
        if (run.url !== undefined && url !== run.url) return this.finish(base + i, i);
        run.url = url;
        this.take(run, String.fromCharCode(code), 0, 1);
        i += 6;
      } else {
        return this.finish(base + i, i);
      }
    }
    return n;
  }

  /**
   * Where the run's characters from text[i] end: at the first that is in neither form, or in the
   * other form than the run's (the first `+ / - _` of a run decides its form).
   */
  private alphabetEnd(run: Run, text: string, i: number): number {
    if (run.url !== undefined) {
      const form = run.url ? BASE64URL_RUN : BASE64_RUN;
      form.lastIndex = i;
      form.test(text);
      return form.lastIndex;
    }
    EITHER_RUN.lastIndex = i;
    EITHER_RUN.test(text);
    const e = EITHER_RUN.lastIndex;
    for (let k = i; k < e; k++) {
      const c = text.charCodeAt(k);
      if (c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f) {
        run.url = c === 0x2d || c === 0x5f;
        const form = run.url ? BASE64URL_RUN : BASE64_RUN;
        form.lastIndex = k;
        form.test(text);
        return form.lastIndex;
      }
    }
    return e;
  }

  /**
   * The run met a character of the other form: what came before its last `+ /` (or `- _`) was a
   * prefix of a run in that form (`/f/` before base64url in a URL's path) when it is too short to
   * be a file. A run of the other form, from after that mark, replaces it; returns false when there
   * is none (the run held line breaks or escapes, or a longer prefix, and ends here).
   */
  private restart(run: Run): boolean {
    if (!run.plain || run.keep !== undefined) return false;
    const chars = run.parts.join('');
    let q = chars.length - 1;
    while (q >= 0) {
      const c = chars.charCodeAt(q);
      if (run.url ? c === 0x2d || c === 0x5f : c === 0x2b || c === 0x2f) break;
      q--;
    }
    if (q < 0 || q + 1 >= MIN_FILE_CHARS) return false;
    const rest = chars.slice(q + 1);
    this.run = { ...run, offset: run.offset + q + 1, shown: false, parts: [rest], kept: rest.length, inParts: rest.length, chars: rest.length, line: rest.length, url: !run.url };
    return true;
  }

  /** An escape cut at text[i]: it is read again at the start of the next chunk. */
  private cut(text: string, i: number): number {
    this.pending = text.slice(i);
    return text.length;
  }

  /** True when the run's line, just ended by a line break, is wrapped base64 (the run goes on). */
  private wraps(run: Run): boolean {
    if (run.wrap === -1) {
      if (run.line % 4 !== 0 || run.line < MIN_WRAP_CHARS || run.line > MAX_WRAP_CHARS) return false;
      run.wrap = run.line;
      return true;
    }
    return run.line === run.wrap;
  }

  /** Adds base64 characters s[i, e) to the run. */
  private take(run: Run, s: string, i: number, e: number): void {
    run.chars += e - i;
    run.line += e - i;
    if (e - i > 1) this.taken.push(i, e);
    if (run.keep === 'drop' || run.keep === 'over' || (run.keep === 'head' && run.kept >= ICON_CHARS) || (run.keep === 'measure' && run.kept >= OPAQUE_RUN_CHARS)) return;
    run.parts.push(s.slice(i, e));
    run.kept += e - i;
    run.inParts += e - i;
    if (run.keep === undefined && run.kept >= HEAD_CHARS) this.decide(run);
    if (run.keep === 'all' && this.held + run.kept > this.maxHeldChars) {
      run.keep = 'over';
      run.parts = [];
      run.inParts = 0;
      this.removeFile(run);
    } else if (run.keep === 'all' && run.inParts >= (run.file === undefined ? this.spillChars : Math.min(this.spillChars, FLUSH_CHARS))) this.flush(run, false);
  }

  /**
   * Decodes the run's characters in `parts` into its scratch file (made the first time): all of
   * them at its end (`last`), else the whole quantums of four.
   */
  private flush(run: Run, last: boolean): void {
    const joined = run.parts.join('');
    const whole = last ? joined.length : joined.length - (joined.length % 4);
    try {
      if (run.file === undefined) {
        this.folder ??= scratchFolder('base64');
        const path = join(this.folder, `run-${run.offset}`);
        run.file = { path, fd: openSync(path, 'wx', 0o600), size: 0 };
      }
      const bytes = Buffer.from(joined.slice(0, whole), 'base64');
      writeSync(run.file.fd, bytes);
      run.file.size += bytes.length;
    } catch (error) {
      this.removeFile(run);
      throw noRoom(error, 'a file embedded as base64') ?? error;
    }
    run.parts = whole < joined.length ? [copied(joined.slice(whole))] : [];
    run.inParts = joined.length - whole;
  }

  /** Closes the run's scratch file; removes it unless it is kept (`keep`). */
  private removeFile(run: Run, keep = false): void {
    if (run.file === undefined) return;
    closeSync(run.file.fd);
    if (!keep) rmSync(run.file.path, { force: true });
    if (!keep) run.file = undefined;
  }

  /** Removes the scratch files of this text's runs (the folder), once they are read or not wanted. */
  dispose(): void {
    if (this.run !== undefined) this.removeFile(this.run);
    if (this.folder !== undefined) rmSync(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }

  private decide(run: Run): void {
    const joined = run.parts.join('');
    run.keep = keepOf(Buffer.from(joined.slice(0, HEAD_CHARS - (HEAD_CHARS % 4)), 'base64'));
    if (run.keep === 'drop') {
      run.parts = [];
      run.kept = 0;
    } else {
      run.parts = [run.keep === 'head' ? joined.slice(0, ICON_CHARS) : run.keep === 'measure' ? joined.slice(0, OPAQUE_RUN_CHARS) : joined];
      run.kept = run.parts[0].length;
      run.inParts = run.kept;
    }
  }

  /** Ends the open run at offset `end`; returns `at` (where reading goes on). */
  private finish(end: number, at = 0): number {
    const run = this.run!;
    this.run = undefined;
    this.lastEnd = end;
    if (run.keep === undefined && run.chars >= MIN_FILE_CHARS) this.decide(run);
    if (run.keep === undefined || run.keep === 'drop') return at;
    if (run.keep === 'measure') {
      const size = Math.floor((run.chars * 3) / 4);
      if (size >= OPAQUE_RUN_BYTES && opaqueSample(Buffer.from(run.parts.join(''), 'base64').subarray(0, OPAQUE_RUN_BYTES))) this.files.push({ offset: run.offset, bytes: undefined, shown: false, opaque: size });
      return at;
    }
    if (run.keep === 'over' || (run.keep === 'all' && this.held + run.kept > this.maxHeldChars)) {
      this.removeFile(run);
      this.files.push({ offset: run.offset, bytes: undefined, shown: run.shown });
      return at;
    }
    if (run.file !== undefined) {
      this.flush(run, true);
      this.removeFile(run, true);
      this.held += run.kept;
      this.files.push({ offset: run.offset, bytes: undefined, spilled: { path: run.file.path, size: run.file.size }, shown: run.shown });
      return at;
    }
    const bytes = worthReading(Buffer.from(run.parts.join(''), 'base64'), run.keep, run.kept === run.chars);
    if (bytes === undefined) return at;
    if (run.keep === 'all') this.held += run.kept;
    this.files.push({ offset: run.offset, bytes, shown: run.shown });
    return at;
  }
}

/** True when `bytes` measure as compressed or encrypted data (opacity.ts). */
function opaqueSample(bytes: Uint8Array): boolean {
  const counts = new Uint32Array(256);
  for (let i = 0; i < bytes.length; i++) counts[bytes[i]]++;
  return entropyBits(counts, bytes.length) >= OPAQUE_BITS_PER_BYTE;
}

/** A file found in a text, a table or a container, to be read as a member. */
export interface FoundFile {
  readonly name: string;
  /** What to read (worthReading), or undefined when it was past the limit or is `spilled`. */
  readonly bytes: Uint8Array | undefined;
  /** What to read, in a scratch file (EmbeddedFile.spilled). */
  readonly spilled?: { readonly path: string; readonly size: number };
  /** A picture its page shows among text (SHOWN_DATA_URI, with text around it): not read. */
  readonly layout: boolean;
  /** Why the file could not be taken out (its compression is broken): reported in its place. */
  readonly error?: ScanError;
}

/** `file` of a text watched by `found`, named under `prefix`. */
function foundIn(found: EmbeddedFiles, prefix: string): FoundFile[] {
  return found.files.map((file) => ({
    name: `${prefix}base64@${file.offset}`,
    bytes: file.bytes,
    ...(file.spilled === undefined ? {} : { spilled: file.spilled }),
    // A picture a web page shows among its text is its layout, as a logo in a mail is (mail.ts).
    layout: file.shown && found.hasText && file.bytes !== undefined && mediaKind(file.bytes)?.format === 'image' && !iconWithMore(file.bytes),
    ...(file.opaque === undefined ? {} : { error: new ScanError('OPAQUE', `base64 of ${file.opaque} bytes of compressed or encrypted data of no format this engine reads`) }),
  }));
}

/** The files embedded as base64 in one string (a cell, a mail body), named under `prefix`; at most `maxHeld` of them. */
export function filesIn(text: string, prefix: string, maxHeld: number): FoundFile[] {
  const found = new EmbeddedFiles(maxHeld);
  found.push(text);
  found.end();
  return foundIn(found, prefix);
}

/** Reads `files` as members of the object in `ctx`, in order (layout pictures left out). */
export async function* readFound(files: readonly FoundFile[], ctx: ReadContext): AsyncGenerator<ContentPart> {
  const read = files.filter((file) => !file.layout);
  if (read.length === 0) return;
  try {
    checkDepth(ctx);
  } catch (error) {
    yield errorPart(whereOf(ctx), error as ScanError);
    return;
  }
  const limit = ctx.budget.limits.maxBufferedBytes;
  for (const file of read) {
    ctx.budget.countEntry();
    const inner = memberContext(ctx, file.name);
    const where = { entry: inner.entry };
    if (file.error !== undefined) {
      yield errorPart(where, file.error);
      continue;
    }
    if (file.spilled !== undefined) {
      const member = scratchMember(file.name, file.spilled.path, file.spilled.size, ctx.budget, 'embedded file');
      yield* readMember(() => ctx.open(member, inner), where, ctx.budget);
      continue;
    }
    if (file.bytes === undefined) {
      yield errorPart(where, new ScanError('LIMIT_EXCEEDED', `files embedded in the object are over ${limit} bytes in all (maxBufferedBytes)`));
      continue;
    }
    const member = memoryMember(file.name, file.bytes, ctx.budget, 'embedded file');
    yield* readMember(() => ctx.open(member, inner), where, ctx.budget);
  }
}

/**
 * A text part whose chunks are watched for base64 files, then each file found as a member (see
 * the module doc).
 */
export async function* withEmbeddedFiles(part: TextPart, ctx: ReadContext): AsyncGenerator<ContentPart> {
  let found: EmbeddedFiles | undefined;
  /** Every watcher made (the text may be read more than once): each one's scratch files are removed at the end. */
  const watchers: EmbeddedFiles[] = [];
  const limit = ctx.budget.limits.maxBufferedBytes;
  // An iterator of its own, not an async generator: a generator's layer cost a zip of 20,000
  // small texts 0.3 s and 55 MiB (measured; docs/formats.md).
  const watched = (): AsyncIterator<string> => {
    const chunks = part.chunks[Symbol.asyncIterator]();
    const files = new EmbeddedFiles(limit, SPILL_CHARS);
    watchers.push(files);
    found = undefined;
    return {
      async next() {
        const result = await chunks.next();
        if (result.done === true) {
          files.end();
          found = files;
        } else files.push(result.value);
        return result;
      },
      async return() {
        await chunks.return?.();
        return { done: true, value: undefined };
      },
    };
  };
  try {
    yield { ...part, chunks: { [Symbol.asyncIterator]: watched } };
    if (found !== undefined) yield* readFound(foundIn(found, ''), ctx);
  } finally {
    for (const watcher of watchers) watcher.dispose();
  }
}

/**
 * The parts of an object with the files in its cells read as members after each cells part: a
 * BLOB that is a file (a photo, a PDF, a zip in a database column: Cell.bytes), and base64 files in
 * a cell's text (a `data:` URI in a TEXT column), named `<sheet>/<cell>` and
 * `<sheet>/<cell>/base64@<offset>`. What a BLOB that is no file holds stays unread, as before.
 */
export async function* withCellFiles(parts: AsyncIterable<ContentPart>, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const limit = ctx.budget.limits.maxBufferedBytes;
  for await (const part of parts) {
    if (part.kind !== 'cells') {
      yield part;
      continue;
    }
    const files: FoundFile[] = [];
    let held = 0;
    const watch = (cell: Cell): void => {
      if (cell.bytes !== undefined) {
        const bytes = worthReading(cell.bytes);
        if (bytes === undefined) return;
        const over = held + bytes.length > limit;
        if (!over) held += bytes.length;
        files.push({ name: `${cell.sheet}/${cell.ref}`, bytes: over ? undefined : bytes, layout: false });
      } else if (cell.text.length >= MIN_SEGMENT_CHARS) {
        for (const file of filesIn(cell.text, `${cell.sheet}/${cell.ref}/`, limit - held)) {
          held += file.bytes?.length ?? 0;
          files.push(file);
        }
      }
    };
    async function* watched(): AsyncGenerator<readonly Cell[]> {
      files.length = 0;
      for await (const batch of (part as CellsPart).cells) {
        for (let i = 0; i < batch.length; i++) {
          const cell = batch[i];
          if (cell.bytes !== undefined || cell.text.length >= MIN_SEGMENT_CHARS) watch(cell);
        }
        yield batch;
      }
    }
    yield { ...part, cells: { [Symbol.asyncIterator]: watched } };
    yield* readFound(files, ctx);
  }
}
