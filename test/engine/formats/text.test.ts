import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openContent } from '../../../lambdas/engine/formats/index.js';
import {
  TEXT_CHUNK_MAX_CHARS,
  decodeText,
  detectDelimiter,
  detectEncoding,
} from '../../../lambdas/engine/formats/text.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { csvText, encodeGbk, utf16Bom, utf8Bom } from '../../../synthetic/files.js';
import { address, chineseName, mobile } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource, readAll } from './read-parts.js';
import { customerCsv, labelledList, scanRevealed, traditionalList } from './backup-fixtures.js';

// Placeholder values only: an obviously fake phone and ID-like digit strings.
const SAMPLE = csvText([
  ['姓名', '手机号', '备注'],
  ['hello 你好', '13812345678', '测试, "引号"'],
  ['𠀀 (outside the BMP)', '13800000000', 'ü é ß'],
]);

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function decodeAll(bytes: Buffer, size: number): Promise<string> {
  let text = '';
  for await (const chunk of decodeText(chunksOf(bytes, size), detectEncoding(bytes.subarray(0, 8192)))) text += chunk;
  return text;
}

describe('text decoding', () => {
  const encodings: [string, Buffer][] = [
    ['UTF-8', Buffer.from(SAMPLE, 'utf8')],
    ['UTF-8 with BOM', utf8Bom(SAMPLE)],
    ['GB18030', encodeGbk(SAMPLE)],
    ['UTF-16LE with BOM', utf16Bom(SAMPLE, 'le')],
    ['UTF-16BE with BOM', utf16Bom(SAMPLE, 'be')],
    ['UTF-16LE without BOM', Buffer.from(SAMPLE, 'utf16le')],
    ['UTF-16BE without BOM', Buffer.from(SAMPLE, 'utf16le').swap16()],
  ];

  it.each(encodings)('%s decodes to the same text', async (_, bytes) => {
    const { format, parts } = await readAll(bufferSource('people.csv', bytes));
    expect(format).toBe('csv');
    expect(parts).toEqual([{ kind: 'text', where: {}, delimiter: ',', text: SAMPLE, chunks: 1 }]);
  });

  it.each(encodings)('%s: characters split across every chunk edge stay whole', async (_, bytes) => {
    for (const size of [1, 2, 3, 5, 7]) {
      expect(await decodeAll(bytes, size)).toBe(SAMPLE);
    }
  });

  it.each([
    ['GB18030', encodeGbk],
    ['UTF-8', (text: string) => Buffer.from(text, 'utf8')],
  ])('%s whose first non-ASCII byte lies past the sniffed head', async (_, encode) => {
    const text = `${'id,value\n'.repeat(2000)}张三,13812345678\n`;
    const { parts } = await readAll(bufferSource('late.csv', encode(text), 4096));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'text', text });
  });

  it('a stray bad byte in UTF-8 becomes U+FFFD, the rest stays UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('你好'.repeat(50)), Buffer.from([0xff]), Buffer.from('再见')]);
    expect(await decodeAll(bytes, 7)).toBe(`${'你好'.repeat(50)}\uFFFD再见`);
  });

  it('a stretch of bad bytes in UTF-8 (200 overwritten) is one damage: the list stays UTF-8, its names found (decoded as GBK, garbled, they came out public)', async () => {
    const rng = new Rng('stretch');
    const bytes = Buffer.from(Array.from({ length: 30 }, (_, i) => `第${i + 1}位客户 姓名：${chineseName(rng)}\n`).join(''));
    bytes.fill(0xe7, 400, 600);
    expect(detectEncoding(bytes)).toBe('utf-8');
    const report = await scanSource(bufferSource('names.txt', bytes), 'names.txt');
    expect(report.counts.cn_name).toBeGreaterThanOrEqual(20);
  });

  it('random bytes inserted into a short UTF-8 list (28, ASCII among them) are one damage: still UTF-8, its names found (fourteen runs, it was GB18030)', async () => {
    const rng = new Rng('inserted');
    const list = Array.from({ length: 6 }, (_, i) => `第${i + 1}位客户 姓名：${chineseName(rng)}\n`).join('');
    const at = Buffer.from(list).indexOf('\n', 100);
    // Bytes over 0x7f that lead no sequence, with ASCII between them, as random bytes come.
    const noise = Buffer.from([0xf8, 0x41, 0x9a, 0x20, 0xc0, 0x31, 0x32, 0xfe, 0x7a, 0x85, 0x2c, 0xff, 0x33, 0x90, 0x44, 0xfa, 0x5f, 0x88, 0x3b, 0xf9, 0x71, 0xbf, 0x26, 0xc1, 0x60, 0x80, 0x21, 0xfc]);
    const bytes = Buffer.concat([Buffer.from(list).subarray(0, at), noise, Buffer.from(list).subarray(at)]);
    expect(detectEncoding(bytes)).toBe('utf-8');
    const report = await scanSource(bufferSource('names.txt', bytes), 'names.txt');
    expect(report.counts.cn_name).toBe(6);
  });

  it('eight bytes overwritten in the first lines of a short list (about 50 sequences, 8 runs) leave it UTF-8 (at eight sequences to a run it was GB18030, its names garbled: public)', async () => {
    const rng = new Rng('short-overwritten');
    const bytes = Buffer.from(Array.from({ length: 20 }, () => `${chineseName(rng)},${mobile(rng)}`).join('\n'));
    for (let k = 0; k < 8; k++) bytes[10 + k * 24] = 0xff;
    expect(detectEncoding(bytes)).toBe('utf-8');
    const report = await scanSource(bufferSource('names.csv', bytes), 'names.csv');
    expect(report.counts.cn_name).toBeGreaterThanOrEqual(14);
  });

  it.each<[string, (text: string) => Buffer, boolean]>([
    ['GBK', encodeGbk, false],
    ['Big5', (text) => iconv.encode(text, 'big5-hkscs'), true],
  ])('%s lists, words apart by a comma or a number, are never taken for UTF-8 (runs of bytes that are not UTF-8 end at a sequence that is)', (_, encode, traditional) => {
    const rng = new Rng('legacy-runs');
    for (let k = 0; k < 200; k++) {
      const text = Array.from({ length: 1 + (k % 7) }, () => `${chineseName(rng, { traditional })},${mobile(rng)},${chineseName(rng, { traditional })}`).join('\n');
      expect([k, detectEncoding(encode(text))]).not.toEqual([k, 'utf-8']);
    }
  });

  it.each(['le', 'be'] as const)('UTF-16%s with a byte lost in the middle (a damaged copy) reads on in step: every value after it found (read one byte off, they were nonsense)', async (endian) => {
    const csv = csvText(labelledList(new Rng('utf16-step'), 30));
    const whole = utf16Bom(csv, endian);
    const report = await scanSource(bufferSource('list.csv', Buffer.concat([whole.subarray(0, 1001), whole.subarray(1002)])), 'list.csv');
    // The row the byte was lost in, at most, is not read.
    expect(report.counts.cn_name).toBeGreaterThanOrEqual(29);
    expect(report.counts.wechat_id).toBeGreaterThanOrEqual(29);
    expect(report.counts.qq).toBeGreaterThanOrEqual(29);
  });

  it('UTF-16LE that lost its byte order mark and its first byte (a copy cut at its start) is read in step (read as BE, its ASCII was right and every name nonsense: public)', async () => {
    const csv = csvText(labelledList(new Rng('utf16-cut'), 20), '\t');
    const cut = utf16Bom(csv).subarray(3);
    expect(detectEncoding(cut)).toBe('utf-16le');
    const report = await scanSource(bufferSource('list.csv', cut), 'list.csv');
    expect(report.counts.cn_name).toBe(20);
    // UTF-16BE without its mark, Chinese and ASCII side by side, stays BE.
    expect(detectEncoding(Buffer.from(csv, 'utf16le').swap16())).toBe('utf-16be');
    expect(await decodeAll(Buffer.from(csv, 'utf16le').swap16(), 64)).toBe(csv);
  });

  it('UTF-16 Chinese with characters ending in a zero byte (一, U+4E00) decodes as it is', async () => {
    const text = `一一一一一一一 统一编号 13812345678 ${'一二三'.repeat(100)}\n`;
    expect(await decodeAll(utf16Bom(text), 7)).toBe(text);
    expect(await decodeAll(utf16Bom(text, 'be'), 4096)).toBe(text);
  });

  it.each([
    ['UTF-16LE', Buffer.from([0xff, 0xfe, 0x41, 0x00]), 'utf-16le'],
    ['UTF-16BE', Buffer.from([0xfe, 0xff, 0x00, 0x41]), 'utf-16be'],
    ['UTF-8 BOM', Buffer.from([0xef, 0xbb, 0xbf, 0x41]), 'utf-8'],
    ['ASCII', Buffer.from('abc'), 'utf-8'],
    ['UTF-8 cut mid-character', Buffer.from('你好').subarray(0, 4), 'utf-8'],
    ['GBK', encodeGbk('张三李四'), 'gb18030'],
    ['GB18030 four-byte sequence', encodeGbk('张三€𠀀'), 'gb18030'],
    ['Big5', iconv.encode(traditionalList().text, 'big5'), 'big5'],
    ['GBK customer list', encodeGbk(customerCsv(50).csv), 'gb18030'],
    ['UTF-16LE without BOM', Buffer.from('a,b\n张三', 'utf16le'), 'utf-16le'],
    ['UTF-16BE without BOM', Buffer.from('a,b\n张三', 'utf16le').swap16(), 'utf-16be'],
    ['UTF-16LE Chinese prose without BOM', Buffer.from('客户张三丰的身份证号码已经登记在案，请在三个工作日内回复。\n'.repeat(20), 'utf16le'), 'utf-16le'],
  ])('detectEncoding: %s', (_, head, encoding) => {
    expect(detectEncoding(head)).toBe(encoding);
  });
});

