import { readFileSync } from 'node:fs';
import { brotliCompressSync, deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SNIFF_BYTES, classifyZip, extensionOf, rawDeflateHead, sniffBytes, wholeBrotli } from '../../../lambdas/engine/formats/sniff.js';
import type { Format } from '../../../lambdas/engine/types.js';
import { encodeGbk, gzipBuffer, utf16Bom, utf8Bom } from '../../../synthetic/files.js';
import { customerCsv } from './backup-fixtures.js';
import { binaryFiller, noise } from './read-parts.js';
import { compress, tarBuffer } from './writers.js';

/** A ustar header with its magic and version blanked and the checksum redone: an old v7 archive. */
function v7Tar(): Buffer {
  const tar = tarBuffer([{ name: 'a.txt', data: 'a' }], 'ustar');
  tar.fill(0, 257, 265);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : tar[i];
  tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return tar;
}

const ZIP = Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1');
const EMPTY_ZIP = Buffer.from('PK\x05\x06', 'latin1');
const CFB = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');

describe('sniffBytes', () => {
  it('a small HTML table with a run of 48 control bytes overwritten is still text, an HTML page (read by the strings pass, it was public)', () => {
    const html = Buffer.from(`<table><tr><th>姓名</th><th>微信号</th></tr>${'<tr><td>王芳</td><td>wangfang_88</td></tr>'.repeat(20)}</table>`);
    html.fill(0x08, 400, 448);
    expect(sniffBytes(html, 'list.html').format).toBe('html');
    // Control bytes scattered as a binary's are (one in 16): binary, as before.
    const scattered = Buffer.from(html);
    for (let i = 0; i < scattered.length; i += 16) scattered[i] = 0x01;
    expect(sniffBytes(scattered, 'list.html').format).toBe('binary');
  });

  it.each<[string, Buffer, string, Format, boolean?]>([
    ['zip magic', ZIP, 'data.bin', 'zip'],
    ['empty zip', EMPTY_ZIP, 'empty.zip', 'zip'],
    ['zip magic wins over .csv', ZIP, 'export.csv', 'zip'],
    ['gzip magic', gzipBuffer('x'), 'a.csv.gz', 'gzip'],
    ['gzip magic without extension', gzipBuffer('x'), 'blob', 'gzip'],
    ['pdf magic', PDF, 'scan.pdf', 'pdf'],
    ['bzip2 magic', compress('x', 'bz2'), 'a.csv.bz2', 'bzip2'],
    ['bzip2 of nothing', compress('', 'bz2'), 'empty.bz2', 'bzip2'],
    ['BZh without a block is text', Buffer.from('BZh9 is not a header\n'), 'notes.txt', 'text'],
    ['xz magic', compress('x', 'xz'), 'blob', 'xz'],
    ['zstd magic', compress('x', 'zst'), 'a.zst', 'zstd'],
    ['lz4 frame magic', compress('x', 'lz4'), 'blob', 'lz4'],
    ['lz4 legacy magic', compress('x', 'lz4', ['-l']), 'a.csv.lz4', 'lz4'],
    ['zlib header', compress('x', 'zz'), 'blob', 'zlib'],
    ['Brotli, by its name (it has no signature)', compress('x', 'br'), 'a.csv.br', 'brotli'],
    ['a text that starts x^ (not zlib)', Buffer.from('x^2 + y^2 = r^2\n'), 'notes', 'text'],
    ['compress (.Z) magic', Buffer.from([0x1f, 0x9d, 0x90, 0x61, 0x00]), 'blob', 'compress'],
    ['snappy stream identifier', Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59, 0x01, 0x05, 0, 0, 0, 0, 0, 0, 0x78]), 'blob', 'snappy'],
    ['ustar', tarBuffer([{ name: 'a.txt', data: 'a' }], 'ustar'), 'backup', 'tar'],
    ['gnu tar', tarBuffer([{ name: 'a.txt', data: 'a' }], 'gnu'), 'crm.tar', 'tar'],
    ['v7 tar (no magic, checksum only)', v7Tar(), 'old.tar', 'tar'],
    ['a tar-sized block of text is not tar', Buffer.from('hello world\n'.repeat(100)), 'a.txt', 'text'],
    ['pdf magic with another name', PDF, 'scan.txt', 'pdf'],
    ['OLE named .xlsx (encrypted, or an .xls renamed): its streams decide, later', CFB, 'salaries.xlsx', 'binary'],
    ['OLE named .docx: its streams decide, later', CFB, 'contract.DOCX', 'binary'],
    ['legacy xls (OLE): its streams decide, later', CFB, 'old.xls', 'binary'],
    ['legacy doc (OLE): its streams decide, later', CFB, 'old.doc', 'binary'],
    ['sqlite magic', Buffer.from('SQLite format 3\0\x10\x00', 'latin1'), 'crm.bak', 'sqlite'],
    ['parquet magic', Buffer.from('PAR1\x15\x04', 'latin1'), 'part-0', 'parquet'],
    ['encrypted parquet footer', Buffer.from('PARE\x15\x04', 'latin1'), 'part-0.parquet', 'parquet', true],
    ['avro magic', Buffer.from('Obj\x01\x04\x14avro.codec', 'latin1'), 'events.dat', 'avro'],
    ['random bytes', noise(8192), 'photo.jpg', 'binary'],
    ['random bytes named csv', noise(8192), 'data.csv', 'binary'],
    ['control characters', Buffer.from('a\x01b\x02c\x03d\x04e\x05'.repeat(10), 'latin1'), 'x.txt', 'binary'],
    ['a few control characters in text', Buffer.from('line\x1b[31m red\x1b[0m\n'.repeat(20) + '\x07', 'latin1'), 'x.log', 'text'],
    ['utf-8 csv', Buffer.from('姓名,手机\nhello 你好,1\n'), 'a.csv', 'csv'],
    ['utf-8 BOM csv', utf8Bom('a,b\n'), 'a.CSV', 'csv'],
    ['gbk csv', encodeGbk('姓名,手机\n张三,1\n'), 'a.csv', 'csv'],
    ['utf-16le with BOM (has NULs)', utf16Bom('a\tb\n'), 'a.txt', 'text'],
    ['utf-16be with BOM tsv', utf16Bom('a\tb\n', 'be'), 'a.tsv', 'tsv'],
    ['utf-16le without BOM', Buffer.from('姓名,手机\n张三,13812345678\n', 'utf16le'), 'a.csv', 'csv'],
    ['utf-16be without BOM', Buffer.from('姓名,手机\n张三,13812345678\n', 'utf16le').swap16(), 'export', 'text'],
    ['a csv with a few stray NULs', Buffer.from(`a,b\n${'1,2\n'.repeat(200)}\0\0\0`), 'a.csv', 'csv'],
    ['many NULs', Buffer.from(`a,b\n${'1,2\0\0\n'.repeat(200)}`), 'a.csv', 'binary'],
    ['little-endian integers are not UTF-16', Buffer.from(new Uint32Array(2048).map((_, i) => i * 7).buffer), 'x.dat', 'binary'],
    ['tsv', Buffer.from('a\tb\n'), 'a.tsv', 'tsv'],
    ['tab', Buffer.from('a\tb\n'), 'a.tab', 'tsv'],
    ['json', Buffer.from('{"a":1}'), 'a.json', 'json'],
    ['jsonl', Buffer.from('{"a":1}\n{"a":2}\n'), 'a.jsonl', 'jsonl'],
    ['ndjson', Buffer.from('{"a":1}\n'), 'a.ndjson', 'jsonl'],
    ['json by content, no extension', Buffer.from('  \n[{"a":1}]'), 'export', 'json'],
    ['txt with commas stays text', Buffer.from('a,b,c\n1,2,3\n'), 'notes.txt', 'text'],
    // A table as text under another name: Excel's "Text (Tab delimited)" .txt, a system's .xls export.
    ['a tab-delimited .txt', Buffer.from('姓名\t手机\n张三\t1\n李四\t2\n王五\t3\n'), 'export.txt', 'tsv'],
    ['a CSV named .xls', Buffer.from('姓名,手机\n张三,1\n李四,2\n"王, 五",3\n'), '导出.xls', 'csv'],
    ['a pipe-delimited file without extension', Buffer.from('a|b|c\n1|2|3\n4|5|6\n'), 'export', 'csv'],
    // Its header line damaged, a stray quote in it (its delimiters counted as quoted): a CSV by its rows still.
    ['a CSV whose header line holds a stray quote, named .txt', Buffer.from(`姓名,微"信号,出生日期,护照\n${'张三,a,1,E1\n'.repeat(12)}`), 'export.txt', 'csv'],
    // Saved as "Unicode text", a byte of its header line lost: the rest one byte off until the decoder is in step again.
    ['a UTF-16 tab-delimited .txt whose header line lost a byte', ((bytes: Buffer) => Buffer.concat([bytes.subarray(0, 9), bytes.subarray(10)]))(utf16Bom(`姓名\t微信号\t出生日期\n${'zhangsan\tweixin_id8\t1990-05-03\n'.repeat(12)}`)), 'export.txt', 'tsv'],
    ['a title above a CSV, named .txt', Buffer.from(`客户信息表\n姓名,手机\n${'张三,1\n'.repeat(12)}`), 'export.txt', 'csv'],
    // A short list without a header row whose first lines are damaged (a comma lost, two lines run
    // together, a comma inserted): 17 of its 20 lines agree (read as text, its names came out public).
    ['a short CSV without a header row, 3 of its 20 lines damaged, named .txt', Buffer.from(`张三a1,E1\n张三,a,1,E1张三,a,1,E1\n张,三,a,1,E1\n${'张三,a,1,E1\n'.repeat(17)}`), 'export.txt', 'csv'],
    // Nine in ten still for one delimiter a line: 2 of 10 lines of prose without a comma stay text.
    ['prose, 8 of 10 lines with one comma, stays text', Buffer.from(`${'We shipped it, today.\n'.repeat(8)}Regards\nThe team\n`), 'notes.txt', 'text'],
    ['prose with commas stays text', Buffer.from('Dear customer, thank you.\nWe shipped it, as agreed, today.\nRegards\n'), 'notes.txt', 'text'],
    ['a log stays a log', Buffer.from('a\tb\n1\t2\n3\t4\n'), 'app.log', 'text'],
    ['text without extension', Buffer.from('hello 你好\n'), 'README', 'text'],
    ['empty object', Buffer.alloc(0), 'empty.csv', 'csv'],
  ])('%s', (_, head, name, format, encrypted) => {
    const sniffed = sniffBytes(head, name);
    expect(sniffed.format).toBe(format);
    expect(sniffed.encrypted === true).toBe(encrypted === true);
    expect(sniffed.ole === true).toBe(head === CFB);
  });
});

