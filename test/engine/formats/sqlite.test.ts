import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { bufferSource, fileSource, readAll } from './read-parts.js';
import { CUSTOMER_COLUMNS, PRODUCT_COLUMNS, customers, products, written } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));


const CUSTOMER_TYPES = ['TEXT', 'TEXT', 'TEXT', 'INTEGER', 'TEXT', 'TEXT'];

describe('sqlite', () => {
  it('gives every table cell with its column name as header; integers keep every digit', async () => {
    const db = await written({
      kind: 'sqlite',
      tables: [
        { name: '客户', columns: ['姓名', '手机号', '证件'], types: ['TEXT', 'INTEGER', 'INTEGER'], rows: [['张三', 13812345678, null]] },
        { name: 'big', columns: ['id18'], types: ['INTEGER'], rows: [[110105199001011234n]] },
      ],
      views: ['CREATE VIEW v AS SELECT * FROM 客户'],
    });
    const { format, parts } = await readAll(bufferSource('app.db', db));
    expect(format).toBe('sqlite');
    expect(parts.map((part) => part.kind)).toEqual(['cells', 'cells']);
    expect(parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []))).toEqual([
      { sheet: '客户', ref: 'A1', text: '姓名' },
      { sheet: '客户', ref: 'B1', text: '手机号' },
      { sheet: '客户', ref: 'C1', text: '证件' },
      { sheet: '客户', ref: 'A2', text: '张三', header: '姓名' },
      { sheet: '客户', ref: 'B2', text: '13812345678', header: '手机号' },
      { sheet: 'big', ref: 'A1', text: 'id18' },
      { sheet: 'big', ref: 'A2', text: '110105199001011234', header: 'id18' },
    ]);
  });

  it('full-text and R-Tree tables are read through their shadow tables; an unreadable table is an error part', async () => {
    const db = await written({
      kind: 'sqlite',
      tables: [{ name: 'plain', columns: ['备注'], types: ['TEXT'], rows: [['hello']] }],
      views: [
        'CREATE VIRTUAL TABLE notes USING fts5(body)',
        "INSERT INTO notes VALUES ('回拨 13812345678')",
        'CREATE VIRTUAL TABLE areas USING rtree(id, minx, maxx)',
        'INSERT INTO areas VALUES (1, 0, 1)',
        'CREATE TABLE masked (phone TEXT, shown TEXT AS (app_mask(phone)))',
        "INSERT INTO masked (phone) VALUES ('13900001111')",
      ],
    });
    const { format, parts, thrown } = await readAll(bufferSource('app.db', db));
    expect({ format, thrown }).toEqual({ format: 'sqlite', thrown: undefined });
    const cells = parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));
    expect(cells).toContainEqual({ sheet: 'plain', ref: 'A2', text: 'hello', header: '备注' });
    expect(cells).toContainEqual({ sheet: 'notes_content', ref: 'B2', text: '回拨 13812345678', header: 'c0' });
    expect(parts.filter((part) => part.kind === 'error')).toEqual([
      { kind: 'error', where: {}, code: 'CORRUPT', message: 'sqlite database could not be read (SQLITE_ERROR)' },
    ]);
  });

  it('a customer database under any name is confidential with every ID and mobile found', async () => {
    const { rows, ids, mobiles } = customers(40);
    const db = await written({ kind: 'sqlite', tables: [{ name: 'customers', columns: CUSTOMER_COLUMNS, types: CUSTOMER_TYPES, rows }] });
    const report = await scanSource(fileSource('crm.bak', db), 'crm.bak', { reveal: true, maxFindings: 0 });
    expect(report.format).toBe('sqlite');
    expect(report.sensitivity).toBe('confidential');
    const found = (type: string) => report.findings.filter((f) => f.type === type).map((f) => f.value);
    expect(found('cn_resident_id').sort()).toEqual([...ids].sort());
    expect(found('cn_mobile').sort()).toEqual([...mobiles].sort());
  });

  it('a database without personal data is public', async () => {
    const db = await written({ kind: 'sqlite', tables: [{ name: 'products', columns: PRODUCT_COLUMNS, types: ['TEXT', 'TEXT', 'TEXT', 'INTEGER', 'TEXT'], rows: products(50) }] });
    const report = await scanSource(bufferSource('shop.sqlite', db), 'shop.sqlite');
    expect(report).toMatchObject({ format: 'sqlite', sensitivity: 'public', counts: {} });
  });

  it.each<[string, (db: Buffer) => Buffer, string]>([
    ['truncated', (db) => db.subarray(0, 1536), 'CORRUPT'],
    ['pages overwritten', (db) => Buffer.concat([db.subarray(0, 100), Buffer.alloc(db.length - 100, 0xa5)]), 'CORRUPT'],
  ])('a %s database is CORRUPT, never public', async (_, damage, code) => {
    const { rows } = customers(200);
    const db = await written({ kind: 'sqlite', tables: [{ name: 'customers', columns: CUSTOMER_COLUMNS, types: CUSTOMER_TYPES, rows }] });
    const report = await scanSource(bufferSource('crm.db', damage(db)), 'crm.db');
    expect(report).toMatchObject({ format: 'sqlite', sensitivity: 'failed', error: { code } });
    expect(report.error!.message).not.toMatch(/customers|客户/);
  });

  it('a database larger than maxBufferedBytes is LIMIT_EXCEEDED, from a path or a stream', async () => {
    const { rows } = customers(100);
    const db = await written({ kind: 'sqlite', tables: [{ name: 'customers', columns: CUSTOMER_COLUMNS, types: CUSTOMER_TYPES, rows }] });
    for (const source of [fileSource('large.db', db), bufferSource('large.db', db, 1000)]) {
      const result = await readAll(source, { maxBufferedBytes: 4096 });
      expect(result.thrown?.code).toBe('LIMIT_EXCEEDED');
    }
  });
});
