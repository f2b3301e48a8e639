/**
 * Test fixtures written by real writers from synthetic data only:
 * - Python's sqlite3, pickle, xlwt, pyarrow, NumPy, pandas (pickles, Stata datasets), joblib, pyreadstat, fastavro, odfpy, python-pptx (pinned in
 *   requirements-dev.txt, run by `written` through writers.py), and LibreOffice for what only it
 *   writes (Word 97-2003 .doc, `converted`);
 * - for backup formats, Python's tarfile, bz2, lzma, email and mailbox (the system python3,
 *   standard library only), Debian's `zstd`, `lz4`, `compress` (ncompress) and `7zz` tools, cramjam for Snappy's framing
 *   format, and a RAR 4 writer of stored files
 *   (see `rarBuffer`);
 * - Microsoft Access databases by Jackcess, in Java (`accessBuffer`: jars pinned in
 *   scripts/java-tools.ts).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, crc32 } from 'node:zlib';
import { ensureJavaTools } from '../../../scripts/java-tools.js';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { customerRow } from '../../../synthetic/exports.js';
import { greyPng } from '../../../synthetic/files.js';
import { Rng } from '../../../synthetic/random.js';
import { OUT_DIR } from './read-parts.js';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, 'writers.py');

/** Column kinds the writers know. */
export type ColumnKind = 'text' | 'int' | 'double' | 'bytes';

/** A table (a sheet for spreadsheets). */
export interface TableSpec {
  readonly name: string;
  readonly columns: readonly string[];
  /** SQL types for SQLite (`TEXT`, `INTEGER`), column kinds for the others. */
  readonly types: readonly string[];
  readonly rows: readonly (readonly (string | number | bigint | null)[])[];
}

