import { describe, expect, it } from 'vitest';
import { LEGIBLE_SIDE_PIXELS, mediaKind, pictureEnd, tooSmallToRead, type MediaKind } from '../../../lambdas/engine/formats/media.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { ICON_MAX_BYTES } from '../../../lambdas/engine/formats/icon-bytes.js';
import { greyPng, gzipBuffer, zipBuffer } from '../../../synthetic/files.js';
import { customerCsv, scanRevealed } from './backup-fixtures.js';
import { bufferSource, jpegHead, noise } from './read-parts.js';

/** Binary bytes after a magic, so that the head is not text. */
const tail = noise(600, 5);
const withTail = (...parts: (string | number[])[]) =>
  Buffer.concat([...parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))), tail]);

/** A BMP head with a BITMAPINFOHEADER (40 bytes) of `width` x `height`. */
function bmpHead(width: number, height: number): Buffer {
  const head = Buffer.alloc(54);
  head.write('BM', 0, 'latin1');
  head.writeUInt32LE(54 + width * height * 3, 2);
  head.writeUInt32LE(54, 10);
  head.writeUInt32LE(40, 14);
  head.writeInt32LE(width, 18);
  head.writeInt32LE(-height, 22); // top-down
  return Buffer.concat([head, tail]);
}

const gif = (width: number, height: number) => withTail('GIF89a', [width & 0xff, width >> 8, height & 0xff, height >> 8]);
const ftyp = (brand: string) => withTail([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0]);

/** A whole BMP of `width` x `height` (24-bit, rows padded to four bytes). */
function wholeBmp(width: number, height: number): Buffer {
  const head = bmpHead(width, height).subarray(0, 54);
  const pixels = Buffer.alloc(Math.ceil((width * 3) / 4) * 4 * height, 0x80);
  head.writeUInt32LE(54 + pixels.length, 2);
  return Buffer.concat([head, pixels]);
}

/** A PNG text chunk (`tEXt`): its keyword, a NUL, its text (the CRC is not checked by the reader). */
function textChunk(keyword: string, text: string): Buffer {
  const data = Buffer.concat([Buffer.from(`${keyword}\0`, 'latin1'), Buffer.from(text)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from('tEXt', 'latin1'), data, Buffer.alloc(4)]);
}

/** A whole 1x1 GIF: header, screen without a colour table, a comment extension, one image, trailer. */
const WHOLE_GIF = Buffer.concat([
  Buffer.from('GIF89a', 'latin1'),
  Buffer.from([1, 0, 1, 0, 0, 0, 0]),
  Buffer.from([0x21, 0xfe, 3]),
  Buffer.from('abc', 'latin1'),
  Buffer.from([0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0, 0x3b]),
]);

/** A 16x16 JPEG's structure: SOI, APP0, SOF0, DHT, SOS, entropy-coded data (a stuffed FF 00, a restart marker), EOI. */
const WHOLE_JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'),
  Buffer.from([0xff, 0xc0, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0]),
  Buffer.from([0xff, 0xc4, 0, 4, 0, 0]),
  Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0]),
  Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0x78]),
  Buffer.from([0xff, 0xd9]),
]);

