/**
 * BIFF8 workbook streams (.xls from Excel 97 on, WPS Spreadsheets' .et) read record by record
 * ([MS-XLS] 2.4): each worksheet's cells come out as its records are met. Memory holds the
 * stream (itself at most `maxBufferedBytes`) and the shared strings, never a workbook of cell
 * objects: SheetJS, which read these before, built one at about 600 bytes of heap per cell (a
 * 9.9 MB workbook of 330,000 cells took 332 MiB). SheetJS stays the reader of BIFF5 and the
 * reference this one is tested against: the same cells, texts, references and headers.
 *
 * What SheetJS gives, this reader gives:
 * - strings from the shared string table (LABELSST), LABEL and RSTRING records;
 * - numbers (NUMBER, RK, MULRK) as digits, and as `YYYY-MM-DD` dates when their cell format is a
 *   date format (SheetJS's built-in formats and date test, ported: excel-dates.ts, and the
 *   workbook's FORMAT records);
 * - booleans and errors (BOOLERR), and formulas' cached results (a string result is in the STRING
 *   record that follows the FORMULA);
 * - only cells of worksheet-level substreams: a chart embedded in a sheet is a nested substream.
 *
 * Cells come in record order, which writers keep row by row (SheetJS sorts them by row and
 * column), with the headers of the sheet's header row (header-row.ts).
 */
import { ScanError } from '../errors.js';
import type { Cell } from '../types.js';
import { CellFormats, ERRORS, rkNumber, type DateRules } from './excel-numbers.js';
import { HeaderRow, type RowCell } from '../header-row.js';
import { cellRef } from './table.js';

/** A sheet's first rows, among which its header row is looked for (titles above it). */
const HEADER_ROWS = 10;

const BOF = 0x0809;
const EOF = 0x000a;
const CONTINUE = 0x003c;
const SST = 0x00fc;
const XF = 0x00e0;
const FORMAT = 0x041e;
const DATEMODE = 0x0022;
const BOUNDSHEET = 0x0085;
const LABELSST = 0x00fd;
const LABEL = 0x0204;
const RSTRING = 0x00d6;
const NUMBER = 0x0203;
const RK = 0x027e;
const MULRK = 0x00bd;
const BOOLERR = 0x0205;
const FORMULA = 0x0006;
const STRING = 0x0207;
/** A drawing object (a comment's box, a text box), its text (TxO) and a comment's cell (Note). */
const OBJ = 0x005d;
const TXO = 0x01b6;
const NOTE = 0x001c;

/** BIFF8's BOF version: Excel 97 and later. */
const BIFF8_VERSION = 0x0600;

function corrupt(what: string): ScanError {
  return new ScanError('CORRUPT', `xls ${what}`);
}

/** True when a workbook stream starts with a BIFF8 BOF (the globals of Excel 97 and later). */
export function isBiff8(stream: Uint8Array): boolean {
  return stream.length >= 8 && u16(stream, 0) === BOF && u16(stream, 4) === BIFF8_VERSION;
}

function u16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * A record's data with the CONTINUE records after it, read as one run of bytes (views of the
 * stream, not a copy: a shared string table is megabytes of CONTINUE records). A string's
 * characters that run into a CONTINUE go on after one byte that says again whether they are one
 * or two bytes wide; everything else reads straight across.
 */
class Continued {
  /** The record's data, then each CONTINUE's. */
  private readonly pieces: Buffer[];
  /** Where each piece starts in the run (the first at 0), and the run's length last. */
  private readonly starts: number[];
  /** Where each piece starts in the stream. */
  private readonly origins: number[];
  /** The piece `at` is in (or the last). */
  private piece = 0;
  at = 0;

  constructor(stream: Buffer, start: number, end: number, following: readonly [number, number][]) {
    this.pieces = [stream.subarray(start, end)];
    this.starts = [0];
    this.origins = [start];
    let length = end - start;
    for (const [from, to] of following) {
      this.starts.push(length);
      this.origins.push(from);
      this.pieces.push(stream.subarray(from, to));
      length += to - from;
    }
    this.starts.push(length);
  }

  get length(): number {
    return this.starts[this.starts.length - 1];
  }

