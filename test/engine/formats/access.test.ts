import { beforeAll, describe, expect, it } from 'vitest';
import { definitionLoops } from '../../../lambdas/engine/formats/access.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { greyPng } from '../../../synthetic/files.js';
import { address, chineseName, residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { scanRevealed } from './backup-fixtures.js';
import { bufferSource, onlyCells, readAll } from './read-parts.js';
import { type AccessTableSpec, CUSTOMER_COLUMNS, PRODUCT_COLUMNS, accessBuffer, customers, products } from './writers.js';
import { ensureJavaTools } from '../../../scripts/java-tools.js';

// The Java writers' jars are fetched on a fresh clone: in a hook, with the hook's time limit, not a test's.
beforeAll(() => ensureJavaTools().then(() => undefined));

const { rows, ids, mobiles } = customers(30, 'access');
const customerTable: AccessTableSpec = {
  name: '客户',
  columns: [
    [CUSTOMER_COLUMNS[0], 'TEXT'],
    [CUSTOMER_COLUMNS[1], 'TEXT'],
    [CUSTOMER_COLUMNS[2], 'TEXT'],
    [CUSTOMER_COLUMNS[3], 'DOUBLE'],
    [CUSTOMER_COLUMNS[4], 'TEXT'],
    [CUSTOMER_COLUMNS[5], 'MEMO'],
  ],
  rows: rows.map((row) => row.map((value) => (value === '' ? null : value))),
};
const productTable: AccessTableSpec = {
  name: '商品',
  columns: [
    [PRODUCT_COLUMNS[0], 'TEXT'],
    [PRODUCT_COLUMNS[1], 'TEXT'],
    [PRODUCT_COLUMNS[2], 'MONEY'],
    [PRODUCT_COLUMNS[3], 'LONG'],
    [PRODUCT_COLUMNS[4], 'TEXT'],
  ],
  rows: products(20),
};

describe('Microsoft Access databases', () => {
  it.each(['V2000', 'V2010'] as const)('%s: a customer table is confidential, every resident ID and mobile found in its cell', async (format) => {
    const db = await accessBuffer([productTable, customerTable], format);
    const { report, ids: found } = await scanRevealed(bufferSource('kis/账套.ais', db));
    expect(report).toMatchObject({ format: 'access', sensitivity: 'confidential' });
    expect(report.error).toBeUndefined();
    expect(new Set(found)).toEqual(new Set(ids));
    expect(new Set(report.findings.filter((f) => f.type === 'cn_mobile').map((f) => f.value))).toEqual(new Set(mobiles));
    expect(report.findings.find((f) => f.type === 'cn_resident_id')?.location).toEqual({ sheet: '客户', cell: 'C2' });
  });

  it('a table of names and addresses alone (what the strings pass found least of) is read too', async () => {
    const rng = new Rng('access-names');
    const people = Array.from({ length: 10 }, () => [chineseName(rng), address(rng)]);
    const db = await accessBuffer([{ name: '通讯录', columns: [['姓名', 'TEXT'], ['住址', 'TEXT']], rows: people }]);
    const { report } = await scanRevealed(bufferSource('contacts.mdb', db));
    expect(report.counts).toMatchObject({ cn_name: 10, cn_address: 10 });
  });

  it('gives values as their text: an 18-digit ID in a Decimal column whole, dates as YYYY-MM-DD, the column names as headers', async () => {
    const rng = new Rng('access-values');
    const id = residentId(rng);
    const db = await accessBuffer([{ name: '档案', columns: [['证件号', 'NUMERIC'], ['出生日期', 'DATE'], ['在职', 'BOOLEAN']], rows: [[id.replace(/X$/, '0'), '1990-03-07', true]] }]);
    const { format, parts } = await readAll(bufferSource('a.mdb', db));
    expect(format).toBe('access');
    expect(onlyCells(parts)).toEqual([
      { sheet: '档案', ref: 'A1', text: '证件号' },
      { sheet: '档案', ref: 'B1', text: '出生日期' },
      { sheet: '档案', ref: 'C1', text: '在职' },
      { sheet: '档案', ref: 'A2', text: id.replace(/X$/, '0'), header: '证件号' },
      { sheet: '档案', ref: 'B2', text: '1990-03-07', header: '出生日期' },
      { sheet: '档案', ref: 'C2', text: 'true', header: '在职' },
    ]);
  });

  it('a database without personal data is public', async () => {
    const { report } = await scanRevealed(bufferSource('stock.mdb', await accessBuffer([productTable])));
    expect(report).toMatchObject({ format: 'access', sensitivity: 'public', counts: {} });
    expect(report.error).toBeUndefined();
  });

  it('OLE object values are members: a text with an ID is read, a photo is NO_TEXT, never public', async () => {
    const rng = new Rng('access-ole');
    const id = residentId(rng);
    const db = await accessBuffer([
      { name: '附件', columns: [['说明', 'TEXT'], ['文件', 'OLE']], rows: [['核验记录', Buffer.from(`身份证号：${id}\n`)], ['身份证照片', greyPng(640, 400)]] },
    ]);
    const { report, ids: found } = await scanRevealed(bufferSource('kyc.mdb', db));
    expect(found).toEqual([id]);
    expect(report.findings[0].location).toMatchObject({ entry: '附件/文件/1' });
    const { parts } = await readAll(bufferSource('kyc.mdb', db));
    expect(parts.filter((part) => part.kind === 'error')).toMatchObject([{ where: { entry: '附件/文件/2' }, code: 'NO_TEXT' }]);
  });

  it('a damaged database fails with a code, never public', async () => {
    const db = await accessBuffer([customerTable]);
    const { report } = await scanRevealed(bufferSource('broken.mdb', db.subarray(0, 4096 * 3)));
    expect(report.sensitivity).not.toBe('public');
    expect(report.error?.code).toBe('CORRUPT');
  });

  // mdb-reader follows the chain until it ends: the scan hung (found by fuzzing).
  it.each(['V2000', 'V2010'] as const)('%s: a table definition page linking back to itself is CORRUPT, and no table hangs the scan', async (format) => {
    const db = Buffer.from(await accessBuffer([customerTable], format));
    expect(definitionLoops(db)).toBe(false);
    // The last definition page: the customer table's.
    let last = -1;
    for (let page = 0; page < db.length / 4096; page++) if (db[page * 4096] === 0x02 && db[page * 4096 + 1] === 0x01) last = page;
    db.writeUInt32LE(last, last * 4096 + 4);
    expect(definitionLoops(db)).toBe(true);
    // mdb-reader reads the page type alone (a shifted file left `02 00`): so does the check.
    db[last * 4096 + 1] = 0;
    expect(definitionLoops(db)).toBe(true);
    const { report } = await scanRevealed(bufferSource('crm.mdb', db));
    expect(report).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT', message: 'access database is damaged: a table definition links back to itself' } });
  });

  it('is told by its first page, under any name', async () => {
    const db = await accessBuffer([productTable]);
    expect(sniffBytes(db.subarray(0, 8192), 'backup.bak').format).toBe('access');
    expect(sniffBytes(Buffer.from('Standard Jet DB is a text\n'), 'notes.txt').format).toBe('text');
  });
});
