/**
 * Stata datasets (`.dta`): surveys, panels and registers as statistics offices, universities and
 * market researchers keep them (China's CFPS and CHARLS are published so), written by Stata, by
 * pandas' `to_stata` and R's haven. Read by the strings pass before, a `.dta` of 30 customers gave
 * none of their IDs, names or mobiles: a row's fixed-width strings lie side by side (an ID ran
 * into the customer number before it) and numbers are binary.
 *
 * Formats ([Stata's dta documentation](https://www.stata.com/help.cgi?dta)): 117, 118 and 119
 * (Stata 13 on: `<stata_dta>` and tagged sections, their places in its `<map>`), and 113, 114 and
 * 115 (Stata 8 to 12: a 109-byte header, then fixed-size lists). One table (sheet `stata`): each
 * variable a column under its label (`身份证号`), else its name; every observation a row:
 *
 * | variable | read as |
 * |---|---|
 * | `str1`-`str2045` (fixed width) | its text to the first NUL: UTF-8 (118 on), else UTF-8 or GB18030 (a Chinese Stata before 14 wrote the system's code page), else Latin-1 |
 * | `strL` (long strings, 117 on) | the string it refers to in `<strls>`: text as above, or bytes (a binary strL: a file in it read as a BLOB's) |
 * | `byte`, `int`, `long` | digits; Stata's missing values (`.`, `.a`-`.z`: above 100, 32,740, 2,147,483,620) no value |
 * | `float`, `double` | digits (a mobile stored as a double keeps its 11); missing values no value; a `%td` (or `%d`) format a date, `YYYY-MM-DD` (days since 1960), a `%tc`/`%tC` format a time |
 *
 * The file is held whole (at most `maxBufferedBytes`: its strLs follow its rows). A header that is
 * none of these, a section that lies outside the file, rows or strLs cut short: CORRUPT, after the
 * rows read.
 */
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { utf8OrGb18030 } from './charset.js';
import { whereOf, type ReadContext } from './limits.js';
import type { Source } from './source.js';
import { tableCells } from './table.js';
import { wholeObject } from './whole.js';

/** The sheet of a dataset's cells. */
export const STATA_SHEET = 'stata';

const TAGGED_MAGIC = Buffer.from('<stata_dta>', 'latin1');
/** Releases of the untagged format: Stata 8 (113) to 12 (115). */
const OLD_RELEASES = new Set([113, 114, 115]);
/** The untagged format's header: release, byte order, file type, unused, nvar (2), nobs (4), label (81), time stamp (18). */
const OLD_HEADER_BYTES = 109;

function corrupt(what: string): ScanError {
  return new ScanError('CORRUPT', `stata ${what}`);
}

/** The old header's time stamp (at 91, 18 bytes), as Stata writes it: `dd Mon yyyy hh:mm`, or none. */
const OLD_TIME_STAMP = /^(?:[ \d]\d [A-Z][a-z]{2} \d{4} \d{2}:\d{2})?\0*$/;

/**
 * True when `head` starts a Stata dataset: the tagged format's first tag, or an old header whose
 * time stamp, variable types and first variable's name (all in the head) check out.
 */
export function stataHead(head: Uint8Array): boolean {
  if (head.length >= TAGGED_MAGIC.length && TAGGED_MAGIC.equals(head.subarray(0, TAGGED_MAGIC.length))) return true;
  if (head.length < OLD_HEADER_BYTES + 1 || !OLD_RELEASES.has(head[0]) || (head[1] !== 1 && head[1] !== 2) || head[2] !== 1 || head[3] !== 0) return false;
  const little = head[1] === 2;
  const nvar = little ? head[4] | (head[5] << 8) : (head[4] << 8) | head[5];
  const name = OLD_HEADER_BYTES + nvar;
  if (nvar === 0 || name + 33 > head.length) return false;
  if (!OLD_TIME_STAMP.test(Buffer.from(head.buffer, head.byteOffset + 91, 18).toString('latin1'))) return false;
  for (let i = 0; i < nvar; i++) {
    const type = head[OLD_HEADER_BYTES + i];
    if (type === 0 || (type > 244 && type < 251)) return false;
  }
  // The first variable's name: a letter or underscore, then name characters, then NUL.
  const first = head[name];
  if (!((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a) || first === 0x5f)) return false;
  return head.subarray(name, name + 33).includes(0);
}

/** A variable's storage: fixed-width text, a strL, or a number of a width. */
type VarType = { kind: 'str'; width: number } | { kind: 'strl'; width: 8 } | { kind: 'byte' | 'int' | 'long' | 'float' | 'double'; width: number };

