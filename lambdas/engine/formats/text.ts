/**
 * Text reader: decodes a byte stream into bounded string chunks without ever holding the whole
 * object. Encodings: UTF-8 (with or without BOM), UTF-16LE/BE with or without BOM, and, when the
 * bytes are not valid UTF-8, GB18030/GBK (what Excel on Chinese Windows writes) or Big5 (see
 * charset.ts).
 */
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart, Format, Location, TextPart } from '../types.js';
import { asBuffer, sourceBytes } from './bytes.js';
import { Utf16Decoder, big5Decoder, legacyChineseEncoding, utf16MarkOnly, utf16Of, utf32Decoder, utf32Of, type ChunkDecoder } from './charset.js';
import { MIN_SEGMENT_CHARS, withEmbeddedFiles } from './embedded.js';
import { DELIMITER_CHARS, delimiterCounts } from './delimiters.js';
import { decodeEscapes, unescapedText } from './escapes.js';
import { errorPart } from './members.js';
import { OpacityMeter } from './opacity.js';
import { whereOf, type ReadContext } from './limits.js';
import type { Source } from './source.js';

/** Encodings the text reader decodes. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'gb18030' | 'big5';

/** Decoded text is handed on once at least this many characters have gathered. */
export const TEXT_CHUNK_MIN_CHARS = 16 * 1024;
/**
 * Bytes decoded at once: bigger input chunks are cut (views, no copies). Small, so decoded
 * strings stay below V8's large-object size and die young (see WINDOW_CHARS in the matcher).
 */
export const TEXT_SLICE_BYTES = 48 * 1024;
/** No chunk is longer than this (MIN + one slice, plus the few bytes a decoder carries over). */
export const TEXT_CHUNK_MAX_CHARS = 1024 * 1024;

/** Length of the UTF-8 sequence a lead byte starts, 0 for bytes that cannot lead one. */
function utf8SequenceLength(byte: number): number {
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}

/** Valid range of the second byte after a lead byte (excludes overlongs and surrogates). */
function secondByteOk(lead: number, byte: number): boolean {
  if (lead === 0xe0) return byte >= 0xa0 && byte <= 0xbf;
  if (lead === 0xed) return byte >= 0x80 && byte <= 0x9f;
  if (lead === 0xf0) return byte >= 0x90 && byte <= 0xbf;
  if (lead === 0xf4) return byte >= 0x80 && byte <= 0x8f;
  return byte >= 0x80 && byte <= 0xbf;
}

/**
 * Invalid bytes with only ASCII bytes, fewer than this, since the last one go on its run: random
 * bytes inserted into a UTF-8 file (a damaged copy) hold ASCII bytes among them, and each stretch
 * between counted as a run of its own (nine in 32 bytes), a short list of names was decoded as
 * GB18030, every name garbled. A valid multibyte sequence ends a run (a GBK or Big5 text's words
 * hold many that are valid UTF-8 by chance, between the bytes that are not).
 */
const INVALID_RUN_GAP = 16;

/**
 * Counts valid multibyte sequences and runs of invalid bytes (a damaged stretch of a UTF-8 file,
 * 200 bytes overwritten or 32 inserted, is one: INVALID_RUN_GAP; each word of a GBK text is
 * one); a sequence cut by the end is ignored.
 */
export function utf8Stats(bytes: Uint8Array): { multibyte: number; invalidRuns: number } {
  const { multibyte, invalid } = utf8Scan(bytes, 0, false);
  return { multibyte, invalidRuns: invalid };
}

