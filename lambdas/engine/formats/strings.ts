/**
 * The strings pass: the safety net for objects no reader knows (`.bak`, `.dat`, `.mdb`, a member
 * of unknown format). Like the Unix `strings` tool, it keeps the printable runs of the bytes and
 * hands them to the matcher as text, one run per line, so an ID stored inside any binary file is
 * still found and the object is never public for want of a reader.
 *
 * | Run kind  | Made of                                                              | Decoded as           |
 * |-----------|----------------------------------------------------------------------|----------------------|
 * | 8-bit     | printable ASCII, TAB/CR/LF, valid UTF-8 sequences, GB2312 byte pairs  | UTF-8, or GB18030 when a GB pair was used |
 * | UTF-16LE/BE | code units of text (charset.ts `isTextUnit`), at least MIN_UTF16_ASCII of them ASCII; or from MIN_HAN_RUN_CHARS units, half or more of them common ideographs (Chinese without ASCII: names, addresses) | UTF-16 |
 *
 * A run counts from MIN_RUN_CHARS characters. Random bytes rarely hold a run that long, and the
 * detectors' checksums and boundaries reject what they do hold (test/engine/formats/strings.test.ts
 * scans noise). A UTF-16 run needs ASCII units (with a NUL byte) or common ideographs, so that
 * 8-bit text is never read as UTF-16 nonsense (ASCII read as UTF-16 makes rare ideographs). Runs
 * are found across chunk edges; a single run longer than MAX_CARRY_BYTES is cut there.
 *
 * The pass also measures the bytes as they go (opacity.ts): an object mostly made of compressed or
 * encrypted bytes ends with an OPAQUE error part after its runs, since no text in those can be read.
 */
import iconv from 'iconv-lite';
import { ScanError } from '../errors.js';
import type { ContentPart, TextPart } from '../types.js';
import { sourceBytes } from './bytes.js';
import { isTextUnit } from './charset.js';
import { whereOf, type ReadContext } from './limits.js';
import { errorPart } from './members.js';
import { OpacityMeter } from './opacity.js';
import type { Source } from './source.js';
import { TEXT_CHUNK_MIN_CHARS } from './text.js';

/** Shortest run reported, in characters (8-bit tokens or UTF-16 units). */
export const MIN_RUN_CHARS = 8;
/** ASCII units a UTF-16 run needs at least, unless it is made of common ideographs (below). */
export const MIN_UTF16_ASCII = 4;
/**
 * A UTF-16 run without ASCII (Chinese in an nvarchar column: names, addresses) is text from this
 * many units when at least half of them are common ideographs (COMMON_HAN): one text unit in 48
 * is such an ideograph, so random bytes rarely make such a run; real Chinese text is mostly them.
 */
export const MIN_HAN_RUN_CHARS = 4;
/** An unfinished run longer than this is cut at a chunk edge rather than held. */
export const MAX_CARRY_BYTES = 1024 * 1024;

/**
 * Where the last run attempt ended (exclusive), its length in characters, whether the bytes ran
 * out first (the run may go on in the next chunk), whether a GB2312 pair was used, and its ASCII
 * units (UTF-16). Module state, not a result object: on binary data nearly every byte starts an
 * attempt, and one object per attempt was a third of the strings pass's time.
 */
let runEnd = 0;
let runChars = 0;
let runOpen = false;
let runGb = false;
let runAscii = 0;
let runCommon = 0;

/** Per byte: 1 printable ASCII (and TAB, CR, LF), 2 at or above 0x80, 0 otherwise. */
const BYTE_CLASS = (() => {
  const table = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) {
    table[byte] = (byte >= 0x20 && byte <= 0x7e) || byte === 0x09 || byte === 0x0a || byte === 0x0d ? 1 : byte >= 0x80 ? 2 : 0;
  }
  return table;
})();

/** Length of a valid UTF-8 sequence at `i`, 0 when there is none, -1 when the buffer ends inside it. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0) return 0;
  for (let k = 1; k < length; k++) {
    if (i + k >= bytes.length) return -1;
    const byte = bytes[i + k];
    const min = k > 1 ? 0x80 : lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const max = k > 1 ? 0xbf : lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    if (byte < min || byte > max) return 0;
  }
  return length;
}

/** An 8-bit run from `i` (into runEnd, runChars, runOpen, runGb). */
function byteRun(bytes: Uint8Array, i: number): void {
  let j = i;
  let chars = 0;
  let gb = false;
  let open = false;
  while (j < bytes.length) {
    const byte = bytes[j];
    const kind = BYTE_CLASS[byte];
    if (kind === 1) {
      j++;
    } else if (kind === 2) {
      const utf8 = utf8SequenceAt(bytes, j);
      if (utf8 === -1) {
        open = true;
        break;
      }
      if (utf8 > 0) j += utf8;
      else if (byte >= 0xa1 && byte <= 0xf7) {
        if (j + 1 >= bytes.length) {
          open = true;
          break;
        }
        const trail = bytes[j + 1];
        if (trail < 0xa1 || trail > 0xfe) break;
        gb = true;
        j += 2;
      } else break;
    } else break;
    chars++;
  }
  runEnd = j;
  runChars = chars;
  runOpen = open || j >= bytes.length;
  runGb = gb;
}

