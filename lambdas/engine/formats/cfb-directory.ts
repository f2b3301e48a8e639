/**
 * An OLE compound file's directory read here, its streams' contents made only when read. SheetJS's
 * CFB reader copies every sector chain of the file and holds a view of each sector while it
 * parses: an Excel 97 workbook of 60,000 customers (28 MB) took one worker from 80 to 143 MiB
 * before its first cell, 153-165 MiB in all. The OLE reader (ole.ts) reads a BIFF8 workbook's
 * container so: the same FileIndex and FullPaths SheetJS gives (its `read_directory` and
 * `build_full_paths`, ported; a test holds the two equal on real files), each stream's `content`
 * a view of the file when its sectors follow one another (as xlwt and SheetJS lay out a workbook),
 * else a copy of its chain (as LibreOffice's), made when first read and kept. A file this does not read as SheetJS would (a chain that
 * leaves the file or ends early, a name longer than its field) gives undefined: SheetJS reads it.
 */
import { cfbLayout, MAX_SECTOR } from './cfb-chains.js';
import type { CfbContainer } from './sheetjs.js';

/** A directory entry's bytes. */
const ENTRY_BYTES = 128;
/** Streams under this many bytes are in the mini stream, in sectors of MINI_SECTOR bytes. */
const MINI_CUTOFF = 4096;
const MINI_SECTOR = 64;
/** SheetJS's ENDOFCHAIN and NOSTREAM, as the signed numbers it reads. */
const END_OF_CHAIN = -2;
const NO_STREAM = -1;
const ROOT_TYPE = 5;

/** A directory entry, as SheetJS's FileIndex holds it (its content a getter). */
interface Entry {
  name: string;
  type: number;
  readonly L: number;
  readonly R: number;
  readonly C: number;
  start: number;
  size: number;
  readonly content?: Uint8Array;
}

/** A container read lazily from `file`, or undefined when SheetJS should read it. */
export function lazyContainer(file: Uint8Array): CfbContainer | undefined {
  const layout = cfbLayout(file);
  if (layout === undefined || layout.difatLoops || layout.fat.length === 0) return undefined;
  const { bytes, size, sectors, fat, sectorAt } = layout;

  /** The sectors of the chain from `start` (a signed number); undefined when it leaves the file or the FAT. */
  const chainOf = (start: number): number[] | undefined => {
    const chain: number[] = [];
    for (let s = start >>> 0; s <= MAX_SECTOR; s = fat[s]) {
      if (s >= sectors || s >= fat.length || chain.length >= sectors) return undefined;
      chain.push(s);
    }
    return chain;
  };
  /** The first `length` bytes of `chain`: a view when its sectors follow one another; undefined when it is shorter. */
  const read = (chain: readonly number[], length: number): Buffer | undefined => {
    const need = Math.ceil(length / size);
    if (need > chain.length) return undefined;
    if (need === 0) return Buffer.alloc(0);
    let follows = true;
    for (let i = 1; i < need && follows; i++) follows = chain[i] === chain[0] + i;
    if (follows) return bytes.subarray(sectorAt(chain[0]), sectorAt(chain[0]) + length);
    return Buffer.concat(chain.slice(0, need).map((s) => bytes.subarray(sectorAt(s), sectorAt(s) + size))).subarray(0, length);
  };

  const directoryChain = chainOf(bytes.readInt32LE(0x30));
  if (directoryChain === undefined) return undefined;
  const directory = read(directoryChain, directoryChain.length * size)!;
  const entries: Entry[] = [];
  const paths: string[] = [];
  let miniStart = END_OF_CHAIN;
  let miniStream: Buffer | undefined;
  let miniFat: Buffer | undefined;
  let readable = true;
  for (let at = 0; at + ENTRY_BYTES <= directory.length; at += ENTRY_BYTES) {
    const entry = directory.subarray(at, at + ENTRY_BYTES);
    // The name's length counts its terminating NUL; SheetJS reads that far and drops NULs.
    const end = entry.readUInt16LE(64);
    if (end > 64) return undefined;
    const name = end > 0 ? entry.toString('utf16le', 0, end).replace(/\u0000/g, '') : '';
    paths.push(name);
    const e = { name, type: entry[66], L: entry.readInt32LE(68), R: entry.readInt32LE(72), C: entry.readInt32LE(76), start: entry.readInt32LE(116), size: entry.readInt32LE(120) } as Entry;
    if (e.size < 0 && e.start < 0) {
      e.size = e.type = 0;
      e.start = END_OF_CHAIN;
      e.name = '';
    }
    if (e.type === ROOT_TYPE) miniStart = e.start;
    else if (e.size >= MINI_CUTOFF) {
      const chain = chainOf(e.start);
      if (chain === undefined || chain.length * size < e.size) readable = false;
      else lazy(e, () => read(chain, e.size)!);
    } else if (e.size < 0) e.size = 0;
    else if (miniStart !== END_OF_CHAIN && e.start !== END_OF_CHAIN) {
      const { start, size: length } = e;
      lazy(e, () => {
        miniStream ??= whole(miniStart);
        miniFat ??= whole(bytes.readInt32LE(0x3c));
        return miniEntry(start, length, miniStream, miniFat);
      });
    }
    entries.push(e);
  }
  if (!readable) return undefined;
  return { FileIndex: entries, FullPaths: fullPaths(entries, paths) };

  /** The whole chain from `start` (empty when it leaves the file). */
  function whole(start: number): Buffer {
    const chain = chainOf(start);
    return chain === undefined ? Buffer.alloc(0) : read(chain, chain.length * size)!;
  }
}

