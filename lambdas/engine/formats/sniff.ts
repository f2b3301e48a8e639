/**
 * Format detection: magic bytes first, then the name's extension, then the content.
 *
 * | First bytes              | Name                        | Result                         |
 * |--------------------------|-----------------------------|--------------------------------|
 * | `PK\x03\x04`, `PK\x05\x06` | any                        | `zip` (refined by member names: `xlsx`, `docx`, `pptx`, `odf`) |
 * | `1f 8b`                  | any                         | `gzip`                         |
 * | `78 01`, `78 9c`, `78 da` | any                        | `zlib` (a deflate stream with its zlib header) |
 * | `BZh1`-`BZh9` + block or end magic | any               | `bzip2`                        |
 * | `fd 37 7a 58 5a 00`      | any                         | `xz`                           |
 * | `28 b5 2f fd`            | any                         | `zstd`                         |
 * | `04 22 4d 18`, `02 21 4c 18` | any                     | `lz4` (a frame, a legacy frame) |
 * | `ff 06 00 00 sNaPpY`     | any                         | `snappy` (Snappy's framing format) |
 * | a block's and a chunk's lengths that agree (hadoopSnappyHead) | `.snappy` | `snappy` (Hadoop's Snappy stream) |
 * | `1f 9d` and a flags byte of 9-16 bits | any            | `compress` (Unix compress, `.Z`) |
 * | no signature of the above                | `.br`                       | `brotli` (it has no signature) |
 * | `37 7a bc af 27 1c`      | any                         | `7z`                           |
 * | `Rar!\x1a\x07`           | any                         | `rar` (RAR 4 and 5)            |
 * | `%PDF-`                  | any                         | `pdf`                          |
 * | `D0 CF 11 E0` (OLE/CFB)  | any                         | `binary` + `ole`: `xls`/`doc`/`msg`, or an encrypted OOXML package, by its streams (ole.ts); any other OLE file (.ppt) is read by the strings pass |
 * | `SQLite format 3\0`      | any                         | `sqlite`                       |
 * | `PGDMP`                  | any                         | `pgdump` (pg_dump's custom format) |
 * | `REDIS` and four digits  | any                         | `redis` (a Redis RDB file: `dump.rdb`) |
 * | `PAR1` / `PARE`          | any                         | `parquet` / encrypted `parquet` |
 * | `Obj\x01`                | any                         | `avro`                         |
 * | an Arrow IPC file's or stream's start (arrowHead) | any | `arrow` (Arrow IPC, Feather v2) |
 * | `\x93NUMPY`              | any                         | `numpy` (`.npy`; an `.npz` is a zip of them) |
 * | a pickle's start (pickleHead) | any                    | `pickle` (Python's pickle)     |
 * | `<stata_dta>`, or an old Stata header (stataHead) | any | `stata` (a Stata dataset, `.dta`) |
 * | `$FL2`, `$FL3` and a layout code (spssHead) | any | `spss` (an SPSS data file, `.sav`, `.zsav`) |
 * | a SAS transport library header (xptHead) | any       | `xpt` (a SAS transport file)   |
 * | `Standard Jet DB` / `Standard ACE DB` at 4 | any       | `access`                       |
 * | a BSON document whose elements add up to its size (bsonHead), or `6d e2 99 81` | any | `bson` (mongodump, its `--archive`) |
 * | `ustar` at 257, or a valid v7 header checksum | any    | `tar`                          |
 * | UTF-32 or UTF-16 BOM, or either by content (charset.ts) | any | text subtype by extension |
 * | > 1/256 NULs, or > 1/32 controls, and an image's, audio's or video's magic (media.ts) | any | `image`, `media` |
 * | > 1/256 NULs, or > 1/32 controls, and raw deflate by its first bytes (rawDeflateHead) | any | `deflate` (openFormat asks, told whole or not) |
 * | > 1/256 NULs, or > 1/32 controls, whole in the head, and Brotli by its bytes (wholeBrotli) | any | `brotli` (openFormat asks) |
 * | > 1/256 NULs, or > 1/32 controls | any                 | `binary` (read by the strings pass) |
 * | `{\rtf` (after a BOM or white space) | any              | `rtf`                          |
 * | `From ` line, then a header | any                      | `mbox`                         |
 * | a header block with 2 of From/To/Subject/Date/Message-ID/MIME-Version/Received/Return-Path/Content-Type, or text named .eml | any | `eml` |
 * | other                    | .csv / .tsv .tab / .json / .jsonl .ndjson | that subtype     |
 * | other                    | other                       | `json` if it starts with `{`/`[` and has no known text extension, else `text` |
 */
