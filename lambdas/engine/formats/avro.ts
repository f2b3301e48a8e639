/**
 * Avro object container reader: one CellsPart, one sheet (`avro`) whose headers are the top-level
 * field names of the writer's schema, streamed block by block through avsc (MIT). Longs are read
 * as bigints (avsc would round past 2^53), so IDs and phones stored as longs keep every digit;
 * nested records, maps and arrays are JSON text.
 *
 * Codecs: null, deflate and snappy, each decompressed here with a ceiling, because avsc's own
 * deflate inflates a block without any limit.
 *
 * | Condition                                                  | Result                   |
 * |------------------------------------------------------------|--------------------------|
 * | a block decompressing past `maxBufferedBytes`              | throws LIMIT_EXCEEDED    |
 * | a block above `maxRatio` (past the grace bytes)            | throws LIMIT_EXCEEDED    |
 * | another codec (zstandard, bzip2, xz)                       | throws CORRUPT, named    |
 * | bad header, schema, sync marker or record                  | throws CORRUPT           |
 * | a count (header map, block, array, map) past the bytes left | throws CORRUPT (avro-guard.ts) |
 */
import { Readable, pipeline } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import type { Type } from 'avsc';
import { ScanError, isScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { avroHeaderLength, guardCounts } from './avro-guard.js';
import { sourceBytes, toScanError } from './bytes.js';
import { RATIO_GRACE_BYTES, whereOf, type Budget, type ReadContext } from './limits.js';
import type { Source } from './source.js';
import { tableCells } from './table.js';
import { snappyLength } from './sniff.js';

/** The sheet name of an Avro file's cells (it has one record stream). */
export const AVRO_SHEET = 'avro';

type Avsc = typeof import('avsc');

/** A long type that decodes to bigint: avsc's documented way to keep 64-bit integers exact. */
function bigintLongType(avsc: Avsc): Type {
  return avsc.types.LongType.__with({
    fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(),
    toBuffer: (value: bigint) => {
      const buffer = Buffer.alloc(8);
      buffer.writeBigInt64LE(BigInt(value));
      return buffer;
    },
    fromJSON: (value: number | string) => BigInt(value),
    toJSON: (value: bigint) => Number(value),
    isValid: (value: unknown) => typeof value === 'bigint',
    compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
  });
}

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The schema with names that break Avro's rules (Chinese field names, which Python's fastavro
 * writes) replaced by `_1`, `_2`, ...: avsc refuses them, and only the top-level names matter here,
 * taken before this. Names are only renamed, so the binary layout is unchanged.
 */
export function lenientSchema(schema: unknown): unknown {
  let renamed = 0;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'name' && typeof value === 'string' && !value.split('.').every((part) => AVRO_NAME.test(part))) {
        out[key] = `_${++renamed}`;
      } else if (key === 'aliases' || key === 'symbols') {
        out[key] = Array.isArray(value) ? value.map((item, i) => (typeof item === 'string' && AVRO_NAME.test(item) ? item : `_${i}`)) : value;
      } else {
        out[key] = walk(value);
      }
    }
    return out;
  };
  return walk(schema);
}

/** Top-level field names of a record schema, as written (undefined for other schemas). */
function fieldNames(schema: unknown): string[] | undefined {
  const fields = (schema as { type?: unknown; fields?: unknown } | null)?.fields;
  return Array.isArray(fields) ? fields.map((field: { name?: unknown }) => (typeof field?.name === 'string' ? field.name : '')) : undefined;
}

/** Checks one decompressed block against the limits and counts it in the budget. */
function checkBlock(budget: Budget, compressed: number, produced: number): void {
  const { maxRatio } = budget.limits;
  if (produced > RATIO_GRACE_BYTES && produced > maxRatio * Math.max(1, compressed)) {
    throw new ScanError('LIMIT_EXCEEDED', `avro block decompresses more than ${maxRatio} times its size (maxRatio)`);
  }
  budget.addBytes(produced);
}

type Codec = (buffer: Buffer, callback: (error: Error | null, value?: Buffer) => void) => void;

