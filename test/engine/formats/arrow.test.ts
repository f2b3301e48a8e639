/**
 * Apache Arrow IPC: Feather v2 (what pandas' `to_feather` writes), IPC files and streams, written
 * by pyarrow; Feather v1 failed (OPAQUE, sealed.ts) after the strings pass. Damaged and hostile copies are
 * never public.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { SCAN_ERROR_CODES, type ScanError } from '../../../lambdas/engine/errors.js';
import { openContent } from '../../../lambdas/engine/formats/index.js';
import { DEFAULT_READ_LIMITS } from '../../../lambdas/engine/formats/source.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { ARROW_TYPE_IDS, arrowHead, decimalText, timestampText } from '../../../lambdas/engine/formats/arrow.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { bufferSource, fileSource, foundValues, noise, onlyCells, readAll } from './read-parts.js';
import { CUSTOMER_COLUMNS, PRODUCT_COLUMNS, customers, products, written, type TableSpec, type WriterSpec } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

type Container = 'feather' | 'file' | 'stream';
type Codec = 'lz4' | 'zstd' | 'none';
/** An Arrow spec of writers.ts. */
type ArrowSpec = Omit<Extract<WriterSpec, { kind: 'arrow' }>, 'kind'>;
const arrow = (spec: ArrowSpec): Promise<Buffer> => written({ kind: 'arrow', ...spec });

const CUSTOMER_KINDS = ['text', 'text', 'text', 'int', 'text', 'text'];
const PRODUCT_KINDS = ['text', 'text', 'text', 'int', 'text'];
const customerTable = (count: number, seed?: string): TableSpec => ({ name: 'c', columns: CUSTOMER_COLUMNS, types: CUSTOMER_KINDS, rows: customers(count, seed).rows });
const SMALL: TableSpec = { name: 't', columns: ['姓名', '手机号', '身份证', '照片'], types: ['text', 'int', 'int', 'bytes'], rows: [['张三', 13812345678, 110105199001011234n, '李四'], [null, null, null, null]] };
/** The cells read before the object's error, and that error. */
async function cellsBeforeError(data: Buffer): Promise<{ cells: Cell[]; error?: { code: string; message: string } }> {
  const cells: Cell[] = [];
  try {
    const { parts } = await openContent(bufferSource('c.arrow', data), DEFAULT_READ_LIMITS);
    for await (const part of parts) if (part.kind === 'cells') for await (const batch of part.cells) cells.push(...batch);
  } catch (error) {
    return { cells, error: error as ScanError };
  }
  return { cells };
}
const scan = (name: string, data: Buffer) => scanSource(bufferSource(name, data), name, { reveal: true, maxFindings: 0 });

describe('arrowHead', () => {
  it.each<[string, ArrowSpec]>([
    ['Feather v2', { tables: [SMALL] }],
    ['an IPC file', { tables: [SMALL], container: 'file' }],
    ['an IPC stream', { tables: [SMALL], container: 'stream' }],
    ['a stream as before Arrow 0.15 (no continuation marker)', { tables: [SMALL], container: 'stream', codec: 'none', legacy: true }],
  ])('knows %s', async (_, spec) => {
    const data = await arrow(spec);
    expect(arrowHead(data.subarray(0, 8192), 'x.bin')).toBe(true);
    expect(sniffBytes(data.subarray(0, 8192), 'x.bin').format).toBe('arrow');
  });

  it('a stream is known by its first message alone (a cut stream is still read as one)', async () => {
    const data = await arrow({ tables: [customerTable(50)], container: 'stream' });
    // The message table and its vtable are within the first 40 bytes; the schema's fields beyond.
    expect(arrowHead(data.subarray(0, 40), 'x')).toBe(true);
    expect(arrowHead(data.subarray(0, 12), 'x')).toBe(false);
  });

  it('does not fire on random bytes, text or other formats', () => {
    const heads: Buffer[] = [];
    for (let seed = 1; seed <= 3000; seed++) heads.push(noise(256, seed));
    // A continuation marker and a plausible length, then noise: the flatbuffer checks must refuse it.
    for (let seed = 1; seed <= 2000; seed++) heads.push(Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff, 0xa8, 0, 0, 0]), noise(248, seed + 10_000)]));
    // A small length first, as in a pre-0.15 stream or a BSON document.
    for (let seed = 1; seed <= 2000; seed++) heads.push(Buffer.concat([Buffer.from([0xa4 + 8 * (seed % 8), 0, 0, 0]), noise(252, seed + 20_000)]));
    const texts = [
      '客户编号,姓名,身份证号,手机号\nC00000001,张三,110105199001011234,13812345678\n',
      'ARROW is a library\n',
      'FEA1 feature list\n',
      '{"name":"张三","mobile":"13812345678"}',
      '\u00ff\u00ff\u00ff\u00ff not a marker',
    ].map((text) => Buffer.from(text, 'utf8'));
    const others = [Buffer.from('PAR1\x15\x00\x15\x00', 'latin1'), Buffer.from('Obj\x01\x04\x14', 'latin1'), Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'), Buffer.from('\x93NUMPY\x01\x00v\x00', 'latin1')];
    // A BSON document: int32 length, then elements.
    const bson = Buffer.from('2c000000025f6964000c00000061626364656667686a6b6c0010616765001e00000002636974790004000000626a730000', 'hex');
    const fired = [...heads, ...texts, ...others, bson].filter((head) => arrowHead(head, 'x.arrow'));
    expect(fired.length).toBe(0);
  });
});

