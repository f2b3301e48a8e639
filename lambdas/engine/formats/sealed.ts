/**
 * Sealed files: encrypted, or compressed in a format no reader here knows, told by their own
 * signature. The strings pass reads nothing of ciphertext, and the opacity meter cannot tell a
 * file of 1 KiB or less from text (opacity.ts): an OpenSSL- or GnuPG-encrypted customer list of
 * 600 bytes, and an LZMA one, came out **public**; an lzop one gave the few names and mobiles the
 * compressor left as they were. So, by signature:
 *
 * | signature | what | outcome |
 * |---|---|---|
 * | `Salted__` | `openssl enc` with a salt (its default) | `ENCRYPTED` |
 * | an OpenPGP packet of a session key, public-key (tag 1, version 3 or 6) or symmetric (tag 3, version 4 to 6), first | `gpg -e`, `gpg -c`: a `.gpg` or `.pgp` file | `ENCRYPTED` |
 * | `-----BEGIN PGP MESSAGE-----` first (after white space) | the same, ASCII-armored (`gpg -a`) | `ENCRYPTED` |
 * | `age-encryption.org/v1` or `-----BEGIN AGE ENCRYPTED FILE-----` first | age | `ENCRYPTED` |
 * | `89 4c 5a 4f 00 0d 0a 1a 0a` | lzop (`.lzo`) | the strings pass, then `OPAQUE` |
 * | `LZIP` and version 0 or 1 | lzip (`.lz`) | the strings pass, then `OPAQUE` |
 * | properties under 225, a dictionary of 2^n or 3 x 2^(n-1) bytes (4 KiB to 1.5 GiB), a size unknown or under 2^40 | LZMA alone (`.lzma`, `lzma` and `xz --format=lzma`) | the strings pass, then `OPAQUE` |
 * | `qpress10` | qpress (Percona XtraBackup's `--compress`, `.qp`) | the strings pass, then `OPAQUE` |
 *
 * Encrypted files are not read at all (nothing in them is text); the compressed ones are read by
 * the strings pass first, so that what it does find is reported, and are `failed` after it, never
 * public: their content was not read.
 */
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { whereOf, type ReadContext } from './limits.js';
import { errorPart } from './members.js';
import type { Source } from './source.js';
import { readStrings } from './strings.js';

/** A sealed file: its error's code and what it is. */
export interface Sealed {
  readonly code: 'ENCRYPTED' | 'OPAQUE';
  readonly what: string;
}

const OPENSSL_SALTED = Buffer.from('Salted__', 'latin1');
const LZOP_MAGIC = Buffer.from([0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a]);
const QPRESS_MAGIC = Buffer.from('qpress10', 'latin1');
const AGE_BINARY = Buffer.from('age-encryption.org/v1\n', 'latin1');
/** Armored forms, after leading white space (and a UTF-8 byte order mark), in the head read as Latin-1. */
const ARMORED: readonly [RegExp, string][] = [
  [/^(?:\xEF\xBB\xBF)?\s*-----BEGIN PGP MESSAGE-----/, 'an ASCII-armored OpenPGP message'],
  [/^(?:\xEF\xBB\xBF)?\s*-----BEGIN AGE ENCRYPTED FILE-----/, 'an ASCII-armored age file'],
];

const startsWith = (head: Uint8Array, magic: Buffer) => head.length >= magic.length && magic.equals(Buffer.from(head.buffer, head.byteOffset, magic.length));

/** The first OpenPGP packet's tag and the first byte of its body, or undefined when the head is no packet header. */
function openPgpPacket(head: Uint8Array): { tag: number; version: number } | undefined {
  const b0 = head[0];
  if (head.length < 4 || (b0 & 0x80) === 0) return undefined;
  if ((b0 & 0x40) !== 0) {
    // New format: the tag in six bits, a length of one, two or five bytes.
    const b1 = head[1];
    const lengthBytes = b1 < 192 ? 1 : b1 < 224 ? 2 : b1 === 255 ? 5 : 0;
    if (lengthBytes === 0 || head.length <= 1 + lengthBytes) return undefined;
    return { tag: b0 & 0x3f, version: head[1 + lengthBytes] };
  }
  // Old format: the tag in four bits, a length of one, two or four bytes (3: indeterminate).
  const lengthType = b0 & 3;
  if (lengthType === 3) return undefined;
  const lengthBytes = [1, 2, 4][lengthType];
  return { tag: (b0 >> 2) & 0x0f, version: head[1 + lengthBytes] };
}

/** True when the head is an LZMA-alone header (see the module doc). */
function lzmaAlone(head: Uint8Array): boolean {
  if (head.length < 13 || head[0] >= 225) return false;
  const dictionary = Buffer.from(head.buffer, head.byteOffset, 13).readUInt32LE(1);
  if (dictionary < 4096 || dictionary > 1.5 * 2 ** 30) return false;
  const power = 2 ** Math.floor(Math.log2(dictionary));
  if (dictionary !== power && dictionary !== power + power / 2) return false;
  const size = Buffer.from(head.buffer, head.byteOffset, 13).readBigUInt64LE(5);
  return size === 0xffffffffffffffffn || size < 2n ** 40n;
}

/** What the head says the file is, when it is sealed (see the module doc). */
export function sealedKind(head: Uint8Array): Sealed | undefined {
  if (startsWith(head, OPENSSL_SALTED)) return { code: 'ENCRYPTED', what: 'OpenSSL-encrypted data (openssl enc)' };
  if (startsWith(head, AGE_BINARY)) return { code: 'ENCRYPTED', what: 'an age-encrypted file' };
  const packet = openPgpPacket(head);
  if (packet !== undefined && ((packet.tag === 1 && (packet.version === 3 || packet.version === 6)) || (packet.tag === 3 && packet.version >= 4 && packet.version <= 6))) {
    return { code: 'ENCRYPTED', what: 'an OpenPGP-encrypted message (gpg)' };
  }
  if (startsWith(head, LZOP_MAGIC)) return { code: 'OPAQUE', what: 'lzop data' };
  if (startsWith(head, QPRESS_MAGIC)) return { code: 'OPAQUE', what: 'qpress data (XtraBackup --compress)' };
  if (head.length >= 5 && startsWith(head, Buffer.from('LZIP', 'latin1')) && head[4] <= 1) return { code: 'OPAQUE', what: 'lzip data' };
  if (lzmaAlone(head)) return { code: 'OPAQUE', what: 'LZMA data (.lzma)' };
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 256)).toString('latin1');
  for (const [armor, what] of ARMORED) if (armor.test(text)) return { code: 'ENCRYPTED', what };
  return undefined;
}

/** The error a sealed file ends with. */
export function sealedError(sealed: Sealed): ScanError {
  return sealed.code === 'ENCRYPTED'
    ? new ScanError('ENCRYPTED', `${sealed.what}: encrypted, nothing in it can be read`)
    : new ScanError('OPAQUE', `${sealed.what}: compressed in a format no reader here knows, its content not read (what the strings pass found is reported)`);
}

/** A sealed compressed file: what the strings pass finds in it, then OPAQUE, saying what it is. */
export async function* readSealed(source: Source, sealed: Sealed, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield* readStrings(source, ctx, false);
  yield errorPart(whereOf(ctx), sealedError(sealed));
}
