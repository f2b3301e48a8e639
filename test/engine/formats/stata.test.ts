/**
 * Stata datasets (stata.ts), written by pandas' `to_stata` (writers.py, pinned in
 * requirements-dev.txt) in the releases it writes: 114 (Stata 10-12, its default), 117 (Stata 13),
 * 118 (14-18, UTF-8) and 119, both byte orders, strLs, variable labels and dates. Read by the
 * strings pass before, such a file's IDs ran into the column before them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { stataHead } from '../../../lambdas/engine/formats/stata.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { bufferSource, noise, onlyCells, readAll, foundValues, overwrittenLevels } from './read-parts.js';
import { customers, products, written, type TableSpec, type WriterSpec } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

const { rows, ids, mobiles } = customers(30, 'stata');
const birth = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
/** Customers as a survey keeps them: ASCII names of variables, the meaning in their labels. */
const TABLE: TableSpec = {
  name: 'c',
  columns: ['cid', 'xm', 'sfzh', 'sj', 'csrq'],
  types: ['text', 'text', 'text', 'int', 'text'],
  rows: rows.map((row) => [row[0], row[1], row[2], row[3], birth(String(row[2]))]),
};
const LABELS = { xm: '姓名', sfzh: '身份证号', sj: '手机号', csrq: '出生日期' };
/** The ASCII columns, for the releases before 118 (pandas writes them in Latin-1). */
const ASCII: TableSpec = { name: 'c', columns: ['cid', 'sfzh', 'sj', 'csrq'], types: ['text', 'text', 'int', 'text'], rows: TABLE.rows.map((row) => [row[0], row[2], row[3], row[4]]) };
const stata = (spec: Omit<Extract<WriterSpec, { kind: 'stata' }>, 'kind'>) => written({ kind: 'stata', ...spec });
const scan = async (data: Buffer) => scanSource(bufferSource('survey.dta', data), 'survey.dta', { maxFindings: 0, reveal: true });

describe('a Stata dataset of customers reads as the same list saved as CSV', () => {
  it.each([118, 119] as const)('release %i (UTF-8): names, IDs, mobiles stored as numbers and birth dates, each under its label', async (version) => {
    const report = await scan(await stata({ tables: [TABLE], version, labels: LABELS, dates: { csrq: 'td' } }));
    expect(report).toMatchObject({ format: 'stata', sensitivity: 'confidential' });
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(foundValues(report, 'cn_mobile')).toEqual([...mobiles].sort());
    expect(report.counts).toMatchObject({ cn_name: rows.length, date_of_birth: rows.length });
    const cells = onlyCells((await readAll(bufferSource('survey.dta', await stata({ tables: [TABLE], version, labels: LABELS, dates: { csrq: 'td' } })))).parts);
    expect(cells.find((cell) => cell.ref === 'C2')).toMatchObject({ text: ids[0], header: '身份证号' });
    expect(cells.find((cell) => cell.ref === 'E2')).toMatchObject({ text: birth(ids[0]), header: '出生日期' });
  });

  it.each([114, 117] as const)('release %i (before UTF-8), both byte orders', async (version) => {
    for (const byteorder of ['<', '>'] as const) {
      const report = await scan(await stata({ tables: [ASCII], version, byteorder, labels: { sfzh: 'ID number', sj: 'mobile' }, dates: { csrq: 'td' } }));
      expect(report.format).toBe('stata');
      expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
      expect(foundValues(report, 'cn_mobile')).toEqual([...mobiles].sort());
    }
  });

  it('strLs (long strings, 117 on) are read where their rows refer to them', async () => {
    for (const version of [117, 118] as const) {
      const table = version === 117 ? ASCII : TABLE;
      const report = await scan(await stata({ tables: [table], version, strl: ['sfzh'] }));
      expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    }
  });

  it('the strings pass, which read it before, misses the IDs: the reason for the reader', async () => {
    const data = await stata({ tables: [ASCII], version: 117 });
    data[0] = 0x20;
    const report = await scanSource(bufferSource('survey.bin', data), 'survey.bin');
    expect(report.format).not.toBe('stata');
    expect(report.counts.cn_resident_id ?? 0).toBeLessThan(ids.length / 2);
  });

  it('a dataset without personal data is public', async () => {
    const table: TableSpec = { name: 'p', columns: ['code', 'item', 'price', 'stock', 'note'], types: ['text', 'text', 'text', 'int', 'text'], rows: products(30) };
    expect(await scan(await stata({ tables: [table], version: 118 }))).toMatchObject({ format: 'stata', sensitivity: 'public' });
  });
});

describe('damage', () => {
  it('cut short: the rows before, then CORRUPT; never public', async () => {
    for (const version of [114, 118] as const) {
      const data = await stata({ tables: [version === 118 ? TABLE : ASCII], version });
      const report = await scan(data.subarray(0, Math.floor(data.length * 0.7)));
      expect(report.error?.code).toBe('CORRUPT');
      expect(report.sensitivity).not.toBe('public');
    }
  });

  it('every copy with 4 bytes overwritten (300 places) is confidential or failed, never public', async () => {
    const data = await stata({ tables: [{ ...TABLE, rows: TABLE.rows.slice(0, 4) }], version: 118, labels: LABELS });
    expect(await overwrittenLevels(data, 'survey.dta')).toEqual([]);
  });

  it('is told by its header, whatever its name; random bytes and text are not', async () => {
    for (const version of [114, 117, 118] as const) {
      const data = await stata({ tables: [ASCII], version });
      expect(sniffBytes(data.subarray(0, 8192), 'export.bin').format).toBe('stata');
    }
    for (let seed = 1; seed <= 2000; seed++) expect(stataHead(noise(512, seed)), `seed ${seed}`).toBe(false);
    expect(stataHead(Buffer.from('r\x02\x01\x00 a text that starts so'.padEnd(200, ' '), 'latin1'))).toBe(false);
  });
});
