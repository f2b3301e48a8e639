/**
 * Hostile and encrypted variants of the OLE, OpenDocument and PPTX readers: each ends as that
 * object's (or member's) error with its code, never as a public object.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { zipBuffer } from '../../../synthetic/files.js';
import { readMisaligned } from '../../../lambdas/engine/formats/text.js';
import { address, chineseName, residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { msgBuffer } from './msg-writer.js';
import { bufferSource, readAll } from './read-parts.js';
import { CUSTOMER_COLUMNS, converted, customers, tarBuffer, written } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

interface CfbApi {
  read(data: Buffer, options: { type: 'buffer' }): unknown;
  find(container: unknown, path: string): { content: Uint8Array } | null;
  write(container: unknown, options: { type: 'buffer' }): Buffer;
  utils: { cfb_add(container: unknown, path: string, content: Buffer): void };
}

/** The OLE file with one root stream replaced (as an encrypting writer would leave it). */
async function withStream(file: Buffer, stream: string, change: (content: Buffer) => Buffer): Promise<Buffer> {
  const { CFB } = (await import('@e965/xlsx')) as unknown as { CFB: CfbApi };
  const container = CFB.read(file, { type: 'buffer' });
  const entry = CFB.find(container, `/${stream}`);
  if (entry === null) throw new Error(`no ${stream} stream`);
  entry.content = change(Buffer.from(entry.content));
  return Buffer.from(CFB.write(container, { type: 'buffer' }));
}

/**
 * The OLE file with the size in the directory entry of stream `name` (the first one) set to `size`:
 * the entry's name is UTF-16LE at the start of its 128 bytes, its size at byte 120 ([MS-CFB] 2.6.1).
 */
function withDeclaredSize(file: Buffer, name: string, size: number): Buffer {
  const copy = Buffer.from(file);
  const wanted = Buffer.from(name, 'utf16le');
  let at = copy.indexOf(wanted);
  while (at >= 0 && at % 128 !== 0) at = copy.indexOf(wanted, at + 1);
  if (at < 0) throw new Error(`no directory entry ${name}`);
  copy.writeUInt32LE(size, at + 120);
  return copy;
}

/**
 * The OLE file with the FAT chain of root stream `name` looped: its last sector points back to its
 * second, and the stream starts there, where no chain begins (as a damaged FAT and directory did).
 * Version 3 files: 512-byte sectors, the FAT's sectors listed in the header.
 */
function withLoopedChain(file: Buffer, name: string): Buffer {
  const copy = Buffer.from(file);
  const sector = (n: number) => 512 + n * 512;
  const fatSectors = Array.from({ length: copy.readUInt32LE(0x2c) }, (_, i) => copy.readUInt32LE(0x4c + i * 4));
  const fatAt = (n: number) => sector(fatSectors[Math.floor(n / 128)]) + (n % 128) * 4;
  const wanted = Buffer.from(name, 'utf16le');
  let entry = copy.indexOf(wanted);
  while (entry >= 0 && entry % 128 !== 0) entry = copy.indexOf(wanted, entry + 1);
  const first = copy.readUInt32LE(entry + 116);
  let last = first;
  while (copy.readUInt32LE(fatAt(last)) < 0xfffffffa) last = copy.readUInt32LE(fatAt(last));
  const second = copy.readUInt32LE(fatAt(first));
  copy.writeUInt32LE(second, fatAt(last));
  copy.writeUInt32LE(second, entry + 116);
  return copy;
}

/** A FILEPASS record (RC4) after the workbook's BOF: what Excel writes for "Encrypt with password". */
function addFilePass(workbook: Buffer): Buffer {
  const bofEnd = 4 + workbook.readUInt16LE(2);
  const record = Buffer.alloc(4 + 54);
  record.writeUInt16LE(0x002f, 0);
  record.writeUInt16LE(54, 2);
  record.writeUInt16LE(1, 4); // RC4
  return Buffer.concat([workbook.subarray(0, bofEnd), record, workbook.subarray(bofEnd)]);
}

/** fEncrypted set in the FIB: what Word writes for a password-protected document. */
function setEncrypted(word: Buffer): Buffer {
  const copy = Buffer.from(word);
  copy[0x0b] |= 0x01;
  return copy;
}

