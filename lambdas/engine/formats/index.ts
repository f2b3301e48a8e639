/**
 * Format readers: turn an object's bytes into content parts for the matcher.
 *
 * `openContent` sniffs the format from the first bytes (then the name, then the content) and
 * returns the parts lazily. Errors:
 * - the returned promise rejects (ScanError READ_FAILED) only when the object cannot be opened
 *   or its first bytes cannot be read;
 * - once the format is known, errors surface while iterating: a ScanError thrown from `parts` (or
 *   from a part's chunks or cells) means the object could not be read in full; an ErrorPart means
 *   one member of a container could not, and the others were read.
 * Consume parts in order, each one fully before the next (or stop with `break`/`return()`, which
 * closes the object). One budget of ReadLimits covers the object and everything nested in it.
 * The PDF, XLSX, DOCX, OLE (xls, doc), SQLite, OpenDocument, PPTX, Parquet, Avro, 7z, RAR and
 * mail readers (pdfjs, exceljs's helpers, saxes, SheetJS, sql.js, 7-Zip and unrar in WASM, postal-mime:
 * tens of MB once loaded) are imported only when an object of their format turns up, so a text or CSV
 * scan never loads them; so are the zip, tar and compression readers (yauzl, tar-stream, the bzip2,
 * xz, zstd, LZ4, Snappy and LZW decoders: about 55 ms of every scan worker's start).
 */
import { ScanError } from '../errors.js';
import type { ContentPart, Format } from '../types.js';
import type { ZipInput } from './archive.js';
import type { CompressedFormat } from './compressed.js';
import { Peeked, collect, reopenable, sourceBytes, toScanError } from './bytes.js';
import { errorPart, scanErrorsOnly } from './members.js';
import { Budget, validateLimits, whereOf, type Opened, type ReadContext } from './limits.js';
import { PG_DATA_FILE, SNIFF_BYTES, bsonStart, classifyZip, extensionOf, fewTabRows, flatOdfMimetype, jsonTableHead, vcardHead, ooxmlByExtension, rawDeflateHead, sniffBytes, wholeBrotli, type Sniffed, type ZipFamily } from './sniff.js';
import { DEFAULT_READ_LIMITS, type ReadLimits, type Source } from './source.js';
import { dbfHeader, readDbf } from './dbf.js';
import { withCellFiles } from './embedded.js';
import { tooSmallToRead } from './media.js';
import { pstCryptMethod, readPst } from './pst.js';
import { readSealed, sealedError, sealedKind } from './sealed.js';
import { readStrings } from './strings.js';
import { readText } from './text.js';
import { LateTables, paddedPipes, readTextTable, textTableHead } from './text-table.js';
import { wholeObject } from './whole.js';

/**
 * Opens an object: its format, and its content as parts (TextPart, CellsPart, ErrorPart).
 * `binary` objects (no reader knows them) are read by the strings pass: a TextPart marked `fallback`.
 */
