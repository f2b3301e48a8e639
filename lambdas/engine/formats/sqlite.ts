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
 * | not a database, unreadable schema           | throws CORRUPT (SQLite's code, no text)  |
 * | a table that cannot be prepared             | ErrorPart CORRUPT, next table            |
 * | a virtual table whose module is missing     | skipped (its shadow tables are read)     |
 * | malformed pages while stepping a table      | throws CORRUPT                           |
 */
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { whereOf, type ReadContext } from './limits.js';
import { errorPart } from './members.js';
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

/** A table of the schema; virtual tables (FTS, R-Tree) keep their rows in shadow tables. */
interface TableEntry {
  readonly name: string;
  readonly virtual: boolean;
}

/**
 * Reads an SQLite database file: one CellsPart per table, in schema order. A table that cannot be
 * read is an ErrorPart and the others are still read; a virtual table whose module sql.js lacks
 * is skipped, because its content is in its shadow tables (`f_content` of an FTS table), which are
 * read like any table.
 */
export async function* readSqlite(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const bytes = await wholeObject(source, ctx);
  const SQL = await loadSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (error) {
    throw sqliteError(error);
  }
  const where = whereOf(ctx);
  try {
    for (const table of tableEntries(db)) {
      let statement: Statement;
      try {
        statement = db.prepare(`SELECT * FROM "${table.name.replace(/"/g, '""')}"`);
      } catch (error) {
        if (!table.virtual) yield errorPart(where, sqliteError(error));
        continue;
      }
      yield { kind: 'cells', where, cells: { [Symbol.asyncIterator]: () => statementCells(table.name, statement) } };
    }
  } finally {
    db.close(); // frees any statement left unread
  }
}

function tableEntries(db: Database): TableEntry[] {
  try {
    const [result] = db.exec(
      "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    );
    return (result?.values ?? []).map(([name, virtual]) => ({ name: String(name), virtual: virtual === 1 }));
  } catch (error) {
    throw sqliteError(error);
  }
}

async function* statementCells(table: string, statement: Statement): AsyncGenerator<Cell[]> {
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
