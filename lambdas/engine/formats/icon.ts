/**
 * An image too small to show a legible identifier (media.ts `tooSmallToRead`: an icon, a spacer, a
 * tracking pixel). It shows no identifier, but a file that starts as one may hold more than its
 * picture, and fuzzing found such files public, unread: a customer list after a 16x16 PNG's
 * header, taken for an icon; an archive (zip, gzip, xz, an XLSX) appended to a real 16x16 PNG,
 * also after padding bytes or a damaged picture: its compressed bytes were taken for the picture's.
 *
 * So such a file is held (at most `maxBufferedBytes`), and its picture ends where its own
 * structure says (media.ts `pictureEnd`): the picture is read by the strings pass (text in its
 * metadata), its compressed bytes taken for its picture; what follows it (after any padding) is
 * read as an object of its own, a member named `appended@<offset>`. A damaged picture (no end
 * found) gives a member from the first signature of a known format after its header; with none,
 * it is read by the strings pass as any unknown binary is (mostly compressed, OPAQUE); so is a
 * picture larger than ICON_MAX_BYTES, and a file of unknown size or too large to hold. Where the
 * picture ends, and what follows it, is told by icon-bytes.ts (`appendedAt`).
 */
import type { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { ICON_MAX_BYTES, appendedAt } from './icon-bytes.js';
import { checkDepth, memberContext, whereOf, type ReadContext } from './limits.js';
import { pictureEnd } from './media.js';
import { errorPart, memoryMember, readMember } from './members.js';
import type { Source } from './source.js';
import { readStrings } from './strings.js';
import { wholeObject } from './whole.js';

/** Reads an image too small to show an identifier (the module doc). */
export async function* readIcon(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  // Held when its size is known and may be held: a 16x16 picture of megabytes has more after it.
  if (source.size === undefined || source.size > ctx.budget.limits.maxBufferedBytes) {
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
  // A picture whose end was not found, and nothing after it, or one larger than an icon can be, is
  // judged as any unknown binary.
  yield* readStrings(picture, ctx, (end === undefined && at === undefined) || (at ?? bytes.byteLength) > ICON_MAX_BYTES);
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