describe('encodings decided by content', () => {
  it.each<[string, (text: string) => Buffer]>([
    ['UTF-16LE without BOM', (text) => Buffer.from(text, 'utf16le')],
    ['UTF-16BE without BOM', (text) => Buffer.from(text, 'utf16le').swap16()],
    ['a few stray NULs', (text) => Buffer.from(text.replace('\n', '\n\0\0').replace(/\n$/, '\n\0'))],
    // Read as UTF-16 (the LE mark is UTF-16's and a NUL), or as binary, these were public.
    ['UTF-32LE with BOM', (text) => iconv.encode(text, 'utf-32le', { addBOM: true })],
    ['UTF-32BE with BOM', (text) => iconv.encode(text, 'utf-32be', { addBOM: true })],
    ['UTF-32LE without BOM', (text) => iconv.encode(text, 'utf-32le')],
    ['UTF-32BE without BOM', (text) => iconv.encode(text, 'utf-32be')],
  ])('a customer CSV in %s is read as CSV, every ID found', async (_, encode) => {
    const { csv, ids } = customerCsv();
    const { report, ids: found } = await scanRevealed(bufferSource('customers.csv', encode(csv)));
    expect(report).toMatchObject({ format: 'csv', sensitivity: 'confidential' });
    expect(report).not.toHaveProperty('fallback');
    expect(new Set(found)).toEqual(new Set(ids));
  });

  it('UTF-32 is decoded whole in any chunking (a character across chunks); without a name, a list in it is read as text', async () => {
    const { csv } = customerCsv(30);
    for (const chunk of [5, 7, 4096]) {
      const { parts } = await readAll(bufferSource('customers.csv', iconv.encode(csv, 'utf-32le', { addBOM: true }), chunk));
      expect(parts.map((part) => (part.kind === 'text' ? part.text : '')).join('')).toBe(csv);
    }
    const report = await scanSource(bufferSource('export', iconv.encode(csv, 'utf-32be')), 'export');
    expect(report.sensitivity).toBe('confidential');
  });

  it('Big5 (Hong Kong, Taiwan) is decoded, every ID found', async () => {
    const { text, ids } = traditionalList();
    const { parts } = await readAll(bufferSource('hk.csv', iconv.encode(text, 'big5')));
    expect(parts).toMatchObject([{ kind: 'text', text }]);
    const { report, ids: found } = await scanRevealed(bufferSource('hk.csv', iconv.encode(text, 'big5')));
    expect(report.sensitivity).toBe('confidential');
    expect(new Set(found)).toEqual(new Set(ids));
  });

  // Hong Kong writes Big5-HKSCS: 深水埗's 埗 and 鰂魚涌's 鰂 have lead bytes outside plain Big5's.
  // Taken for GB18030, such a list decoded to nonsense and came out public; and node's own Big5
  // decoder (ICU) gave those characters as private-use code points.
  it('a Hong Kong list in Big5-HKSCS is read as Big5, its own characters as themselves: the names and addresses of UTF-8', async () => {
    const rng = new Rng('hkscs');
    const big5 = (text: string) => iconv.encode(text, 'big5');
    const rows = Array.from({ length: 40 }, () => [chineseName(rng, { traditional: true }), address(rng, { region: 'hongkong' })])
      // The traditional names' surnames include simplified forms (`赖`) that Big5 lacks.
      .filter((row) => iconv.decode(big5(row.join()), 'big5') === row.join());
    const text = csvText([['客戶姓名', '聯絡地址'], ...rows]);
    expect(text).toMatch(/深水埗|鰂魚涌/);
    const bytes = big5(text);
    expect(detectEncoding(bytes.subarray(0, 8192))).toBe('big5');
    const { parts } = await readAll(bufferSource('hk.csv', bytes));
    expect(parts).toMatchObject([{ kind: 'text', text }]);
    const counts = async (data: Buffer) => (await scanSource(bufferSource('hk.csv', data), 'hk.csv')).counts;
    const inUtf8 = await counts(Buffer.from(text));
    expect(inUtf8).toEqual({ cn_name: rows.length, cn_address: rows.length });
    expect(await counts(bytes)).toEqual(inUtf8);
  });

  // A table saved as text under another name: read as plain text, its values had no headers (one
  // of twenty found).
  it.each<[string, string, (text: string) => Buffer]>([
    ['导出.xls', '\t', (text) => Buffer.from(text)],
    ['导出.xls', ',', encodeGbk],
    ['export.txt', '\t', (text) => utf16Bom(text)],
    ['export', ',', (text) => Buffer.from(text)],
  ])('a delimited list named %s (%j) gives what it gives as .csv', async (name, delimiter, encode) => {
    const rng = new Rng('delimited');
    const rows = [['姓名', '联系地址'], ...Array.from({ length: 20 }, () => [chineseName(rng), address(rng)])];
    const csv = await scanSource(bufferSource('list.csv', csvText(rows)), 'list.csv');
    expect(csv.counts).toEqual({ cn_name: 20, cn_address: 20 });
    const other = await scanSource(bufferSource(name, encode(csvText(rows, delimiter))), name);
    expect(other.counts).toEqual(csv.counts);
  });

  // A UTF-8 list that goes on otherwise in its first chunk (a line another system appended in GBK,
  // a damaged byte) was decoded whole as GB18030: its names and addresses became nonsense.
  it('a UTF-8 list with bytes that are not UTF-8 after its head keeps its names and addresses', async () => {
    const rng = new Rng('utf8-then-not');
    const rows = Array.from({ length: 200 }, () => [chineseName(rng), address(rng)]);
    const utf8 = Buffer.from(csvText([['姓名', '联系地址'], ...rows]));
    expect(utf8.length).toBeGreaterThan(8192);
    const clean = await scanSource(bufferSource('list.csv', utf8), 'list.csv');
    expect(clean.counts).toEqual({ cn_name: 200, cn_address: 200 });
    for (const tail of [encodeGbk('备注,已回访\n'), Buffer.from([0xff, 0x0a])]) {
      const mixed = await scanSource(bufferSource('list.csv', Buffer.concat([utf8, tail])), 'list.csv');
      expect(mixed.counts).toEqual(clean.counts);
    }
  });

  // Found by fuzzing: read as UTF-16, a customer list behind a stray mark came out public.
  it.each<[string, (text: string) => Buffer]>([
    ['UTF-8', (text) => Buffer.from(text)],
    ['GBK', encodeGbk],
  ])('a UTF-16 byte order mark before %s text is skipped: every ID found', async (_, encode) => {
    const { csv, ids } = customerCsv();
    for (const mark of [[0xff, 0xfe], [0xfe, 0xff]]) {
      const bytes = Buffer.concat([Buffer.from(mark), encode(csv)]);
      const { parts } = await readAll(bufferSource('customers.csv', bytes));
      expect(parts).toMatchObject([{ kind: 'text', text: csv }]);
      const { report, ids: found } = await scanRevealed(bufferSource('customers.csv', bytes));
      expect(report.sensitivity).toBe('confidential');
      expect(new Set(found)).toEqual(new Set(ids));
    }
  });

  it('Big5 whose first non-ASCII byte lies past the sniffed head', async () => {
    const { text } = traditionalList();
    const late = `${'id,value\n'.repeat(2000)}${text}`;
    const { parts } = await readAll(bufferSource('late.csv', iconv.encode(late, 'big5'), 4096));
    expect(parts).toMatchObject([{ kind: 'text', text: late }]);
  });
});

