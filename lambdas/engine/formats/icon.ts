/**
 * An image too small to show a legible identifier (media.ts `tooSmallToRead`: an icon, a spacer, a
 * tracking pixel). It shows no identifier, but a file that starts as one may hold more than its
 * picture, and fuzzing found such files public, unread: a customer list after a 16x16 PNG's
 * header, taken for an icon; an archive (zip, gzip, xz, an XLSX) appended to a real 16x16 PNG,
 * also after padding bytes or a damaged picture: its compressed bytes were taken for the picture's.
 *
 * So an icon of at most ICON_MAX_BYTES is held, and its picture ends where its own structure says
 * (media.ts `pictureEnd`): the picture is read by the strings pass (text in its metadata), its
 * compressed bytes taken for its picture; what follows it (after any padding, see `appendedAt`)
 * is read as an object of its own, a member named `appended@<offset>`. A damaged picture (no end
 * found) gives a member from the first signature of a known format after its header; with none,
 * it is read by the strings pass as any unknown binary is (mostly compressed, OPAQUE); so is a
 * larger file. */
import type { ScanError } from '../errors.js';
import type { ContentPart, Format } from '../types.js';
import { checkDepth, memberContext, whereOf, type ReadContext } from './limits.js';
import { pictureEnd } from './media.js';
import { errorPart, memoryMember, readMember } from './members.js';
import type { Source } from './source.js';
import { SNIFF_BYTES, signatureAt, sniffBytes } from './sniff.js';
import { readStrings } from './strings.js';
import { wholeObject } from './whole.js';

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
 * pixels), and such a file is read whole by the strings pass.
 */
function appendedAt(bytes: Uint8Array, end: number | undefined): number | undefined {
  if (end === undefined) return signatureAt(bytes, 8);
  const start = paddingEnd(bytes, end);
  if (start >= bytes.length) return undefined;
  const format = sniffBytes(bytes.subarray(start, start + SNIFF_BYTES), '').format;
  if (format === 'binary') return signatureAt(bytes, start) ?? start;
  return PLAIN_TEXT.has(format) && bytes[0] === 0x42 ? undefined : start;
}

/** True for the bytes of an icon with more after its picture, or a damaged one with a file in it. */
export function iconWithMore(bytes: Uint8Array): boolean {
  return appendedAt(bytes, pictureEnd(bytes)) !== undefined;
}

/** Reads an image too small to show an identifier (the module doc). */
export async function* readIcon(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  if (source.size === undefined || source.size > ICON_MAX_BYTES) {
    yield* readStrings(source, ctx);
    return;
  }
  const bytes = await wholeObject(source, ctx);
  const end = pictureEnd(bytes);
  const at = appendedAt(bytes, end);
  const picture: Source = {
    name: source.name,
    size: at ?? bytes.byteLength,
    async *open() {
      yield bytes.subarray(0, at);
    },
  };
  // A picture whose end was not found, and nothing after it, is judged as any unknown binary.
  yield* readStrings(picture, ctx, end === undefined && at === undefined);
  if (at === undefined) return;
  try {
    checkDepth(ctx);
  } catch (error) {
    yield errorPart(whereOf(ctx), error as ScanError);
    return;
  }
  ctx.budget.countEntry();
  const inner = memberContext(ctx, `appended@${at}`);
  const member = memoryMember(`appended@${at}`, bytes.subarray(at), ctx.budget, 'bytes after the picture');
  yield* readMember(() => ctx.open(member, inner), { entry: inner.entry }, ctx.budget);
}