/** What to write. */
export type WriterSpec =
  | {
      readonly kind: 'sqlite';
      readonly tables: readonly TableSpec[];
      /** More SQL run after the tables are filled (views, virtual tables; `app_mask()` exists). */
      readonly views?: readonly string[];
      /** PRAGMAs run before the tables are made (`page_size = 512`, `encoding = 'UTF-16le'`, `journal_mode = WAL`). */
      readonly pragmas?: readonly string[];
    }
  | { readonly kind: 'xls' | 'ods'; readonly tables: readonly TableSpec[] }
  /**
   * A dBase table by python-dbf: `fields` in its notation (`NAME C(10); MOBILE N(11,0); BIRTH D`),
   * dates as `YYYY-MM-DD`; `deleted`: indexes of records marked deleted.
   */
  | {
      readonly kind: 'dbf';
      readonly fields: string;
      readonly rows: readonly (readonly (string | number | bigint)[])[];
      readonly codepage?: string;
      readonly dbfType?: 'db3' | 'fp' | 'vfp';
      readonly deleted?: readonly number[];
    }
  | { readonly kind: 'parquet'; readonly tables: readonly [TableSpec]; readonly codec?: string; readonly rowGroupSize?: number }
  | { readonly kind: 'avro'; readonly tables: readonly [TableSpec]; readonly codec?: string; readonly blockBytes?: number }
  /**
   * Arrow IPC by pyarrow: Feather v2 (what pandas' `to_feather` writes), or an IPC file or stream; `codec` lz4 (the default), zstd or
   * none; `version` 1: Feather v1; `legacy`: as before Arrow 0.15 (no continuation markers, V4 metadata). Column kinds beyond
   * ColumnKind: see write_arrow in writers.py (dates, timestamps, decimals, dictionaries, structs, lists, maps).
   */
  | {
      readonly kind: 'arrow';
      readonly tables: readonly [TableSpec];
      readonly container?: 'feather' | 'file' | 'stream';
      readonly codec?: 'lz4' | 'zstd' | 'none';
      readonly batchRows?: number;
      readonly version?: 1 | 2;
      readonly legacy?: boolean;
    }
  /** Apache ORC by pyarrow; `codec` zlib (the default), snappy, zstd, lz4 or uncompressed. */
  | { readonly kind: 'orc'; readonly tables: readonly [TableSpec]; readonly codec?: string }
  /**
   * NumPy arrays (`dtype` in NumPy's notation: `<U18`, `int64`, `object`; a structured one as [name, type] pairs, its values records) by
   * `np.save` (the first) or `np.savez` (`npz`, `npz-compressed`); `fortran`: in Fortran order.
   */
  | {
      readonly kind: 'npy';
      readonly arrays: Readonly<Record<string, { readonly dtype: string | readonly (readonly [string, string])[]; readonly values: unknown; readonly fortran?: boolean }>>;
      readonly container?: 'npy' | 'npz' | 'npz-compressed';
    }
  /**
   * A Stata dataset by pandas' `to_stata`: `version` 114 (pandas' default), 117, 118 or 119; `labels` (variable labels by column);
   * `dates` (columns of `YYYY-MM-DD` stored as Stata dates, `td`); `strl` (columns stored as strLs); `byteorder`.
   */
  | {
      readonly kind: 'stata';
      readonly tables: readonly [TableSpec];
      readonly version?: 114 | 117 | 118 | 119;
      readonly labels?: Readonly<Record<string, string>>;
      readonly dates?: Readonly<Record<string, 'td'>>;
      readonly strl?: readonly string[];
      readonly byteorder?: '<' | '>';
    }
  /** SPSS and SAS files by pyreadstat: `format` sav (uncompressed, the default), sav-rows (bytecode), zsav, por or xpt (SAS transport, `version` 8 or 5); `labels`, `dates`. */
  | {
      readonly kind: 'spss';
      readonly tables: readonly [TableSpec];
      readonly format?: 'sav' | 'sav-rows' | 'zsav' | 'por' | 'xpt';
      readonly version?: 5 | 8;
      readonly labels?: Readonly<Record<string, string>>;
      readonly dates?: readonly string[];
    }
  /**
   * Python's pickle of a JSON value; `numpy`: a dict of lists pickled as NumPy arrays of that dtype; `layout`: a dict of lists as a
   * pandas DataFrame (`frame`: text columns of dtype object, as pandas 1 and 2 made them; `frame-arrow`: pandas 3's default, pyarrow
   * strings), a list of dicts as instances of a class (`objects`), or `joblib.dump` (`joblib`).
   */
  | { readonly kind: 'pickle'; readonly value: unknown; readonly protocol?: number; readonly numpy?: string; readonly layout?: 'frame' | 'frame-arrow' | 'objects' | 'joblib' }
  /** `pictures` (odt only): paths of images, each in a frame of its own. */
  | { readonly kind: 'odt' | 'odp'; readonly paragraphs: readonly string[]; readonly pictures?: readonly string[]; readonly tables?: readonly (readonly string[])[][] }
  /** `embedXlsx`: path of an .xlsx to embed as an OLE object (on a slide of its own); `pictures`: paths of images, a slide each. */
  | { readonly kind: 'pptx'; readonly paragraphs: readonly string[]; readonly embedXlsx?: string; readonly pictures?: readonly string[] }
  /** An XML property list by plistlib: `data` (base64) as a <data> value under `depth` nested dicts (its lines get shorter with depth). */
  | { readonly kind: 'plist'; readonly data: string; readonly depth: number };

let counter = 0;

/** JSON with bigints as plain integers (Python reads them exactly: 18-digit IDs stored as INTEGER). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) => (typeof inner === 'bigint' ? `\u0000int:${inner}` : inner)).replace(
    /"\\u0000int:(-?\d+)"/g,
    '$1',
  );
}

/** Writes a fixture and returns its bytes. */
export async function written(spec: WriterSpec): Promise<Buffer> {
  const tools = await ensurePythonTools();
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, `writer-${process.pid}-${counter++}.${spec.kind}`);
  try {
    const child = run(tools.bin('python'), [SCRIPT], { timeout: 120_000 });
    child.child.stdin!.end(toJson({ ...spec, path }));
    await child;
    return readFileSync(path);
  } finally {
    rmSync(path, { force: true });
  }
}

/** Converts a file with LibreOffice (`soffice --convert-to`), e.g. an .odt into a Word 97 .doc. */
export async function converted(data: Buffer, from: string, to: string): Promise<Buffer> {
  return (await convertedAll([data], from, to))[0];
}