import { type BrotliOptions, brotliDecompressSync, constants as zlibConstants, inflateRawSync } from 'node:zlib';
import { ScanError } from '../errors.js';
import type { Format } from '../types.js';
import { Utf16Decoder, utf16ByContent, utf16Of, utf32Decoder, utf32Of } from './charset.js';
import { arrowHead } from './arrow.js';
import { dbfHeader } from './dbf.js';
import { delimiterCounts } from './delimiters.js';
import { mediaKind, type MediaKind } from './media.js';
import { NUMPY_MAGIC } from './numpy.js';
import { pickleHead } from './pickle.js';
import { spssHead } from './spss.js';
import { stataHead } from './stata.js';
import { xptHead } from './xpt.js';

/** Bytes read from the start of an object to sniff it. */
export const SNIFF_BYTES = 8192;

/** A `pg_dump -Fd` data file by its name (`3340.dat`, `3340.dat.gz`), in any folder: read under the columns of the `toc.dat` that names it (pgdump.ts). */
export const PG_DATA_FILE = /(?:^|\/)(\d+\.dat(?:\.gz)?)$/;

/** True when `head` starts as a Redis RDB file does: `REDIS` and four digits (its version). */
export function rdbHead(head: Uint8Array): boolean {
  return head.length >= 9 && Buffer.from(head.subarray(0, 9)).toString('latin1').match(/^REDIS\d{4}$/) !== null;
}

/** Result of sniffing the head of an object. */
export interface Sniffed {
  readonly format: Format;
  /** Encrypted, as its own header says (a Parquet file's encrypted footer): cannot be read. */
  readonly encrypted?: boolean;
  /** An OLE compound file: its streams tell what it is (ole.ts). */
  readonly ole?: boolean;
  /** An image, audio or video (media.ts), with an image's size when its header gives it. */
  readonly media?: MediaKind;
}

/** The formats a zip-based object can turn out to be. */
export type ZipFamily = 'xlsx' | 'xlsb' | 'docx' | 'pptx' | 'odf' | 'ofd' | 'xps' | 'zip';

const ZIP_MAGICS = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
/** The stream identifier chunk every framed Snappy stream starts with (snappy.ts). */
export const SNAPPY_FRAMED_MAGIC = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);

/** The varint a raw snappy block starts with (its data's length, at most 5 bytes) and its bytes; undefined when it does not end in them. */
function snappyPreamble(block: Uint8Array): { length: number; bytes: number } | undefined {
  let length = 0;
  for (let i = 0, shift = 0; i < 5 && i < block.length; i++, shift += 7) {
    length += (block[i] & 0x7f) * 2 ** shift;
    if ((block[i] & 0x80) === 0) return { length, bytes: i + 1 };
  }
  return undefined;
}

/** Length of the uncompressed data a raw snappy block starts with (a varint); `label` names the block in the error. */
export function snappyLength(block: Uint8Array, label: string): number {
  const preamble = snappyPreamble(block);
  if (preamble === undefined) throw new ScanError('CORRUPT', `${label} has no length`);
  return preamble.length;
}

/** Most bytes a raw snappy block of `length` bytes of data takes (google/snappy's MaxCompressedLength). */
export const snappyMaxCompressed = (length: number): number => 32 + length + Math.floor(length / 6);

/** Most data a Hadoop Snappy block is taken to hold (its writer's buffer: 256 KiB by default); a text's first four bytes say 512 MiB or more. */
export const HADOOP_SNAPPY_MAX_BLOCK = 256 * 1024 * 1024;

/**
 * The head of Hadoop's Snappy stream (SnappyCodec's BlockCompressorStream: a `.snappy` file that
 * Spark, Hive or MapReduce wrote): blocks of a big-endian length of their data, then chunks of a
 * big-endian length and a raw snappy block. It has no signature, so only a `.snappy` is taken, and
 * only when its first block's lengths agree: its data not empty nor over HADOOP_SNAPPY_MAX_BLOCK, the chunk no longer than a raw
 * block of that data can be, and the chunk's own length (a varint) within the block's, its first
 * element a literal (every raw block's is). Data that then does not decode is CORRUPT.
 */
