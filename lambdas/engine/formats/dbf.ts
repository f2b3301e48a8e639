/**
 * dBase tables (.dbf: dBase III and IV, FoxPro, Visual FoxPro, Clipper), still what Chinese finance,
 * tax and government software exports: one CellsPart with every non-empty field of every record,
 * the field names as column headers (row 1) and `sheet` = the file's name without its extension.
 * Records are read from the stream one after another, so memory does not grow with the table.
 * Records marked deleted are read too: their bytes are still in the file.
 *
 * Its own reader, not a package: the one npm reader (dbffile) turns numeric fields into
 * JavaScript numbers, and an 18-digit resident ID kept in an N(18,0) field would lose its last
 * digits. Here every field is its text: character fields decoded (the code page the header names,
 * else UTF-8 when the records are valid UTF-8, else GB18030 or Big5), numeric ones as written,
 * dates as YYYY-MM-DD. Memo fields point into a `.dbt` or `.fpt` file beside the table, which is
 * scanned as an object of its own (by the strings pass).
 *
 * Without it a `.dbf` was a binary read by the strings pass, and fixed-width fields stand next to
 * each other with nothing between them: a mobile followed by an ID is one run of 29 digits, which
 * no detector takes, and a customer table came out public.
 *
 * | Condition                                       | Result                                   |
 * |-------------------------------------------------|------------------------------------------|
 * | fewer records than the header declares          | ErrorPart CORRUPT after the records read |
 */
import iconv from 'iconv-lite';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { sourceBytes } from './bytes.js';
import { legacyChineseEncoding } from './charset.js';
import { whereOf, type ReadContext } from './limits.js';
import { errorPart } from './members.js';
import type { Source } from './source.js';
import { tableCells } from './table.js';

/**
 * Version bytes of dBase III/IV/5, FoxBASE, FoxPro and Visual FoxPro tables, with or without memo.
 * Not dBase 7 (0x04, 0x8c): its header and field descriptors are laid out otherwise, and such a
 * table goes to the strings pass as before.
 */
const VERSIONS = new Set([0x02, 0x03, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x7b, 0x83, 0x8b, 0x8e, 0xb3, 0xcb, 0xe5, 0xf5, 0xfb]);
const DESCRIPTOR_BYTES = 32;
const TERMINATOR = 0x0d;

/** Code pages of the header's language driver byte (offset 29) that hold Chinese, Japanese or Korean. */
const LANGUAGE_DRIVERS: Readonly<Record<number, string>> = {
  0x4d: 'gb18030', // 936, PRC
  0x7a: 'gb18030', // 936, PRC (Visual FoxPro)
  0x4f: 'big5', // 950, Taiwan
  0x78: 'big5', // 950 (Visual FoxPro)
  0x4e: 'cp949', // Korean
  0x79: 'cp949',
  0x4c: 'shift_jis', // 932, Japanese
  0x7b: 'shift_jis',
  0x03: 'win1252',
  0x57: 'win1252',
  0x01: 'cp437',
};

/** One field of a table. */
interface Field {
  readonly name: string;
  readonly type: string;
  readonly offset: number;
  readonly length: number;
}

/** A table's header. */
export interface DbfHeader {
  readonly records: number;
  readonly headerLength: number;
  readonly recordLength: number;
  readonly languageDriver: number;
  readonly fields: readonly Field[];
}

/**
 * The header of a dBase table, or undefined when `head` is none: a known version byte, a valid
 * date, field descriptors ending in their terminator, and field lengths that add up to the record
 * length.
 */
