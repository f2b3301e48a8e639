/**
 * Characters beyond ASCII that a text holds escaped, decoded before the detectors read it. Read as
 * written, a name or an address escaped is no text: a log of such lines came out public.
 *
 * | written                        | by                                                        | read as |
 * |--------------------------------|-----------------------------------------------------------|---------|
 * | `\u5f20`                       | JSON (Python's `json.dumps`), JSON logged in a `.log`, Java | 张 |
 * | `\xE5\xBC\xA0`                 | nginx's access log (request lines and headers), Python's bytes | 张 (UTF-8, else two or more GB2312 characters) |
 * | `%E5%BC%A0`, `%D5%C5%CE%B0`    | URLs in access logs, form data                            | 张, 张伟 (UTF-8, else two or more GB2312 characters) |
 * | `=E5=BC=A0`                    | quoted-printable: a mail part saved as text               | 张 (as `%HH`) |
 * | `&#24352;`, `&#x5f20;`         | HTML, XML in US-ASCII, PHP's `htmlentities`, forms a browser submits in a charset lacking the character | 张 |
 * | `=138+1234+5678&`              | a form's or a query's value: its spaces as `+` (a mobile typed in groups, a card number) | `=138 1234 5678&` |
 *
 * - Escapes of ASCII characters stay as written (`\u0022`, `\x41`, `%20`, `&#60;`), so lines,
 *   quotes and delimiters do not move; so does an escaped backslash (`\\u5f20` is no escape), a
 *   reference to a surrogate or past U+10FFFF, and a run of escaped bytes that is neither UTF-8
 *   nor GB2312 Chinese characters.
 * - A column in a line with escapes counts the decoded characters.
 * - An escape cut by a chunk's end is read whole with the next chunk: the text from where it (or
 *   its run of escaped bytes, up to HELD_BYTES of them) starts waits for the next chunk.
 */

/** An escaped backslash, a `\uXXXX` escape, or a run of `\xHH` escapes of bytes beyond ASCII. */
const BACKSLASH_ESCAPE = /\\(?:\\|u([0-9a-fA-F]{4})|(x[89a-fA-F][0-9a-fA-F](?:\\x[89a-fA-F][0-9a-fA-F])*))/g;
/** A run of percent escapes of bytes beyond ASCII (URLs), or of quoted-printable ones (mail, in capitals). */
const PERCENT_RUN = /(?:%[89a-fA-F][0-9a-fA-F])+|(?:=[89A-F][0-9A-F])+/g;
/**
 * A form-encoded value of digit groups joined by `+` (a space there), whole: after `=`, up to `&`,
 * a quote, white space or the line's end. Digits only: `+` between letters, or before a country
 * code (`+86`), stays as written.
 */
const FORM_DIGIT_GROUPS = /(?<==)\d+(?:\+\d+)+(?=[&"'\s]|$)/gm;
/** A numeric character reference, decimal or hexadecimal. */
const CHARACTER_REFERENCE = /&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));/g;
/** Escaped bytes held back at a chunk's end at most: a run longer than that is cut at a character's start. */
const HELD_BYTES = 64;
/**
 * The escape a text may end with, or inside: a run of backslashes, maybe a `\u` escape begun; a run
 * of byte escapes (at most HELD_BYTES of them) maybe with one begun; a character reference begun.
 */
const TRAILING_ESCAPE = new RegExp(
  String.raw`(?:\\+(?:u[0-9a-fA-F]{0,3})?|(?:\\x[89a-fA-F][0-9a-fA-F]){1,${HELD_BYTES}}(?:\\(?:x[89a-fA-F]?)?)?|\\x[89a-fA-F]?|(?:%[89a-fA-F][0-9a-fA-F]){1,${HELD_BYTES}}(?:%[89a-fA-F]?)?|%[89a-fA-F]?|(?:=[89A-F][0-9A-F]){1,${HELD_BYTES}}(?:=[89A-F]?)?|=[89A-F]?|&(?:#(?:[0-9]{0,7}|[xX][0-9a-fA-F]{0,6}))?)$`,
);
/** How far back from a text's end TRAILING_ESCAPE looks: HELD_BYTES byte escapes and one begun. */
const TRAILING_CHARS = HELD_BYTES * 4 + 3;

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const GB18030 = new TextDecoder('gb18030', { fatal: true });
/**
 * Whether bytes are GB2312's Chinese characters (lead 0xB0-0xF7, trail 0xA1-0xFE). Any pair of high
 * bytes is some GB18030 character: a lone pair (a UTF-8 character cut short, two Latin-1 letters)
 * read so would be a Chinese character never written, so one is read only beside a run of two or
 * more (decodeEscapes).
 */