async function customerXls(): Promise<Buffer> {
  return written({ kind: 'xls', tables: [{ name: 'S', columns: CUSTOMER_COLUMNS, types: [], rows: customers(20).rows }] });
}

describe('encrypted OLE documents', () => {
  it.each(['salaries.xls', 'salaries.et', 'salaries.bin'])('%s with FILEPASS is ENCRYPTED, never public', async (name) => {
    const xls = await withStream(await customerXls(), 'Workbook', addFilePass);
    const report = await scanSource(bufferSource(name, xls), name);
    expect(report).toMatchObject({ format: 'xls', sensitivity: 'failed', error: { code: 'ENCRYPTED' } });
  });

  // Not a BIFF8 BOF, so SheetJS parsed it, and gave no sheet and no error: public (found by fuzzing).
  it('an .xls whose workbook stream starts with a damaged BOF record is CORRUPT, never public', async () => {
    const damaged = await withStream(await customerXls(), 'Workbook', (workbook) => {
      const copy = Buffer.from(workbook);
      copy.writeUInt16LE(0x0808, 0);
      return copy;
    });
    const report = await scanSource(bufferSource('customers.xls', damaged), 'customers.xls');
    expect(report).toMatchObject({ format: 'xls', sensitivity: 'failed', error: { code: 'CORRUPT', message: 'xls holds no sheet SheetJS could read' } });
  });

  it('a .doc whose FIB says encrypted is ENCRYPTED, never public', async () => {
    const doc = await converted(await written({ kind: 'odt', paragraphs: ['合同'] }), 'odt', 'doc:MS Word 97');
    const report = await scanSource(bufferSource('contract.doc', await withStream(doc, 'WordDocument', setEncrypted)), 'contract.doc');
    expect(report).toMatchObject({ format: 'doc', sensitivity: 'failed', error: { code: 'ENCRYPTED' } });
  });

  // msgreader allocates what an entry declares: this .msg of 10 KB took 2 GiB and 44 s before.
  // Each forgery: streams (the first of each name) and the size declared for each, from the file's length.
  it.each([
    ['a .msg declaring a 2 GiB attachment', 'mail.msg', [['__substg1.0_37010102', () => 0x7fffffff]]],
    ['a .msg declaring two streams of nearly the whole file each', 'mail.msg', [['__substg1.0_37010102', (n: number) => n - 64], ['__substg1.0_1000001F', (n: number) => n - 64]]],
    ['a .doc declaring a WordDocument stream of 256 MiB', 'contract.doc', [['WordDocument', () => 0x0fffffff]]],
  ] as [string, string, [string, (length: number) => number][]][])('%s (streams larger than the file) is CORRUPT, never public and never read', async (_, name, forged) => {
    const file = name.endsWith('.msg')
      ? await msgBuffer({ subject: '客户', body: `客户名单 ${customers(3, 'msg').ids.join(' ')}`, attachments: [{ name: 'list.txt', data: Buffer.alloc(6000, 0x41) }] })
      : await converted(await written({ kind: 'odt', paragraphs: [customers(3, 'doc').ids.join(' ')] }), 'odt', 'doc:MS Word 97');
    // The file as written is read, and holds resident IDs.
    expect(await scanSource(bufferSource(name, file), name)).toMatchObject({ sensitivity: 'confidential' });
    const hostile = forged.reduce((bytes, [stream, size]) => withDeclaredSize(bytes, stream, size(file.length)), file);
    const report = await scanSource(bufferSource(name, hostile), name);
    expect(report).toMatchObject({ format: 'binary', sensitivity: 'failed', error: { code: 'CORRUPT', message: 'ole container declares streams larger than the file' } });
    const zipped = await scanSource(bufferSource('old.zip', await zipBuffer([{ name, data: hostile }])), 'old.zip');
    expect(zipped).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT' } });
  });

  it('Chinese and English text is not taken for text read one byte off; ASCII in the high byte is', () => {
    const rng = new Rng('misaligned');
    const letter = Array.from({ length: 200 }, () => `${chineseName(rng)}，${address(rng)}，${residentId(rng)}，Room 5, 10/F.`).join('\n');
    expect(readMisaligned(letter)).toBe(false);
    expect(readMisaligned([...'11010519491231002X 13812345678'].map((c) => String.fromCharCode(c.charCodeAt(0) << 8)).join(''))).toBe(true);
  });

  // The piece table says where the text is, and whether each piece is 8-bit or 16-bit.
  it.each([
    // With its character positions zeroed, word-extractor read no text.
    ['gives none of the text its FIB counts', (clx: Buffer, at: number, pieces: number) => {
      for (let i = 0; i <= pieces; i++) clx.writeUInt32LE(0, at + i * 4);
    }, /^doc counts \d+ characters of text, none could be read$/],
    // A piece's text one byte further: its UTF-16 read one byte off, as characters such as U+3600.
    ['points one byte past its text', (clx: Buffer, at: number, pieces: number) => {
      for (let i = 0; i < pieces; i++) {
        const fc = at + (pieces + 1) * 4 + i * 8 + 2;
        clx.writeUInt32LE(clx.readUInt32LE(fc) + 1, fc);
      }
    }, /^doc text reads as ASCII shifted into the high byte: its piece table is damaged$/],
  ] as [string, (clx: Buffer, at: number, pieces: number) => void, RegExp][])('a .doc whose piece table %s is CORRUPT, never public', async (_, damage, message) => {
    const doc = await converted(await written({ kind: 'odt', paragraphs: [customers(3, 'doc-pieces').ids.join(' ')] }), 'odt', 'doc:MS Word 97');
    const { CFB } = (await import('@e965/xlsx')) as unknown as { CFB: CfbApi };
    const container = CFB.read(doc, { type: 'buffer' });
    const word = Buffer.from(CFB.find(container, '/WordDocument')!.content);
    // FibRgFcLcb97 ([MS-DOC] 2.5.1): after FibBase (32 bytes), the 16-bit and the 32-bit words, and its own count.
    let at = 34 + word.readUInt16LE(32) * 2;
    at += 2 + word.readUInt16LE(at) * 4 + 2;
    const table = CFB.find(container, word.readUInt16LE(10) & 0x0200 ? '/1Table' : '/0Table')!;
    const clx = Buffer.from(table.content);
    let p = word.readUInt32LE(at + 33 * 8); // fcClx
    while (clx[p] === 0x01) p += 3 + clx.readUInt16LE(p + 1); // property modifiers before the Pcdt
    damage(clx, p + 5, (clx.readUInt32LE(p + 1) - 4) / 12);
    table.content = clx;
    const damaged = Buffer.from(CFB.write(container, { type: 'buffer' }));
    const report = await scanSource(bufferSource('letter.doc', damaged), 'letter.doc');
    expect(report).toMatchObject({ format: 'doc', sensitivity: 'failed', error: { code: 'CORRUPT', message: expect.stringMatching(message) } });
  });

  // SheetJS followed such a chain until V8's heap ran out: the process aborted (found by fuzzing).
  it('an OLE file whose FAT holds a chain that loops is CORRUPT, alone and in a zip', async () => {
    const looped = withLoopedChain(await customerXls(), 'Workbook');
    const report = await scanSource(bufferSource('customers.xls', looped), 'customers.xls');
    expect(report).toMatchObject({ format: 'binary', sensitivity: 'failed', error: { code: 'CORRUPT', message: 'ole container is damaged: its FAT holds a chain that loops' } });
    const zipped = await scanSource(bufferSource('old.zip', await zipBuffer([{ name: 'customers.xls', data: looped }])), 'old.zip');
    expect(zipped).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT' } });
  });

  it.each<[string, string]>([
    ['backup.dat', 'binary'],
    ['salaries.xlsx', 'xlsx'],
    ['contract.docx', 'docx'],
  ])('an encrypted OOXML package named %s is ENCRYPTED (%s)', async (name, format) => {
    const { CFB } = (await import('@e965/xlsx')) as unknown as { CFB: CfbApi & { utils: { cfb_new(): unknown } } };
    const container = CFB.utils.cfb_new();
    CFB.utils.cfb_add(container, '/EncryptionInfo', Buffer.alloc(200, 1));
    CFB.utils.cfb_add(container, '/EncryptedPackage', Buffer.alloc(6000, 7));
    const report = await scanSource(bufferSource(name, Buffer.from(CFB.write(container, { type: 'buffer' }))), name);
    expect(report).toMatchObject({ format, sensitivity: 'failed', error: { code: 'ENCRYPTED' } });
  });

  // Found by fuzzing: an OLE file named as an OOXML package was taken for an encrypted one, unread.
  it('an .xls renamed .xlsx and a .doc renamed .docx are read as what they are', async () => {
    const xls = await scanSource(bufferSource('客户.xlsx', await customerXls()), '客户.xlsx');
    expect(xls).toMatchObject({ format: 'xls', sensitivity: 'confidential' });
    expect(xls.error).toBeUndefined();
    expect(xls.counts.cn_resident_id).toBe(20);
    const id = residentId(new Rng('renamed-doc'));
    const doc = await converted(await written({ kind: 'odt', paragraphs: [`客户 身份证号码 ${id}`] }), 'odt', 'doc:MS Word 97');
    const word = await scanSource(bufferSource('合同.docx', doc), '合同.docx');
    expect(word).toMatchObject({ format: 'doc', sensitivity: 'confidential', counts: { cn_resident_id: 1 } });
  });

  it('an OLE file of another kind (no Workbook, no WordDocument) is binary, not an error', async () => {
    const { CFB } = (await import('@e965/xlsx')) as unknown as { CFB: CfbApi & { utils: { cfb_new(): unknown } } };
    const container = CFB.utils.cfb_new();
    CFB.utils.cfb_add(container, '/PowerPoint Document', Buffer.alloc(700, 0));
    const result = await readAll(bufferSource('deck.ppt', Buffer.from(CFB.write(container, { type: 'buffer' }))));
    expect(result.format).toBe('binary');
    expect(result.thrown).toBeUndefined();
  });

  it('an OLE file of another kind is read by the strings pass, alone and as a member of a streamed tar', async () => {
    const { CFB } = (await import('@e965/xlsx')) as unknown as { CFB: CfbApi & { utils: { cfb_new(): unknown } } };
    const { ids } = customers(3, 'ppt');
    const container = CFB.utils.cfb_new();
    CFB.utils.cfb_add(container, '/PowerPoint Document', Buffer.from(`客户名单\n${ids.join('\n')}\n`, 'utf16le'));
    const ppt = Buffer.from(CFB.write(container, { type: 'buffer' }));
    const alone = await scanSource(bufferSource('deck.ppt', ppt), 'deck.ppt');
    expect(alone).toMatchObject({ format: 'binary', fallback: 'strings', sensitivity: 'confidential' });
    const tarred = await scanSource(bufferSource('decks.tar', tarBuffer([{ name: 'old/deck.ppt', data: ppt }])), 'decks.tar');
    expect(tarred).toMatchObject({ format: 'tar', fallback: 'strings', sensitivity: 'confidential' });
    expect(tarred.error).toBeUndefined();
  });

  it('an encrypted Parquet footer (PARE) is ENCRYPTED', () => {
    expect(sniffBytes(Buffer.from('PARE\x00\x00\x00\x00', 'latin1'), 'x.parquet')).toEqual({ format: 'parquet', encrypted: true });
  });
});