describe('readArrow', () => {
  it('apache-arrow numbers its types as the reader expects', async () => {
    const { Type } = await import('apache-arrow');
    for (const [name, id] of Object.entries(ARROW_TYPE_IDS)) expect([name, (Type as unknown as Record<string, number>)[name]]).toEqual([name, id]);
  });

  it.each<[Container, Codec]>([
    ['feather', 'lz4'],
    ['feather', 'zstd'],
    ['feather', 'none'],
    ['file', 'lz4'],
    ['stream', 'zstd'],
    ['stream', 'none'],
  ])('%s, %s: cells with the column names as headers; int64 keeps every digit; bytes as text', async (container, codec) => {
    const data = await arrow({ tables: [SMALL], container, codec });
    const { format, parts, thrown } = await readAll(bufferSource('t.arrow', data, 7));
    expect(thrown).toBeUndefined();
    expect(format).toBe('arrow');
    expect(onlyCells(parts)).toEqual([
      { sheet: 'arrow', ref: 'A1', text: '姓名' },
      { sheet: 'arrow', ref: 'B1', text: '手机号' },
      { sheet: 'arrow', ref: 'C1', text: '身份证' },
      { sheet: 'arrow', ref: 'D1', text: '照片' },
      { sheet: 'arrow', ref: 'A2', text: '张三', header: '姓名' },
      { sheet: 'arrow', ref: 'B2', text: '13812345678', header: '手机号' },
      { sheet: 'arrow', ref: 'C2', text: '110105199001011234', header: '身份证' },
      { sheet: 'arrow', ref: 'D2', text: '李四', header: '照片' },
    ]);
  });

  it('dates, timestamps, times, decimals, uint64, structs, lists, maps, dictionaries: as text', async () => {
    const columns = ['生日', '入职', '登记时间', '登记时间(北京)', '时刻', '余额', '编号', '联系人', '标签', '属性', '城市', '备注', '次数', '比例'];
    const types = ['date32', 'date64', 'timestamp', 'timestamp_tz', 'time', 'decimal', 'uint64', 'struct', 'list', 'map', 'dictionary', 'large_string', 'int32', 'float32'];
    const rows = [
      ['1990-01-01', '1985-12-31', '2024-03-05T08:09:10.123456', '2024-03-05T08:09:10+08:00', '13:45:30.5', '-1234.50', 18446744073709551615n, { name: '张三', mobile: 13812345678 }, ['a', 'b'], { 手机: '13912345678' }, '北京', '长文本', -5, 1.5],
      Array.from(columns, () => null),
      [null, null, null, null, null, '0.07', 1, null, [], {}, '北京', null, null, null],
    ] as unknown as TableSpec['rows'];
    for (const container of ['feather', 'stream'] as const) {
      const data = await arrow({ container, tables: [{ name: 't', columns, types, rows }] });
      const cells = onlyCells((await readAll(bufferSource('t.arrow', data))).parts);
      const text = Object.fromEntries(cells.filter((cell) => cell.ref.endsWith('2') || cell.ref.endsWith('4')).map((cell) => [cell.ref, cell.text]));
      expect(text).toEqual({
        A2: '1990-01-01',
        B2: '1985-12-31',
        C2: '2024-03-05T08:09:10.123456',
        D2: '2024-03-05T00:09:10Z',
        E2: '13:45:30.500000',
        F2: '-1234.50',
        G2: '18446744073709551615',
        H2: '{"name":"张三","mobile":"13812345678"}',
        I2: '["a","b"]',
        J2: '{"手机":"13912345678"}',
        K2: '北京',
        L2: '长文本',
        M2: '-5',
        N2: '1.5',
        F4: '0.07',
        G4: '1',
        I4: '[]',
        J4: '{}',
        K4: '北京',
      });
      expect(cells.find((cell) => cell.ref === 'K4')?.header).toBe('城市');
    }
  });

  it('timestamps and decimals keep every digit', () => {
    expect(timestampText(1_709_626_150_123_456_789n, 3, true)).toBe('2024-03-05T08:09:10.123456789Z');
    expect(timestampText(-1n, 1, false)).toBe('1969-12-31T23:59:59.999');
    expect(decimalText(110105199001011234n, 0)).toBe('110105199001011234');
    expect(decimalText(-5n, 3)).toBe('-0.005');
    expect(decimalText(12n, -2)).toBe('1200');
  });

  it.each<[Container, Codec]>([
    ['feather', 'lz4'],
    ['feather', 'zstd'],
    ['feather', 'none'],
    ['file', 'zstd'],
    ['stream', 'lz4'],
    ['stream', 'none'],
  ])('%s, %s, batches of 25 rows: every ID, mobile and name found; products are public', async (container, codec) => {
    const { rows, ids, mobiles } = customers(120, 'arrow-scan');
    const table = { name: 'c', columns: CUSTOMER_COLUMNS, types: CUSTOMER_KINDS, rows };
    const data = await arrow({ container, codec, batchRows: 25, tables: [table] });
    const report = await scanSource(fileSource('export.bin', data), 'export.bin', { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format: 'arrow', sensitivity: 'confidential' });
    expect(report.error).toBeUndefined();
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(foundValues(report, 'cn_mobile')).toEqual([...mobiles].sort());
    // Names under their column header, as the same table saved as CSV.
    const csv = [CUSTOMER_COLUMNS.join(','), ...rows.map((row) => row.join(','))].join('\n');
    const csvReport = await scanSource(bufferSource('export.csv', csv), 'export.csv');
    expect(csvReport.counts.cn_name).toBeGreaterThan(100);
    expect(report.counts).toEqual(csvReport.counts);

    const safe = await arrow({ container, codec, tables: [{ name: 'p', columns: PRODUCT_COLUMNS, types: PRODUCT_KINDS, rows: products(120) }] });
    expect(await scanSource(bufferSource('stock.feather', safe), 'stock.feather')).toMatchObject({ format: 'arrow', sensitivity: 'public', counts: {} });
  });

  it.each<Container>(['stream', 'file'])('a %s as before Arrow 0.15 (no continuation markers, V4 metadata) is read whole', async (container) => {
    const { rows, ids } = customers(30, 'arrow-legacy');
    const data = await arrow({ container, codec: 'none', legacy: true, batchRows: 10, tables: [{ name: 'c', columns: CUSTOMER_COLUMNS, types: CUSTOMER_KINDS, rows }] });
    expect(data.readUInt32LE(container === 'file' ? 8 : 0)).not.toBe(0xffffffff);
    const report = await scan('c.arrow', data);
    expect(report).toMatchObject({ format: 'arrow', sensitivity: 'confidential' });
    expect(report.error).toBeUndefined();
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
  });

  it('a dictionary-encoded column (a pandas category) is resolved in every batch', async () => {
    const { rows, ids } = customers(60, 'arrow-dictionary');
    const table = { name: 'c', columns: ['姓名', '身份证号', '城市'], types: ['dictionary', 'dictionary', 'dictionary'], rows: rows.map((row, i) => [row[1], row[2], ['北京', '上海'][i % 2]]) };
    for (const container of ['feather', 'stream'] as const) {
      const report = await scan('c.feather', await arrow({ container, batchRows: 7, tables: [table] }));
      expect(report.error).toBeUndefined();
      expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    }
  });

  it('an empty table gives its column names; a table of no columns nothing', async () => {
    const empty = await arrow({ tables: [{ name: 'e', columns: ['姓名', '手机号'], types: ['text', 'int'], rows: [] }] });
    const read = await readAll(bufferSource('e.feather', empty));
    expect(read.thrown).toBeUndefined();
    expect(onlyCells(read.parts).map((cell) => cell.text)).toEqual(['姓名', '手机号']);
  });
});

