/**
 * 7z (Debian's 7-Zip writes the fixtures) and RAR (a RAR 4 writer of stored files, writers.ts:
 * no RAR writer exists in Debian or on PyPI), around synthetic customer lists.
 */
import { describe, expect, it } from 'vitest';
import { parseListing } from '../../../lambdas/engine/formats/sevenzip.js';
import { zipBuffer } from '../../../synthetic/files.js';
import { customerCsv, publicCsv, scanRevealed } from './backup-fixtures.js';
import { bufferSource, fileSource, readAll } from './read-parts.js';
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

  it('a file over maxBufferedBytes is that file\'s LIMIT_EXCEEDED; the others are read', async () => {
    const bytes = sevenZipBuffer([
      { name: 'a-big.csv', data: csv.repeat(100) },
      { name: 'b.txt', data: 'small' },
    ]);
    const { parts, thrown } = await readAll(bufferSource('x.7z', bytes), { maxBufferedBytes: csv.length * 50 });
    expect(thrown).toBeUndefined();
    expect(parts).toMatchObject([
      { kind: 'error', where: { entry: 'a-big.csv' }, code: 'LIMIT_EXCEEDED' },
      { kind: 'text', where: { entry: 'b.txt' }, text: 'small' },
    ]);
  });

  it('maxDepth: a 7z in a 7z in a 7z, the one too deep is an error part', async () => {
    let inner = sevenZipBuffer([{ name: 'deep.csv', data: csv }]);
    for (let level = 0; level < 2; level++) inner = sevenZipBuffer([{ name: `level${level}.7z`, data: inner }]);
    expect(new Set((await scanRevealed(bufferSource('top.7z', inner))).ids)).toEqual(new Set(ids));
    const deep = await readAll(bufferSource('top.7z', inner), { maxDepth: 2 });
    expect(deep.parts).toMatchObject([{ kind: 'error', code: 'LIMIT_EXCEEDED', where: { entry: 'level1.7z/level0.7z' } }]);
  });

  it('parseListing keeps files, drops folders, reads the encrypted flag', () => {
    const lines = ['Path = a.7z', 'Type = 7z', '', '----------', 'Path = d', 'Folder = +', 'Size = 0', '', 'Path = d/a b.csv', 'Folder = -', 'Size = 18', 'Encrypted = +', ''];
    expect(parseListing(lines)).toEqual([{ path: 'd/a b.csv', size: 18, encrypted: true }]);
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

  it('declared sizes over maxRatio are LIMIT_EXCEEDED before extracting', async () => {
    const result = await readAll(bufferSource('bomb.rar', rarBuffer([{ name: 'zeros.bin', data: 'x', declaredSize: 2 ** 31 }])));
    expect(result.thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxRatio') });
  });
});