describe('delimiters', () => {
  it.each([
    ['a,b,c\n1;2', ','],
    ['a;b;c\n', ';'],
    ['a\tb\n', '\t'],
    ['a|b|c', '|'],
    ['"x;y",b\n', ','],
    ['single column', ','],
    // A title above the header row, or a first line damaged: the delimiter of the lines after it.
    ['客户信息表\na;b;c\n1;2;3', ';'],
    ['x|y\na;b;c\n1;2;3\n4;5;6', ';'],
    ['a;b;c\n1,5;2,5;3,5', ';'],
  ])('detectDelimiter(%j) = %j', (sample, delimiter) => {
    expect(detectDelimiter(sample)).toBe(delimiter);
  });

  it.each([
    ['x.csv', 'a;b\n1;2\n', ';'],
    ['x.tsv', 'a\tb\n', '\t'],
    ['x.txt', 'a,b\n', undefined],
    ['x.json', '{"a":1}', undefined],
  ])('%s carries delimiter %j', async (name, text, delimiter) => {
    const { parts } = await readAll(bufferSource(name, text));
    expect(parts[0]).toMatchObject({ kind: 'text' });
    expect((parts[0] as { delimiter?: string }).delimiter).toBe(delimiter);
  });
});

describe('fields padded with a space (a list written `a, b`, or padded `| a |` with no rule)', async () => {
  const list = labelledList(new Rng('padded'), 20);
  const csv = (await scanSource(bufferSource('list.csv', csvText(list)), 'list.csv')).counts;

  it.each<[string, string, string]>([
    ['a space after each comma', 'list.csv', list.map((row) => row.join(', ')).join('\n')],
    ['a space after each semicolon', 'list.csv', list.map((row) => row.join('; ')).join('\n')],
    ['tabs, each field padded', 'list.tsv', list.map((row) => row.map((value) => ` ${value} `).join('\t')).join('\n')],
    ['pipes, each field padded, not aligned, no rule line (laid out by position, cells fell under their neighbours\' headers)', 'export.txt', list.map((row) => row.map((value) => ` ${value} `).join('|')).join('\n')],
  ])('%s: the same findings as the list as a CSV (WeChat ids and birth dates, whole fields only under their headers, were unfound)', async (_, name, text) => {
    expect(Object.keys(csv).sort()).toEqual(['cn_name', 'cn_passport', 'date_of_birth', 'qq', 'wechat_id']);
    const report = await scanSource(bufferSource(name, `${text}\n`), name);
    expect(report.counts).toEqual(csv);
  });
});