/**
 * Where the first byte that is not UTF-8 lies in `bytes`, which may start inside a sequence begun
 * before them (up to 3 continuation bytes are passed over); `bytes.length` when there is none.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let from = 0;
  while (from < 3 && from < bytes.length && (bytes[from] & 0xc0) === 0x80) from++;
  return utf8Scan(bytes, from, true).first;
}

/** Walks UTF-8 sequences from `from`, counting (runs of invalid bytes); with `stop`, ends at the first invalid byte. */
function utf8Scan(bytes: Uint8Array, from: number, stop: boolean): { multibyte: number; invalid: number; first: number } {
  let multibyte = 0;
  let invalid = 0;
  /** Where the last invalid byte ended, -1 after a valid multibyte sequence: an invalid byte less than INVALID_RUN_GAP after it goes on its run. */
  let invalidEnd = -1;
  let i = from;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(lead);
    if (length === 0) {
      if (stop) return { multibyte, invalid, first: i };
      if (invalidEnd < 0 || i - invalidEnd >= INVALID_RUN_GAP) invalid++;
      invalidEnd = ++i;
      continue;
    }
    let ok = true;
    let k = 1;
    for (; k < length && i + k < bytes.length; k++) {
      const byte = bytes[i + k];
      if (k === 1 ? !secondByteOk(lead, byte) : byte < 0x80 || byte > 0xbf) {
        ok = false;
        break;
      }
    }
    if (ok && i + k >= bytes.length && k < length) break; // cut by the end of the sample
    if (ok) {
      multibyte++;
      i += length;
      invalidEnd = -1;
    } else {
      if (stop) return { multibyte, invalid, first: i };
      if (invalidEnd < 0 || i - invalidEnd >= INVALID_RUN_GAP) invalid++;
      invalidEnd = ++i;
    }
  }
  return { multibyte, invalid, first: bytes.length };
}

/**
 * Guesses the encoding from the first bytes: a BOM decides; then UTF-32 by its code points, UTF-16 by where its NULs sit;
 * otherwise UTF-8 unless the bytes are not valid UTF-8, in which case GB18030 (a superset of GBK
 * and GB2312) or Big5, unless valid UTF-8 sequences clearly dominate, three to each run of
 * invalid bytes (a UTF-8 file with a stray bad byte, or a stretch of them: counted byte by byte, a
 * list of names with 200 bytes overwritten was decoded as GBK, every name garbled, and public).
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (utf16MarkOnly(head)) return detectEncoding(head.subarray(2));
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  const utf32 = utf32Of(head);
  if (utf32 !== undefined) return utf32;
  const utf16 = utf16Of(head);
  if (utf16 !== undefined) return utf16;
  return utf8Dominates(head) ? 'utf-8' : legacyChineseEncoding(head);
}

/**
 * Valid UTF-8 multibyte sequences to each run of invalid bytes that make a text UTF-8. GBK and
 * Big5 texts hold some valid by chance: at most 1.43 to a run over 600 GBK customer lists of 5 to
 * 200 rows, 1.01 over 400 GBK and Big5 logs. At eight (before engine 0.3.9), a short UTF-8 list
 * with eight bytes overwritten in its first lines (about 50 sequences, up to 8 runs) was decoded
 * as GB18030, every name garbled: public.
 */
const UTF8_DOMINANCE = 3;

/** True when `bytes` read as UTF-8: valid, or UTF8_DOMINANCE valid multibyte sequences or more to each run of invalid bytes. */
function utf8Dominates(bytes: Uint8Array): boolean {
  const { multibyte, invalidRuns } = utf8Stats(bytes);
  return invalidRuns === 0 || multibyte >= UTF8_DOMINANCE * invalidRuns;
}


function webDecoder(encoding: string, options: { fatal?: boolean; ignoreBOM?: boolean } = {}, lenient = false): ChunkDecoder {
  const decoder = new TextDecoder(encoding, options);
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
    lenient,
    lenientFrom: 0,
  };
}

/**
 * GB18030 or Big5 decoder. GB18030: the runtime's TextDecoder (ICU, about 3x faster) when it has
 * one, otherwise iconv-lite's streaming decoder. Big5: iconv-lite's always (big5Decoder: ICU
 * loses Hong Kong's characters). Both keep a character split across slices whole.
 */
function legacyDecoder(encoding: 'gb18030' | 'big5'): ChunkDecoder {
  if (encoding === 'gb18030') {
    try {
      return webDecoder(encoding, {}, true);
    } catch {
      // A runtime without ICU's GB18030: iconv-lite's, below.
    }
  }
  const decoder = encoding === 'big5' ? big5Decoder() : iconv.getDecoder(encoding);
  return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? '', lenient: true, lenientFrom: 0 };
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

