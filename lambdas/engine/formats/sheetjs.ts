/**
 * SheetJS (the .xls reader and the OLE container parser), loaded on first use, and how it is run:
 * shared by the OLE sniffing (ole.ts) and the workbook reader (xls.ts).
 */
/** The part of SheetJS's CFB container ShredLock uses. */
export interface CfbContainer {
  readonly FullPaths: readonly string[];
  readonly FileIndex: readonly { readonly name: string; readonly type: number; readonly content?: Uint8Array }[];
}

/** SheetJS's CFB parser (typed `any` by the package). */
export interface CfbApi {
  read(data: Buffer, options: { type: 'buffer' }): CfbContainer;
}

/** SheetJS, loaded on first use: it is large and only OLE files need it. */
export async function loadSheetJs(): Promise<typeof import('@e965/xlsx')> {
  const sheetJs = await import('@e965/xlsx');
  // Codepages for BIFF5 workbooks, whose strings are in the writer's ANSI codepage (GBK, Big5).
  sheetJs.set_cptable(await import('@e965/xlsx/dist/cpexcel.full.mjs'));
  return sheetJs;
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