/** A UTF-16 run found: where it starts and ends, its byte order and its ASCII units. */
interface Utf16Run {
  readonly start: number;
  readonly end: number;
  readonly open: boolean;
  readonly littleEndian: boolean;
  readonly ascii: number;
}

/** A UTF-16 run from `start` (into runEnd, runChars, runOpen, runAscii, runCommon). */
function utf16Run(bytes: Uint8Array, start: number, littleEndian: boolean): void {
  let j = start;
  let ascii = 0;
  let common = 0;
  let open = true;
  while (j + 1 < bytes.length) {
    const unit = littleEndian ? bytes[j] | (bytes[j + 1] << 8) : (bytes[j] << 8) | bytes[j + 1];
    const kind = TEXT_UNITS[unit];
    if (kind === 0) {
      open = false;
      break;
    }
    if (unit < 0x80) ascii++;
    else if (kind === COMMON) common++;
    j += 2;
  }
  runEnd = j;
  runChars = (j - start) >> 1;
  runOpen = open;
  runAscii = ascii;
  runCommon = common;
}

/**
 * Common Chinese characters (simplified and traditional, and the labels of personal data). Real
 * text is full of them; text read one byte off is made of random ideographs, about 1 in 40 of
 * which is here.
 */
const COMMON_HAN = new Set(
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单亚' +
    '姓证号码手客户银卡邮箱护照址省县街路室先女士陈刘杨赵吴周徐孙胡朱高林何郭罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漆钱汤尹黎易常武乔贺赖龚文' +
    '證號碼戶銀電話機護郵箱國會來個們這時為說對後裡麼點種現話兒間開關長門問應東車馬陳劉楊趙吳張黃鄭謝韓馮蕭傅鄧許呂蘇盧蔣賈葉閻潘鍾汪陸顧侯龍萬錢湯賀賴龔',
);

/** TEXT_UNITS value of a common ideograph. */
const COMMON = 2;
/** Per code unit: 0 no text (`isTextUnit`), 1 text, COMMON a common ideograph; looked up in the hot loop. */
const TEXT_UNITS = (() => {
  const table = new Uint8Array(0x10000);
  for (let unit = 0; unit < table.length; unit++) table[unit] = isTextUnit(unit) ? 1 : 0;
  for (const han of COMMON_HAN) table[han.charCodeAt(0)] = COMMON;
  return table;
})();

/**
 * Positions below which a UTF-16 attempt is known to fail, per byte order and byte parity:
 * little-endian at 0 (even) and 1 (odd), big-endian at 2 and 3.
 */
type Utf16Skips = Int32Array;

function skipIndex(i: number, littleEndian: boolean): number {
  return (littleEndian ? 0 : 2) + (i & 1);
}

/**
 * A qualifying UTF-16 run at `i`, 'open' when the buffer ended first (and `final` is not set),
 * undefined when none (remembered in `skips`).
 */
function utf16At(bytes: Uint8Array, i: number, littleEndian: boolean, skips: Utf16Skips, final: boolean): Utf16Run | 'open' | undefined {
  if (i + 1 >= bytes.length) return final ? undefined : 'open';
  if (i < skips[skipIndex(i, littleEndian)]) return undefined;
  // Most positions in binary data start no text unit: settle them without a run.
  if (TEXT_UNITS[littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]] === 0) return undefined;
  utf16Run(bytes, i, littleEndian);
  if (runOpen && !final) return 'open';
  const text = (runChars >= MIN_RUN_CHARS && runAscii >= MIN_UTF16_ASCII) || (runChars >= MIN_HAN_RUN_CHARS && runCommon * 2 >= runChars);
  if (text) return { start: i, end: runEnd, open: runOpen, littleEndian, ascii: runAscii };
  skips[skipIndex(i, littleEndian)] = runEnd;
  return undefined;
}

/** Common ideographs in a run, then its ASCII units: how much it looks like real text. */
function textLikeness(bytes: Uint8Array, run: Utf16Run): number {
  let common = 0;
  for (let j = run.start; j + 1 < run.end; j += 2) {
    const unit = run.littleEndian ? bytes[j] | (bytes[j + 1] << 8) : (bytes[j] << 8) | bytes[j + 1];
    if (TEXT_UNITS[unit] === COMMON) common++;
  }
  return common * 0x10000 + run.ascii;
}

/**
 * The UTF-16 run at `i`, if any. Text read one byte off also passes as text: UTF-16LE as BE from
 * the byte before keeps its ASCII but makes its ideographs of halves of two characters; read in
 * its own byte order from the byte before (after a stray byte, a record's last byte), its units
 * are made of halves too, and a few of them may happen to be common ideographs. Of the run at `i`
 * and the runs a byte later in either byte order, the one with more common ideographs is the real
 * text.
 */
