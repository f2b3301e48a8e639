/**
 * SQLite reader: every table's cells, one sheet per table (`sheet` = the table name), the column
 * names as headers. sql.js (SQLite compiled to WebAssembly, MIT) opens the database in memory, so
 * the file is held whole (at most `maxBufferedBytes`); rows are then stepped one at a time.
 * Integers are read as bigints, so an 18-digit ID or a phone stored as INTEGER keeps every digit.
 * Views are not read (their rows come from tables that are), nor SQLite's own `sqlite_*` tables.
 *
 * | Condition                                   | Result                                   |
 * |---------------------------------------------|------------------------------------------|
 * | larger than `maxBufferedBytes`              | throws LIMIT_EXCEEDED                    |
 * | not a database, malformed pages, bad schema | throws CORRUPT (SQLite's code, no text)  |
 */
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { whereOf, type ReadContext } from './limits.js';
import type { Source } from './source.js';
import { tableCells } from './table.js';
import { wholeObject } from './whole.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js with its WebAssembly inlined (nothing to locate on disk in a Lambda bundle), loaded once. */
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= import('sql.js/dist/sql-wasm-inline.js').then(({ default: init }) => init());
  return sqlJs;
}

/** SQLite's error code (SQLITE_CORRUPT, SQLITE_NOTADB), never its message (it may quote SQL). */
function sqliteError(error: unknown): ScanError {
  const code = (error as { code?: unknown } | null)?.code;
  const detail = typeof code === 'string' && /^SQLITE_[A-Z_]{1,40}$/.test(code) ? code : 'unknown error';
  return new ScanError('CORRUPT', `sqlite database could not be read (${detail})`);
}

/** Reads an SQLite database file. */
export async function* readSqlite(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const bytes = await wholeObject(source, ctx);
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => databaseCells(bytes) } };
}

async function* databaseCells(bytes: Buffer): AsyncGenerator<Cell> {
  const SQL = await loadSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (error) {
    throw sqliteError(error);
  }
  try {
    for (const table of tableNames(db)) yield* tableCellsOf(db, table);
  } finally {
    db.close();
  }
}

function tableNames(db: Database): string[] {
  try {
    const [result] = db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid");
    return (result?.values ?? []).map(([name]) => String(name));
  } catch (error) {
    throw sqliteError(error);
  }
}

async function* tableCellsOf(db: Database, table: string): AsyncGenerator<Cell> {
  let statement: Statement;
  try {
    statement = db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`);
  } catch (error) {
    throw sqliteError(error);
  }
  try {
    yield* tableCells(table, statement.getColumnNames(), rows(statement));
  } finally {
    statement.free();
  }
}

function* rows(statement: Statement): Generator<unknown[]> {
  for (;;) {
    try {
      if (!statement.step()) return;
      // sql.js's typings predate its `useBigInt` option.
      yield (statement.get as (params: null, config: { useBigInt: boolean }) => unknown[])(null, { useBigInt: true });
    } catch (error) {
      throw sqliteError(error);
    }
  }
}
