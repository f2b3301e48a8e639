/**
 * Builders of realistic files from synthetic content, for tests, the demo and the benchmark.
 * They only package what they are given: generate the content with `synthetic/identifiers.ts`,
 * never from real personal data. Output is deterministic (fixed timestamps).
 */
import { Readable } from 'node:stream';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { PDFDocument, PDFHexString, PDFName, StandardFontEmbedder, StandardFonts } from 'pdf-lib';
import yauzl from 'yauzl';
import yazl from 'yazl';

/** Timestamp written into archives, so that builds are byte-for-byte repeatable. */
const FIXED_TIME = new Date(Date.UTC(2024, 0, 1));

/** One CSV field, quoted when it holds the delimiter, a quote or a line break. */
function csvField(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV text (RFC 4180 quoting, `\n` line ends, a final line end). */
export function csvText(rows: readonly (readonly string[])[], delimiter = ','): string {
  return rows.map((row) => row.map((value) => csvField(value, delimiter)).join(delimiter)).join('\n') + '\n';
}

/** Text in GB18030 (a superset of GBK), as Excel on Chinese Windows saves CSV. */
export function encodeGbk(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
}

/** A contact of a phone book. */
export interface Contact {
  readonly name: string;
  readonly phone: string;
  readonly birthday?: string;
  readonly address?: string;
  readonly wechat?: string;
  readonly qq?: string;
}

/** Quoted-printable of UTF-8, as Android writes a vCard 2.1's non-ASCII values (`=E5=BC=A0`), soft line breaks after 74 characters. */
function quotedPrintableUtf8(text: string): string {
  let out = '';
  let line = 0;
  for (const byte of Buffer.from(text, 'utf8')) {
    const piece = byte >= 0x21 && byte <= 0x7e && byte !== 0x3d ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line + piece.length > 74) {
      out += '=\r\n';
      line = 0;
    }
    out += piece;
    line += piece.length;
  }
  return out;
}

/** RFC 6350 folding: lines of at most 75 characters, the rest on lines starting with a space. */
function folded(line: string): string {
  const chars = [...line];
  const lines: string[] = [];
  for (let at = 0; at < chars.length; at += 60) lines.push(chars.slice(at, at + 60).join(''));
  return lines.join('\r\n ');
}

/**
 * A phone book as vCards: 2.1 as Android exports it (names and addresses in quoted-printable of
 * UTF-8, `X-` properties for WeChat and QQ), 3.0 as iOS and CRMs do (UTF-8, escapes, folded lines),
 * 4.0 (IMPP for WeChat and QQ).
 */
export function vcardText(contacts: readonly Contact[], version: '2.1' | '3.0' | '4.0'): string {
  return contacts
    .map((contact) => {
      const [family, given] = [contact.name.slice(0, 1), contact.name.slice(1)];
      const lines = ['BEGIN:VCARD', `VERSION:${version}`];
      if (version === '2.1') {
        const qp = (name: string, value: string) => `${name};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${quotedPrintableUtf8(value)}`;
        lines.push(qp('N', `${family};${given};;;`), qp('FN', contact.name), `TEL;CELL:${contact.phone}`);
        if (contact.address !== undefined) lines.push(qp('ADR;HOME', `;;${contact.address};;;;`));
        if (contact.birthday !== undefined) lines.push(`BDAY:${contact.birthday}`);
        if (contact.wechat !== undefined) lines.push(`X-WECHAT:${contact.wechat}`);
        if (contact.qq !== undefined) lines.push(`X-QQ:${contact.qq}`);
      } else {
        lines.push(`N:${family};${given};;;`, `FN:${contact.name}`, `TEL;TYPE=CELL:${contact.phone}`);
        if (contact.address !== undefined) lines.push(folded(`ADR;TYPE=HOME:;;${contact.address.replace(/([,;])/g, '\\$1')};;;;`));
        if (contact.birthday !== undefined) lines.push(`BDAY:${contact.birthday}`);
        if (contact.wechat !== undefined) lines.push(version === '4.0' ? `IMPP:weixin:${contact.wechat}` : `X-WECHAT:${contact.wechat}`);
        if (contact.qq !== undefined) lines.push(version === '4.0' ? `IMPP:x-qq:${contact.qq}` : `X-QQ:${contact.qq}`);
        lines.push(`NOTE:${folded('客户备注\\n'.repeat(8))}`);
      }
      lines.push('END:VCARD');
      return lines.join('\r\n');
    })
    .join('\r\n')
    .concat('\r\n');
}

