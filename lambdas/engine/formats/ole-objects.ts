/**
 * The objects an OLE container embeds (Word's ObjectPool, Excel's MBD storages, an OLE object file
 * of its own) and the Packager data of an object, as files to read as members: used by the OLE
 * reader (ole.ts) and by the RTF reader for `\objdata` (rtf.ts).
 */
import type { FoundFile } from './embedded.js';
import type { CfbApi, CfbContainer } from './sheetjs.js';

/** Where Office keeps embedded objects: the root of an object file, Word's ObjectPool, Excel's MBD storages. */
const OBJECT_STORAGE = /^Root Entry\/(?:ObjectPool\/[^/]+\/|MBD[0-9A-Fa-f]+\/)?$/;
const STREAM_TYPE = 2;

/**
 * The files of an OLE container's embedded objects (a workbook pasted into a letter as an object,
 * a file packaged into a workbook), by their path in the container:
 *
 * | the object's storage holds              | the file                                      |
 * |-----------------------------------------|-----------------------------------------------|
 * | `Package`                               | its bytes: an OOXML file (an embedded .xlsx)  |
 * | `\x01Ole10Native`                       | the packaged file (Packager: any file), named by its file name |
 * | `CONTENTS`                              | its bytes (an embedded PDF)                   |
 * | `Workbook`, `Book` or `WordDocument`    | the storage as an OLE file of its own (an embedded .xls or .doc) |
 *
 * Objects nested in an embedded file are read when it is.
 */
export function objectFiles(container: CfbContainer, CFB: CfbApi): FoundFile[] {
  const files: FoundFile[] = [];
  const { FullPaths, FileIndex } = container;
  for (let i = 0; i < FullPaths.length; i++) {
    const storage = FullPaths[i];
    if (FileIndex[i].type === STREAM_TYPE || !OBJECT_STORAGE.test(storage)) continue;
    const streams = new Map<string, Uint8Array>();
    for (let j = 0; j < FullPaths.length; j++) {
      const path = FullPaths[j];
      if (FileIndex[j].type === STREAM_TYPE && path.startsWith(storage)) streams.set(path.slice(storage.length), FileIndex[j].content ?? new Uint8Array(0));
    }
    const at = storage.slice('Root Entry/'.length);
    const own = (name: string) => streams.get(name);
    const packaged = own('\x01Ole10Native');
    const file =
      (own('Package') && { name: `${at}Package`, bytes: own('Package') }) ??
      (packaged && ole10Native(packaged, at)) ??
      (own('CONTENTS') && { name: `${at}CONTENTS`, bytes: own('CONTENTS') }) ??
      (at !== '' && (own('Workbook') ?? own('Book') ?? own('WordDocument')) !== undefined ? { name: `${at}${own('WordDocument') ? 'object.doc' : 'object.xls'}`, bytes: storageFile(streams, CFB) } : undefined);
    if (file?.bytes !== undefined && file.bytes.length > 0) files.push({ name: file.name, bytes: file.bytes, layout: false });
  }
  return files;
}

/** The streams of one storage (paths relative to it) as an OLE file of their own. */
function storageFile(streams: ReadonlyMap<string, Uint8Array>, CFB: CfbApi): Uint8Array {
  const container = CFB.utils.cfb_new();
  for (const [path, content] of streams) CFB.utils.cfb_add(container, `/${path}`, content);
  return CFB.write(container, { type: 'buffer' });
}

/**
 * The file a Packager object holds ([MS-OLEDS] Ole10Native, as Apache POI reads it): total size,
 * flags, label and file name (NUL-ended), flags, a command of counted length, then the data's
 * size and the data. A stream not so laid out is its data after the total size.
 */
export function ole10Native(stream: Uint8Array, at: string): { name: string; bytes: Uint8Array } {
  const view = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  const cstring = (from: number): [string, number] => {
    const end = view.indexOf(0, from);
    return end < 0 ? ['', view.length] : [view.subarray(from, end).toString('latin1'), end + 1];
  };
  try {
    const total = view.readUInt32LE(0);
    let ofs = 6;
    const [, afterLabel] = cstring(ofs);
    const [fileName, afterName] = cstring(afterLabel);
    ofs = afterName + 4;
    ofs += 4 + view.readUInt32LE(ofs);
    const size = view.readUInt32LE(ofs);
    ofs += 4;
    if (view.readUInt16LE(4) === 2 && total <= view.length && ofs + size <= view.length) {
      const base = fileName.split(/[\\/]/).pop() ?? '';
      // A file name is kept only when it is plain ASCII (Packager writes it in the ANSI code page).
      const name = /^[\x20-\x7e]+$/.test(base) ? base : 'Ole10Native';
      return { name: `${at}${name}`, bytes: stream.subarray(ofs, ofs + size) };
    }
  } catch {
    // Not laid out as parsed: the data follows the total size.
  }
  return { name: `${at}Ole10Native`, bytes: stream.subarray(4) };
}
