/**
 * The parts of exceljs 4.4 the XLSX reader still uses, each required by its path inside the
 * package: the helpers that decide how a cell's value is shown (date formats and the date systems,
 * entity decoding, A1 addresses) and the table of Excel's built-in number formats, so that those
 * rules stay exactly exceljs's. Requiring `exceljs` itself loads the whole library (workbook model,
 * writers, CSV, streams): 27 MiB of RSS, measured; even its XML part parsers (BaseXform, with
 * readable-stream) cost 8 MiB, and these modules next to nothing. They are found by path, so a
 * test checks that they still exist.
 */
import { createRequire } from 'node:module';
import { ScanError } from '../errors.js';

/** The exceljs modules the reader uses, by their path in the package. */
export interface ExcelJsParts {
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
  /** Built-in number formats by numFmtId (`14` is `mm-dd-yy`). */
  readonly defaultNumFormats: Readonly<Record<number, { readonly f?: string } | undefined>>;
}

/** Module path (inside exceljs/lib) -> the export the reader needs. */
const MODULES = {
  utils: 'utils/utils.js',
  colCache: 'utils/col-cache.js',
  defaultNumFormats: 'xlsx/defaultnumformats.js',
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