export async function openContent(
  source: Source,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<{ format: Format; parts: AsyncIterable<ContentPart> }> {
  validateLimits(limits);
  const ctx: ReadContext = { budget: new Budget(limits), depth: 0, entry: undefined, open: openSource };
  const { format, parts } = await openSource(source, ctx);
  return { format, parts: scanErrorsOnly(parts) };
}

/**
 * Sniffs and dispatches one object or member; containers call it back for their members. The
 * files in its cells (a photo in a BLOB column, base64 in a cell) are read after each cells part
 * (embedded.ts).
 */
async function openSource(source: Source, ctx: ReadContext): Promise<Opened> {
  const opened = await openFormat(source, ctx);
  return CELL_FORMATS.has(opened.format) ? { format: opened.format, parts: withCellFiles(opened.parts, ctx) } : opened;
}

/** The formats whose parts can be cells (an odt's embedded spreadsheet too); the others are not wrapped: a zip of many texts opens a source each. */
const CELL_FORMATS: ReadonlySet<Format> = new Set(['xlsx', 'xlsb', 'spreadsheetml', 'xls', 'ods', 'odt', 'odp', 'sqlite', 'access', 'dbf', 'parquet', 'avro', 'arrow', 'numpy', 'pickle', 'stata', 'spss', 'xpt', 'bson', 'redis', 'html', 'sql', 'pgdump', 'json']);

/** A SQL dump, an HTML page or an Excel 2003 XML workbook in a byte range (Source.plainText) is read as plain text. */
function plainly(sniffed: Sniffed, source: Source): Sniffed {
  return source.plainText === true && (sniffed.format === 'sql' || sniffed.format === 'html' || sniffed.format === 'spreadsheetml') ? { format: 'text' } : sniffed;
}

async function openFormat(source: Source, ctx: ReadContext): Promise<Opened> {
  // A pg_dump -Fd data file scanned alone, its toc.dat beside it (pgdump.ts dataFileBeside tells).
  if (source.sibling !== undefined && PG_DATA_FILE.test(source.name)) {
    const { dataFileBeside, readPgDumpData } = await import('./pgdump.js');
    const copyStmt = await dataFileBeside(source);
    if (copyStmt !== undefined) return { format: 'pgdump', parts: readPgDumpData(source, copyStmt, ctx) };
  }
  const peeked = await Peeked.from(sourceBytes(source), SNIFF_BYTES);
  const sniffed = plainly(sniffBytes(peeked.head, source.name), source);
  const { format } = sniffed;
  const reader = reopenable(source, peeked);
  if (sniffed.encrypted === true) {
    await peeked.close();
    return failed(sniffed.format, new ScanError('ENCRYPTED', `${sniffed.format} is encrypted`));
  }
  // Encrypted, or compressed in a format no reader knows, by its signature: never public (sealed.ts).
  const sealed = (format === 'binary' || format === 'text') && source.plainText !== true ? sealedKind(peeked.head) : undefined;
  if (sealed?.code === 'ENCRYPTED') {
    await peeked.close();
    return failed(format, sealedError(sealed));
  }
  if (sealed !== undefined) return { format: 'binary', parts: releasing(readSealed(reader, sealed, ctx), peeked) };
  if (sniffed.ole === true) return openOleFamily(reader, peeked, ctx);
  switch (sniffed.format) {
    case 'zip':
      return openZipFamily(reader, peeked, ctx);
    case 'gzip':
    case 'zlib':
    case 'deflate':
    case 'brotli':
    case 'bzip2':
    case 'xz':
    case 'zstd':
    case 'lz4':
    case 'snappy':
    case 'compress': {
      return { format: sniffed.format, parts: releasing(compressedParts(sniffed.format, reader, ctx), peeked) };
    }
    case 'tar':
      return { format: 'tar', parts: releasing(lazily(async () => (await import('./tar.js')).readTar, reader, ctx), peeked) };
    case '7z':
      return { format, parts: releasing(lazily(async () => (await import('./sevenzip.js')).readSevenZip, reader, ctx), peeked) };
    case 'rar':
      return { format, parts: releasing(lazily(async () => (await import('./rar.js')).readRar, reader, ctx), peeked) };
    // Told by their text, as a text is: a damaged archive so named is CORRUPT after (unlessMisnamed).
    case 'eml':
      return { format, parts: releasing(unlessMisnamed(lazily(async () => (await import('./mail.js')).readEml, reader, ctx), source.name, peeked.head, ctx), peeked) };
    case 'mbox':
      return { format, parts: releasing(unlessMisnamed(lazily(async () => (await import('./mail.js')).readMbox, reader, ctx), source.name, peeked.head, ctx), peeked) };
    case 'pdf':
      return { format: 'pdf', parts: releasing(lazyPdf(reader, ctx), peeked) };
    case 'sqlite':
      return { format, parts: releasing(lazily(async () => (await import('./sqlite.js')).readSqlite, reader, ctx), peeked) };
    case 'parquet':
      return { format, parts: releasing(lazily(async () => (await import('./parquet.js')).readParquet, reader, ctx), peeked) };
    case 'avro':
      return { format, parts: releasing(lazily(async () => (await import('./avro.js')).readAvro, reader, ctx), peeked) };
    case 'arrow':
      return { format, parts: releasing(lazily(async () => (await import('./arrow.js')).readArrow, reader, ctx), peeked) };
    case 'numpy':
      return { format, parts: releasing(lazily(async () => (await import('./numpy.js')).readNumpy, reader, ctx), peeked) };
    case 'xpt':
      return { format, parts: releasing(lazily(async () => (await import('./xpt.js')).readXpt, reader, ctx), peeked) };
    case 'spss':
      return { format, parts: releasing(lazily(async () => (await import('./spss.js')).readSpss, reader, ctx), peeked) };
    case 'stata':
      return { format, parts: releasing(lazily(async () => (await import('./stata.js')).readStata, reader, ctx), peeked) };
    case 'pickle':
      return { format, parts: releasing(lazily(async () => (await import('./pickle.js')).readPickle, reader, ctx), peeked) };
    case 'pgdump':
      return { format, parts: releasing(lazily(async () => (await import('./pgdump.js')).readPgDump, reader, ctx), peeked) };
    case 'bson':
      return { format, parts: releasing(lazily(async () => (await import('./bson.js')).readBson, reader, ctx), peeked) };
    case 'redis':
      return { format, parts: releasing(lazily(async () => (await import('./redis.js')).readRedis, reader, ctx), peeked) };
    case 'rtf':
      return { format, parts: releasing(lazily(async () => (await import('./rtf.js')).readRtf, reader, ctx), peeked) };
    case 'access':
      return { format, parts: releasing(lazily(async () => (await import('./access.js')).readAccess, reader, ctx), peeked) };
    case 'dbf':
      return { format, parts: releasing(readDbf(reader, dbfHeader(peeked.head)!, ctx), peeked) };
    case 'html': {
      const { readHtml } = await import('./html.js');
      return { format, parts: releasing(unlessMisnamed(readHtml(reader, peeked.head, ctx), source.name, peeked.head, ctx), peeked) };
    }
    case 'spreadsheetml': {
      const { readSpreadsheetMl } = await import('./spreadsheetml.js');
      return { format, parts: releasing(unlessMisnamed(readSpreadsheetMl(reader, peeked.head, ctx), source.name, peeked.head, ctx), peeked) };
    }
    case 'sql': {
      const { readSql } = await import('./sql.js');
      return { format, parts: releasing(unlessMisnamed(readSql(reader, peeked.head, ctx), source.name, peeked.head, ctx), peeked) };
    }
    case 'image':
    case 'media': {
      const media = sniffed.media!;
      if (tooSmallToRead(media)) {
        const { readIcon } = await import('./icon.js');
        return { format, parts: releasing(readIcon(reader, ctx), peeked) };
      }
      await peeked.close();
      const what = format === 'image' ? 'an image: text in it is not read (no OCR)' : 'audio or video: speech in it is not read (no speech recognition)';
      return failed(format, new ScanError('NO_TEXT', what));
    }
    case 'binary': {
      // A mongodump collection whose first document is damaged: read from its first whole one.
      const skip = ['bson', ''].includes(extensionOf(source.name)) ? bsonStart(peeked.head) : undefined;
      if (skip !== undefined) {
        return { format: 'bson', parts: releasing(lazily(async () => (await import('./bson.js')).readBsonFrom(skip), reader, ctx), peeked) };
      }
      // Raw deflate and Brotli have no signature: told by their bytes decoding (rawDeflateHead, wholeBrotli).
      const headless = source.plainText === true ? undefined : rawDeflateHead(peeked.head, peeked.whole) ? 'deflate' : peeked.whole && wholeBrotli(peeked.head) ? 'brotli' : undefined;
      if (headless !== undefined) return { format: headless, parts: releasing(compressedParts(headless, reader, ctx), peeked) };
      const cryptMethod = pstCryptMethod(peeked.head);
      const parts = cryptMethod === undefined ? readStrings(reader, ctx) : readPst(reader, cryptMethod, ctx);
      return { format: 'binary', parts: releasing(unlessMisnamed(parts, source.name, peeked.head, ctx), peeked) };
    }
    case 'json':
    case 'jsonl':
      // A byte range of a larger object (Source.plainText) is read as text, as a SQL dump's is.
      if (source.plainText !== true && jsonTableHead(peeked.head)) {
        const { readJsonTable } = await import('./json-table.js');
        return { format, parts: releasing(unlessMisnamed(readJsonTable(reader, peeked.head, ctx), source.name, peeked.head, ctx), peeked) };
      }
      return { format, parts: releasing(unlessMisnamed(readText(reader, format, peeked.head, ctx), source.name, peeked.head, ctx), peeked) };
    case 'csv':
    case 'text': {
      // A `mysqldump --tab` table of one or two rows: too few lines to be told tab-separated.
      if (format === 'text' && TAB_DATA.test(source.name) && fewTabRows(peeked.head)) {
        const tabData = await mysqldumpTab(source, reader, ctx, peeked);
        if (tabData !== undefined) return tabData;
      }
      // A flat OpenDocument file (.fods, .fodt): read as its zipped form is.
      const mimetype = format === 'text' && source.plainText !== true ? flatOdfMimetype(peeked.head) : undefined;
      if (mimetype !== undefined) {
        const { odfFormatOf, readFlatOdf } = await import('./odf.js');
        const flat = odfFormatOf(mimetype);
        if (flat !== undefined) return { format: flat, parts: releasing(unlessMisnamed(readFlatOdf(reader, peeked.head, flat, ctx), source.name, peeked.head, ctx), peeked) };
      }
      // Contacts as vCards (a phone's export): a cell a property, under its name.
      if (source.plainText !== true && vcardHead(peeked.head)) {
        const { readVcard } = await import('./vcard.js');
        return { format: 'vcard', parts: releasing(unlessMisnamed(readVcard(reader, peeked.head, ctx), source.name, peeked.head, ctx), peeked) };
      }
      // A query's output or a report aligned in columns: its tables as cells (not in a byte range).
      // A CSV only when its fields are padded (a Markdown table: `| 张伟 |`), not whole fields.
      if (source.plainText !== true && (format === 'text' || paddedPipes(peeked.head)) && textTableHead(peeked.head)) {
        return { format, parts: releasing(unlessMisnamed(readTextTable(reader, peeked.head, ctx), source.name, peeked.head, ctx), peeked) };
      }
      // A table drawn deeper in a text (a query's output pasted into a long ticket): its cells after the text.
      const late = format === 'text' && source.plainText !== true ? () => new LateTables() : undefined;
      return { format, parts: releasing(unlessMisnamed(readText(reader, format, peeked.head, ctx, late), source.name, peeked.head, ctx), peeked) };
    }
    case 'tsv': {
      const tabData = await mysqldumpTab(source, reader, ctx, peeked);
      if (tabData !== undefined) return tabData;
      return { format, parts: releasing(unlessMisnamed(readText(reader, format, peeked.head, ctx), source.name, peeked.head, ctx), peeked) };
    }
    default:
      return { format: sniffed.format, parts: releasing(unlessMisnamed(readText(reader, sniffed.format, peeked.head, ctx), source.name, peeked.head, ctx), peeked) };
  }
}

/** The name of a `mysqldump --tab` data file: `t.txt`. */
const TAB_DATA = /\.txt$/i;

/**
 * A `mysqldump --tab` table's rows (`t.txt`) with its CREATE TABLE beside it (`t.sql`): read under
 * its columns (sql.ts definitionBeside, readTabData), as format `sql`; undefined when it has none.
 */
async function mysqldumpTab(source: Source, reader: Source, ctx: ReadContext, peeked: Peeked): Promise<Opened | undefined> {
  if (source.sibling === undefined || source.plainText === true || !TAB_DATA.test(source.name)) return undefined;
  const { definitionBeside, readTabData } = await import('./sql.js');
  const beside = await definitionBeside(source);
  return beside === undefined ? undefined : { format: 'sql', parts: releasing(readTabData(reader, beside, ctx), peeked) };
}

/**
 * Extensions of formats whose files always start with their signature and are never text. An
 * object so named whose bytes are none of them (its first bytes overwritten) is read as text or by
 * the strings pass, which read nothing of a damaged archive: a fuzzed `.zip`, `.7z`, `.ods` or
 * `.pdf` came out public. After what they read, it is CORRUPT. (Not `.xls`, `.doc` or `.db`:
 * systems export HTML or text under those names.)
 */
const SIGNED_EXTENSIONS: Readonly<Record<string, string>> = {
  zip: 'a zip archive', '7z': 'a 7z archive', rar: 'a RAR archive', gz: 'gzip data', tgz: 'gzip data', zz: 'zlib data', bz2: 'bzip2 data', xz: 'xz data',
  zst: 'zstd data', lz4: 'LZ4 data', tlz4: 'LZ4 data', sz: 'Snappy data', snappy: 'Snappy data', z: 'compress (.Z) data', taz: 'compress (.Z) data', xlsx: 'an XLSX package', docx: 'a DOCX package', pptx: 'a PPTX package', xlsb: 'an XLSB package',
  ods: 'an OpenDocument package', odt: 'an OpenDocument package', odp: 'an OpenDocument package', pdf: 'a PDF', ofd: 'an OFD document', xps: 'an XPS document', parquet: 'a Parquet file', avro: 'an Avro file', arrow: 'an Arrow IPC file', feather: 'an Arrow IPC file', arrows: 'an Arrow IPC stream', npy: 'a NumPy array', npz: 'a zip archive', bson: 'a BSON file', rdb: 'a Redis RDB file',
  // A dBASE header that dbf.ts refuses: the strings pass runs the fixed-width fields together, and
  // misses an ID beside a mobile's digits (24 public in the fuzz run).
  dbf: 'a dBASE table',
  // Statistics packages' and data science's files: their values side by side or compressed, read
  // by the strings pass a damaged `.zsav` came out public (stata.ts, spss.ts, numpy.ts, pickle.ts).
  dta: 'a Stata dataset', sav: 'an SPSS data file', zsav: 'an SPSS data file', xpt: 'a SAS transport file', pkl: 'a Python pickle', pickle: 'a Python pickle',
};

/**
 * `parts`, then CORRUPT when the object's name claims a signed format (SIGNED_EXTENSIONS) that its
 * bytes (`head`, the first of them) are not. An empty object holds nothing to read, whatever its name.
 */
async function* unlessMisnamed(parts: AsyncIterable<ContentPart>, name: string, head: Uint8Array, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield* parts;
  if (head.length === 0) return;
  const extension = extensionOf(name);
  const claimed = Object.hasOwn(SIGNED_EXTENSIONS, extension) ? SIGNED_EXTENSIONS[extension] : undefined;
  if (claimed !== undefined) yield errorPart(whereOf(ctx), new ScanError('CORRUPT', `named .${extension}, but its bytes are not ${claimed} this engine reads: damaged, or another kind of file`));
}

/**
 * An OLE compound file: `xls` or `doc` by its streams (ole.ts), and any other (.ppt, .msg ...) read
 * by the strings pass. A source without a path is held in memory (at most `maxBufferedBytes`, as
 * the OLE readers need anyway) so that the strings pass can read it again: a streamed archive's
 * member (tar) goes by only once.
 */
async function openOleFamily(source: Source, peeked: Peeked, ctx: ReadContext): Promise<Opened> {
  let held: Source = source;
  try {
    if (source.path === undefined) {
      const bytes = await wholeObject(source, ctx);
      held = {
        name: source.name,
        size: bytes.byteLength,
        open: async function* () {
          yield bytes;
        },
      };
    }
    const office = await (await import('./ole.js')).openOle(held, ctx);
    if (office !== undefined) return office;
  } catch (error) {
    if (ctx.budget.isFatal(error)) throw error;
    return failed('binary', toScanError(error, 'READ_FAILED', 'could not read object'));
  } finally {
    await peeked.close();
  }
  return { format: 'binary', parts: readStrings(held, ctx) };
}

/**
 * A zip-based object: opened by path when it has one, otherwise held in memory (at most
 * `maxBufferedBytes`), then told apart by member names (XLSX, DOCX or a plain archive).
 */
async function openZipFamily(source: Source, peeked: Peeked, ctx: ReadContext): Promise<Opened> {
  const { budget } = ctx;
  const claimed = ooxmlByExtension(source.name) ?? 'zip';
  let input: ZipInput;
  let format: ZipFamily;
  try {
    if (source.path !== undefined) {
      await peeked.close();
      input = { path: source.path };
    } else {
      const max = budget.limits.maxBufferedBytes;
      if (source.size !== undefined && source.size > max) {
        await peeked.close();
        throw new ScanError('LIMIT_EXCEEDED', `archive is larger than ${max} bytes (maxBufferedBytes)`);
      }
      input = { buffer: await collect(sourceBytes(source), max) };
    }
    const { archiveNames } = await import('./archive.js');
    format = classifyZip(await archiveNames(input, budget.limits));
  } catch (error) {
    await peeked.close();
    if (budget.isFatal(error)) throw error;
    return failed(claimed, toScanError(error, 'READ_FAILED', 'could not read archive'));
  }
  switch (format) {
    case 'xlsx':
      return { format, parts: lazyXlsx(input, ctx) };
    case 'xlsb':
      return { format, parts: lazily(async () => (await import('./xlsb.js')).readXlsb, input, ctx) };
    case 'docx':
      return { format, parts: lazyDocx(input, ctx) };
    case 'pptx':
      return { format, parts: lazily(async () => (await import('./pptx.js')).readPptx, input, ctx) };
    case 'ofd':
      return { format, parts: lazily(async () => (await import('./ofd.js')).readOfd, input, ctx) };
    case 'xps':
      return { format, parts: lazily(async () => (await import('./xps.js')).readXps, input, ctx) };
    case 'odf':
      return (await openOdfLazily(input, ctx)) ?? { format: 'zip', parts: lazyZip(input, ctx) };
    default:
      return { format, parts: lazyZip(input, ctx) };
  }
}

function lazyZip(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  return lazily(async () => (await import('./zip.js')).readZip, input, ctx);
}

async function* lazyPdf(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const { readPdf } = await import('./pdf.js');
  yield* readPdf(source, ctx);
}

async function* lazyXlsx(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const { readXlsx } = await import('./xlsx.js');
  yield* readXlsx(input, ctx);
}

async function* lazyDocx(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const { readDocx } = await import('./docx.js');
  yield* readDocx(input, ctx);
}

/** An OpenDocument package, or undefined when its mimetype is not one read (a plain zip then). */
async function openOdfLazily(input: ZipInput, ctx: ReadContext): Promise<Opened | undefined> {
  try {
    return await (await import('./odf.js')).openOdf(input, ctx);
  } catch (error) {
    if (ctx.budget.isFatal(error)) throw error;
    return failed('zip', toScanError(error, 'CORRUPT', 'could not read archive'));
  }
}

/** A reader's parts, its module imported only when an object of its format turns up. */
async function* lazily<I>(
  load: () => Promise<(input: I, ctx: ReadContext) => AsyncIterable<ContentPart>>,
  input: I,
  ctx: ReadContext,
): AsyncGenerator<ContentPart> {
  yield* (await load())(input, ctx);
}

/** A single compressed stream's parts: its one inner object (compressed.ts). */
function compressedParts(compression: CompressedFormat, input: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const read = async () => {
    const { readCompressed } = await import('./compressed.js');
    return (member: Source, c: ReadContext) => readCompressed(compression, member, c);
  };
  return lazily(read, input, ctx);
}

/** Closes the peeked stream when the parts are done, whether they read it or not. */
async function* releasing(parts: AsyncIterable<ContentPart>, peeked: Peeked): AsyncGenerator<ContentPart> {
  try {
    yield* parts;
  } finally {
    await peeked.close();
  }
}

function failed(format: Format, error: ScanError): Opened {
  return {
    format,
    parts: {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(error),
      }),
    },
  };
}
