// dBase tables (.dbf), written by python-dbf: every field as its text, the field names as column
// headers; a customer table is read, never a public binary.
import { beforeAll, describe, expect, it } from 'vitest';
import { dbfHeader } from '../../../lambdas/engine/formats/dbf.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { bufferSource, fileSource, readAll } from './read-parts.js';
import { customers, written } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

const FIELDS = 'KHBH C(10); XM C(12); SFZH N(18,0); SFZH2 C(18); SJH N(11,0); CSRQ D; JE N(12,2)';
const cellsOf = (parts: Awaited<ReturnType<typeof readAll>>['parts']): Cell[] => parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));

function table(count: number) {
  const { rows, ids, mobiles } = customers(count);
  // number, name, the ID as a number field and as a character field, the mobile as a number, birth date, amount
  const records = rows.map((row, i) => [String(row[0]), String(row[1]), BigInt(String(row[2]).replace('X', '0')), String(row[2]), Number(row[3]), '1990-03-07', i + 0.25]);
  return { records, ids, mobiles };
}

/**
 * A table as python-dbf writes it, with each record's N(18,0) field then set to its exact digits:
 * python-dbf writes numbers through a float (its last digits are lost), dBase and FoxPro as text.
 */
async function customerTable(records: ReturnType<typeof table>['records'], deleted?: number[]): Promise<Buffer> {
  const db = await written({ kind: 'dbf', fields: FIELDS, rows: records, ...(deleted === undefined ? {} : { deleted }) });
  const header = dbfHeader(db)!;
  const field = header.fields.find((f) => f.name === 'SFZH')!;
  records.forEach((record, i) => {
    db.write(String(record[2]).padStart(field.length, ' '), header.headerLength + i * header.recordLength + field.offset, 'latin1');
  });
  return db;
}

describe('dbf', () => {
  it('gives every field as its text: an 18-digit number field keeps every digit, dates as YYYY-MM-DD, names decoded from GBK', async () => {
    const { records } = table(3);
    const db = await customerTable(records);
    expect(dbfHeader(db)?.fields.map((f) => f.name)).toEqual(['KHBH', 'XM', 'SFZH', 'SFZH2', 'SJH', 'CSRQ', 'JE']);
    const { format, parts, thrown } = await readAll(bufferSource('客户.dbf', db));
    expect({ format, thrown }).toEqual({ format: 'dbf', thrown: undefined });
    const cells = cellsOf(parts);
    expect(cells.slice(0, 7).map((cell) => cell.text)).toEqual(['KHBH', 'XM', 'SFZH', 'SFZH2', 'SJH', 'CSRQ', 'JE']);
    expect(cells.slice(7, 14)).toEqual([
      { sheet: '客户', ref: 'A2', text: String(records[0][0]), header: 'KHBH' },
      { sheet: '客户', ref: 'B2', text: String(records[0][1]), header: 'XM' },
      { sheet: '客户', ref: 'C2', text: String(records[0][2]), header: 'SFZH' },
      { sheet: '客户', ref: 'D2', text: String(records[0][3]), header: 'SFZH2' },
      { sheet: '客户', ref: 'E2', text: String(records[0][4]), header: 'SJH' },
      { sheet: '客户', ref: 'F2', text: '1990-03-07', header: 'CSRQ' },
      { sheet: '客户', ref: 'G2', text: '0.25', header: 'JE' },
    ]);
  });

  it.each([
    ['from a buffer in small chunks', async (db: Buffer) => bufferSource('export.dbf', db, 100)],
    ['from a path, under any name', async (db: Buffer) => fileSource('export.dat', db)],
  ])('a customer table is confidential, every ID and mobile found (%s)', async (_, source) => {
    const { records, ids, mobiles } = table(50);
    const db = await customerTable(records);
    const report = await scanSource(await source(db), 'export', { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format: 'dbf', sensitivity: 'confidential' });
    const found = (type: string) => [...new Set(report.findings.filter((f) => f.type === type).map((f) => f.value))].sort();
    expect(found('cn_resident_id')).toEqual([...new Set(ids)].sort());
    expect(found('cn_mobile')).toEqual([...mobiles].sort());
  });

  it('without a code page in the header, GBK names are told from their bytes', async () => {
    const { records } = table(5);
    const db = await customerTable(records);
    db[29] = 0;
    const cells = cellsOf((await readAll(bufferSource('a.dbf', db))).parts);
    expect(cells.filter((cell) => cell.header === 'XM').map((cell) => cell.text)).toEqual(records.map((r) => String(r[1])));
  });

  it('reads records marked deleted: their bytes are still in the file', async () => {
    const { records } = table(4);
    const db = await customerTable(records, [1, 2]);
    const cells = cellsOf((await readAll(bufferSource('a.dbf', db))).parts);
    expect(cells.filter((cell) => cell.header === 'SFZH2').map((cell) => cell.text)).toEqual(records.map((r) => String(r[3])));
  });

  it('a table cut short is CORRUPT after the records it holds, never public', async () => {
    const { records } = table(20);
    const db = await customerTable(records);
    const header = dbfHeader(db)!;
    const cut = db.subarray(0, header.headerLength + 5 * header.recordLength + 7);
    const report = await scanSource(bufferSource('cut.dbf', cut), 'cut.dbf', {});
    // what the five records hold is found, and the object carries the error
    expect(report).toMatchObject({ format: 'dbf', sensitivity: 'confidential', error: { code: 'CORRUPT' } });
    expect(report.counts.cn_mobile).toBe(5);
    const empty = await scanSource(bufferSource('cut.dbf', db.subarray(0, header.headerLength + 3)), 'cut.dbf', {});
    expect(empty).toMatchObject({ format: 'dbf', sensitivity: 'failed', error: { code: 'CORRUPT' } });
  });

  it('is no dBase table without a version byte, a date, or field lengths that add up', async () => {
    const db = await written({ kind: 'dbf', fields: FIELDS, rows: table(1).records });
    expect(dbfHeader(db)).toBeDefined();
    for (const [at, value] of [[0, 0x09], [2, 13], [10, 0]] as const) {
      const bad = Buffer.from(db);
      bad[at] = value;
      expect(dbfHeader(bad), `byte ${at}`).toBeUndefined();
    }
  });
});
