/**
 * Encodings decided by content where no BOM says: UTF-16 without BOM (Windows tools write it),
 * and Big5 (Hong Kong and Taiwan customers) against GB18030 when the bytes are not UTF-8.
 *
 * | Evidence in the head                                              | Result        |
 * |-------------------------------------------------------------------|---------------|
 * | >= 1/64 of the 2-byte units have a NUL high byte, on one side only (50 to 1), and 95% of units are text | `utf-16le`/`utf-16be` |
 * | a GB18030 four-byte sequence, or pairs outside Big5-HKSCS's ranges | `gb18030`     |
 * | >= 1/5 of the double-byte pairs have a Big5 mark (below)          | `big5`        |
 * | otherwise                                                         | `gb18030`     |
 *
 * Big5 marks: a trail byte 0x40-0x7E (where Big5 puts about 40% of its characters, and GBK text
 * only its rare extension characters), or a lead byte 0xA4-0xA7 (Big5's commonest characters,
 * which have the fewest strokes; GB2312's kana, Greek and Cyrillic rows, rare in Chinese text).
 *
 * Big5 here is Big5-HKSCS, as the WHATWG Encoding Standard and Hong Kong systems have it: lead
 * bytes 0x87-0xFE, trail bytes 0x40-0x7E and 0xA1-0xFE. Hong Kong's own characters lie in the lead
 * bytes below 0xA1 and above 0xF9 (`邨` of the housing estates, `埗` of 深水埗, `鰂` of 鰂魚涌), and so do
 * the Simplified characters HKSCS adds (`号`, `东`). Counted as outside Big5, a Hong Kong list whose
 * addresses held a few of them was decoded as GB18030, nonsense: its names and addresses were
 * missed, and a list of nothing else came out public.
 */
import iconv from 'iconv-lite';

/** A UTF-16 code unit that ordinary text is made of: printable ASCII and white space, CJK, punctuation. */
export function isTextUnit(unit: number): boolean {
  return (
    (unit >= 0x20 && unit <= 0x7e) ||
    unit === 0x09 ||
    unit === 0x0a ||
    unit === 0x0d ||
    (unit >= 0xa0 && unit <= 0x24f) || // Latin-1 and Latin Extended (names, accents)
    (unit >= 0x2000 && unit <= 0x206f) || // general punctuation
    (unit >= 0x3000 && unit <= 0x303f) || // CJK punctuation
    (unit >= 0x3400 && unit <= 0x9fff) || // CJK ideographs (and extension A)
    (unit >= 0xff00 && unit <= 0xffef) // full-width forms
  );
}

/** Groups of four bytes a head needs to be told UTF-32 by its content. */
const UTF32_MIN_GROUPS = 8;

/**
 * UTF-32 by the first bytes: its byte order mark (FF FE 00 00, 00 00 FE FF; the first is UTF-16's
 * mark and a NUL, which no UTF-16 text starts with), or by content: every group of four bytes a
 * code point (at most U+10FFFF, no surrogate), 95% of them text (no control but tab and line
 * ends), a quarter ASCII. Read as UTF-16 a customer list so saved was nonsense, and public.
 */
export function utf32Of(head: Uint8Array): 'utf-32le' | 'utf-32be' | undefined {
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) return 'utf-32le';
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) return 'utf-32be';
  const groups = head.length >> 2;
  if (groups < UTF32_MIN_GROUPS) return undefined;
  for (const littleEndian of [true, false]) {
    let text = 0;
    let ascii = 0;
    let valid = true;
    for (let g = 0; g < groups && valid; g++) {
      const at = g * 4;
      const cp = littleEndian
        ? (head[at] | (head[at + 1] << 8) | (head[at + 2] << 16) | (head[at + 3] << 24)) >>> 0
        : ((head[at] << 24) | (head[at + 1] << 16) | (head[at + 2] << 8) | head[at + 3]) >>> 0;
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) valid = false;
      else if (cp >= 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d) {
        text++;
        if (cp < 0x80) ascii++;
      }
    }
    if (valid && text >= 0.95 * groups && ascii >= groups / 4) return littleEndian ? 'utf-32le' : 'utf-32be';
  }
  return undefined;
}

