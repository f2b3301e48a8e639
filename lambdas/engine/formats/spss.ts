/**
 * SPSS data files (`.sav`, and `.zsav` compressed): the file most survey tools export to (问卷星,
 * Qualtrics, SurveyMonkey, LimeSurvey), and statistics offices' and researchers' microdata. Read by
 * the strings pass before, a `.zsav` of 30 customers came out public and a `.sav` gave none of
 * their names or mobiles: a case's strings lie side by side in 8-byte slots, its numbers are
 * binary doubles, and the bytecode compression cuts them every eight bytes.
 *
 * The format, as [PSPP documents it](https://www.gnu.org/software/pspp/pspp-dev/html_node/System-File-Format.html):
 * a 176-byte header (`$FL2`, `$FL3` for zlib), the dictionary (variable records, value labels,
 * documents, extension records) to its end (record 999), then the cases: uncompressed, bytecode
 * compressed (each 8-byte block of codes followed by the raw 8-byte values it calls for), or
 * zlib-compressed blocks of bytecode. One table (sheet `spss`), each variable a column under its
 * label (`身份证号`), else its long name, else its short one; every case a row:
 *
 * | variable | read as |
 * |---|---|
 * | a string (1-255 bytes, in 8-byte slots; a very long string's 255-byte segments joined) | its text, trailing spaces cut: in the file's encoding (record 7 subtype 20, else its character code: 65001 UTF-8, 936 GBK), else UTF-8, else GB18030 |
 * | a number (a double) | digits (a mobile keeps its 11); system-missing no value; a date format (DATE, ADATE, EDATE, SDATE, JDATE, MOYR, QYR, WKYR: seconds since 14 October 1582) a date `YYYY-MM-DD`, DATETIME and YMDHMS a time |
 *
 * The file is held whole (at most `maxBufferedBytes`); a zsav's blocks inflate each to its
 * trailer's size, under the object's budget and `maxRatio`. A header or record that is none of
 * SPSS's, cases cut short, a block that does not inflate to its size: CORRUPT, after the cases read.
 */
import { inflateSync } from 'node:zlib';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { utf8OrGb18030 } from './charset.js';
import { RATIO_GRACE_BYTES, whereOf, type ReadContext } from './limits.js';
import type { Source } from './source.js';
import { tableCells } from './table.js';
import { wholeObject } from './whole.js';

/** The sheet of a file's cells. */
export const SPSS_SHEET = 'spss';

const HEADER_BYTES = 176;
const SYSMIS = -Number.MAX_VALUE;
/** Seconds from SPSS's epoch (14 October 1582) to 1970. */
const SPSS_EPOCH_SECONDS = 12_219_379_200;
/** Print format types that are dates, and date-times. */
const DATE_FORMATS = new Set([20, 23, 24, 28, 29, 30, 38, 39]);
const DATETIME_FORMATS = new Set([22, 41]);

function corrupt(what: string): ScanError {
  return new ScanError('CORRUPT', `spss ${what}`);
}

/** True when `head` starts an SPSS data file: `$FL2` or `$FL3`, and a layout code of 2 or 3 in either byte order. */
export function spssHead(head: Uint8Array): boolean {
  if (head.length < HEADER_BYTES) return false;
  const magic = Buffer.from(head.buffer, head.byteOffset, 4).toString('latin1');
  if (magic !== '$FL2' && magic !== '$FL3') return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const little = view.getInt32(64, true);
  const big = view.getInt32(64, false);
  return little === 2 || little === 3 || big === 2 || big === 3;
}

/** A variable of the dictionary: its first slot, slots, string width (0: numeric), names, label and print format; a very long string's segments (first slot and width each). */
interface Variable {
  readonly slot: number;
  slots: number;
  width: number;
  name: string;
  label: string;
  readonly format: number;
  segments?: { readonly slot: number; readonly width: number }[];
}