const CONTENT_TYPES = { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types/>' };

function odfPackage(mimetype: string, content: string): Promise<Buffer> {
  return zipBuffer([
    { name: 'mimetype', data: mimetype },
    { name: 'content.xml', data: content },
    { name: 'META-INF/manifest.xml', data: '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>' },
  ]);
}

const ODS = 'application/vnd.oasis.opendocument.spreadsheet';
const ODT = 'application/vnd.oasis.opendocument.text';
const BODY = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body>${inner}</office:body></office:document-content>`;

describe('hostile OpenDocument and PPTX packages', () => {
  it('malformed content.xml is CORRUPT', async () => {
    const report = await scanSource(bufferSource('a.odt', await odfPackage(ODT, BODY('<text:p>13812345678</text:x>'))), 'a.odt');
    expect(report).toMatchObject({ format: 'odt', sensitivity: 'failed', error: { code: 'CORRUPT' } });
  });

  it('an entity bomb is CORRUPT (DTD entities are not expanded)', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><office:document-content xmlns:office="o" xmlns:text="x"><office:body><text:p>&c;</text:p></office:body></office:document-content>`;
    const report = await scanSource(bufferSource('a.odt', await odfPackage(ODT, bomb)), 'a.odt');
    expect(report).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT' } });
  });

  it('a million repeated rows and columns come out once, not a million times', async () => {
    const rows =
      '<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>手机</text:p></table:table-cell></table:table-row>' +
      '<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="13812345678"><text:p>13812345678</text:p></table:table-cell></table:table-row>' +
      '<table:table-row><table:table-cell office:value-type="string"><text:p>end</text:p></table:table-cell></table:table-row></table:table>';
    const { format, parts } = await readAll(bufferSource('a.ods', await odfPackage(ODS, BODY(`<office:spreadsheet>${rows}</office:spreadsheet>`))));
    expect(format).toBe('ods');
    expect(parts).toEqual([
      {
        kind: 'cells',
        where: {},
        cells: [
          { sheet: 'S', ref: 'A1', text: '手机' },
          { sheet: 'S', ref: 'A2', text: '13812345678', header: '手机' },
          { sheet: 'S', ref: 'A1000002', text: 'end', header: '手机' },
        ],
      },
    ]);
  });

  it('content.xml inflating past maxRatio is LIMIT_EXCEEDED', async () => {
    const huge = BODY(`<text:p>${' '.repeat(8 * 1024 * 1024)}</text:p>`);
    const report = await scanSource(bufferSource('a.odt', await odfPackage(ODT, huge)), 'a.odt');
    expect(report).toMatchObject({ sensitivity: 'failed', error: { code: 'LIMIT_EXCEEDED' } });
  });

  it('an unknown OpenDocument kind (a drawing) is read as a plain archive', async () => {
    const result = await readAll(bufferSource('a.odg', await odfPackage('application/vnd.oasis.opendocument.graphics', BODY('<text:p>hello</text:p>'))));
    expect(result.format).toBe('zip');
    expect(result.thrown).toBeUndefined();
  });

  it('a pptx slide that is not XML is CORRUPT', async () => {
    const pptx = await zipBuffer([CONTENT_TYPES, { name: 'ppt/presentation.xml', data: '<p/>' }, { name: 'ppt/slides/slide1.xml', data: '<a:t>13812345678' }]);
    const report = await scanSource(bufferSource('a.pptx', pptx), 'a.pptx');
    expect(report).toMatchObject({ format: 'pptx', sensitivity: 'failed', error: { code: 'CORRUPT' } });
  });
});

