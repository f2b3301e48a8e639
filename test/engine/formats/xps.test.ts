/**
 * XPS documents (xps.ts): what Windows' own printers save (the XPS Document Writer; OpenXPS from
 * Windows 8). Read as a plain zip, each page was XML with every value in an attribute apart from
 * its column's header, and a printed list of names, WeChat ids, birth dates, passports and QQ
 * numbers came out public; read here page by page, laid out as a PDF's and an OFD's pages are.
 */
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../../lambdas/engine/scan.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { csvText, xpsBuffer, type OfdText } from '../../../synthetic/files.js';
import { Rng } from '../../../synthetic/random.js';
import { labelledList } from './backup-fixtures.js';
import { bufferSource, readAll } from './read-parts.js';

const list = labelledList(new Rng('xps'), 10);
/** The list as the printer places it: a row a line, a column every 130 units (1/96 inch), 11-point text. */
const TEXTS: OfdText[] = list.flatMap((row, r) => row.map((text, c) => ({ text, x: 48 + c * 130, y: 96 + r * 20, size: 14.67 })));
const scan = (bytes: Buffer, key = 'list.xps') => scanSource(bufferSource(key, bytes), key);
const cellsOf = (parts: Awaited<ReturnType<typeof readAll>>['parts']): Cell[] => parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));

describe('an XPS document (a customer list printed to a file)', () => {
  it.each([
    ['XPS (.xps)', 'xps', 'list.xps'],
    ['OpenXPS (.oxps)', 'oxps', 'list.oxps'],
    ['under another name', 'xps', 'printout.bin'],
  ] as const)('%s: its table read as cells under their headers, the same findings as the list as a CSV', async (_, flavour, key) => {
    const csv = await scanSource(bufferSource('list.csv', csvText(list)), 'list.csv');
    const report = await scan(await xpsBuffer([{ texts: TEXTS }], flavour), key);
    expect(report).toMatchObject({ format: 'xps', sensitivity: 'confidential', counts: csv.counts });
    expect(report.error).toBeUndefined();
    expect(Object.keys(csv.counts).sort()).toEqual(['cn_name', 'cn_passport', 'date_of_birth', 'qq', 'wechat_id']);
    const cells = cellsOf((await readAll(bufferSource(key, await xpsBuffer([{ texts: TEXTS }], flavour)))).parts);
    expect(cells).toContainEqual(expect.objectContaining({ text: list[1][1], header: expect.stringContaining('微信号') }));
  });

  it('drawn in a canvas that scales and moves it (as the Writer scales a page to the paper): laid out the same', async () => {
    const moved = TEXTS.map(({ text, x, y }) => ({ text, x: x * 2, y: y * 2, size: 29.34 }));
    const report = await scan(await xpsBuffer([{ texts: moved, transform: '0.5,0,0,0.5,10,20' }]));
    expect(report.counts).toEqual((await scan(await xpsBuffer([{ texts: TEXTS }]))).counts);
  });

  it('was public read as a plain zip (its FixedDocumentSequence gone, it is one)', async () => {
    const bytes = await xpsBuffer([{ texts: TEXTS }], 'xps', [{ name: 'FixedDocumentSequence.fdseq', data: '' }]);
    const renamed = Buffer.from(bytes.toString('latin1').replaceAll('FixedDocumentSequence.fdseq', 'FixedDocumentSequence.fdsex'), 'latin1');
    const report = await scan(renamed, 'list.zip');
    expect(report).toMatchObject({ format: 'zip', sensitivity: 'public' });
  });

  it.each([
    ['a page of a scan (an ImageBrush, no text)', { image: true }],
    ['glyphs by their indices only, without their text', { texts: TEXTS, indicesOnly: true }],
  ])('%s: NO_TEXT, failed, never public', async (_, page) => {
    const report = await scan(await xpsBuffer([page]));
    expect(report).toMatchObject({ format: 'xps', sensitivity: 'failed', error: { code: 'NO_TEXT' } });
  });

  it('a page that is not XML is CORRUPT, the next page read', async () => {
    const bytes = await xpsBuffer([{ texts: TEXTS.slice(0, 5) }, { texts: TEXTS }], 'xps', [{ name: 'Documents/1/Pages/1.fpage', data: '<FixedPage><Glyphs' }]);
    const report = await scan(bytes);
    expect(report.error).toMatchObject({ code: 'CORRUPT' });
    expect(report.counts.cn_name).toBe(10);
    expect(report.sensitivity).toBe('confidential');
  });

  it('no FixedDocumentSequence to be found: CORRUPT, its other parts read as a zip\'s members, never public', async () => {
    const bytes = await xpsBuffer([{ texts: TEXTS }], 'xps', [{ name: 'FixedDocumentSequence.fdseq', data: 'not xml <' }]);
    const report = await scan(bytes);
    expect(report.format).toBe('xps');
    expect(report.error).toMatchObject({ code: 'CORRUPT' });
    expect(report.sensitivity).not.toBe('public');
  });
});
