import { execFileSync } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { brotliCompressSync, deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  MIN_BLOCK_BYTES,
  MIN_SHORT_OBJECT_BYTES,
  OPACITY_BLOCK_BYTES,
  OPAQUE_ALWAYS_BYTES,
  OPAQUE_BITS_PER_BYTE,
  OpacityMeter,
  entropyBits,
  fewPairs,
} from '../../../lambdas/engine/formats/opacity.js';
import { SNIFF_BYTES } from '../../../lambdas/engine/formats/sniff.js';
import { gzipBuffer } from '../../../synthetic/files.js';
import { customerCsv, scanRevealed } from './backup-fixtures.js';
import { binaryFiller, bufferSource, noise, readAll } from './read-parts.js';

const BLOCK = OPACITY_BLOCK_BYTES;

/** Entropy of a whole buffer, bits per byte. */
function bitsOf(bytes: Uint8Array): number {
  const counts = new Uint32Array(256);
  for (const byte of bytes) counts[byte]++;
  return entropyBits(counts, bytes.length);
}

/** A meter fed `chunks` in pieces of `piece` bytes, finished; `shortObjects` as the strings pass makes it. */
function measure(chunks: readonly Uint8Array[], piece = 10_000, shortObjects = false): OpacityMeter {
  const meter = new OpacityMeter(shortObjects);
  for (const chunk of chunks) for (let at = 0; at < chunk.length; at += piece) meter.feed(chunk.subarray(at, at + piece));
  meter.finish();
  return meter;
}

/** Chinese text of ideographs drawn evenly from 20,000: more even than any real text. */
function evenIdeographs(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(0x4e00 + ((i * 7919) % 20_000));
  return text;
}

describe('entropyBits', () => {
  it('is 0 for one byte value and 8 for all 256 equally', () => {
    expect(bitsOf(Buffer.alloc(BLOCK, 7))).toBe(0);
    const even = Buffer.alloc(BLOCK);
    for (let i = 0; i < BLOCK; i++) even[i] = i & 0xff;
    expect(bitsOf(even)).toBeCloseTo(8 + 255 / (2 * BLOCK * Math.LN2), 9);
  });

  it.each<[string, () => Buffer]>([
    ['UTF-8 customer list', () => Buffer.from(customerCsv(800).csv)],
    ['GBK customer list', () => iconv.encode(customerCsv(800).csv, 'gbk')],
    ['UTF-16LE customer list', () => iconv.encode(customerCsv(800).csv, 'utf16le')],
    ['UTF-16LE ideographs drawn evenly from 20,000', () => Buffer.from(evenIdeographs(BLOCK), 'utf16le')],
    ['GB18030 ideographs drawn evenly from 20,000', () => iconv.encode(evenIdeographs(BLOCK), 'gb18030')],
    ['database-like pages', () => binaryFiller(BLOCK)],
  ])('text and structured bytes stay under the opaque threshold: %s', (_, bytes) => {
    expect(bitsOf(bytes().subarray(0, BLOCK))).toBeLessThan(OPAQUE_BITS_PER_BYTE - 0.2);
  });

  it.each<[string, () => Buffer]>([
    ['random bytes', () => noise(BLOCK, 9)],
    ['a deflated customer list', () => deflateRawSync(Buffer.from(customerCsv(3000).csv))],
    ['random bytes, a short block of MIN_BLOCK_BYTES', () => noise(MIN_BLOCK_BYTES, 9)],
  ])('compressed and encrypted bytes reach it: %s', (_, bytes) => {
    const data = bytes();
    expect(bitsOf(data.subarray(0, Math.min(BLOCK, data.length)))).toBeGreaterThanOrEqual(OPAQUE_BITS_PER_BYTE);
  });
});

describe('blocks of OPACITY_BLOCK_BYTES', () => {
  it('every one of a deflate stream reaches the threshold, its first (the code tables) too', () => {
    for (const compressed of [deflateRawSync(Buffer.from(customerCsv(3000).csv)), gzipBuffer(customerCsv(3000, 4).csv)]) {
      const bits = [];
      for (let at = 0; at + BLOCK <= compressed.length; at += BLOCK) bits.push(bitsOf(compressed.subarray(at, at + BLOCK)));
      expect(bits.length).toBeGreaterThan(10);
      expect(Math.min(...bits)).toBeGreaterThanOrEqual(OPAQUE_BITS_PER_BYTE);
    }
  });
});

