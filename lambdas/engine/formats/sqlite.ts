/**
 * SQLite reader: every table's cells, one sheet per table (`sheet` = the table name), the column
 * names as headers. Rows are stepped one at a time. Integers beyond 2^53 come as bigints, so an
 * 18-digit ID or a phone stored as INTEGER keeps every digit. Views are not read (their rows come
 * from tables that are), nor SQLite's own `sqlite_*` tables.
 *
 * SQLite itself reads the database, compiled to WebAssembly by one of two packages:
 * - A UTF-8 database (nearly all) by node-sqlite3-wasm (MIT), whose VFS reads the file page by
 *   page: memory does not grow with the database, and a database of any size is read.
 * - A UTF-16 one by sql.js (MIT), held in memory (at most `maxBufferedBytes`): node-sqlite3-wasm is
 *   built without UTF-16 and calls its schema malformed.
 *
 * The file SQLite opens is in a private temporary folder (scratch.ts), removed when the database
 * is done: node-sqlite3-wasm's VFS takes its locks by creating a `<file>.lock` folder beside the
 * file, which must never be beside the customer's. A local database is a symbolic link there to
 * the file; a database from a stream (S3, an archive member), or a WAL-mode one, is copied there,
 * the copy's header set to rollback mode (a WAL database opened read-only wants a shared-memory
 * file; the `-wal` file beside a local one, if any, is not read, as it never was).
 *
 * | Condition                                   | Result                                   |
 * |---------------------------------------------|------------------------------------------|
 * | no room in the temporary folder for a copy  | throws LIMIT_EXCEEDED                    |
 * | a UTF-16 database over `maxBufferedBytes`   | throws LIMIT_EXCEEDED                    |
 * | not a database, unreadable schema           | throws CORRUPT (SQLite's code, no text)  |
 * | fewer pages than its header counts (cut)    | throws CORRUPT                           |
 * | a table that cannot be prepared             | ErrorPart CORRUPT, next table            |
 * | a virtual table whose module is missing     | skipped (its shadow tables are read)     |
 * | malformed pages while stepping a table      | throws CORRUPT                           |
 */
import { closeSync, fstatSync, openSync, readSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { loadBuffer } from './bytes.js';
import { whereOf, type ReadContext } from './limits.js';
import { errorPart } from './members.js';
import { loadOnce } from './package-file.js';
import { scratchFolder, spoolSource } from './scratch.js';
import type { Source } from './source.js';
import { tableCells } from './table.js';

/** A table of the schema; virtual tables (FTS, R-Tree) keep their rows in shadow tables. */
interface TableEntry {
  readonly name: string;
  readonly virtual: boolean;
}

/** One table's `SELECT *`: its column names and rows. */
interface TableRows {
  readonly columns: readonly string[];
  rows(): Generator<unknown[]>;
  close(): void;
}

/** A database opened by either package, as the reader uses it. */
interface OpenDatabase {
  /** `sql` run to its end, rows as arrays. */
  all(sql: string): unknown[][];
  /** A statement over `sql`; throws SQLite's error when it cannot be prepared. */
  select(sql: string): TableRows;
  close(): void;
}

/**
 * SQLite's error messages as their codes: node-sqlite3-wasm gives only the message, which may
 * quote a table or function name (`no such function: mask_phone`). Any other message is
 * SQLITE_ERROR, the class whose messages name things. sql.js gives the code itself.
 */
const ERROR_CODES: ReadonlyArray<readonly [RegExp, string]> = [
  [/malformed/, 'SQLITE_CORRUPT'],
  [/^file is not a database/, 'SQLITE_NOTADB'],
  [/^Could not open the database|^unable to open database file/, 'SQLITE_CANTOPEN'],
  [/^disk I\/O error/, 'SQLITE_IOERR'],
  [/^out of memory/, 'SQLITE_NOMEM'],
  [/^database or disk is full/, 'SQLITE_FULL'],
];

/** SQLite's error code (SQLITE_CORRUPT, SQLITE_NOTADB), never its message (it may quote SQL). */
function sqliteError(error: unknown): ScanError {
  if (error instanceof ScanError) return error;
  const given = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  const code =
    typeof given === 'string' && /^SQLITE_[A-Z_]{1,40}$/.test(given)
      ? given
      : (ERROR_CODES.find(([pattern]) => pattern.test(message))?.[1] ?? 'SQLITE_ERROR');
  return new ScanError('CORRUPT', `sqlite database could not be read (${code})`);
}

/** Header offsets: write and read format versions (2 in both for WAL mode, 1 for rollback), text encoding (1 UTF-8). */
const WRITE_VERSION = 18;
const READ_VERSION = 19;
const TEXT_ENCODING = 56;

/** The database header's size: the page count's check number at 92 is its last field read. */
const HEADER_BYTES = 100;

/** The header of the file at `path` (zeros past a short file's end), and the file's size. */
function header(path: string): { head: Buffer; size: number } {
  const head = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
    return { head, size: fstatSync(fd).size };
  } finally {
    closeSync(fd);
  }
}

/** True for the header of a WAL-mode database. */
function walMode(start: Buffer): boolean {
  return start[WRITE_VERSION] === 2 || start[READ_VERSION] === 2;
}

/** The database as a file in `folder`: a link to a local rollback-mode file, else a copy set to rollback mode. */
async function databaseFile(source: Source, folder: string): Promise<string> {
  const file = join(folder, 'database');
  if (source.path !== undefined && !walMode(header(source.path).head)) {
    symlinkSync(resolve(source.path), file);
    return file;
  }
  await spoolSource(source, file, 'an SQLite database');
  if (walMode(header(file).head)) {
    const fd = openSync(file, 'r+');
    try {
      writeSync(fd, Buffer.from([1, 1]), 0, 2, WRITE_VERSION);
    } finally {
      closeSync(fd);
    }
  }
  return file;
}