describe('rawDeflateHead', () => {
  const list = (rows: number) => Buffer.from(customerCsv(rows, 3).csv);

  it('a whole raw deflate object inflates to its last byte: deflate, at any size and either kind of block', () => {
    for (const rows of [1, 3, 20, 60]) {
      for (const strategy of [zlibConstants.Z_DEFAULT_STRATEGY, zlibConstants.Z_FIXED]) {
        const whole = deflateRawSync(list(rows), { strategy });
        expect(whole.length).toBeLessThanOrEqual(SNIFF_BYTES);
        expect([rows, strategy, rawDeflateHead(whole, true)]).toEqual([rows, strategy, true]);
        // Cut short, or with bytes after it: not a whole stream (the strings pass and its measure read it).
        expect(rawDeflateHead(whole.subarray(0, whole.length - 2), true)).toBe(false);
        expect(rawDeflateHead(Buffer.concat([whole, Buffer.from('tail')]), true)).toBe(false);
      }
    }
  });

  it("a longer object's head inflates without the stream ending in it: deflate; a stream that ends in it is not", () => {
    const stream = deflateRawSync(list(3000));
    expect(stream.length).toBeGreaterThan(4 * SNIFF_BYTES);
    expect(rawDeflateHead(stream.subarray(0, SNIFF_BYTES), false)).toBe(true);
    const short = deflateRawSync(list(20));
    expect(rawDeflateHead(Buffer.concat([short, noise(SNIFF_BYTES - short.length, 4)]), false)).toBe(false);
  });

  it('random bytes, structured binaries and machine code are not taken for it', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const bytes = noise(32 + (seed % 900), seed);
      expect([seed, rawDeflateHead(bytes, true)]).toEqual([seed, false]);
      expect([seed, rawDeflateHead(noise(SNIFF_BYTES, seed), false)]).toEqual([seed, false]);
    }
    expect(rawDeflateHead(binaryFiller(SNIFF_BYTES), false)).toBe(false);
    expect(rawDeflateHead(binaryFiller(600), true)).toBe(false);
    expect(rawDeflateHead(readFileSync(process.execPath).subarray(0, SNIFF_BYTES), false)).toBe(false);
    expect(rawDeflateHead(Buffer.alloc(0), true)).toBe(false);
  });
});

