/**
 * Tar and single-stream compression (gzip, zlib, bzip2, xz, zstd, LZ4, Snappy, compress), with
 * fixtures from real writers (Python's tarfile, gzip, zlib, bz2 and lzma; git; the zstd, lz4 and
 * compress tools; cramjam) around synthetic customer lists.
 */
import { execFileSync } from 'node:child_process';
import { deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import xxhash from 'xxhash-wasm';
import { frameMemory } from '../../../lambdas/engine/formats/zstd.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { Rng } from '../../../synthetic/random.js';
import { gzipBuffer, zipBuffer } from '../../../synthetic/files.js';
import { customerCsv, publicCsv, scanRevealed } from './backup-fixtures.js';
import { bufferSource, fileSource, noise, readAll } from './read-parts.js';
import { compress, compressZ, snappyFramed, snappyHadoop, snappyRaw, tarBuffer, type TarFormat } from './writers.js';

const MB = 1024 * 1024;
const CODECS = ['gz', 'zz', 'br', 'bz2', 'xz', 'zst', 'lz4'] as const;
const FORMAT_OF = { gz: 'gzip', zz: 'zlib', br: 'brotli', bz2: 'bzip2', xz: 'xz', zst: 'zstd', lz4: 'lz4' } as const;
/** A path over ustar's 100-byte name field: ustar splits it, pax and GNU write long-name records (in UTF-8). */
const longDir = (format: TarFormat): string => (format === 'ustar' ? `crm/${'customer-records-'.repeat(6)}` : `crm/${'客户资料'.repeat(20)}`);

function crmTar(csv: string, format: TarFormat): Buffer {
  return tarBuffer(
    [
      { name: 'crm/', data: '' },
      { name: `${longDir(format)}/customers.csv`, data: csv },
      { name: 'crm/readme.txt', data: 'exported 2023' },
    ],
    format,
  );
}

/** Flips bytes in the middle: a corrupt compressed stream. */
function corruptMiddle(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy.fill(0x55, copy.length >> 1, (copy.length >> 1) + 16);
  return copy;
}

/**
 * The levels a compressed customer list `name` (its bytes `data`) comes out at when 4 bytes are
 * overwritten: at each of its first 64 bytes (four values each), and at 64 places after, seeded.
 */
async function overwrittenLevels(name: string, data: Buffer): Promise<string[]> {
  const rng = new Rng(`overwrite-${name}`);
  const damages: [number, number][] = [];
  for (let at = 0; at <= 60; at++) for (const value of [0xffffffff, 0x7fffffff, 0, 0x00ffffff]) damages.push([at, value]);
  for (let i = 0; i < 64; i++) damages.push([rng.int(64, data.length - 4), rng.pick([0xffffffff, 0x7fffffff, 0, 0x00ffffff])]);
  const seen = new Set<string>();
  for (const [at, value] of damages) {
    const damaged = Buffer.from(data);
    damaged.writeUInt32LE(value, at);
    seen.add((await scanSource(bufferSource(name, damaged), name)).sensitivity);
  }
  return [...seen].filter((level) => level !== 'confidential' && level !== 'failed');
}

/** Every chunking of `bytes` (named `name`) reads as `text`, with no error. */
async function expectDecodes(name: string, bytes: Buffer, text: string, chunks: readonly number[]): Promise<void> {
  for (const chunk of chunks) {
    const { parts, thrown } = await readAll(bufferSource(name, bytes, chunk));
    expect(thrown).toBeUndefined();
    expect(parts.map((part) => (part.kind === 'text' ? part.text : part.kind)).join('')).toBe(text);
  }
}

describe('tar', () => {
  const { csv, ids } = customerCsv();

  it.each<[TarFormat, (typeof CODECS)[number] | undefined]>(
    (['ustar', 'pax', 'gnu'] as const).flatMap((format) => [undefined, ...CODECS].map((codec) => [format, codec] as [TarFormat, (typeof CODECS)[number] | undefined])),
  )('a %s tar (compression: %s) holding customers is confidential, every ID found', async (format, codec) => {
    const tar = crmTar(csv, format);
    const name = codec === undefined ? 'crm-2023.tar' : `crm-2023.tar.${codec}`;
    const { report, ids: found } = await scanRevealed(bufferSource(name, codec === undefined ? tar : compress(tar, codec), 1000));
    expect(report).toMatchObject({ format: codec === undefined ? 'tar' : FORMAT_OF[codec], sensitivity: 'confidential' });
    expect(report.error).toBeUndefined();
    expect(new Set(found)).toEqual(new Set(ids));
    const entry = `${codec === undefined ? '' : 'crm-2023.tar/'}${longDir(format)}/customers.csv`;
    expect(report.findings[0].location.entry).toBe(entry);
  });

  it.each([undefined, ...CODECS])('the same tar without personal data (compression: %s) stays public', async (codec) => {
    const tar = crmTar(publicCsv(), 'pax');
    const { report } = await scanRevealed(bufferSource(codec === undefined ? 'products.tar' : `products.tar.${codec}`, codec === undefined ? tar : compress(tar, codec)));
    expect(report).toMatchObject({ sensitivity: 'public', counts: {} });
    expect(report.error).toBeUndefined();
  });

  it('.tgz from a file path, and a zip holding a tar.gz holding a CSV', async () => {
    const tgz = compress(crmTar(csv, 'gnu'), 'gz');
    expect((await scanRevealed(fileSource('crm.tgz', tgz))).ids).toHaveLength(ids.length);
    const zip = await zipBuffer([{ name: 'backup/crm.tgz', data: tgz, compress: false }]);
    const { report, ids: found } = await scanRevealed(bufferSource('all.zip', zip));
    expect(new Set(found)).toEqual(new Set(ids));
    expect(report.findings[0].location.entry).toBe(`backup/crm.tgz/crm.tar/${longDir('gnu')}/customers.csv`);
  });

  it('a member that fails is an error part; the rest of it is skipped and the next member is read', async () => {
    const broken = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(200_000, 0x41)]);
    const tar = tarBuffer([
      { name: 'a/broken.csv.gz', data: broken },
      { name: 'a/customers.csv', data: csv },
    ]);
    const { parts, thrown } = await readAll(bufferSource('x.tar', tar, 4096));
    expect(thrown).toBeUndefined();
    expect(parts.map((part) => [part.kind, part.where.entry])).toEqual([
      ['error', 'a/broken.csv.gz/broken.csv'],
      ['text', 'a/customers.csv'],
    ]);
    expect(parts[0]).toMatchObject({ code: 'CORRUPT' });
  });

  it('a truncated tar is CORRUPT, after the members before the cut', async () => {
    const tar = tarBuffer([
      { name: 'first.txt', data: 'first' },
      { name: 'second.csv', data: csv },
    ]);
    const result = await readAll(bufferSource('cut.tar', tar.subarray(0, 1024 + 700)));
    expect(result.parts[0]).toMatchObject({ kind: 'text', where: { entry: 'first.txt' }, text: 'first' });
    expect(result.thrown ?? result.parts.find((part) => part.kind === 'error')).toMatchObject({ code: 'CORRUPT' });
    const report = (await scanRevealed(bufferSource('cut.tar', tar.subarray(0, 1024 + 700)))).report;
    expect(report.sensitivity).not.toBe('public');
    expect(report.error?.code).toBe('CORRUPT');
  });

  it('a header with a bad checksum stops the archive as CORRUPT', async () => {
    const tar = tarBuffer([
      { name: 'first.txt', data: 'first' },
      { name: 'second.txt', data: 'second' },
    ]);
    tar.fill(0x7a, 1024 + 10, 1024 + 30); // the second header's name
    const result = await readAll(bufferSource('bad.tar', tar));
    expect(result.parts[0]).toMatchObject({ kind: 'text', text: 'first' });
    expect(result.thrown).toMatchObject({ code: 'CORRUPT' });
  });

  it('an entry of an unknown type with data is CORRUPT, never skipped', async () => {
    const tar = tarBuffer([{ name: 'sparse.dat', data: 'x'.repeat(100) }, { name: 'b.txt', data: 'b' }], 'gnu');
    tar[156] = 'S'.charCodeAt(0);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : tar[i];
    tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const { parts } = await readAll(bufferSource('s.tar', tar));
    expect(parts).toMatchObject([
      { kind: 'error', where: { entry: 'sparse.dat' }, code: 'CORRUPT' },
      { kind: 'text', where: { entry: 'b.txt' }, text: 'b' },
    ]);
  });

  it('with the default limits, a backup of more than ten thousand files is read to its last file', async () => {
    const { csv, ids } = customerCsv(1);
    const members = Array.from({ length: 12_000 }, (_, i) => ({ name: `docs/${i}.txt`, data: i === 11_999 ? csv : `note ${i}` }));
    const result = await readAll(bufferSource('backup.tar.gz', compress(tarBuffer(members), 'gz')));
    expect(result.thrown).toBeUndefined();
    const last = result.parts.at(-1);
    expect(last?.where.entry).toBe('backup.tar/docs/11999.txt');
    expect(last?.kind === 'text' && last.text.includes(ids[0])).toBe(true);
  });

  it('maxEntries counts tar members, then stops the object', async () => {
    const tar = tarBuffer(Array.from({ length: 6 }, (_, i) => ({ name: `${i}.txt`, data: `${i}` })));
    expect((await readAll(bufferSource('x.tar', tar), { maxEntries: 6 })).thrown).toBeUndefined();
    expect((await readAll(bufferSource('x.tar', tar), { maxEntries: 5 })).thrown).toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('maxTotalBytes counts what a tar.xz holds, then stops the object', async () => {
    const tar = tarBuffer([1, 2, 3].map((i) => ({ name: `${i}.txt`, data: 'y'.repeat(MB) })));
    const result = await readAll(bufferSource('x.tar.xz', compress(tar, 'xz')), { maxTotalBytes: 4 * MB, maxRatio: 1e6 });
    expect(result.thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxTotalBytes') });
  });

  it('maxDepth: tar.gz in tar.gz in tar.gz, the one too deep is an error part', async () => {
    let inner = compress(tarBuffer([{ name: 'deep.txt', data: 'deep' }]), 'gz');
    for (let level = 0; level < 2; level++) inner = compress(tarBuffer([{ name: `level${level}.tgz`, data: inner }]), 'gz');
    // top.tgz > top.tar > level1.tgz > level1.tar > level0.tgz > level0.tar > deep.txt: 6 containers.
    const ok = await readAll(bufferSource('top.tgz', inner), { maxDepth: 6 });
    expect(ok.parts).toMatchObject([{ kind: 'text', text: 'deep' }]);
    const deep = await readAll(bufferSource('top.tgz', inner), { maxDepth: 4 });
    expect(deep.thrown).toBeUndefined();
    expect(deep.parts).toMatchObject([{ kind: 'error', code: 'LIMIT_EXCEEDED', where: { entry: 'top.tar/level1.tgz/level1.tar/level0.tgz' } }]);
  });
});

describe('zlib, bzip2, xz, zstd and LZ4', () => {
  const { csv, ids } = customerCsv();

  it.each(['zz', 'br', 'bz2', 'xz', 'zst', 'lz4'] as const)('customers.csv.%s is confidential, every ID found', async (codec) => {
    const { report, ids: found } = await scanRevealed(bufferSource(`customers.csv.${codec}`, compress(csv, codec), 333));
    expect(report).toMatchObject({ format: FORMAT_OF[codec], sensitivity: 'confidential' });
    expect(new Set(found)).toEqual(new Set(ids));
    expect(report.findings[0].location.entry).toBe('customers.csv');
  });

  it.each(['zz', 'br', 'bz2', 'xz', 'zst', 'lz4'] as const)('products.csv.%s without personal data stays public', async (codec) => {
    const { report } = await scanRevealed(bufferSource(`products.csv.${codec}`, compress(publicCsv(), codec)));
    expect(report).toMatchObject({ sensitivity: 'public', counts: {} });
  });

  it.each(['zz', 'br', 'bz2', 'xz', 'zst', 'lz4'] as const)('a truncated .%s is a CORRUPT member error, never public', async (codec) => {
    const bytes = compress(csv.repeat(20), codec);
    const { parts, thrown } = await readAll(bufferSource(`c.csv.${codec}`, bytes.subarray(0, bytes.length >> 1)));
    expect(thrown).toBeUndefined();
    expect(parts.at(-1)).toMatchObject({ kind: 'error', where: { entry: 'c.csv' }, code: 'CORRUPT' });
  });

  it.each(['zz', 'br', 'bz2', 'xz', 'zst', 'lz4'] as const)('a corrupt .%s is a CORRUPT member error', async (codec) => {
    const { parts } = await readAll(bufferSource(`c.csv.${codec}`, corruptMiddle(compress(csv.repeat(20), codec))));
    expect(parts.at(-1)).toMatchObject({ kind: 'error', code: 'CORRUPT' });
  });

  it.each([
    ['zz', 'maxRatio'],
    ['br', 'maxRatio'],
    ['bz2', 'maxRatio'],
    ['xz', 'maxRatio'],
    ['zst', 'maxRatio'],
    ['lz4', 'maxRatio'],
  ] as const)('a .%s bomb of 64 MiB stops (%s) without holding it', async (codec, limit) => {
    const bomb = compress(Buffer.alloc(64 * MB), codec);
    const before = process.memoryUsage().rss;
    // LZ4 shortens 255 times at most: under the default maxRatio of 200 its bomb decodes some 50 MB
    // before it stops, streamed, but readAll here keeps the text it gave: so a lower ratio.
    const { parts, thrown } = await readAll(bufferSource(`bomb.${codec}`, bomb), { maxBufferedBytes: 32 * MB, ...(codec === 'lz4' ? { maxRatio: 10 } : {}) });
    expect(thrown).toBeUndefined();
    expect(parts.at(-1)).toMatchObject({ kind: 'error', code: 'LIMIT_EXCEEDED', message: expect.stringContaining(limit) });
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * MB);
  });

  it('an xz inside an xz is refused as LIMIT_EXCEEDED instead of waiting for the one xz decoder', async () => {
    const inner = compress('hello '.repeat(100), 'xz');
    // The filler keeps the outer xz stream open while the inner one is read.
    const tar = compress(tarBuffer([{ name: 'a.txt.xz', data: inner }, { name: 'filler.bin', data: noise(MB) }, { name: 'b.txt', data: 'b' }]), 'xz');
    const { parts, thrown } = await readAll(bufferSource('x.tar.xz', tar));
    expect(thrown).toBeUndefined();
    expect(parts).toMatchObject([
      { kind: 'error', where: { entry: 'x.tar/a.txt.xz/a.txt' }, code: 'LIMIT_EXCEEDED' },
      { kind: 'text', where: { entry: 'x.tar/filler.bin' } },
      { kind: 'error', where: { entry: 'x.tar/filler.bin' }, code: 'OPAQUE' },
      { kind: 'text', where: { entry: 'x.tar/b.txt' }, text: 'b' },
    ]);
    // And the decoder is free again afterwards.
    expect((await readAll(bufferSource('a.txt.xz', inner))).parts).toMatchObject([{ kind: 'text' }]);
  });

  it('a zstd frame asking for a window above maxBufferedBytes is LIMIT_EXCEEDED before any allocation', async () => {
    // Magic, descriptor (no single segment), window descriptor exponent 21: 2 GiB.
    const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 21 << 3, 0, 0, 0, 0]);
    expect(frameMemory(header)).toBe(2 ** 31);
    const { parts } = await readAll(bufferSource('big.zst', header));
    expect(parts).toMatchObject([{ kind: 'error', code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxBufferedBytes') }]);
  });

  // fzstd neither checks a frame's checksum nor its content size: a first block whose first bytes
  // are overwritten decoded to nothing, and the file was public (found by fuzzing).
  it.each([
    ['with a checksum, no content size (piped)', ['-q', '-c', '-3'], 'zstd frame checksum does not match its content'],
    ['with a content size, no checksum', ['-q', '-c', '-3', '--no-check', `--stream-size=${Buffer.byteLength(csv)}`], 'zstd frame decoded to'],
  ])('a zstd frame %s whose block decodes to something else is CORRUPT, never public', (_, args, message) => {
    const zst = execFileSync('zstd', args, { input: csv });
    // The first block's content, after the frame header (the descriptor says how long) and the block header.
    const d = zst[4];
    const headerBytes = 1 + (d & 0x20 ? 0 : 1) + [0, 1, 2, 4][d & 3] + [d & 0x20 ? 1 : 0, 2, 4, 8][d >> 6];
    const damaged = Buffer.from(zst);
    damaged.fill(0, 4 + headerBytes + 3, 4 + headerBytes + 3 + 4);
    return readAll(bufferSource('c.csv.zst', damaged)).then(({ parts, thrown }) => {
      expect(thrown).toBeUndefined();
      expect(parts.at(-1)).toMatchObject({ kind: 'error', code: 'CORRUPT', message: expect.stringContaining(message) });
    });
  });

  // Compressed bytes hold no ID a damage could hide without the decoder or a check noticing: any
  // overwrite is harmless (still confidential) or found (failed). A .zst once came out public.
  it.each(['gz', 'zz', 'br', 'bz2', 'xz', 'zst', 'lz4'] as const)('every 4-byte overwrite of the first 64 bytes of customers.csv.%s, and 64 seeded ones after, is confidential or failed, never public', async (codec) => {
    expect(await overwrittenLevels(`customers.csv.${codec}`, compress(csv, codec))).toEqual([]);
  });

  it('zstd frames are checked one by one: several frames, a skippable one and an empty one read whole', async () => {
    const skippable = Buffer.alloc(8 + 5);
    skippable.writeUInt32LE(0x184d2a53, 0);
    skippable.writeUInt32LE(5, 4);
    const zst = Buffer.concat([compress('part one 13812345678\n', 'zst'), skippable, compress('', 'zst'), compress(csv, 'zst')]);
    for (const chunk of [zst.length, 5, 4096]) {
      const { parts } = await readAll(bufferSource('c.csv.zst', zst, chunk));
      expect(parts).toMatchObject([{ kind: 'text', text: `part one 13812345678\n${csv}` }]);
    }
  });

  it('a git object (zlib: `blob <size>` and the file) of a customer list, as git writes it into .git/objects, is read', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'shredlock-git-'));
    try {
      execFileSync('git', ['init', '-q', repo]);
      const sha = execFileSync('git', ['-C', repo, 'hash-object', '-w', '--stdin'], { input: csv }).toString().trim();
      const object = readFileSync(join(repo, '.git', 'objects', sha.slice(0, 2), sha.slice(2)));
      const { report, ids: found } = await scanRevealed(bufferSource(sha.slice(2), object));
      expect(report).toMatchObject({ format: 'zlib', sensitivity: 'confidential' });
      expect(new Set(found)).toEqual(new Set(ids));
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('gzip still works through the shared reader, multi-member files included', async () => {
    const gz = Buffer.concat([gzipBuffer('part one '), gzipBuffer('13812345678\n')]);
    expect((await readAll(bufferSource('log.gz', gz))).parts).toMatchObject([{ kind: 'text', text: 'part one 13812345678\n' }]);
  });
});

describe('raw deflate (no zlib or gzip header: told by its first bytes inflating)', () => {
  /** Raw deflate as Python's zlib writes it (wbits -15), or as node's zlib with fixed Huffman codes only (a short input's usual block). */
  const WRITERS = {
    python: (data: string) => compress(data, 'deflate'),
    fixed: (data: string) => deflateRawSync(Buffer.from(data), { strategy: zlibConstants.Z_FIXED }),
  } as const;

  it.each(
    ([1, 5, 20, 2000] as const).flatMap((rows) => (['python', 'fixed'] as const).flatMap((writer) => ['customers.csv.deflate', 'blob'].map((name) => [rows, writer, name] as const))),
  )('%i customers, %s, named %s: read, confidential, every ID found', async (rows, writer, name) => {
    const { csv, ids } = customerCsv(rows, 6);
    const { report, ids: found } = await scanRevealed(bufferSource(name, WRITERS[writer](csv), 1000));
    expect(report).toMatchObject({ format: 'deflate', sensitivity: 'confidential' });
    expect(report.error).toBeUndefined();
    expect(new Set(found)).toEqual(new Set(ids));
    expect(report.findings[0].location.entry).toBe(name === 'blob' ? 'blob' : 'customers.csv');
  });

  it('a product list so compressed is read and stays public', async () => {
    const { report } = await scanRevealed(bufferSource('products.bin', compress(publicCsv(), 'deflate')));
    expect(report).toMatchObject({ format: 'deflate', sensitivity: 'public', counts: {} });
    expect(report.error).toBeUndefined();
  });

  it.each<[string, string]>([
    ['deflate', 'blob'],
    ['zz', 'customers.csv.zz'],
  ])('bytes after the end of a %s stream are CORRUPT after what the stream holds, never dropped unread', async (codec, name) => {
    const { csv, ids } = customerCsv(3000, 7);
    const bytes = Buffer.concat([compress(csv, codec as 'deflate' | 'zz'), Buffer.from(customerCsv(5, 8).csv)]);
    for (const chunk of [bytes.length, 4096]) {
      const { report, ids: found } = await scanRevealed(bufferSource(name, bytes, chunk));
      expect(report).toMatchObject({ sensitivity: 'confidential', error: { code: 'CORRUPT' } });
      expect(report.error?.message).toMatch(/bytes after the end of the (deflate|zlib) stream/);
      expect(new Set(found)).toEqual(new Set(ids));
    }
  });

  it('every 4-byte overwrite of the first 64 bytes of a raw deflate customer list, and 64 seeded ones after, is confidential or failed, never public', async () => {
    expect(await overwrittenLevels('customers.bin', compress(customerCsv(20, 9).csv, 'deflate'))).toEqual([]);
  });

  it('a raw deflate stream damaged in its middle (it has no checksum: it may inflate on) is never public', async () => {
    const damaged = corruptMiddle(compress(customerCsv(3000, 7).csv, 'deflate'));
    for (const at of [16, damaged.length >> 2, damaged.length >> 1]) {
      damaged.fill(0x55, at, at + 16);
      const { report } = await scanRevealed(bufferSource('blob', damaged));
      expect(['confidential', 'failed']).toContain(report.sensitivity);
    }
  });
});

describe('LZ4', () => {
  const { csv, ids } = customerCsv(400);
  /** Letters in no order, which LZ4 cannot shorten: the lz4 tool stores their blocks as they are. */
  const incompressible = Array.from(noise(200_000, 7), (byte) => String.fromCharCode(0x41 + (byte % 26) + (byte & 0x20))).join('');

  it('the lz4 tool stores blocks of those letters as they are (the frames below hold stored blocks)', () => {
    const lz4 = compress(incompressible, 'lz4', ['-B4']);
    expect(lz4.readUInt32LE(7) >>> 31).toBe(1);
  });

  it.each([
    ['independent blocks and a content checksum (the defaults of the tool)', []],
    ['linked 64 KiB blocks and a content size (matches reach into the blocks before)', ['-B4', '-BD', '--content-size']],
    ['block checksums, 256 KiB blocks', ['-BX', '-B5']],
    ['no checksum at all', ['--no-frame-crc']],
    ['the legacy format (lz4 -l)', ['-l']],
    ['the highest level, linked blocks', ['-12', '-B4', '-BD']],
  ])('a frame of %s decodes to exactly what was compressed, in any chunking', async (_, args) => {
    const text = `${csv}${incompressible}\n${csv}`;
    const lz4 = compress(text, 'lz4', args);
    await expectDecodes('c.csv.lz4', lz4, text, [lz4.length, 7, 4096]);
    const { report, ids: found } = await scanRevealed(bufferSource('c.csv.lz4', lz4));
    expect(report).toMatchObject({ format: 'lz4', sensitivity: 'confidential' });
    expect(new Set(found)).toEqual(new Set(ids));
  });

  it('frames one after another, a skippable frame and an empty one are read whole; bytes after them that are no frame are CORRUPT', async () => {
    const skippable = Buffer.alloc(8 + 5);
    skippable.writeUInt32LE(0x184d2a5e, 0);
    skippable.writeUInt32LE(5, 4);
    const lz4 = Buffer.concat([compress('part one 13812345678\n', 'lz4'), skippable, compress('', 'lz4'), compress(csv, 'lz4', ['-l']), compress('end\n', 'lz4')]);
    for (const chunk of [lz4.length, 5, 4096]) {
      const { parts } = await readAll(bufferSource('c.csv.lz4', lz4, chunk));
      expect(parts).toMatchObject([{ kind: 'text', text: `part one 13812345678\n${csv}end\n` }]);
    }
    const { parts } = await readAll(bufferSource('c.csv.lz4', Buffer.concat([lz4, Buffer.from('trailing')])));
    expect(parts.at(-1)).toMatchObject({ kind: 'error', code: 'CORRUPT', message: 'lz4 data ends in bytes that are no frame' });
  });

  /** A frame written here from the format's layout: `flags`, `bd`, the descriptor's `extra` fields, then `blocks` stored as they are. */
  async function frameOf(flags: number, bd: number, extra: Buffer, blocks: readonly Buffer[]): Promise<Buffer> {
    const { h32Raw } = await xxhash();
    const descriptor = Buffer.concat([Buffer.from([flags, bd]), extra]);
    const stored = blocks.map((block) => {
      const size = Buffer.alloc(4);
      size.writeUInt32LE((0x80000000 | block.length) >>> 0);
      return Buffer.concat([size, block]);
    });
    return Buffer.concat([Buffer.from([0x04, 0x22, 0x4d, 0x18]), descriptor, Buffer.from([(h32Raw(descriptor) >>> 8) & 0xff]), ...stored, Buffer.alloc(4)]);
  }

  it('what a frame declares is checked: its descriptor checksum, its content size, its block size; a dictionary it needs is OPAQUE', async () => {
    const text = Buffer.from('王芳 13812345678\n');
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(text.length + 1));
    const cases: [string, Buffer, string, string][] = [
      ['a stored block', await frameOf(0x60, 0x40, Buffer.alloc(0), [text]), '', ''],
      ['a content size one byte off', await frameOf(0x68, 0x40, size, [text]), 'CORRUPT', `lz4 frame decoded to ${text.length} bytes, its header says ${text.length + 1}`],
      ['a dictionary id', await frameOf(0x61, 0x40, Buffer.from([1, 2, 3, 4]), [text]), 'OPAQUE', 'lz4 frame needs a dictionary'],
      ['a block over the frame block size', await frameOf(0x60, 0x40, Buffer.alloc(0), [Buffer.alloc(64 * 1024 + 1, 0x41)]), 'CORRUPT', 'lz4 block is larger than its frame allows'],
    ];
    for (const [what, bytes, code, message] of cases) {
      const { parts, thrown } = await readAll(bufferSource('c.txt.lz4', bytes));
      expect(thrown, what).toBeUndefined();
      if (code === '') expect(parts, what).toMatchObject([{ kind: 'text', text: text.toString() }]);
      else expect(parts.at(-1), what).toMatchObject({ kind: 'error', code, message: expect.stringContaining(message) });
    }
    const damaged = await frameOf(0x60, 0x40, Buffer.alloc(0), [text]);
    damaged[4] ^= 0x20;
    expect((await readAll(bufferSource('c.txt.lz4', damaged))).parts.at(-1)).toMatchObject({ kind: 'error', code: 'CORRUPT', message: 'lz4 frame descriptor checksum does not match' });
  });

  it('a frame whose blocks need more memory than maxBufferedBytes is LIMIT_EXCEEDED before any allocation', async () => {
    // Block maximum size 4 MiB (BD 0x70).
    const frame = await frameOf(0x60, 0x70, Buffer.alloc(0), [Buffer.from(csv)]);
    expect((await readAll(bufferSource('c.csv.lz4', frame))).parts).toMatchObject([{ kind: 'text', text: csv }]);
    const { parts } = await readAll(bufferSource('c.csv.lz4', frame), { maxBufferedBytes: 1024 * 1024 });
    expect(parts).toMatchObject([{ kind: 'error', code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxBufferedBytes') }]);
  });

  it('a match that reaches before the data is CORRUPT, and so is a block cut inside a sequence', async () => {
    const head = (await frameOf(0x40, 0x40, Buffer.alloc(0), [])).subarray(0, 7);
    const framed = (block: Buffer) => {
      const size = Buffer.alloc(4);
      size.writeUInt32LE(block.length);
      return Buffer.concat([head, size, block, Buffer.alloc(4)]);
    };
    // No literals, then a match one byte back, with nothing before it.
    expect((await readAll(bufferSource('c.txt.lz4', framed(Buffer.from([0x00, 0x01, 0x00]))))).parts.at(-1)).toMatchObject({
      kind: 'error',
      code: 'CORRUPT',
      message: 'lz4 match reaches before the data',
    });
    // Fifteen literals and more to come, where the block ends.
    expect((await readAll(bufferSource('c.txt.lz4', framed(Buffer.from([0xf0, 0xff]))))).parts.at(-1)).toMatchObject({
      kind: 'error',
      code: 'CORRUPT',
      message: 'lz4 block ends inside a literal length',
    });
  });
});

describe("Snappy's framing format (.sz)", () => {
  const { csv, ids } = customerCsv(400);
  /** Letters and spaces in no order, which snappy cannot shorten: the writer stores their chunks as they are. */
  const incompressible = Array.from(noise(150_000, 9), (byte) => (byte % 9 === 0 ? ' ' : String.fromCharCode(0x41 + (byte % 26) + (byte & 0x20)))).join('');
  /** The chunks of a framed stream: their types and where each starts. */
  const chunksOf = (sz: Buffer) => {
    const chunks: { type: number; at: number; length: number }[] = [];
    for (let at = 0; at < sz.length; at += 4 + sz.readUIntLE(at + 1, 3)) chunks.push({ type: sz[at], at, length: sz.readUIntLE(at + 1, 3) });
    return chunks;
  };

  it('customers.csv.sz (compressed and stored chunks) decodes to exactly what was written, in any chunking, every ID found', async () => {
    const text = `${csv}${incompressible}\n${csv}`;
    const sz = await snappyFramed(text);
    expect(new Set(chunksOf(sz).map((chunk) => chunk.type))).toEqual(new Set([0xff, 0x00, 0x01]));
    await expectDecodes('customers.csv.sz', sz, text, [sz.length, 7, 4096]);
    const { report, ids: found } = await scanRevealed(bufferSource('customers.csv.sz', sz));
    expect(report).toMatchObject({ format: 'snappy', sensitivity: 'confidential' });
    expect(report.findings[0].location.entry).toBe('customers.csv');
    expect(new Set(found)).toEqual(new Set(ids));
  });

  it('a .tar.sz is a tar; products.csv.sz stays public; streams one after another and padding chunks are read whole', async () => {
    const { ids: found } = await scanRevealed(bufferSource('crm.tar.sz', await snappyFramed(crmTar(csv, 'pax'))));
    expect(new Set(found)).toEqual(new Set(ids));
    expect(await scanSource(bufferSource('products.csv.sz', await snappyFramed(publicCsv())), 'products.csv.sz')).toMatchObject({ sensitivity: 'public', counts: {} });
    const padding = Buffer.from([0xfe, 3, 0, 0, 0, 0, 0]);
    const two = Buffer.concat([await snappyFramed('part one 13812345678\n'), padding, await snappyFramed(csv)]);
    expect((await readAll(bufferSource('c.csv.sz', two, 5))).parts).toMatchObject([{ kind: 'text', text: `part one 13812345678\n${csv}` }]);
  });

  it('a chunk cut short, a checksum that does not match, a reserved chunk are CORRUPT', async () => {
    const sz = await snappyFramed(csv.repeat(20));
    const cases: [string, Buffer, string][] = [
      ['cut short', sz.subarray(0, sz.length >> 1), 'snappy data is truncated (in a chunk)'],
      ['a byte of data changed', (() => {
        const damaged = Buffer.from(sz);
        const chunk = chunksOf(sz).find((c) => c.type === 0x00)!;
        damaged[chunk.at + 4 + 4 + 40] ^= 0x01;
        return damaged;
      })(), 'snappy chunk'],
      ['a reserved unskippable chunk', Buffer.concat([sz.subarray(0, 10), Buffer.from([0x02, 1, 0, 0, 0]), sz.subarray(10)]), 'snappy data holds a reserved chunk that may not be skipped (2)'],
    ];
    for (const [what, bytes, message] of cases) {
      const { parts, thrown } = await readAll(bufferSource('c.csv.sz', bytes));
      expect(thrown, what).toBeUndefined();
      expect(parts.at(-1), what).toMatchObject({ kind: 'error', code: 'CORRUPT', message: expect.stringContaining(message) });
    }
  });

  it('every 4-byte overwrite of the first 64 bytes of customers.csv.sz, and 64 seeded ones after, is confidential or failed, never public', async () => {
    expect(await overwrittenLevels('customers.csv.sz', await snappyFramed(customerCsv().csv))).toEqual([]);
  });
});

describe('Brotli with no name to say so (it has no signature)', () => {
  it.each([1, 5, 40])('%i customers, whole in the first 8 KiB: told by decoding to the last byte, read', async (rows) => {
    const { csv, ids } = customerCsv(rows, 15);
    const bytes = compress(csv, 'br');
    expect(bytes.length).toBeLessThan(8192);
    const { report, ids: found } = await scanRevealed(bufferSource('cache/entry-1f3a', bytes));
    expect(report).toMatchObject({ format: 'brotli', sensitivity: 'confidential' });
    expect(new Set(found)).toEqual(new Set(ids));
  });

  it('every 4-byte overwrite of the first 64 bytes of a small one, and 64 seeded ones after, is confidential or failed, never public', async () => {
    expect(await overwrittenLevels('cache/entry-3d9e', compress(customerCsv(5, 16).csv, 'br'))).toEqual([]);
  });

  it('a longer one is not tried (one random head of 8 KiB in nine decodes without an error): OPAQUE, never public', async () => {
    const bytes = compress(customerCsv(3000, 15).csv, 'br');
    expect(bytes.length).toBeGreaterThan(8192);
    const { report } = await scanRevealed(bufferSource('cache/entry-2b7c', bytes));
    expect(report).toMatchObject({ format: 'binary', sensitivity: 'failed', error: { code: 'OPAQUE' } });
  });
});

describe("Hadoop's Snappy stream (.snappy: SnappyCodec's blocks, no signature)", () => {
  /** A block as Hadoop's BlockCompressorStream writes one: the length of its data, then each chunk's length and its raw snappy block. */
  const block = (length: number, chunks: readonly Buffer[]) => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(length);
    return Buffer.concat([header, ...chunks.flatMap((chunk) => [Buffer.from([0, 0, 0, 0].map((_, i) => (chunk.length >>> (24 - 8 * i)) & 0xff)), chunk])]);
  };

  it.each([1, 20, 5000])('%i customers in part-00000.snappy: read, confidential, every ID found, in any chunking', async (rows) => {
    const { csv, ids } = customerCsv(rows, 11);
    const bytes = await snappyHadoop(csv);
    for (const chunk of [bytes.length, 333]) {
      const { report, ids: found } = await scanRevealed(bufferSource('out/part-00000.snappy', bytes, chunk));
      expect(report).toMatchObject({ format: 'snappy', sensitivity: 'confidential' });
      expect(report.error).toBeUndefined();
      expect(new Set(found)).toEqual(new Set(ids));
      expect(report.findings[0].location.entry).toBe('part-00000');
    }
    if (rows === 5000) expect(bytes.readUInt32BE(0)).toBe(65_536); // more than one block
  });

  it('decodes to exactly what was written, a block of several chunks too (data larger than one compress call)', async () => {
    const { csv } = customerCsv(300, 12);
    const data = Buffer.from(csv);
    const half = data.length >> 1;
    const twoChunks = block(data.length, [await snappyRaw(data.subarray(0, half)), await snappyRaw(data.subarray(half))]);
    await expectDecodes('c.snappy', Buffer.concat([twoChunks, await snappyHadoop('and after it 13812345678\n')]), `${csv}and after it 13812345678\n`, [7, 4096, 1 << 20]);
  });

  it('every 4-byte overwrite of the first 64 bytes of a customer list, and 64 seeded ones after, is confidential or failed, never public', async () => {
    expect(await overwrittenLevels('part-00001.snappy', await snappyHadoop(customerCsv(20, 17).csv))).toEqual([]);
  });

  it('a product list stays public', async () => {
    const { report } = await scanRevealed(bufferSource('products.snappy', await snappyHadoop(publicCsv())));
    expect(report).toMatchObject({ format: 'snappy', sensitivity: 'public', counts: {} });
    expect(report.error).toBeUndefined();
  });

  it('cut short, a chunk that does not decode, or one holding more than its block: CORRUPT, never public', async () => {
    const { csv } = customerCsv(2000, 13);
    const bytes = await snappyHadoop(csv);
    const chunk = await snappyRaw('13812345678 and more');
    const cases: [string, Buffer, string][] = [
      ['cut in a chunk', bytes.subarray(0, bytes.length - 100), 'snappy data is truncated (in a chunk)'],
      ['cut in a block header', Buffer.concat([bytes, Buffer.from([0, 0])]), 'snappy data is truncated (in a block header)'],
      ['a chunk holding more than its block', Buffer.concat([bytes, block(10, [chunk])]), 'snappy chunk holds other than its block has left'],
      ['a chunk whose copy reaches before its data', Buffer.concat([bytes, block(8, [Buffer.from([0x08, 0x01 | (3 << 2), 0x05])])]), 'snappy chunk could not be decompressed'],
      ['a block of 4 GiB after the first', Buffer.concat([bytes, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff])]), 'snappy block is longer than a Hadoop block is taken to be'],
    ];
    for (const [what, damaged, message] of cases) {
      const { report } = await scanRevealed(bufferSource('c.snappy', damaged));
      expect([what, report.error?.code, report.error?.message]).toEqual([what, 'CORRUPT', message]);
      expect(report.sensitivity, what).not.toBe('public');
    }
    // A chunk longer than any part held in memory is not read into it.
    const big = Buffer.concat([bytes, block(64 * 1024 * 1024, [Buffer.alloc(8)])]);
    big.writeUInt32BE(20 * 1024 * 1024, bytes.length + 4);
    const { parts } = await readAll(bufferSource('c.snappy', big), { maxBufferedBytes: 16 * 1024 * 1024 });
    expect(parts.at(-1)).toMatchObject({ kind: 'error', code: 'LIMIT_EXCEEDED', message: expect.stringContaining('snappy chunk is larger than') });
  });

  it('not named .snappy, it is not taken for one; named so without its lengths, CORRUPT after the strings pass', async () => {
    const bytes = await snappyHadoop(customerCsv(3, 14).csv);
    expect((await scanRevealed(bufferSource('part-00000', bytes))).report.format).not.toBe('snappy');
    const { report } = await scanRevealed(bufferSource('notes.snappy', Buffer.from(publicCsv())));
    expect(report.error).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('named .snappy') });
  });
});