function gb2312Chinese(bytes: Uint8Array): boolean {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return false;
  for (let i = 0; i < bytes.length; i += 2) {
    if (bytes[i] < 0xb0 || bytes[i] > 0xf7 || bytes[i + 1] < 0xa1 || bytes[i + 1] === 0xff) return false;
  }
  return true;
}

/** What a stream's earlier chunks told: whether they held a run of two or more GB2312 characters. */
interface EscapeState {
  gb2312: boolean;
}

/** `text` with its escapes of characters beyond ASCII decoded (the module doc); `state`: the stream's so far. */
export function decodeEscapes(text: string, state: EscapeState = { gb2312: false }): string {
  let out = text;
  // The expressions run only where an escape may be: a log has `%` and `\` in most lines.
  const backslashes = holdsEscapeAt(out, '\\', isBackslashEscape);
  const percents = holdsEscapeAt(out, '%', isHighByte) || holdsEscapeAt(out, '=', isQuotedPrintableByte);
  if (backslashes || percents) {
    // A lone GB2312 character is read only in a text that holds a run of two or more.
    state.gb2312 ||= (backslashes && holdsGb2312Run(out, BACKSLASH_ESCAPE, 4)) || (percents && holdsGb2312Run(out, PERCENT_RUN, 3));
    const gb2312 = state.gb2312;
    if (backslashes) out = out.replace(BACKSLASH_ESCAPE, (escape, hex, bytes) => (bytes === undefined ? unicodeEscape(escape, hex) : escapedBytes(escape, 4, gb2312)));
    if (percents) out = out.replace(PERCENT_RUN, (run) => escapedBytes(run, 3, gb2312));
  }
  if (out.includes('&#')) out = out.replace(CHARACTER_REFERENCE, characterReference);
  if (out.includes('+') && out.includes('=')) out = out.replace(FORM_DIGIT_GROUPS, (value) => value.replaceAll('+', ' '));
  return out;
}

/** Whether `mark` occurs in `text` followed by what `escape` says starts an escape of a character beyond ASCII. */
function holdsEscapeAt(text: string, mark: string, escape: (text: string, after: number) => boolean): boolean {
  for (let at = text.indexOf(mark); at >= 0; at = text.indexOf(mark, at + 1)) if (escape(text, at + 1)) return true;
  return false;
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);

/** `8`-`F` then a hex digit at `at`: a byte beyond ASCII. */
function isHighByte(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return (c === 56 || c === 57 || ((c | 0x20) >= 97 && (c | 0x20) <= 102)) && isHex(text.charCodeAt(at + 1));
}

/** Quoted-printable's `HH` of a byte beyond ASCII at `at` (after `=`): hex digits in capitals. */
function isQuotedPrintableByte(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  const d = text.charCodeAt(at + 1);
  return (c === 56 || c === 57 || (c >= 65 && c <= 70)) && ((d >= 48 && d <= 57) || (d >= 65 && d <= 70));
}

/** `xHH` of a byte beyond ASCII, or `u` and four hex digits, at `at` (after a backslash). */
function isBackslashEscape(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 120) return isHighByte(text, at + 1);
  return c === 117 && isHex(text.charCodeAt(at + 1)) && isHex(text.charCodeAt(at + 2)) && isHex(text.charCodeAt(at + 3)) && isHex(text.charCodeAt(at + 4));
}