/** A decoder of UTF-32 (iconv-lite's; a byte order mark dropped). */
export function utf32Decoder(encoding: 'utf-32le' | 'utf-32be'): ChunkDecoder {
  const decoder = iconv.getDecoder(encoding);
  return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? '', lenient: false, lenientFrom: 0 };
}

/**
 * UTF-16 by the first bytes: a byte order mark (not a stray one before bytes without a NUL:
 * utf16MarkOnly), else where the NULs sit (utf16ByContent). What text.ts decodes a text as, and
 * what sniff.ts reads a head as.
 */
export function utf16Of(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (!utf16MarkOnly(head)) {
    if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
    if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  }
  return utf16ByContent(head);
}

/**
 * True for a UTF-16 byte order mark before bytes that are no UTF-16: not one NUL byte in a head
 * of 16 bytes or more (UTF-16 gives one for every ASCII character, a line end included). A stray
 * mark before a UTF-8 or GBK file (found by fuzzing: a customer list so marked came out public,
 * read as UTF-16). decodeText skips the mark.
 */
export function utf16MarkOnly(head: Uint8Array): boolean {
  if (head.length < 18 || !((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return false;
  for (let i = 2; i < head.length; i++) if (head[i] === 0) return false;
  return true;
}

/** UTF-16 without a BOM, recognized by where its NUL bytes sit; undefined when not UTF-16. */
export function utf16ByContent(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const units = head.length >> 1;
  if (units < 2) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < units * 2; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  let endian: 'utf-16le' | 'utf-16be';
  // Where the units are read from: UTF-16LE that lost its first byte reads from the second.
  let from = 0;
  // Chinese prose has few ASCII units (line ends, digits): a few NULs, all on one side, are enough
  // with the text check below (stray NULs fall on both sides).
  if (oddZero * 64 >= units && evenZero * 50 <= oddZero) endian = 'utf-16le';
  else if (evenZero * 64 >= units && oddZero * 50 <= evenZero) {
    // NULs before their ASCII bytes: UTF-16BE, or UTF-16LE that lost its first byte (a copy cut at
    // its start, its byte order mark gone: read as BE, its ASCII was right and every Chinese
    // character nonsense, and a list of names came out public). Told by which reading is in step.
    endian = offStepUnits(head, false, 1) * 4 < offStepUnits(head, true, 0) ? 'utf-16le' : 'utf-16be';
    if (endian === 'utf-16le') from = 1;
  } else return undefined;
  let text = 0;
  for (let i = from; i + 1 < head.length; i += 2) {
    const unit = endian === 'utf-16le' ? head[i] | (head[i + 1] << 8) : (head[i] << 8) | head[i + 1];
    if (isTextUnit(unit)) text++;
  }
  return text * 20 >= ((head.length - from) >> 1) * 19 ? endian : undefined;
}

/**
 * The units of `head` read as UTF-16 from byte `from` that a reading one byte off gives: an ASCII
 * character and the NUL beside it read the wrong way round (asciiOneOff), and
 * where ASCII and Chinese meet, a NUL of an ASCII character and a byte of a Chinese one
 * (U+0080-U+00FF) or a byte of a Chinese character and a tab or a line end (U+xx09, U+xx0A,
 * U+xx0D). Text read in step holds few of them.
 */
function offStepUnits(head: Uint8Array, bigEndian: boolean, from: number): number {
  let count = 0;
  for (let i = from; i + 1 < head.length; i += 2) {
    const unit = bigEndian ? (head[i] << 8) | head[i + 1] : head[i] | (head[i + 1] << 8);
    const low = unit & 0xff;
    if ((unit >= 0x80 && unit <= 0xff) || (unit > 0xff && (low === 0x09 || low === 0x0a || low === 0x0d)) || asciiOneOff(unit)) count++;
  }
  return count;
}

/** Off-step units (offStepUnits) a head must hold, four times those read a byte on, to be read from its second byte. */
const OFF_STEP_START = 4;

/** True when UTF-16 `head` reads in step from its second byte and not from its first (its first byte lost). */
function startsOffStep(head: Uint8Array, bigEndian: boolean): boolean {
  const offStep = offStepUnits(head, bigEndian, 0);
  return offStep >= OFF_STEP_START && offStepUnits(head, bigEndian, 1) * 4 < offStep;
}

/** The first lead byte of Big5-HKSCS (0x81-0x86 are GBK's only). */
const BIG5_HKSCS_FIRST_LEAD = 0x87;

/** GB18030 or Big5 for bytes that are not UTF-8 (see the module doc). */
export function legacyChineseEncoding(bytes: Uint8Array): 'gb18030' | 'big5' {
  let pairs = 0;
  let marks = 0;
  let outsideBig5 = 0;
  let i = 0;
  while (i + 1 < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x81 || lead === 0xff) {
      i++;
      continue;
    }
    const trail = bytes[i + 1];
    // A digit after a lead byte starts a four-byte sequence: GB18030 only.
    if (trail >= 0x30 && trail <= 0x39) return 'gb18030';
    pairs++;
    const low = trail >= 0x40 && trail <= 0x7e;
    if (low || (lead >= 0xa4 && lead <= 0xa7)) marks++;
    if (lead < BIG5_HKSCS_FIRST_LEAD || !(low || (trail >= 0xa1 && trail <= 0xfe))) outsideBig5++;
    i += 2;
  }
  if (pairs === 0 || outsideBig5 * 50 > pairs) return 'gb18030';
  return marks * 5 >= pairs ? 'big5' : 'gb18030';
}

/** Chinese characters a legacyChineseText must hold. */
const LEGACY_TEXT_MIN_HAN = 8;

/**
 * True for bytes that are Chinese text in GB18030 or Big5 (legacyChineseEncoding): they decode
 * without error, hold LEGACY_TEXT_MIN_HAN Chinese characters, and 95% of what they decode to is text
 * (isTextUnit). A sequence cut by the end of `bytes` is not an error.
 */
export function legacyChineseText(bytes: Uint8Array): boolean {
  let text: string;
  if (legacyChineseEncoding(bytes) === 'big5') {
    // iconv-lite's decoder (big5Decoder): a byte pair it cannot map becomes U+FFFD.
    text = big5Decoder().write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    if (text.includes('\uFFFD')) return false;
  } else {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(bytes, { stream: true });
    } catch {
      return false;
    }
  }
  let han = 0;
  let textUnits = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x3400 && unit <= 0x9fff) han++;
    if (isTextUnit(unit)) textUnits++;
  }
  return han >= LEGACY_TEXT_MIN_HAN && textUnits * 20 >= text.length * 19;
}

