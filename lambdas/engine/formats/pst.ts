/**
 * Outlook's mail stores, PST and OST files ([MS-PST]): no reader here knows them, so the strings
 * pass reads them. That reads a store whose data blocks are stored as they are. But Outlook encodes
 * them by default ("compressible encryption", a byte permutation; or "high encryption", keyed per
 * block), and then the messages, their senders and attachments are no text the strings pass can
 * find: nothing found would say public. Such a store is ENCRYPTED instead (the object `failed`),
 * after whatever the strings pass did find.
 */
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { whereOf, type ReadContext } from './limits.js';
import { errorPart } from './members.js';
import type { Source } from './source.js';
import { readStrings } from './strings.js';

const MAGIC = [0x21, 0x42, 0x44, 0x4e]; // "!BDN"
const MAGIC_CLIENT = [0x53, 0x4d]; // "SM"
/** wVer: 14 and 15 are ANSI stores (Outlook 97-2002), 23 and up Unicode ones. */
const VERSION = 10;
/** bSentinel (always 0x80) and bCryptMethod, at these offsets in a Unicode and an ANSI header. */
const UNICODE_SENTINEL = 512;
const ANSI_SENTINEL = 460;
const SENTINEL = 0x80;

/** bCryptMethod of a PST/OST header (0 none, 1 permute, 2 cyclic, 0x10 Windows Information Protection), or undefined for no such header. */
export function pstCryptMethod(head: Uint8Array): number | undefined {
  if (head.length < UNICODE_SENTINEL + 2) return undefined;
  if (MAGIC.some((byte, i) => head[i] !== byte) || MAGIC_CLIENT.some((byte, i) => head[8 + i] !== byte)) return undefined;
  const version = head[VERSION] | (head[VERSION + 1] << 8);
  const sentinel = version >= 23 ? UNICODE_SENTINEL : version === 14 || version === 15 ? ANSI_SENTINEL : undefined;
  if (sentinel === undefined || head[sentinel] !== SENTINEL) return undefined;
  return head[sentinel + 1];
}

/** The strings pass over a PST/OST store; an encoded one then ends ENCRYPTED. */
export async function* readPst(source: Source, cryptMethod: number, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield* readStrings(source, ctx);
  if (cryptMethod !== 0) {
    yield errorPart(
      whereOf(ctx),
      new ScanError('ENCRYPTED', 'Outlook mail store (PST/OST) whose data is encoded: its messages are not read (export them to .eml or .mbox and scan those)'),
    );
  }
}
