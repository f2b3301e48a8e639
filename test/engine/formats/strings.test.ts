import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CARRY_BYTES, MIN_RUN_CHARS, MIN_UTF16_ASCII, findRuns, stringRuns } from '../../../lambdas/engine/formats/strings.js';
import { encodeGbk, zipBuffer } from '../../../synthetic/files.js';
import { address, chineseName } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { customerCsv, publicCsv, scanRevealed } from './backup-fixtures.js';
import { binaryFiller, bufferSource, noise, readAll } from './read-parts.js';
import { pptBuffer } from './writers.js';
import { ensureJavaTools } from '../../../scripts/java-tools.js';

// The Java writers' jars are fetched on a fresh clone: in a hook, with the hook's time limit, not a test's.
beforeAll(() => ensureJavaTools().then(() => undefined));

const MB = 1024 * 1024;

/** A made-up binary container: noise, a record in some encoding, noise, like a `.bak` or `.mdb`. */
function embedded(record: Buffer, seed = 3): Buffer {
  return Buffer.concat([noise(5000, seed), Buffer.from([0, 0, 0]), record, Buffer.from([0, 0]), noise(5000, seed + 1)]);
}

async function runsOf(bytes: Buffer, chunkSize: number): Promise<string> {
  let text = '';
  for await (const chunk of stringRuns(bufferSource('x', bytes, chunkSize).open() as AsyncIterable<Buffer>)) text += chunk;
  return text;
}

describe('findRuns', () => {
  it.each<[string, Buffer, string]>([
    ['ASCII', Buffer.from('hello world 13812345678'), 'hello world 13812345678'],
    ['UTF-8', Buffer.from('客户姓名 张三 13812345678'), '客户姓名 张三 13812345678'],
    ['GBK', encodeGbk('客户姓名 张三 13812345678'), '客户姓名 张三 13812345678'],
    ['UTF-16LE', Buffer.from('客户 张三 13812345678', 'utf16le'), '客户 张三 13812345678'],
    ['UTF-16BE', Buffer.from('客户 张三 13812345678', 'utf16le').swap16(), '客户 张三 13812345678'],
  ])('finds a %s run between binary bytes', (_, record, text) => {
    const { runs } = findRuns(embedded(record), true);
    expect(runs).toContain(text);
  });

  it('drops runs shorter than MIN_RUN_CHARS', () => {
    const short = 'a'.repeat(MIN_RUN_CHARS - 1);
    expect(findRuns(Buffer.from(`\0${short}\0`), true).runs).toEqual([]);
    expect(findRuns(Buffer.from(`\0${short}b\0`), true).runs).toEqual([`${short}b`]);
  });

  it('never reads 8-bit text as UTF-16', () => {
    expect(findRuns(Buffer.from('abcdefghijklmnop'), true).runs).toEqual(['abcdefghijklmnop']);
  });

  it('finds a run across every chunk edge exactly once', async () => {
    const record = Buffer.from('身份证 13812345678 end', 'utf16le');
    const bytes = embedded(record);
    for (const size of [1, 7, 4096]) {
      const text = await runsOf(bytes, size);
      expect(text.split('身份证 13812345678 end')).toHaveLength(2);
    }
  });

  it('cuts a run longer than MAX_CARRY_BYTES instead of holding it', async () => {
    const text = await runsOf(Buffer.from('x'.repeat(MAX_CARRY_BYTES + 10)), 64 * 1024);
    expect(text.replace(/\n/g, '')).toHaveLength(MAX_CARRY_BYTES + 10);
  });
});