/** Bytes at the end of `tail` that start a UTF-8 sequence not yet complete. */
function incompleteUtf8Tail(tail: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, tail.length); k++) {
    const byte = tail[tail.length - k];
    if ((byte & 0xc0) === 0x80) continue;
    const length = utf8SequenceLength(byte);
    return length > k ? k : 0;
  }
  return 0;
}

/**
 * UTF-8 that changes its mind: strict while the bytes are valid; at the first invalid byte it
 * switches to GB18030 or Big5 if everything so far was ASCII and what follows in the chunk is no
 * UTF-8 (a GBK file whose first Chinese character lies past the sniffed head), otherwise to
 * lenient UTF-8 (U+FFFD for bad bytes: a UTF-8 list with a byte damaged in its ASCII first line
 * was decoded as GB18030 from there, every name after it garbled).
 */
class AdaptiveUtf8Decoder implements ChunkDecoder {
  private strict: TextDecoder | undefined = new TextDecoder('utf-8', { fatal: true });
  private fallback: ChunkDecoder | undefined;
  private bytes = 0;
  private chars = 0;
  private tail = Buffer.alloc(0);

  lenientFrom = 0;

  get lenient(): boolean {
    return this.fallback !== undefined;
  }

  write(chunk: Buffer): string {
    if (this.fallback !== undefined) {
      this.lenientFrom = 0;
      return this.fallback.write(chunk);
    }
    try {
      const text = this.strict!.decode(chunk, { stream: true });
      this.bytes += chunk.length;
      this.chars += text.length;
      this.tail = Buffer.concat([this.tail, chunk.subarray(-3)]).subarray(-3);
      return text;
    } catch {
      return this.switchTo(chunk);
    }
  }

  end(): string {
    if (this.fallback !== undefined) return this.fallback.end();
    try {
      return this.strict!.decode();
    } catch {
      // Only an incomplete sequence at the very end can fail here.
      return '\uFFFD';
    }
  }

  private switchTo(chunk: Buffer): string {
    this.strict = undefined;
    this.lenientFrom = firstInvalidUtf8(chunk);
    // Characters equal bytes only while every byte was ASCII (and nothing is pending); and so must
    // be the chunk's bytes before the invalid one. A UTF-8 text that goes on otherwise in its first
    // chunk was decoded whole as GB18030 (its Chinese names and addresses nonsense).
    if (this.chars === this.bytes && isAscii(chunk.subarray(0, this.lenientFrom)) && !utf8Dominates(chunk.subarray(this.lenientFrom))) {
      this.fallback = legacyDecoder(legacyChineseEncoding(chunk));
      return this.fallback.write(chunk);
    }
    this.fallback = webDecoder('utf-8', { ignoreBOM: true }, true);
    const pending = incompleteUtf8Tail(this.tail);
    const carried = pending > 0 ? this.fallback.write(this.tail.subarray(this.tail.length - pending)) : '';
    return carried + this.fallback.write(chunk);
  }
}

/** A decoder for one encoding. A BOM is dropped. */
export function createDecoder(encoding: TextEncoding): ChunkDecoder {
  switch (encoding) {
    case 'utf-8':
      return new AdaptiveUtf8Decoder();
    case 'gb18030':
    case 'big5':
      return legacyDecoder(encoding);
    case 'utf-16le':
    case 'utf-16be':
      return new Utf16Decoder(encoding === 'utf-16be');
    case 'utf-32le':
    case 'utf-32be':
      return utf32Decoder(encoding);
  }
}

/**
 * Decodes a byte stream into strings of TEXT_CHUNK_MIN_CHARS..TEXT_CHUNK_MAX_CHARS characters
 * (the last one may be shorter). Memory stays bounded whatever the stream's length. With a
 * `meter`, the bytes the decoder takes leniently (ChunkDecoder.lenient) are measured, the others
 * counted as text, and the meter is finished at the end.
 */