/** Gives `entry` a `content` made by `make` when it is first read, and kept (a copy made twice would be held twice). */
function lazy(entry: Entry, make: () => Uint8Array): void {
  let made: Uint8Array | undefined;
  Object.defineProperty(entry, 'content', { get: () => (made ??= make()), enumerable: true });
}

/** A stream of the mini stream: its mini sectors from `start`, by the mini FAT, cut to `length` (SheetJS's get_mfat_entry). */
function miniEntry(start: number, length: number, stream: Buffer, miniFat: Buffer): Buffer {
  const pieces: Buffer[] = [];
  let left = length;
  for (let at = start; miniFat.length > 0 && left > 0 && at >= 0; ) {
    pieces.push(stream.subarray(at * MINI_SECTOR, at * MINI_SECTOR + MINI_SECTOR));
    left -= MINI_SECTOR;
    at = at * 4 + 4 <= miniFat.length ? miniFat.readInt32LE(at * 4) : -1;
  }
  return pieces.length === 0 ? Buffer.alloc(0) : Buffer.concat(pieces).subarray(0, length);
}

/** Each entry's path from the root, as SheetJS's build_full_paths makes them (storages end with `/`). */
function fullPaths(entries: readonly Entry[], names: readonly string[]): string[] {
  const count = names.length;
  const paths = [...names];
  const dad: number[] = [];
  const queue: number[] = [];
  for (let i = 0; i < count; i++) dad[i] = queue[i] = i;
  let L = NO_STREAM;
  let R = NO_STREAM;
  for (let j = 0; j < queue.length; j++) {
    const i = queue[j];
    L = entries[i].L;
    R = entries[i].R;
    const C = entries[i].C;
    if (dad[i] === i) {
      if (L !== NO_STREAM && dad[L] !== L) dad[i] = dad[L];
      if (R !== NO_STREAM && dad[R] !== R) dad[i] = dad[R];
    }
    if (C !== NO_STREAM) dad[C] = i;
    if (L !== NO_STREAM && i !== dad[i]) {
      dad[L] = dad[i];
      if (queue.lastIndexOf(L) < j) queue.push(L);
    }
    if (R !== NO_STREAM && i !== dad[i]) {
      dad[R] = dad[i];
      if (queue.lastIndexOf(R) < j) queue.push(R);
    }
  }
  // SheetJS's second pass reads L and R as the first pass left them.
  for (let i = 1; i < count; i++) {
    if (dad[i] !== i) continue;
    if (R !== NO_STREAM && dad[R] !== R) dad[i] = dad[R];
    else if (L !== NO_STREAM && dad[L] !== L) dad[i] = dad[L];
  }
  for (let i = 1; i < count; i++) {
    if (entries[i].type === 0) continue;
    let j = i;
    if (j !== dad[j]) {
      do {
        j = dad[j];
        paths[i] = `${paths[j]}/${paths[i]}`;
      } while (j !== 0 && dad[j] !== -1 && j !== dad[j]);
    }
    dad[i] = -1;
  }
  paths[0] += '/';
  for (let i = 1; i < count; i++) if (entries[i].type !== 2) paths[i] += '/';
  return paths;
}