/**
 * A streaming Big5 decoder: iconv-lite's Big5-HKSCS, never the runtime's TextDecoder. Node's (ICU's
 * windows-950) maps Hong Kong's characters to private use code points (0x9068 `邨` to U+E473),
 * which no detector reads. A character split across writes is kept whole.
 */
export function big5Decoder(): { write(bytes: Buffer): string; end(): string } {
  const decoder = iconv.getDecoder('big5');
  return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? '' };
}

let fromPrivateUse: Map<string, string> | undefined;

/**
 * `text` decoded by node's own Big5 decoder (as a library that uses TextDecoder decodes it:
 * postal-mime), with the private-use code points it gives Hong Kong's characters mapped back to
 * them, as iconv-lite's Big5-HKSCS decodes the same bytes. The map is made once, from every Big5
 * byte pair decoded both ways (about 6,200 differ).
 */
export function hkscsFromPrivateUse(text: string): string {
  if (!/[\uE000-\uF8FF]/.test(text)) return text;
  if (fromPrivateUse === undefined) {
    fromPrivateUse = new Map();
    const runtime = new TextDecoder('big5');
    const pair = Buffer.alloc(2);
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail > 0x7e && trail < 0xa1) continue;
        pair[0] = lead;
        pair[1] = trail;
        const own = runtime.decode(pair);
        const code = own.charCodeAt(0);
        if (own.length !== 1 || code < 0xe000 || code > 0xf8ff) continue;
        const real = iconv.decode(pair, 'big5');
        if (real !== '\ufffd' && real !== own) fromPrivateUse.set(own, real);
      }
    }
  }
  const map = fromPrivateUse;
  return text.replace(/[\uE000-\uF8FF]/g, (c) => map.get(c) ?? c);
}

