/**
 * The objects an OLE container embeds (Word's ObjectPool, Excel's MBD storages, an OLE object file
 * of its own) and the Packager data of an object, as files to read as members: used by the OLE
 * reader (ole.ts) and by the RTF reader for `\objdata` (rtf.ts).
 */
import { inflateSync } from 'node:zlib';
import { ScanError } from '../errors.js';
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
 * Objects nested in an embedded file are read when it is. SheetJS's CFB writer (`loadCfb`) is
 * loaded only for a storage made into a file of its own.
 */
export async function objectFiles(container: CfbContainer, loadCfb: () => Promise<CfbApi>): Promise<FoundFile[]> {
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
      (at !== '' && (own('Workbook') ?? own('Book') ?? own('WordDocument')) !== undefined ? { name: `${at}${own('WordDocument') ? 'object.doc' : 'object.xls'}`, bytes: storageFile(streams, await loadCfb()) } : undefined);
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

/** PowerPoint's record of an embedded object's storage ([MS-PPT] ExOleObjStg), and its header's size. */
const EX_OLE_OBJ_STG = 0x1011;
const RECORD_HEADER = 8;

/**
 * The objects a PowerPoint 97-2003 deck embeds (a workbook pasted onto a slide): each is an OLE
 * file of its own in an ExOleObjStg record of the `PowerPoint Document` stream, zlib-compressed
 * after its size (record instance 1) or as it is (instance 0), named `ExOleObjStg@<offset>` by the
 * record's offset in the stream. Container records are walked into. The objects are held at most
 * `maxBytes` in all: one past that is left unread (bytes undefined: LIMIT_EXCEEDED); a broken one
 * is CORRUPT.
 */
export function deckObjects(stream: Uint8Array, maxBytes: number): FoundFile[] {
  const view = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  const files: FoundFile[] = [];
  let held = 0;
  for (let at = 0; at + RECORD_HEADER <= view.length; ) {
    const verAndInstance = view.readUInt16LE(at);
    const type = view.readUInt16LE(at + 2);
    const length = view.readUInt32LE(at + 4);
    if ((verAndInstance & 0xf) === 0xf) {
      at += RECORD_HEADER; // a container: its records follow
      continue;
    }
    const end = at + RECORD_HEADER + length;
    if (type === EX_OLE_OBJ_STG) {
      const name = `ExOleObjStg@${at}`;
      const data = view.subarray(at + RECORD_HEADER, Math.min(end, view.length));
      const file = storedObject(name, data, verAndInstance >> 4 === 1, maxBytes - held);
      held += file.bytes?.length ?? 0;
      files.push(file);
    }
    at = end;
  }
  return files;
}

function storedObject(name: string, data: Buffer, compressed: boolean, maxBytes: number): FoundFile {
  if (maxBytes <= 0) return { name, bytes: undefined, layout: false };
  if (!compressed) return data.length > maxBytes ? { name, bytes: undefined, layout: false } : { name, bytes: data, layout: false };
  if (data.length < 4 || data.readUInt32LE(0) > maxBytes) return { name, bytes: undefined, layout: false };
  try {
    return { name, bytes: inflateSync(data.subarray(4), { maxOutputLength: maxBytes }), layout: false };
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return { name, bytes: undefined, layout: false };
    return { name, bytes: new Uint8Array(0), layout: false, error: new ScanError('CORRUPT', 'embedded object could not be decompressed') };
  }
}
