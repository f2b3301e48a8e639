/**
 * Redis RDB files (`dump.rdb`), written by Redis itself (redis-dumps.ts): every key and value a
 * cell, a hash's values under its fields' names, as the same list saved as CSV reads; integers and
 * LZF strings read; damage CORRUPT after what was read. The encodings Redis 7 no longer writes
 * (ziplists, zipmaps) are built here field by field from Redis's own layout.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Crc64, VALUE_MAX_BYTES, intsetEntries, keyWords, listpackEntries, lzfDecompress, zipmapEntries, ziplistEntries } from '../../../lambdas/engine/formats/redis.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { csvText } from '../../../synthetic/files.js';
import { mobile, residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { labelledList, scanRevealed } from './backup-fixtures.js';
import { bufferSource, readAll, type FlatPart } from './read-parts.js';
import { redisDump } from './redis-dumps.js';

const list = labelledList(new Rng('redis'), 20);
const [header, ...rows] = list;
const hset = (key: string, fields: readonly string[], values: readonly string[]) => `HSET ${key} ${values.map((value, i) => `${fields[i]} "${value}"`).join(' ')}`;
const cellsOf = (parts: readonly FlatPart[]) => parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));

describe('a Redis dump of customers as hashes reads as the same list saved as CSV', async () => {
  const csv = await scanSource(bufferSource('list.csv', csvText(list)), 'list.csv');

  it.each<[string, readonly string[]]>([
    ['Chinese field names', header],
    ['English field names', ['name', 'wechat', 'birthday', 'passport', 'qq']],
    ['camel case (realName, wechatId, birthDate, passportNo, qqNumber)', ['realName', 'wechatId', 'birthDate', 'passportNo', 'qqNumber']],
  ])('%s', async (_, fields) => {
    expect(csv.counts.cn_name).toBe(20);
    const { rdb } = await redisDump(rows.map((row, i) => hset(`customer:${1000 + i}`, fields, row)));
    expect(sniffBytes(rdb, 'dump.rdb')).toEqual({ format: 'redis' });
    const report = await scanSource(bufferSource('dump.rdb', rdb), 'dump.rdb');
    expect(report).toMatchObject({ format: 'redis', sensitivity: csv.sensitivity, counts: csv.counts });
    expect(report.error).toBeUndefined();
  });
});

describe('values Redis stores as integers or compresses', async () => {
  const rng = new Rng('redis-types');
  const ids = Array.from({ length: 330 }, () => residentId(rng));
  const mobiles = Array.from({ length: 300 }, () => mobile(rng));
  const commands = [
    // Small hashes (listpacks): an ID without its X is stored as a 64-bit integer.
    ...ids.slice(0, 100).map((id, i) => `HSET user:${i} name "张伟" idcard ${id} mobile ${mobiles[i]}`),
    // JSON of a session: a string over 20 bytes, LZF-compressed; one expires.
    ...ids.slice(100, 150).map((id, i) => `SET session:${i} '${JSON.stringify({ uid: i, idcard: id, phone: mobiles[100 + i] })}'`),
    'EXPIRE session:0 86400',
    // A list (a quicklist of listpacks), a set of integers (an intset), a set of strings.
    `RPUSH recent:calls ${mobiles.slice(150, 200).join(' ')}`,
    `SADD blocked:phones ${mobiles.slice(200, 220).join(' ')}`,
    `SADD vip:ids ${ids.slice(150, 170).map((id) => `id-${id}`).join(' ')}`,
    // Sorted sets: a small one (a listpack) and one over 128 members (a skiplist).
    `ZADD rank:small ${ids.slice(170, 180).map((id, i) => `${i} ${id}`).join(' ')}`,
    `ZADD rank:large ${ids.slice(180, 330).map((id, i) => `${i}.5 ${id}`).join(' ')}`,
    // A hash of over 128 fields (a hash table), and one keyed by phone numbers.
    `HSET profile:big ${Array.from({ length: 130 }, (_, i) => `attr${String.fromCharCode(97 + (i % 26))}${'x'.repeat(Math.floor(i / 26))} v${i}`).join(' ')} idcard ${ids[0]}`,
    `HSET uid_by_phone ${mobiles.slice(220, 240).map((m, i) => `${m} ${i}`).join(' ')}`,
    // A stream with a consumer group, a consumer and pending entries; entries with other fields.
    ...mobiles.slice(240, 260).map((m) => `XADD events * type login mobile ${m}`),
    `XADD events * kind signup phone ${mobiles[260]} note first`,
    'XGROUP CREATE events audit 0',
    'XREADGROUP GROUP audit worker-1 COUNT 5 STREAMS events >',
    // Another database.
    'SELECT 1',
    `SET other:contact ${mobiles[261]}`,
    // A value the application gzipped (bytes that are not UTF-8): a file, read as one.
    `SET cache:export "${[...gzipSync(`身份证号,手机\n${ids[0]},${mobiles[262]}\n`)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}"`,
    // And one it compressed with zlib (Python's zlib.compress, PHP's gzcompress).
    `SET cache:profile "${[...deflateSync(JSON.stringify({ phone: mobiles[263] }))].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}"`,
  ];
  const { rdb, version } = await redisDump(commands);

  it(`every resident ID and mobile is found, under its key or field (Redis ${version})`, async () => {
    const { report, ids: found } = await scanRevealed(bufferSource('dump.rdb', rdb));
    expect(report).toMatchObject({ format: 'redis', sensitivity: 'confidential' });
    expect(report.error).toBeUndefined();
    expect(new Set(found)).toEqual(new Set(ids));
    const phones = new Set(report.findings.filter((f) => f.type === 'cn_mobile').map((f) => f.value));
    // The last two only in the gzipped and the zlib value.
    expect(phones).toEqual(new Set(mobiles.slice(0, 264)));
    expect(report.findings.find((f) => f.value === mobiles[262])?.location.entry).toMatch(/^keys\/[A-Z]+\d+\//);
  });

  it('read by the strings pass (its first byte changed), a quarter of them were not', async () => {
    const damaged = Buffer.from(rdb);
    damaged[0] = 0x72;
    const { report, ids: found } = await scanRevealed(bufferSource('dump.bin', damaged));
    expect(report.format).toBe('binary');
    expect(new Set(found).size).toBeLessThan(ids.length * 0.75);
  });

  it('keys are cells under `key`, values under their fields or the key\'s words, and no header holds a digit', async () => {
    const cells = cellsOf((await readAll(bufferSource('dump.rdb', rdb))).parts);
    expect(cells.filter((c) => c.header === 'key').map((c) => c.text)).toContain('uid_by_phone');
    expect(cells.find((c) => c.text === ids[1])).toMatchObject({ sheet: 'keys', header: 'idcard' });
    expect(cells.find((c) => c.text === mobiles[150])).toMatchObject({ header: 'recent calls' });
    expect(cells.find((c) => c.text === mobiles[220])).toMatchObject({ header: 'field' });
    expect(cells.find((c) => c.text === mobiles[241])).toMatchObject({ header: 'mobile' });
    expect(cells.find((c) => c.text === mobiles[261])).toMatchObject({ header: 'other contact' });
    expect(cells.filter((c) => /\d/.test(c.header ?? ''))).toEqual([]);
  });

  it('a dump cut short, its checksum not matching, or an end marker over its first key is CORRUPT after the keys before', async () => {
    const cut = await scanSource(bufferSource('dump.rdb', rdb.subarray(0, rdb.length >> 1)), 'dump.rdb');
    expect(cut).toMatchObject({ sensitivity: 'confidential', error: { code: 'CORRUPT', message: 'Redis RDB: the file is cut short' } });
    expect(cut.counts.cn_resident_id).toBeGreaterThan(50);
    // A byte of a value changed: the value reads, the checksum does not match.
    const changed = Buffer.from(rdb);
    const at = changed.indexOf(Buffer.from('张伟'));
    changed[at + 3] ^= 1;
    expect((await scanSource(bufferSource('dump.rdb', changed), 'dump.rdb')).error).toMatchObject({ code: 'CORRUPT', message: 'Redis RDB: its CRC64 does not match its bytes (damaged)' });
    // The end marker where the first database's selector is (SELECTDB 0, then RESIZEDB: the aux
    // fields before it hold times whose bytes may be anything): nothing read, and bytes after it.
    const ended = Buffer.from(rdb);
    const select = ended.indexOf(Buffer.from([0xfe, 0x00, 0xfb]), 9);
    expect(select).toBeGreaterThan(9);
    ended[select] = 0xff;
    expect(await scanSource(bufferSource('dump.rdb', ended), 'dump.rdb')).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT' } });
    expect(() => lzfDecompress(Buffer.from([0x01, 0x61, 0x62, 0x20, 0x05]), 8)).toThrow('an LZF string does not decode to its length');
  });

  it("Redis's own CRC64 check value", () => {
    const crc = new Crc64();
    crc.update(Buffer.from('123456789'));
    expect(crc.digest()).toBe(0xe9c6d914c4b8d9can);
  });

  // A damaged dump holds the IDs of its other keys: confidential, or failed; never public.
  it('every 4-byte overwrite at 96 seeded places is confidential or failed, never public', async () => {
    const rng = new Rng('rdb-overwrite');
    const seen = new Set<string>();
    for (let n = 0; n < 96; n++) {
      const damaged = Buffer.from(rdb);
      damaged.writeUInt32LE(rng.pick([0xffffffff, 0x7fffffff, 0, 0x00ffffff]), n < 16 ? n : rng.int(16, rdb.length - 4));
      seen.add((await scanSource(bufferSource('dump.rdb', damaged), 'dump.rdb')).sensitivity);
    }
    expect([...seen].filter((s) => s !== 'confidential' && s !== 'failed')).toEqual([]);
  });
});

describe('a value too long to hold', () => {
  it.each([
    ['LZF-compressed (the default)', 'yes'],
    ['stored as it is (rdbcompression no)', 'no'],
  ])('a string over VALUE_MAX_BYTES, %s, is passed over and the keys after it read, then LIMIT_EXCEEDED', async (_, compression) => {
    const rng = new Rng('redis-long');
    const id = residentId(rng);
    const { rdb } = await redisDump([
      `CONFIG SET rdbcompression ${compression}`,
      `EVAL "return redis.call('SET', KEYS[1], string.rep('0123456789abcdef', ${VALUE_MAX_BYTES / 16 + 1}))" 1 export:blob`,
      // In the next database: saved after the long value, whatever the order of keys in one.
      'SELECT 1',
      `HSET user:1 name "王芳" idcard ${id}`,
    ]);
    const { report, ids: found } = await scanRevealed(bufferSource('dump.rdb', rdb));
    expect(found).toEqual([id]);
    expect(report).toMatchObject({ sensitivity: 'confidential', error: { code: 'LIMIT_EXCEEDED', message: expect.stringContaining('1 value(s) longer than') } });
  });
});

describe('encodings Redis 7 reads but no longer writes, built from its layout', () => {
  it('a ziplist: strings of each length encoding, integers of each width, immediates', () => {
    const entry = (encoded: number[]) => [0x00, ...encoded];
    const long = 'x'.repeat(70);
    const body = [
      ...entry([0x05, ...Buffer.from('hello')]),
      ...entry([0x40, 70, ...Buffer.from(long)]),
      ...entry([0x80, 0, 0, 0, 3, ...Buffer.from('abc')]),
      ...entry([0xc0, 0x34, 0x12]),
      ...entry([0xd0, 0x78, 0x56, 0x34, 0x12]),
      ...entry([0xe0, 0x4e, 0x26, 0xd8, 0x8c, 0x1f, 0x00, 0x00, 0x00]),
      ...entry([0xf0, 0xff, 0xff, 0xff]),
      ...entry([0xfe, 0x80]),
      ...entry([0xf1]),
      ...entry([0xfd]),
    ];
    const zl = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 10, 0, ...body, 0xff]);
    expect(ziplistEntries(zl).map(String)).toEqual(['hello', long, 'abc', '4660', '305419896', '135506961998', '-1', '-128', '0', '12']);
    expect(() => ziplistEntries(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x00, 0x05, 0x61, 0xff]))).toThrow('a ziplist entry is cut short');
  });

  it('a zipmap (a hash before Redis 2.6), a listpack of each encoding, intsets of each width', () => {
    const zm = Buffer.from([2, 6, ...Buffer.from('mobile'), 11, 0, ...Buffer.from('13812345678'), 4, ...Buffer.from('name'), 2, 1, ...Buffer.from('ab'), 0x00, 0xff]);
    expect(zipmapEntries(zm).map(String)).toEqual(['mobile', '13812345678', 'name', 'ab']);
    const lp = (entries: number[][]) => {
      const body = entries.flatMap((encoded) => [...encoded, encoded.length]);
      return Buffer.from([0, 0, 0, 0, entries.length, 0, ...body, 0xff]);
    };
    expect(
      listpackEntries(lp([[0x05], [0x83, 0x61, 0x62, 0x63], [0xdf, 0xff], [0xf1, 0x00, 0x80], [0xf2, 0x00, 0x00, 0x80], [0xf3, 0x01, 0, 0, 0], [0xf4, 0x4e, 0x26, 0xd8, 0x8c, 0x1f, 0, 0, 0]])).map(String),
    ).toEqual(['5', 'abc', '-1', '-32768', '-8388608', '1', '135506961998']);
    const intset = (width: number, values: bigint[]) => {
      const head = Buffer.alloc(8);
      head.writeUInt32LE(width, 0);
      head.writeUInt32LE(values.length, 4);
      const body = Buffer.alloc(width * values.length);
      values.forEach((v, i) => (width === 2 ? body.writeInt16LE(Number(v), i * 2) : width === 4 ? body.writeInt32LE(Number(v), i * 4) : body.writeBigInt64LE(v, i * 8)));
      return Buffer.concat([head, body]);
    };
    expect(intsetEntries(intset(2, [-5n, 7n])).map(String)).toEqual(['-5', '7']);
    expect(intsetEntries(intset(4, [100_000n])).map(String)).toEqual(['100000']);
    expect(intsetEntries(intset(8, [13812345678n])).map(String)).toEqual(['13812345678']);
    expect(() => intsetEntries(intset(8, [1n]).subarray(0, 12))).toThrow('an intset holds other than its length says');
  });

  it("a key's words: its parts without digits", () => {
    expect(keyWords('user:1001:phone')).toBe('user phone');
    expect(keyWords('session:abc123')).toBe('session');
    expect(keyWords('13812345678')).toBe('');
  });
});
