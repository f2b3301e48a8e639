/**
 * BSON (mongodump's collections): every value a cell under its field's path, as the same list
 * saved as CSV reads; binary data read as files; damage CORRUPT after what was read.
 */
import { Binary, Long, serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { SCAN_ERROR_CODES } from '../../../lambdas/engine/errors.js';
import { openContent } from '../../../lambdas/engine/formats/index.js';
import { DEFAULT_READ_LIMITS } from '../../../lambdas/engine/formats/source.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { bsonHead, bsonStart, sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { RECORD_BATCH_BYTES, headerOfName } from '../../../lambdas/engine/formats/table.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { csvText, gzipBuffer, zipBuffer } from '../../../synthetic/files.js';
import { Rng } from '../../../synthetic/random.js';
import { customerCsv, labelledList } from './backup-fixtures.js';
import { binaryFiller, bufferSource, noise, readAll, type FlatPart } from './read-parts.js';
import { customers, tarBuffer } from './writers.js';

/** A document's BSON bytes. */
const bsonOf = (document: Record<string, unknown>): Buffer => Buffer.from(serialize(document));
const list = labelledList(new Rng('bson'), 20);
const [header, ...rows] = list;
const collection = (keys: readonly string[], values = rows) => Buffer.concat(values.map((row) => bsonOf(Object.fromEntries(row.map((value, i) => [keys[i], value])))));
const scan = (name: string, data: Buffer) => scanSource(bufferSource(name, data), name);
const cellsOf = (parts: readonly FlatPart[]): Cell[] => parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));

describe('a mongodump collection reads as the same list saved as CSV', async () => {
  const csv = await scanSource(bufferSource('list.csv', csvText(list)), 'list.csv');

  it.each<[string, readonly string[]]>([
    ['Chinese field names', header],
    ['English field names', ['name', 'wechat', 'birthday', 'passport', 'qq']],
    ['camel case (realName, wechatId, birthDate, passportNo, qqNumber)', ['realName', 'wechatId', 'birthDate', 'passportNo', 'qqNumber']],
  ])('%s', async (_, keys) => {
    expect(csv.counts.cn_name).toBe(20);
    const report = await scan('customers.bson', collection(keys));
    expect(report).toMatchObject({ format: 'bson', sensitivity: 'confidential', counts: csv.counts });
  });

  it('was public read by the strings pass (Chinese field names)', async () => {
    // The same bytes where the sniffer does not tell BSON (a first byte changed): the strings pass.
    const bytes = collection(header);
    bytes.writeInt32LE(0x7fffffff, 0);
    const report = await scan('customers.dat', bytes);
    expect(report.format).toBe('binary');
    expect(report.sensitivity).toBe('public');
  });
});

describe('values', () => {
  it('gives nested fields by their path, numbers and 64-bit integers as digits, a date at midnight as its date; object ids not', async () => {
    const { ids } = customers(2);
    const doc = bsonOf({
      profile: { realName: '张伟', contact: { mobile: '13812345678' }, tags: ['VIP', '老客户'] },
      idCard: Long.fromString(ids[0].replace('X', '0')),
      birthday: new Date(Date.UTC(1990, 4, 3)),
      createdAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      score: 12.5,
      active: true,
    });
    const cells = cellsOf((await readAll(bufferSource('one.bson', doc))).parts);
    expect(cells.map((cell) => [cell.header, cell.text])).toEqual([
      ['profile real Name', '张伟'],
      ['profile contact mobile', '13812345678'],
      ['profile tags', 'VIP'],
      ['profile tags', '老客户'],
      ['id Card', ids[0].replace('X', '0')],
      ['birthday', '1990-05-03'],
      ['created At', '2024-01-02T03:04:05.000Z'],
      ['score', '12.5'],
    ]);
    expect(cells[0]).toMatchObject({ sheet: 'documents', ref: 'A1' });
  });

  it('reads binary data as a file: a zip of a customer list stored in a document', async () => {
    const { csv, ids } = customerCsv(5, 21);
    const zip = await zipBuffer([{ name: 'list.csv', data: Buffer.from(csv) }]);
    const report = await scan('files.bson', bsonOf({ name: 'export', data: new Binary(zip) }));
    expect(report.counts.cn_resident_id).toBe(ids.length);
  });

  it("keeps each document's binary data when the next document is read into the same buffer", async () => {
    // Two documents of one size: the second's random bytes lie where the first's gzip lay.
    const { csv, ids } = customerCsv(5, 22);
    const gzip = await gzipBuffer(Buffer.from(csv));
    const file = Buffer.concat([bsonOf({ data: new Binary(gzip) }), bsonOf({ data: new Binary(noise(gzip.length)) })]);
    const report = await scan('files.bson', file);
    expect(report.counts.cn_resident_id).toBe(ids.length);
  });
});