/** Columns a character takes in a terminal: Chinese characters and full-width forms two. */
function terminalColumns(text: string): number {
  let columns = 0;
  for (const c of text) columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(c) || (c.codePointAt(0) ?? 0) >= 0x20000 ? 2 : 1;
  return columns;
}

/** How a table is drawn in text: psql's output, the mysql client's, a Markdown table, a report aligned with spaces. */
export type TextTableStyle = 'psql' | 'psql-expanded' | 'mysql' | 'markdown' | 'report';

/**
 * A table as a query tool prints it (psql's expanded display a record at a time too; or a Markdown
 * table, or a report aligned with spaces under a title), its columns padded to the widest value as a terminal shows it; psql's and mysql's with
 * their footers (`(3 rows)`, `3 rows in set (0.00 sec)`).
 */
export function textTable(rows: readonly (readonly string[])[], style: TextTableStyle): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => terminalColumns(row[c] ?? ''))));
  const pad = (text: string, c: number) => text + ' '.repeat(widths[c] - terminalColumns(text));
  const line = (row: readonly string[], join: string) => row.map((text, c) => pad(text, c)).join(join);
  const [header, ...body] = rows;
  switch (style) {
    case 'psql-expanded': {
      // psql's \x: a record at a time, a field a line (its name, a bar, its value).
      const width = Math.max(...header.map(terminalColumns));
      return body
        .flatMap((row, r) => [`-[ RECORD ${r + 1} ]${'-'.repeat(12)}`, ...row.map((text, c) => `${header[c]}${' '.repeat(width - terminalColumns(header[c]))} | ${text}`)])
        .concat([''])
        .join('\n');
    }
    case 'psql':
      return [` ${line(header, ' | ')}`, widths.map((w) => '-'.repeat(w + 2)).join('+'), ...body.map((row) => ` ${line(row, ' | ')}`), `(${body.length} rows)`, ''].join('\n');
    case 'mysql': {
      const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
      return [rule, `| ${line(header, ' | ')} |`, rule, ...body.map((row) => `| ${line(row, ' | ')} |`), rule, `${body.length} rows in set (0.00 sec)`, ''].join('\n');
    }
    case 'markdown':
      return [`| ${line(header, ' | ')} |`, `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map((row) => `| ${line(row, ' | ')} |`), ''].join('\n');
    case 'report':
      return ['                客户花名册', '', ...rows.map((row) => line(row, '    ').trimEnd()), '', `共 ${body.length} 人`, ''].join('\n');
  }
}

/** UTF-8 with a byte order mark, as Excel's "CSV UTF-8" saves. */
export function utf8Bom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** UTF-16 with a byte order mark, as Excel's "Unicode text" saves (little-endian). */
export function utf16Bom(text: string, endian: 'le' | 'be' = 'le'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (endian === 'le') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const be = Buffer.from(le);
  be.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

/** One worksheet for `xlsxBuffer`: numbers become numeric cells, null an empty cell. */
export interface SheetSpec {
  readonly name: string;
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** Pictures and embedded files of an Office document made here. */
export interface OfficeExtras {
  /** PNG pictures shown in it. */
  readonly pictures?: readonly Buffer[];
  /**
   * Files embedded in it as objects, by their path in the package (`word/embeddings/x.xlsx`):
   * the parts Word or Excel stores, without the relationship and the icon shown for them.
   */
  readonly embeddings?: readonly ZipEntrySpec[];
}

/** The members of a zip, in order, read whole (yauzl). */
export async function zipMembers(pkg: Buffer): Promise<ZipEntrySpec[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(pkg, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const entries: ZipEntrySpec[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        collectStream(stream).then((data) => {
          entries.push({ name: entry.fileName, data });
          zip.readEntry();
        }, reject);
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

/** The package `pkg` (a zip) with `parts` added, or put in place of its members of the same name. */
export async function withParts(pkg: Buffer, parts: readonly ZipEntrySpec[] = []): Promise<Buffer> {
  if (parts.length === 0) return pkg;
  const replaced = new Set(parts.map((part) => part.name));
  return zipBuffer([...(await zipMembers(pkg)).filter((entry) => !replaced.has(entry.name)), ...parts]);
}

/** An XLSX workbook written by exceljs (numbers stay numbers, strings are shared strings). */
export async function xlsxBuffer(sheets: readonly SheetSpec[], options: OfficeExtras = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = FIXED_TIME;
  workbook.modified = FIXED_TIME;
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) worksheet.addRow(row.map((value) => (value === null ? undefined : value)));
  }
  // PNG pictures placed on the first sheet, one under the other.
  (options.pictures ?? []).forEach((png, index) => {
    const id = workbook.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
    workbook.worksheets[0].addImage(id, { tl: { col: 4, row: index * 12 }, ext: { width: 320, height: 200 } });
  });
  return withParts(Buffer.from(await workbook.xlsx.writeBuffer()), options.embeddings);
}

/** What a DOCX holds besides its paragraphs. */
export interface DocxExtras extends OfficeExtras {
  /** Tables after the paragraphs, each rows of cells' texts (a roster, a form of label and value cells). */
  readonly tables?: readonly (readonly (readonly string[])[])[];
}

/**
 * A DOCX with one paragraph per string, then its `tables` (a paragraph between them), then each
 * PNG of `pictures` in a paragraph of its own (the `docx` package), and its `embeddings`.
 */
export async function docxBuffer(paragraphs: readonly string[], options: DocxExtras = {}): Promise<Buffer> {
  const pictures = (options.pictures ?? []).map(
    (png) => new Paragraph({ children: [new ImageRun({ type: 'png', data: png, transformation: { width: 320, height: 200 } })] }),
  );
  const tables = (options.tables ?? []).flatMap((rows) => [
    new Table({ rows: rows.map((cells) => new TableRow({ children: cells.map((text) => new TableCell({ children: [new Paragraph(text)] })) })) }),
    new Paragraph(''),
  ]);
  const document = new Document({
    creator: 'shredlock-synthetic',
    sections: [{ children: [...paragraphs.map((text) => new Paragraph(text)), ...tables, ...pictures] }],
  });
  return withParts(await Packer.toBuffer(document), options.embeddings);
}

/**
 * A PDF with one page per entry, one text line per string, in Helvetica. Standard fonts cover
 * WinAnsi (ASCII and Latin-1) only: Chinese text cannot be embedded this way and throws.
 */
export async function pdfBuffer(pages: readonly (readonly string[])[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setCreationDate(FIXED_TIME);
  pdf.setModificationDate(FIXED_TIME);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, index) => page.drawText(line, { x: 50, y: 780 - index * 16, size: 11, font }));
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** A piece of text on a PDF page: left edge and baseline in points from the page's top left, font size. */
export interface PdfText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size?: number;
  /** Drawn in Helvetica (digits and Latin letters as a Chinese document sets them: `helveticaWidth`) rather than Song. */
  readonly latin?: boolean;
}

/** Width of ASCII text in Helvetica, in ems (digits 0.556 em, as pdf-lib measures them). */
export function helveticaWidth(text: string): number {
  return HELVETICA.widthOfTextAtSize(text, 1);
}

// pdf-lib's StandardFonts and the embedder's font names are the same strings under two types.
const HELVETICA = StandardFontEmbedder.for(StandardFonts.Helvetica as string as Parameters<typeof StandardFontEmbedder.for>[0]);

/** Width of a character in Adobe's Song (STSong-Light), in ems: Latin letters and digits half, Chinese whole. */
export function songWidth(text: string): number {
  let width = 0;
  for (const c of text) width += (c.codePointAt(0) ?? 0) < 0x7f ? 0.5 : 1;
  return width;
}

/**
 * A PDF in Chinese, as Chinese office software writes one without embedding its font: each piece
 * of `pages` drawn where it says in Adobe's Song (STSong-Light, Adobe-GB1, the UniGB-UCS2-H CMap:
 * the text is UTF-16 codes, which a reader maps to Unicode with Adobe's CMaps), Latin letters and
 * digits half an em wide (`songWidth`), each piece a text object of its own.
 */
export async function chinesePdfBuffer(pages: readonly (readonly PdfText[])[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setCreationDate(FIXED_TIME);
  pdf.setModificationDate(FIXED_TIME);
  const { context } = pdf;
  const descriptor = context.register(
    context.obj({ Type: 'FontDescriptor', FontName: 'STSong-Light', Flags: 6, FontBBox: [-25, -254, 1000, 880], ItalicAngle: 0, Ascent: 880, Descent: -120, CapHeight: 880, StemV: 93 }),
  );
  const cidFont = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType0',
      BaseFont: 'STSong-Light',
      CIDSystemInfo: { Registry: PDFHexString.fromText('Adobe'), Ordering: PDFHexString.fromText('GB1'), Supplement: 2 },
      FontDescriptor: descriptor,
      DW: 1000,
      // CIDs 1-95 are Adobe-GB1's proportional ASCII: drawn half an em wide here.
      W: [1, 95, 500],
    }),
  );
  const font = context.register(context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'STSong-Light', Encoding: 'UniGB-UCS2-H', DescendantFonts: [cidFont] }));
  const latin = await pdf.embedFont(StandardFonts.Helvetica);
  const height = 842;
  for (const pieces of pages) {
    const page = pdf.addPage([595, height]);
    page.node.setFontDictionary(PDFName.of('F1'), font);
    page.node.setFontDictionary(PDFName.of('F2'), latin.ref);
    const codes = (text: string) => [...text].map((c) => (c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')).join('');
    const content = pieces
      .map(({ text, x, y, size = 10, latin: inLatin }) => `BT /${inLatin === true ? 'F2' : 'F1'} ${size} Tf 1 0 0 1 ${x} ${height - y} Tm <${inLatin === true ? Buffer.from(text, 'latin1').toString('hex') : codes(text)}> Tj ET`)
      .join('\n');
    page.node.set(PDFName.of('Contents'), context.register(context.flateStream(content)));
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** A grey PNG of `width` x `height` pixels (8-bit greyscale), as a scanner's page image stands in for. */
export function greyPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (greyscale), no interlace
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter: none
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * A PDF as a scanner makes it: per entry of `pages`, a page with an image and, when the entry holds
 * lines, those lines as text too (a scanned page with a text layer, or a typed page with a logo).
 */
export async function scannedPdfBuffer(pages: readonly (readonly string[])[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setCreationDate(FIXED_TIME);
  pdf.setModificationDate(FIXED_TIME);
  const image = await pdf.embedPng(greyPng(64, 64));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    page.drawImage(image, { x: 50, y: 300, width: 495, height: 500 });
    lines.forEach((line, index) => page.drawText(line, { x: 50, y: 250 - index * 16, size: 11, font }));
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/**
 * A PDF that asks for a password: `pdfBuffer` plus a standard security handler (RC4, revision 2)
 * whose user password is not empty. The content is not really encrypted; readers must stop at
 * the password check.
 */
export async function encryptedPdfBuffer(pages: readonly (readonly string[])[]): Promise<Buffer> {
  const pdf = await PDFDocument.load(await pdfBuffer(pages));
  const { context } = pdf;
  const encrypt = context.obj({
    Filter: 'Standard',
    V: 1,
    R: 2,
    Length: 40,
    P: -44,
    O: PDFHexString.of('11'.repeat(32)),
    U: PDFHexString.of('22'.repeat(32)),
  });
  context.trailerInfo.Encrypt = context.register(encrypt);
  context.trailerInfo.ID = context.obj([PDFHexString.of('33'.repeat(16)), PDFHexString.of('33'.repeat(16))]);
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** Gzip of a buffer. */
export function gzipBuffer(data: Buffer | string): Buffer {
  return gzipSync(data);
}

/** One member of `zipBuffer`. */
export interface ZipEntrySpec {
  readonly name: string;
  readonly data: Buffer | string;
  /** Deflate the member (default true). */
  readonly compress?: boolean;
  /** Not supported: use `encryptedZipBuffer`. */
  readonly encrypt?: never;
}

function collectStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** A zip archive (yazl). Names ending in `/` become directory entries. */
export async function zipBuffer(entries: readonly ZipEntrySpec[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) {
      zip.addEmptyDirectory(entry.name, { mtime: FIXED_TIME });
      continue;
    }
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    zip.addBuffer(data, entry.name, { mtime: FIXED_TIME, compress: entry.compress ?? true });
  }
  zip.end();
  return collectStream(zip.outputStream);
}

/** A text on an OFD page: its left edge and baseline in millimetres from the page's top left, its size. */
export interface OfdText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size?: number;
}

/** An OFD page: its texts, and an image (a scan) when `image` is set. */
export interface OfdPage {
  readonly texts?: readonly OfdText[];
  readonly image?: boolean;
}

/** What an OFD holds besides its pages. */
export interface OfdOptions {
  /** Texts of a template page under every page (an e-invoice's labels and frame). */
  readonly template?: readonly OfdText[];
  /** `CustomData` of the document's information (an e-invoice's fields by name). */
  readonly customData?: readonly (readonly [string, string])[];
  /** Files attached to the document (`Attachs/`), listed in its Attachments.xml. */
  readonly attachments?: readonly ZipEntrySpec[];
  /** A signature's value (`Signs/Sign_0/SignedValue.dat`) and a seal picture in the resources. */
  readonly signature?: Buffer;
  /** Parts put in place of the generated ones, or added (a damaged one). */
  readonly parts?: readonly ZipEntrySpec[];
}

const OFD_NS = 'http://www.ofdspec.org/2016';

/** Escapes text for XML content and attribute values. */
function xmlEscaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A page's (or a template's) Content.xml: each text a TextObject with one TextCode and its glyphs' advances. */
function ofdContent(texts: readonly OfdText[], options: { template?: boolean; image?: boolean } = {}): string {
  let id = 100;
  const objects = texts.map(({ text, x, y, size = 3.5 }) => {
    const advances = [...text].slice(0, -1).map((c) => ((c.codePointAt(0) ?? 0) < 0x7f ? size / 2 : size));
    const width = advances.reduce((sum, advance) => sum + advance, 0) + size;
    const deltaX = advances.length > 0 ? ` DeltaX="${advances.map((advance) => Number(advance.toFixed(3))).join(' ')}"` : '';
    return `<ofd:TextObject ID="${id++}" Boundary="${x} ${y - size} ${Number(width.toFixed(3))} ${size * 1.4}" Font="3" Size="${size}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="${size}"${deltaX}>${xmlEscaped(text)}</ofd:TextCode></ofd:TextObject>`;
  });
  if (options.image === true) objects.push(`<ofd:ImageObject ID="${id++}" ResourceID="50" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>`);
  const template = options.template === true ? '<ofd:Template TemplateID="2" ZOrder="Background"/>' : '';
  return `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="${OFD_NS}">${template}<ofd:Content><ofd:Layer ID="10">${objects.join('')}</ofd:Layer></ofd:Content></ofd:Page>`;
}