/** Bounded decompressors for avsc's BlockDecoder. */
async function boundedCodecs(budget: Budget): Promise<Record<string, Codec>> {
  const { snappyUncompress } = await import('hyparquet');
  const max = budget.limits.maxBufferedBytes;
  const guarded = (decompress: (buffer: Buffer) => Buffer): Codec => (buffer, callback) => {
    let output: Buffer;
    try {
      output = decompress(buffer);
      checkBlock(budget, buffer.length, output.length);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback(null, output);
  };
  return {
    null: (buffer, callback) => callback(null, buffer),
    deflate: guarded((buffer) => {
      try {
        return inflateRawSync(buffer, { maxOutputLength: max });
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ScanError('LIMIT_EXCEEDED', `avro block is larger than ${max} bytes (maxBufferedBytes)`);
        }
        throw toScanError(error, 'CORRUPT', 'avro deflate block could not be decompressed');
      }
    }),
    // Snappy blocks end with a 4-byte CRC32 of the uncompressed data.
    snappy: guarded((buffer) => {
      const data = buffer.subarray(0, Math.max(0, buffer.length - 4));
      const length = snappyLength(data, 'avro snappy block');
      if (length > max) throw new ScanError('LIMIT_EXCEEDED', `avro block is larger than ${max} bytes (maxBufferedBytes)`);
      const output = new Uint8Array(length);
      snappyUncompress(data, output);
      return Buffer.from(output.buffer, output.byteOffset, output.byteLength);
    }),
  };
}

/**
 * Bytes avsc's BlockDecoder holds that form no whole block (its private `_tap`, avsc 5.7: a test
 * checks it on a truncated file, in case an upgrade renames it).
 */
function unreadBytes(decoder: object): number {
  const tap = (decoder as { _tap?: { buf?: Buffer; pos?: number } })._tap;
  if (tap?.buf === undefined || typeof tap.pos !== 'number') {
    throw new ScanError('CORRUPT', 'avro reader: avsc has no _tap; check the avsc version');
  }
  return tap.buf.length - tap.pos;
}

/** The bytes, the header first checked whole (avroHeaderLength) before avsc sees any of it. */
async function* checkedHeader(bytes: AsyncIterable<Buffer>, max: number): AsyncGenerator<Buffer> {
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of bytes) {
    if (head === undefined) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (avroHeaderLength(head) !== undefined) {
      yield head;
      head = undefined;
    } else if (head.length > max) {
      throw new ScanError('LIMIT_EXCEEDED', `avro header is larger than ${max} bytes (maxBufferedBytes)`);
    }
  }
  if (head !== undefined) throw new ScanError('CORRUPT', 'avro file is truncated');
}

/** Reads an Avro object container file as a stream. */
export async function* readAvro(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => fileCells(source, ctx) } };
}

async function* fileCells(source: Source, ctx: ReadContext): AsyncGenerator<Cell[]> {
  const { default: avsc } = await import('avsc');
  guardCounts(avsc.types as never);
  const longType = bigintLongType(avsc);
  let columns: string[] = [];
  let isRecord = true;
  let unsupported: string | undefined;
  const codecs = await boundedCodecs(ctx.budget);
  const decoder = new avsc.streams.BlockDecoder({
    codecs: new Proxy(codecs, {
      // An unknown codec is named in the error, not left to avsc's message.
      get: (target, name: string) => target[name] ?? ((_: Buffer, callback: Parameters<Codec>[1]) => callback((unsupported = name, new Error('codec')))),
    }),
    parseHook: (schema) => {
      const names = fieldNames(schema);
      isRecord = names !== undefined;
      columns = names ?? [];
      const type = avsc.Type.forSchema(lenientSchema(schema) as never, { registry: { long: longType }, wrapUnions: false });
      return type;
    },
  });
  // A block holds its records' bytes: more records than bytes is a lie that avsc would loop on.
  decoder.on('block', (block: { valueCount: number; rawDataLength: number }) => {
    if (block.valueCount > block.rawDataLength + 1) decoder.destroy(new ScanError('CORRUPT', 'avro block declares more records than it holds'));
  });
  let sawHeader = false;
  decoder.on('metadata', () => (sawHeader = true));
  const bytes = checkedHeader(sourceBytes(source), ctx.budget.limits.maxBufferedBytes);
  const records = pipeline(Readable.from(bytes), decoder, () => undefined);
  let headerRow = true;
  let rowsBefore = 0;
  try {
    for await (const record of records) {
      // Fields by position: their names in the decoded record may be the renamed ones.
      const values = isRecord ? Object.values(record as Record<string, unknown>) : [record];
      yield* tableCells(AVRO_SHEET, columns, [values], { headerRow, rowsBefore });
      headerRow = false;
      rowsBefore += 1;
    }
    // avsc ends quietly on a file cut inside its header or a block: that is not a whole file.
    if (!sawHeader || unreadBytes(decoder) > 0) throw new ScanError('CORRUPT', 'avro file is truncated');
  } catch (error) {
    if (unsupported !== undefined) {
      const codec = /^[a-z0-9-]{1,20}$/.test(unsupported) ? unsupported : 'unknown';
      throw new ScanError('CORRUPT', `avro codec ${codec} is not supported`);
    }
    // avsc wraps a codec's error (a limit) in its own, as `cause`.
    const cause = (error as { cause?: unknown } | null)?.cause;
    throw toScanError(isScanError(cause) ? cause : error, 'CORRUPT', 'avro file could not be read');
  } finally {
    records.destroy();
  }
}
