/**
 * Single-stream compression: gzip, zlib, raw deflate, Brotli, bzip2, xz, zstd, LZ4, Snappy (framed, and Hadoop's) and Unix `compress`. The inner object is decompressed as a
 * stream and read again from the top (sniffed and dispatched like any object, so a `.tar.xz`
 * becomes a tar), with `entry` = the inner name. Decompressed bytes count against the object's
 * budget, and each stream's ratio is checked as bytes flow.
 *
 * | Format  | Magic               | Decoder                                   |
 * |---------|---------------------|-------------------------------------------|
 * | `gzip`  | `1f 8b`             | node:zlib (all members of a multi-member file) |
 * | `zlib`  | `78 01`, `78 9c`, `78 da` | node:zlib's inflate, its Adler-32 checked (a git object, an application's cache, `pigz -z`) |
 * | `deflate` | none: its first bytes inflate (sniff.ts rawDeflateHead) | node:zlib's raw inflate (.NET's DeflateStream, Java's Deflater with `nowrap`, PHP's `gzdeflate`) |
 * | `brotli` | none: named `.br`, or whole in the head and decoding to its end (sniff.ts wholeBrotli) | node:zlib's Brotli decoder |
 * | `bzip2` | `BZh1`..`BZh9`      | unbzip2-stream's block decoder (bzip2.ts) |
 * | `xz`    | `fd 37 7a 58 5a 00` | xz-embedded in WASM (xz.ts)               |
 * | `zstd`  | `28 b5 2f fd`       | fzstd, each frame's size and checksum checked (zstd.ts) |
 * | `lz4`   | `04 22 4d 18`, legacy `02 21 4c 18` | lz4.ts, every checksum and size its frames declare checked |
 * | `snappy` | `ff 06 00 00 sNaPpY` | snappy.ts: hyparquet's snappy decoder, each chunk's CRC-32C checked |
 * | `snappy` | none: named `.snappy`, its first lengths agree (sniff.ts hadoopSnappyHead) | snappy.ts: Hadoop's blocks of raw snappy chunks |
 * | `compress` | `1f 9d`           | lzw.ts (`.Z`: LZW, no checksum)            |
 *
 * Corrupt or truncated data is CORRUPT, a bomb LIMIT_EXCEEDED: errors of the inner member.
 */
import type { ContentPart } from '../types.js';
import { ByteCounter, meter, sourceBytes } from './bytes.js';
import { bunzip2 } from './bzip2.js';
import { gunzip } from './gzip.js';
import { checkDepth, memberContext, type ReadContext } from './limits.js';
import { readMember } from './members.js';
import { baseName } from './sniff.js';
import type { Source } from './source.js';
import { unlz4 } from './lz4.js';
import { unlzw } from './lzw.js';
import { unsnappy } from './snappy.js';
import { unxz } from './xz.js';
import { unzstd } from './zstd.js';

/** Formats of a single compressed stream. */
export type CompressedFormat = 'gzip' | 'zlib' | 'deflate' | 'brotli' | 'bzip2' | 'xz' | 'zstd' | 'lz4' | 'snappy' | 'compress';

/** A streaming decoder: compressed bytes in (through `counter`, for the ratio), plain bytes out. */
export type Decompress = (compressed: AsyncIterable<Buffer>, counter: ByteCounter, ctx: ReadContext) => AsyncGenerator<Buffer>;

const DECODERS: Readonly<Record<CompressedFormat, Decompress>> = {
  gzip: (compressed, counter) => gunzip(compressed, counter),
  zlib: (compressed, counter) => gunzip(compressed, counter, 'zlib'),
  deflate: (compressed, counter) => gunzip(compressed, counter, 'deflate'),
  brotli: (compressed, counter) => gunzip(compressed, counter, 'brotli'),
  bzip2: bunzip2,
  xz: unxz,
  zstd: unzstd,
  lz4: unlz4,
  snappy: unsnappy,
  compress: unlzw,
};

/** Extensions a compressed name drops, and the short forms that stand for `.tar.*`. */
const SUFFIX = /\.(gz|gzip|zz|zlib|deflate|br|bz2|bzip2|xz|zst|zstd|lz4|sz|snappy|Z)$/i;
const TAR_SHORT = /\.(tgz|taz|tbz|tbz2|tb2|txz|tzst|tlz4)$/i;

/** Name of the object inside: the base name without its compression extension; `.tgz` and the like become `.tar`. */
export function innerName(name: string): string {
  const base = baseName(name);
  const short = TAR_SHORT.exec(base);
  if (short !== null) return `${base.slice(0, short.index)}.tar`;
  const stripped = base.replace(SUFFIX, '');
  return stripped.length > 0 ? stripped : base;
}

/** Reads a compressed object: its one inner object as a container member. */
export async function* readCompressed(format: CompressedFormat, source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  const name = innerName(source.name);
  const inner = memberContext(ctx, name);
  const member: Source = {
    name,
    open: () => {
      const counter = new ByteCounter();
      return meter(DECODERS[format](sourceBytes(source), counter, ctx), {
        budget: ctx.budget,
        compressed: () => counter.count,
        label: `${format} member`,
      });
    },
  };
  yield* readMember(() => ctx.open(member, inner), { entry: inner.entry }, ctx.budget);
}
