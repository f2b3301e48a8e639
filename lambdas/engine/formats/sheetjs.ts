/**
 * SheetJS (the OLE container parser, the BIFF5 workbook reader and the number formats that are
 * dates), loaded on first use, and how it is run: shared by the OLE sniffing (ole.ts) and the
 * workbook readers (xls.ts, biff8.ts).
 */
import type { DateRules } from './excel-numbers.js';

/** The part of SheetJS's CFB container ShredLock uses. */
export interface CfbContainer {
  readonly FullPaths: readonly string[];
  /** `size`: the stream's size as its directory entry declares it. */
  readonly FileIndex: readonly { readonly name: string; readonly type: number; readonly size?: number; readonly content?: Uint8Array }[];
}

/** SheetJS's CFB parser (typed `any` by the package). */
export interface CfbApi {
  read(data: Buffer, options: { type: 'buffer' }): CfbContainer;
  write(container: CfbContainer, options: { type: 'buffer' }): Buffer;
  readonly utils: {
    cfb_new(): CfbContainer;
    cfb_add(container: CfbContainer, path: string, content: Uint8Array): unknown;
  };
}

let builtins: Readonly<Record<number, string>> | undefined;
let loading: Promise<typeof import('@e965/xlsx')> | undefined;

/** SheetJS, loaded and set up on first use: it is large and only OLE files need it. */
export function loadSheetJs(): Promise<typeof import('@e965/xlsx')> {
  loading ??= (async () => {
    const sheetJs = await import('@e965/xlsx');
    // Its format table is one for the process, and every workbook it parses adds its own formats:
    // the built-in ones are those it holds before the first parse.
    builtins = { ...sheetJs.SSF.get_table() };
    // Codepages for BIFF5 workbooks, whose strings are in the writer's ANSI codepage (GBK, Big5).
    sheetJs.set_cptable(await import('@e965/xlsx/dist/cpexcel.full.mjs'));
    return sheetJs;
  })();
  return loading;
}

/** SheetJS's date rules, for the BIFF8 reader: which number formats are dates, and the calendar. */
export async function sheetJsDates(): Promise<DateRules> {
  const { SSF } = await loadSheetJs();
  return {
    builtins: builtins!,
    isDate: (format) => SSF.is_date(format),
    dateCode: (serial) => SSF.parse_date_code(serial) ?? null,
  };
}

/**
 * Runs a synchronous parse with the console silenced: SheetJS prints what it does not recognize
 * in a damaged file, and logs must never carry file content. Nothing else runs meanwhile.
 */
export function quietly<T>(parse: () => T): T {
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const mute = (): void => undefined;
  console.log = console.warn = console.error = mute;
  try {
    return parse();
  } finally {
    Object.assign(console, saved);
  }
}