describe('mediaKind', () => {
  it.each<[string, Buffer, MediaKind]>([
    ['JPEG (size from its SOF0)', jpegHead(1200, 800), { format: 'image', width: 1200, height: 800 }],
    ['JPEG whose SOF lies past the bytes given', jpegHead(1200, 800, 0x3000).subarray(0, 4096), { format: 'image' }],
    ['PNG', greyPng(300, 200), { format: 'image', width: 300, height: 200 }],
    ['GIF', gif(1, 1), { format: 'image', width: 1, height: 1 }],
    ['BMP', bmpHead(640, 480), { format: 'image', width: 640, height: 480 }],
    ['WebP', withTail('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), { format: 'image' }],
    ['TIFF (Intel)', withTail('II*\0'), { format: 'image' }],
    ['TIFF (Motorola)', withTail('MM\0*'), { format: 'image' }],
    ['HEIC (an iPhone photo)', ftyp('heic'), { format: 'image' }],
    ['AVIF', ftyp('avif'), { format: 'image' }],
    ['MP4 video', ftyp('isom'), { format: 'media' }],
    ['M4A audio', ftyp('M4A '), { format: 'media' }],
    ['WAV', withTail('RIFF', [0, 0, 0, 0], 'WAVEfmt '), { format: 'media' }],
    ['AVI', withTail('RIFF', [0, 0, 0, 0], 'AVI LIST'), { format: 'media' }],
    ['MP3 with an ID3 tag', withTail('ID3', [4, 0, 0]), { format: 'media' }],
    ['Ogg', withTail('OggS', [0]), { format: 'media' }],
    ['FLAC', withTail('fLaC'), { format: 'media' }],
    ['AMR (a phone call recording)', withTail('#!AMR\n'), { format: 'media' }],
    ['SILK (WeChat voice)', withTail([2], '#!SILK_V3'), { format: 'media' }],
    ['Matroska/WebM', withTail([0x1a, 0x45, 0xdf, 0xa3]), { format: 'media' }],
    ['ASF (WMA, WMV)', withTail([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]), { format: 'media' }],
    ['FLV', withTail('FLV\x01'), { format: 'media' }],
  ])('%s', (_, head, kind) => {
    expect(mediaKind(head)).toEqual(kind);
  });

  it.each<[string, Buffer]>([
    ['random bytes', noise(600, 1)],
    ['"BM" without a BMP header', withTail('BMxxxxxxxxxxxxxxxxxxxxxxxxxxxx')],
    ['RIFF of another form', withTail('RIFF', [0, 0, 0, 0], 'ACON')],
  ])('not media: %s', (_, head) => {
    expect(mediaKind(head)).toBeUndefined();
  });
});

describe('sniffing media', () => {
  it.each<[string, Buffer, string]>([
    ['a PNG under any name', greyPng(64, 64), 'scan.dat'],
    ['a JPEG named .csv', jpegHead(640, 480), 'customers.csv'],
  ])('%s is an image', (_, head, name) => {
    expect(sniffBytes(head, name).format).toBe('image');
  });

  it.each([
    ['text that starts with ID3', 'ID3 tags: artist, title, album\n'],
    ['text that starts with OggS', 'OggS is the Ogg capture pattern\n'],
    ['text that starts with BM', 'BM is how a bitmap starts\n'],
  ])('%s stays text', (_, text) => {
    expect(sniffBytes(Buffer.from(text, 'latin1'), 'notes.txt').format).toBe('text');
  });
});

describe('tooSmallToRead', () => {
  it.each<[MediaKind, boolean]>([
    [{ format: 'image', width: LEGIBLE_SIDE_PIXELS - 1, height: LEGIBLE_SIDE_PIXELS - 1 }, true],
    [{ format: 'image', width: LEGIBLE_SIDE_PIXELS, height: 1 }, false],
    [{ format: 'image', width: 1, height: LEGIBLE_SIDE_PIXELS }, false],
    [{ format: 'image' }, false],
    [{ format: 'media' }, false],
  ])('%j: %s', (kind, small) => {
    expect(tooSmallToRead(kind)).toBe(small);
  });
});

describe('scanning images, audio and video', () => {
  it.each<[string, Buffer, string]>([
    ['a photo of an ID card (PNG)', greyPng(640, 400), 'image'],
    ['a JPEG', jpegHead(1200, 800), 'image'],
    ['a call recording (AMR)', withTail('#!AMR\n'), 'media'],
  ])('%s is NO_TEXT: failed, never public', async (_, data, format) => {
    const { report } = await scanRevealed(bufferSource('kyc/0001', data));
    expect(report).toMatchObject({ format, sensitivity: 'failed', counts: {}, error: { code: 'NO_TEXT' } });
  });

  it('an icon under LEGIBLE_SIDE_PIXELS a side is public, with no error', async () => {
    const { report } = await scanRevealed(bufferSource('logo.png', greyPng(16, 16)));
    expect(report).toMatchObject({ format: 'image', sensitivity: 'public', counts: {} });
    expect(report.error).toBeUndefined();
  });

  // Found by fuzzing: a customer list after a tiny picture's header was taken for an icon, unread.
  it.each<[string, Buffer]>([
    ['a 16x16 PNG', greyPng(16, 16)],
    ['a 1x1 GIF', gif(1, 1)],
    ['a 16x16 BMP', bmpHead(16, 16)],
  ])('a customer list after %s is read by the strings pass: confidential', async (_, picture) => {
    const { csv, ids } = customerCsv(6);
    for (const name of ['logo.png', 'export.csv', 'data']) {
      const { report, ids: found } = await scanRevealed(bufferSource(name, Buffer.concat([picture, Buffer.from(csv)])));
      expect(report).toMatchObject({ format: 'image', sensitivity: 'confidential' });
      expect(new Set(found)).toEqual(new Set(ids));
    }
  });

  // Found by fuzzing: an archive appended to a real 16x16 picture was taken for its compressed
  // pixels, and the icon came out public.
  it.each<[string, Buffer]>([
    ['a 16x16 PNG', greyPng(16, 16)],
    ['a 1x1 GIF', WHOLE_GIF],
    ['a 16x16 BMP', wholeBmp(16, 16)],
    ['a 16x16 JPEG', WHOLE_JPEG],
  ])('an archive appended to %s is read as an object of its own, after the picture', async (_, picture) => {
    expect(pictureEnd(picture)).toBe(picture.length);
    const { csv, ids } = customerCsv(6);
    const archives: [string, Buffer][] = [
      ['zip', await zipBuffer([{ name: 'customers.csv', data: csv }])],
      ['gzip', gzipBuffer(csv)],
    ];
    for (const [kind, archive] of archives) {
      for (const name of ['logo.png', 'data']) {
        const { report, ids: found } = await scanRevealed(bufferSource(name, Buffer.concat([picture, archive])));
        expect(report, `${kind} named ${name}`).toMatchObject({ format: 'image', sensitivity: 'confidential' });
        expect(report.error, `${kind} named ${name}`).toBeUndefined();
        expect(new Set(found), `${kind} named ${name}`).toEqual(new Set(ids));
        expect(report.findings[0].location.entry).toMatch(new RegExp(`^appended@${picture.length}`));
      }
    }
  });

  // Found by fuzzing: padding before the archive, a damaged picture, or the icon inside another
  // file (a BLOB, a data: URI) left the archive unread, and public.
  it('an archive after padding, after a damaged picture, or in an icon held by another file is read', async () => {
    const { csv, ids } = customerCsv(6);
    const gz = gzipBuffer(csv);
    const png = greyPng(16, 16);
    const icons: [string, Buffer][] = [
      ['a zero byte of padding', Buffer.concat([png, Buffer.from([0]), gz])],
      ['CRLF and 40 KiB of zeros', Buffer.concat([png, Buffer.from('\r\n'), Buffer.alloc(40_000), gz])],
      ['a PNG cut before its IEND', Buffer.concat([png.subarray(0, -12), gz])],
      ['junk between', Buffer.concat([png, Buffer.from('xx\x01\x02'), gz])],
      ['an IEND whose length is not 0', Buffer.concat([png.subarray(0, -12), Buffer.from([0, 0, 3, 0xe8]), png.subarray(-8), gz])],
      ['a text chunk of 10 KB first (the head reads as text)', Buffer.concat([png.subarray(0, 33), textChunk('Comment', '客户资料 '.repeat(1000)), png.subarray(33), gz])],
      ['a BMP whose size says less than its pixels', Buffer.concat([(() => { const bmp = wholeBmp(16, 16); bmp.writeUInt32LE(60, 2); return bmp; })(), gz])],
      ['padding past 64 KiB', Buffer.concat([png, Buffer.alloc(70_000), gz])],
    ];
    for (const [what, icon] of icons) {
      const { report, ids: found } = await scanRevealed(bufferSource('icon.png', icon));
      expect(report, what).toMatchObject({ format: 'image', sensitivity: 'confidential' });
      expect(new Set(found), what).toEqual(new Set(ids));
    }
    const icon = Buffer.concat([png, gz]);
    const holders: [string, string][] = [
      ['page.html', `<html><body><p>${'本店所售商品均为正品，欢迎选购。'.repeat(10)}</p><img src="data:image/png;base64,${icon.toString('base64')}"></body></html>`],
      ['export.json', `{"avatar":"${icon.toString('base64')}"}`],
      ['kyc.sql', `INSERT INTO kyc (id, photo) VALUES (1, 0x${icon.toString('hex')});\n`],
    ];
    for (const [name, text] of holders) {
      const { report, ids: found } = await scanRevealed(bufferSource(name, text));
      expect(report.sensitivity, name).toBe('confidential');
      expect(new Set(found), name).toEqual(new Set(ids));
    }
  });

  it('a CSV after a picture is read as a CSV, under its headers', async () => {
    const { csv } = customerCsv(6);
    const alone = await scanSource(bufferSource('list.csv', csv), 'list.csv');
    const after = await scanSource(bufferSource('icon.png', Buffer.concat([greyPng(16, 16), Buffer.from(csv)])), 'icon.png');
    expect(after.counts).toEqual(alone.counts);
  });

  it.each<[string, Buffer]>([
    ['a PNG cut before its IEND', greyPng(16, 16).subarray(0, -6)],
    ['a PNG whose chunk length runs past its end', Buffer.concat([greyPng(16, 16).subarray(0, 8), Buffer.from([0x7f, 0, 0, 0]), Buffer.from('IHDR')])],
    ['a GIF without its trailer', WHOLE_GIF.subarray(0, -1)],
    ['a BMP whose size is past its bytes', wholeBmp(16, 16).subarray(0, 100)],
    ['a JPEG without its EOI', WHOLE_JPEG.subarray(0, -2)],
    ['random bytes', noise(600, 3)],
  ])('%s has no end', (_, bytes) => {
    expect(pictureEnd(bytes)).toBeUndefined();
  });

  it('a file larger than an icon that starts as one and is then random is OPAQUE, not an icon', async () => {
    const { report } = await scanRevealed(bufferSource('logo.png', Buffer.concat([greyPng(16, 16), noise(ICON_MAX_BYTES, 9)])));
    expect(report).toMatchObject({ format: 'image', sensitivity: 'failed', error: { code: 'OPAQUE' } });
  });

  it('a zip of ID card photos and a customer note fails on the photos, after reading the note', async () => {
    const zip = await zipBuffer([
      { name: 'kyc/0001-front.png', data: greyPng(640, 400) },
      { name: 'kyc/note.txt', data: 'checked\n' },
    ]);
    const { report } = await scanRevealed(bufferSource('kyc.zip', zip));
    expect(report).toMatchObject({ format: 'zip', sensitivity: 'failed', error: { code: 'NO_TEXT' } });
  });
});