describe('large documents', () => {
  // Batched by count alone, a thousand documents of MongoDB's largest size went on together: 60
  // documents of 10 MB took the CLI (tsx) to 648 MB, 421 MB handed on as they come.
  it('documents whose text passes RECORD_BATCH_BYTES are handed on without waiting for more', async () => {
    const note = 'x'.repeat(RECORD_BATCH_BYTES / 2);
    const file = Buffer.concat(Array.from({ length: 6 }, (_, i) => bsonOf({ n: i, note })));
    const notesPerBatch: number[] = [];
    for await (const part of (await openContent(bufferSource('big.bson', file), DEFAULT_READ_LIMITS)).parts) {
      if (part.kind === 'cells') for await (const batch of part.cells) notesPerBatch.push(batch.filter((cell) => cell.text === note).length);
    }
    // A note is RECORD_BATCH_BYTES of text as UTF-16: each batch ends with the document that passed it.
    expect(notesPerBatch).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe('damage and containers', () => {
  const bytes = collection(header);

  it('cut short: the documents before the cut are read, then CORRUPT', async () => {
    const report = await scan('cut.bson', bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(report.error?.code).toBe('CORRUPT');
    expect(report.error?.message).toMatch(/^BSON: document \d+ is cut short$/);
    expect(report.counts.cn_name).toBeGreaterThanOrEqual(9);
    expect(report.sensitivity).toBe('confidential');
  });

  it.each(['users', 'users.bson'])('its first document damaged (%s): the rest read from the next, then CORRUPT, never public', async (name) => {
    const damaged = Buffer.from(bytes);
    damaged.writeInt32LE(0x7fffffff, 0);
    const report = await scan(name, damaged);
    expect(report.format).toBe('bson');
    expect(report.error?.message).toMatch(/^BSON: its first \d+ bytes are no document \(damaged\); read from the first whole one$/);
    expect([report.counts.cn_name, report.counts.qq]).toEqual([19, 19]);
    expect(report.sensitivity).toBe('confidential');
  });

  it('a document whose size is out of range after good ones: CORRUPT after them', async () => {
    const report = await scan('bad.bson', Buffer.concat([bytes, Buffer.from([0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0])]));
    expect(report.error?.message).toBe('BSON: document 21 gives a size out of range');
    expect(report.counts.cn_name).toBe(20);
  });

  it.each<[string, () => Buffer]>([
    ['mongodump --gzip (users.bson.gz)', () => gzipBuffer(bytes)],
    ['a dump folder in a tar (users.bson and its metadata)', () => tarBuffer([{ name: 'dump/shop/users.metadata.json', data: Buffer.from('{"indexes":[]}') }, { name: 'dump/shop/users.bson', data: bytes }])],
  ])('%s', async (_, make) => {
    const report = await scan('backup.bin', make());
    expect(report.counts.cn_name).toBe(20);
    expect(report.counts.qq).toBe(20);
  });
});

describe('a mongodump archive (--archive): documents between its magic number and terminators', () => {
  const terminator = Buffer.from([0xff, 0xff, 0xff, 0xff]);
  const archive = () =>
    Buffer.concat([
      Buffer.from([0x6d, 0xe2, 0x99, 0x81]),
      bsonOf({ concurrent_collections: 4, version: '0.1', server_version: '7.0.2', tool_version: '100.9.4' }),
      bsonOf({ db: 'shop', collection: 'users', metadata: '{"indexes":[{"v":2,"key":{"_id":1},"name":"_id_"}]}', size: 0, type: 'collection' }),
      terminator,
      bsonOf({ db: 'shop', collection: 'users', EOF: false, CRC: Long.fromNumber(0) }),
      collection(header),
      terminator,
      bsonOf({ db: 'shop', collection: 'users', EOF: true, CRC: Long.fromNumber(12345) }),
      terminator,
    ]);

  it.each<[string, () => Buffer]>([
    ['as written', archive],
    ['gzipped (--archive --gzip)', () => gzipBuffer(archive())],
  ])('%s: read as the collection alone', async (_, make) => {
    const alone = await scan('users.bson', collection(header));
    const report = await scan('shop.archive', make());
    expect(alone.counts.cn_name).toBe(20);
    expect(report.counts).toEqual(alone.counts);
    expect(report.error).toBeUndefined();
  });

  it('is told by its magic number', () => {
    expect(sniffBytes(archive().subarray(0, 8192), 'dump').format).toBe('bson');
  });
});

describe('damaged copies (bytes overwritten, runs filled, cut short)', () => {
  it('every one is read or fails with a scan error code, never a foreign error or a hang', async () => {
    const bytes = collection(header);
    const rng = new Rng('bson-damage');
    const codes = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const copy = Buffer.from(bytes);
      if (i % 3 === 0) for (let k = 0; k < 8; k++) copy[rng.int(0, copy.length - 1)] = rng.int(0, 255);
      if (i % 3 === 1) copy.fill(rng.int(0, 255), rng.int(0, 1024), rng.int(1024, 1100));
      const result = await readAll(bufferSource('users.bson', i % 3 === 2 ? copy.subarray(0, rng.int(1, copy.length - 1)) : copy));
      for (const part of result.parts) if (part.kind === 'error') codes.add(part.code);
      if (result.thrown !== undefined) codes.add(result.thrown.code);
    }
    expect([...codes].filter((code) => !(SCAN_ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
    expect(codes.has('CORRUPT')).toBe(true);
  });
});

describe('bsonHead: which bytes are BSON, whatever their name', () => {
  it.each<[string, () => Buffer, boolean]>([
    ['a collection', () => collection(header), true],
    ['one document longer than the head', () => bsonOf({ note: 'x'.repeat(20_000), name: '张伟' }), true],
    ['a document with every kind of value', () => bsonOf({ a: 1, b: 2.5, c: 'x', d: { e: [1, 'y'] }, f: new Date(0), g: null, h: true, i: Long.fromNumber(3), j: new Binary(Buffer.from('z')), k: /re/i }), true],
    ['an empty document (no element)', () => bsonOf({}), false],
    ['text', () => Buffer.from(csvText(list)), false],
    ['random bytes', () => noise(4096, 3), false],
    ['database-like pages', () => binaryFiller(4096), false],
    ['a size that does not end in a zero byte', () => Buffer.concat([Buffer.from([12, 0, 0, 0, 2, 0x61, 0, 1, 0, 0, 0, 0x62]), Buffer.alloc(100, 1)]), false],
  ])('%s: %s', (_, make, expected) => {
    const bytes = make().subarray(0, 8192);
    expect(bsonHead(bytes)).toBe(expected);
    if (expected) expect(sniffBytes(bytes, 'users').format).toBe('bson');
  });

  it('bsonStart: the first whole document after damaged bytes, none in text or noise', () => {
    const bytes = collection(header);
    const first = bytes.readInt32LE(0);
    expect(bsonStart(Buffer.concat([Buffer.from([1, 2, 3]), bytes]).subarray(0, 8192))).toBe(3);
    const damaged = Buffer.from(bytes);
    damaged.writeInt32LE(0x7fffffff, 0);
    expect(bsonStart(damaged.subarray(0, 8192))).toBe(first);
    expect(bsonStart(Buffer.from(csvText(list)))).toBeUndefined();
    expect(bsonStart(noise(8192, 5))).toBeUndefined();
    expect(bsonStart(binaryFiller(8192))).toBeUndefined();
  });

  it('reads field names as words: snake case, camel case, paths', () => {
    expect(['bank_account', 'bankAccount', 'bank.account', 'QQ号', 'idCardNo'].map(headerOfName)).toEqual(['bank account', 'bank Account', 'bank account', 'QQ号', 'id Card No']);
  });
});
