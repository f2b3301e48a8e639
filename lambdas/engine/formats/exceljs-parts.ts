/**
 * The parts of exceljs 4.4 the XLSX reader still uses, each required by its path inside the
 * package: the parsers of the small parts (relationships, workbook, styles) and the helpers that
 * decide how a cell's value is shown (date formats, addresses). Requiring `exceljs` itself loads
 * the whole library (workbook model, writers, CSV, streams): 27 MiB of RSS, measured, against 8
 * MiB for these modules. They are found by path, so a test checks that they still exist.
 */
import type { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { ScanError } from '../errors.js';

/** A relationship of the workbook (`xl/_rels/workbook.xml.rels`). */
export interface Relationship {
  readonly Id: string;
  readonly Type?: string;
  readonly Target: string;
}

/** A sheet listed in `xl/workbook.xml`. */
export interface WorkbookSheet {
  readonly name: string;
  readonly rId: string;
}

interface Xform<M> {
  parseStream(stream: Readable): Promise<M>;
  model?: M;
}

/** Parsed `xl/workbook.xml`. */
export interface WorkbookModel {
  readonly sheets?: readonly WorkbookSheet[];
  readonly properties?: { readonly date1904?: boolean };
}

/** exceljs's StylesXform, as its stream reader uses it: the number format of a cell style. */
export interface StyleManager {
  parseStream(stream: Readable): Promise<unknown>;
  getStyleModel(id: number): { readonly numFmt?: string } | null;
}

/** The exceljs modules the reader drives, by their path in the package. */
export interface ExcelJsParts {
  readonly RelationshipsXform: new () => Xform<Relationship[]>;
  readonly WorkbookXform: new () => Xform<unknown> & { model?: WorkbookModel };
  readonly StylesXform: new () => StyleManager;
  readonly utils: {
    isDateFmt(fmt: string | undefined): boolean;
    excelToDate(value: number, date1904: boolean | undefined): Date;
    xmlDecode(text: string): string;
  };
  readonly colCache: {
    decodeAddress(ref: string): { readonly col: number | undefined };
    encodeAddress(row: number, col: number | undefined): string;
    validateAddress(address: string): boolean;
  };
}

/** Module path (inside exceljs/lib) -> the export the reader needs. */
const MODULES = {
  RelationshipsXform: 'xlsx/xform/core/relationships-xform.js',
  WorkbookXform: 'xlsx/xform/book/workbook-xform.js',
  StylesXform: 'xlsx/xform/style/styles-xform.js',
  utils: 'utils/utils.js',
  colCache: 'utils/col-cache.js',
} as const;

let parts: ExcelJsParts | undefined;

/** The exceljs modules, loaded on first use; a missing one (an exceljs upgrade moved it) is READ_FAILED. */
export function excelJsParts(): ExcelJsParts {
  if (parts !== undefined) return parts;
  const require = createRequire(import.meta.url);
  const loaded: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(MODULES)) {
    try {
      loaded[name] = require(`exceljs/lib/${path}`);
    } catch {
      throw new ScanError('READ_FAILED', `xlsx reader: exceljs has no lib/${path}; check the exceljs version`);
    }
  }
  parts = loaded as unknown as ExcelJsParts;
  return parts;
}