/** Reads the held file's fields in its byte order, each checked to lie in it. */
class Reader {
  readonly view: DataView;
  at = 0;

  constructor(
    readonly data: Buffer,
    readonly little: boolean,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  need(n: number, what: string): void {
    if (n < 0 || this.at + n > this.data.length) throw corrupt(`${what} is cut short`);
  }

  i32(what = 'a record'): number {
    this.need(4, what);
    const value = this.view.getInt32(this.at, this.little);
    this.at += 4;
    return value;
  }

  f64(what = 'a value'): number {
    this.need(8, what);
    const value = this.view.getFloat64(this.at, this.little);
    this.at += 8;
    return value;
  }

  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const out = this.data.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

/** A decoder that fails on bytes not of `label`; undefined for no label, or one the runtime does not know. */
function fatalDecoder(label: string | undefined) {
  try {
    return label === undefined ? undefined : new TextDecoder(label, { fatal: true });
  } catch {
    return undefined;
  }
}

/** The decoder of the file's text: its encoding record's name, else its character code. */
function decoderOf(encoding: string | undefined, characterCode: number | undefined): (bytes: Uint8Array) => string {
  const named = encoding?.toLowerCase().replace(/^cp(\d+)$/, 'windows-$1');
  const byCode = characterCode === 65001 ? 'utf-8' : characterCode === 936 ? 'gbk' : characterCode === 950 ? 'big5' : undefined;
  const declared = fatalDecoder(named ?? byCode);
  return (bytes) => {
    if (declared !== undefined) {
      try {
        return declared.decode(bytes);
      } catch {
        // UTF-8, else GB18030, else Latin-1
      }
    }
    return utf8OrGb18030(bytes) ?? Buffer.from(bytes).toString('latin1');
  };
}

/** The dictionary: variables, and where the cases start; reads the extension records it needs. */
function dictionary(reader: Reader): { variables: Variable[]; compression: number; bias: number; cases: number; slots: number; decode: (bytes: Uint8Array) => string } {
  const { data } = reader;
  reader.at = 64;
  reader.i32(); // layout code (told the byte order)
  const slots = reader.i32();
  const compression = reader.i32();
  reader.i32(); // weight index
  const cases = reader.i32();
  const bias = reader.f64();
  if (compression < 0 || compression > 2) throw corrupt(`compression ${compression} is not one SPSS writes`);
  reader.at = HEADER_BYTES;
  const variables: Variable[] = [];
  let slot = 0;
  let encoding: string | undefined;
  let characterCode: number | undefined;
  let longNames: string | undefined;
  let veryLong: string | undefined;
  const rawLabels: Buffer[] = [];
  const rawNames: Buffer[] = [];
  for (;;) {
    const type = reader.i32('the dictionary');
    if (type === 999) {
      reader.i32();
      break;
    }
    if (type === 2) {
      const width = reader.i32();
      const hasLabel = reader.i32();
      const missing = reader.i32();
      const format = reader.i32();
      reader.i32(); // write format
      const name = reader.bytes(8, 'a variable name');
      let label: Buffer = Buffer.alloc(0);
      if (hasLabel === 1) {
        const length = reader.i32();
        if (length < 0 || length > 65_536) throw corrupt('variable label has a bad length');
        label = reader.bytes(length, 'a variable label');
        reader.bytes((4 - (length % 4)) % 4, 'a variable label');
      }
      if (Math.abs(missing) > 3) throw corrupt('variable has a bad count of missing values');
      reader.bytes(Math.abs(missing) * 8, 'missing values');
      if (width === -1) {
        // A string's continuation slot.
        if (variables.length === 0) throw corrupt('dictionary starts with a continuation');
        variables[variables.length - 1].slots += 1;
      } else {
        if (width < 0 || width > 255) throw corrupt(`variable width ${width} is not one SPSS writes`);
        variables.push({ slot, slots: 1, width, name: '', label: '', format });
        rawNames.push(name);
        rawLabels.push(label);
      }
      slot += 1;
    } else if (type === 3) {
      const count = reader.i32();
      if (count < 0 || count > data.length / 9) throw corrupt('value labels have a bad count');
      for (let i = 0; i < count; i++) {
        reader.bytes(8, 'a value label');
        const length = reader.bytes(1, 'a value label')[0];
        reader.bytes(length + ((8 - ((length + 1) % 8)) % 8), 'a value label');
      }
      if (reader.i32() !== 4) throw corrupt('value labels are not followed by their variables');
      const vars = reader.i32();
      if (vars < 0 || vars > data.length / 4) throw corrupt('value labels have a bad count of variables');
      reader.bytes(vars * 4, 'value labels');
    } else if (type === 6) {
      const lines = reader.i32();
      if (lines < 0 || lines > data.length / 80) throw corrupt('documents have a bad count');
      reader.bytes(lines * 80, 'documents');
    } else if (type === 7) {
      const subtype = reader.i32();
      const size = reader.i32();
      const count = reader.i32();
      if (size < 0 || count < 0 || size * count > data.length) throw corrupt('an extension record has a bad size');
      const start = reader.at;
      const body = reader.bytes(size * count, 'an extension record');
      if (subtype === 3 && size === 4 && count >= 8) characterCode = new DataView(body.buffer, body.byteOffset + 28, 4).getInt32(0, reader.little);
      else if (subtype === 20) encoding = body.toString('latin1');
      else if (subtype === 13) longNames = body.toString('latin1');
      else if (subtype === 14) veryLong = body.toString('latin1');
      reader.at = start + size * count;
    } else {
      throw corrupt(`record type ${type} is not one SPSS writes`);
    }
  }
  if (slot !== slots && slots !== -1) throw corrupt(`dictionary holds ${slot} slots, its header ${slots}`);
  const decode = decoderOf(encoding, characterCode);
  variables.forEach((variable, i) => {
    variable.name = decode(rawNames[i]).trim();
    variable.label = decode(rawLabels[i]).trim();
  });
  if (longNames !== undefined) applyLongNames(variables, decode(Buffer.from(longNames, 'latin1')));
  const joined = veryLong === undefined ? variables : joinVeryLong(variables, veryLong);
  return { variables: joined, compression, bias, cases, slots: slot, decode };
}

/** Record 7 subtype 13: `SHORT=Long Name` pairs, tab-separated. */
function applyLongNames(variables: Variable[], text: string): void {
  const byShort = new Map(variables.map((variable) => [variable.name.toUpperCase(), variable]));
  for (const pair of text.split('\t')) {
    const at = pair.indexOf('=');
    const variable = at > 0 ? byShort.get(pair.slice(0, at).toUpperCase()) : undefined;
    if (variable !== undefined) variable.name = pair.slice(at + 1);
  }
}

/** Record 7 subtype 14: `SHORT=width` of very long strings, whose 255-byte segments (each a variable) are one value. */
function joinVeryLong(variables: Variable[], text: string): Variable[] {
  const widths = new Map<string, number>();
  for (const entry of text.split('\t')) {
    const [name, width] = entry.replace(/\0/g, '').split('=');
    if (name && Number(width) > 255) widths.set(name.toUpperCase(), Number(width));
  }
  const out: Variable[] = [];
  for (let i = 0; i < variables.length; i++) {
    const variable = variables[i];
    const width = widths.get(variable.name.toUpperCase());
    out.push(variable);
    if (width === undefined) continue;
    // Its segments: itself and the variables after it (one per 252 bytes of its width), each text to its own width.
    const count = Math.ceil(width / 252);
    variable.segments = [{ slot: variable.slot, width: variable.width }];
    for (let s = 1; s < count && i + 1 < variables.length; s++) {
      i++;
      variable.segments.push({ slot: variables[i].slot, width: variables[i].width });
      variable.slots += variables[i].slots;
    }
  }
  return out;
}

/** The slots of each case: 8 bytes each, read as the file's compression lays them out. */
function* caseSlots(reader: Reader, compression: number, bias: number, slots: number, cases: number, data: Buffer): Generator<Buffer> {
  const known = cases >= 0;
  if (compression === 0) {
    for (let c = 0; known ? c < cases : reader.at < data.length; c++) yield reader.bytes(slots * 8, `case ${c + 1}`);
    if (reader.at !== data.length) throw corrupt(`goes on after its ${cases} cases (its count damaged?)`);
    return;
  }
  const out = Buffer.alloc(slots * 8);
  const eight = Buffer.alloc(8);
  const number = new DataView(eight.buffer, eight.byteOffset, 8);
  let filled = 0;
  let produced = 0;
  if (known && cases === 0) return endOfCases(data.subarray(reader.at), 0);
  for (;;) {
    if (reader.at + 8 > data.length) {
      if (filled === 0 && !known && reader.at === data.length) return;
      throw corrupt(`cases are cut short after ${produced}`);
    }
    const codes = reader.bytes(8, 'the cases');
    for (let c = 0; c < 8; c++) {
      const code = codes[c];
      if (code === 0) continue;
      if (code === 252) {
        if (filled !== 0 || (known && produced !== cases)) throw corrupt(`cases end after ${produced} of ${cases}`);
        return;
      }
      let value: Uint8Array = eight;
      if (code === 253) value = reader.bytes(8, 'a case value');
      else if (code === 254) eight.fill(0x20);
      else number.setFloat64(0, code === 255 ? SYSMIS : code - bias, reader.little);
      out.set(value, filled * 8);
      filled++;
      if (filled < slots) continue;
      yield Buffer.from(out);
      filled = 0;
      produced++;
      if (known && produced === cases) {
        // The rest of this block's codes, and of the data, must be nothing or the end.
        if (codes.subarray(c + 1).some((rest) => rest !== 0 && rest !== 252)) throw corrupt(`goes on after its ${cases} cases (its count damaged?)`);
        return endOfCases(data.subarray(reader.at), cases);
      }
    }
  }
}

/** After a bytecode file's last case: nothing, or a block of the end code and padding; more is a case its header's count left out. */
function endOfCases(rest: Uint8Array, cases: number): void {
  if (rest.length === 0 || (rest.length <= 8 && rest.every((code) => code === 0 || code === 252))) return;
  throw corrupt(`goes on after its ${cases} cases (its count damaged?)`);
}

/** A zsav's bytecode: its zlib blocks inflated, each to the size its trailer gives, under the budget and maxRatio. */
function inflated(reader: Reader, ctx: ReadContext): Buffer {
  const zheader = reader.at;
  reader.need(24, 'the zlib header');
  const view = reader.view;
  const offset = Number(view.getBigInt64(zheader + 8, reader.little));
  const length = Number(view.getBigInt64(zheader + 16, reader.little));
  if (!(offset >= zheader + 24 && length >= 24 && offset + length <= reader.data.length)) throw corrupt('zlib trailer lies outside the file');
  const blocks = view.getInt32(offset + 20, reader.little);
  if (blocks < 0 || 24 + blocks * 24 > length) throw corrupt('zlib trailer has a bad count of blocks');
  const { maxBufferedBytes, maxRatio } = ctx.budget.limits;
  // The blocks, checked against the file and the limits before anything is inflated.
  const entries: { from: number; size: number; packed: number }[] = [];
  let total = 0;
  let compressed = 0;
  for (let b = 0; b < blocks; b++) {
    const entry = offset + 24 + b * 24;
    const from = Number(view.getBigInt64(entry + 8, reader.little));
    const size = view.getInt32(entry + 16, reader.little);
    const packed = view.getInt32(entry + 20, reader.little);
    if (!(from >= zheader + 24 && packed >= 0 && size >= 0 && from + packed <= offset)) throw corrupt('a zlib block lies outside the file');
    total += size;
    compressed += packed;
    if (total > maxBufferedBytes) throw new ScanError('LIMIT_EXCEEDED', `spss cases inflate to more than ${maxBufferedBytes} bytes (maxBufferedBytes)`);
    if (total > RATIO_GRACE_BYTES && total > maxRatio * Math.max(1, compressed)) throw new ScanError('LIMIT_EXCEEDED', `spss cases inflate more than ${maxRatio} times their size (maxRatio)`);
    entries.push({ from, size, packed });
  }
  ctx.budget.addBytes(total);
  // Each block inflated into its place: the cases are held once.
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  entries.forEach(({ from, size, packed }, b) => {
    let piece: Buffer;
    try {
      piece = inflateSync(reader.data.subarray(from, from + packed), { maxOutputLength: Math.max(1, size) });
    } catch {
      throw corrupt(`zlib block ${b + 1} does not inflate`);
    }
    if (piece.length !== size) throw corrupt(`zlib block ${b + 1} inflates to another size than its trailer's`);
    piece.copy(out, at);
    at += size;
  });
  return out;
}

/** A number's value under its print format: a date, a date-time, or the number. */
function numberValue(value: number, format: number): unknown {
  if (value === SYSMIS || Number.isNaN(value)) return undefined;
  const type = (format >> 16) & 0xff;
  if (DATE_FORMATS.has(type) || DATETIME_FORMATS.has(type)) {
    const date = new Date((value - SPSS_EPOCH_SECONDS) * 1000);
    if (!Number.isNaN(date.getTime())) return DATE_FORMATS.has(type) ? date.toISOString().slice(0, 10) : date.toISOString().replace('.000Z', 'Z');
  }
  return value;
}

/** Reads an SPSS data file (see the module doc). */
export async function* readSpss(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const data = await wholeObject(source, ctx);
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => fileCells(data, ctx) } };
}

