/**
 * SAS transport files (xpt.ts), versions 5 and 8, written by ReadStat (pyreadstat, pinned in
 * requirements-dev.txt), with labels and dates. Read by the strings pass before, an `.xpt` of
 * customers came out public: its IDs ran into the field before them, its numbers IBM floats.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { ibmFloat, xptHead } from '../../../lambdas/engine/formats/xpt.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { bufferSource, noise, onlyCells, readAll, foundValues, overwrittenLevels } from './read-parts.js';
import { customers, products, written, type TableSpec, type WriterSpec } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

const { rows, ids, mobiles } = customers(30, 'xpt');
const birth = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
/** Subjects as a trial's datasets keep them: 8-character names, the meaning in labels (a transport file's text is ASCII). */
const TABLE: TableSpec = {
  name: 'dm',
  columns: ['SUBJID', 'IDNO', 'MOBILE', 'BRTHDTC', 'CARD'],
  types: ['text', 'text', 'int', 'text', 'text'],
  rows: rows.map((row) => [row[0], row[2], row[3], birth(String(row[2])), row[4]]),
};
const LABELS = { IDNO: 'ID card number', MOBILE: 'Mobile phone', BRTHDTC: 'Date of birth' };
const xpt = (spec: Omit<Extract<WriterSpec, { kind: 'spss' }>, 'kind' | 'format'>) => written({ kind: 'spss', format: 'xpt', ...spec });
const scan = async (data: Buffer) => scanSource(bufferSource('dm.xpt', data), 'dm.xpt', { maxFindings: 0, reveal: true });

describe('a SAS transport file of customers reads as the same list saved as CSV', () => {
  it.each([5, 8] as const)('version %i: IDs, mobiles stored as numbers, birth dates, under their labels', async (version) => {
    const data = await xpt({ tables: [TABLE], version, labels: LABELS, dates: ['BRTHDTC'] });
    const report = await scan(data);
    expect(report).toMatchObject({ format: 'xpt', sensitivity: 'confidential' });
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(foundValues(report, 'cn_mobile')).toEqual([...mobiles].sort());
    expect(report.counts.date_of_birth).toBe(rows.length);
    const cells = onlyCells((await readAll(bufferSource('dm.xpt', data))).parts);
    expect(cells.find((cell) => cell.ref === 'B2')).toMatchObject({ text: ids[0], header: 'ID card number' });
    expect(cells.find((cell) => cell.ref === 'D2')).toMatchObject({ text: birth(ids[0]), header: 'Date of birth' });
    expect(cells.filter((cell) => /^[A-Z]+31$/.test(cell.ref)).length).toBe(TABLE.columns.length);
    expect(cells.some((cell) => /^[A-Z]+32$/.test(cell.ref))).toBe(false);
  });

  it('a file without personal data is public', async () => {
    const table: TableSpec = { name: 'p', columns: ['CODE', 'ITEM', 'PRICE', 'STOCK', 'NOTE'], types: ['text', 'text', 'text', 'int', 'text'], rows: products(30).map((row) => [row[0], 'item', row[2], row[3], '']) };
    expect(await scan(await xpt({ tables: [table] }))).toMatchObject({ format: 'xpt', sensitivity: 'public' });
  });

  it("IBM floating point as SAS writes it, and SAS's missing values", () => {
    expect(ibmFloat(Buffer.from('4110000000000000', 'hex'))).toBe(1);
    expect(ibmFloat(Buffer.from('c276a00000000000', 'hex'))).toBe(-118.625);
    expect(ibmFloat(Buffer.from('4933747ab4e00000', 'hex'))).toBe(13812345678);
    expect(ibmFloat(Buffer.from('2e00000000000000', 'hex'))).toBeUndefined();
    expect(ibmFloat(Buffer.from('4100000000000000', 'hex'))).toBeUndefined(); // .A
    expect(ibmFloat(Buffer.from('0000000000000000', 'hex'))).toBe(0);
  });
});

describe('damage', () => {
  it('cut short, or every copy with 4 bytes overwritten (300 places): confidential or failed, never public', async () => {
    const data = await xpt({ tables: [TABLE], labels: LABELS });
    expect((await scan(data.subarray(0, data.length - 100))).sensitivity).not.toBe('public');
    expect(await overwrittenLevels(data, 'dm.xpt')).toEqual([]);
  });

  it('is told by its library header, whatever its name; random bytes are not', async () => {
    expect(sniffBytes((await xpt({ tables: [TABLE] })).subarray(0, 8192), 'export.bin').format).toBe('xpt');
    for (let seed = 1; seed <= 500; seed++) expect(xptHead(noise(256, seed))).toBe(false);
  });
});