  private need(n: number): void {
    if (this.at + n > this.length) throw corrupt('record is truncated');
  }

  /** Moves `piece` to the one `at` is in; returns where the next one starts (the run's end after the last). */
  private boundary(): number {
    while (this.piece < this.pieces.length - 1 && this.starts[this.piece + 1] <= this.at) this.piece++;
    return this.starts[this.piece + 1];
  }

  u8(): number {
    this.need(1);
    this.boundary();
    return this.pieces[this.piece][this.at++ - this.starts[this.piece]];
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }

  skip(n: number): void {
    this.need(n);
    this.at += n;
  }

  /**
   * Where in the stream `count` characters `wide` or not start, when they lie in one piece (no
   * CONTINUE cuts them, nor starts with them): read past them. Undefined when one does (read them
   * with `chars`).
   */
  place(count: number, wide: boolean): number | undefined {
    const bytes = count * (wide ? 2 : 1);
    if (this.at + bytes > this.boundary() || (this.piece > 0 && this.at === this.starts[this.piece])) return undefined;
    const place = this.origins[this.piece] + (this.at - this.starts[this.piece]);
    this.at += bytes;
    return place;
  }

  /** `count` characters, `wide` (UTF-16LE) or not (one byte each, U+0000-U+00FF). */
  chars(count: number, wide: boolean): string {
    let text = '';
    let width = wide ? 2 : 1;
    while (count > 0) {
      const next = this.boundary();
      // Where a CONTINUE starts (the characters ran into it, or start with it): its width byte first.
      if (this.piece > 0 && this.at === this.starts[this.piece]) {
        width = this.u8() & 0x01 ? 2 : 1;
        continue;
      }
      // In the last piece nothing cuts them: characters past its end are a record cut short.
      const boundary = this.piece === this.pieces.length - 1 ? Number.POSITIVE_INFINITY : next;
      const n = Math.min(count, Math.floor((boundary - this.at) / width));
      if (n === 0) throw corrupt('string is split inside a character');
      this.need(n * width);
      const from = this.at - this.starts[this.piece];
      text += this.pieces[this.piece].toString(width === 2 ? 'utf16le' : 'latin1', from, from + n * width);
      this.at += n * width;
      count -= n;
    }
    return text;
  }

  /** An XLUnicodeString: 16-bit count, flags, characters. */
  string(): string {
    const count = this.u16();
    return this.stringNoCount(count);
  }

  /** An XLUnicodeStringNoCch: flags, then `count` characters. */
  stringNoCount(count: number): string {
    const flags = this.u8();
    return count === 0 ? '' : this.chars(count, (flags & 0x01) !== 0);
  }
}

/**
 * The shared string table as places in the workbook stream, which is held anyway: a string is read
 * from there each time a cell refers to it. Held as strings, a table of 360,000 (xlwt's `.xls` of
 * 60,000 customers, 22 MB) took 27 MB of heap, and the scanner Lambda's engine 162-174 MiB. A
 * string a CONTINUE record cuts (a flags byte inside it; one a CONTINUE) is held as its text.
 */
class SharedStringPlaces {
  /** Per string: where its characters start in the stream (a Buffer is under 4 GiB), and its count times 2, plus 1 when they are two bytes wide. */
  private places = new Uint32Array(1024);
  private shapes = new Uint32Array(1024);
  private readonly texts = new Map<number, string>();
  size = 0;

  constructor(private readonly stream: Buffer) {}

  pushPlace(place: number, count: number, wide: boolean): void {
    this.grow();
    this.places[this.size] = place;
    this.shapes[this.size] = count * 2 + (wide ? 1 : 0);
    this.size++;
  }

  pushText(text: string): void {
    this.grow();
    this.texts.set(this.size, text);
    this.size++;
  }

  at(index: number): string {
    const text = this.texts.get(index);
    if (text !== undefined) return text;
    const shape = this.shapes[index];
    const place = this.places[index];
    return shape & 1 ? this.stream.toString('utf16le', place, place + (shape >>> 1) * 2) : this.stream.toString('latin1', place, place + (shape >>> 1));
  }

