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
 * | page 0 of an InnoDB tablespace: page number 0, type FSP_HDR (8), the space id twice (innodbHead) | an InnoDB tablespace (MySQL's and MariaDB's `.ibd` and `ibdata1`: a physical backup's, XtraBackup's or mariabackup's, or a copied data folder) | the strings pass, then `OPAQUE` |
 * | a redo log's header: `Phys` or a format number, then its creator at 16 (`MySQL `, `MariaDB `, `xtrabkup`, `mariabackup`) | an InnoDB redo log (`ib_logfile0`, `#ib_redo`, `xtrabackup_logfile`) | the strings pass, then `OPAQUE` |
 * | `TAPE` and its header checksum (the XOR of its first 25 words) | a Microsoft Tape Format backup: SQL Server's `BACKUP DATABASE` (`.bak`: the accounting systems' account sets, 用友's and 金蝶's, are SQL Server databases), NTBackup | the strings pass, then `OPAQUE` |
 * | `SPSS PORT FILE` in its first 200 bytes and `SPSSPORT` after its character table | an SPSS portable file (`.por`) | the strings pass, then `OPAQUE` |
 * | SAS's 32-byte magic number | a SAS dataset (`.sas7bdat`) | the strings pass, then `OPAQUE` |
 * | `FEA1` and four zeros | a Feather v1 file (Arrow's format before 2020; apache-arrow reads Feather v2 only: arrow.ts) | the strings pass, then `OPAQUE` |
 * | `ORC` and a control byte in the next 61 | an Apache ORC file (Hive's and Spark's tables: `000000_0`, `.orc`; no reader here, and its values lie side by side without separators, its numbers in binary runs) | the strings pass, then `OPAQUE` |
 *
 * Encrypted files are not read at all (nothing in them is text); the compressed ones (and ORC and
 * InnoDB's files) are read by the strings pass first, so that what it does find is reported, and are `failed` after it, never
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
const ORC_MAGIC = Buffer.from('ORC', 'latin1');
/**
 * Statistics packages' data files that no reader here knows (SPSS's `.sav`, Stata's `.dta` and
 * SAS's `.xpt` are read: spss.ts, stata.ts, xpt.ts): their rows are fixed-width fields side by side
 * (an ID runs into the field before it), their numbers binary.
 */
const STATISTICS_FILES: readonly [Buffer, string][] = [
  [Buffer.from('000000000000000000000000c2ea8160b31411cfbd92080009c7318c181f1011', 'hex'), 'a SAS dataset (.sas7bdat: export it to CSV and scan that)'],
];
/** Feather v1: `FEA1`, then zeros to 8 bytes (its columns start 8-byte aligned). */
const FEATHER_V1_MAGIC = Buffer.from('FEA1\0\0\0\0', 'latin1');
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

/**
 * True when the head starts an ORC file: `ORC`, then a stripe's streams, whose first bytes (a
 * compressed chunk's header, an index's protobuf) hold a control byte; a text that starts `ORC`
 * holds none. Read by the strings pass, an ORC file of 30 customers gave 6 of their IDs (the
 * values of a column lie side by side as one run) and a zstd one none: public.
 */
function orcHead(head: Uint8Array): boolean {
  if (!startsWith(head, ORC_MAGIC)) return false;
  for (let i = 3; i < Math.min(head.length, 64); i++) if (head[i] < 0x09 || (head[i] > 0x0d && head[i] < 0x20)) return true;
  return false;
}

/**
 * True when the head is page 0 of an InnoDB tablespace: the FIL header's page number 0 and page
 * type FSP_HDR, and the space id both in it (at 34) and in the FSP header after it (at 38). A
 * record's columns lie side by side in its page without separators (their lengths are in a header
 * before the record): read by the strings pass, MariaDB's `.ibd` of 30 customers gave 12 of their
 * emails and none of their IDs, mobiles or cards (each ran into the next column's digits), and a
 * mobile stored as BIGINT is 8 binary bytes. Its rows are not read here (dump the database with
 * mysqldump and scan the dump), so such a file is never public nor only what the pass found.
 */
function innodbHead(head: Uint8Array): boolean {
  if (head.length < 64) return false;
  const view = new DataView(head.buffer, head.byteOffset, 64);
  return view.getUint32(4) === 0 && view.getUint16(24) === 8 && view.getUint32(34) === view.getUint32(38);
}

/**
 * True when the head is a Microsoft Tape Format descriptor block (MTF 1.00a): `TAPE`, and its
 * header checksum at 50, the XOR of the 25 little-endian words before it (MTF_DB_HDR). SQL Server writes its
 * backups so; the database's pages are in them as in its files, a row's variable-length columns
 * side by side (and, with backup compression, compressed), so the strings pass cannot be trusted
 * to find what they hold.
 */
function mtfHead(head: Uint8Array): boolean {
  if (head.length < 52 || head[0] !== 0x54 || head[1] !== 0x41 || head[2] !== 0x50 || head[3] !== 0x45) return false;
  let sum = 0;
  for (let at = 0; at < 50; at += 2) sum ^= head[at] | (head[at + 1] << 8);
  return sum === (head[50] | (head[51] << 8));
}

/** True when the head is an SPSS portable file's: its splash names it in the first 200 bytes, its `SPSSPORT` tag follows the character table (its lines of 80 characters may be broken). */
function spssPortable(head: Uint8Array): boolean {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 600)).toString('latin1');
  const tag = text.indexOf('SPSSPORT');
  return text.slice(0, 200).includes('SPSS PORT FILE') && tag >= 456 && tag <= 480;
}