/** Converts several files in one LibreOffice run (it starts in about a second). */
export async function convertedAll(files: readonly Buffer[], from: string, to: string): Promise<Buffer[]> {
  const dir = join(OUT_DIR, `soffice-${process.pid}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  try {
    const inputs = files.map((data, i) => {
      const input = join(dir, `in${i}.${from}`);
      writeFileSync(input, data);
      return input;
    });
    await run('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', to, '--outdir', dir, ...inputs], {
      timeout: 180_000,
    });
    return files.map((_, i) => readFileSync(join(dir, `in${i}.${to.split(':')[0]}`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Columns of the synthetic customer table that hold personal data, and how each is stored. */
export const CUSTOMER_COLUMNS = ['客户编号', '姓名', '身份证号', '手机号', '银行卡号', '备注'] as const;

/** Synthetic customers: IDs as text, mobiles as integers (as a careless export stores them). */
export function customers(count: number, seed = 'customers'): { rows: (string | number)[][]; ids: string[]; mobiles: string[] } {
  const rng = new Rng(seed);
  const rows: (string | number)[][] = [];
  for (let i = 1; i <= count; i++) {
    const [number, name, id, , , card] = customerRow(rng, i);
    const mobile = `1${rng.pick(['38', '39', '58', '86'])}${rng.digits(8)}`;
    rows.push([number, name, id, Number(mobile), card.replace(/ /g, ''), i % 2 === 0 ? 'VIP客户' : '']);
  }
  return { rows, ids: rows.map((row) => String(row[2])), mobiles: rows.map((row) => String(row[3])) };
}

/** A table of the same shape without personal data: product codes, prices, counts. */
export function products(count: number, seed = 'products'): (string | number)[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => [`P${String(i).padStart(6, '0')}`, rng.pick(['智能音箱', '保温杯', '蓝牙耳机']), `${rng.int(1, 999)}.${rng.digits(2)}`, rng.int(1, 500), rng.pick(['', '促销'])]);
}

/** Header of the product table. */
export const PRODUCT_COLUMNS = ['商品编号', '名称', '单价', '库存', '备注'] as const;

// Backup formats: archives, compressed streams and mail.

const PYTHON = process.env.PYTHON ?? 'python3';

/** One file of an archive. */
export interface MemberSpec {
  readonly name: string;
  readonly data: Buffer | string;
}

/** Tar header formats Python writes: POSIX ustar, pax (long and UTF-8 names), GNU (long names). */
export type TarFormat = 'ustar' | 'pax' | 'gnu';

const TAR_SCRIPT = `
import base64, io, json, sys, tarfile
spec = json.load(sys.stdin)
formats = {'ustar': tarfile.USTAR_FORMAT, 'pax': tarfile.PAX_FORMAT, 'gnu': tarfile.GNU_FORMAT}
buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode='w', format=formats[spec['format']]) as tar:
    for member in spec['members']:
        data = base64.b64decode(member['data'])
        if member['name'].endswith('/'):
            info = tarfile.TarInfo(member['name'].rstrip('/'))
            info.type = tarfile.DIRTYPE
            info.mtime = 1704067200
            tar.addfile(info)
            continue
        info = tarfile.TarInfo(member['name'])
        info.size = len(data)
        info.mtime = 1704067200
        tar.addfile(info, io.BytesIO(data))
sys.stdout.buffer.write(buffer.getvalue())
`;

const COMPRESS_SCRIPT = `
import bz2, gzip, lzma, sys, zlib
data = sys.stdin.buffer.read()
codec = sys.argv[1]
def raw_deflate(d):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(d) + c.flush()
out = {'gz': lambda d: gzip.compress(d, mtime=0), 'bz2': bz2.compress, 'xz': lzma.compress, 'zz': zlib.compress, 'deflate': raw_deflate}[codec](data)
sys.stdout.buffer.write(out)
`;

function toBuffer(data: Buffer | string): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** A tar archive written by Python's tarfile (a name ending in `/` is a directory). */
export function tarBuffer(members: readonly MemberSpec[], format: TarFormat = 'pax'): Buffer {
  const input = JSON.stringify({ format, members: members.map((m) => ({ name: m.name, data: toBuffer(m.data).toString('base64') })) });
  return execFileSync(PYTHON, ['-c', TAR_SCRIPT], { input, maxBuffer: 1024 ** 3 });
}

/**
 * Compresses with Python's gzip, bz2, lzma (xz container) or zlib (`zz`; `deflate`: raw, no
 * header, as `zlib.compressobj(wbits=-15)` and PHP's `gzdeflate` write it), node's Brotli (Google's
 * libbrotli), or with the `zstd` or `lz4` tool
 * (`lz4Args`: the lz4 tool's options, its defaults when none: one frame of independent 4 MiB
 * blocks and a content checksum).
 */
export function compress(data: Buffer | string, codec: 'gz' | 'bz2' | 'xz' | 'zz' | 'deflate' | 'br' | 'zst' | 'lz4', lz4Args: readonly string[] = []): Buffer {
  if (codec === 'br') return brotliCompressSync(toBuffer(data));
  if (codec === 'zst') return execFileSync('zstd', ['-q', '-c', '-3'], { input: toBuffer(data), maxBuffer: 1024 ** 3 });
  if (codec === 'lz4') return execFileSync('lz4', ['-q', '-c', ...lz4Args], { input: toBuffer(data), maxBuffer: 1024 ** 3 });
  return execFileSync(PYTHON, ['-c', COMPRESS_SCRIPT, codec], { input: toBuffer(data), maxBuffer: 1024 ** 3 });
}

/** Unix `compress` (`.Z`), by Debian's ncompress; `bits`: its maximum code width (`-b`, 9 to 16). */
export function compressZ(data: Buffer | string, bits = 16): Buffer {
  return execFileSync('compress', ['-c', `-b${bits}`], { input: toBuffer(data), maxBuffer: 1024 ** 3 });
}

/** Snappy's framing format, as cramjam (pinned in requirements-dev.txt: Rust's snap crate) writes a `.sz`. */
export async function snappyFramed(data: Buffer | string): Promise<Buffer> {
  const tools = await ensurePythonTools();
  const script = 'import cramjam, sys; sys.stdout.buffer.write(bytes(cramjam.snappy.compress(sys.stdin.buffer.read())))';
  return execFileSync(tools.bin('python'), ['-c', script], { input: toBuffer(data), maxBuffer: 1024 ** 3 });
}

/**
 * Hadoop's Snappy stream (a `.snappy` of SnappyCodec) as python-snappy's `hadoop_stream_compress`
 * writes it: a block of up to 64 KiB of data each, one raw snappy chunk per block.
 */
export async function snappyHadoop(data: Buffer | string): Promise<Buffer> {
  const tools = await ensurePythonTools();
  const script = 'import io, sys, snappy.snappy as s; out = io.BytesIO(); s.hadoop_stream_compress(io.BytesIO(sys.stdin.buffer.read()), out); sys.stdout.buffer.write(out.getvalue())';
  return execFileSync(tools.bin('python'), ['-c', script], { input: toBuffer(data), maxBuffer: 1024 ** 3 });
}

/** One raw snappy block of `data` (cramjam's `compress_raw`): a Hadoop chunk's content. */
export async function snappyRaw(data: Buffer | string): Promise<Buffer> {
  const tools = await ensurePythonTools();
  const script = 'import cramjam, sys; sys.stdout.buffer.write(bytes(cramjam.snappy.compress_raw(sys.stdin.buffer.read())))';
  return execFileSync(tools.bin('python'), ['-c', script], { input: toBuffer(data), maxBuffer: 1024 ** 3 });
}

/** One e-mail for `emailBuffer`/`mboxBuffer`: a body and attachments, in a charset and transfer encoding. */
export interface MailSpec {
  readonly fromName: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  /** Charset of the headers and body, e.g. `utf-8`, `gb2312`, `gbk`, `big5`. */
  readonly charset: string;
  /** Transfer encoding of the body and RFC 2047 encoding of the headers. */
  readonly encoding: 'base64' | 'qp';
  readonly attachments?: readonly MemberSpec[];
  /** PNG images as inline parts (Content-Disposition: inline, a Content-ID), as a signature's logo is sent. */
  readonly inline?: readonly MemberSpec[];
  /** An HTML alternative of the body, sent after the plain one. */
  readonly html?: string;
  /** The plain body and the HTML in a `multipart/alternative` (as mail clients send them), not side by side in the message. */
  readonly alternative?: boolean;
}

const MAIL_SCRIPT = `
import base64, json, mailbox, os, sys, tempfile
from email import base64mime, charset as cs, quoprimime
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr

def word(text, m):
    # An RFC 2047 encoded word under the charset's usual label (Python's Header renames some).
    data = text.encode(m['charset'])
    if m['encoding'] == 'qp':
        return quoprimime.header_encode(data, charset=m['charset'])
    return base64mime.header_encode(data, charset=m['charset'])

def build(m):
    c = cs.Charset(m['charset'])
    c.body_encoding = cs.QP if m['encoding'] == 'qp' else cs.BASE64
    msg = MIMEMultipart()
    msg['From'] = formataddr((word(m['fromName'], m), m['from']))
    msg['To'] = m['to']
    msg['Subject'] = word(m['subject'], m)
    msg['Date'] = 'Mon, 01 Jan 2024 00:00:00 +0800'
    msg['Message-ID'] = '<fixture@shredlock.test>'
    if m.get('html') and m.get('alternative'):
        # As mail clients send it: the plain text and the HTML as alternatives of one body.
        body = MIMEMultipart('alternative')
        body.attach(MIMEText(m['body'], 'plain', c))
        body.attach(MIMEText(m['html'], 'html', c))
        msg.attach(body)
    else:
        msg.attach(MIMEText(m['body'], 'plain', c))
        if m.get('html'):
            msg.attach(MIMEText(m['html'], 'html', c))
    for a in m['attachments']:
        part = MIMEApplication(base64.b64decode(a['data']))
        part.add_header('Content-Disposition', 'attachment', filename=('utf-8', '', a['name']))
        msg.attach(part)
    for a in m.get('inline', []):
        part = MIMEImage(base64.b64decode(a['data']), 'png')
        part.add_header('Content-Disposition', 'inline', filename=a['name'])
        part.add_header('Content-ID', '<' + a['name'] + '>')
        msg.attach(part)
    return msg

spec = json.load(sys.stdin)
if spec['kind'] == 'eml':
    sys.stdout.buffer.write(build(spec['messages'][0]).as_bytes())
else:
    path = os.path.join(tempfile.mkdtemp(), 'box.mbox')
    box = mailbox.mbox(path)
    for m in spec['messages']:
        box.add(build(m))
    box.flush()
    box.close()
    with open(path, 'rb') as f:
        sys.stdout.buffer.write(f.read())
`;

function mailJson(kind: 'eml' | 'mbox', messages: readonly MailSpec[]): string {
  return JSON.stringify({
    kind,
    messages: messages.map((m) => ({
      ...m,
      attachments: (m.attachments ?? []).map((a) => ({ name: a.name, data: toBuffer(a.data).toString('base64') })),
      inline: (m.inline ?? []).map((a) => ({ name: a.name, data: toBuffer(a.data).toString('base64') })),
    })),
  });
}

/** An `.eml` message written by Python's email package. */
export function emailBuffer(message: MailSpec): Buffer {
  return execFileSync(PYTHON, ['-c', MAIL_SCRIPT], { input: mailJson('eml', [message]), maxBuffer: 1024 ** 3 });
}

/** An mbox mailbox written by Python's mailbox module. */
export function mboxBuffer(messages: readonly MailSpec[]): Buffer {
  return execFileSync(PYTHON, ['-c', MAIL_SCRIPT], { input: mailJson('mbox', messages), maxBuffer: 1024 ** 3 });
}

/** Options of `sevenZipBuffer`. */
export interface SevenZipOptions {
  /** Encrypt the files with this password. */
  readonly password?: string;
  /** Encrypt the headers (file names) too (`-mhe=on`). */
  readonly encryptHeaders?: boolean;
  /** Store the files uncompressed, each in a block of its own (`-m0=Copy -ms=off`): their bytes can be found and damaged. */
  readonly stored?: boolean;
}

/** A 7z archive written by Debian's 7-Zip (`7zz`, package `7zip`), from files in a scratch folder. */
export function sevenZipBuffer(members: readonly MemberSpec[], options: SevenZipOptions = {}): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'shredlock-7z-'));
  try {
    for (const member of members) {
      mkdirSync(dirname(join(dir, 'in', member.name)), { recursive: true });
      writeFileSync(join(dir, 'in', member.name), toBuffer(member.data));
    }
    const args = ['a', '-bd', '-bso0', '-bsp0', join(dir, 'out.7z'), '.'];
    if (options.password !== undefined) args.push(`-p${options.password}`);
    if (options.encryptHeaders === true) args.push('-mhe=on');
    if (options.stored === true) args.push('-m0=Copy', '-ms=off');
    execFileSync('7zz', args, { cwd: join(dir, 'in') });
    return readFileSync(join(dir, 'out.7z'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One file of `rarBuffer`: ASCII name; `encrypted` sets the file's password flag. */
export interface RarMemberSpec extends MemberSpec {
  readonly encrypted?: boolean;
  /** Unpacked size written in the header instead of the real one (a lying header, as in a bomb). */
  readonly declaredSize?: number;
}

function rarBlock(type: number, flags: number, fields: Buffer, extra: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.concat([Buffer.from([type, flags & 0xff, flags >> 8, 0, 0]), fields]);
  header.writeUInt16LE(header.length + 2, 3);
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(crc32(header) & 0xffff);
  return Buffer.concat([crc, header, extra]);
}

/**
 * A RAR 4 archive with stored (uncompressed) files, written here field by field after RARLAB's
 * technote: Debian has no RAR writer (`rar` is not in its archive) and no Python package writes
 * RAR. The reader under test (RARLAB's unrar in WASM) checks every header and file CRC.
 * `encryptHeaders` sets the archive header's password flag (the headers that follow are not
 * really encrypted: readers must stop at the flag).
 */
export function rarBuffer(members: readonly RarMemberSpec[], options: { readonly encryptHeaders?: boolean } = {}): Buffer {
  const marker = Buffer.from('Rar!\x1a\x07\x00', 'latin1');
  const archive = rarBlock(0x73, options.encryptHeaders === true ? 0x0080 : 0, Buffer.alloc(6));
  const files = members.map((member) => {
    const data = toBuffer(member.data);
    const name = Buffer.from(member.name, 'latin1');
    const fields = Buffer.alloc(25);
    fields.writeUInt32LE(data.length, 0); // packed size
    fields.writeUInt32LE(member.declaredSize ?? data.length, 4); // unpacked size
    fields[8] = 3; // host OS: Unix
    fields.writeUInt32LE(crc32(data), 9);
    fields.writeUInt32LE(0x58210000, 13); // DOS time: 2024-01-01
    fields[17] = 20; // version needed: 2.0
    fields[18] = 0x30; // method: store
    fields.writeUInt16LE(name.length, 19);
    fields.writeUInt32LE(0o100644 << 0, 21); // attributes
    const flags = 0x8000 | (member.encrypted === true ? 0x0004 : 0);
    return rarBlock(0x74, flags, Buffer.concat([fields, name]), data);
  });
  const end = rarBlock(0x7b, 0x4000, Buffer.alloc(0));
  return Buffer.concat([marker, archive, ...files, end]);
}

/** Column types of the Access writer (test/engine/formats/java/AccessWriter.java). */
export type AccessColumnType = 'TEXT' | 'MEMO' | 'LONG' | 'DOUBLE' | 'NUMERIC' | 'MONEY' | 'DATE' | 'BOOLEAN' | 'OLE';

/** A table of an Access database: OLE values as Buffers, dates as `YYYY-MM-DD`. */
export interface AccessTableSpec {
  readonly name: string;
  readonly columns: readonly (readonly [string, AccessColumnType])[];
  readonly rows: readonly (readonly (string | number | boolean | Buffer | null)[])[];
}

const accessField = (value: string | number | boolean | Buffer | null): string =>
  value === null ? '\\N' : Buffer.isBuffer(value) ? value.toString('hex') : String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

/**
 * Runs a Java fixture writer (`test/engine/formats/java/<writer>.java`, a single source file) on the
 * pinned jars of scripts/java-tools.ts, in a private folder; returns the file it wrote there.
 * `args` are given the folder (to put input files in); `input` goes to its standard input.
 */
async function javaWritten(writer: string, fileName: string, args: (dir: string) => string[], input = ''): Promise<Buffer> {
  const { java, classpath } = await ensureJavaTools();
  const dir = mkdtempSync(join(tmpdir(), 'shredlock-java-'));
  try {
    const file = join(dir, fileName);
    const child = run(java, ['-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory', '-cp', classpath, join(import.meta.dirname, 'java', `${writer}.java`), file, ...args(dir)], { timeout: 120_000 });
    child.child.stdin!.end(input);
    await child;
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A Microsoft Access database written by Jackcess (`V2000`, `V2003`: .mdb, Jet 4; `V2007` on: .accdb,
 * ACE), through the pinned jars of scripts/java-tools.ts.
 */
export function accessBuffer(tables: readonly AccessTableSpec[], format: 'V2000' | 'V2003' | 'V2007' | 'V2010' | 'V2016' = 'V2000'): Promise<Buffer> {
  const lines: string[] = [];
  for (const table of tables) {
    lines.push(`TABLE\t${table.name}`);
    for (const [name, type] of table.columns) lines.push(`COLUMN\t${name}\t${type}`);
    for (const row of table.rows) lines.push(['ROW', ...row.map(accessField)].join('\t'));
  }
  const fileName = format === 'V2000' || format === 'V2003' ? 'db.mdb' : 'db.accdb';
  return javaWritten('AccessWriter', fileName, () => [format], `${lines.join('\n')}\n`);
}

/** An Excel 97-2003 workbook written by Apache POI's HSSF: `texts` in column A, `pictures` (PNG) placed on the sheet. */
export function xlsWithPictures(texts: readonly string[], pictures: readonly Buffer[]): Promise<Buffer> {
  return javaWritten('XlsPictureWriter', 'book.xls', (dir) => {
    const paths = pictures.map((png, i) => {
      const path = join(dir, `picture-${i}.png`);
      writeFileSync(path, png);
      return path;
    });
    return [...paths, '--', ...texts];
  });
}

/** One object embedded by `xlsWithObjects`: any file packaged (Packager), or an OLE file (an .xls) as a storage. */
export type XlsObject = { readonly packaged: Buffer; readonly name: string } | { readonly ole: Buffer };

/** An Excel 97-2003 workbook written by Apache POI's HSSF: a column of texts and `objects` embedded as OLE objects. */
export function xlsWithObjects(texts: readonly string[], objects: readonly XlsObject[]): Promise<Buffer> {
  return javaWritten('XlsObjectWriter', 'book.xls', (dir) => {
    const icon = join(dir, 'icon.png');
    writeFileSync(icon, greyPng(32, 32));
    const specs = objects.map((object, i) => {
      const path = join(dir, `object-${i}`);
      writeFileSync(path, 'ole' in object ? object.ole : object.packaged);
      return 'ole' in object ? `ole:${path}` : `package:${path}:${object.name}`;
    });
    return [icon, ...specs, '--', ...texts];
  });
}

/**
 * A PowerPoint 97-2003 presentation written by Apache POI's HSLF: a slide per text, in one text box;
 * `objects` (OLE files: an .xls) embedded on the first slide, shown by an icon.
 */
export function pptBuffer(slides: readonly string[], objects: readonly Buffer[] = []): Promise<Buffer> {
  return javaWritten('PptWriter', 'deck.ppt', (dir) => {
    if (objects.length === 0) return [...slides];
    const icon = join(dir, 'icon.png');
    writeFileSync(icon, greyPng(32, 32));
    const embeds = objects.map((ole, i) => {
      const path = join(dir, `object-${i}`);
      writeFileSync(path, ole);
      return `embed:${path}`;
    });
    return [`icon:${icon}`, ...embeds, ...slides];
  });
}

/**
 * The zip with each stored (uncompressed) member's CRC-32 recomputed, in its local header and its
 * central directory record: a test that edits a member in place to reach a reader's own check
 * (the zip readers refuse a member whose CRC-32 does not match).
 */
export function restampedZip(zip: Buffer): Buffer {
  const copy = Buffer.from(zip);
  const crcs = new Map<number, number>();
  for (let at = copy.indexOf('PK\x03\x04'); at !== -1; at = copy.indexOf('PK\x03\x04', at + 4)) {
    if (copy.readUInt16LE(at + 8) !== 0) continue;
    const data = at + 30 + copy.readUInt16LE(at + 26) + copy.readUInt16LE(at + 28);
    const crc = crc32(copy.subarray(data, data + copy.readUInt32LE(at + 18)));
    copy.writeUInt32LE(crc, at + 14);
    crcs.set(at, crc);
  }
  for (let at = copy.indexOf('PK\x01\x02'); at !== -1; at = copy.indexOf('PK\x01\x02', at + 4)) {
    const crc = crcs.get(copy.readUInt32LE(at + 42));
    if (crc !== undefined) copy.writeUInt32LE(crc, at + 16);
  }
  return copy;
}