describe('OpacityMeter', () => {
  it.each([
    ['a quarter of the bytes opaque', true, [noise(BLOCK), binaryFiller(3 * BLOCK)]],
    ['just under a quarter', false, [noise(BLOCK), binaryFiller(3 * BLOCK + MIN_BLOCK_BYTES)]],
    ['none opaque', false, [binaryFiller(8 * BLOCK)]],
    ['opaque blocks in the middle', true, [binaryFiller(BLOCK), noise(2 * BLOCK), binaryFiller(5 * BLOCK)]],
    ['blank blocks (one byte value) are not counted: 40 KiB of zeros, then 8 KiB of random bytes', true, [Buffer.alloc(40 * 1024), noise(8 * 1024)]],
    ['nor blocks of 0xff', true, [Buffer.alloc(40 * BLOCK, 0xff), noise(BLOCK), binaryFiller(3 * BLOCK)]],
    ['blank blocks only', false, [Buffer.alloc(10 * BLOCK)]],
    ['a random last block of MIN_BLOCK_BYTES', true, [noise(MIN_BLOCK_BYTES)]],
    ['a random last block shorter than MIN_BLOCK_BYTES: not measured', false, [noise(MIN_BLOCK_BYTES - 1)]],
  ] as const)('%s: opaque %s', (_, opaque, chunks) => {
    expect(measure(chunks).opaque).toBe(opaque);
  });

  it('blocks are cut at OPACITY_BLOCK_BYTES whatever the chunks: a random block across a chunk edge is one opaque block', () => {
    const bytes = Buffer.concat([binaryFiller(BLOCK), noise(BLOCK), binaryFiller(2 * BLOCK)]);
    for (const piece of [1000, BLOCK - 1, BLOCK, BLOCK + 1, 4 * BLOCK]) {
      const meter = measure([bytes], piece);
      expect([piece, meter.measuredBytes, meter.opaqueBytes]).toEqual([piece, 4 * BLOCK, BLOCK]);
    }
  });

  it('OPAQUE_ALWAYS_BYTES of opaque blocks make an object opaque at any share; fewer do not under a quarter', () => {
    const filler = binaryFiller(5 * OPAQUE_ALWAYS_BYTES);
    const big = measure([noise(OPAQUE_ALWAYS_BYTES, 4), filler], 4 * 1024 * 1024);
    expect([big.opaqueBytes, big.opaque]).toEqual([OPAQUE_ALWAYS_BYTES, true]);
    const fewer = measure([noise(OPAQUE_ALWAYS_BYTES - BLOCK, 4), filler], 4 * 1024 * 1024);
    expect(fewer.opaque).toBe(false);
  });
});