/**
 * An OFD document (GB/T 33190, as e-invoices are issued): OFD.xml with its document information,
 * one document (`Doc_0`) of `pages`, a template page under each when `options.template` is set,
 * attachments, a signature. The texts' glyph advances are given (`DeltaX`); fonts are named, not
 * embedded; an image is a grey PNG.
 */
export async function ofdBuffer(pages: readonly OfdPage[], options: OfdOptions = {}): Promise<Buffer> {
  const custom = (options.customData ?? []).map(([name, value]) => `<ofd:CustomData Name="${xmlEscaped(name)}">${xmlEscaped(value)}</ofd:CustomData>`).join('');
  const signatures = options.signature === undefined ? '' : '<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>';
  const root = `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="${OFD_NS}" Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>8a3c0d1e2f4b5a6978c0d1e2f3a4b5c6</ofd:DocID><ofd:Title>电子发票</ofd:Title><ofd:CreationDate>2024-01-01</ofd:CreationDate>${custom === '' ? '' : `<ofd:CustomDatas>${custom}</ofd:CustomDatas>`}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>${signatures}</ofd:DocBody></ofd:OFD>`;
  const pageList = pages.map((_, i) => `<ofd:Page ID="${10 + i}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('');
  const template = options.template === undefined ? '' : '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>';
  const attachments = options.attachments ?? [];
  const document = `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="${OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>${template}</ofd:CommonData><ofd:Pages>${pageList}</ofd:Pages>${attachments.length > 0 ? '<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>' : ''}</ofd:Document>`;
  const entries: ZipEntrySpec[] = [
    { name: 'OFD.xml', data: root },
    { name: 'Doc_0/Document.xml', data: document },
    { name: 'Doc_0/PublicRes.xml', data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>` },
    { name: 'Doc_0/DocumentRes.xml', data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="50" Type="Image"><ofd:MediaFile>image_50.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>` },
    ...pages.map((page, i) => ({ name: `Doc_0/Pages/Page_${i}/Content.xml`, data: ofdContent(page.texts ?? [], { template: options.template !== undefined, image: page.image }) })),
  ];
  if (options.template !== undefined) entries.push({ name: 'Doc_0/Tpls/Tpl_0/Content.xml', data: ofdContent(options.template) });
  if (pages.some((page) => page.image === true) || options.signature !== undefined) entries.push({ name: 'Doc_0/Res/image_50.png', data: greyPng(64, 64) });
  if (attachments.length > 0) {
    const listed = attachments.map((file, i) => `<ofd:Attachment ID="${200 + i}" Name="${xmlEscaped(file.name)}" Format="${file.name.split('.').pop()}" Visible="true"><ofd:FileLoc>${xmlEscaped(file.name)}</ofd:FileLoc></ofd:Attachment>`).join('');
    entries.push({ name: 'Doc_0/Attachs/Attachments.xml', data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Attachments xmlns:ofd="${OFD_NS}">${listed}</ofd:Attachments>` });
    for (const file of attachments) entries.push({ ...file, name: `Doc_0/Attachs/${file.name}` });
  }
  if (options.signature !== undefined) {
    entries.push(
      { name: 'Doc_0/Signs/Signatures.xml', data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures xmlns:ofd="${OFD_NS}"><ofd:Signature ID="1" Type="Seal" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>` },
      { name: 'Doc_0/Signs/Sign_0/Signature.xml', data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Signature xmlns:ofd="${OFD_NS}"><ofd:SignedInfo><ofd:Provider ProviderName="seal"/><ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod></ofd:SignedInfo><ofd:SignedValue>/Doc_0/Signs/Sign_0/SignedValue.dat</ofd:SignedValue></ofd:Signature>` },
      { name: 'Doc_0/Signs/Sign_0/SignedValue.dat', data: options.signature, compress: false },
    );
  }
  const replaced = new Set((options.parts ?? []).map((part) => part.name));
  return zipBuffer([...entries.filter((entry) => !replaced.has(entry.name)), ...(options.parts ?? [])]);
}

/** An XPS page: its texts (at their baseline, in 1/96 inch), a picture when `image` is set, and the canvas transform they are drawn in. */
export interface XpsPage {
  readonly texts?: readonly OfdText[];
  readonly image?: boolean;
  /** The `RenderTransform` of the canvas the texts are in (`a,b,c,d,e,f`), as the XPS Document Writer scales a page. */
  readonly transform?: string;
  /** Each text's glyph indices only, without its `UnicodeString` (a font subset's codes). */
  readonly indicesOnly?: boolean;
}

const XPS_NS = { xps: 'http://schemas.microsoft.com/xps/2005/06', oxps: 'http://schemas.openxps.org/oxps/v1.0' } as const;
const XPS_RELS = { xps: 'http://schemas.microsoft.com/xps/2005/06/fixedrepresentation', oxps: 'http://schemas.openxps.org/oxps/v1.0/fixedrepresentation' } as const;

/**
 * An XPS document as Windows' XPS Document Writer saves one (`flavour` `oxps`: OpenXPS, Windows 8
 * on): `_rels/.rels` naming the FixedDocumentSequence, one FixedDocument of `pages`, each page's
 * texts as `Glyphs` (UnicodeString at OriginX/OriginY) in a `Canvas`; a picture is an
 * `ImageBrush` of a grey PNG. `parts` replace or add parts (a damaged one).
 */
export async function xpsBuffer(pages: readonly XpsPage[], flavour: 'xps' | 'oxps' = 'xps', parts: readonly ZipEntrySpec[] = []): Promise<Buffer> {
  const ns = XPS_NS[flavour];
  const page = (spec: XpsPage): string => {
    const glyphs = (spec.texts ?? []).map(({ text, x, y, size = 12 }) => {
      const indices = [...text].map((c) => (c.codePointAt(0) ?? 0) % 900).join(';');
      const unicode = spec.indicesOnly === true ? '' : ` UnicodeString="${xmlEscaped(text.startsWith('{') ? `{}${text}` : text)}"`;
      return `<Glyphs Fill="#ff000000" FontUri="/Resources/Fonts/font.odttf" FontRenderingEmSize="${size}" StyleSimulations="None" OriginX="${x}" OriginY="${y}" Indices="${indices}"${unicode}/>`;
    });
    const image = spec.image === true ? '<Path Data="M 0,0 L 816,0 816,1056 0,1056 Z"><Path.Fill><ImageBrush ImageSource="/Resources/Images/scan.png" Viewbox="0,0,64,64" ViewboxUnits="Absolute" Viewport="0,0,816,1056" ViewportUnits="Absolute"/></Path.Fill></Path>' : '';
    return `<FixedPage Width="816" Height="1056" xmlns="${ns}" xml:lang="zh-CN"><Canvas RenderTransform="${spec.transform ?? '1,0,0,1,0,0'}">${image}${glyphs.join('')}</Canvas></FixedPage>`;
  };
  const entries: ZipEntrySpec[] = [
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="fdseq" ContentType="application/vnd.ms-package.xps-fixeddocumentsequence+xml"/><Default Extension="fdoc" ContentType="application/vnd.ms-package.xps-fixeddocument+xml"/><Default Extension="fpage" ContentType="application/vnd.ms-package.xps-fixedpage+xml"/><Default Extension="odttf" ContentType="application/vnd.ms-package.obfuscated-opentype"/><Default Extension="png" ContentType="image/png"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>' },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="${XPS_RELS[flavour]}" Target="/FixedDocumentSequence.fdseq" Id="R0"/></Relationships>` },
    { name: 'FixedDocumentSequence.fdseq', data: `<FixedDocumentSequence xmlns="${ns}"><DocumentReference Source="Documents/1/FixedDocument.fdoc"/></FixedDocumentSequence>` },
    { name: 'Documents/1/FixedDocument.fdoc', data: `<FixedDocument xmlns="${ns}">${pages.map((_, i) => `<PageContent Source="Pages/${i + 1}.fpage"/>`).join('')}</FixedDocument>` },
    ...pages.map((spec, i) => ({ name: `Documents/1/Pages/${i + 1}.fpage`, data: page(spec) })),
    { name: 'Resources/Fonts/font.odttf', data: Buffer.alloc(256, 7) },
  ];
  if (pages.some((spec) => spec.image === true)) entries.push({ name: 'Resources/Images/scan.png', data: greyPng(64, 64) });
  const replaced = new Set(parts.map((part) => part.name));
  return zipBuffer([...entries.filter((entry) => !replaced.has(entry.name)), ...parts]);
}

/**
 * A zip whose members named in `encrypted` carry the "encrypted" flag (general purpose bit 0) in
 * both headers. Their data is not really encrypted: enough for a reader, which must not try to
 * read it. Flagged members are always deflated (a stored encrypted member needs a 12-byte header).
 */
export async function encryptedZipBuffer(entries: readonly ZipEntrySpec[], encrypted: readonly string[]): Promise<Buffer> {
  const zip = await zipBuffer(entries.map((entry) => (encrypted.includes(entry.name) ? { ...entry, compress: true } : entry)));
  const names = new Set(encrypted);
  for (let offset = 0; offset + 46 <= zip.length; offset++) {
    const signature = zip.readUInt32LE(offset);
    if (signature === 0x04034b50) {
      const nameLength = zip.readUInt16LE(offset + 26);
      const name = zip.toString('utf8', offset + 30, offset + 30 + nameLength);
      if (names.has(name)) zip.writeUInt16LE(zip.readUInt16LE(offset + 6) | 1, offset + 6);
    } else if (signature === 0x02014b50) {
      const nameLength = zip.readUInt16LE(offset + 28);
      const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
      if (names.has(name)) zip.writeUInt16LE(zip.readUInt16LE(offset + 8) | 1, offset + 8);
    }
  }
  return zip;
}

/** Options of `zipBombBuffer`. */
export interface ZipBombSpec {
  /** Decompressed size of the member. */
  readonly bytes: number;
  /** The repeated byte (default `0x20`, a space, so the member sniffs as text). */
  readonly byte?: number;
  /** Member name (default `bomb.txt`). */
  readonly name?: string;
}

/**
 * A zip with one member of `bytes` repeated bytes (deflate shrinks it about 1000 times). The
 * member is generated as a stream, so building a big bomb does not take its size in memory.
 */
export async function zipBombBuffer(spec: ZipBombSpec): Promise<Buffer> {
  const block = Buffer.alloc(64 * 1024, spec.byte ?? 0x20);
  async function* repeated(): AsyncGenerator<Buffer> {
    for (let left = spec.bytes; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
  }
  const zip = new yazl.ZipFile();
  zip.addReadStream(Readable.from(repeated()), spec.name ?? 'bomb.txt', { mtime: FIXED_TIME, size: spec.bytes, compressionLevel: 9 });
  zip.end();
  return collectStream(zip.outputStream);
}

/**
 * `innermost` wrapped in `levels` zips: level 1 is `innermost` zipped once. Member names are
 * `level-N.zip` from the outside in, so the innermost path reads `level-2.zip/.../name`.
 */
export async function nestedZipBuffer(levels: number, innermost: ZipEntrySpec): Promise<Buffer> {
  let archive = await zipBuffer([innermost]);
  for (let level = levels; level > 1; level--) {
    archive = await zipBuffer([{ name: `level-${level}.zip`, data: archive }]);
  }
  return archive;
}
