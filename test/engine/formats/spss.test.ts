/**
 * SPSS data files (spss.ts), written by ReadStat (pyreadstat, pinned in requirements-dev.txt):
 * uncompressed, bytecode compressed (SPSS's default) and zlib (`.zsav`), with variable labels,
 * dates and a very long string. Read by the strings pass before, a `.zsav` of customers came out
 * public and a `.sav` gave none of their names or mobiles.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { spssHead } from '../../../lambdas/engine/formats/spss.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { bufferSource, noise, onlyCells, readAll, foundValues, overwrittenLevels } from './read-parts.js';
import { customers, products, written, type TableSpec, type WriterSpec } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

const { rows, ids, mobiles } = customers(30, 'spss');
const birth = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
/** Customers as a survey tool exports them: short names of variables, their meaning in labels; an address past 255 bytes. */
const TABLE: TableSpec = {
  name: 'c',
  columns: ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6'],
  types: ['text', 'text', 'text', 'int', 'text', 'text'],
  rows: rows.map((row) => [row[0], row[1], row[2], row[3], birth(String(row[2])), `${'广东省深圳市南山区科技园'.repeat(10)}${row[1]}`]),
};
const LABELS = { Q2: '姓名', Q3: '身份证号', Q4: '手机号', Q5: '出生日期', Q6: '详细地址' };
const spss = (spec: Omit<Extract<WriterSpec, { kind: 'spss' }>, 'kind'>) => written({ kind: 'spss', ...spec });
const scan = async (data: Buffer) => scanSource(bufferSource('survey.sav', data), 'survey.sav', { maxFindings: 0, reveal: true });

describe('an SPSS file of customers reads as the same list saved as CSV', () => {
  it.each(['sav', 'sav-rows', 'zsav'] as const)('%s: names, IDs, mobiles stored as doubles and birth dates, each under its label', async (format) => {
    const data = await spss({ tables: [TABLE], format, labels: LABELS, dates: ['Q5'] });
    const report = await scan(data);
    expect(report).toMatchObject({ format: 'spss', sensitivity: 'confidential' });
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(foundValues(report, 'cn_mobile')).toEqual([...mobiles].sort());
    expect(report.counts).toMatchObject({ cn_name: rows.length, date_of_birth: rows.length });
    const cells = onlyCells((await readAll(bufferSource('survey.sav', data))).parts);
    expect(cells.find((cell) => cell.ref === 'C2')).toMatchObject({ text: ids[0], header: '身份证号' });
    expect(cells.find((cell) => cell.ref === 'E2')).toMatchObject({ text: birth(ids[0]), header: '出生日期' });
    // The address (over 255 bytes: a very long string in segments) whole.
    expect(cells.find((cell) => cell.ref === 'F2')).toMatchObject({ text: TABLE.rows[0][5], header: '详细地址' });
  });

  it('without labels, the variables are under their names', async () => {
    const cells = onlyCells((await readAll(bufferSource('survey.sav', await spss({ tables: [TABLE] })))).parts);
    expect(cells.filter((cell) => cell.ref.endsWith('1') && cell.ref.length === 2).map((cell) => cell.text)).toEqual(TABLE.columns);
  });

  it('a file without personal data is public', async () => {
    const table: TableSpec = { name: 'p', columns: ['code', 'item', 'price', 'stock', 'note'], types: ['text', 'text', 'text', 'int', 'text'], rows: products(30) };
    expect(await scan(await spss({ tables: [table], format: 'zsav' }))).toMatchObject({ format: 'spss', sensitivity: 'public' });
  });
});

describe('damage', () => {
  it('cut short: the cases before, then CORRUPT; never public', async () => {
    for (const format of ['sav', 'sav-rows', 'zsav'] as const) {
      const data = await spss({ tables: [TABLE], format, labels: LABELS });
      const report = await scan(data.subarray(0, Math.floor(data.length * 0.8)));
      expect(report.error?.code, format).toBe('CORRUPT');
      expect(report.sensitivity).not.toBe('public');
    }
  });

  it('every copy with 4 bytes overwritten (300 places each) is confidential or failed, never public', async () => {
    for (const format of ['sav-rows', 'zsav'] as const) {
      const data = await spss({ tables: [{ ...TABLE, rows: TABLE.rows.slice(0, 4) }], format, labels: LABELS });
      expect(await overwrittenLevels(data, 'survey.sav'), format).toEqual([]);
    }
  });

  it('is told by its header, whatever its name; random bytes are not', async () => {
    expect(sniffBytes((await spss({ tables: [TABLE], format: 'zsav' })).subarray(0, 8192), 'export.bin').format).toBe('spss');
    for (let seed = 1; seed <= 1000; seed++) expect(spssHead(noise(512, seed)), `seed ${seed}`).toBe(false);
  });
});
