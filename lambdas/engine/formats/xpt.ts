/**
 * SAS transport files (`.xpt`, XPORT versions 5 and 8: what SAS's `XPORT` engine and `%loc2xpt`
 * write, the format clinical trials' datasets are submitted in, and what R's haven and ReadStat
 * write). Read by the strings pass before, an `.xpt` of 30 customers came out public: a row's
 * fixed-width fields lie side by side (an ID ran into the field before it) and its numbers are IBM
 * floating point.
 *
 * The format ([SAS's TS-140](https://support.sas.com/techsup/technote/ts140.pdf)): 80-byte
 * records; a library header, then per member (dataset) its header, its descriptor, its variables'
 * NAMESTR records (140 bytes each: type, length, name, label, format, position in a row; version 8
 * adds long names and, after them, LABELV8/LABELV9 records of long labels), then its rows, each as
 * long as its variables, the last padded with spaces to 80 bytes. Each member is a table (sheet =
 * its name), each variable a column under its label, else its name:
 *
 * | variable | read as |
 * |---|---|
 * | character | its text, trailing spaces cut: UTF-8, else GB18030, else Latin-1 |
 * | numeric (2-8 bytes of IBM floating point) | digits (a mobile keeps its 11); a missing value (`.`, `._`, `.A`-`.Z`) no value; a date format (DATE, YYMMDD, MMDDYY, DDMMYY, E8601DA and kin) a date, days since 1960; DATETIME and E8601DT a time |
 *
 * The file is held whole (at most `maxBufferedBytes`). A record that is not where the format puts
 * it, a NAMESTR outside its row, rows cut short: CORRUPT, after the rows read.
 */
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { utf8OrGb18030 } from './charset.js';
import { whereOf, type ReadContext } from './limits.js';
import type { Source } from './source.js';
import { tableCells } from './table.js';
import { wholeObject } from './whole.js';

const RECORD = 80;
const HEADER = 'HEADER RECORD*******';
/** Milliseconds from 1970 to SAS's epoch, 1 January 1960. */
const SAS_EPOCH_MS = Date.UTC(1960, 0, 1);
const DATE_FORMATS = /^(?:DATE|YYMMDD|MMDDYY|DDMMYY|E8601DA|B8601DA|YYMMDDN|WEEKDATE|WORDDATE|NLDATE|MINGUO|YYMM|MONYY)/;
const DATETIME_FORMATS = /^(?:DATETIME|E8601DT|B8601DT|NLDATM)/;

function corrupt(what: string): ScanError {
  return new ScanError('CORRUPT', `xpt ${what}`);
}

/** A variable of a member: type, length, position in a row, name, label, format. */
interface Variable {
  readonly numeric: boolean;
  readonly length: number;
  readonly position: number;
  name: string;
  label: string;
  readonly format: string;
}

/** A character value's text, trailing spaces cut. */
function text(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end--;
  const trimmed = bytes.subarray(0, end);
  return utf8OrGb18030(trimmed) ?? Buffer.from(trimmed).toString('latin1');
}

/** An IBM floating-point number of 2-8 bytes (zeros after them); undefined for SAS's missing values. */
export function ibmFloat(bytes: Uint8Array): number | undefined {
  const b = new Uint8Array(8);
  b.set(bytes.subarray(0, 8));
  const rest = b.subarray(1).every((byte) => byte === 0);
  // Missing: `.`, `_` or a letter, then zeros.
  if (rest && (b[0] === 0x2e || b[0] === 0x5f || (b[0] >= 0x41 && b[0] <= 0x5a))) return undefined;
  const fraction = ((b[1] << 16) | (b[2] << 8) | b[3]) / 2 ** 24 + (((b[4] << 24) >>> 0) + ((b[5] << 16) | (b[6] << 8) | b[7])) / 2 ** 56;
  if (fraction === 0) return 0;
  const value = fraction * 16 ** ((b[0] & 0x7f) - 64);
  return b[0] & 0x80 ? -value : value;
}

/** A number under its format: a date, a date-time, or the number. */
function numberValue(value: number | undefined, format: string): unknown {
  if (value === undefined) return undefined;
  if (DATE_FORMATS.test(format) || DATETIME_FORMATS.test(format)) {
    const date = new Date(SAS_EPOCH_MS + value * (DATE_FORMATS.test(format) ? 86_400_000 : 1000));
    if (!Number.isNaN(date.getTime())) return DATE_FORMATS.test(format) ? date.toISOString().slice(0, 10) : date.toISOString().replace('.000Z', 'Z');
  }
  return value;
}

/** The 80-byte record at `at`, as text. */
function record(data: Buffer, at: number): string {
  if (at + RECORD > data.length) throw corrupt('is cut short (in a header record)');
  return data.toString('latin1', at, at + RECORD);
}

/** Whether the record at `at` is the header `HEADER RECORD*******<name>`. */
function isHeader(data: Buffer, at: number, names: readonly string[]): boolean {
  if (at + RECORD > data.length) return false;
  const line = data.toString('latin1', at, at + 48);
  return line.startsWith(HEADER) && names.some((name) => line.slice(HEADER.length).startsWith(name));
}

/** True when `head` starts a transport file: its library header, version 5 or 8. */
export function xptHead(head: Uint8Array): boolean {
  const line = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 48)).toString('latin1');
  return line === `${HEADER}LIBRARY HEADER RECORD!!!!!!!` || line === `${HEADER}LIBV8   HEADER RECORD!!!!!!!`;
}

/** Reads a SAS transport file (see the module doc). */
export async function* readXpt(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const data = await wholeObject(source, ctx);
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => fileCells(data) } };
}