/** A streaming decoder: `write` may be called with any slice, `end` flushes. */
export interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
  /**
   * True while the bytes written need not be text to decode: a legacy Chinese encoding (any bytes
   * make characters), or UTF-8 after an invalid byte. Bytes written then are measured (opacity.ts).
   */
  readonly lenient: boolean;
  /** Where in the chunk last written leniency began: 0 unless it began inside it. */
  readonly lenientFrom: number;
}

/** Characters read one byte off in a row that tell a UTF-16 text lost its step (Utf16Decoder). */
const MISALIGNED_RUN = 8;

/** True for a unit that is an ASCII character (a line end to `~`) and its NUL read one byte off: U+0A00-U+7E00 ending in a zero byte. */
function asciiOneOff(unit: number): boolean {
  return (unit & 0xff) === 0 && unit >= 0x0a00 && unit <= 0x7e00;
}

/** Where the first run of MISALIGNED_RUN characters read one byte off starts in `text` (readMisaligned's kind), or -1. */
function misalignedAt(text: string): number {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (asciiOneOff(c)) {
      if (++run === MISALIGNED_RUN) return i + 1 - MISALIGNED_RUN;
    } else run = 0;
  }
  return -1;
}

/**
 * UTF-16 that keeps in step: a byte lost or added (a damaged copy) reads every character after it
 * one byte off, its ASCII as characters ending in a zero byte (`6` as U+3600, a line end as
 * U+0A00) and its Chinese as nonsense: a list of names in UTF-16 with its first byte lost came out
 * with one QQ number found. At a run of MISALIGNED_RUN such characters the decoder skips one byte
 * and reads on in step (what lay between the damage and the run is lost). Chinese text has a
 * character ending in a zero byte once in 256 (一 is U+4E00), never eight in a row. What text.ts
 * decodes UTF-16 with, and sniff.ts a UTF-16 head.
 */
export class Utf16Decoder implements ChunkDecoder {
  readonly lenient = false;
  readonly lenientFrom = 0;
  /** A byte of a character whose other byte is in the next chunk. */
  private carry: Buffer | undefined;
  private first = true;

  constructor(private readonly bigEndian: boolean) {}

  write(chunk: Buffer): string {
    let bytes = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    // A text that lost its first byte (its mark too): read from its second, nothing lost (the
    // first run read one byte off would have cost the characters before it).
    if (this.first && this.carry === undefined && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff) && startsOffStep(bytes, this.bigEndian)) {
      bytes = bytes.subarray(1);
    }
    let text = '';
    for (;;) {
      const even = bytes.length & ~1;
      const read = this.decode(bytes.subarray(0, even));
      const at = misalignedAt(read);
      if (at < 0) {
        text += read;
        this.carry = even < bytes.length ? Buffer.from(bytes.subarray(even)) : undefined;
        break;
      }
      text += read.slice(0, at);
      bytes = bytes.subarray(2 * at + 1);
    }
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  end(): string {
    return this.carry === undefined ? '' : '\uFFFD';
  }

  private decode(bytes: Buffer): string {
    return this.bigEndian ? Buffer.from(bytes).swap16().toString('utf16le') : bytes.toString('utf16le');
  }
}

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
const GB18030_STRICT = new TextDecoder('gb18030', { fatal: true });

/**
 * A stored value's bytes as text when its file names no encoding (a Stata string before release
 * 118, a SAS transport or NumPy bytes value, an SPSS string without an encoding record, a pickle's
 * Python 2 `str`): UTF-8 when they are; else, unless `utf8Only`, GB18030 (a Chinese system's code
 * page) when they decode so; else undefined: the caller reads them as Latin-1, or hands them on as
 * bytes (a file may be in them).
 */
export function utf8OrGb18030(bytes: Uint8Array, utf8Only = false): string | undefined {
  for (const decoder of utf8Only ? [UTF8_STRICT] : [UTF8_STRICT, GB18030_STRICT]) {
    try {
      return decoder.decode(bytes);
    } catch {
      // the next decoder
    }
  }
  return undefined;
}
