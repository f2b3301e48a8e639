/**
 * The bytes of an image too small to show an identifier (icon.ts reads it): where what follows its
 * picture starts. Apart from its reader, so that the readers of embedded files (embedded.ts) ask
 * it without the strings pass.
 */
import type { Format } from '../types.js';
import { pictureEnd } from './media.js';
import { SNIFF_BYTES, signatureAt, sniffBytes } from './sniff.js';

/**
 * The most bytes of an image too small to show an identifier whose compressed bytes are taken for
 * its picture: 32 x 32 pixels in four bytes each, with room for its metadata (a colour profile,
 * EXIF). A larger one that is mostly compressed or encrypted is OPAQUE.
 */
export const ICON_MAX_BYTES = 64 * 1024;

/** Formats read as plain text (text.ts), which the strings pass reads as well. */
const PLAIN_TEXT: ReadonlySet<Format> = new Set(['text', 'csv', 'tsv', 'json', 'jsonl']);

/** Bytes that pad a file after its picture (zeros, white space): no object of their own. */
function paddingEnd(bytes: Uint8Array, from: number): number {
  let at = from;
  while (at < bytes.length && (bytes[at] === 0 || bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at++;
  return at;
}

/**
 * Where what follows the picture starts, or undefined when nothing does: after its end and any
 * padding, or at the first signature after it when what is there is no format of its own (a few
 * bytes of junk before an archive); for a picture whose end is not found (damaged), at the first
 * signature after its header. A BMP's end is only what its header says: plain text after it may
 * have begun inside it (a BMP header before a customer list counts the list's first bytes as
 * pixels), and such a file is read whole by the strings pass, up to a signature in it.
 */
export function appendedAt(bytes: Uint8Array, end: number | undefined): number | undefined {
  if (end === undefined) return signatureAt(bytes, 8);
  const start = paddingEnd(bytes, end);
  if (start >= bytes.length) return undefined;
  const format = sniffBytes(bytes.subarray(start, start + SNIFF_BYTES), '').format;
  if (format === 'binary') return signatureAt(bytes, start) ?? start;
  // Text after a BMP may be its pixels' (see above): read with them, unless a file follows.
  return PLAIN_TEXT.has(format) && bytes[0] === 0x42 ? signatureAt(bytes, start) : start;
}

/** True for the bytes of an icon with more after its picture, or a damaged one with a file in it. */
export function iconWithMore(bytes: Uint8Array): boolean {
  return appendedAt(bytes, pictureEnd(bytes)) !== undefined;
}
