/**
 * Unix `compress` (`.Z`, `.tar.Z`, `.taZ`: LZW, magic `1f 9d`), as ncompress writes it and gzip's
 * unlzw reads it: codes of 9 bits up to the header's maximum (16 at most), least significant bit
 * first; in block mode (the `compress` default) code 256 clears the table. Codes are written in
 * groups of eight from where their width began, and when the table is cleared the rest of the group
 * the clear code was in is padding: the reader skips it as gzip's unlzw does (a width that grows
 * without a clear ends a group exactly).
 *
 * Before this reader a `.Z` file went to the strings pass, which reads nothing of LZW codes: a
 * large one measured as compressed bytes (`OPAQUE`, failed), and one of about 1 KiB or less, too
 * short to measure, came out **public** (20 customers: 1,057 bytes).
 *
 * The format has no checksum and no end marker: a code beyond the table, a first code that is no
 * byte, a header with reserved bits or a maximum width out of range, or more than a byte of bits
 * left at the end (a file cut short) is CORRUPT; bytes overwritten inside the codes may decode to
 * other text without any sign, which no reader of this format can tell.
 */
import { ScanError } from '../errors.js';
import { checkRatio, type ByteCounter } from './bytes.js';
import type { ReadContext } from './limits.js';

const CLEAR = 256;
const FIRST = 257;
/** Decoded bytes handed on at once. */
const OUT_BYTES = 64 * 1024;

const corrupt = (what: string) => new ScanError('CORRUPT', `compress (.Z) data ${what}`);

/** Decompresses a `compress` stream. */
export async function* unlzw(compressed: AsyncIterable<Buffer>, counter: ByteCounter, ctx: ReadContext): AsyncGenerator<Buffer> {
  const prefix = new Uint16Array(65_536);
  const suffix = new Uint8Array(65_536);
  const stack = new Uint8Array(65_536);
  for (let c = 0; c < 256; c++) suffix[c] = c;
  let out = Buffer.alloc(OUT_BYTES);
  let outAt = 0;
  let produced = 0;

  let header: Buffer | undefined = Buffer.alloc(0);
  let maxBits = 0;
  let blockMode = false;
  let maxMaxCode = 0;
  let nBits = 9;
  let maxCode = (1 << nBits) - 1;
  let freeEnt = 0;
  let oldCode = -1;
  let finChar = 0;

  /** Unread input bytes, and the bit in them the next code starts at. */
  let pending: Buffer = Buffer.alloc(0);
  let bit = 0;
  /** Bits of codes read since the code width last changed: groups of eight codes count from there. */
  let sinceWidth = 0;

  /** Skips to the end of the group of eight `nBits` codes the position is in (compress's padding), where a new width starts. */
  const align = () => {
    const group = nBits * 8;
    bit += (group - (sinceWidth % group)) % group;
    sinceWidth = 0;
  };

  for await (const chunk of counter.through(compressed)) {
    if (header !== undefined) {
      header = Buffer.concat([header, chunk]);
      if (header.length < 3) continue;
      if (header[0] !== 0x1f || header[1] !== 0x9d) throw corrupt('has no magic number');
      const flags = header[2];
      maxBits = flags & 0x1f;
      blockMode = (flags & 0x80) !== 0;
      if ((flags & 0x60) !== 0) throw corrupt('has reserved flags set');
      if (maxBits < 9 || maxBits > 16) throw corrupt(`has a maximum code width of ${maxBits} bits`);
      maxMaxCode = 1 << maxBits;
      freeEnt = blockMode ? FIRST : 256;
      pending = header.subarray(3);
      header = undefined;
    } else {
      // Bytes wholly read (or skipped as padding, which may reach into this chunk) are dropped.
      const drop = Math.min(bit >>> 3, pending.length);
      pending = Buffer.concat([pending.subarray(drop), chunk]);
      bit -= drop * 8;
    }
    const bits = pending.length * 8;
    for (;;) {
      if (freeEnt > maxCode) {
        align();
        nBits++;
        maxCode = nBits === maxBits ? maxMaxCode : (1 << nBits) - 1;
      }
      if (bit + nBits > bits) break;
      // The code's bits, least significant first, from up to three bytes.
      const at = bit >>> 3;
      const word = pending[at] | ((pending[at + 1] ?? 0) << 8) | ((pending[at + 2] ?? 0) << 16);
      const code = (word >>> (bit & 7)) & ((1 << nBits) - 1);
      bit += nBits;
      sinceWidth += nBits;
      if (oldCode === -1) {
        if (code >= 256) throw corrupt('starts with a code that is no byte');
        finChar = oldCode = code;
        out[outAt++] = code;
      } else if (code === CLEAR && blockMode) {
        align();
        freeEnt = FIRST - 1;
        nBits = 9;
        maxCode = (1 << nBits) - 1;
        continue;
      } else {
        const inCode = code;
        let top = stack.length;
        let c = code;
        if (c >= freeEnt) {
          // A code defined by this very step (KwKwK): the last string and its own first byte.
          if (c > freeEnt) throw corrupt('holds a code beyond its table (damaged)');
          stack[--top] = finChar;
          c = oldCode;
        }
        while (c >= 256) {
          stack[--top] = suffix[c];
          c = prefix[c];
        }
        finChar = suffix[c];
        stack[--top] = finChar;
        if (freeEnt < maxMaxCode) {
          prefix[freeEnt] = oldCode;
          suffix[freeEnt] = finChar;
          freeEnt++;
        }
        oldCode = inCode;
        for (let k = top; k < stack.length; k++) {
          out[outAt++] = stack[k];
          if (outAt === OUT_BYTES) {
            produced += outAt;
            checkRatio(produced, counter.count, ctx.budget.limits.maxRatio, 'compress (.Z) member');
            yield out;
            out = Buffer.alloc(OUT_BYTES);
            outAt = 0;
          }
        }
        continue;
      }
      if (outAt === OUT_BYTES) {
        produced += outAt;
        yield out;
        out = Buffer.alloc(OUT_BYTES);
        outAt = 0;
      }
    }
  }
  if (header !== undefined) throw corrupt('is cut short (in its header)');
  // What is left is the last code's padding, under a byte; a file cut short leaves more, or a code's start.
  if (pending.length * 8 - bit >= 8) throw corrupt('is cut short');
  if (outAt > 0) yield out.subarray(0, outAt);
}