export function dbfHeader(head: Uint8Array): DbfHeader | undefined {
  if (head.length < DESCRIPTOR_BYTES + 1 || !VERSIONS.has(head[0])) return undefined;
  const [month, day] = [head[2], head[3]];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: Field[] = [];
  let offset = 1;
  let at = DESCRIPTOR_BYTES;
  for (; at + DESCRIPTOR_BYTES <= head.length && head[at] !== TERMINATOR; at += DESCRIPTOR_BYTES) {
    const nameEnd = head.indexOf(0, at);
    const name = Buffer.from(head.subarray(at, Math.min(at + 11, nameEnd < 0 ? at + 11 : nameEnd))).toString('latin1');
    const type = String.fromCharCode(head[at + 11]);
    // Clipper and FoxPro keep character fields over 255 bytes in the decimals byte too.
    const length = type === 'C' ? head[at + 16] | (head[at + 17] << 8) : head[at + 16];
    if (name === '' || !/^[A-Z0-9_]$/i.test(type) || length === 0) return undefined;
    fields.push({ name: name.trim(), type: type.toUpperCase(), offset, length });
    offset += length;
  }
  if (fields.length === 0 || head[at] !== TERMINATOR || offset !== recordLength || headerLength < at + 1) return undefined;
  return { records, headerLength, recordLength, languageDriver: head[29], fields };
}

/** A field's raw bytes as text. */
function fieldText(field: Field, bytes: Buffer, encoding: string): unknown {
  switch (field.type) {
    case 'C':
    case 'V':
      return iconv.decode(bytes, encoding).replace(/[\s\0]+$/, '');
    case 'N':
    case 'F':
    case 'L':
      return bytes.toString('latin1').trim();
    case 'D': {
      const date = bytes.toString('latin1').trim();
      return /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}` : date;
    }
    case 'I':
      return bytes.length === 4 ? bytes.readInt32LE(0) : '';
    case 'B':
      return bytes.length === 8 ? bytes.readDoubleLE(0) : '';
    case 'Y':
      return bytes.length === 8 ? (Number(bytes.readBigInt64LE(0)) / 10000).toString() : '';
    default:
      // memo block numbers (M, G, P), null flags, timestamps: nothing of the record's own text
      return '';
  }
}

/** The encoding of the character fields: the header's code page, else by the record bytes. */
function characterEncoding(header: DbfHeader, sample: Uint8Array): string {
  const named = LANGUAGE_DRIVERS[header.languageDriver];
  if (named !== undefined) return named;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return 'utf8';
  } catch {
    return legacyChineseEncoding(sample);
  }
}

/** The name of the file without its folder and extension, as the sheet of its cells. */
function tableName(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Reads a dBase table whose header was recognized in `head`. */
export async function* readDbf(source: Source, header: DbfHeader, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const columns = header.fields.map((field) => field.name);
  const sheet = tableName(source.name);
  const read = { missing: 0 };
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => tableCells(sheet, columns, records(source, header, read)) } };
  // After the cells, so that the records the file does hold are scanned.
  if (read.missing > 0) {
    yield errorPart(whereOf(ctx), new ScanError('CORRUPT', `dbf ends ${read.missing} records before the ${header.records} its header declares`));
  }
}

/** The records' field values, read from the stream; `read.missing` counts those the stream ended before. */
async function* records(source: Source, header: DbfHeader, read: { missing: number }): AsyncGenerator<unknown[]> {
  const { headerLength, recordLength, fields } = header;
  let pending: Buffer = Buffer.alloc(0);
  let skip = headerLength;
  let left = header.records;
  let encoding: string | undefined;
  for await (const chunk of sourceBytes(source)) {
    let bytes = chunk;
    if (skip > 0) {
      const skipped = Math.min(skip, bytes.length);
      skip -= skipped;
      bytes = bytes.subarray(skipped);
    }
    pending = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
    encoding ??= pending.length > 0 ? characterEncoding(header, pending.subarray(0, Math.min(pending.length, 64 * 1024))) : undefined;
    let at = 0;
    for (; left > 0 && at + recordLength <= pending.length; at += recordLength, left--) {
      yield fields.map((field) => fieldText(field, pending.subarray(at + field.offset, at + field.offset + field.length), encoding ?? 'utf8'));
    }
    pending = Buffer.from(pending.subarray(at));
    if (left === 0) return;
  }
  read.missing = left;
}
