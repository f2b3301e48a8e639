/**
 * Images, audio and video, told by their first bytes. Nothing here reads them (no OCR, no speech
 * recognition), and they are where personal data often sits in a closing company's backups: photos
 * of ID cards and bank cards taken for real-name checks, signed contracts photographed, recorded
 * customer calls. The strings pass finds nothing in them, and nothing found would say public. So
 * they are `NO_TEXT`, failed, never public, like a PDF of scanned pages.
 *
 * Told only among bytes that are not text (sniff.ts), so a text that happens to start like one of
 * them stays text. An MP3 without an ID3 tag has no magic to tell it by; it goes to the strings
 * pass, and is `OPAQUE` (opacity.ts) when its compressed frames measure as compressed data does.
 *
 * The one exception is an image too small to show a legible identifier: both sides under
 * LEGIBLE_SIDE_PIXELS (icons, spacers, tracking pixels), when its header gives its size.
 *
 * | first bytes                                   | kind    |
 * |-----------------------------------------------|---------|
 * | `FF D8 FF` (JPEG), `89 PNG`, `GIF87a`/`GIF89a`  | image   |
 * | `RIFF` … `WEBP`, `BM` with a valid header, `II*\0`/`MM\0*` (TIFF, camera raw) | image |
 * | `ftyp` box with an image brand (HEIC, HEIF, AVIF) | image |
 * | `ftyp` box with any other brand (MP4, MOV, M4A, 3GP) | media |
 * | `RIFF` … `WAVE`/`AVI `, `ID3` (MP3), `OggS`, `fLaC`, `#!AMR`, `#!SILK_V3` (WeChat voice), Matroska/WebM, `FLV`, ASF (WMA, WMV) | media |
 */

/** What the first bytes say: an image (with its size when its header gives it) or audio/video. */
export type MediaKind = { readonly format: 'image'; readonly width?: number; readonly height?: number } | { readonly format: 'media' };

/** Text under this many characters (not white space) leaves a document's pictures as its content (pictures.ts); with more, a picture shown in it is layout (a logo in a mail, mail.ts; a `data:` URI in a web page, embedded.ts). */
export const PICTURE_DOCUMENT_MAX_CHARS = 100;

/** Characters of `text` that are not white space. */
export function textChars(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x20 && c !== 0x3000 && c !== 0xa0) count++;
  }
  return count;
}

/** An image with both sides under this many pixels cannot show a legible identifier. */
export const LEGIBLE_SIDE_PIXELS = 32;

const ASF_MAGIC = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11];
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IMAGE_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis']);
/** BMP info header sizes (BITMAPCOREHEADER to BITMAPV5HEADER). */
const BMP_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

function ascii(head: Uint8Array, at: number, length: number): string {
  return head.length < at + length ? '' : String.fromCharCode(...head.subarray(at, at + length));
}

function bytesAt(head: Uint8Array, at: number, magic: readonly number[]): boolean {
  return head.length >= at + magic.length && magic.every((byte, i) => head[at + i] === byte);
}

const u16be = (head: Uint8Array, at: number) => (head[at] << 8) | head[at + 1];
const u16le = (head: Uint8Array, at: number) => head[at] | (head[at + 1] << 8);
const u32be = (head: Uint8Array, at: number) => (head[at] * 0x1000000 + (head[at + 1] << 16) + (head[at + 2] << 8) + head[at + 3]) >>> 0;
const i32le = (head: Uint8Array, at: number) => head[at] | (head[at + 1] << 8) | (head[at + 2] << 16) | (head[at + 3] << 24);

/**
 * The markers of a JPEG's segments, in order, each with where its `FF` is: fill bytes passed over,
 * standalone markers (TEM, RST) taken as they are, and the entropy-coded data after each SOS up to
 * the next marker that is neither a stuffed `FF 00` nor a restart. Ends at the first byte where no
 * marker stands, or where `bytes` end.
 */
function* jpegMarkers(bytes: Uint8Array): Generator<{ readonly at: number; readonly marker: number }> {
  let at = 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) return;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    yield { at, marker };
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) return;
    at += 2 + u16be(bytes, at + 2);
    if (marker !== 0xda) continue;
    while (at + 1 < bytes.length && !(bytes[at] === 0xff && bytes[at + 1] !== 0 && (bytes[at + 1] < 0xd0 || bytes[at + 1] > 0xd7))) at++;
  }
}

/** A JPEG's size from its first SOF segment, if it lies in `head`. */
function jpegSize(head: Uint8Array): { width: number; height: number } | undefined {
  for (const { at, marker } of jpegMarkers(head)) {
    // The frame header comes before the scan: none before SOS is none.
    if (marker === 0xda) return undefined;
    // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return at + 9 < head.length ? { height: u16be(head, at + 5), width: u16be(head, at + 7) } : undefined;
    }
  }
  return undefined;
}

