/**
 * XLSX reader: one CellsPart with every non-empty cell's displayed text, its sheet, A1 reference
 * and column header (the text of its header row in the same column: header-row.ts).
 *
 * Every part is read through yauzl with the object's budget and ratio checks and decoded with a
 * streaming UTF-8 decoder (exceljs's own stream reader (a) decoded each inflated chunk on its own,
 * turning a Chinese character split across chunks into U+FFFD, (b) spilled worksheets that precede
 * sharedStrings.xml to the OS temp directory, and (c) inflated parts without any limit). The parts
 * are parsed by this reader's saxes handlers (xlsx-workbook.ts, xlsx-shared-strings.ts,
 * xlsx-sheet.ts), which follow the rules of exceljs 4.4's stream reader without building its
 * object model, and use exceljs's own helpers for dates, entities and addresses (exceljs-parts.ts).
 * Measured on the bench's workbook of 20,000 customers (`shredlock scan --jobs 1`): 284-286 MiB
 * peak RSS with exceljs's WorkbookReader, 111-113 MiB with these handlers.
 */
import { posix } from 'node:path';
import type { Entry, ZipFile } from 'yauzl';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { limitBytes } from './bytes.js';
import { meteredEntry, packageEmbeddings, packageEntries, packageReading, type ZipInput } from './archive.js';
import { excelJsParts } from './exceljs-parts.js';
import { HeaderRow } from '../header-row.js';
import { type ReadContext } from './limits.js';
import { otherPackageText, partsMatching } from './package-parts.js';
import { cellsThenPictures, packagePictures } from './pictures.js';
import { decodeText } from './text.js';
import { readSharedStrings } from './xlsx-shared-strings.js';
import { sheetRows, type SheetRow } from './xlsx-sheet.js';
import { readRelationships, readStyles, readWorkbook } from './xlsx-workbook.js';

/** Part path of a relationship target from the workbook (`worksheets/sheet1.xml`, `/xl/...`). */
function partPath(target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : posix.join('xl', target);
  return posix.normalize(path);
}

/** Reads an XLSX package from a path or a buffer: its cells, then the files it embeds (`xl/embeddings/`) as members. */
export async function* readXlsx(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield* cellsThenPictures(() => xlsxCells(input, ctx), packagePictures(input, 'xl/media/', 'xlsx', ctx), ctx);
  yield* packageEmbeddings(input, 'xl/embeddings/', 'xlsx', ctx);
  yield* otherPackageText(input, 'xlsx', partsMatching(WORKBOOK_PARTS), ctx);
}

/** The parts workbookCells reads. */
const WORKBOOK_PARTS = /^xl\/(?:worksheets\/[^/]+\.xml|sharedStrings\.xml|workbook\.xml)$/;

function xlsxCells(input: ZipInput, ctx: ReadContext): AsyncGenerator<Cell[]> {
  return packageReading(input, 'xlsx', (zip) => workbookCells(zip, ctx));
}

async function* workbookCells(zip: ZipFile, ctx: ReadContext): AsyncGenerator<Cell[]> {
  const { budget } = ctx;
  const entries = await packageEntries(zip, budget.limits);
  const text = (path: string, entry: Entry, bounded: boolean): AsyncGenerator<string> => {
    const label = `xlsx part ${path.startsWith('xl/worksheets/') ? 'worksheet' : posix.basename(path)}`;
    const bytes = meteredEntry(zip, entry, budget, label);
    return decodeText(bounded ? limitBytes(bytes, budget.limits.maxBufferedBytes, label) : bytes, 'utf-8');
  };
  // Parts parsed into memory are bounded by maxBufferedBytes; worksheets are streamed.
  const inMemory = (path: string): AsyncGenerator<string> | undefined => {
    const entry = entries.get(path);
    return entry === undefined ? undefined : text(path, entry, true);
  };

  const parts = excelJsParts();
  const relsText = inMemory('xl/_rels/workbook.xml.rels');
  const workbookText = inMemory('xl/workbook.xml');
  if (relsText === undefined || workbookText === undefined) {
    throw new ScanError('CORRUPT', 'xlsx has no workbook or workbook relationships');
  }
  const rels = await readRelationships(relsText);
  const { sheets, date1904 } = await readWorkbook(workbookText, parts);
  const sharedStringsText = inMemory('xl/sharedStrings.xml');
  const sharedStrings = sharedStringsText === undefined ? undefined : await readSharedStrings(sharedStringsText);
  // Shared strings past what is held in memory are in a scratch file until the last sheet is read.
  try {
    const stylesText = inMemory('xl/styles.xml');
    const styles = stylesText === undefined ? undefined : await readStyles(stylesText, parts);

    // A sheet the workbook lists whose part the package lacks (its name damaged in the zip's
    // directory) was skipped, and the workbook came out public (found by fuzzing): CORRUPT after the others.
    let missing = 0;
    for (const sheet of sheets) {
      const rel = rels.find((candidate) => candidate.Id === sheet.rId);
      if (rel?.Target === undefined) {
        missing++;
        continue;
      }
      if (rel.Type !== undefined && !rel.Type.endsWith('/worksheet')) continue; // chartsheets
      const path = partPath(rel.Target);
      const entry = entries.get(path);
      if (entry === undefined) {
        missing++;
        continue;
      }
      yield* sheetCells(sheet.name, sheetRows(text(path, entry, false), { parts, sharedStrings, styles, date1904 }));
    }
    if (missing > 0) throw new ScanError('CORRUPT', `xlsx lists ${missing} sheet(s) the package does not hold`);
  } finally {
    sharedStrings?.dispose();
  }
}

async function* sheetCells(sheet: string, batches: AsyncIterable<SheetRow[]>): AsyncGenerator<Cell[]> {
  const headerRow = new HeaderRow();
  for await (const rows of batches) {
    const cells: Cell[] = [];
    for (const row of rows) {
      const headers = headerRow.of(row.cells.filter((cell) => cell.text !== ''));
      for (const { column, ref, text } of row.cells) {
        const header = headers?.get(column);
        cells.push(header === undefined || header === '' ? { sheet, ref, text } : { sheet, ref, text, header });
      }
    }
    if (cells.length > 0) yield cells;
  }
}