  private grow(): void {
    if (this.size < this.places.length) return;
    const places = new Uint32Array(this.places.length * 2);
    places.set(this.places);
    this.places = places;
    const shapes = new Uint32Array(this.shapes.length * 2);
    shapes.set(this.shapes);
    this.shapes = shapes;
  }
}

/** The workbook globals cells refer to. */
interface Globals {
  readonly strings: SharedStringPlaces;
  readonly formats: CellFormats;
  readonly sheetNames: Map<number, string>;
}

/** A cell's row, column and displayed text. */
interface CellText {
  row: number;
  column: number;
  text: string;
}

/** Reads the records of a workbook stream. */
class Workbook {
  private readonly stream: Buffer;
  private readonly globals: Globals;

  constructor(
    stream: Uint8Array,
    dates: DateRules,
  ) {
    this.stream = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
    this.globals = { strings: new SharedStringPlaces(this.stream), formats: new CellFormats(dates), sheetNames: new Map() };
  }

  /** Type, data start and end of the record at `at`. */
  private record(at: number): [type: number, start: number, end: number] {
    if (at + 4 > this.stream.length) throw corrupt('record header is truncated');
    const end = at + 4 + u16(this.stream, at + 2);
    if (end > this.stream.length) throw corrupt('record is truncated');
    return [u16(this.stream, at), at + 4, end];
  }

  /**
   * The string of a LABEL or RSTRING record (after its row, column and cell format): read from the
   * stream when no CONTINUE record follows (SheetJS writes every text cell so: one object fewer a
   * cell), else across them.
   */
  private labelText(from: number, to: number): string {
    const s = this.stream;
    if (to + 4 <= s.length && u16(s, to) === CONTINUE) {
      const [data] = this.continued(from, to);
      data.skip(6);
      return data.string();
    }
    if (to - from < 9) throw corrupt('record is truncated');
    const count = u16(s, from + 6);
    if (count === 0) return '';
    const wide = (s[from + 8] & 0x01) !== 0;
    const end = from + 9 + count * (wide ? 2 : 1);
    if (end > to) throw corrupt('record is truncated');
    return s.toString(wide ? 'utf16le' : 'latin1', from + 9, end);
  }

  /** The record at `at` with its CONTINUE records, and where the next record starts. */
  private continued(start: number, end: number): [Continued, number] {
    const following: [number, number][] = [];
    let at = end;
    while (at + 4 <= this.stream.length && u16(this.stream, at) === CONTINUE) {
      const [, from, to] = this.record(at);
      following.push([from, to]);
      at = to;
    }
    return [new Continued(this.stream, start, end, following), at];
  }

  /**
   * Every cell of every worksheet, in stream order. A sheet the globals list (BOUNDSHEET) that the
   * walk does not reach is CORRUPT after the others: a globals EOF whose header was overwritten
   * swallowed the only sheet, and the workbook came out public (found by fuzzing).
   */
  *cells(): Generator<Cell> {
    let at = this.readGlobals();
    const unread = new Set(this.globals.sheetNames.keys());
    // Substreams follow one another; anything else after one (padding, garbage) ends the book.
    while (at + 4 <= this.stream.length && u16(this.stream, at) === BOF) {
      const sheet = this.globals.sheetNames.get(at) ?? '';
      unread.delete(at);
      const end = this.substreamEnd(at);
      yield* this.sheetCells(sheet, at, end);
      at = end;
    }
    if (unread.size > 0) throw corrupt(`${unread.size} sheet(s) the workbook lists could not be reached`);
  }

  /** Reads the globals substream; returns where the next substream starts. */
  private readGlobals(): number {
    const g = this.globals;
    let at = this.record(0)[2];
    for (;;) {
      const [type, start, end] = this.record(at);
      at = end;
      switch (type) {
        case EOF:
          return at;
        case DATEMODE:
          g.formats.date1904 = end - start >= 2 && u16(this.stream, start) === 1;
          break;
        case FORMAT: {
          const [data, next] = this.continued(start, end);
          at = next;
          const id = data.u16();
          g.formats.formats.set(id, data.string());
          break;
        }
        case XF:
          g.formats.xfFormats.push(end - start >= 4 ? u16(this.stream, start + 2) : 0);
          break;
        case BOUNDSHEET: {
          const [data, next] = this.continued(start, end);
          at = next;
          const position = data.u32();
          data.skip(2);
          const count = data.u8();
          g.sheetNames.set(position, data.stringNoCount(count));
          break;
        }
        case SST: {
          const [data, next] = this.continued(start, end);
          at = next;
          this.readStrings(data);
          break;
        }
      }
    }
  }

