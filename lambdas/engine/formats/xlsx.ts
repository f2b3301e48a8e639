/**
 * XLSX reader: one CellsPart with every non-empty cell's displayed text, its sheet, A1 reference
 * and column header (the text of row 1 in the same column).
 *
 * exceljs does the XML parsing, but this module drives its streaming WorkbookReader part by part
 * instead of handing it the whole file, because the public `WorkbookReader(stream)` path
 * (a) decodes each inflated chunk on its own, so a Chinese character split across chunks turns
 * into U+FFFD (measured: 3 of 6,000 cells of a 3,000-row sheet), (b) spills worksheets to files in
 * the OS temp directory whenever they precede sharedStrings.xml (as Excel and exceljs write them),
 * and (c) inflates parts without any limit, so an XLSX bomb would go unnoticed. Here every part is
 * read through yauzl with the object's budget and ratio checks, decoded with a streaming UTF-8
 * decoder, and the shared strings are read before the sheets. The private methods used are
 * checked in `workbookReader()` and by a test, in case an exceljs upgrade renames them.
 */
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import type { Entry, ZipFile } from 'yauzl';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { limitBytes, toScanError } from './bytes.js';
import { closeArchive, meteredEntry, openArchive, packageEntries, type ZipInput } from './archive.js';
import { whereOf, type ReadContext } from './limits.js';
import { decodeText } from './text.js';

interface Relationship {
  readonly Id: string;
  readonly Type?: string;
  readonly Target: string;
}

interface WorkbookSheet {
  readonly name: string;
  readonly rId: string;
}

interface CellLike {
  readonly address: string;
  readonly value: unknown;
}

interface RowLike {
  readonly number: number;
  eachCell(callback: (cell: CellLike, column: number) => void): void;
}

/** The parts of exceljs's stream WorkbookReader this module relies on (exceljs 4.4). */
export interface WorkbookReaderInternals {
  workbookRels?: Relationship[];
  model?: { sheets?: WorkbookSheet[] };
  _parseRels(stream: Readable): Promise<void>;
  _parseWorkbook(stream: Readable): Promise<void>;
  _parseSharedStrings(stream: Readable): AsyncIterable<unknown>;
  _parseStyles(stream: Readable): Promise<void>;
  _parseWorksheet(chunks: AsyncIterable<string>, sheetNo: string): Iterable<{ value: AsyncIterable<RowLike> }>;
}

const INTERNAL_METHODS = ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles', '_parseWorksheet'] as const;

type ExcelJs = typeof import('exceljs');
let excelJs: ExcelJs | undefined;

/** exceljs, loaded on first use (it is large): a text scan never pays for it. */
function loadExcelJs(): ExcelJs {
  return (excelJs ??= createRequire(import.meta.url)('exceljs') as ExcelJs);
}

/** A WorkbookReader set up to be fed parts one by one. */
export function workbookReader(): WorkbookReaderInternals {
  const reader = new (loadExcelJs().stream.xlsx.WorkbookReader)(undefined as unknown as string, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    // Styles are needed to tell dates from numbers; styles.xml is small and bounded below.
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as WorkbookReaderInternals;
  for (const method of INTERNAL_METHODS) {
    if (typeof reader[method] !== 'function') {
      throw new ScanError('CORRUPT', `xlsx reader: exceljs has no ${method}; check the exceljs version`);
    }
  }
  return reader;
}

/** Text of a number as Excel stores it: integers as plain digits (13812345678), never 1.38E10. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return String(value);
}

/** ISO text of a date cell: `YYYY-MM-DD`, with `THH:MM:SS` when it has a time of day. */
export function dateText(value: Date): string {
  if (Number.isNaN(value.getTime())) return '';
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** Displayed text of an exceljs cell value (string, number, rich text, formula, date, ...). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value !== 'object') return '';
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.richText)) {
    return record.richText.map((run: { text?: unknown }) => (typeof run?.text === 'string' ? run.text : '')).join('');
  }
  if ('result' in record) return cellText(record.result); // a formula's cached result
  if (typeof record.error === 'string') return record.error;
  if ('text' in record) return cellText(record.text); // a hyperlink
  return '';
}

/** Part path of a relationship target from the workbook (`worksheets/sheet1.xml`, `/xl/...`). */
function partPath(target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : posix.join('xl', target);
  return posix.normalize(path);
}

/** Reads an XLSX package from a path or a buffer. */
export async function* readXlsx(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield { kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => xlsxCells(input, ctx) } };
}

async function* xlsxCells(input: ZipInput, ctx: ReadContext): AsyncGenerator<Cell> {
  const zip = await openArchive(input);
  try {
    yield* workbookCells(zip, ctx);
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'xlsx could not be parsed');
  } finally {
    closeArchive(zip);
  }
}

async function* workbookCells(zip: ZipFile, ctx: ReadContext): AsyncGenerator<Cell> {
  const { budget } = ctx;
  const entries = await packageEntries(zip, budget.limits.maxEntries);
  const text = (path: string, entry: Entry, bounded: boolean): AsyncGenerator<string> => {
    const label = `xlsx part ${path.startsWith('xl/worksheets/') ? 'worksheet' : posix.basename(path)}`;
    const bytes = meteredEntry(zip, entry, budget, label);
    return decodeText(bounded ? limitBytes(bytes, budget.limits.maxBufferedBytes, label) : bytes, 'utf-8');
  };
  // Parts parsed into memory are bounded by maxBufferedBytes; worksheets are streamed.
  const inMemory = (path: string): Readable | undefined => {
    const entry = entries.get(path);
    return entry === undefined ? undefined : Readable.from(text(path, entry, true));
  };

  const reader = workbookReader();
  const rels = inMemory('xl/_rels/workbook.xml.rels');
  const workbook = inMemory('xl/workbook.xml');
  if (rels === undefined || workbook === undefined) {
    throw new ScanError('CORRUPT', 'xlsx has no workbook or workbook relationships');
  }
  await reader._parseRels(rels);
  await reader._parseWorkbook(workbook);
  const sharedStrings = inMemory('xl/sharedStrings.xml');
  if (sharedStrings !== undefined) for await (const _ of reader._parseSharedStrings(sharedStrings));
  const styles = inMemory('xl/styles.xml');
  if (styles !== undefined) await reader._parseStyles(styles);

  for (const sheet of reader.model?.sheets ?? []) {
    const rel = reader.workbookRels?.find((candidate) => candidate.Id === sheet.rId);
    if (rel === undefined || (rel.Type !== undefined && !rel.Type.endsWith('/worksheet'))) continue; // chartsheets
    const path = partPath(rel.Target);
    const entry = entries.get(path);
    if (entry === undefined) continue;
    const sheetNo = /(\d+)\.xml$/.exec(path)?.[1] ?? '0';
    const [event] = [...reader._parseWorksheet(text(path, entry, false), sheetNo)];
    if (event === undefined) continue;
    yield* sheetCells(sheet.name, event.value);
  }
}

async function* sheetCells(sheet: string, rows: AsyncIterable<RowLike>): AsyncGenerator<Cell> {
  const headers = new Map<number, string>();
  for await (const row of rows) {
    const cells: Cell[] = [];
    row.eachCell((cell, column) => {
      const text = cellText(cell.value);
      if (text === '') return;
      if (row.number === 1) {
        headers.set(column, text);
        cells.push({ sheet, ref: cell.address, text });
        return;
      }
      const header = headers.get(column);
      cells.push(header === undefined ? { sheet, ref: cell.address, text } : { sheet, ref: cell.address, text, header });
    });
    yield* cells;
  }
}