/** The variable types of 117 and later, by their 2-byte codes. */
function taggedType(code: number): VarType {
  if (code >= 1 && code <= 2045) return { kind: 'str', width: code };
  switch (code) {
    case 32768:
      return { kind: 'strl', width: 8 };
    case 65526:
      return { kind: 'double', width: 8 };
    case 65527:
      return { kind: 'float', width: 4 };
    case 65528:
      return { kind: 'long', width: 4 };
    case 65529:
      return { kind: 'int', width: 2 };
    case 65530:
      return { kind: 'byte', width: 1 };
    default:
      throw corrupt(`variable type ${code} is not one Stata writes`);
  }
}

/** The variable types of 113 to 115, by their 1-byte codes. */
function oldType(code: number): VarType {
  if (code >= 1 && code <= 244) return { kind: 'str', width: code };
  const kinds = { 251: ['byte', 1], 252: ['int', 2], 253: ['long', 4], 254: ['float', 4], 255: ['double', 8] } as const;
  const known = kinds[code as keyof typeof kinds];
  if (known === undefined) throw corrupt(`variable type ${code} is not one Stata writes`);
  return { kind: known[0], width: known[1] };
}

/** A dataset's layout, read from its header: where each list is, and how its rows and strLs are laid out. */
interface Layout {
  readonly release: number;
  readonly little: boolean;
  readonly types: readonly VarType[];
  readonly names: readonly string[];
  readonly formats: readonly string[];
  readonly labels: readonly string[];
  readonly rows: number;
  readonly dataStart: number;
  /** Where `<strls>` starts (117 on), else undefined. */
  readonly strlsStart?: number;
}

/** Reads bytes at places of the held file, each checked to lie in it. */
class Bytes {
  readonly view: DataView;