async function* fileCells(data: Buffer, ctx: ReadContext): AsyncGenerator<Cell[]> {
  if (!spssHead(data)) throw corrupt('header is not an SPSS data file');
  const layout = new DataView(data.buffer, data.byteOffset, data.byteLength).getInt32(64, true);
  const reader = new Reader(data, layout === 2 || layout === 3);
  // The dictionary's decoder reads the cases' strings too (its declared encoding, else UTF-8, else GB18030).
  const { variables, compression, bias, cases, slots, decode: text } = dictionary(reader);
  const caseReader = compression === 2 ? new Reader(inflated(reader, ctx), reader.little) : reader;
  const caseData = caseReader.data;
  const headers = variables.map((variable) => variable.label || variable.name);
  const rows = function* (): Generator<unknown[]> {
    for (const slotBytes of caseSlots(caseReader, compression === 0 ? 0 : 1, bias, slots, cases, caseData)) {
      const view = new DataView(slotBytes.buffer, slotBytes.byteOffset, slotBytes.byteLength);
      yield variables.map((variable) => {
        const at = variable.slot * 8;
        if (variable.width === 0) return numberValue(view.getFloat64(at, reader.little), variable.format);
        const raw = variable.segments === undefined ? slotBytes.subarray(at, at + Math.min(variable.width, variable.slots * 8)) : segmentsText(slotBytes, variable.segments);
        let end = raw.length;
        while (end > 0 && (raw[end - 1] === 0x20 || raw[end - 1] === 0)) end--;
        return text(raw.subarray(0, end));
      });
    }
  };
  yield* tableCells(SPSS_SHEET, headers, rows());
}

/** A very long string's text: each segment's, to the segment's own width. */
function segmentsText(slotBytes: Buffer, segments: readonly { readonly slot: number; readonly width: number }[]): Buffer {
  return Buffer.concat(segments.map(({ slot, width }) => slotBytes.subarray(slot * 8, slot * 8 + width)));
}
