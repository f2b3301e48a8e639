import { deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  MIN_BLOCK_BYTES,
  OPACITY_BLOCK_BYTES,
  OPAQUE_ALWAYS_BYTES,
  OPAQUE_BITS_PER_BYTE,
  OpacityMeter,
  entropyBits,
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

/** A meter fed `chunks` in pieces of `piece` bytes, finished. */
function measure(chunks: readonly Uint8Array[], piece = 10_000): OpacityMeter {
  const meter = new OpacityMeter();
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