describe('damaged and hostile files', () => {
  it('a file cut anywhere is CORRUPT, never public or silently short', async () => {
    for (const container of ['feather', 'stream'] as const) {
      const data = await arrow({ container, batchRows: 40, tables: [customerTable(200, 'arrow-cut')] });
      const seen = new Set<string>();
      const step = Math.max(1, Math.floor(data.length / 150));
      for (let end = 48; end < data.length; end += step) {
        const report = await scanSource(bufferSource('c.arrow', data.subarray(0, end)), 'c.arrow');
        expect(report.sensitivity).not.toBe('public');
        seen.add(`${report.format}:${report.error?.code}`);
      }
      expect([...seen]).toEqual(['arrow:CORRUPT']);
    }
  });

  it('a stream cut between two messages, before its end-of-stream marker, is CORRUPT after its cells', async () => {
    const data = await arrow({ container: 'stream', codec: 'none', tables: [customerTable(30)] });
    // The stream ends with its end-of-stream marker: FF FF FF FF 00 00 00 00.
    expect(data.subarray(-8).toString('hex')).toBe('ffffffff00000000');
    const read = await cellsBeforeError(data.subarray(0, -8));
    expect(read.error).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('end-of-stream marker') });
    expect(read.cells.filter((cell) => cell.header === '身份证号').length).toBe(30);
    // An IPC file without its footer: the same.
    const file = await arrow({ container: 'file', codec: 'none', tables: [customerTable(30)] });
    const end = file.indexOf(Buffer.from('ffffffff00000000', 'hex'), 8) + 8;
    expect((await readAll(bufferSource('c.arrow', file.subarray(0, end)))).thrown).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('footer') });
  });

  it.each<[Container, Codec]>([
    ['feather', 'lz4'],
    ['feather', 'none'],
    ['stream', 'zstd'],
  ])('%s, %s: 200 copies with 4 bytes overwritten are never public, and fail only with scan error codes', async (container, codec) => {
    const data = await arrow({ container, codec, batchRows: 20, tables: [customerTable(60, 'arrow-fuzz')] });
    let state = 0x2545f491;
    const rand = (n: number): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % n;
    };
    const levels: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const copy = Buffer.from(data);
      for (let k = 0; k < 4; k++) copy[rand(copy.length)] = rand(256);
      const report = await scanSource(bufferSource('c.feather', copy), 'c.feather');
      levels[report.sensitivity] = (levels[report.sensitivity] ?? 0) + 1;
      if (report.error !== undefined) expect(SCAN_ERROR_CODES).toContain(report.error.code);
    }
    expect(levels.public).toBeUndefined();
    expect(levels.confidential).toBeGreaterThan(0);
  });

  it("a buffer declaring a huge decompressed length is LIMIT_EXCEEDED before allocating; one that lies by a byte is CORRUPT", async () => {
    const data = await arrow({ codec: 'lz4', tables: [customerTable(50)] });
    // The first LZ4 frame of the body: its buffer's uncompressed length (int64) is just before it.
    const frame = data.indexOf(Buffer.from([0x04, 0x22, 0x4d, 0x18]));
    expect(frame).toBeGreaterThan(8);
    const declared = data.readBigInt64LE(frame - 8);
    const withLength = (length: bigint) => {
      const copy = Buffer.from(data);
      copy.writeBigInt64LE(length, frame - 8);
      return copy;
    };
    expect((await readAll(bufferSource('c.feather', withLength(1n << 40n)))).thrown?.code).toBe('LIMIT_EXCEEDED');
    expect((await readAll(bufferSource('c.feather', withLength(declared - 1n)))).thrown).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('more bytes than it declares') });
    expect((await readAll(bufferSource('c.feather', withLength(declared + 1n)))).thrown).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('it declares') });
    expect((await scanSource(bufferSource('c.feather', withLength(1n << 40n)), 'c.feather')).sensitivity).toBe('failed');
  });

  it('repeated values: a batch past maxRatio, or a body or batch too big to hold, is LIMIT_EXCEEDED', async () => {
    const rows = Array.from({ length: 40_000 }, () => ['x'.repeat(200), 'a', 'b', 1, 'c', 'd']);
    const data = await arrow({ codec: 'zstd', tables: [{ name: 'c', columns: CUSTOMER_COLUMNS, types: CUSTOMER_KINDS, rows }] });
    expect(data.length).toBeLessThan(1_000_000);
    expect((await readAll(bufferSource('bomb.feather', data), { maxRatio: 5 })).thrown?.code).toBe('LIMIT_EXCEEDED');
    expect((await readAll(bufferSource('bomb.feather', data), { maxBufferedBytes: 2 * 1024 * 1024 })).thrown?.code).toBe('LIMIT_EXCEEDED');
    const plain = await arrow({ codec: 'none', tables: [{ name: 'c', columns: CUSTOMER_COLUMNS, types: CUSTOMER_KINDS, rows }] });
    expect((await readAll(bufferSource('big.feather', plain), { maxBufferedBytes: 2 * 1024 * 1024 })).thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('body') });
    // With room enough, the same files are read whole: the limits stopped them, not the reader.
    expect((await readAll(bufferSource('bomb.feather', data), { maxRatio: 100_000 })).thrown).toBeUndefined();
    expect((await readAll(bufferSource('big.feather', plain))).thrown).toBeUndefined();
  });

  it('a footer that does not place the batches where they were read is CORRUPT', async () => {
    const data = await arrow({ container: 'file', codec: 'none', batchRows: 10, tables: [customerTable(30)] });
    // The first record batch follows the magic number and the schema message; the footer's block
    // for it is its offset (int64), its metadata length (int32 and padding) and its body length.
    const batch = 8 + 8 + data.readInt32LE(12);
    const block = Buffer.alloc(12);
    block.writeBigInt64LE(BigInt(batch), 0);
    block.writeInt32LE(8 + data.readInt32LE(batch + 4), 8);
    const footerStart = data.length - 10 - data.readInt32LE(data.length - 10);
    const at = data.indexOf(block, footerStart);
    expect(at).toBeGreaterThan(footerStart);
    expect((await readAll(bufferSource('c.arrow', data))).thrown).toBeUndefined();
    const copy = Buffer.from(data);
    copy.writeBigInt64LE(copy.readBigInt64LE(at + 16) + 8n, at + 16);
    const read = await cellsBeforeError(copy);
    expect(read.error).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('footer') });
    // Every row was read before the footer said otherwise.
    expect(read.cells.filter((cell) => cell.header === '身份证号').length).toBe(30);
  });
});

describe('Feather v1', () => {
  it('is the strings pass then OPAQUE: failed, never public', async () => {
    const v1 = await arrow({ version: 1, tables: [customerTable(40)] });
    expect(v1.subarray(0, 4).toString('latin1')).toBe('FEA1');
    const read = await readAll(bufferSource('c.feather', v1));
    expect(read.parts.map((part) => part.kind)).toEqual(['text', 'error']);
    expect(read.parts[1]).toMatchObject({ code: 'OPAQUE', message: expect.stringContaining('Feather v1') });
    const report = await scanSource(bufferSource('c.feather', v1), 'c.feather');
    expect(report.error?.code).toBe('OPAQUE');
    expect(report.sensitivity).not.toBe('public');
    const safe = await arrow({ version: 1, tables: [{ name: 'p', columns: PRODUCT_COLUMNS, types: PRODUCT_KINDS, rows: products(40) }] });
    expect(await scanSource(bufferSource('p.feather', safe), 'p.feather')).toMatchObject({ format: 'binary', sensitivity: 'failed', error: { code: 'OPAQUE' } });
    expect(arrowHead(v1, 'c.feather')).toBe(false);
  });
});