  /** The shared string table: XLUnicodeRichExtendedStrings, their runs and phonetics skipped. */
  private readStrings(data: Continued): void {
    data.skip(4); // total references
    const unique = data.u32();
    const strings = this.globals.strings;
    for (let i = 0; i < unique && data.at < data.length; i++) {
      const count = data.u16();
      const flags = data.u8();
      const runs = flags & 0x08 ? data.u16() : 0;
      const phonetic = flags & 0x04 ? data.u32() : 0;
      const wide = (flags & 0x01) !== 0;
      const place = count === 0 ? undefined : data.place(count, wide);
      if (place !== undefined) strings.pushPlace(place, count, wide);
      else strings.pushText(count === 0 ? '' : data.chars(count, wide));
      data.skip(4 * runs + phonetic);
    }
  }

  /** Where the substream starting at `at` ends: after the EOF that closes its BOF. */
  private substreamEnd(at: number): number {
    let depth = 0;
    for (;;) {
      const [type, , end] = this.record(at);
      at = end;
      if (type === BOF) depth++;
      else if (type === EOF && --depth === 0) return at;
    }
  }

  /**
   * A worksheet's cells with their header (header-row.ts). A sheet is walked twice: first for its
   * first rows, in row order whatever the order of their records, which decide its header row;
   * then for its cells.
   */
  private *sheetCells(sheet: string, start: number, end: number): Generator<Cell> {
    const first = new Map<number, RowCell[]>();
    for (const { row, column, text } of this.cellTexts(start, end)) {
      if (text === '') continue;
      const cells = first.get(row);
      if (cells !== undefined) cells.push({ column, text });
      else if (first.size < HEADER_ROWS || row < Math.max(...first.keys())) {
        first.set(row, [{ column, text }]);
        if (first.size > HEADER_ROWS) first.delete(Math.max(...first.keys()));
      }
    }
    const headerRow = new HeaderRow();
    const headersOf = new Map<number, ReadonlyMap<number, string> | undefined>();
    for (const row of [...first.keys()].sort((x, y) => x - y)) headersOf.set(row, headerRow.of(first.get(row)!.sort((x, y) => x.column - y.column)));
    const later = headerRow.headers;
    for (const { row, column, text } of this.cellTexts(start, end)) {
      if (text === '') continue;
      const ref = cellRef(column, row + 1);
      const header = (headersOf.has(row) ? headersOf.get(row) : later)?.get(column);
      yield header === undefined || header === '' ? { sheet, ref, text } : { sheet, ref, text, header };
    }
    for (const { row, column, text } of this.objectTexts(start, end)) yield { sheet, ref: cellRef(column, row + 1), text };
  }

  /**
   * The texts of a worksheet's drawing objects: its cells' comments (at their cell: a Note record
   * names the object) and its text boxes (at A1), without a column's header. Each object's text
   * is in the CONTINUE records after its TxO record; the object is the Obj record before it.
   */
  private *objectTexts(start: number, end: number): Generator<CellText> {
    const s = this.stream;
    const texts = new Map<number, string>();
    let object = -1;
    for (const [type, from, to] of this.sheetRecords(start, end)) {
      if (type === OBJ && to - from >= 8 && u16(s, from) === 0x15) object = u16(s, from + 6);
      else if (type === TXO && to - from >= 12) {
        const count = u16(s, from + 10);
        if (count === 0 || to + 4 > end || u16(s, to) !== CONTINUE) continue;
        const [, textFrom, textTo] = this.record(to);
        const [data] = this.continued(textFrom, textTo);
        const text = data.stringNoCount(count).trim();
        if (text !== '') texts.set(object, text);
      } else if (type === NOTE && to - from >= 8) {
        const text = texts.get(u16(s, from + 6));
        if (text === undefined) continue;
        texts.delete(u16(s, from + 6));
        yield { row: u16(s, from), column: u16(s, from + 2), text };
      }
    }
    for (const text of texts.values()) yield { row: 0, column: 0, text };
  }

