/**
 * Microsoft Access databases (`access`): Jet 3 and 4 (`.mdb`, Access 97-2003, and the account
 * sets of Chinese finance software built on them) and ACE (`.accdb`, Access 2007 on), read by
 * mdb-reader (MIT) from the whole file in memory (at most `maxBufferedBytes`).
 *
 * The strings pass read them before and missed what a customer table holds: a table of names,
 * resident IDs, mobiles and addresses written by Jackcess came out `sensitive` (the addresses),
 * its IDs and mobiles not found, and without the address column it came out public.
 *
 * | Content                                         | Read as                                         |
 * |-------------------------------------------------|-------------------------------------------------|
 * | every user table (not system or linked tables)  | cells, `sheet` = the table, the column names as headers (row 1) |
 * | text, memo, numeric, currency, integer columns  | their text; numbers as digits (an ID in a Decimal column whole) |
 * | date/time columns                               | `YYYY-MM-DD` (a birth date)                     |
 * | OLE object and attachment columns               | members, read like files of their own (`entry` = `<table>/<column>/<row>` or the attachment's name) |
 * | a database with a password (RC4 or AES)         | ENCRYPTED                                       |
 * | a table that cannot be read                     | an error part for it; the other tables are read |
 * | a table definition whose pages link back to one another | CORRUPT, before mdb-reader (definitionLoops) |
 */
import type MDBReaderClass from 'mdb-reader';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { toScanError } from './bytes.js';
import { chainLoops } from './chains.js';
import { checkDepth, memberContext, whereOf, type Opened, type ReadContext } from './limits.js';
import { errorPart, memoryMember, readMember } from './members.js';
import type { Source } from './source.js';
import { CELL_BATCH, tableCells } from './table.js';
import { wholeObject } from './whole.js';

type Table = ReturnType<MDBReaderClass['getTable']>;

/** A value that is a file: an OLE object's bytes, or an attachment column's files. */
interface Embedded {
  readonly name: string;
  readonly data: Uint8Array;
}

function embeddedIn(value: unknown, table: string, column: string, row: number): Embedded[] {
  if (value instanceof Uint8Array) return value.length === 0 ? [] : [{ name: `${table}/${column}/${row}`, data: value }];
  if (Array.isArray(value)) {
    return value
      .filter((item): item is { name?: string; data: Uint8Array } => item !== null && typeof item === 'object' && item.data instanceof Uint8Array)
      .map((item, index) => ({ name: `${table}/${column}/${row}/${item.name || `attachment-${index + 1}`}`, data: item.data }));
  }
  return [];
}

/**
 * True when a table's definition pages link back to one they passed. mdb-reader follows the chain
 * (through pages whose type, their first byte, is 0x02; the next page at byte 4; 0 ends it) until
 * it ends, joining the pages as it goes: a loop (a damaged database, found by fuzzing; one shifted
 * by 47 deleted bytes) hung the scan, with no way to stop it.
 * Pages are 2,048 bytes in Jet 3 (version byte 0 at 0x14), 4,096 after.
 */
export function definitionLoops(bytes: Uint8Array): boolean {
  if (bytes.length < 0x15) return false;
  const pageSize = bytes[0x14] === 0 ? 2048 : 4096;
  const pages = Math.floor(bytes.length / pageSize);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const next = new Uint32Array(pages).fill(0xffffffff);
  for (let p = 0; p < pages; p++) {
    const at = p * pageSize;
    if (view[at] === 0x02) next[p] = view.readUInt32LE(at + 4) || 0xffffffff;
  }
  return chainLoops(next);
}

/** Reads an Access database: each table's cells, then its OLE objects and attachments as members. */
export async function* readAccess(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const bytes = await wholeObject(source, ctx);
  if (definitionLoops(bytes)) throw new ScanError('CORRUPT', 'access database is damaged: a table definition links back to itself');
  const { default: MDBReader } = await import('mdb-reader');
  let reader: MDBReaderClass;
  let names: string[];
  try {
    reader = new MDBReader(bytes);
    names = reader.getTableNames();
  } catch (error) {
    throw accessError(error);
  }
  const where = whereOf(ctx);
  for (const name of names) {
    let table: Table;
    let columns: string[];
    let fileColumns: Set<string>;
    try {
      table = reader.getTable(name);
      columns = table.getColumnNames();
      fileColumns = new Set(table.getColumns().filter((column) => column.type === 'ole' || column.type === 'complex').map((column) => column.name));
    } catch (error) {
      yield errorPart(where, accessError(error));
      continue;
    }
    const files: Embedded[] = [];
    const rows = tableRows(table, columns, fileColumns, files);
    yield { kind: 'cells', where, cells: { [Symbol.asyncIterator]: () => tableCells(name, columns, rows) } };
    if (rows.failure !== undefined) yield errorPart(where, rows.failure);
    for (const file of files) {
      ctx.budget.countEntry();
      const inner = memberContext(ctx, file.name);
      const open = async (): Promise<Opened> => {
        checkDepth(ctx);
        return ctx.open(memoryMember(file.name, file.data, ctx.budget, 'access object'), inner);
      };
      yield* readMember(open, { entry: inner.entry }, ctx.budget);
    }
  }
}

/**
 * A table's rows as arrays in column order, read CELL_BATCH rows at a time; file values are
 * collected into `files` (and left out of the cells). A read that fails ends the rows and is kept
 * in `failure`, for an error part after the rows read.
 */
function tableRows(table: Table, columns: readonly string[], fileColumns: ReadonlySet<string>, files: Embedded[]): Iterable<unknown[]> & { failure?: ScanError } {
  const rows: Iterable<unknown[]> & { failure?: ScanError } = {
    *[Symbol.iterator]() {
      for (let offset = 0; offset < table.rowCount; offset += CELL_BATCH) {
        let batch: Record<string, unknown>[];
        try {
          batch = table.getData({ rowOffset: offset, rowLimit: CELL_BATCH });
        } catch (error) {
          rows.failure = accessError(error);
          return;
        }
        for (const [index, record] of batch.entries()) {
          yield columns.map((column) => {
            const value = record[column];
            if (!fileColumns.has(column)) return value;
            files.push(...embeddedIn(value, table.name, column, offset + index + 1));
            return null;
          });
        }
      }
    },
  };
  return rows;
}

/** A password is ENCRYPTED; anything else the reader throws is CORRUPT. */
function accessError(error: unknown): ScanError {
  if (error instanceof ScanError) return error;
  const message = error instanceof Error ? error.message : '';
  if (/password|decrypt|encrypt/i.test(message)) return new ScanError('ENCRYPTED', 'access database is protected by a password');
  return toScanError(error, 'CORRUPT', 'access database could not be read');
}