/** A BMP: `BM`, reserved words zero and a known info header (so text starting "BM" is not one). */
function bmpSize(head: Uint8Array): { width?: number; height?: number } | undefined {
  if (head.length < 26 || head[0] !== 0x42 || head[1] !== 0x4d) return undefined;
  if (head[6] !== 0 || head[7] !== 0 || head[8] !== 0 || head[9] !== 0) return undefined;
  const infoSize = i32le(head, 14);
  if (!BMP_HEADER_SIZES.has(infoSize)) return undefined;
  if (infoSize === 12) return { width: u16le(head, 18), height: u16le(head, 20) };
  return { width: Math.abs(i32le(head, 18)), height: Math.abs(i32le(head, 22)) };
}

/** The kind of image, audio or video the first bytes are, or undefined for none. */
export function mediaKind(head: Uint8Array): MediaKind | undefined {
  if (bytesAt(head, 0, [0xff, 0xd8, 0xff])) return { format: 'image', ...jpegSize(head) };
  if (bytesAt(head, 0, PNG_MAGIC)) return head.length >= 24 ? { format: 'image', width: u32be(head, 16), height: u32be(head, 20) } : { format: 'image' };
  const gif = ascii(head, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return head.length >= 10 ? { format: 'image', width: u16le(head, 6), height: u16le(head, 8) } : { format: 'image' };
  if (ascii(head, 0, 4) === 'RIFF') {
    const form = ascii(head, 8, 4);
    if (form === 'WEBP') return { format: 'image' };
    if (form === 'WAVE' || form === 'AVI ') return { format: 'media' };
  }
  const bmp = bmpSize(head);
  if (bmp !== undefined) return { format: 'image', ...bmp };
  const tiff = ascii(head, 0, 4);
  if (tiff === 'II*\0' || tiff === 'MM\0*') return { format: 'image' };
  if (ascii(head, 4, 4) === 'ftyp') return IMAGE_BRANDS.has(ascii(head, 8, 4)) ? { format: 'image' } : { format: 'media' };
  const start = ascii(head, 0, 9);
  if (start.startsWith('ID3') || start.startsWith('OggS') || start.startsWith('fLaC') || start.startsWith('#!AMR') || start.startsWith('FLV\x01')) {
    return { format: 'media' };
  }
  if (start === '#!SILK_V3' || ascii(head, 1, 9) === '#!SILK_V3') return { format: 'media' };
  if (bytesAt(head, 0, EBML_MAGIC) || bytesAt(head, 0, ASF_MAGIC)) return { format: 'media' };
  return undefined;
}

/**
 * Where a PNG, GIF, BMP or JPEG picture in `bytes` ends, by its own structure: after a PNG's IEND
 * chunk, a GIF's trailer, a BMP's size in its header, a JPEG's EOI marker. Undefined when its
 * structure does not lead to an end within `bytes` (damaged, cut short, or another kind).
 */
export function pictureEnd(bytes: Uint8Array): number | undefined {
  if (bytesAt(bytes, 0, PNG_MAGIC)) return pngEnd(bytes);
  const gif = ascii(bytes, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return gifEnd(bytes);
  if (bmpSize(bytes) !== undefined) {
    const size = i32le(bytes, 2);
    return size >= 26 && size <= bytes.length ? size : undefined;
  }
  if (bytesAt(bytes, 0, [0xff, 0xd8, 0xff])) return jpegEnd(bytes);
  return undefined;
}

/** After the IEND chunk (length, type, data, CRC-32 each), walking the chunks from the signature. */
function pngEnd(bytes: Uint8Array): number | undefined {
  let at = 8;
  while (at + 12 <= bytes.length) {
    // IEND holds no data, whatever its length says.
    if (ascii(bytes, at + 4, 4) === 'IEND') return at + 12;
    const end = at + 12 + u32be(bytes, at);
    if (end > bytes.length) return undefined;
    at = end;
  }
  return undefined;
}

/** After the trailer (0x3B), walking the blocks: extensions and images, each of data sub-blocks. */
function gifEnd(bytes: Uint8Array): number | undefined {
  const table = (flags: number) => ((flags & 0x80) === 0 ? 0 : 3 * 2 ** ((flags & 7) + 1));
  let at = 13 + table(bytes[10] ?? 0);
  const subBlocks = (): boolean => {
    while (at < bytes.length) {
      const size = bytes[at++];
      if (size === 0) return true;
      at += size;
    }
    return false;
  };
  while (at < bytes.length) {
    const block = bytes[at];
    if (block === 0x3b) return at + 1;
    if (block === 0x21) at += 2;
    else if (block === 0x2c) {
      if (at + 10 > bytes.length) return undefined;
      at += 10 + table(bytes[at + 9]) + 1;
    } else return undefined;
    if (!subBlocks()) return undefined;
  }
  return undefined;
}

/** After the EOI marker (FF D9), walking the segments (jpegMarkers). */
function jpegEnd(bytes: Uint8Array): number | undefined {
  for (const { at, marker } of jpegMarkers(bytes)) if (marker === 0xd9) return at + 2;
  return undefined;
}

/** True for an image whose header shows both sides under LEGIBLE_SIDE_PIXELS. */
export function tooSmallToRead(kind: MediaKind): boolean {
  return (
    kind.format === 'image' &&
    kind.width !== undefined &&
    kind.height !== undefined &&
    kind.width < LEGIBLE_SIDE_PIXELS &&
    kind.height < LEGIBLE_SIDE_PIXELS
  );
}
