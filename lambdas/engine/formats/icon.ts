/**
 * An image too small to show a legible identifier (media.ts `tooSmallToRead`: an icon, a spacer, a
 * tracking pixel). It shows no identifier, but a file that starts as one may hold more than its
 * picture, and fuzzing found two ways such a file came out public, unread:
 *
 * - a customer list after a 16x16 PNG's header, taken for an icon;
 * - an archive (zip, gzip, xz, an XLSX) appended to a real 16x16 PNG: its compressed bytes were
 *   taken for the picture's.
 *
 * So an icon of at most ICON_MAX_BYTES is held, and its picture ends where its own structure says
 * (media.ts `pictureEnd`): the picture is read by the strings pass (text in its metadata), its
 * compressed bytes taken for its picture; what follows it is read as an object of its own, a
 * member named `appended@<offset>`, unless it is plain text, which may have begun inside the
 * picture (a BMP's header counts the bytes after it as pixels): then the whole file is read by
 * the strings pass. A picture whose end is not found, or a larger file, is read by
 * the strings pass as any unknown binary is: mostly compressed, it is OPAQUE.
 */
import type { ScanError } from '../errors.js';
import type { ContentPart, Format } from '../types.js';
import { checkDepth, memberContext, whereOf, type ReadContext } from './limits.js';
import { pictureEnd } from './media.js';
import { errorPart, memoryMember, readMember } from './members.js';
import type { Source } from './source.js';
import { SNIFF_BYTES, sniffBytes } from './sniff.js';
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

/** Reads an image too small to show an identifier (the module doc). */
export async function* readIcon(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  if (source.size === undefined || source.size > ICON_MAX_BYTES) {
    yield* readStrings(source, ctx);
    return;
  }
  const bytes = await wholeObject(source, ctx);
  const found = pictureEnd(bytes);
  // Text after the picture's end may have begun inside it (a picture's header, then a customer
  // list whose first bytes the header counts as pixels): such a file is read whole, as text is.
  const end = found !== undefined && found < bytes.byteLength && PLAIN_TEXT.has(sniffBytes(bytes.subarray(found, found + SNIFF_BYTES), '').format) ? bytes.byteLength : found;
  const picture: Source = {
    name: source.name,
    size: end ?? bytes.byteLength,
    async *open() {
      yield bytes.subarray(0, end);
    },
  };
  yield* readStrings(picture, ctx, end === undefined);
  if (end === undefined || end >= bytes.byteLength) return;
  try {
    checkDepth(ctx);
  } catch (error) {
    yield errorPart(whereOf(ctx), error as ScanError);
    return;
  }
  ctx.budget.countEntry();
  const inner = memberContext(ctx, `appended@${end}`);
  const member = memoryMember(`appended@${end}`, bytes.subarray(end), ctx.budget, 'bytes after the picture');
  yield* readMember(() => ctx.open(member, inner), { entry: inner.entry }, ctx.budget);
}
