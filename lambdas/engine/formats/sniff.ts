/**
 * Format detection: magic bytes first, then the name's extension, then the content.
 *
 * | First bytes              | Name                        | Result                         |
 * |--------------------------|-----------------------------|--------------------------------|
 * | `PK\x03\x04`, `PK\x05\x06` | any                        | `zip` (refined by member names: `xlsx`, `docx`, `pptx`, `odf`) |
 * | `1f 8b`                  | any                         | `gzip`                         |
 * | `%PDF-`                  | any                         | `pdf`                          |
 * | `D0 CF 11 E0` (OLE/CFB)  | .xlsx .xlsm .docx .docm     | `xlsx`/`docx`, encrypted       |
 * | `D0 CF 11 E0` (OLE/CFB)  | other (.xls, .doc, .et ...) | `binary` + `ole`: `xls`/`doc` by its streams (ole.ts) |
 * | `SQLite format 3\0`      | any                         | `sqlite`                       |
 * | `PAR1` / `PARE`          | any                         | `parquet` / encrypted `parquet` |
 * | `Obj\x01`                | any                         | `avro`                         |
 * | UTF-16 BOM               | any                         | text subtype by extension      |
 * | NUL, or > 1/32 controls  | any                         | `binary`                       |
 * | other                    | .csv / .tsv .tab / .json / .jsonl .ndjson | that subtype     |
 * | other                    | other                       | `json` if it starts with `{`/`[` and has no known text extension, else `text` |
 */
import type { Format } from '../types.js';

/** Bytes read from the start of an object to sniff it. */
export const SNIFF_BYTES = 8192;

/** Result of sniffing the head of an object. */
export interface Sniffed {
  readonly format: Format;
  /** An encrypted OOXML file (stored in an OLE container): cannot be read. */
  readonly encrypted?: boolean;
  /** An OLE compound file of no claimed OOXML format: its streams tell what it is (ole.ts). */
  readonly ole?: boolean;
}

/** The formats a zip-based object can turn out to be. */
export type ZipFamily = 'xlsx' | 'docx' | 'pptx' | 'odf' | 'zip';

const ZIP_MAGICS = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const PARQUET_MAGIC = Buffer.from('PAR1', 'latin1');
/** A Parquet file with an encrypted footer (Parquet modular encryption). */
const PARQUET_ENCRYPTED_MAGIC = Buffer.from('PARE', 'latin1');
const AVRO_MAGIC = Buffer.from('Obj\x01', 'latin1');

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

/** True when the head starts with a UTF-16 byte order mark. */
export function hasUtf16Bom(head: Uint8Array): boolean {
  return head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
}

/** Text or binary, from the first bytes: NUL bytes or many control characters mean binary. */
export function looksBinary(head: Uint8Array): boolean {
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i];
    if (byte === 0) return true;
    // Tab, LF, VT, FF, CR and ESC (ANSI colours in logs) are normal in text.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) {
      controls++;
    }
  }
  return controls * 32 > head.length;
}

function textSubtype(head: Uint8Array, name: string): Format {
  const byExtension = TEXT_EXTENSIONS[extensionOf(name)];
  if (byExtension !== undefined) return byExtension;
  // No known extension: a leading `{` or `[` (after a BOM and white space) is JSON.
  let i = startsWith(head, Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i] === 0x7b || head[i] === 0x5b ? 'json' : 'text';
}

/**
 * Sniffs the first bytes (see SNIFF_BYTES) of an object named `name`. A `zip` result still needs
 * `classifyZip` on its member names to tell XLSX and DOCX apart from plain archives.
 */
export function sniffBytes(head: Uint8Array, name: string): Sniffed {
  if (ZIP_MAGICS.some((magic) => startsWith(head, magic))) return { format: 'zip' };
  if (startsWith(head, GZIP_MAGIC)) return { format: 'gzip' };
  if (startsWith(head, PDF_MAGIC)) return { format: 'pdf' };
  if (startsWith(head, CFB_MAGIC)) {
    // Encrypted OOXML is an OLE compound file holding EncryptedPackage; legacy .xls/.doc (and
    // WPS's .et/.wps) are OLE files too, told apart by their streams once the file is read.
    const claimed = ooxmlByExtension(name);
    return claimed === undefined ? { format: 'binary', ole: true } : { format: claimed, encrypted: true };
  }
  if (startsWith(head, SQLITE_MAGIC)) return { format: 'sqlite' };
  if (startsWith(head, PARQUET_MAGIC)) return { format: 'parquet' };
  if (startsWith(head, PARQUET_ENCRYPTED_MAGIC)) return { format: 'parquet', encrypted: true };
  if (startsWith(head, AVRO_MAGIC)) return { format: 'avro' };
  if (hasUtf16Bom(head)) return { format: textSubtype(head, name) };
  if (looksBinary(head)) return { format: 'binary' };
  return { format: textSubtype(head, name) };
}

/**
 * Tells an OOXML or OpenDocument package from a plain archive by its member names (whatever the
 * extension: WPS saves these formats as .et, .wps, .dps). `odf` is refined to ods/odt/odp by its
 * `mimetype` member (odf.ts).
 */
export function classifyZip(names: Iterable<string>): ZipFamily {
  let odfContent = false;
  let odfManifest = false;
  for (const name of names) {
    if (name === 'xl/workbook.xml') return 'xlsx';
    if (name === 'word/document.xml') return 'docx';
    if (name === 'ppt/presentation.xml') return 'pptx';
    if (name === 'content.xml') odfContent = true;
    if (name === 'META-INF/manifest.xml') odfManifest = true;
  }
  return odfContent && odfManifest ? 'odf' : 'zip';
}
