/**
 * A PDF's streams checked on its bytes: pdfjs reads a damaged stream as far as it can and says
 * nothing (its warnings are silenced, and it searches for `endstream` when a length is wrong), so a
 * page whose content stream was cut or overwritten gave a line or two of its text, or garbage,
 * and a customer list came out public. A stream is damaged when:
 *
 * | what                                                            | seen in                                 |
 * |-----------------------------------------------------------------|-----------------------------------------|
 * | it never ends (no `endstream` after its data)                   | a file cut short                        |
 * | its `/Length` (direct, or an object holding a number) is not the length of its data, give or take the end of line before `endstream` | bytes inserted or dropped in it |
 * | its data, `FlateDecode` first, does not inflate whole (a data error, cut short, a wrong checksum) | bytes overwritten in it |
 *
 * Images are not inflated (nothing here reads them, and a damaged picture hides no text), nor is
 * an encrypted document's data (it is ciphertext; its lengths are still checked).
 */
import { inflateSync } from 'node:zlib';

const STREAM = Buffer.from('stream');
const ENDSTREAM = Buffer.from('endstream');
const OBJ = Buffer.from('obj');
/** How far back from `stream` the object's header is looked for: a stream's dictionary is short. */
const MAX_DICTIONARY_BYTES = 64 * 1024;
/** Most bytes one stream is inflated to for the check (a page's content stream is far smaller). */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

const isWhite = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;

/** A `/Length`: a number, or a reference to an object that holds one; undefined when neither can be read. */
function lengthOf(dictionary: string, bytes: Buffer): number | undefined {
  const direct = /\/Length\s+(\d+)(\s+(\d+)\s+R)?/.exec(dictionary);
  if (direct === null) return undefined;
  if (direct[2] === undefined) return Number(direct[1]);
  const header = Buffer.from(`${direct[1]} ${direct[3]} obj`);
  for (let at = bytes.indexOf(header); at !== -1; at = bytes.indexOf(header, at + 1)) {
    if (at > 0 && !isWhite(bytes[at - 1])) continue;
    const held = /^\s*(\d+)\s*endobj/.exec(bytes.toString('latin1', at + header.length, at + header.length + 64));
    if (held !== null) return Number(held[1]);
  }
  return undefined;
}

/** How many of the PDF's streams are damaged (the module doc). */
export function damagedStreams(bytes: Buffer): number {
  const encrypted = bytes.includes('/Encrypt');
  let damaged = 0;
  for (let at = bytes.indexOf(STREAM); at !== -1; at = bytes.indexOf(STREAM, at + STREAM.length)) {
    if (at >= 3 && bytes.toString('latin1', at - 3, at) === 'end') continue;
    // The keyword ends its line (CR LF, or LF; a lone CR read too) and follows a dictionary's `>>`.
    let start = at + STREAM.length;
    if (bytes[start] === 0x0d) start++;
    if (bytes[start] === 0x0a) start++;
    else if (start === at + STREAM.length) continue;
    let close = at - 1;
    while (close > 0 && isWhite(bytes[close])) close--;
    if (bytes[close] !== 0x3e || bytes[close - 1] !== 0x3e) continue;
    const header = bytes.lastIndexOf(OBJ, close);
    if (header === -1 || close - header > MAX_DICTIONARY_BYTES) continue;
    const dictionary = bytes.toString('latin1', header, close + 1);
    const end = bytes.indexOf(ENDSTREAM, start);
    if (end === -1) {
      damaged++;
      break;
    }
    // The data, with and without the end of line that may stand before `endstream`.
    let trimmed = end;
    if (bytes[trimmed - 1] === 0x0a) trimmed--;
    if (bytes[trimmed - 1] === 0x0d) trimmed--;
    const length = lengthOf(dictionary, bytes);
    if (length !== undefined && (length < trimmed - start || length > end - start)) {
      damaged++;
    } else if (!encrypted && !/\/Subtype\s*\/Image/.test(dictionary) && /\/Filter\s*\[?\s*\/FlateDecode/.test(dictionary)) {
      try {
        inflateSync(bytes.subarray(start, length === undefined ? trimmed : start + length), { maxOutputLength: MAX_INFLATED_BYTES });
      } catch (error) {
        // Past the output limit is whole as far as it went: a size, not damage.
        if (!(error instanceof RangeError)) damaged++;
      }
    }
    at = end;
  }
  return damaged;
}
