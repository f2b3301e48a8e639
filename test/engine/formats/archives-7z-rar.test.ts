/**
 * 7z (Debian's 7-Zip writes the fixtures) and RAR (a RAR 4 writer of stored files, writers.ts:
 * no RAR writer exists in Debian or on PyPI), around synthetic customer lists.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openContent } from '../../../lambdas/engine/formats/index.js';
import { parseListing } from '../../../lambdas/engine/formats/sevenzip.js';
import { DEFAULT_READ_LIMITS } from '../../../lambdas/engine/formats/source.js';
import { Rng } from '../../../synthetic/random.js';
import { zipBuffer } from '../../../synthetic/files.js';
import { customerCsv, publicCsv, scanRevealed } from './backup-fixtures.js';
import { bufferSource, fileSource, readAll, withTemporaryFolder } from './read-parts.js';
import { compress, rarBuffer, sevenZipBuffer, tarBuffer } from './writers.js';

const { csv, ids } = customerCsv();
const MB = 1024 * 1024;

describe('7z', () => {
  const archive = (): Buffer =>
    sevenZipBuffer([
      { name: 'crm/2023/customers.csv', data: csv },
      { name: 'crm/readme.txt', data: 'exported 2023' },
    ]);

  it.each([
    ['from a buffer', () => bufferSource('crm.7z', archive(), 1000)],
    ['from a path', () => fileSource('crm.7z', archive())],
  ])('a 7z holding customers is confidential, every ID found (%s)', async (_, source) => {
    const { report, ids: found } = await scanRevealed(source());
    expect(report).toMatchObject({ format: '7z', sensitivity: 'confidential' });
    expect(report.error).toBeUndefined();
    expect(new Set(found)).toEqual(new Set(ids));
    expect(report.findings[0].location.entry).toBe('crm/2023/customers.csv');
  });

  it('the same 7z without personal data stays public', async () => {
    const { report } = await scanRevealed(bufferSource('p.7z', sevenZipBuffer([{ name: 'products.csv', data: publicCsv() }])));
    expect(report).toMatchObject({ format: '7z', sensitivity: 'public', counts: {} });
    expect(report.error).toBeUndefined();
  });

  it('an encrypted file is ENCRYPTED, never public', async () => {
    const { parts } = await readAll(bufferSource('e.7z', sevenZipBuffer([{ name: 'customers.csv', data: csv }], { password: 'secret' })));
    expect(parts).toMatchObject([{ kind: 'error', where: { entry: 'customers.csv' }, code: 'ENCRYPTED' }]);
    const { report } = await scanRevealed(bufferSource('e.7z', sevenZipBuffer([{ name: 'customers.csv', data: csv }], { password: 'secret' })));
    expect(report).toMatchObject({ sensitivity: 'failed', error: { code: 'ENCRYPTED' } });
  });

  it("7-Zip's exit code on errors does not become the process's", async () => {
    process.exitCode = undefined;
    const { parts } = await readAll(bufferSource('e.7z', sevenZipBuffer([{ name: 'a.csv', data: csv }], { password: 'secret' })));
    expect(parts).toMatchObject([{ code: 'ENCRYPTED' }]);
    expect(process.exitCode).toBeUndefined();
  });

  it('encrypted headers are ENCRYPTED for the whole archive', async () => {
    const result = await readAll(bufferSource('h.7z', sevenZipBuffer([{ name: 'customers.csv', data: csv }], { password: 'secret', encryptHeaders: true })));
    expect(result).toMatchObject({ format: '7z', parts: [], thrown: { code: 'ENCRYPTED' } });
  });

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ['garbage after the magic', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, 6), Buffer.alloc(200, 0x41)])],
  ])('a %s 7z is CORRUPT, never public', async (_, damage) => {
    const { report } = await scanRevealed(bufferSource('bad.7z', damage(sevenZipBuffer([{ name: 'customers.csv', data: csv.repeat(20) }]))));
    expect(report.sensitivity).toBe('failed');
    expect(report.error?.code).toBe('CORRUPT');
  });

  it('a 7z bomb is LIMIT_EXCEEDED from its declared sizes, before extracting', async () => {
    const bomb = sevenZipBuffer([{ name: 'zeros.bin', data: Buffer.alloc(64 * MB) }]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const result = await readAll(bufferSource('bomb.7z', bomb));
    expect(result.thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxRatio') });
  });

  it('a file over maxBufferedBytes is read too, extracted on its own to a temporary file', async () => {
    const big = csv.repeat(100);
    const bytes = sevenZipBuffer([
      { name: 'a-big.csv', data: big },
      { name: 'b.txt', data: 'small' },
    ]);
    const { parts, thrown } = await readAll(bufferSource('x.7z', bytes), { maxBufferedBytes: csv.length * 50 });
    expect(thrown).toBeUndefined();
    expect(parts).toMatchObject([
      { kind: 'text', where: { entry: 'a-big.csv' } },
      { kind: 'text', where: { entry: 'b.txt' }, text: 'small' },
    ]);
    expect(parts[0].kind === 'text' && parts[0].text === big).toBe(true);
  });

  it('a solid archive of many files, empty ones and Chinese names among them, comes out file by file, each whole', async () => {
    const rng = new Rng(3);
    const members = Array.from({ length: 40 }, (_, i) => ({
      name: `客户/第${String(i).padStart(2, '0')}批.txt`,
      data: i % 7 === 3 ? '' : `${rng.digits(rng.int(1, 4000))}\n`,
    }));
    const { parts, thrown } = await readAll(bufferSource('many.7z', sevenZipBuffer(members)));
    expect(thrown).toBeUndefined();
    // in the archive's order (7-Zip lists empty files first)
    const read = new Map(parts.map((part) => [part.where.entry, part.kind === 'text' ? part.text : part.kind]));
    expect(read).toEqual(new Map(members.map((m) => [m.name, m.data])));
    expect(parts).toHaveLength(members.length);
  });

  it('a file whose data is damaged is CORRUPT; the files beside it are read, one at a time', async () => {
    const archive = sevenZipBuffer(
      [
        { name: 'a.csv', data: csv },
        { name: 'b.txt', data: 'intact' },
      ],
      { stored: true },
    );
    const at = archive.indexOf(Buffer.from(csv.slice(0, 40)));
    expect(at).toBeGreaterThan(0);
    archive.fill(0x30, at + 100, at + 120);
    const { parts, thrown } = await readAll(bufferSource('d.7z', archive));
    expect(thrown).toBeUndefined();
    expect(parts).toMatchObject([
      { kind: 'error', where: { entry: 'a.csv' }, code: 'CORRUPT' },
      { kind: 'text', where: { entry: 'b.txt' }, text: 'intact' },
    ]);
  });

  it('declared sizes over maxTotalBytes are LIMIT_EXCEEDED before extracting', async () => {
    const result = await readAll(bufferSource('t.7z', sevenZipBuffer([{ name: 'a.csv', data: csv }])), { maxTotalBytes: csv.length - 1 });
    expect(result).toMatchObject({ parts: [], thrown: { code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxTotalBytes') } });
  });

  it('leaves nothing in the temporary folder, read to the end or stopped early', async () => {
    const archive = sevenZipBuffer([
      { name: 'a.csv', data: csv },
      { name: 'b.csv', data: csv },
    ]);
    await withTemporaryFolder(async (scratch) => {
      await readAll(bufferSource('a.7z', archive));
      expect(readdirSync(scratch)).toEqual([]);
      const { parts } = await openContent(bufferSource('a.7z', archive), DEFAULT_READ_LIMITS);
      for await (const part of parts) {
        // extracted in one run: both members' files are there while the first is read
        expect(part.where.entry).toBe('a.csv');
        const folders = readdirSync(scratch);
        expect(folders).toHaveLength(1);
        expect(readdirSync(join(scratch, folders[0])).sort()).toEqual(['m0', 'm1']);
        break;
      }
      expect(readdirSync(scratch)).toEqual([]);
    });
  });

  it('maxDepth: a 7z in a 7z in a 7z, the one too deep is an error part', async () => {
    let inner = sevenZipBuffer([{ name: 'deep.csv', data: csv }]);
    for (let level = 0; level < 2; level++) inner = sevenZipBuffer([{ name: `level${level}.7z`, data: inner }]);
    expect(new Set((await scanRevealed(bufferSource('top.7z', inner))).ids)).toEqual(new Set(ids));
    const deep = await readAll(bufferSource('top.7z', inner), { maxDepth: 2 });
    expect(deep.parts).toMatchObject([{ kind: 'error', code: 'LIMIT_EXCEEDED', where: { entry: 'level1.7z/level0.7z' } }]);
  });

  it('parseListing keeps files, drops folders, reads the encrypted flag', () => {
    const lines = ['Path = a.7z', 'Type = 7z', '', '----------', 'Path = d', 'Folder = +', 'Size = 0', '', 'Path = d/a b.csv', 'Folder = -', 'Size = 18', 'Encrypted = +', 'CRC = 0A1B2C3D', '', 'Path = e', 'Size = 0', 'CRC = ', ''];
    expect(parseListing(lines)).toEqual([
      { path: 'd/a b.csv', size: 18, encrypted: true, crc: 0x0a1b2c3d },
      { path: 'e', size: 0, encrypted: false },
    ]);
  });
});

describe('rar', () => {
  it('a RAR holding customers is confidential, every ID found; inside a zip and around a tar.gz too', async () => {
    const tgz = compress(tarBuffer([{ name: 'more.csv', data: csv }]), 'gz');
    const rar = rarBuffer([
      { name: 'crm/customers.csv', data: csv },
      { name: 'crm/old.tgz', data: tgz },
    ]);
    const { report, ids: found } = await scanRevealed(bufferSource('crm.rar', rar));
    expect(report).toMatchObject({ format: 'rar', sensitivity: 'confidential', counts: { cn_resident_id: 2 * ids.length } });
    expect(new Set(found)).toEqual(new Set(ids));
    const zipped = await scanRevealed(bufferSource('all.zip', await zipBuffer([{ name: '备份/crm.rar', data: rar }])));
    expect(zipped.report.findings[0].location.entry).toBe('备份/crm.rar/crm/customers.csv');
  });

  it('a RAR inside a RAR is read, and the outer one goes on after it', async () => {
    const inner = rarBuffer([{ name: 'in1.txt', data: 'inner one' }, { name: 'in2.csv', data: csv }]);
    const outer = rarBuffer([{ name: 'a.txt', data: 'outer a' }, { name: 'inner.rar', data: inner }, { name: 'b.txt', data: 'outer b' }]);
    const { parts, thrown } = await readAll(bufferSource('o.rar', outer));
    expect(thrown).toBeUndefined();
    expect(parts.map((part) => [part.kind, part.where.entry])).toEqual([
      ['text', 'a.txt'],
      ['text', 'inner.rar/in1.txt'],
      ['text', 'inner.rar/in2.csv'],
      ['text', 'b.txt'],
    ]);
    expect(parts[3]).toMatchObject({ text: 'outer b' });
  });

  it('the same RAR without personal data stays public', async () => {
    const { report } = await scanRevealed(bufferSource('p.rar', rarBuffer([{ name: 'products.csv', data: publicCsv() }])));
    expect(report).toMatchObject({ format: 'rar', sensitivity: 'public', counts: {} });
    expect(report.error).toBeUndefined();
  });

  it('an encrypted file is ENCRYPTED and the others are read', async () => {
    const { parts } = await readAll(bufferSource('m.rar', rarBuffer([
      { name: 'secret.csv', data: csv, encrypted: true },
      { name: 'open.txt', data: 'hello' },
    ])));
    expect(parts).toMatchObject([
      { kind: 'error', where: { entry: 'secret.csv' }, code: 'ENCRYPTED' },
      { kind: 'text', where: { entry: 'open.txt' }, text: 'hello' },
    ]);
  });

  it('encrypted headers are ENCRYPTED for the whole archive', async () => {
    const result = await readAll(bufferSource('h.rar', rarBuffer([{ name: 'customers.csv', data: csv }], { encryptHeaders: true })));
    expect(result).toMatchObject({ format: 'rar', parts: [], thrown: { code: 'ENCRYPTED' } });
  });

  it('a file whose data fails its CRC is CORRUPT, never public', async () => {
    const rar = rarBuffer([{ name: 'customers.csv', data: csv }]);
    const at = rar.indexOf(Buffer.from(csv.slice(0, 20)));
    rar.fill(0x30, at + 200, at + 220);
    const { report } = await scanRevealed(bufferSource('bad.rar', rar));
    expect(report.sensitivity).not.toBe('public');
    expect(report.error?.code).toBe('CORRUPT');
  });

  it('a truncated RAR is CORRUPT, never public', async () => {
    const rar = rarBuffer([{ name: 'customers.csv', data: csv }]);
    const { report } = await scanRevealed(bufferSource('cut.rar', rar.subarray(0, rar.length >> 1)));
    expect(report.sensitivity).not.toBe('public');
    expect(report.error?.code).toBe('CORRUPT');
  });

  it('a file over maxBufferedBytes is read too, extracted to a temporary file', async () => {
    const big = csv.repeat(20);
    const { parts, thrown } = await readAll(bufferSource('big.rar', rarBuffer([{ name: 'big.csv', data: big }, { name: 'b.txt', data: 'small' }])), {
      maxBufferedBytes: csv.length,
    });
    expect(thrown).toBeUndefined();
    expect(parts.map((part) => [part.where.entry, part.kind === 'text' ? part.text.length : part.kind])).toEqual([
      ['big.csv', big.length],
      ['b.txt', 5],
    ]);
  });

  it('names in the archive never reach the file system: `..` and absolute paths are read, nothing is written outside the folder', async () => {
    const rar = rarBuffer([
      { name: '../../escape.txt', data: 'outside 13812345678' },
      { name: '/etc/shredlock-test.txt', data: 'absolute' },
    ]);
    await withTemporaryFolder(async (scratch) => {
      const { parts, thrown } = await readAll(bufferSource('evil.rar', rar));
      expect(thrown).toBeUndefined();
      expect(parts.map((part) => (part.kind === 'text' ? part.text : part.kind))).toEqual(['outside 13812345678', 'absolute']);
      expect(readdirSync(scratch)).toEqual(['a']);
      expect(readdirSync(join(scratch, 'a'))).toEqual(['b']);
      expect(readdirSync(join(scratch, 'a', 'b'))).toEqual([]);
      expect(existsSync('/etc/shredlock-test.txt')).toBe(false);
    }, join('a', 'b'));
  });

  it('a RAR on disk is read where it is: nothing is written beside it', async () => {
    const source = fileSource('on-disk.rar', rarBuffer([{ name: 'customers.csv', data: csv }]));
    const folder = dirname(source.path!);
    const before = readdirSync(folder).sort();
    const { report, ids: found } = await scanRevealed(source);
    expect(report).toMatchObject({ format: 'rar', sensitivity: 'confidential' });
    expect(new Set(found)).toEqual(new Set(ids));
    expect(readdirSync(folder).sort()).toEqual(before);
  });

  it('declared sizes over maxRatio are LIMIT_EXCEEDED before extracting', async () => {
    const result = await readAll(bufferSource('bomb.rar', rarBuffer([{ name: 'zeros.bin', data: 'x', declaredSize: 2 ** 31 }])));
    expect(result.thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxRatio') });
  });
});
