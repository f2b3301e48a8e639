/**
 * SheetJS (the OLE container parser, its writer for embedded objects' storages, and the BIFF5
 * workbook reader), loaded on first use, and how it is run: shared by the OLE sniffing (ole.ts) and
 * the workbook reader (xls.ts). An Excel 97 workbook read by biff8.ts loads none of it (its date
 * rules are ported: excel-dates.ts).
 */

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

let loading: Promise<typeof import('@e965/xlsx')> | undefined;

/** SheetJS, loaded and set up on first use: it is large and only OLE files need it. */
export function loadSheetJs(): Promise<typeof import('@e965/xlsx')> {
  loading ??= (async () => {
    const sheetJs = await import('@e965/xlsx');
    // Codepages for BIFF5 workbooks, whose strings are in the writer's ANSI codepage (GBK, Big5).
    sheetJs.set_cptable(await import('@e965/xlsx/dist/cpexcel.full.mjs'));
    return sheetJs;
  })();
  return loading;
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