  constructor(
    readonly data: Buffer,
    readonly little: boolean,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  need(at: number, n: number, what: string): void {
    if (!(at >= 0 && n >= 0 && at + n <= this.data.length)) throw corrupt(`${what} lies outside the file (cut short or damaged)`);
  }

  u16(at: number): number {
    this.need(at, 2, 'a field');
    return this.view.getUint16(at, this.little);
  }

  u32(at: number): number {
    this.need(at, 4, 'a field');
    return this.view.getUint32(at, this.little);
  }

  u64(at: number, what: string): number {
    this.need(at, 8, what);
    const value = this.view.getBigUint64(at, this.little);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(`${what} is out of range`);
    return Number(value);
  }

  /** A NUL-terminated text in a field of `width` bytes. */
  text(at: number, width: number, utf8Only: boolean): string {
    this.need(at, width, 'a name or label');
    const field = this.data.subarray(at, at + width);
    const end = field.indexOf(0);
    return decodeText(end < 0 ? field : field.subarray(0, end), utf8Only);
  }

  /** The tag `<name>` at `at`; returns where its content starts. */
  tag(at: number, name: string): number {
    const tag = `<${name}>`;
    this.need(at, tag.length, `<${name}>`);
    if (this.data.toString('latin1', at, at + tag.length) !== tag) throw corrupt(`has no <${name}> where its map places it`);
    return at + tag.length;
  }
}

/** Text bytes: UTF-8; before release 118 also GB18030 (a Chinese Stata wrote its code page), else Latin-1. */
function decodeText(bytes: Uint8Array, utf8Only: boolean): string {
  return utf8OrGb18030(bytes, utf8Only) ?? Buffer.from(bytes).toString('latin1');
}

/** The layout of a tagged dataset (117, 118, 119). */
function taggedLayout(bytes: Bytes): Layout {
  const { data } = bytes;
  const releaseAt = bytes.tag(bytes.tag(TAGGED_MAGIC.length, 'header'), 'release');
  const release = Number(data.toString('latin1', releaseAt, releaseAt + 3));
  if (release !== 117 && release !== 118 && release !== 119) throw corrupt(`release ${data.toString('latin1', releaseAt, releaseAt + 3)} is not read (113 to 119 are)`);
  const orderAt = bytes.tag(releaseAt + 3 + '</release>'.length, 'byteorder');
  const order = data.toString('latin1', orderAt, orderAt + 3);
  if (order !== 'LSF' && order !== 'MSF') throw corrupt('byte order is neither LSF nor MSF');
  const ordered = new Bytes(data, order === 'LSF');
  const kAt = ordered.tag(orderAt + 3 + '</byteorder>'.length, 'K');
  const nvar = release === 119 ? ordered.u32(kAt) : ordered.u16(kAt);
  const kBytes = release === 119 ? 4 : 2;
  const nAt = ordered.tag(kAt + kBytes + '</K>'.length, 'N');
  const rows = release === 117 ? ordered.u32(nAt) : ordered.u64(nAt, 'the number of observations');
  const labelAt = ordered.tag(nAt + (release === 117 ? 4 : 8) + '</N>'.length, 'label');
  const labelLength = release === 117 ? data[labelAt] : ordered.u16(labelAt);
  const stampAt = ordered.tag(labelAt + (release === 117 ? 1 : 2) + labelLength + '</label>'.length, 'timestamp');
  const mapAt = ordered.tag(stampAt + 1 + data[stampAt] + '</timestamp>'.length + '</header>'.length, 'map');
  const map = Array.from({ length: 14 }, (_, i) => ordered.u64(mapAt + i * 8, 'the map'));
  const nameWidth = release === 117 ? 33 : 129;
  const formatWidth = release === 117 ? 49 : 57;
  const labelWidth = release === 117 ? 81 : 321;
  const typesAt = ordered.tag(map[2], 'variable_types');
  const types = Array.from({ length: nvar }, (_, i) => taggedType(ordered.u16(typesAt + i * 2)));
  const namesAt = ordered.tag(map[3], 'varnames');
  const formatsAt = ordered.tag(map[5], 'formats');
  const labelsAt = ordered.tag(map[7], 'variable_labels');
  const utf8Only = release >= 118;
  return {
    release,
    little: order === 'LSF',
    types,
    names: types.map((_, i) => ordered.text(namesAt + i * nameWidth, nameWidth, utf8Only)),
    formats: types.map((_, i) => ordered.text(formatsAt + i * formatWidth, formatWidth, true)),
    labels: types.map((_, i) => ordered.text(labelsAt + i * labelWidth, labelWidth, utf8Only)),
    rows,
    dataStart: ordered.tag(map[9], 'data'),
    strlsStart: ordered.tag(map[10], 'strls'),
  };
}

/** The layout of an untagged dataset (113, 114, 115). */
function oldLayout(bytes: Bytes): Layout {
  const { data } = bytes;
  const release = data[0];
  const ordered = new Bytes(data, data[1] === 2);
  const nvar = ordered.u16(4);
  const rows = ordered.u32(6);
  let at = OLD_HEADER_BYTES;
  ordered.need(at, nvar, 'the variable types');
  const types = Array.from(data.subarray(at, at + nvar), oldType);
  at += nvar;
  const names = types.map((_, i) => ordered.text(at + i * 33, 33, false));
  at += nvar * 33 + 2 * (nvar + 1);
  const formatWidth = release === 113 ? 12 : 49;
  const formats = types.map((_, i) => ordered.text(at + i * formatWidth, formatWidth, true));
  at += nvar * formatWidth + nvar * 33;
  const labels = types.map((_, i) => ordered.text(at + i * 81, 81, false));
  at += nvar * 81;
  // Expansion fields: a type byte and a 4-byte length each, to a type 0 of length 0.
  for (;;) {
    ordered.need(at, 5, 'the expansion fields');
    const type = data[at];
    const length = ordered.u32(at + 1);
    at += 5;
    if (type === 0 && length === 0) break;
    at += length;
  }
  return { release, little: data[1] === 2, types, names, formats, labels, rows, dataStart: at };
}

/** Stata's missing values: the largest values a type holds stand for `.` and `.a`-`.z`. */
const MISSING_ABOVE = { byte: 100, int: 32_740, long: 2_147_483_620, float: 1.701e38, double: 8.988e307 } as const;
/** Milliseconds from 1970 to Stata's epoch, 1 January 1960. */
const STATA_EPOCH_MS = Date.UTC(1960, 0, 1);

/** A number's text under its display format: a date for `%td`/`%d`, a time for `%tc`/`%tC`, else the number. */
function numberValue(value: number, format: string): unknown {
  if (/^%-?t?d/.test(format) && !/^%-?t[cC]/.test(format)) {
    const date = new Date(STATA_EPOCH_MS + value * 86_400_000);
    return Number.isNaN(date.getTime()) ? value : date.toISOString().slice(0, 10);
  }
  if (/^%-?t[cC]/.test(format)) {
    const date = new Date(STATA_EPOCH_MS + value);
    return Number.isNaN(date.getTime()) ? value : date.toISOString().replace('.000Z', 'Z');
  }
  return value;
}

/** The strLs of `<strls>` by their (v, o) key: each a GSO entry. */
function strls(bytes: Bytes, layout: Layout): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const { data } = bytes;
  let at = layout.strlsStart!;
  const oBytes = layout.release === 117 ? 4 : 8;
  while (at + 3 <= data.length && data.toString('latin1', at, at + 3) === 'GSO') {
    const v = bytes.u32(at + 3);
    const o = oBytes === 4 ? bytes.u32(at + 7) : bytes.u64(at + 7, 'a strL key');
    const kind = data[at + 3 + 4 + oBytes];
    const lengthAt = at + 3 + 4 + oBytes + 1;
    const length = bytes.u32(lengthAt);
    bytes.need(lengthAt + 4, length, 'a strL');
    const raw = data.subarray(lengthAt + 4, lengthAt + 4 + length);
    // 130: text, NUL-terminated; 129: binary.
    out.set(`${v}:${o}`, kind === 130 ? decodeText(raw[raw.length - 1] === 0 ? raw.subarray(0, raw.length - 1) : raw, layout.release >= 118) : raw);
    at = lengthAt + 4 + length;
  }
  if (data.toString('latin1', at, at + '</strls>'.length) !== '</strls>') throw corrupt('strLs are cut short or damaged');
  return out;
}