describe('new formats inside archives', () => {
  it('a zip holding an .xls, a database and a Parquet file: each member found with its path', async () => {
    const { rows, ids } = customers(8);
    const table = { name: 'c', columns: CUSTOMER_COLUMNS, types: ['TEXT', 'TEXT', 'TEXT', 'INTEGER', 'TEXT', 'TEXT'], rows };
    const zip = await zipBuffer([
      { name: 'old/customers.xls', data: await written({ kind: 'xls', tables: [table] }) },
      { name: 'db/app.db', data: await written({ kind: 'sqlite', tables: [table] }) },
      { name: 'lake/part-0.parquet', data: await written({ kind: 'parquet', tables: [{ ...table, types: ['text', 'text', 'text', 'int', 'text', 'text'] }] }) },
      { name: 'broken.db', data: Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(2000, 0xee)]) },
    ]);
    const report = await scanSource(bufferSource('backup.zip', zip), 'backup.zip', { reveal: true, maxFindings: 0 });
    expect(report.format).toBe('zip');
    for (const entry of ['old/customers.xls', 'db/app.db', 'lake/part-0.parquet']) {
      const values = report.findings.filter((f) => f.location.entry === entry && f.type === 'cn_resident_id').map((f) => f.value).sort();
      expect(values, entry).toEqual([...ids].sort());
    }
    // The broken member is the object's error; the others were still read, and what they hold ranks first.
    expect(report).toMatchObject({ sensitivity: 'confidential', error: { code: 'CORRUPT' } });
  });
});
