import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PICTURE_DOCUMENT_MAX_CHARS } from '../../../lambdas/engine/formats/media.js';
import { docxBuffer, greyPng, xlsxBuffer } from '../../../synthetic/files.js';
import { scanRevealed } from './backup-fixtures.js';
import { OUT_DIR, bufferSource, readAll } from './read-parts.js';
import { msgBuffer } from './msg-writer.js';
import { convertedAll, emailBuffer, written, xlsWithPictures } from './writers.js';
import { ensureJavaTools } from '../../../scripts/java-tools.js';

// The Java writers' jars are fetched on a fresh clone: in a hook, with the hook's time limit, not a test's.
beforeAll(() => ensureJavaTools().then(() => undefined));

const photo = greyPng(640, 400);
const icon = greyPng(16, 16);
const contract = '本合同由甲乙双方本着平等自愿、诚实信用的原则订立，双方应当按照约定全面履行各自的义务。'.repeat(3);

describe('Office documents that are pictures', () => {
  it('a Word document of ID card photos under a caption (身份证正反面) is NO_TEXT: failed, never public', async () => {
    const docx = await docxBuffer(['身份证正反面：'], { pictures: [photo, greyPng(600, 380)] });
    const { report } = await scanRevealed(bufferSource('客户/身份证复印件.docx', docx));
    expect(report).toMatchObject({ format: 'docx', sensitivity: 'failed', counts: {}, error: { code: 'NO_TEXT' } });
    expect(report.error?.message).toContain('2 pictures');
  });

  it.each<[string, () => Promise<Buffer>]>([
    ['a contract with a photo: read as its text', () => docxBuffer([contract], { pictures: [photo] })],
    ['a short note with an icon only', () => docxBuffer(['见附件。'], { pictures: [icon] })],
    ['a short note without pictures', () => docxBuffer(['见附件。'])],
  ])('no NO_TEXT for %s', async (_, make) => {
    expect(contract.replace(/\s/g, '').length).toBeGreaterThanOrEqual(PICTURE_DOCUMENT_MAX_CHARS);
    const { report } = await scanRevealed(bufferSource('a.docx', await make()));
    expect(report).toMatchObject({ format: 'docx', sensitivity: 'public' });
    expect(report.error).toBeUndefined();
  });

  it('a workbook of photographed receipts with a title row is NO_TEXT; the same with a table of text is read', async () => {
    const receipts = await xlsxBuffer([{ name: '报销', rows: [['发票照片']] }], { pictures: [photo, photo, photo] });
    expect((await scanRevealed(bufferSource('报销.xlsx', receipts))).report).toMatchObject({ format: 'xlsx', sensitivity: 'failed', error: { code: 'NO_TEXT' } });
    const rows = Array.from({ length: 30 }, (_, i) => [`商品${i}`, `规格说明${i}`, i]);
    const table = await xlsxBuffer([{ name: '商品', rows }], { pictures: [photo] });
    const { report } = await scanRevealed(bufferSource('商品.xlsx', table));
    expect(report.error).toBeUndefined();
  });

  it('a presentation of photos (python-pptx) is NO_TEXT after its text and before its embedded files', async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const path = join(OUT_DIR, 'pictures-photo.png');
    writeFileSync(path, photo);
    const pptx = await written({ kind: 'pptx', paragraphs: [], pictures: [path] });
    const { parts } = await readAll(bufferSource('photos.pptx', pptx));
    expect(parts).toMatchObject([{ kind: 'text' }, { kind: 'error', code: 'NO_TEXT' }]);
  });
});