export async function* decodeText(stream: AsyncIterable<Uint8Array>, encoding: TextEncoding, meter?: OpacityMeter): AsyncGenerator<string> {
  const decoder = createDecoder(encoding);
  let pending = '';
  // A stray UTF-16 mark is looked for in the 8-bit encodings only (UTF-32's mark starts with one).
  let first = encoding === 'utf-8' || encoding === 'gb18030' || encoding === 'big5';
  try {
    for await (const bytes of stream) {
      let chunk = asBuffer(bytes);
      // A stray UTF-16 byte order mark before other text (charset.ts utf16MarkOnly) is skipped.
      if (first && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) chunk = chunk.subarray(2);
      if (chunk.length > 0) first = false;
      for (let offset = 0; offset < chunk.length; offset += TEXT_SLICE_BYTES) {
        const slice = chunk.length <= TEXT_SLICE_BYTES ? chunk : chunk.subarray(offset, offset + TEXT_SLICE_BYTES);
        const wasLenient = decoder.lenient;
        pending += decoder.write(slice);
        if (meter !== undefined) {
          // Bytes up to where leniency began are text; from there on they are measured.
          const from = !decoder.lenient ? slice.length : wasLenient ? 0 : Math.min(decoder.lenientFrom, slice.length);
          meter.measuredBytes += from;
          if (from < slice.length) meter.feed(slice.subarray(from));
        }
        if (pending.length >= TEXT_CHUNK_MIN_CHARS) {
          yield pending;
          pending = '';
        }
      }
    }
  } catch (error) {
    // The text decoded before the stream failed (a tar cut short) is read: then its error.
    if (pending.length > 0) yield pending;
    throw error;
  }
  pending += decoder.end();
  if (meter !== undefined) {
    meter.finish();
    meter.finished = true;
  }
  if (pending.length > 0) yield pending;
}

/** Decodes a complete sample (the sniffed head) for a quick look; a cut character is dropped. */
export function decodeSample(head: Uint8Array, encoding: TextEncoding): string {
  return createDecoder(encoding).write(asBuffer(head));
}

/**
 * Chunks of an in-memory string, at most TEXT_CHUNK_MAX_CHARS each (substrings, never inside a
 * surrogate pair), as a re-iterable TextPart stream.
 */
/** A line of a text with its end (`\n`; none for a last line without one, or a piece of a line cut). */
export interface TextLine {
  readonly line: string;
  readonly end: string;
  /** A piece of a line longer than the reader takes (its rest follows). */
  readonly cut?: boolean;
}

/**
 * The lines of `chunks` (a `\r` before a `\n` kept in the line), a chunk's at a time; a line longer
 * than `max` characters comes in pieces of `max`, cut, so that no line is held whole.
 */
export async function* textLines(chunks: AsyncIterable<string>, max: number): AsyncGenerator<TextLine[]> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += chunk;
    const lines: TextLine[] = [];
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      lines.push({ line: pending.slice(start, nl), end: '\n' });
      start = nl + 1;
    }
    pending = pending.slice(start);
    while (pending.length > max) {
      lines.push({ line: pending.slice(0, max), end: '', cut: true });
      pending = pending.slice(max);
    }
    if (lines.length > 0) yield lines;
  }
  if (pending !== '') yield [{ line: pending, end: '' }];
}

export function stringChunks(text: string): AsyncIterable<string> {
  return {
    async *[Symbol.asyncIterator]() {
      let offset = 0;
      while (offset < text.length) {
        let end = Math.min(text.length, offset + TEXT_CHUNK_MAX_CHARS);
        const last = text.charCodeAt(end - 1);
        if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
        yield text.slice(offset, end);
        offset = end;
      }
    },
  };
}

/** Lines a delimiter is told from. */
const DELIMITER_LINES = 10;

/**
 * Of `, ; TAB |` outside quotes, the one on the most of the first DELIMITER_LINES lines, then the
 * most frequent; `,` when none appears. The first line alone misled when it held none or another
 * (a title above the header row, `客户信息表`; a first line broken by a line end or bytes inserted):
 * a `;` list read with `,` had no columns, and came out public.
 */