function utf16RunAt(bytes: Uint8Array, i: number, skips: Utf16Skips, final: boolean): Utf16Run | 'open' | undefined {
  const run = utf16At(bytes, i, true, skips, final) ?? utf16At(bytes, i, false, skips, final);
  if (run === undefined || run === 'open') return run;
  let best = run;
  for (const littleEndian of [!run.littleEndian, run.littleEndian]) {
    const shifted = utf16At(bytes, i + 1, littleEndian, skips, final);
    if (shifted === 'open') return shifted;
    if (shifted !== undefined && textLikeness(bytes, shifted) > textLikeness(bytes, best)) best = shifted;
  }
  return best;
}

/**
 * Finds the runs of one buffer. Unless `final`, stops at the first run that reaches the end of the
 * buffer (it may go on): `consumed` is where it starts, and the caller passes the rest again with
 * the next chunk.
 */
export function findRuns(bytes: Uint8Array, final: boolean): { runs: string[]; consumed: number } {
  const runs: string[] = [];
  // Attempts that failed cover the positions after them too (a part of a failed run fails):
  // skip them, per byte parity for UTF-16.
  let byteSkip = 0;
  const skips: Utf16Skips = new Int32Array(4);
  let i = 0;
  while (i < bytes.length) {
    if (i >= byteSkip && BYTE_CLASS[bytes[i]] !== 0) {
      byteRun(bytes, i);
      if (runOpen && !final) return { runs, consumed: i };
      if (runChars >= MIN_RUN_CHARS) {
        const slice = bytes.subarray(i, runEnd);
        runs.push(runGb ? iconv.decode(Buffer.from(slice), 'gb18030') : Buffer.from(slice).toString('utf8'));
        i = runEnd;
        continue;
      }
      byteSkip = runEnd;
    }
    // Most positions of binary data start no text unit in either byte order: settle them here,
    // as utf16At would.
    if (i + 1 < bytes.length) {
      const first = bytes[i];
      const second = bytes[i + 1];
      const parity = i & 1;
      if ((i < skips[parity] || TEXT_UNITS[first | (second << 8)] === 0) && (i < skips[2 + parity] || TEXT_UNITS[(first << 8) | second] === 0)) {
        i++;
        continue;
      }
    }
    const run = utf16RunAt(bytes, i, skips, final);
    if (run === 'open') return { runs, consumed: i };
    if (run === undefined) {
      i++;
      continue;
    }
    runs.push(decodeUtf16(bytes.subarray(run.start, run.end), run.littleEndian));
    i = run.end;
  }
  return { runs, consumed: bytes.length };
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  const copy = Buffer.from(bytes);
  return (littleEndian ? copy : copy.swap16()).toString('utf16le');
}

/** The printable runs of a byte stream, gathered into text chunks (runs never span two chunks). */
export async function* stringRuns(stream: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  let pending = '';
  const take = function* (runs: string[]): Generator<string> {
    for (const run of runs) {
      pending += run + '\n';
      if (pending.length >= TEXT_CHUNK_MIN_CHARS) {
        yield pending;
        pending = '';
      }
    }
  };
  for await (const chunk of stream) {
    const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    let found = findRuns(bytes, false);
    if (found.consumed === 0 && bytes.length >= MAX_CARRY_BYTES) found = findRuns(bytes, true);
    yield* take(found.runs);
    carry = bytes.subarray(found.consumed);
  }
  yield* take(findRuns(carry, true).runs);
  if (pending.length > 0) yield pending;
}

/** The bytes of a stream as they pass, into `meter`; `finish()` once they ran out. */
async function* measured(stream: AsyncIterable<Buffer>, meter: OpacityMeter): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    meter.feed(chunk);
    yield chunk;
  }
  meter.finish();
  meter.finished = true;
}

/**
 * Reads an object of unknown format with the strings pass: one TextPart marked `fallback`; then,
 * when it was mostly compressed or encrypted bytes (opacity.ts), an `OPAQUE` error part, so that
 * nothing found in bytes that could not be read never makes it public. `judgeOpacity` false: an
 * icon's few compressed bytes are its picture, not something unread.
 */
export async function* readStrings(source: Source, ctx: ReadContext, judgeOpacity = true): AsyncGenerator<ContentPart> {
  const meter = new OpacityMeter(true);
  const where = whereOf(ctx);
  const part: TextPart = {
    kind: 'text',
    where,
    fallback: 'strings',
    chunks: { [Symbol.asyncIterator]: () => stringRuns(measured(sourceBytes(source), meter)) },
  };
  yield part;
  if (judgeOpacity && meter.finished && meter.opaque) {
    yield errorPart(where, new ScanError('OPAQUE', `unknown format, ${meter.opaqueShare}% of it compressed or encrypted (no text in it can be read)`));
  }
}
