/**
 * Parquet reader: one CellsPart, one sheet (`parquet`) whose headers are the top-level column
 * names, read row group by row group with hyparquet (MIT, pure JS) and every codec of
 * hyparquet-compressors (snappy, gzip, brotli, zstd, lz4). INT64 values come as bigints, so IDs
 * and phones stored as integers keep every digit; nested columns are JSON text.
 *
 * | Condition                                                | Result                      |
 * |----------------------------------------------------------|-----------------------------|
 * | no path and larger than `maxBufferedBytes`               | throws LIMIT_EXCEEDED       |
 * | a row group or page decompressing past `maxBufferedBytes` | throws LIMIT_EXCEEDED       |
 * | a row group's cells (x 16 bytes) past `maxBufferedBytes`  | throws LIMIT_EXCEEDED       |
 * | a row group above `maxRatio` (past the grace bytes)      | throws LIMIT_EXCEEDED       |
 * | encrypted footer (`PARE`, see sniff.ts) or columns       | ENCRYPTED                   |
 * | bad footer, pages or codec                               | throws CORRUPT              |
 * | a row group without a row count, or giving fewer or more rows than it (or the footer) declares | throws CORRUPT |
 */
import type { AsyncBuffer, Compressors, FileMetaData, RowGroup } from 'hyparquet';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { toScanError } from './bytes.js';
import { RATIO_GRACE_BYTES, whereOf, type ReadContext } from './limits.js';
import type { Source } from './source.js';
import { tableCells } from './table.js';
import { wholeObject } from './whole.js';

/** Memory a decoded cell takes at least (a slot in a row array plus a small value). */
export const CELL_MEMORY_BYTES = 16;

/** The sheet name of a Parquet file's cells (it has one table). */
export const PARQUET_SHEET = 'parquet';

/** Reads a Parquet file: seeking in a local file, or from memory. */
export async function* readParquet(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => fileCells(source, ctx) } };
}

async function* fileCells(source: Source, ctx: ReadContext): AsyncGenerator<Cell[]> {
  const hyparquet = await import('hyparquet');
  const { compressors, decompressZstd } = await import('hyparquet-compressors');
  let file: AsyncBuffer;
  if (source.path !== undefined) {
    try {
      file = await hyparquet.asyncBufferFromFile(source.path);
    } catch (error) {
      throw toScanError(error, 'READ_FAILED', 'could not read file');
    }
  } else {
    const bytes = await wholeObject(source, ctx);
    file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  let metadata: FileMetaData;
  try {
    metadata = await hyparquet.parquetMetadataAsync(file);
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'parquet footer could not be read');
  }
  const columns = hyparquet.parquetSchema(metadata).children.map((child) => child.element.name);
  // zstd into a buffer of the page's declared size: fzstd would otherwise size it from the frame.
  const codecs: Compressors = { ...compressors, ZSTD: (input, outputLength) => decompressZstd(input, new Uint8Array(outputLength)) };
  const bounded = boundedCompressors(codecs, ctx.budget.limits.maxBufferedBytes);
  let rowStart = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    checkRowGroup(group, index + 1, new Set(columns), ctx);
    const declared = Number(group.num_rows);
    const rowEnd = rowStart + declared;
    let rows: unknown[][] = [];
    try {
      await hyparquet.parquetRead({ file, metadata, compressors: bounded, rowStart, rowEnd, rowFormat: 'array', onComplete: (read) => (rows = read) });
    } catch (error) {
      throw toScanError(error, 'CORRUPT', `parquet row group ${index + 1} could not be read`);
    }
    yield* tableCells(PARQUET_SHEET, columns, rows, { headerRow: index === 0, rowsBefore: rowStart });
    if (rows.length !== declared) throw new ScanError('CORRUPT', `parquet row group ${index + 1} gave ${rows.length} of the ${declared} rows it declares`);
    rowStart = rowEnd;
  }
  if (rowStart !== Number(metadata.num_rows)) throw new ScanError('CORRUPT', `parquet row groups hold ${rowStart} rows, the footer says ${metadata.num_rows}`);
}

/** Checks a row group's declared sizes before reading it, and counts them in the budget. */
function checkRowGroup(group: RowGroup, index: number, columns: ReadonlySet<string>, ctx: ReadContext): void {
  const { limits } = ctx.budget;
  // A damaged footer can leave a row group without its row count: it read as no rows, and the file
  // came out public (found by fuzzing).
  const rows = group.num_rows as unknown;
  if ((typeof rows !== 'bigint' && typeof rows !== 'number') || !Number.isSafeInteger(Number(rows)) || Number(rows) < 0) {
    throw new ScanError('CORRUPT', `parquet row group ${index} has no row count`);
  }
  let compressed = 0;
  let uncompressed = 0;
  for (const column of group.columns) {
    if (column.crypto_metadata !== undefined) throw new ScanError('ENCRYPTED', 'parquet columns are encrypted');
    // hyparquet reads every chunk at once but awaits only those under a schema column: a chunk
    // whose path names no column (a damaged footer) would fail unobserved and crash the process.
    const top = column.meta_data?.path_in_schema[0];
    if (top === undefined || !columns.has(top)) throw new ScanError('CORRUPT', `parquet row group ${index} has a column chunk outside the schema`);
    compressed += Number(column.meta_data?.total_compressed_size ?? 0);
    uncompressed += Number(column.meta_data?.total_uncompressed_size ?? 0);
  }
  const label = `parquet row group ${index}`;
  // A row group is decoded whole: its cells must fit in memory even when dictionary and RLE
  // encodings make its pages tiny (a billion repeated values in a few kilobytes).
  const cells = Number(group.num_rows) * Math.max(1, group.columns.length);
  if (cells * CELL_MEMORY_BYTES > limits.maxBufferedBytes) {
    throw new ScanError('LIMIT_EXCEEDED', `${label} has too many cells to hold in ${limits.maxBufferedBytes} bytes (maxBufferedBytes)`);
  }
  if (uncompressed > limits.maxBufferedBytes) {
    throw new ScanError('LIMIT_EXCEEDED', `${label} is larger than ${limits.maxBufferedBytes} bytes (maxBufferedBytes)`);
  }
  if (uncompressed > RATIO_GRACE_BYTES && uncompressed > limits.maxRatio * Math.max(1, compressed)) {
    throw new ScanError('LIMIT_EXCEEDED', `${label} decompresses more than ${limits.maxRatio} times its size (maxRatio)`);
  }
  ctx.budget.addBytes(uncompressed);
}

/**
 * The decompressors with a ceiling: a page header is trusted for its output size, so a page that
 * claims more than `max` bytes is refused before anything is allocated.
 */
export function boundedCompressors(compressors: Compressors, max: number): Compressors {
  const bounded: Compressors = {};
  for (const [codec, decompress] of Object.entries(compressors) as [keyof Compressors, NonNullable<Compressors[keyof Compressors]>][]) {
    bounded[codec] = (input, outputLength) => {
      if (outputLength > max) throw new ScanError('LIMIT_EXCEEDED', `parquet page is larger than ${max} bytes (maxBufferedBytes)`);
      const output = decompress(input, outputLength);
      if (output.length > outputLength) throw new ScanError('CORRUPT', 'parquet page is larger than its header says');
      return output;
    };
  }
  return bounded;
}