async function* fileCells(data: Buffer): AsyncGenerator<Cell[]> {
  if (!xptHead(data)) throw corrupt('has no library header');
  const v8 = record(data, 0).slice(HEADER.length).startsWith('LIBV8');
  let at = 3 * RECORD;
  while (at < data.length) {
    if (!isHeader(data, at, ['MEMBER', 'MEMBV8'])) {
      // Padding after the last member's rows.
      if (data.subarray(at).every((byte) => byte === 0x20)) return;
      throw corrupt('member header is not where its rows end');
    }
    const namestrLength = Number(record(data, at).slice(74, 78));
    if (namestrLength !== 140 && namestrLength !== 136) throw corrupt('member header gives no NAMESTR length');
    if (!isHeader(data, at + RECORD, ['DSCRPTR', 'DSCPTV8'])) throw corrupt('member has no descriptor header');
    const sheet = record(data, at + 2 * RECORD).slice(8, v8 ? 40 : 16).trim() || 'xpt';
    at += 4 * RECORD;
    if (!isHeader(data, at, ['NAMESTR', 'NAMSTV8'])) throw corrupt('member has no NAMESTR header');
    const count = Number(record(data, at).slice(54, 58));
    if (!Number.isInteger(count)) throw corrupt('NAMESTR header gives no count of variables');
    at += RECORD;
    const variables: Variable[] = [];
    for (let i = 0; i < count; i++) {
      const n = at + i * namestrLength;
      if (n + namestrLength > data.length) throw corrupt('is cut short (in its NAMESTR records)');
      const longName = v8 ? data.toString('latin1', n + 88, n + 120).trim() : '';
      const type = data.readUInt16BE(n);
      if ((type !== 1 && type !== 2) || data.readUInt16BE(n + 6) !== i + 1) throw corrupt(`NAMESTR ${i + 1} is damaged`);
      variables.push({
        numeric: data.readUInt16BE(n) === 1,
        length: data.readUInt16BE(n + 4),
        position: data.readUInt32BE(n + 84),
        name: longName || data.toString('latin1', n + 8, n + 16).trim(),
        label: text(data.subarray(n + 16, n + 56)),
        format: data.toString('latin1', n + 56, n + 64).trim().toUpperCase(),
      });
    }
    at += Math.ceil((count * namestrLength) / RECORD) * RECORD;
    // Version 8's long labels (over 40 characters), before the rows.
    if (isHeader(data, at, ['LABELV8', 'LABELV9'])) at = longLabels(data, at, variables);
    if (!isHeader(data, at, ['OBS     ', 'OBSV8   '])) throw corrupt('member has no OBS header where its variables end');
    at += RECORD;
    // The variables tile a row: each starts where the one before it ends (a damaged position or
    // length would misplace every value, or leave none).
    let width = 0;
    for (const variable of [...variables].sort((a, b) => a.position - b.position)) {
      if (variable.position !== width || variable.length < 1) throw corrupt('variables do not lie side by side in a row (a NAMESTR damaged)');
      if (variable.numeric && (variable.length < 2 || variable.length > 8)) throw corrupt('a numeric variable is not 2 to 8 bytes long');
      width += variable.length;
    }
    // The rows run to the next member's header (on an 80-byte boundary) or the file's end.
    let end = at;
    while (end < data.length && !isHeader(data, end, ['MEMBER', 'MEMBV8'])) end += RECORD;
    end = Math.min(end, data.length);
    let rowCount = width === 0 ? 0 : Math.floor((end - at) / width);
    // The last record's padding is spaces: rows of spaces only at the end are padding, and what is
    // left after the rows is less than a record of spaces.
    while (rowCount > 0 && data.subarray(at + (rowCount - 1) * width, at + rowCount * width).every((byte) => byte === 0x20)) rowCount--;
    const rest = data.subarray(at + rowCount * width, end);
    if (rest.length >= RECORD + width || !rest.every((byte) => byte === 0x20)) throw corrupt('rows do not fill the member (a NAMESTR damaged, or cut short)');
    if ((end - at) % RECORD !== 0) throw corrupt('rows are cut short');
    const headers = variables.map((variable) => variable.label || variable.name);
    const rows = function* (): Generator<unknown[]> {
      for (let r = 0; r < rowCount; r++) {
        const row = at + r * width;
        yield variables.map((variable) => {
          const bytes = data.subarray(row + variable.position, row + variable.position + variable.length);
          return variable.numeric ? numberValue(ibmFloat(bytes), variable.format) : text(bytes);
        });
      }
    };
    yield* tableCells(sheet, headers, rows());
    at = end;
  }
}

/** LABELV8 and LABELV9 records: each variable's number, its name's and label's lengths, then both. Returns where they end. */
function longLabels(data: Buffer, at: number, variables: Variable[]): number {
  const v9 = record(data, at).slice(HEADER.length).startsWith('LABELV9');
  const count = Number(record(data, at).slice(48, 78).trim());
  let p = at + RECORD;
  for (let i = 0; i < count; i++) {
    if (p + (v9 ? 10 : 6) > data.length) throw corrupt('is cut short (in its long labels)');
    const index = data.readUInt16BE(p) - 1;
    const nameLength = data.readUInt16BE(p + 2);
    const labelLength = data.readUInt16BE(p + 4);
    const formats = v9 ? data.readUInt16BE(p + 6) + data.readUInt16BE(p + 8) : 0;
    p += v9 ? 10 : 6;
    if (p + nameLength + labelLength + formats > data.length) throw corrupt('is cut short (in its long labels)');
    const variable = variables[index];
    if (variable !== undefined) {
      variable.name = data.toString('latin1', p, p + nameLength).trim() || variable.name;
      variable.label = text(data.subarray(p + nameLength, p + nameLength + labelLength)) || variable.label;
    }
    p += nameLength + labelLength + formats;
  }
  return Math.ceil(p / RECORD) * RECORD;
}