describe('a text that does not go on as text', () => {
  // Longer than the sniffed head (a makeself installer's script is about 20 KB): the file is text by its head.
  const script = `#!/bin/sh\n${'# installer: unpacks the archive after this script\n'.repeat(200)}ARCHIVE=$(awk '/^__ARCHIVE__/ {print NR + 1; exit 0; }' "$0")\ntail -n+$ARCHIVE "$0" | tar xz\nexit 0\n__ARCHIVE__\n`;
  const log = (rows: number) => customerCsv(rows, 5).csv.replaceAll(',', ' | ');
  const gz = (text: string) => gzipBuffer(text);

  it.each<[string, () => Buffer, string | undefined]>([
    ['a shell installer with a gzip archive after its script (ASCII head: the tail is decoded as GB18030)', () => Buffer.concat([Buffer.from(script), gz(log(3000))]), 'OPAQUE'],
    ['a UTF-8 Chinese log with a compressed blob after it, the blob most of the file', () => Buffer.concat([Buffer.from(log(100)), gz(log(3000))]), 'OPAQUE'],
    ['a UTF-8 log with a blob of random bytes after it, under a quarter of it (any opaque block, in a text)', () => Buffer.concat([Buffer.from(log(3000)), noise(BLOCK, 8)]), 'OPAQUE'],
    ['a shell installer with a small archive (a gzip of 20 rows after 10 KB of script: under a quarter of it)', () => Buffer.concat([Buffer.from(script), gz(log(20))]), 'OPAQUE'],
    ['a UTF-8 log with 500 random bytes inside it (less than a block of them)', () => Buffer.concat([Buffer.from(log(100)), noise(500, 8), Buffer.from(log(3000))]), undefined],
    ['a UTF-8 log with a stray bad byte', () => Buffer.concat([Buffer.from(log(100)), Buffer.from([0xff]), Buffer.from(log(3000))]), undefined],
    ['a GBK customer list (decoded leniently from its head)', () => iconv.encode(log(3000), 'gbk'), undefined],
  ])('%s', async (_, make, code) => {
    const bytes = make();
    expect(bytes.length).toBeGreaterThan(SNIFF_BYTES);
    const { format, parts } = await readAll(bufferSource('file.log', bytes));
    expect(format).toBe('text');
    expect(parts.filter((part) => part.kind === 'error').map((part) => (part.kind === 'error' ? part.code : ''))).toEqual(code === undefined ? [] : [code]);
  });

  it('the findings of the text before the tail are kept: failed, or confidential if they say so', async () => {
    const { csv, ids } = customerCsv(100, 9);
    const { report } = await scanRevealed(bufferSource('export.csv', Buffer.concat([Buffer.from(csv), gzipBuffer(log(3000))])));
    expect(report.error?.code).toBe('OPAQUE');
    expect(report.error?.message).toMatch(/^text, then bytes that are not: \d+% of it compressed or encrypted/);
    expect(ids.every((id) => report.findings.some((finding) => finding.value === id))).toBe(true);
  });
});

describe('a few KiB of compressed or encrypted bytes among padding or other bytes (public in blocks of 64 KiB)', () => {
  const { csv } = customerCsv(300, 3);
  it.each<[string, () => Buffer]>([
    ['40 KiB of zeros, then a gzip', () => Buffer.concat([Buffer.alloc(40 * 1024), gzipBuffer(csv)])],
    ['100 KiB of 0xff, then a gzip', () => Buffer.concat([Buffer.alloc(100 * 1024, 0xff), gzipBuffer(csv)])],
    ['5 KB of a text header, then 30 KB of ciphertext', () => Buffer.concat([Buffer.from('VENDOR-EXPORT v2\n'.padEnd(5000, 'm')), noise(30_000, 5)])],
    ['5 KB of records, then 30 KB of ciphertext', () => Buffer.concat([binaryFiller(5000), noise(30_000, 5)])],
    ['3 KB of records, 200 KB of zeros, 20 KB of ciphertext', () => Buffer.concat([binaryFiller(3000), Buffer.alloc(200_000), noise(20_000, 5)])],
  ])('%s: OPAQUE, never public', async (_, make) => {
    const { report } = await scanRevealed(bufferSource('blob.bin', make()));
    expect([report.sensitivity, report.error?.code]).toEqual(['failed', 'OPAQUE']);
  });
});

