/**
 * RTF documents (`rtf`: WordPad, Word's "Rich Text Format", exports of older systems), and the RTF
 * body of an Outlook item (PidTagRtfCompressed, decompressed by @kenjiuno/decompressrtf): enough of
 * RTF to read what a person reads, not to render it. Read as text, RTF hides Chinese: Word writes
 * it as `\'hh` bytes of the code page or `\uN` numbers, so a name or an address is no text there.
 *
 * | RTF                                      | Text                                      |
 * |------------------------------------------|-------------------------------------------|
 * | plain characters                         | themselves (source line breaks dropped)   |
 * | `\'hh` runs                              | bytes in the document's `\ansicpgN` code page (GBK's two-byte characters included) |
 * | `\uN` (then `\ucN` fallback characters skipped) | that UTF-16 unit                   |
 * | `\par`, `\line`, `\row`; `\tab`, `\cell` | a line break; a tab                       |
 * | `\{`, `\}`, `\\`                         | the character                             |
 * | `{\* ...}` and font, colour, style, info, picture tables | nothing                   |
 * | any other control word                   | nothing                                   |
 */
import { decompressRTF } from '@kenjiuno/decompressrtf';
import iconv from 'iconv-lite';
import type { ContentPart, TextPart } from '../types.js';
import { whereOf, type ReadContext } from './limits.js';
import type { Source } from './source.js';
import { stringChunks } from './text.js';
import { wholeObject } from './whole.js';

const SKIPPED = new Set(['fonttbl', 'colortbl', 'stylesheet', 'listtable', 'listoverridetable', 'info', 'pict', 'themedata', 'colorschememapping', 'datastore', 'latentstyles', 'rsidtbl', 'generator', 'xmlnstbl', 'mmathPr', 'object', 'header', 'footer']);
const BREAKS: Readonly<Record<string, string>> = { par: '\n', line: '\n', row: '\n', sect: '\n', page: '\n', tab: '\t', cell: '\t' };

/** Text of RTF source (see the table above). */
export function rtfSourceText(rtf: string): string {
  let out = '';
  let bytes: number[] = [];
  let codepage = 'cp1252';
  let skip = false;
  let uc = 1;
  let fallback = 0;
  const stack: { skip: boolean; uc: number }[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    out += iconv.decode(Buffer.from(bytes), codepage);
    bytes = [];
  };
  let i = 0;
  while (i < rtf.length) {
    const c = rtf[i];
    if (c === '{' || c === '}') {
      flush();
      if (c === '{') stack.push({ skip, uc });
      else ({ skip, uc } = stack.pop() ?? { skip, uc });
      fallback = 0;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c !== '\\') {
      flush();
      if (fallback > 0) fallback--;
      else if (!skip) out += c;
      i++;
      continue;
    }
    const next = rtf[i + 1] ?? '';
    if (next === "'") {
      const byte = parseInt(rtf.slice(i + 2, i + 4), 16);
      if (fallback > 0) fallback--;
      else if (!skip && !Number.isNaN(byte)) bytes.push(byte);
      i += 4;
      continue;
    }
    flush();
    if (!/[a-zA-Z]/.test(next)) {
      // A control symbol: `\*` marks an ignorable destination; `\{`, `\}`, `\\` are literal.
      if (next === '*') skip = true;
      else if ((next === '{' || next === '}' || next === '\\') && !skip) out += next;
      else if (next === '~' && !skip) out += ' ';
      i += 2;
      continue;
    }
    const word = /^([a-zA-Z]+)(-?\d+)? ?/.exec(rtf.slice(i + 1, i + 40))!;
    const [, name, param] = word;
    i += 1 + word[0].length;
    if (name === 'ansicpg' && param !== undefined && iconv.encodingExists(`cp${param}`)) codepage = `cp${param}`;
    else if (name === 'uc' && param !== undefined) uc = Number(param);
    else if (name === 'u' && param !== undefined) {
      if (!skip) out += String.fromCharCode(Number(param) < 0 ? Number(param) + 0x10000 : Number(param));
      fallback = uc;
    } else if (SKIPPED.has(name)) skip = true;
    else if (BREAKS[name] !== undefined && !skip) out += BREAKS[name];
  }
  flush();
  return out;
}

/** Text of a PidTagRtfCompressed value. */
export function rtfText(compressed: Uint8Array): string {
  const rtf = Buffer.from(decompressRTF(Array.from(compressed))).toString('latin1');
  return rtfSourceText(rtf);
}

/** Reads an RTF document (the whole file, in memory: at most `maxBufferedBytes`) as one TextPart. */
export async function* readRtf(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const bytes = await wholeObject(source, ctx);
  const part: TextPart = { kind: 'text', where: whereOf(ctx), chunks: stringChunks(rtfSourceText(bytes.toString('latin1'))) };
  yield part;
}