export function hadoopSnappyHead(head: Uint8Array, name: string): boolean {
  if (extensionOf(name) !== 'snappy' || head.length < 10) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const blockLength = view.getUint32(0);
  const chunkLength = view.getUint32(4);
  if (blockLength === 0 || blockLength > HADOOP_SNAPPY_MAX_BLOCK || chunkLength < 2 || chunkLength > snappyMaxCompressed(blockLength)) return false;
  // The chunk's varint, then its first element's tag.
  const preamble = snappyPreamble(head.subarray(8));
  if (preamble === undefined) return false;
  const tag = 8 + preamble.bytes;
  return tag < head.length && preamble.length > 0 && preamble.length <= blockLength && (head[tag] & 0x03) === 0;
}
const LZ4_MAGICS = [Buffer.from([0x04, 0x22, 0x4d, 0x18]), Buffer.from([0x02, 0x21, 0x4c, 0x18])];
/** After `BZh` and the block size digit: a block (pi) or the end of an empty stream (sqrt pi). */
const BZIP2_MARKS = [Buffer.from([0x31, 0x41, 0x59, 0x26, 0x53, 0x59]), Buffer.from([0x17, 0x72, 0x45, 0x38, 0x50, 0x90])];
const TAR_BLOCK = 512;
const SEVEN_ZIP_MAGIC = Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]);
const RAR_MAGIC = Buffer.from('Rar!\x1a\x07', 'latin1');
const PGDUMP_MAGIC = Buffer.from('PGDMP', 'latin1');
/** A mongodump archive's first bytes (0x8199e26d, little-endian). */
export const MONGODUMP_ARCHIVE_MAGIC = Buffer.from([0x6d, 0xe2, 0x99, 0x81]);
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const PARQUET_MAGIC = Buffer.from('PAR1', 'latin1');
/** A Parquet file with an encrypted footer (Parquet modular encryption). */
const PARQUET_ENCRYPTED_MAGIC = Buffer.from('PARE', 'latin1');
const AVRO_MAGIC = Buffer.from('Obj\x01', 'latin1');
const RTF_MAGIC = Buffer.from('{\\rtf', 'latin1');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);
/** An Access database names its engine at offset 4 of its first page. */
const ACCESS_SIGNATURES = [Buffer.from('Standard Jet DB\0', 'latin1'), Buffer.from('Standard ACE DB\0', 'latin1')];

/**
 * Signatures a file of a format with one starts with, as searched for inside other bytes (icon.ts:
 * an archive appended to a damaged picture): gzip with its deflate method byte, bzip2 with its
 * block mark checked after (BZIP2_MARKS), so that two or three bytes of pixels are seldom one.
 */
const CARVED_SIGNATURES = [
  ZIP_MAGICS[0],
  Buffer.from([0x1f, 0x8b, 0x08]),
  PDF_MAGIC,
  XZ_MAGIC,
  ZSTD_MAGIC,
  SEVEN_ZIP_MAGIC,
  RAR_MAGIC,
  CFB_MAGIC,
  SQLITE_MAGIC,
  PARQUET_MAGIC,
  AVRO_MAGIC,
];

/** Where in `bytes`, from `from` on, the first file of a format with a signature starts (CARVED_SIGNATURES, bzip2). */
export function signatureAt(bytes: Uint8Array, from: number): number | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let first: number | undefined;
  for (const magic of CARVED_SIGNATURES) {
    const at = view.indexOf(magic, from);
    if (at >= 0 && (first === undefined || at < first)) first = at;
  }
  for (let at = view.indexOf('BZh', from, 'latin1'); at >= 0 && (first === undefined || at < first); at = view.indexOf('BZh', at + 1, 'latin1')) {
    if (isBzip2(view.subarray(at))) {
      first = at;
      break;
    }
  }
  return first;
}

/** True for the first bytes of an RTF document: `{\rtf`, after a UTF-8 BOM or white space. */
export function isRtf(head: Uint8Array): boolean {
  let i = startsWith(head, Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return startsWith(head.subarray(i), RTF_MAGIC);
}

/** True for the first bytes of a Microsoft Access database (Jet: .mdb; ACE: .accdb). */
export function isAccessDatabase(head: Uint8Array): boolean {
  return ACCESS_SIGNATURES.some((signature) => startsWith(head.subarray(4), signature));
}

const TEXT_EXTENSIONS: Readonly<Record<string, Format>> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  txt: 'text',
  log: 'text',
  md: 'text',
  vcf: 'text',
  vcard: 'text',
  xml: 'text',
  html: 'text',
  htm: 'text',
  sql: 'text',
};

const OOXML_EXTENSIONS: Readonly<Record<string, 'xlsx' | 'docx'>> = {
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  xltx: 'xlsx',
  docx: 'docx',
  docm: 'docx',
  dotx: 'docx',
};

