/**
 * BSON: MongoDB's documents as `mongodump` writes a collection (`<collection>.bson`, one document
 * after another; `--gzip` gzips each file). Read by the strings pass, a value lay apart from its
 * field's name, with binary bytes between them: a collection of names, WeChat ids, birth dates,
 * passports and QQ numbers under Chinese field names came out public. Each document is parsed by
 * the `bson` package (MongoDB's own, Apache-2.0) and every value is a cell (`sheet` `documents`,
 * A1-style `ref`: the column of its field, the document's number) under its field's path as
 * header (`contact.mobile`; camel and snake case read as words: `bankAccount` is `bank account`):
 *
 * - strings as they are; numbers, 64-bit integers (as digits) and decimals as written;
 * - a date at midnight UTC as its date (`1990-05-03`, as a spreadsheet's date cell reads), any other
 *   as its ISO time;
 * - binary data (a photo, a file stored in a document) as bytes, read as a member (embedded.ts);
 * - JavaScript code as its text; object ids, booleans, nulls, timestamps and keys not at all.
 *
 * A mongodump archive (`mongodump --archive`, one file for a whole dump; with `--gzip` the whole of
 * it gzipped) is the same documents between its magic number and terminators: its header and
 * collections' metadata, then each collection's segments (a header naming the collection, its
 * documents); read so too. One document is held at a time (MongoDB's limit is 16 MiB), in one
 * buffer the next reuses: two copies of each, made and dropped, had eight documents of 12 MiB lie
 * dead outside the heap at once (collect.ts). A document whose size is out of range, that does not
 * parse, or that is cut short is `CORRUPT` after the documents before it.
 */
import type { Cell, ContentPart } from '../types.js';
import { ScanError } from '../errors.js';
import { StreamBytes, sourceBytes } from './bytes.js';
import { whereOf, type ReadContext } from './limits.js';
import { BSON_MAX_DOCUMENT_BYTES, MONGODUMP_ARCHIVE_MAGIC } from './sniff.js';
import type { Source } from './source.js';
import { NamedColumns, cellRef, headerOfName, recordBatches } from './table.js';

/** A mongodump archive's end of a segment, where a document's size would be. */
const TERMINATOR = -1;

/** A date at midnight UTC: its date is what a form or a sheet showed. */
function dateText(date: Date): string {
  const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** Each value of `value` with its field path: text, or bytes for binary data. */
function* valuesOf(value: unknown, path: string): Generator<[string, string | Uint8Array]> {
  if (typeof value === 'string') {
    if (value.trim() !== '') yield [path, value];
  } else if (typeof value === 'number' || typeof value === 'bigint') yield [path, String(value)];
  else if (value instanceof Date) yield [path, dateText(value)];
  else if (Array.isArray(value)) {
    for (const item of value) yield* valuesOf(item, path);
  } else if (typeof value === 'object' && value !== null) {
    const typed = value as { _bsontype?: string; toString(): string; buffer?: Uint8Array; sub_type?: number; code?: unknown };
    switch (typed._bsontype) {
      case undefined:
        for (const [key, item] of Object.entries(value)) yield* valuesOf(item, path === '' ? key : `${path}.${key}`);
        return;
      case 'Binary':
        // Generic, old and user-defined subtypes hold data; UUIDs, hashes and encrypted fields do not read.
        // A copy: the package gives a view of the document's bytes, whose buffer the next document reuses.
        if (typed.buffer !== undefined && typed.buffer.length > 0 && (typed.sub_type === 0 || typed.sub_type === 2 || (typed.sub_type ?? 0) >= 0x80)) yield [path, new Uint8Array(typed.buffer)];
        return;
      case 'Long':
      case 'Decimal128':
      case 'Double':
      case 'Int32':
      case 'BSONSymbol':
        yield [path, typed.toString()];
        return;
      case 'Code':
        if (typeof typed.code === 'string' && typed.code.trim() !== '') yield [path, typed.code];
        return;
      default:
        // ObjectId, Timestamp, MinKey, MaxKey, BSONRegExp, DBRef: not a value of a person.
        return;
    }
  }
}

/** Reads a BSON file: its documents' values as cells (the module doc). */
export async function* readBson(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => documentCells(source, 0) } };
}

/**
 * readBson of a file whose first `skip` bytes are no document (its first document damaged, the
 * next found by sniff.ts bsonStart): the documents from there, then CORRUPT for those bytes.
 */
export function readBsonFrom(skip: number): (source: Source, ctx: ReadContext) => AsyncGenerator<ContentPart> {
  return async function* (source, ctx) {
    yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => documentCells(source, skip) } };
  };
}

/** The documents' cells in batches (recordBatches: those before a damage, then its error). */
function documentCells(source: Source, skip: number): AsyncGenerator<readonly Cell[]> {
  return recordBatches(documentsOf(source, skip));
}

/** Each document's cells; damage, or bytes skipped before the first document, end it with CORRUPT. */
async function* documentsOf(source: Source, skip: number): AsyncGenerator<readonly Cell[]> {
  const { deserialize } = await import('bson');
  const columns = new NamedColumns();
  const input = new StreamBytes(sourceBytes(source));
  let documents = 0;
  /** The document being read: the largest one yet, reused. */
  let held = Buffer.alloc(0);
  const corrupt = (why: string) => new ScanError('CORRUPT', `BSON: document ${documents + 1} ${why}`);
  // Damaged bytes before the first whole document are dropped; a mongodump archive's magic
  // number before the first document is skipped.
  if (skip > 0) await input.read(skip);
  for (let first = skip === 0; ; first = false) {
    const head = await input.read(4);
    if (head.length === 0) break;
    if (head.length < 4) throw corrupt('is cut short');
    if (first && MONGODUMP_ARCHIVE_MAGIC.equals(head)) continue;
    const size = head.readInt32LE(0);
    // A mongodump archive's end of a segment (its header, a collection's run of documents).
    if (size === TERMINATOR) continue;
    if (size < 5 || size > BSON_MAX_DOCUMENT_BYTES) throw corrupt('gives a size out of range');
    if (held.length < size) held = Buffer.allocUnsafe(size);
    const bytes = held.subarray(0, size);
    bytes.set(head, 0);
    if ((await input.readInto(bytes, 4)) < size - 4) throw corrupt('is cut short');
    let document: Record<string, unknown>;
    try {
      document = deserialize(bytes, { useBigInt64: true, validation: { utf8: false } });
    } catch {
      throw corrupt('does not parse');
    }
    documents++;
    const cells: Cell[] = [];
    for (const [path, value] of valuesOf(document, '')) {
      const { column, header } = columns.of(path, headerOfName);
      const ref = cellRef(column, documents);
      cells.push(typeof value === 'string' ? { sheet: 'documents', ref, text: value, header } : { sheet: 'documents', ref, text: '', header, bytes: value });
    }
    yield cells;
  }
  if (skip > 0) throw new ScanError('CORRUPT', `BSON: its first ${skip} bytes are no document (damaged); read from the first whole one`);
}