/** The (v, o) key a strL cell refers to: v and o in 4 and 4 bytes (117), 2 and 6 (118), 3 and 5 (119). */
function strlKey(bytes: Bytes, at: number, release: number): string {
  const { data, little } = bytes;
  const vBytes = release === 117 ? 4 : release === 118 ? 2 : 3;
  let v = 0;
  let o = 0;
  for (let i = 0; i < vBytes; i++) v += data[at + (little ? i : vBytes - 1 - i)] * 256 ** i;
  for (let i = 0; i < 8 - vBytes; i++) o += data[at + vBytes + (little ? i : 8 - vBytes - 1 - i)] * 256 ** i;
  return `${v}:${o}`;
}

/** Reads a Stata dataset (see the module doc). */
export async function* readStata(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const data = await wholeObject(source, ctx);
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => datasetCells(data) } };
}

async function* datasetCells(data: Buffer): AsyncGenerator<Cell[]> {
  const tagged = data.length >= TAGGED_MAGIC.length && TAGGED_MAGIC.equals(data.subarray(0, TAGGED_MAGIC.length));
  if (!tagged && !OLD_RELEASES.has(data[0])) throw corrupt(`release ${data[0]} is not read (113 to 119 are)`);
  const layout = tagged ? taggedLayout(new Bytes(data, true)) : oldLayout(new Bytes(data, data[1] === 2));
  const bytes = new Bytes(data, layout.little);
  const long = layout.strlsStart === undefined || !layout.types.some((type) => type.kind === 'strl') ? new Map<string, unknown>() : strls(bytes, layout);
  const width = layout.types.reduce((sum, type) => sum + type.width, 0);
  const headers = layout.names.map((name, i) => layout.labels[i] || name);
  const utf8Only = layout.release >= 118;
  const starts: number[] = [];
  layout.types.reduce((at, type) => {
    starts.push(at);
    return at + type.width;
  }, 0);
  const rows = function* (): Generator<unknown[]> {
    for (let r = 0; r < layout.rows; r++) {
      const at = layout.dataStart + r * width;
      bytes.need(at, width, `observation ${r + 1}`);
      yield layout.types.map((type, i) => cellValue(bytes, type, at + starts[i], layout.formats[i], long, layout.release, utf8Only));
    }
  };
  yield* tableCells(STATA_SHEET, headers, rows());
  if (layout.strlsStart !== undefined && data.toString('latin1', layout.dataStart + layout.rows * width, layout.dataStart + layout.rows * width + 7) !== '</data>') {
    throw corrupt('rows do not end where its header says');
  }
}

/** One cell's value: text, a number (no value for a missing one), a date, or a strL's text or bytes. */
function cellValue(bytes: Bytes, type: VarType, at: number, format: string, long: ReadonlyMap<string, unknown>, release: number, utf8Only: boolean): unknown {
  const { view, little } = bytes;
  switch (type.kind) {
    case 'str':
      return bytes.text(at, type.width, utf8Only);
    case 'strl': {
      const key = strlKey(bytes, at, release);
      if (key === '0:0') return undefined;
      const value = long.get(key);
      if (value === undefined) throw corrupt('a strL refers to no string in <strls>');
      return value;
    }
    default: {
      const value = NUMBERS[type.kind](view, at, little);
      return value > MISSING_ABOVE[type.kind] ? undefined : numberValue(value, format);
    }
  }
}

/** How each numeric type is read. */
const NUMBERS: Readonly<Record<keyof typeof MISSING_ABOVE, (view: DataView, at: number, little: boolean) => number>> = {
  byte: (view, at) => view.getInt8(at),
  int: (view, at, little) => view.getInt16(at, little),
  long: (view, at, little) => view.getInt32(at, little),
  float: (view, at, little) => view.getFloat32(at, little),
  double: (view, at, little) => view.getFloat64(at, little),
};