describe('pictures in mail', () => {
  const mail = { fromName: '客服', from: 'service@example.com', to: 'customer@example.com', subject: '回复', charset: 'utf-8', encoding: 'base64' as const };

  it.each<[string, Parameters<typeof emailBuffer>[0], string | undefined]>([
    ['a logo shown in a message with text is part of its layout: not read', { ...mail, body: contract, inline: [{ name: 'logo.png', data: photo }] }, undefined],
    ['a photo attached to a message with text is read: NO_TEXT', { ...mail, body: contract, attachments: [{ name: '身份证.png', data: photo }] }, 'NO_TEXT'],
    ['a picture shown in a message with almost no text is read: NO_TEXT', { ...mail, body: '见图。', inline: [{ name: 'scan.png', data: photo }] }, 'NO_TEXT'],
    ['a photo pasted into the HTML body as a data: URI, with almost no text: NO_TEXT', { ...mail, body: '见图。', html: `<p>见图。</p><img src="data:image/png;base64,${photo.toString('base64')}">` }, 'NO_TEXT'],
    ['a logo in the HTML body as a data: URI, in a message with text: layout', { ...mail, body: contract, html: `<p>${contract}</p><img src="data:image/png;base64,${photo.toString('base64')}">` }, undefined],
  ])('.eml: %s', async (_, spec, code) => {
    const { report } = await scanRevealed(bufferSource('a.eml', emailBuffer(spec)));
    expect(report.error?.code).toBe(code);
  });

  it.each<[string, Parameters<typeof msgBuffer>[0], string | undefined]>([
    ['a logo shown in a message with text (hidden, with a content id): not read', { subject: '回复', body: contract, attachments: [{ name: 'logo.png', data: photo, inline: true }] }, undefined],
    ['a photo attached to a message with text: NO_TEXT', { subject: '回复', body: contract, attachments: [{ name: '身份证.png', data: photo }] }, 'NO_TEXT'],
    ['a picture shown in a message with almost no text: NO_TEXT', { subject: '回复', body: '见图。', attachments: [{ name: 'scan.png', data: photo, inline: true }] }, 'NO_TEXT'],
    ['a photo pasted into the HTML body as a data: URI, with almost no text: NO_TEXT', { subject: '回复', body: '见图。', html: Buffer.from(`<p>见图。</p><img src="data:image/png;base64,${photo.toString('base64')}">`) }, 'NO_TEXT'],
  ])('.msg: %s', async (_, spec, code) => {
    const { report } = await scanRevealed(bufferSource('a.msg', await msgBuffer(spec)));
    expect(report.error?.code).toBe(code);
  });
});

describe('pictures in Word 97-2003 documents', () => {
  it('a .doc of ID card photos under a caption (LibreOffice from a DOCX) is NO_TEXT; a .doc contract with a photo is read as its text', async () => {
    const [photos, withText] = await convertedAll(
      [await docxBuffer(['身份证正反面：'], { pictures: [photo, greyPng(600, 380)] }), await docxBuffer([contract], { pictures: [photo] })],
      'docx',
      'doc',
    );
    const failed = (await scanRevealed(bufferSource('身份证复印件.doc', photos))).report;
    expect(failed).toMatchObject({ format: 'doc', sensitivity: 'failed', error: { code: 'NO_TEXT' } });
    const read = (await scanRevealed(bufferSource('合同.doc', withText))).report;
    expect(read).toMatchObject({ format: 'doc', sensitivity: 'public' });
    expect(read.error).toBeUndefined();
  });
});

describe('pictures in OpenDocument text', () => {
  it('an .odt of photos under a caption (odfpy) is NO_TEXT; one with a contract is read as its text', async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const path = join(OUT_DIR, 'pictures-odt.png');
    writeFileSync(path, photo);
    const photos = await written({ kind: 'odt', paragraphs: ['身份证正反面：'], pictures: [path] });
    expect((await scanRevealed(bufferSource('a.odt', photos))).report).toMatchObject({ format: 'odt', sensitivity: 'failed', error: { code: 'NO_TEXT' } });
    const withText = await written({ kind: 'odt', paragraphs: [contract], pictures: [path] });
    const { report } = await scanRevealed(bufferSource('b.odt', withText));
    expect(report).toMatchObject({ format: 'odt', sensitivity: 'public' });
    expect(report.error).toBeUndefined();
  });
});

describe('pictures in Excel 97-2003 workbooks', () => {
  it('an .xls of photographed receipts with a title (Apache POI) is NO_TEXT; one with a table of text is read', async () => {
    const receipts = await xlsWithPictures(['发票照片'], [photo, greyPng(600, 380)]);
    expect((await scanRevealed(bufferSource('报销.xls', receipts))).report).toMatchObject({ format: 'xls', sensitivity: 'failed', error: { code: 'NO_TEXT' } });
    const table = await xlsWithPictures(Array.from({ length: 30 }, (_, i) => `商品${i} 规格说明${i}`), [photo]);
    const { report } = await scanRevealed(bufferSource('商品.xls', table));
    expect(report).toMatchObject({ format: 'xls', sensitivity: 'public' });
    expect(report.error).toBeUndefined();
  });
});
