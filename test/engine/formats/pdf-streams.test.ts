/**
 * A PDF whose page content stream is damaged: pdfjs reads what it can of it and says nothing, so
 * a customer list printed to PDF with a few bytes overwritten came out public (a fuzzing run: 6 of
 * 400 damaged copies). The streams are checked on the file's bytes (pdf-streams.ts): such a PDF is
 * CORRUPT, never public; a whole one, from any of the producers here, has no damaged stream.
 */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { damagedStreams } from '../../../lambdas/engine/formats/pdf-streams.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { chinesePdfBuffer, docxBuffer, pdfBuffer, scannedPdfBuffer } from '../../../synthetic/files.js';
import { bufferSource } from './read-parts.js';
import { CUSTOMER_COLUMNS, converted, customers } from './writers.js';

const { rows } = customers(12, 'pdf-streams');
const table = [[...CUSTOMER_COLUMNS], ...rows.map((row) => row.map(String))];
const list = () => chinesePdfBuffer([table.flatMap((row, r) => row.map((text, c) => ({ text, x: 20 + c * 90, y: 60 + r * 16 })))]);

/** Where the page's content stream's data starts and ends (inflated, it shows text: `BT`). */
function contentStream(pdf: Buffer): { start: number; end: number } {
  const text = pdf.toString('latin1');
  for (const match of text.matchAll(/>>\s*stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    try {
      if (inflateSync(pdf.subarray(start, end)).includes('BT')) return { start, end };
    } catch {
      // Not this one.
    }
  }
  throw new Error('no content stream');
}

const scan = (pdf: Buffer) => scanSource(bufferSource('list.pdf', pdf), 'list.pdf');

describe('a PDF whose content stream is damaged', () => {
  it('whole, the list is confidential', async () => {
    expect((await scan(await list())).sensitivity).toBe('confidential');
  });

  // 100 bytes into its data: pdfjs read nothing of the page and said nothing (public before).
  it.each([
    ['bytes overwritten in it', (pdf: Buffer, start: number) => Buffer.from(pdf).fill(0x55, start + 100, start + 108)],
    ['bytes inserted in it', (pdf: Buffer, start: number) => Buffer.concat([pdf.subarray(0, start + 100), Buffer.alloc(16, 0x41), pdf.subarray(start + 100)])],
    ['bytes dropped from it', (pdf: Buffer, start: number) => Buffer.concat([pdf.subarray(0, start + 100), pdf.subarray(start + 130)])],
  ])('%s: CORRUPT, never public (it was public: pdfjs gave none of its rows)', async (_, damage) => {
    const pdf = await list();
    const report = await scan(damage(pdf, contentStream(pdf).start));
    expect(report).toMatchObject({ sensitivity: 'failed', counts: {} });
    expect(report.error).toEqual({ code: 'CORRUPT', message: 'pdf has 1 damaged stream(s) (cut short, or not of their length, or not decompressing): what they hold may not have been read' });
  });

  it('the file cut short inside it: CORRUPT, never public', async () => {
    const pdf = await list();
    const { start, end } = contentStream(pdf);
    const report = await scan(pdf.subarray(0, (start + end) >> 1));
    expect(report.sensitivity).toBe('failed');
    expect(report.error?.code).toBe('CORRUPT');
  });

  it('names how many streams are damaged', async () => {
    const pdf = await list();
    const { start } = contentStream(pdf);
    expect(damagedStreams(pdf)).toBe(0);
    expect(damagedStreams(Buffer.from(pdf).fill(0x55, start + 100, start + 108))).toBe(1);
  });
});

describe('whole PDFs have no damaged stream', () => {
  it.each([
    ['pdf-lib', () => pdfBuffer([['customer 13812345678'], ['page two']])],
    ['pdf-lib with a CID font', list],
    ['pdf-lib, pages of pictures', () => scannedPdfBuffer([['ID card']])],
    ['LibreOffice', async () => converted(await docxBuffer(['客户名单', '手机 13812345678']), 'docx', 'pdf')],
  ])('%s', async (_, make) => {
    expect(damagedStreams(await make())).toBe(0);
  }, 120_000);

  it('a length held in an object of its own (`/Length 5 0 R`) is read from it', () => {
    const pdf = (length: number) => Buffer.from(`%PDF-1.4\n4 0 obj\n<< /Length 5 0 R >>\nstream\nBT ET\nendstream\nendobj\n5 0 obj\n${length}\nendobj\n%%EOF\n`, 'latin1');
    expect(damagedStreams(pdf(5))).toBe(0);
    expect(damagedStreams(pdf(9))).toBe(1);
  });
});
