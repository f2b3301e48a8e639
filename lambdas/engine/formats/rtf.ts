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
 *
 * Embedded objects (`\objdata`) are read as members after the text (rtfObjects). A document that
 * ends with groups still open (truncated, or a `}` lost) is CORRUPT after its text.
 */
import { decompressRTF } from '@kenjiuno/decompressrtf';
import iconv from 'iconv-lite';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { tabTableParts } from './text-table.js';
import { whereOf, type ReadContext } from './limits.js';
import type { Source } from './source.js';
import { type FoundFile, readFound, worthReading } from './embedded.js';
import { errorPart } from './members.js';
import { ole10Native } from './ole-objects.js';
import { wholeObject } from './whole.js';

const SKIPPED = new Set(['fonttbl', 'colortbl', 'stylesheet', 'listtable', 'listoverridetable', 'info', 'pict', 'themedata', 'colorschememapping', 'datastore', 'latentstyles', 'rsidtbl', 'generator', 'xmlnstbl', 'mmathPr', 'object', 'header', 'footer']);
const BREAKS: Readonly<Record<string, string>> = { par: '\n', line: '\n', row: '\n', sect: '\n', page: '\n', tab: '\t', cell: '\t' };

/** Text of RTF source (see the table above). */
export function rtfSourceText(rtf: string): string {
  return rtfSource(rtf).text;
}

/**
 * Text of RTF source, and the groups left open at its end: a group that never closes takes what
 * follows it, and an ignorable one (a style sheet whose `}` was lost) hides the rest of the text.
 */
export function rtfSource(rtf: string): { text: string; unclosed: number } {
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
  return { text: out, unclosed: stack.length };
}

/** Text of a PidTagRtfCompressed value. */
export function rtfText(compressed: Uint8Array): string {
  const rtf = Buffer.from(decompressRTF(Array.from(compressed))).toString('latin1');
  return rtfSourceText(rtf);
}

/**
 * Reads an RTF document (the whole file, in memory: at most `maxBufferedBytes`) as one TextPart,
 * then the objects it embeds as members (rtfObjects).
 */
export async function* readRtf(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const bytes = await wholeObject(source, ctx);
  const rtf = bytes.toString('latin1');
  const { text, unclosed } = rtfSource(rtf);
  // Its tables (`\cell` a tab, `\row` a line's end) as cells, then its text.
  yield* tabTableParts(text, whereOf(ctx));
  // What the text holds is reported; what an unclosed group hid cannot be: never public (found by fuzzing).
  if (unclosed > 0) yield errorPart(whereOf(ctx), new ScanError('CORRUPT', `rtf ends with ${unclosed} group(s) open: text after one may be unread`));
  yield* readFound(rtfObjects(rtf), ctx);
}

const OBJDATA = /\\objdata\b/g;
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * The objects an RTF document embeds (`{\object ... {\*\objdata <hex>}}`: a workbook pasted into a
 * letter saved as RTF, a file dropped in as a package), named `object-<n>`: each `\objdata` holds
 * an OLE1 object ([MS-OLEDS] 2.2.4: version, format, class name, topic and item names, then its
 * native data). Packager data (class `Package`) gives the packaged file; native data that is an
 * OLE file (an embedded .xls or .doc, or an .xlsx in its `Package` stream) is read as one; other
 * native data as whatever file it is (ole.ts, embedded.ts).
 */
export function rtfObjects(rtf: string): FoundFile[] {
  const files: FoundFile[] = [];
  for (const match of rtf.matchAll(OBJDATA)) {
    const end = rtf.indexOf('}', match.index);
    const hex = rtf.slice(match.index + match[0].length, end < 0 ? rtf.length : end).replace(/[^0-9a-fA-F]/g, '');
    const object = ole1Native(Buffer.from(hex.length % 2 === 0 ? hex : hex.slice(0, -1), 'hex'));
    if (object === undefined) continue;
    const name = `object-${files.length + 1}`;
    if (object.className === 'Package') {
      const packaged = ole10Native(Buffer.concat([Buffer.from(Uint32Array.of(object.data.length).buffer), object.data]), `${name}/`);
      files.push({ name: packaged.name, bytes: packaged.bytes, layout: false });
    } else {
      const bytes = object.data.subarray(0, CFB_MAGIC.length).equals(CFB_MAGIC) ? object.data : worthReading(object.data);
      if (bytes !== undefined) files.push({ name, bytes, layout: false });
    }
  }
  return files;
}

/** An OLE1 embedded object's class name and native data, or undefined when the bytes are not one. */
function ole1Native(bytes: Buffer): { className: string; data: Buffer } | undefined {
  try {
    let ofs = 8; // OLEVersion, FormatID
    const ansi = (): string => {
      const length = bytes.readUInt32LE(ofs);
      const text = bytes.subarray(ofs + 4, ofs + 4 + Math.max(0, length - 1)).toString('latin1');
      ofs += 4 + length;
      return text;
    };
    if (bytes.readUInt32LE(4) !== 2) return undefined; // not an embedded object (a link, a static picture)
    const className = ansi();
    ansi(); // topic
    ansi(); // item
    const size = bytes.readUInt32LE(ofs);
    ofs += 4;
    if (ofs + size > bytes.length) return undefined;
    return { className, data: bytes.subarray(ofs, ofs + size) };
  } catch {
    return undefined;
  }
}