/** The programs whose name an InnoDB redo log's header holds at 16: the server that made it, or the backup tool. */
const REDO_CREATORS = /^(?:MySQL |MariaDB |xtrabkup|mariabackup)/;

/** True when the head is an InnoDB redo log's header (it logs each change's column values, side by side as a page holds them). */
function redoLogHead(head: Uint8Array): boolean {
  if (head.length < 32) return false;
  const format = new DataView(head.buffer, head.byteOffset, 4).getUint32(0);
  const physical = head[0] === 0x50 && head[1] === 0x68 && head[2] === 0x79 && head[3] === 0x73; // "Phys": MariaDB 10.8 on
  return (physical || format <= 6) && REDO_CREATORS.test(Buffer.from(head.buffer, head.byteOffset + 16, 16).toString('latin1'));
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
  if (orcHead(head)) return { code: 'OPAQUE', what: 'an Apache ORC file' };
  for (const [magic, what] of STATISTICS_FILES) if (startsWith(head, magic)) return { code: 'OPAQUE', what };
  if (spssPortable(head)) return { code: 'OPAQUE', what: 'an SPSS portable file (.por: export it to CSV and scan that)' };
  if (startsWith(head, FEATHER_V1_MAGIC)) return { code: 'OPAQUE', what: 'a Feather v1 file (apache-arrow reads Feather v2 and Arrow IPC only)' };
  if (innodbHead(head)) return { code: 'OPAQUE', what: 'an InnoDB tablespace (MySQL, MariaDB: dump the database with mysqldump and scan the dump)' };
  if (redoLogHead(head)) return { code: 'OPAQUE', what: 'an InnoDB redo log (MySQL, MariaDB)' };
  if (mtfHead(head)) return { code: 'OPAQUE', what: 'a Microsoft Tape Format backup (SQL Server .bak: restore it and export its tables to scan them)' };
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 256)).toString('latin1');
  for (const [armor, what] of ARMORED) if (armor.test(text)) return { code: 'ENCRYPTED', what };
  return undefined;
}

/** The error a sealed file ends with. */
export function sealedError(sealed: Sealed): ScanError {
  return sealed.code === 'ENCRYPTED'
    ? new ScanError('ENCRYPTED', `${sealed.what}: encrypted, nothing in it can be read`)
    : new ScanError('OPAQUE', `${sealed.what}: in a format no reader here knows, its content not read (what the strings pass found is reported)`);
}

/** A sealed compressed file: what the strings pass finds in it, then OPAQUE, saying what it is. */
export async function* readSealed(source: Source, sealed: Sealed, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield* readStrings(source, ctx, false);
  yield errorPart(whereOf(ctx), sealedError(sealed));
}