describe('a whole object under MIN_BLOCK_BYTES, read by the strings pass: measured by its pairs of equal bytes', () => {
  /** Byte counts of `bytes`, and whether they hold no more pairs than random bytes. */
  const few = (bytes: Uint8Array): boolean => {
    const counts = new Uint32Array(256);
    for (const byte of bytes) counts[byte]++;
    return fewPairs(counts, bytes.length);
  };
  const list = (rows: number, seed: number) => Buffer.from(customerCsv(rows, seed).csv);
  const aes = (plain: Buffer, seed: number) => {
    const cipher = createCipheriv('aes-128-cbc', noise(16, seed), noise(16, seed + 1));
    return Buffer.concat([cipher.update(plain), cipher.final()]);
  };
  /** LZMA2 with no container (`xz --format=raw --lzma2=preset=6`): no signature at all. */
  const rawLzma = (plain: Buffer) => execFileSync('xz', ['--format=raw', '--lzma2=preset=6', '-c'], { input: plain });
  const under = (bytes: Buffer) => bytes.length >= MIN_SHORT_OBJECT_BYTES && bytes.length < MIN_BLOCK_BYTES;

  it('random, compressed with no signature and encrypted bytes hold as few pairs as random bytes do', () => {
    const samples: [string, Buffer][] = [];
    for (let seed = 1; seed <= 200; seed++) samples.push([`random ${seed}`, noise(MIN_SHORT_OBJECT_BYTES + ((seed * 37) % (MIN_BLOCK_BYTES - MIN_SHORT_OBJECT_BYTES)), seed)]);
    for (let rows = 1; rows <= 12; rows++) {
      for (const seed of [1, 2, 3]) {
        samples.push([`Brotli, ${rows} rows`, brotliCompressSync(list(rows, seed))]);
        samples.push([`raw LZMA, ${rows} rows`, rawLzma(list(rows, seed))]);
        samples.push([`AES-CBC, ${rows} rows`, aes(list(rows, seed), seed)]);
      }
    }
    const measured = samples.filter(([, bytes]) => under(bytes));
    expect(measured.length).toBeGreaterThan(250);
    expect(measured.filter(([, bytes]) => !few(bytes)).map(([what, bytes]) => `${what}: ${bytes.length} bytes`)).toEqual([]);
  });

  it('text in any encoding and structured bytes hold many more', () => {
    const samples: [string, Buffer][] = [];
    for (let rows = 1; rows <= 12; rows++) {
      const { csv } = customerCsv(rows, rows);
      samples.push([`UTF-8, ${rows} rows`, Buffer.from(csv)], [`GBK, ${rows} rows`, iconv.encode(csv, 'gbk')], [`UTF-16LE, ${rows} rows`, iconv.encode(csv, 'utf16le')]);
    }
    for (const length of [MIN_SHORT_OBJECT_BYTES, 100, 400, MIN_BLOCK_BYTES - 1]) samples.push([`database-like pages, ${length} bytes`, binaryFiller(length)]);
    const measured = samples.filter(([, bytes]) => under(bytes.subarray(0, MIN_BLOCK_BYTES - 1)));
    expect(measured.length).toBeGreaterThan(30);
    expect(measured.filter(([, bytes]) => few(bytes.subarray(0, MIN_BLOCK_BYTES - 1))).map(([what]) => what)).toEqual([]);
  });

  it.each([
    ['random bytes just under MIN_BLOCK_BYTES', true, [noise(MIN_BLOCK_BYTES - 1)], true],
    ['random bytes of MIN_SHORT_OBJECT_BYTES', true, [noise(MIN_SHORT_OBJECT_BYTES, 3)], true],
    ['random bytes under MIN_SHORT_OBJECT_BYTES: too few to tell', true, [noise(MIN_SHORT_OBJECT_BYTES - 1, 3)], false],
    ['a meter not made for short objects (a text reader\'s)', false, [noise(MIN_BLOCK_BYTES - 1)], false],
    ['a short last block after a whole one is not measured so', true, [binaryFiller(BLOCK), noise(MIN_BLOCK_BYTES - 1)], false],
    ['one byte value', true, [Buffer.alloc(600, 0x41)], false],
  ] as const)('%s (shortObjects %s): opaque %s', (_, shortObjects, chunks, opaque) => {
    expect(measure(chunks, 100, shortObjects).opaque).toBe(opaque);
  });

  it.each<[string, () => Buffer]>([
    ['five customers as raw LZMA (xz --format=raw: no signature; was public)', () => rawLzma(list(5, 4))],
    ['one customer as raw LZMA', () => rawLzma(list(1, 4))],
    ['three customers encrypted with AES-CBC and no header', () => aes(list(3, 4), 9)],
  ])('%s: OPAQUE, never public', async (_, make) => {
    const bytes = make();
    expect(under(bytes)).toBe(true);
    const { report } = await scanRevealed(bufferSource('blob.bin', bytes));
    expect(report).toMatchObject({ format: 'binary', sensitivity: 'failed', error: { code: 'OPAQUE' } });
  });

  it('a small structured binary is not opaque: public, as before', async () => {
    const { report } = await scanRevealed(bufferSource('state.bin', binaryFiller(700)));
    expect(report).toMatchObject({ format: 'binary', sensitivity: 'public' });
    expect(report.error).toBeUndefined();
  });
});