/** Lower-case extension of the last path segment, without the dot ('' when none). */
export function extensionOf(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** Last segment of a `/` or `\` separated path. */
export function baseName(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

/** The OOXML format a name claims by its extension, if any. */
export function ooxmlByExtension(name: string): 'xlsx' | 'docx' | undefined {
  return OOXML_EXTENSIONS[extensionOf(name)];
}

function startsWith(head: Uint8Array, magic: Uint8Array): boolean {
  if (head.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[i] !== magic[i]) return false;
  return true;
}

function isBzip2(head: Uint8Array): boolean {
  if (head.length < 10 || head[0] !== 0x42 || head[1] !== 0x5a || head[2] !== 0x68 || head[3] < 0x31 || head[3] > 0x39) return false;
  return BZIP2_MARKS.some((mark) => startsWith(head.subarray(4), mark));
}

/**
 * A tar header: `ustar` at offset 257 (POSIX and GNU), or, for old v7 archives without it, a
 * header checksum (octal at 148, computed with its own field as spaces) that adds up.
 */
export function isTarHeader(head: Uint8Array): boolean {
  if (head.length < TAR_BLOCK) return false;
  if (Buffer.from(head.buffer, head.byteOffset + 257, 5).toString('latin1') === 'ustar') return true;
  const field = Buffer.from(head.buffer, head.byteOffset + 148, 8).toString('latin1').replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]{1,7}$/.test(field) || head[0] === 0) return false;
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : head[i];
  return sum === parseInt(field, 8);
}

/** True when the head starts with a UTF-16 byte order mark. */
export function hasUtf16Bom(head: Uint8Array): boolean {
  return head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
}

/**
 * Text or binary, from the first bytes: more than a few NUL bytes or many control characters mean
 * binary, a run of one repeated counted once. A few stray NULs (a CSV an export tool padded) leave
 * text as text, and so does a stretch filled with one control character (a damaged run: counted
 * byte by byte, 40 overwritten in a small HTML table made it binary, read by the strings pass
 * without its columns, and public).
 */
export function looksBinary(head: Uint8Array): boolean {
  let controls = 0;
  let nuls = 0;
  /** Where the last control character ended: the same one there goes on its run. */
  let controlEnd = -1;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i];
    if (byte === 0 && ++nuls * 256 > head.length) return true;
    // Tab, LF, VT, FF, CR and ESC (ANSI colours in logs) are normal in text.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) {
      if (i !== controlEnd || byte !== head[i - 1]) controls++;
      controlEnd = i + 1;
    }
  }
  return controls * 32 > head.length;
}

/**
 * An Excel 2003 XML workbook (SpreadsheetML) by its first bytes: its namespace and a `Workbook`
 * element (read by spreadsheetml.ts), named `.xml` or with no text extension (`.xls`).
 */
export function spreadsheetMl(head: Uint8Array): boolean {
  const text = headText(head);
  return text.includes('urn:schemas-microsoft-com:office:spreadsheet') && /<(?:\w+:)?Workbook[\s>]/.test(text);
}

function textSubtype(head: Uint8Array, name: string): Format {
  const extension = extensionOf(name);
  if (extension === 'xml') return spreadsheetMl(head) ? 'spreadsheetml' : 'text';
  // A .txt may be a table saved as text, or a dump (`mysqldump > backup.txt`): the dump reader
  // reads what is not a statement as text.
  if (extension === 'txt') return delimitedText(head) ?? (sqlDump(head) ? 'sql' : 'text');
  // A .txt, .log or .sql that mentions `<table>` is text about HTML; a .log that logs SQL is a log.
  // A web page is read by the HTML reader with a table or without (its text without its markup: a
  // page of `<span>微信号：</span><span>…</span>` read as text had its WeChat ids apart from their labels).
  if (extension === 'html' || extension === 'htm') return 'html';
  // A .sql file is read by the dump reader whatever its first bytes (8 KiB of functions before
  // the first table): it reads what is not a statement it knows as text.
  if (extension === 'sql') return 'sql';
  const byExtension = TEXT_EXTENSIONS[extension];
  if (byExtension !== undefined) return byExtension;
  if (sqlDump(head)) return 'sql';
  // No known extension: a leading `{` or `[` (after a BOM and white space) is JSON.
  let i = startsWith(head, Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (head[i] === 0x7b || head[i] === 0x5b) return 'json';
  if (spreadsheetMl(head)) return 'spreadsheetml';
  if (htmlWithTables(head) || htmlPage(head)) return 'html';
  return delimitedText(head) ?? 'text';
}

/**
 * The first bytes as characters for the sniffers that look for ASCII words: UTF-32, and UTF-16 decoded as a
 * text is (an export saved as "Unicode text"; in step again after a byte lost or added: as text,
 * a list whose header line lost a byte had no columns), any other bytes one character each.
 */
function headText(head: Uint8Array): string {
  const utf32 = utf32Of(head);
  if (utf32 !== undefined) return utf32Decoder(utf32).write(Buffer.from(head.buffer, head.byteOffset, head.length & ~3));
  const utf16 = utf16Of(head);
  if (utf16 !== undefined) return new Utf16Decoder(utf16 === 'utf-16be').write(Buffer.from(head.buffer, head.byteOffset, head.length));
  return Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1');
}

/**
 * True when a JSON's head shows a table as arrays (json-table.ts): an array of arrays starting with
 * a string (or two rows of strings or more, `], ["`, after a damaged start), JSON lines of arrays
 * (the first of strings), an array of arrays of strings under `values`, `data`, `rows` or
 * `records`, or an array of column names (`columns`, `fields`, `headers`, …) and an array of
 * arrays.
 */
export function jsonTableHead(head: Uint8Array): boolean {
  const text = headText(head).replace(/^(?:\uFEFF|\xEF\xBB\xBF)/, '');
  if (/^\s*\[\s*\[\s*"/.test(text) || jsonLinesTableHead(text)) return true;
  // Its start damaged (a byte before its first string, a `[` lost): rows of strings after it.
  if ((text.match(/\]\s*,\s*\[\s*"/g)?.length ?? 0) >= 2) return true;
  if (/"(?:values|data|rows|records)"\s*:\s*\[\s*\[\s*"/i.test(text)) return true;
  return /"(?:columns|fields|headers|header|cols|colnames|column_names|columnnames|titles)"\s*:\s*\[/i.test(text) && /\[\s*\[/.test(text);
}

/** True when a head's first line is an array of strings and its second another array: JSON lines of rows. */
export function jsonLinesTableHead(text: string): boolean {
  return /^\s*\[\s*"[^\n]*\]\s*\r?\n\s*\[/.test(text);
}

/** Delimiters a table's text may use, in the order a tie is decided. */
const DELIMITERS = ['\t', ',', ';', '|'] as const;
/** Complete lines looked at, and the least that tell a table. */
const DELIMITED_LINES = 50;
const MIN_DELIMITED_LINES = 3;

/**
 * True when the first bytes start a vCard (`BEGIN:VCARD`, after a BOM and white space, any case),
 * or hold a whole card on lines of its own: a file of cards whose first line is damaged (its
 * cards were read as text, their names unfound, and a phone book of names came out public), or
 * with lines before its first card (lines outside a card are read as text).
 */
export function vcardHead(head: Uint8Array): boolean {
  const text = headText(head);
  return /^(?:\uFEFF|\xEF\xBB\xBF)?\s*BEGIN:VCARD\s/i.test(text.slice(0, 64)) || /(?:^|\n)BEGIN:VCARD\r?\n[^]*?\nEND:VCARD\r?\n/i.test(text);
}

/**
 * The `office:mimetype` of a flat OpenDocument file (`.fods`, `.fodt`, `.fodp`: the document as
 * one XML file, an `office:document`) by its first bytes, or undefined (odf.ts tells its kind).
 */
export function flatOdfMimetype(head: Uint8Array): string | undefined {
  const text = headText(head);
  return /<office:document[\s>]/.test(text) ? /office:mimetype="([^"]+)"/.exec(text)?.[1] : undefined;
}

/**
 * A table written as text by its first lines (a CSV or tab-separated export named `.xls`, `.txt`,
 * `.dat`, or with no extension; Excel's "Text (Tab delimited)" saves `.txt`): at least
 * MIN_DELIMITED_LINES complete lines, nine in ten of them holding a delimiter as many times as one
 * another (outside double quotes), or eight in ten when that is two times or more (a short list's
 * first lines damaged: 3 of its 20 lines). Read as plain text, its values had no column headers:
 * one value of twenty found, and a list without a header row came out public.
 */
export function delimitedText(head: Uint8Array): 'csv' | 'tsv' | undefined {
  const lines = headText(head).split(/\r?\n/).slice(0, -1).slice(0, DELIMITED_LINES).filter((line) => line.trim() !== '');
  if (lines.length < MIN_DELIMITED_LINES) return undefined;
  let best: { delimiter: string; count: number } | undefined;
  const perLine = lines.map(delimiterCounts);
  for (const delimiter of DELIMITERS) {
    const counts = perLine.map((held) => held.get(delimiter) ?? 0);
    // The count most lines hold (the first line's, when a damaged byte, a stray quote, did not
    // change it: as text, a list whose header line was so damaged came out public).
    const tally = new Map<number, number>();
    for (const count of counts) tally.set(count, (tally.get(count) ?? 0) + 1);
    const [common, holding] = [...tally].reduce((a, b) => (b[1] > a[1] || (b[1] === a[1] && b[0] === counts[0]) ? b : a));
    if (common === 0 || holding * 10 < counts.length * (common >= 2 ? 8 : 9)) continue;
    if (best === undefined || common > best.count) best = { delimiter, count: common };
  }
  return best === undefined ? undefined : best.delimiter === '\t' ? 'tsv' : 'csv';
}

/**
 * One or two lines (all of the head), the same count of tabs in each, one or more: a table's rows
 * too few for `delimitedText` to tell (at least MIN_DELIMITED_LINES), as `mysqldump --tab` writes a
 * table of one or two rows (index.ts reads it under the columns of the `.sql` beside it, if any).
 */
export function fewTabRows(head: Uint8Array): boolean {
  const lines = headText(head).split(/\r?\n/).filter((line) => line !== '');
  if (lines.length === 0 || lines.length >= MIN_DELIMITED_LINES) return false;
  const tabs = lines.map((line) => line.split('\t').length - 1);
  return tabs[0] > 0 && tabs.every((count) => count === tabs[0]);
}

/**
 * A SQL dump (mysqldump, pg_dump) by its first bytes: a line that starts a `CREATE TABLE`, an
 * `INSERT INTO` or a `COPY … FROM stdin` (read by sql.ts), named `.sql` or with no text extension.
 */
export function sqlDump(head: Uint8Array): boolean {
  const text = headText(head);
  return /^\s*(?:CREATE\s+TABLE|INSERT\s+INTO|COPY\s+\S+\s*\(.*\)\s+FROM\s+stdin)/im.test(text);
}

/**
 * HTML whose first bytes hold a table (`<table` or a row, and a cell: a row without its `<table`
 * is a damaged copy's), or Excel's own HTML (its namespace on the `<html>` tag), with no text
 * extension: a page, or the HTML table many systems export as `.xls` (read by html.ts, as every
 * `.html` and `.htm` is, and a nameless page: htmlPage).
 */
export function htmlWithTables(head: Uint8Array): boolean {
  const text = headText(head);
  // Excel's own HTML (its namespace in the <html> tag) may hold more than 8 KiB of styles first.
  return (/<(?:table|tr)[\s>]/i.test(text) && /<t[dh][\s>]/i.test(text)) || /<html[^>]*urn:schemas-microsoft-com:office:excel/i.test(text);
}

/**
 * A web page without a name that says so (a member or an object without an extension): it starts
 * with its doctype or its `<html>` tag, comments and an XML declaration aside. Read as text, its
 * markup stood between each label and its value.
 */
export function htmlPage(head: Uint8Array): boolean {
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html)[\s>]/i.test(headText(head));
}

const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;
const MAIL_HEADERS = new Set(['from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'received', 'return-path', 'content-type']);

/**
 * A mail message or mailbox by its first lines: an mbox starts with a `From ` line followed by a
 * header; a message with a header block (header and continuation lines up to a blank line) that
 * has at least two of the usual mail headers. A `.eml` name is enough for text.
 */
export function mailFormat(head: Uint8Array, name: string): 'eml' | 'mbox' | undefined {
  const lines = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 4096)).toString('latin1').split(/\r?\n/);
  if (lines[0].startsWith('From ') && lines.length > 1 && HEADER_LINE.test(lines[1])) return 'mbox';
  let known = 0;
  for (const line of lines.slice(0, -1)) {
    if (line === '') break;
    if (line[0] === ' ' || line[0] === '\t') continue;
    if (!HEADER_LINE.test(line)) return extensionOf(name) === 'eml' ? 'eml' : undefined;
    if (MAIL_HEADERS.has(line.slice(0, line.indexOf(':')).toLowerCase())) known++;
  }
  return known >= 2 || extensionOf(name) === 'eml' ? 'eml' : undefined;
}

/** Output a raw deflate head may inflate to while it is tried; more is a deflate stream too (a bomb's head). */
const RAW_DEFLATE_TRIAL_BYTES = 1024 * 1024;

/**
 * Raw deflate (RFC 1951 with no zlib or gzip wrapper: .NET's DeflateStream, Java's Deflater with
 * `nowrap`, PHP's `gzdeflate`, a zip member's data copied out) has no signature. An object of no
 * known format is raw deflate when `head`, its first bytes, inflates: to its last byte when it is
 * the `whole` object (and to something), else all of it without an error and without the stream
 * ending inside it. Other bytes fail at once: of 200,000 random objects of 32-231 bytes none
 * inflated whole, of random 4 KiB heads half failed within 4 bytes and 99% within 31 (the rest
 * ended early, a final block of one or two symbols), and every one of 924 executables' heads
 * failed within 3.
 */
export function rawDeflateHead(head: Uint8Array, whole: boolean): boolean {
  if (head.length === 0) return false;
  try {
    const { buffer, engine } = inflateRawSync(head, {
      info: true,
      finishFlush: whole ? zlibConstants.Z_FINISH : zlibConstants.Z_SYNC_FLUSH,
      maxOutputLength: RAW_DEFLATE_TRIAL_BYTES,
    }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return engine.bytesWritten === head.length && (buffer.length > 0 || !whole);
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
  }
}

/**
 * Brotli has no signature either (a `.br` is taken by its name): an object of no known format, whole
 * in `head`, is Brotli when it decodes to something, to its last byte. Random bytes do not: of
 * 300,000 random objects of 32-931 bytes none did (4% decode to nothing, or stop before their
 * end). A longer object's head is not tried: one random head of 8 KiB in nine decodes without an
 * error. More than RAW_DEFLATE_TRIAL_BYTES of output is not taken for it (the strings pass
 * measures it, never public).
 */
export function wholeBrotli(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  try {
    // `info` (the result and its engine) is node's for every zlib function; @types/node has it on ZlibOptions only.
    const options = { info: true, maxOutputLength: RAW_DEFLATE_TRIAL_BYTES } as BrotliOptions;
    const { buffer, engine } = brotliDecompressSync(head, options) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return buffer.length > 0 && engine.bytesWritten === head.length;
  } catch {
    return false;
  }
}

/**
 * Sniffs the first bytes (see SNIFF_BYTES) of an object named `name`. A `zip` result still needs
 * `classifyZip` on its member names to tell XLSX and DOCX apart from plain archives.
 */
export function sniffBytes(head: Uint8Array, name: string): Sniffed {
  if (ZIP_MAGICS.some((magic) => startsWith(head, magic))) return { format: 'zip' };
  if (startsWith(head, GZIP_MAGIC)) return { format: 'gzip' };
  // zlib's header at its three levels (`78 5e`, the fourth, is `x^` in a text: not taken).
  if (head.length >= 2 && head[0] === 0x78 && (head[1] === 0x01 || head[1] === 0x9c || head[1] === 0xda)) return { format: 'zlib' };
  if (startsWith(head, PDF_MAGIC)) return { format: 'pdf' };
  if (isBzip2(head)) return { format: 'bzip2' };
  if (startsWith(head, XZ_MAGIC)) return { format: 'xz' };
  if (startsWith(head, ZSTD_MAGIC)) return { format: 'zstd' };
  if (LZ4_MAGICS.some((magic) => startsWith(head, magic))) return { format: 'lz4' };
  if (startsWith(head, SNAPPY_FRAMED_MAGIC)) return { format: 'snappy' };
  if (hadoopSnappyHead(head, name)) return { format: 'snappy' };
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x9d && (head[2] & 0x60) === 0 && (head[2] & 0x1f) >= 9 && (head[2] & 0x1f) <= 16) return { format: 'compress' };
  if (startsWith(head, SEVEN_ZIP_MAGIC)) return { format: '7z' };
  if (startsWith(head, RAR_MAGIC)) return { format: 'rar' };
  if (startsWith(head, CFB_MAGIC)) {
    // Legacy .xls/.doc (and WPS's .et/.wps), Outlook's .msg and encrypted OOXML (EncryptedPackage)
    // are all OLE files, told apart by their streams once the file is read (ole.ts), whatever
    // their name: an .xls renamed .xlsx is an .xls.
    return { format: 'binary', ole: true };
  }
  if (startsWith(head, SQLITE_MAGIC)) return { format: 'sqlite' };
  if (startsWith(head, PGDUMP_MAGIC)) return { format: 'pgdump' };
  if (rdbHead(head)) return { format: 'redis' };
  if (startsWith(head, PARQUET_MAGIC)) return { format: 'parquet' };
  if (startsWith(head, PARQUET_ENCRYPTED_MAGIC)) return { format: 'parquet', encrypted: true };
  if (startsWith(head, AVRO_MAGIC)) return { format: 'avro' };
  if (arrowHead(head, name)) return { format: 'arrow' };
  if (startsWith(head, NUMPY_MAGIC)) return { format: 'numpy' };
  if (pickleHead(head, name)) return { format: 'pickle' };
  if (stataHead(head)) return { format: 'stata' };
  if (spssHead(head)) return { format: 'spss' };
  if (xptHead(head)) return { format: 'xpt' };
  if (isAccessDatabase(head)) return { format: 'access' };
  // A v7 tar header has no magic, only a checksum: checked after every format that has one.
  if (isTarHeader(head)) return { format: 'tar' };
  // Brotli has no signature: a `.br` is one (a web server's precompressed export, `brotli`'s output).
  if (extensionOf(name) === 'br') return { format: 'brotli' };
  // UTF-32 (its NULs would make it binary, or a dBase table or BSON by chance).
  if (utf32Of(head) !== undefined) return { format: textSubtype(head, name) };
  // A dBase table has no magic either: a version byte, a date, and field descriptors that add up.
  if (dbfHeader(head) !== undefined) return { format: 'dbf' };
  // Nor does BSON (mongodump's collections): a document whose size and elements add up; a
  // mongodump archive (`--archive`) has its own magic number.
  if (startsWith(head, MONGODUMP_ARCHIVE_MAGIC) || bsonHead(head)) return { format: 'bson' };
  // A PNG's or a JPEG's signature holds bytes no text starts with: a PNG of a large text chunk
  // is a picture, whatever most of its first bytes are (found by fuzzing: read as text).
  if (startsWith(head, PNG_SIGNATURE) || startsWith(head, JPEG_SIGNATURE)) return { format: 'image', media: mediaKind(head)! };
  if (hasUtf16Bom(head) || utf16ByContent(head) !== undefined) return { format: textSubtype(head, name) };
  if (looksBinary(head)) {
    const media = mediaKind(head);
    return media === undefined ? { format: 'binary' } : { format: media.format, media };
  }
  if (isRtf(head)) return { format: 'rtf' };
  return { format: mailFormat(head, name) ?? textSubtype(head, name) };
}

/** Most bytes of a BSON document: MongoDB's 16 MiB, and the room its commands add. */
export const BSON_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024 + 16 * 1024;

/** Bytes of a BSON element's value of a fixed size, by its type; -1 for those sized otherwise. */
const BSON_FIXED: Readonly<Record<number, number>> = { 0x01: 8, 0x06: 0, 0x07: 12, 0x08: 1, 0x09: 8, 0x0a: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0x7f: 0, 0xff: 0 };

/**
 * True when `head` starts with a BSON document (mongodump's `<collection>.bson`: documents one
 * after another, no signature): its size in range, ending in a zero byte, and its elements, walked
 * by their types and sizes, filling it exactly; keys without control characters. A document longer
 * than the head is walked as far as the head goes.
 */
export function bsonHead(head: Uint8Array): boolean {
  if (head.length < 5) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  const size = view.getInt32(0, true);
  if (size < 5 || size > BSON_MAX_DOCUMENT_BYTES || (size <= head.length && head[size - 1] !== 0)) return false;
  const end = Math.min(size - 1, head.length);
  let at = 4;
  let elements = 0;
  while (at < end) {
    const type = head[at++];
    const keyStart = at;
    while (at < head.length && head[at] !== 0) if (head[at++] < 0x20) return false;
    if (at >= head.length) return elements > 0;
    if (at === keyStart && elements === 0) return false;
    at++;
    const fixed = BSON_FIXED[type];
    if (fixed !== undefined) at += fixed;
    else if (type === 0x02 || type === 0x0d || type === 0x0e || type === 0x03 || type === 0x04 || type === 0x05 || type === 0x0c || type === 0x0f) {
      if (at + 4 > head.length) return elements > 0;
      const length = view.getInt32(at, true);
      if (length < 0 || length > size) return false;
      // A string's length counts its zero byte; a document's, binary's and code with scope's their all.
      at += type === 0x03 || type === 0x04 || type === 0x0f ? length : type === 0x05 ? 5 + length : 4 + length;
      if (type === 0x0c) at += 12;
    } else if (type === 0x0b) {
      // A regular expression: its pattern and options, two C strings.
      for (let strings = 0; strings < 2; strings++) {
        while (at < head.length && head[at] !== 0) at++;
        at++;
      }
    } else return false;
    elements++;
  }
  return elements > 0 && (at === size - 1 || at >= head.length);
}

/** Bytes of a damaged BSON file's head looked through for its first whole document. */
const BSON_CARVE_BYTES = 4096;

/**
 * Where the first whole BSON document of a head starts when its first bytes are none (a damaged
 * first document of mongodump's `.bson`): the first offset, within BSON_CARVE_BYTES, of a document
 * (bsonHead) followed by another, both in the head. Undefined when there is none.
 */
export function bsonStart(head: Uint8Array): number | undefined {
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  for (let at = 1; at < Math.min(BSON_CARVE_BYTES, head.length - 5); at++) {
    const size = view.getInt32(at, true);
    if (size < 5 || at + size + 5 > head.length) continue;
    if (bsonHead(head.subarray(at)) && bsonHead(head.subarray(at + size))) return at;
  }
  return undefined;
}

/**
 * Tells an OOXML, OpenDocument, OFD or XPS package from a plain archive by its member names
 * (whatever the extension: WPS saves these formats as .et, .wps, .dps; an OFD's root is
 * `OFD.xml`, an XPS has a FixedDocumentSequence, `.fdseq`). `odf`
 * is refined to ods/odt/odp by its `mimetype` member (odf.ts).
 */
export function classifyZip(names: Iterable<string>): ZipFamily {
  let odfContent = false;
  let odfManifest = false;
  for (const name of names) {
    if (name === 'xl/workbook.xml') return 'xlsx';
    if (name === 'xl/workbook.bin') return 'xlsb';
    if (name === 'word/document.xml') return 'docx';
    if (name === 'ppt/presentation.xml') return 'pptx';
    if (name === 'OFD.xml') return 'ofd';
    if (/\.fdseq$/i.test(name)) return 'xps';
    if (name === 'content.xml') odfContent = true;
    if (name === 'META-INF/manifest.xml') odfManifest = true;
  }
  return odfContent && odfManifest ? 'odf' : 'zip';
}
