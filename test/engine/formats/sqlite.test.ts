import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import initSqlJs from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { openContent } from '../../../lambdas/engine/formats/index.js';
import { DEFAULT_READ_LIMITS } from '../../../lambdas/engine/formats/source.js';
import { tableCells } from '../../../lambdas/engine/formats/table.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { Rng } from '../../../synthetic/random.js';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { bufferSource, fileSource, readAll, withTemporaryFolder } from './read-parts.js';
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

  // SQLite read as far as the file went, without a word: a table cut before its rows was public.
  it('a database cut short of the pages its header counts is CORRUPT, from a path or a stream; whole, it is read', async () => {
    const { rows } = customers(6, 'sqlite-cut');
    const db = await written({ kind: 'sqlite', tables: [{ name: 'customers', columns: CUSTOMER_COLUMNS, types: CUSTOMER_TYPES, rows }] });
    const pageSize = db.readUInt16BE(16);
    expect(db.readUInt32BE(28)).toBe(db.length / pageSize);
    expect(await scanSource(bufferSource('crm.db', db), 'crm.db')).toMatchObject({ sensitivity: 'confidential' });
    // Cut inside the last page, where the table's rows are: SQLite read no row and said nothing.
    const cut = db.subarray(0, db.length - pageSize / 2);
    for (const source of [fileSource('cut.db', cut), bufferSource('cut.db', cut)]) {
      expect(await scanSource(source, 'cut.db')).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT', message: 'sqlite database is truncated: 1 of the pages its header counts are missing' } });
    }
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

  it('a database larger than maxBufferedBytes is read whole, from a path or a stream (SQLite reads it from disk)', async () => {
    const { rows, ids } = customers(100);
    const db = await written({ kind: 'sqlite', tables: [{ name: 'customers', columns: CUSTOMER_COLUMNS, types: CUSTOMER_TYPES, rows }] });
    for (const source of [fileSource('large.db', db), bufferSource('large.db', db, 1000)]) {
      const { thrown, parts } = await readAll(source, { maxBufferedBytes: 4096 });
      expect(thrown).toBeUndefined();
      const texts = new Set(parts.flatMap((part) => (part.kind === 'cells' ? part.cells.map((cell) => cell.text) : [])));
      expect(ids.every((id) => texts.has(id))).toBe(true);
    }
  });

  it('a WAL-mode database is read from a copy set to rollback mode; nothing beside the file is touched', async () => {
    const { rows, ids } = customers(30);
    const db = await written({
      kind: 'sqlite',
      pragmas: ['journal_mode = WAL'],
      tables: [{ name: 'customers', columns: CUSTOMER_COLUMNS, types: CUSTOMER_TYPES, rows }],
    });
    expect([db[18], db[19]]).toEqual([2, 2]);
    const source = fileSource('wal.db', db);
    const folder = dirname(source.path!);
    const before = readdirSync(folder).sort();
    const { thrown, parts } = await readAll(source);
    expect(thrown).toBeUndefined();
    const texts = new Set(parts.flatMap((part) => (part.kind === 'cells' ? part.cells.map((cell) => cell.text) : [])));
    expect(ids.every((id) => texts.has(id))).toBe(true);
    expect(readFileSync(source.path!).equals(db)).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(before);
  });

  it('a local database is read in place: no lock, journal or copy beside it, and the file unchanged', async () => {
    const db = await written({ kind: 'sqlite', tables: [{ name: 't', columns: ['a'], types: ['TEXT'], rows: [['x']] }] });
    const source = fileSource('in-place.db', db);
    const folder = dirname(source.path!);
    const before = readdirSync(folder).sort();
    const { parts } = await readAll(source);
    expect(parts.flatMap((part) => (part.kind === 'cells' ? part.cells.map((cell) => cell.text) : []))).toEqual(['a', 'x']);
    expect(readFileSync(source.path!).equals(db)).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(before);
  });

  it('a UTF-16 database is read in memory (sql.js), up to maxBufferedBytes', async () => {
    const { rows, ids } = customers(20);
    const db = await written({ kind: 'sqlite', pragmas: ["encoding = 'UTF-16le'"], tables: [{ name: '客户', columns: CUSTOMER_COLUMNS, types: CUSTOMER_TYPES, rows }] });
    expect(db.readUInt32BE(56)).toBe(2);
    const { thrown, parts } = await readAll(bufferSource('u16.db', db));
    expect(thrown).toBeUndefined();
    const cells = parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));
    expect(cells[0]).toEqual({ sheet: '客户', ref: 'A1', text: CUSTOMER_COLUMNS[0] });
    expect(ids.every((id) => cells.some((cell) => cell.text === id))).toBe(true);
    expect((await readAll(bufferSource('u16.db', db), { maxBufferedBytes: 4096 })).thrown?.code).toBe('LIMIT_EXCEEDED');
  });

  it('leaves nothing in the temporary folder, read to the end or stopped early', async () => {
    const db = await written({
      kind: 'sqlite',
      tables: [
        { name: 'a', columns: ['x'], types: ['TEXT'], rows: [['1'], ['2']] },
        { name: 'b', columns: ['y'], types: ['TEXT'], rows: [['3']] },
      ],
    });
    await withTemporaryFolder(async (scratch) => {
      await readAll(bufferSource('a.db', db));
      expect(readdirSync(scratch)).toEqual([]);
      const { parts } = await openContent(bufferSource('a.db', db), DEFAULT_READ_LIMITS);
      for await (const part of parts) {
        // the copy is there while the first table is read, and the first table is left unread
        expect(part.kind).toBe('cells');
        expect(readdirSync(scratch)).toHaveLength(1);
        break;
      }
      expect(readdirSync(scratch)).toEqual([]);
    });
  });
});