/** node-sqlite3-wasm compiles its WebAssembly (from beside its script: a Lambda bundle carries it there) when loaded. */
const fileEngine = loadOnce('node-sqlite3-wasm', () =>
  import('node-sqlite3-wasm').then((module) => (module as { default?: typeof import('node-sqlite3-wasm') }).default ?? module),
);

/** sql.js with its WebAssembly inlined: nothing to locate. */
const memoryEngine = loadOnce('sql.js', () => import('sql.js/dist/sql-wasm-inline.js').then(({ default: init }) => init()));

/** A UTF-8 database read from its file by node-sqlite3-wasm. */
async function fileDatabase(path: string): Promise<OpenDatabase> {
  const { Database } = await fileEngine();
  const db = new Database(path, { readOnly: true });
  const select = (sql: string): TableRows => {
    const statement = db.prepare(sql);
    // The column names in order (the rows are objects, whose keys put names like `2024` first);
    // node-sqlite3-wasm keeps this method private.
    const columns = (statement as unknown as { _getColumnNames(): string[] })._getColumnNames();
    return {
      columns,
      *rows() {
        for (const row of statement.iterate() as IterableIterator<Record<string, unknown>>) yield columns.map((column) => row[column]);
      },
      close: () => {
        if (!statement.isFinalized) statement.finalize();
      },
    };
  };
  return {
    select,
    all(sql) {
      const table = select(sql);
      try {
        return [...table.rows()];
      } finally {
        table.close();
      }
    },
    close: () => db.close(),
  };
}

/** A UTF-16 database read into memory by sql.js. */
async function memoryDatabase(bytes: Buffer): Promise<OpenDatabase> {
  const db = new (await memoryEngine()).Database(bytes);
  return {
    select(sql) {
      const statement = db.prepare(sql);
      return {
        columns: statement.getColumnNames(),
        *rows() {
          // sql.js's typings predate its `useBigInt` option.
          while (statement.step()) yield (statement.get as (params: null, config: { useBigInt: boolean }) => unknown[])(null, { useBigInt: true });
        },
        close: () => statement.free(),
      };
    },
    all(sql) {
      return db.exec(sql)[0]?.values ?? [];
    },
    close: () => db.close(),
  };
}

/** The database in `file` opened by the package that reads its text encoding. */
/**
 * Pages the header counts past the file's end, when its count is valid (SQLite's own rule: not 0,
 * and the change counter at 24 equal to the version-valid-for number at 92). SQLite reads a
 * truncated database as far as it goes without a word: a customer table cut before its rows came
 * out public (found by fuzzing).
 */
function missingPages(bytes: Buffer, size: number): number {
  const raw = bytes.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const counted = bytes.readUInt32BE(28);
  if (pageSize < 512 || counted === 0 || bytes.readUInt32BE(24) !== bytes.readUInt32BE(92)) return 0;
  return Math.max(0, counted - Math.floor(size / pageSize));
}

async function openDatabase(file: string, ctx: ReadContext): Promise<OpenDatabase> {
  const { head, size } = header(file);
  const missing = missingPages(head, size);
  if (missing > 0) throw new ScanError('CORRUPT', `sqlite database is truncated: ${missing} of the pages its header counts are missing`);
  const utf8 = head[TEXT_ENCODING + 3] <= 1;
  const bytes = utf8 ? undefined : await loadBuffer({ path: file }, ctx.budget.limits.maxBufferedBytes);
  try {
    return bytes === undefined ? await fileDatabase(file) : await memoryDatabase(bytes);
  } catch (error) {
    throw sqliteError(error);
  }
}

/**
 * Reads an SQLite database file: one CellsPart per table, in schema order. A table that cannot be
 * read is an ErrorPart and the others are still read; a virtual table whose module is missing
 * is skipped, because its content is in its shadow tables (`f_content` of an FTS table), which are
 * read like any table.
 */
export async function* readSqlite(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const folder = scratchFolder('sqlite');
  try {
    const db = await openDatabase(await databaseFile(source, folder), ctx);
    const where = whereOf(ctx);
    /** Statements not yet closed: a part left unread never runs its own cleanup. */
    const open = new Set<TableRows>();
    try {
      for (const table of tableEntries(db)) {
        let rows: TableRows;
        try {
          rows = db.select(`SELECT * FROM "${table.name.replace(/"/g, '""')}"`);
        } catch (error) {
          if (!table.virtual) yield errorPart(where, sqliteError(error));
          continue;
        }
        open.add(rows);
        yield { kind: 'cells', where, cells: { [Symbol.asyncIterator]: () => tableRowCells(table.name, rows, open) } };
      }
    } finally {
      for (const rows of open) rows.close();
      db.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function tableEntries(db: OpenDatabase): TableEntry[] {
  try {
    return db
      .all("SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")
      .map(([name, virtual]) => ({ name: String(name), virtual: virtual === 1 }));
  } catch (error) {
    throw sqliteError(error);
  }
}

async function* tableRowCells(table: string, rows: TableRows, open: Set<TableRows>): AsyncGenerator<Cell[]> {
  try {
    yield* tableCells(table, rows.columns, steps(rows));
  } finally {
    open.delete(rows);
    rows.close();
  }
}

/** The rows, SQLite's errors while stepping as ScanErrors. */
function* steps(rows: TableRows): Generator<unknown[]> {
  const iterator = rows.rows();
  for (;;) {
    let step: IteratorResult<unknown[]>;
    try {
      step = iterator.next();
    } catch (error) {
      throw sqliteError(error);
    }
    if (step.done) return;
    yield step.value;
  }
}
