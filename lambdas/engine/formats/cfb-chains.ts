/**
 * The sector chains of an OLE compound file ([MS-CFB] 2.2-2.5), checked before SheetJS reads it:
 * SheetJS's CFB reader follows a chain until it ends, so a chain that loops back on itself (a
 * damaged FAT) made it push sectors until V8's heap ran out, a fatal abort of the whole process
 * (found by fuzzing). Here the FAT and the mini FAT are read from the header and their chains
 * followed once each, a sector at a time: a chain that comes back to a sector it passed is a
 * cycle. Other damage is left to SheetJS, which reports it. The FAT read here is also the one
 * cfb-directory.ts follows.
 */
import { chainLoops } from './chains.js';

const END_OF_CHAIN = 0xfffffffe;
/** Values above this are markers (free, end of chain, FAT or DIFAT sector), not sector numbers. */
export const MAX_SECTOR = 0xfffffffa;
const HEADER_DIFAT_ENTRIES = 109;

/** A compound file's sectors and FAT, as its header and DIFAT give them. */
export interface CfbLayout {
  readonly bytes: Buffer;
  /** Bytes a sector (512 or 4096). */
  readonly size: number;
  /** Whole sectors after the header. */
  readonly sectors: number;
  /** The next sector of each sector's chain (END_OF_CHAIN past the FAT's sectors); empty when the DIFAT loops. */
  readonly fat: Uint32Array;
  /** The DIFAT's chain of sectors comes back to one it passed: the FAT cannot be read. */
  readonly difatLoops: boolean;
  /** Where sector `n` starts in the file. */
  sectorAt(n: number): number;
}

/** The file's sectors and FAT, or undefined when its header gives no sector size this reads. */
export function cfbLayout(file: Uint8Array): CfbLayout | undefined {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length < 512) return undefined;
  const shift = bytes.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return undefined;
  const size = 1 << shift;
  const sectors = Math.floor((bytes.length - size) / size);
  const sectorAt = (n: number) => size + n * size;

  // The FAT's own sectors: 109 in the header, then DIFAT sectors, each ending with the next's number.
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) {
    const n = bytes.readUInt32LE(0x4c + i * 4);
    if (n <= MAX_SECTOR) fatSectors.push(n);
  }
  const perSector = size / 4;
  const seenDifat = new Set<number>();
  for (let d = bytes.readUInt32LE(0x44); d <= MAX_SECTOR && d < sectors; d = bytes.readUInt32LE(sectorAt(d) + size - 4)) {
    if (seenDifat.has(d)) return { bytes, size, sectors, fat: new Uint32Array(0), difatLoops: true, sectorAt };
    seenDifat.add(d);
    for (let i = 0; i < perSector - 1; i++) {
      const n = bytes.readUInt32LE(sectorAt(d) + i * 4);
      if (n <= MAX_SECTOR) fatSectors.push(n);
    }
  }
  const fat = new Uint32Array(fatSectors.length * perSector).fill(END_OF_CHAIN);
  fatSectors.forEach((n, k) => {
    if (n >= sectors) return;
    for (let i = 0; i < perSector; i++) fat[k * perSector + i] = bytes.readUInt32LE(sectorAt(n) + i * 4);
  });
  return { bytes, size, sectors, fat, difatLoops: false, sectorAt };
}

/** Why the file's FAT or mini FAT holds a chain that loops, or undefined when none does (or the header cannot say). */
export function cfbChainCycle(file: Uint8Array): string | undefined {
  const layout = cfbLayout(file);
  if (layout === undefined) return undefined;
  const { bytes, size, sectors, fat, sectorAt } = layout;
  if (layout.difatLoops) return 'its DIFAT chain loops';
  if (chainLoops(fat)) return 'its FAT holds a chain that loops';

  // The mini FAT: a chain of sectors in the FAT (checked above), each of 32-bit entries.
  const mini: number[] = [];
  const seenMini = new Set<number>();
  for (let m = bytes.readUInt32LE(0x3c); m <= MAX_SECTOR && m < sectors && !seenMini.has(m); m = fat[m] ?? END_OF_CHAIN) {
    seenMini.add(m);
    for (let i = 0; i < size / 4; i++) mini.push(bytes.readUInt32LE(sectorAt(m) + i * 4));
  }
  if (chainLoops(Uint32Array.from(mini))) return 'its mini FAT holds a chain that loops';
  return undefined;
}