  private numberText(value: number, xf: number): string {
    return this.globals.formats.numberText(value, xf);
  }

  /** An error's text; none for a cell format the workbook lacks (SheetJS formats no such cell). */
  private errorText(code: number, xf: number): string {
    return xf < this.globals.formats.xfFormats.length ? (ERRORS[code] ?? '') : '';
  }

  /**
   * The worksheet-level records between `start` and `end` (not those of a chart or another
   * substream inside it), in order; CONTINUE records too, which a reader of the record before
   * them has read with it (`continued`) and passes over.
   */
  private *sheetRecords(start: number, end: number): Generator<[type: number, start: number, end: number]> {
    let depth = 0;
    for (let at = start; at < end; ) {
      const record = this.record(at);
      at = record[2];
      if (record[0] === BOF) depth++;
      else if (record[0] === EOF) depth--;
      if (depth === 1) yield record;
    }
  }

  /** The cells of the worksheet-level records between `start` and `end`, in record order. */
  private *cellTexts(start: number, end: number): Generator<CellText> {
    const s = this.stream;
    const strings = this.globals.strings;
    /** A formula whose string result is in the STRING record to come. */
    let pending: { row: number; column: number } | undefined;
    for (const [type, from, to] of this.sheetRecords(start, end)) {
      const size = to - from;
      const row = size >= 4 ? u16(s, from) : 0;
      const column = size >= 4 ? u16(s, from + 2) : 0;
      switch (type) {
        case LABELSST: {
          if (size < 10) throw corrupt('LABELSST record is short');
          const index = u32(s, from + 6);
          if (index >= strings.size) throw corrupt('cell refers past the shared strings');
          yield { row, column, text: strings.at(index) };
          break;
        }
        case LABEL:
        case RSTRING:
          yield { row, column, text: this.labelText(from, to) };
          break;
        case NUMBER:
          if (size < 14) throw corrupt('NUMBER record is short');
          yield { row, column, text: this.numberText(s.readDoubleLE(from + 6), u16(s, from + 4)) };
          break;
        case RK:
          if (size < 10) throw corrupt('RK record is short');
          yield { row, column, text: this.numberText(rkNumber(s, from + 6), u16(s, from + 4)) };
          break;
        case MULRK: {
          const count = (size - 6) / 6;
          if (size < 12 || !Number.isInteger(count) || u16(s, to - 2) - column + 1 !== count) throw corrupt('MULRK record is malformed');
          for (let i = 0; i < count; i++) {
            const rec = from + 4 + 6 * i;
            yield { row, column: column + i, text: this.numberText(rkNumber(s, rec + 2), u16(s, rec)) };
          }
          break;
        }
        case BOOLERR: {
          if (size < 8) throw corrupt('BOOLERR record is short');
          const xf = u16(s, from + 4);
          const value = s[from + 6];
          yield { row, column, text: s[from + 7] === 1 ? this.errorText(value, xf) : value === 1 ? 'true' : 'false' };
          break;
        }
        case FORMULA: {
          if (size < 20) throw corrupt('FORMULA record is short');
          const xf = u16(s, from + 4);
          pending = undefined;
          if (u16(s, from + 12) !== 0xffff) {
            yield { row, column, text: this.numberText(s.readDoubleLE(from + 6), xf) };
            break;
          }
          const kind = s[from + 6];
          const value = s[from + 8];
          if (kind === 0) pending = { row, column };
          else if (kind === 1) yield { row, column, text: value === 1 ? 'true' : 'false' };
          else if (kind === 2) yield { row, column, text: this.errorText(value, xf) };
          break;
        }
        case STRING: {
          const [data] = this.continued(from, to);
          if (pending !== undefined) yield { ...pending, text: data.string() };
          pending = undefined;
          break;
        }
      }
    }
  }
}

/** Every non-empty cell of every worksheet of a BIFF8 workbook stream, in record order. */
export function biff8Cells(stream: Uint8Array, dates: DateRules): Generator<Cell> {
  return new Workbook(stream, dates).cells();
}
