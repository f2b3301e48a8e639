/** Test helpers for the format readers: in-memory sources and a flattened view of parts. */
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanErrorCode } from '../../../lambdas/engine/errors.js';
import { openContent } from '../../../lambdas/engine/formats/index.js';
import { DEFAULT_READ_LIMITS, type ReadLimits, type Source } from '../../../lambdas/engine/formats/source.js';
import { scanSource, type ObjectReport } from '../../../lambdas/engine/scan.js';
import type { Cell, Format, Location } from '../../../lambdas/engine/types.js';

/** Git-ignored folder for files the tests write. */
export const OUT_DIR = join(process.cwd(), 'test', '.out', 'formats');

/** A source over a buffer, yielded in chunks of `chunkSize` bytes (all at once by default). */
export function bufferSource(name: string, data: Buffer | string, chunkSize?: number): Source {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return {
    name,
    size: bytes.length,
    async *open() {
      const size = chunkSize ?? Math.max(1, bytes.length);
      for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
    },
  };
}

/** Writes `data` under OUT_DIR and returns a file source with a `path`. */
export function fileSource(name: string, data: Buffer): Source {
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, name);
  writeFileSync(path, data);
  return { name, path, size: data.length, open: () => createReadStream(path) };
}

/** One part, flattened: text joined, cells listed, errors by code. */
export type FlatPart =
  | { kind: 'text'; where: Location; delimiter?: string; text: string; chunks: number }
  | { kind: 'cells'; where: Location; cells: Cell[] }
  | { kind: 'error'; where: Location; code: ScanErrorCode; message: string };

/** Reads everything; a thrown error is returned as `thrown` (with the parts read before it). */
export async function readAll(
  source: Source,
  limits: Partial<ReadLimits> = {},
): Promise<{ format: Format; parts: FlatPart[]; thrown?: { code: string; message: string } }> {
  const { format, parts } = await openContent(source, { ...DEFAULT_READ_LIMITS, ...limits });
  const flat: FlatPart[] = [];
  try {
    for await (const part of parts) {
      if (part.kind === 'text') {
        let text = '';
        let chunks = 0;
        for await (const chunk of part.chunks) {
          text += chunk;
          chunks += 1;
        }
        flat.push({ kind: 'text', where: part.where, ...(part.delimiter === undefined ? {} : { delimiter: part.delimiter }), text, chunks });
      } else if (part.kind === 'cells') {
        const cells: Cell[] = [];
        for await (const batch of part.cells) cells.push(...batch);
        flat.push({ kind: 'cells', where: part.where, cells });
      } else {
        flat.push({ kind: 'error', where: part.where, code: part.error.code, message: part.error.message });
      }
    }
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { format, parts: flat, thrown: { code, message } };
  }
  return { format, parts: flat };
}

/** The cells of a read that gave exactly one CellsPart (fails the test otherwise). */
export function onlyCells(parts: readonly FlatPart[]): Cell[] {
  if (parts.length !== 1 || parts[0].kind !== 'cells') throw new Error(`expected one cells part, got ${parts.map((part) => part.kind).join(', ')}`);
  return parts[0].cells;
}

/** Text of all text parts, joined. */
export function allText(parts: readonly FlatPart[]): string {
  return parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
}

/** Deterministic pseudo-random bytes. */
export function noise(length: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** A JPEG head: SOI, an APP0 segment of `app0` bytes, a baseline SOF0 of `width` x `height`, then 600 bytes of noise. */
export function jpegHead(width: number, height: number, app0 = 16): Buffer {
  const app = Buffer.alloc(app0 + 2);
  app.writeUInt16BE(0xffe0, 0);
  app.writeUInt16BE(app0, 2);
  app.write('JFIF\0', 4, 'latin1');
  const sof = Buffer.from([0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app, sof, noise(600, 5)]);
}

/**
 * Bytes shaped like a database file's pages, not like compressed data: 32-byte slots of a
 * little-endian counter, zeros, 8 pseudo-random bytes and 0xFF padding (about 3.5 bits a byte,
 * where the strings pass's opacity test starts at 7.9).
 */
export function binaryFiller(length: number, seed = 1): Buffer {
  const random = noise(length, seed);
  const bytes = Buffer.alloc(length);
  for (let at = 0; at < length; at++) {
    const slot = at & 31;
    bytes[at] = slot < 4 ? ((at >> 5) >> (8 * slot)) & 0xff : slot < 16 ? 0 : slot < 24 ? random[at] : 0xff;
  }
  return bytes;
}

/**
 * Runs `test` with TMPDIR set to a new empty folder (`TMPDIR` below it, when `below` is given),
 * where the readers make their temporary folders; restores TMPDIR and removes the folder after.
 */
export async function withTemporaryFolder<T>(test: (folder: string) => Promise<T>, below?: string): Promise<T> {
  const previous = process.env.TMPDIR;
  const folder = mkdtempSync(join(tmpdir(), 'readers-tmp-'));
  const scratch = below === undefined ? folder : join(folder, below);
  mkdirSync(scratch, { recursive: true });
  process.env.TMPDIR = scratch;
  try {
    return await test(folder);
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The values a report found of `type`, sorted (a scan with `reveal`). */
export function foundValues(report: ObjectReport, type: string): (string | undefined)[] {
  return report.findings
    .filter((finding) => finding.type === type)
    .map((finding) => finding.value)
    .sort();
}

/**
 * The levels other than confidential and failed that copies of `data` came out at, scanned as
 * `name`, each with 4 bytes overwritten at one of `places` seeded places: `[]` when none was public
 * (nor only sensitive).
 */
export async function overwrittenLevels(data: Buffer, name: string, places = 300): Promise<string[]> {
  const levels = new Set<string>();
  for (let i = 0; i < places; i++) {
    const copy = Buffer.from(data);
    copy.writeUInt32LE((i * 2654435761) >>> 0, (i * 7919) % (copy.length - 4));
    levels.add((await scanSource(bufferSource(name, copy), name)).sensitivity);
  }
  return [...levels].filter((level) => level !== 'confidential' && level !== 'failed');
}