/** The cells sql.js gives for every table (the reader before this one held the database in memory with it): the reference. */
async function sqlJsCells(db: Buffer): Promise<Cell[]> {
  const SQL = await initSqlJs();
  const database = new SQL.Database(db);
  try {
    const [tables] = database.exec(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY rowid",
    );
    const cells: Cell[] = [];
    for (const [name] of tables?.values ?? []) {
      const statement = database.prepare(`SELECT * FROM "${String(name).replace(/"/g, '""')}"`);
      const rows: unknown[][] = [];
      while (statement.step()) rows.push((statement.get as (p: null, c: { useBigInt: boolean }) => unknown[])(null, { useBigInt: true }));
      for await (const batch of tableCells(String(name), statement.getColumnNames(), rows)) cells.push(...batch);
      statement.free();
    }
    return cells;
  } finally {
    database.close();
  }
}

/** A random value for a column: nulls, integers small and beyond 2^53, reals, digits, Chinese text, text long enough to overflow a page. */
function randomValue(rng: Rng): string | number | bigint | null {
  switch (rng.int(0, 8)) {
    case 0:
      return null;
    case 1:
      return rng.int(-100000, 100000);
    case 2:
      return BigInt(rng.digits(18).replace(/^0+/, '') || '7') * (rng.chance(0.2) ? -1n : 1n);
    case 3:
      return Number(rng.pick(['0.5', '-2.25', '1e22', '3.0', '123456.789', '13812345678']));
    case 4:
      return rng.digits(rng.int(1, 20));
    case 5:
      return Array.from({ length: rng.int(1, 12) }, () => String.fromCharCode(0x4e00 + rng.int(0, 3000))).join('');
    case 6:
      return `${rng.digits(11)} ${'备注'.repeat(rng.int(100, 6000))}`;
    default:
      return '';
  }
}

describe('sqlite, against sql.js', () => {
  const NAMES = ['客户', 'orders', 'we"ird', '2024', 'a b', '手机号', 'id', 'note'];
  const TYPES = ['TEXT', 'INTEGER', 'REAL', 'BLOB', '', 'NUMERIC'];

  it.each(Array.from({ length: 16 }, (_, i) => i))('random database %i: the same cells as sql.js', async (seed) => {
    const rng = new Rng(`sqlite-${seed}`);
    const tables = Array.from({ length: rng.int(1, 3) }, (_, t) => {
      const columns = [...new Set(Array.from({ length: rng.int(1, 5) }, () => rng.pick(NAMES)))];
      return {
        name: `${rng.pick(NAMES)}${t}`,
        columns,
        types: columns.map(() => rng.pick(TYPES)),
        rows: Array.from({ length: rng.int(0, 60) }, () => columns.map(() => randomValue(rng))),
      };
    });
    const extra = [
      `CREATE TABLE "kv${seed}" (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID`,
      `INSERT INTO "kv${seed}" VALUES ('b', X'E5AEA2E688B7'), ('a', X'00FF10'), ('c', '13800138000')`,
      `CREATE TABLE "ipk${seed}" (id INTEGER PRIMARY KEY, phone TEXT, masked TEXT GENERATED ALWAYS AS (substr(phone, 1, 3)) STORED)`,
      `INSERT INTO "ipk${seed}" (id, phone) VALUES (9007199254740993, '13912345678'), (5, NULL)`,
      `ALTER TABLE "${tables[0].name.replace(/"/g, '""')}" ADD COLUMN added TEXT DEFAULT '默认'`,
      `DELETE FROM "${tables[0].name.replace(/"/g, '""')}" WHERE rowid % 3 = 0`,
    ];
    const pragmas = [
      `page_size = ${rng.pick(['512', '1024', '4096', '65536'])}`,
      // node-sqlite3-wasm reads UTF-8, sql.js UTF-16
      `encoding = '${rng.chance(0.7) ? 'UTF-8' : rng.pick(['UTF-16le', 'UTF-16be'])}'`,
      `auto_vacuum = ${rng.int(0, 2)}`,
      ...(rng.chance(0.3) ? ['journal_mode = WAL'] : []),
    ];
    const db = await written({ kind: 'sqlite', pragmas, tables, views: extra });
    const expected = await sqlJsCells(db);
    for (const source of [bufferSource('r.db', db, 4096), fileSource(`random-${seed}.db`, db)]) {
      const { thrown, parts } = await readAll(source);
      expect(thrown).toBeUndefined();
      expect(parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []))).toEqual(expected);
    }
  });
});