describe('wholeBrotli', () => {
  it('a whole Brotli object decodes to something, to its last byte; cut short or with bytes after it, it does not', () => {
    for (const rows of [1, 3, 20, 60]) {
      const whole = brotliCompressSync(Buffer.from(customerCsv(rows, 3).csv));
      expect(whole.length).toBeLessThanOrEqual(SNIFF_BYTES);
      expect([rows, wholeBrotli(whole)]).toEqual([rows, true]);
      expect(wholeBrotli(whole.subarray(0, whole.length - 2))).toBe(false);
      expect(wholeBrotli(Buffer.concat([whole, Buffer.from('tail')]))).toBe(false);
    }
    expect(wholeBrotli(brotliCompressSync(Buffer.alloc(0)))).toBe(false); // nothing in it
  });

  it('random bytes and structured binaries are not taken for it', () => {
    for (let seed = 1; seed <= 3000; seed++) expect([seed, wholeBrotli(noise(32 + (seed % 900), seed))]).toEqual([seed, false]);
    expect(wholeBrotli(binaryFiller(600))).toBe(false);
    expect(wholeBrotli(Buffer.alloc(0))).toBe(false);
  });
});

describe('classifyZip', () => {
  it.each<[string, string[], string]>([
    ['xlsx (exceljs order: workbook last)', ['[Content_Types].xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml'], 'xlsx'],
    ['docx', ['[Content_Types].xml', '_rels/.rels', 'word/document.xml'], 'docx'],
    ['pptx', ['[Content_Types].xml', 'ppt/slides/slide1.xml', 'ppt/presentation.xml'], 'pptx'],
    ['OpenDocument', ['mimetype', 'content.xml', 'styles.xml', 'META-INF/manifest.xml'], 'odf'],
    ['content.xml alone is not OpenDocument', ['content.xml', 'a.csv'], 'zip'],
    ['plain archive', ['a.csv', 'dir/', 'dir/b.txt'], 'zip'],
    ['a folder named xl is not a workbook', ['xl/data.csv'], 'zip'],
    ['empty archive', [], 'zip'],
  ])('%s', (_, names, family) => {
    expect(classifyZip(names)).toBe(family);
  });
});

describe('extensionOf', () => {
  it.each([
    ['a/b/c.CSV', 'csv'],
    ['archive.tar.gz', 'gz'],
    ['.hidden', ''],
    ['dir.d/file', ''],
    ['C:\\x\\y.xlsx', 'xlsx'],
  ])('%s -> %s', (name, extension) => {
    expect(extensionOf(name)).toBe(extension);
  });
});