/** Whether `text` holds a run of escaped bytes (found by `runs`) that is two or more GB2312 characters and not UTF-8. */
function holdsGb2312Run(text: string, runs: RegExp, unit: number): boolean {
  for (const match of text.matchAll(runs)) {
    const run = match[0];
    if (unit === 4 && !run.startsWith('\\x')) continue;
    const bytes = runBytes(run, unit);
    if (bytes.length >= 4 && gb2312Chinese(bytes) && !isUtf8(bytes)) return true;
  }
  return false;
}

/** The chunks with their escapes decoded (decodeEscapes), an escape cut by a chunk's end read whole. */
export async function* unescapedText(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  const state: EscapeState = { gb2312: false };
  let held = '';
  for await (const chunk of chunks) {
    let text = held + chunk;
    held = '';
    const from = heldFrom(text);
    if (from >= 0) {
      held = text.slice(from);
      text = text.slice(0, from);
    }
    if (text.length > 0) yield decodeEscapes(text, state);
  }
  if (held.length > 0) yield decodeEscapes(held, state);
}

/** Where the escape a text may end with, or inside, starts; -1 when none may. */
function heldFrom(text: string): number {
  const tailStart = Math.max(0, text.length - TRAILING_CHARS);
  const tail = TRAILING_ESCAPE.exec(text.slice(tailStart));
  if (tail === null || tail[0].length === 0) return -1;
  const escapes = tail[0];
  if (!escapes.startsWith('\\')) return tailStart + tail.index + (escapes.startsWith('&') ? 0 : characterStart(escapes));
  // A backslash escape: held from its backslash (the last of a run, or the first `\x`), and one
  // backslash before it when an odd number precede it (in `\\xE5` the first escapes the second).
  // What is read before the cut then ends with whole pairs, however long the run.
  const run = escapes.startsWith('\\x') ? 0 : escapes.lastIndexOf('\\');
  const from = tailStart + tail.index + (escapes.startsWith('\\x') ? characterStart(escapes) : run);
  let before = from;
  while (before > 0 && text.charCodeAt(before - 1) === 92) before--;
  return from - ((from - before) % 2);
}

/**
 * The offset in `escapes` (a run of `\xHH` or `%HH`, maybe with a partial one at its end) where the
 * part to hold back starts: the whole run, unless it holds HELD_BYTES bytes (it may go on before
 * them), then from its first byte that starts a UTF-8 character, so what is read before the cut
 * ends with whole characters.
 */
function characterStart(escapes: string): number {
  const unit = escapes.startsWith('\\') ? 4 : 3;
  const whole = Math.floor(escapes.length / unit);
  if (whole < HELD_BYTES) return 0;
  const bytes = runBytes(escapes.slice(0, whole * unit), unit);
  const first = bytes.findIndex((byte) => (byte & 0xc0) !== 0x80);
  return first < 0 ? 0 : first * unit;
}

function unicodeEscape(escape: string, hex: string | undefined): string {
  if (hex === undefined) return escape;
  const code = Number.parseInt(hex, 16);
  return code < 0x80 ? escape : String.fromCharCode(code);
}

/** The bytes a run of escapes (`unit` characters each, the hex digits last) stands for. */
function runBytes(run: string, unit: number): Uint8Array {
  const bytes = new Uint8Array(run.length / unit);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(i * unit + unit - 2, i * unit + unit), 16);
  return bytes;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * A run of escaped bytes as UTF-8, else as GB2312 Chinese (an older Chinese site's URL) when it is
 * two or more characters or `gb2312` (the text holds such a run), else as written.
 */
function escapedBytes(run: string, unit: number, gb2312: boolean): string {
  const bytes = runBytes(run, unit);
  try {
    return UTF8.decode(bytes);
  } catch {
    return (bytes.length >= 4 || gb2312) && gb2312Chinese(bytes) ? GB18030.decode(bytes) : run;
  }
}

function characterReference(reference: string, decimal: string | undefined, hex: string | undefined): string {
  const code = decimal === undefined ? Number.parseInt(hex!, 16) : Number.parseInt(decimal, 10);
  return code < 0x80 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff ? reference : String.fromCodePoint(code);
}