describe('streaming', () => {
  const MB = 1024 * 1024;

  it.each([
    ['64 KiB input chunks', 64 * 1024],
    ['3 MiB input chunks (sliced)', 3 * MB],
  ])('a 50 MB text stream comes out in bounded chunks (%s)', async (_, inputChunk) => {
    const line = Buffer.from('placeholder 张三, 13812345678, hello 你好\n');
    const block = Buffer.alloc(inputChunk);
    for (let offset = 0; offset < inputChunk; offset += line.length) line.copy(block, offset);
    const total = 50 * MB;
    const source = {
      name: 'big.txt',
      async *open() {
        for (let sent = 0; sent < total; sent += block.length) yield block.subarray(0, Math.min(block.length, total - sent));
      },
    };
    const { parts } = await openContent(source);
    let chunks = 0;
    let longest = 0;
    let bytes = 0;
    for await (const part of parts) {
      if (part.kind !== 'text') continue;
      for await (const chunk of part.chunks) {
        chunks += 1;
        longest = Math.max(longest, chunk.length);
        bytes += Buffer.byteLength(chunk, 'utf8');
      }
    }
    expect(chunks).toBeGreaterThan(1);
    expect(longest).toBeLessThanOrEqual(TEXT_CHUNK_MAX_CHARS);
    expect(bytes).toBe(total);
  });

  it('an empty file is one text part without text', async () => {
    const { format, parts } = await readAll(bufferSource('empty.txt', Buffer.alloc(0)));
    expect(format).toBe('text');
    expect(parts).toEqual([{ kind: 'text', where: {}, text: '', chunks: 0 }]);
  });

  it('a source that fails mid-stream is READ_FAILED without its message', async () => {
    const source = {
      name: 'secret-name.txt',
      async *open() {
        yield Buffer.from('x'.repeat(10_000));
        throw new Error('socket hang up reading secret-name.txt');
      },
    };
    const result = await readAll(source);
    expect(result.thrown?.code).toBe('READ_FAILED');
    expect(result.thrown?.message).not.toContain('secret');
  });

  it('a source that cannot be opened rejects with READ_FAILED', async () => {
    const source = {
      name: 'gone.txt',
      open(): AsyncIterable<Uint8Array> {
        throw Object.assign(new Error("ENOENT: no such file, open 'gone.txt'"), { code: 'ENOENT' });
      },
    };
    await expect(openContent(source)).rejects.toMatchObject({ name: 'ScanError', code: 'READ_FAILED', message: 'could not open object (ENOENT)' });
  });
});
