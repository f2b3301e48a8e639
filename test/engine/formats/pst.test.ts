// Outlook PST/OST mail stores: the strings pass reads them; one whose data blocks are encoded is
// ENCRYPTED, never public. Headers built by [MS-PST] 2.2.2.6 (no PST writer exists on Debian or PyPI).
import { describe, expect, it } from 'vitest';
import { pstCryptMethod } from '../../../lambdas/engine/formats/pst.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { bufferSource } from './read-parts.js';

/** A PST header (`unicode`: wVer 23, else 14) with bCryptMethod `crypt`, then `body` as the data. */
function pst(crypt: number, body: Buffer, unicode = true): Buffer {
  const header = Buffer.alloc(564);
  header.write('!BDN', 0, 'latin1');
  header.write('SM', 8, 'latin1');
  header.writeUInt16LE(unicode ? 23 : 14, 10);
  const sentinel = unicode ? 512 : 460;
  header[sentinel] = 0x80;
  header[sentinel + 1] = crypt;
  return Buffer.concat([header, Buffer.alloc(512 - (header.length % 512)), body]);
}

const message = Buffer.from('客户联系电话 13812345678，请回电 ', 'utf16le');

describe('PST/OST', () => {
  it.each([
    [true, 0],
    [true, 1],
    [true, 2],
    [false, 1],
  ])('reads bCryptMethod from a header (unicode %s): %i', (unicode, crypt) => {
    expect(pstCryptMethod(pst(crypt, message, unicode))).toBe(crypt);
  });

  it('is no PST without the magic, the client magic or the sentinel', () => {
    const good = pst(1, message);
    for (const [at, value] of [[0, 0x20], [8, 0x41], [512, 0x00], [10, 20]] as const) {
      const bad = Buffer.from(good);
      bad[at] = value;
      expect(pstCryptMethod(bad), `byte ${at}`).toBeUndefined();
    }
  });

  it('an unencoded store is read by the strings pass', async () => {
    const report = await scanSource(bufferSource('mail.pst', pst(0, message)), 'mail.pst', {});
    expect(report).toMatchObject({ format: 'binary', fallback: 'strings', sensitivity: 'sensitive', counts: { cn_mobile: 1 } });
    expect(report.error).toBeUndefined();
  });

  it.each([1, 2])('a store encoded with method %i is ENCRYPTED (failed), never public, whatever the strings pass found', async (crypt) => {
    // An encoded store's messages are no text: the strings pass finds nothing in them
    const permuted = Buffer.from(message.map((byte) => (byte * 7 + 13) & 0xff));
    const empty = await scanSource(bufferSource('mail.pst', pst(crypt, permuted)), 'mail.pst', {});
    expect(empty).toMatchObject({ format: 'binary', sensitivity: 'failed', error: { code: 'ENCRYPTED' } });
    expect(empty.error?.message).toMatch(/PST\/OST/);
    const some = await scanSource(bufferSource('mail.ost', pst(crypt, message)), 'mail.ost', {});
    expect(some).toMatchObject({ sensitivity: 'failed', counts: { cn_mobile: 1 }, error: { code: 'ENCRYPTED' } });
  });

  it('any other binary is read as before: no PST, no error', async () => {
    // a header whose sentinel is wrong is no PST header
    const notPst = pst(1, message);
    notPst[512] = 0;
    const report = await scanSource(bufferSource('blob.bin', notPst), 'blob.bin', {});
    expect(report).toMatchObject({ format: 'binary', fallback: 'strings', sensitivity: 'sensitive' });
    expect(report.error).toBeUndefined();
  });
});