export function detectDelimiter(sample: string): string {
  const lines = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const line of sample.split(/\r?\n/, DELIMITER_LINES)) {
    for (const [char, count] of delimiterCounts(line)) {
      counts.set(char, (counts.get(char) ?? 0) + count);
      lines.set(char, (lines.get(char) ?? 0) + 1);
    }
  }
  let best = ',';
  let bestLines = 0;
  let bestCount = 0;
  for (const candidate of DELIMITER_CHARS) {
    const onLines = lines.get(candidate) ?? 0;
    const count = counts.get(candidate) ?? 0;
    if (onLines > bestLines || (onLines === bestLines && count > bestCount)) {
      best = candidate;
      bestLines = onLines;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Reads a text object (any of text, csv, tsv, json, jsonl) as one TextPart, then the files embedded
 * in it as base64 as its members (embedded.ts). `head` is the sniffed head, used to choose the
 * encoding and the CSV delimiter; the chunks open the source lazily, their escaped characters
 * decoded (escapes.ts: `\u5f20`, `%E5%BC%A0`, `&#24352;`).
 *
 * A file that starts as text need not go on so: a shell installer with an archive after its
 * script, a log with a compressed blob appended. Bytes from the first that is not UTF-8 on are
 * measured as the strings pass measures an unknown format (opacity.ts), and a text with any opaque
 * block (1 KiB or more of compressed or encrypted bytes) ends OPAQUE after its findings, never
 * public. An unknown binary needs a quarter of its bytes opaque: machine code holds compressed
 * resources; a text holds none but what was packed into it.
 */
export async function* readText(
  source: Source,
  format: Format,
  head: Uint8Array,
  ctx: ReadContext,
  watch?: () => TextWatch,
): AsyncGenerator<ContentPart> {
  const encoding = detectEncoding(head);
  // Escapes' own characters are no delimiter (the `;` of `&#24352;&#20255;,13812345678`).
  const delimiter = format === 'csv' ? detectDelimiter(decodeEscapes(decodeSample(head, encoding))) : format === 'tsv' ? '\t' : undefined;
  const meter = new OpacityMeter();
  const where = whereOf(ctx);
  let watching: TextWatch | undefined;
  const part: TextPart = {
    kind: 'text',
    where,
    ...(delimiter === undefined ? {} : { delimiter }),
    ...(format === 'json' || format === 'jsonl' ? { keyed: true } : {}),
    chunks: {
      [Symbol.asyncIterator]: () => {
        const text = unescapedText(decodeText(sourceBytes(source), encoding, meter));
        if (watch === undefined) return text;
        watching = watch();
        return watching.through(text)[Symbol.asyncIterator]();
      },
    },
  };
  // A text too short to hold a run of base64 (most members of a file server's zip) is not watched.
  if (source.size !== undefined && source.size < MIN_SEGMENT_CHARS) yield part;
  else yield* withEmbeddedFiles(part, ctx);
  const cells = watching?.cells ?? [];
  if (cells.length > 0) {
    yield {
      kind: 'cells',
      where,
      cells: {
        async *[Symbol.asyncIterator]() {
          yield cells;
        },
      },
    };
  }
  yield* opaqueTextError(meter, where);
}

/** What a text's chunks pass through on their way, finding cells in them, read after the text (text-table.ts LateTables). */
export interface TextWatch {
  through(chunks: AsyncIterable<string>): AsyncIterable<string>;
  readonly cells: readonly Cell[];
}

/**
 * OPAQUE when a text's bytes measured by `meter` (decodeText) held any opaque block: a text does
 * not hold compressed bytes but where something was packed into it (readText's doc). The text
 * readers of HTML and SQL dumps (html.ts, sql.ts) end so too: a dump of a BLOB column written raw.
 */
export function* opaqueTextError(meter: OpacityMeter, where: Location): Generator<ContentPart> {
  if (meter.finished && meter.opaqueBytes > 0) {
    yield errorPart(where, new ScanError('OPAQUE', `text, then bytes that are not: ${meter.opaqueShare}% of it compressed or encrypted (not read)`));
  }
}

/**
 * True when most of a text's characters are ASCII shifted into the high byte (`6` as U+3600):
 * UTF-16 read one byte off, from where a damaged structure points (a .doc's piece table, a .msg's
 * mini stream; found by fuzzing: letters of resident IDs read as such characters came out public).
 * Chinese text has a character ending in a zero byte once in 256.
 */
export function readMisaligned(text: string): boolean {
  let chars = 0;
  let shifted = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20) continue;
    chars++;
    if ((c & 0xff) === 0 && c >= 0x2100 && c <= 0x7e00) shifted++;
  }
  return chars >= 16 && shifted * 2 > chars;
}