describe('the strings pass on unknown binaries', () => {
  it.each<[string, (csv: string) => Buffer]>([
    ['UTF-8', (csv) => Buffer.from(csv)],
    ['GBK', (csv) => encodeGbk(csv)],
    ['UTF-16LE', (csv) => Buffer.from(csv, 'utf16le')],
    ['UTF-16BE', (csv) => Buffer.from(csv, 'utf16le').swap16()],
  ])('a .bak holding a %s customer list is confidential, every ID found, marked fallback', async (_, encode) => {
    const { csv, ids } = customerCsv();
    const { report, ids: found } = await scanRevealed(bufferSource('app.bak', embedded(encode(csv)), 4096));
    expect(report).toMatchObject({ format: 'binary', fallback: 'strings', sensitivity: 'confidential' });
    expect(new Set(found)).toEqual(new Set(ids));
  });

  it('a .bak of nvarchar values (UTF-16 Chinese with under MIN_UTF16_ASCII ASCII units: addresses) is read', async () => {
    const rng = new Rng('nvarchar');
    // Addresses to the house number, with two digits: two ASCII units in the row's run.
    const people = Array.from({ length: 20 }, () => {
      const home = address(rng);
      return { name: chineseName(rng), home: home.slice(0, home.indexOf('号') + 1).replace(/\d+/, '18') };
    });
    // A page of rows: a fixed-size header (ending in 0xFFFF, no text), then the row's nvarchar
    // columns. How the detectors take a name glued to an address is theirs: a name row, an address row.
    const rows = people.flatMap((p, i) => [p.name, p.home].map((value) => Buffer.concat([binaryFiller(32, i + 1), Buffer.from(value, 'utf16le')])));
    const bak = Buffer.concat([binaryFiller(4096, 7), ...rows, binaryFiller(4096, 8)]);
    expect(people.every((p) => p.home.replace(/[^\x00-\x7f]/g, '').length < MIN_UTF16_ASCII)).toBe(true);
    const { report } = await scanRevealed(bufferSource('crm.bak', bak));
    expect(report).toMatchObject({ format: 'binary', sensitivity: 'sensitive' });
    expect(report.counts.cn_address).toBe(20);
  });

  it('a PowerPoint 97-2003 .ppt (Apache POI), no reader of its own: its UTF-16 slide text is read, a name and an address under labels', async () => {
    const rng = new Rng('ppt');
    const name = chineseName(rng);
    const home = address(rng);
    const ppt = await pptBuffer([`客户姓名：${name}`, `联系地址：${home}`]);
    const { report } = await scanRevealed(bufferSource('客户拜访.ppt', ppt));
    expect(report).toMatchObject({ format: 'binary', fallback: 'strings', sensitivity: 'sensitive', counts: { cn_name: 1, cn_address: 1 } });
    expect(report.findings.map((f) => f.value).sort()).toEqual([name, home].sort());
  });

  it('a .bak without personal data stays public', async () => {
    const bak = Buffer.concat([binaryFiller(5000, 3), Buffer.from(publicCsv()), binaryFiller(5000, 4)]);
    const { report } = await scanRevealed(bufferSource('app.bak', bak));
    expect(report).toMatchObject({ format: 'binary', fallback: 'strings', sensitivity: 'public', counts: {} });
    expect(report.error).toBeUndefined();
  });

  it('the same list amid random bytes of twice its size is OPAQUE: failed, not public', async () => {
    const { report } = await scanRevealed(bufferSource('app.bak', embedded(Buffer.from(publicCsv()))));
    expect(report).toMatchObject({ format: 'binary', sensitivity: 'failed', counts: {}, error: { code: 'OPAQUE' } });
  });

  it('a header page, a customer list, then compressed pages (more customers): confidential after its text, and OPAQUE', async () => {
    const { csv, ids } = customerCsv(200);
    const compressed = deflateRawSync(Buffer.from(customerCsv(5000, 99).csv));
    const bak = Buffer.concat([binaryFiller(4096), Buffer.from(csv), binaryFiller(4096), compressed]);
    const { report, ids: found } = await scanRevealed(bufferSource('crm.bak', bak, 65536));
    expect(report).toMatchObject({ format: 'binary', sensitivity: 'confidential', error: { code: 'OPAQUE' } });
    expect(new Set(found)).toEqual(new Set(ids));
  });

  it('a binary member of a zip is read by the strings pass too', async () => {
    const { csv, ids } = customerCsv(5);
    const zip = await zipBuffer([{ name: 'db/app.mdb', data: embedded(Buffer.from(csv, 'utf16le')) }]);
    const { report, ids: found } = await scanRevealed(bufferSource('backup.zip', zip));
    expect(report).toMatchObject({ format: 'zip', fallback: 'strings', sensitivity: 'confidential' });
    expect(new Set(found)).toEqual(new Set(ids));
  });

  it.each([1, 2, 3])('random noise (8 MiB, seed %i) gives no finding, and is OPAQUE', async (seed) => {
    const { report } = await scanRevealed(bufferSource('noise.dat', noise(8 * MB, seed), MB));
    expect(report).toMatchObject({ format: 'binary', sensitivity: 'failed', counts: {}, error: { code: 'OPAQUE' } });
  });

  it('the fallback part carries the member entry and no delimiter', async () => {
    const data = Buffer.concat([binaryFiller(5000), Buffer.from('hello world again'), binaryFiller(5000)]);
    const { parts } = await readAll(bufferSource('x.zip', await zipBuffer([{ name: 'a.dat', data }])));
    expect(parts).toMatchObject([{ kind: 'text', where: { entry: 'a.dat' } }]);
    expect(parts[0]).not.toHaveProperty('delimiter');
  });
});