describe('Unix compress (.Z)', () => {
  const { csv, ids } = customerCsv(400);
  // A small file: under the size the strings pass can tell compressed bytes from text by.
  const few = customerCsv(5, 12);

  // Not -b9: ncompress's 9-bit output is read by neither gzip nor the compress tool of other systems.
  /** Letters and spaces in no order after repeated digits: the ratio falls, and compress clears its full table (1, 12 and 12 times at 16, 12 and 10 bits, counted in a copy of the reader). */
  const letters = Array.from(noise(100_000, 9), (byte) => (byte % 9 === 0 ? ' ' : String.fromCharCode(0x41 + (byte % 26) + (byte & 0x20)))).join('');

  it.each([16, 12, 10])('customers.csv.Z of %i-bit codes (a cleared table when it fills) decodes to exactly what was written, in any chunking', async (bits) => {
    const text = `${'0123456789,'.repeat(20_000)}${csv}${letters}\n${csv}`;
    const z = compressZ(text, bits);
    await expectDecodes('customers.csv.Z', z, text, [z.length, 1, 7, 4096]);
    const { report, ids: found } = await scanRevealed(bufferSource('customers.csv.Z', z));
    expect(report).toMatchObject({ format: 'compress', sensitivity: 'confidential' });
    expect(report.findings[0].location.entry).toBe('customers.csv');
    expect(new Set(found)).toEqual(new Set(ids));
  });

  it('a .Z of five customers, too small for the strings pass to tell (public before), is confidential; a .tar.Z is a tar', async () => {
    const small = compressZ(few.csv);
    expect(small.length).toBeLessThan(1024);
    const { report, ids: found } = await scanRevealed(bufferSource('few.csv.Z', small));
    expect(report).toMatchObject({ format: 'compress', sensitivity: 'confidential' });
    expect(new Set(found)).toEqual(new Set(few.ids));
    expect(new Set((await scanRevealed(bufferSource('crm.tar.Z', compressZ(crmTar(csv, 'gnu'))))).ids)).toEqual(new Set(ids));
    expect(await scanSource(bufferSource('products.csv.Z', compressZ(publicCsv())), 'products.csv.Z')).toMatchObject({ sensitivity: 'public', counts: {} });
  });

  it('a code beyond the table, a bad header or a file cut short is CORRUPT', async () => {
    const z = compressZ(csv.repeat(4));
    const beyond = Buffer.from(z);
    // The second code (bits 9-17 after the header) made 511, beyond a table of 257 entries.
    beyond[4] = (beyond[4] & 0x01) | 0xfe;
    beyond[5] |= 0x03;
    const cases: [string, Buffer, string][] = [
      ['a code beyond the table', beyond, 'compress (.Z) data holds a code beyond its table (damaged)'],
      // Not sniffed as compress: named .Z, read as what it is, then CORRUPT.
      ['reserved flags', Buffer.concat([z.subarray(0, 2), Buffer.from([z[2] | 0x20]), z.subarray(3)]), 'compress (.Z) data'],
      ['cut short', z.subarray(0, z.length - 5), 'compress (.Z) data is cut short'],
    ];
    for (const [what, bytes, message] of cases) {
      const { parts, thrown } = await readAll(bufferSource('c.csv.Z', bytes));
      expect(thrown, what).toBeUndefined();
      expect(parts.at(-1), what).toMatchObject({ kind: 'error', code: 'CORRUPT', message: expect.stringContaining(message) });
    }
  });

  // The format has no checksum, but a damaged code mostly points beyond the table: none came out public.
  it('every 4-byte overwrite of the first 64 bytes of customers.csv.Z, and 64 seeded ones after, is confidential or failed, never public', async () => {
    expect(await overwrittenLevels('customers.csv.Z', compressZ(customerCsv().csv))).toEqual([]);
  });
});
