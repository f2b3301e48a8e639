/**
 * Opaque bytes: compressed or encrypted data of a format no reader here knows (a compressed SQL
 * Server `.bak`, an encrypted export, a proprietary archive). The strings pass finds no text in
 * them, and nothing found would say public although nothing was read. So the strings pass measures
 * them as it goes, and an object mostly made of them is `OPAQUE`: failed, never public.
 *
 * Measured per block of OPACITY_BLOCK_BYTES: the Shannon entropy of its byte values, with the
 * Miller-Madow correction for short blocks. Compressed and encrypted data measure 7.95-8 bits a
 * byte; text in any encoding stays far below OPAQUE_BITS_PER_BYTE (UTF-8 Chinese about 5.7, GBK
 * 7.4, UTF-16 7.6 even for random ideographs), and machine code below 7 (of 1,966 executables and
 * libraries on a Debian system, 4 have a quarter of their bytes over it: crypto and hash tables).
 *
 * Blocks are small (8 KiB; the first 4 KiB of a deflate stream, its code tables, can measure under
 * the threshold, 8 KiB never did), so that a few KiB of ciphertext are not diluted by the text or the
 * padding around them in one block (a 5 KB header then 30 KB of ciphertext; 40 KiB of zeros then
 * a gzip: both measured public in 64 KiB blocks). A block of one byte value (padding, a sparse
 * file's holes) holds nothing to read and is not counted at all.
 *
 * | opaque blocks                                      | object            |
 * |----------------------------------------------------|-------------------|
 * | at least a quarter of the bytes measured           | `OPAQUE`          |
 * | at least OPAQUE_ALWAYS_BYTES, whatever the share   | `OPAQUE`          |
 * | fewer                                              | what its text says |
 *
 * A last block shorter than MIN_BLOCK_BYTES is not measured by its entropy (too few bytes for it to
 * tell random from not). A whole object that short, read by the strings pass (a meter made with
 * `shortObjects`), is measured by its pairs of equal bytes instead (`fewPairs`): a customer list of
 * five rows compressed with no signature (raw LZMA) or encrypted with no header is a few
 * hundred bytes, and was public. Other readers' meters (a text's tail after its UTF-8) leave a
 * short block alone: a few hundred stray bytes in a log are not something unread.
 */
/** Bytes of one measured block. */
export const OPACITY_BLOCK_BYTES = 8 * 1024;
/** A last block shorter than this is not measured. */
export const MIN_BLOCK_BYTES = 1024;
/** Entropy, in bits per byte, from which a block is opaque. */
export const OPAQUE_BITS_PER_BYTE = 7.9;
/** Opaque bytes that make an object opaque whatever their share. */
export const OPAQUE_ALWAYS_BYTES = 16 * 1024 * 1024;

/** Least size of a whole short object measured by its pairs: under it random and not overlap. */
export const MIN_SHORT_OBJECT_BYTES = 32;
/** Standard deviations over random bytes' pairs up to which a short object is opaque. */
export const SHORT_OPAQUE_DEVIATIONS = 8;

/**
 * True when `total` bytes of these counts hold no more pairs of equal bytes than random bytes do,
 * give or take SHORT_OPAQUE_DEVIATIONS: random bytes hold n(n-1)/512 pairs (a Poisson count, its
 * deviation the root of that). Measured on objects of 32 B to 1 KiB: compressed (Brotli, raw LZMA,
 * deflate's dynamic blocks) and encrypted ones lie within 6 deviations; text in any encoding 33 or
 * more, machine code 8 or more; of 6,130 small binary files of a Debian system 34 lie within 8,
 * most compressors' and ciphers' test data, the rest checksums and signatures.
 */
export function fewPairs(counts: ArrayLike<number>, total: number): boolean {
  let pairs = 0;
  for (let byte = 0; byte < 256; byte++) pairs += (counts[byte] * (counts[byte] - 1)) / 2;
  const expected = (total * (total - 1)) / 512;
  return pairs <= expected + SHORT_OPAQUE_DEVIATIONS * Math.sqrt(expected);
}

/** Entropy of byte counts over `total` bytes, bits per byte, Miller-Madow corrected. */
export function entropyBits(counts: ArrayLike<number>, total: number): number {
  let sum = 0;
  let seen = 0;
  for (let byte = 0; byte < 256; byte++) {
    const count = counts[byte];
    if (count === 0) continue;
    seen++;
    sum += count * Math.log2(count);
  }
  return Math.log2(total) - sum / total + (seen - 1) / (2 * total * Math.LN2);
}

/** Measures a byte stream block by block, fed chunk by chunk. */
export class OpacityMeter {
  /**
   * Byte counts of the open block, in four tables taken in turn (summed when the block closes):
   * text repeats byte values, and counting into one table waits on the count just stored.
   */
  private counts: Uint32Array | undefined;
  /** The open block's counts summed, when it closes. */
  private sums: Uint32Array | undefined;
  private inBlock = 0;
  /** Bytes in measured blocks, blank ones not (and bytes known to be text, counted by the text reader). */
  measuredBytes = 0;
  /** Bytes in opaque blocks. */
  opaqueBytes = 0;
  /** Set by whoever fed the whole stream (and called `finish`). */
  finished = false;
  /** Blocks closed so far, blank ones too. */
  private closed = 0;

  /** `shortObjects`: a whole object under MIN_BLOCK_BYTES is measured by its pairs (see above). */
  constructor(private readonly shortObjects = false) {}

  /** Counts the bytes of one chunk. */
  feed(bytes: Uint8Array): void {
    // Made on first use: most texts feed nothing, and a zip of many small ones opens a meter each.
    this.counts ??= new Uint32Array(4 * 256);
    const { counts } = this;
    let i = 0;
    while (i < bytes.length) {
      const end = Math.min(bytes.length, i + OPACITY_BLOCK_BYTES - this.inBlock);
      let j = i;
      for (const fours = end - ((end - i) & 3); j < fours; j += 4) {
        counts[bytes[j]]++;
        counts[256 | bytes[j + 1]]++;
        counts[512 | bytes[j + 2]]++;
        counts[768 | bytes[j + 3]]++;
      }
      for (; j < end; j++) counts[bytes[j]]++;
      this.inBlock += end - i;
      i = end;
      if (this.inBlock === OPACITY_BLOCK_BYTES) this.closeBlock();
    }
  }

  /** Measures the last, short block; then `opaque` holds the answer. */
  finish(): void {
    if (this.inBlock >= MIN_BLOCK_BYTES) this.closeBlock();
    else if (this.shortObjects && this.closed === 0 && this.inBlock >= MIN_SHORT_OBJECT_BYTES) this.closeBlock(fewPairs);
  }

  /** Percent of the bytes measured that are in opaque blocks. */
  get opaqueShare(): number {
    return Math.round((this.opaqueBytes / this.measuredBytes) * 100);
  }

  /** True when the object is opaque (see the table above). */
  get opaque(): boolean {
    return this.opaqueBytes > 0 && (this.opaqueBytes * 4 >= this.measuredBytes || this.opaqueBytes >= OPAQUE_ALWAYS_BYTES);
  }

  /** Counts the open block, opaque by `random` (its entropy, or its pairs for a short object). */
  private closeBlock(random: (counts: Uint32Array, total: number) => boolean = highEntropy): void {
    const size = this.inBlock;
    const counts = this.counts!;
    const sums = (this.sums ??= new Uint32Array(256));
    let blank = false;
    for (let byte = 0; byte < 256; byte++) {
      const sum = counts[byte] + counts[256 | byte] + counts[512 | byte] + counts[768 | byte];
      sums[byte] = sum;
      if (sum === size) blank = true;
    }
    if (!blank) {
      this.measuredBytes += size;
      if (random(sums, size)) this.opaqueBytes += size;
    }
    counts.fill(0);
    this.inBlock = 0;
    this.closed++;
  }
}

/** A block of OPACITY_BLOCK_BYTES (or the last, of MIN_BLOCK_BYTES or more) is opaque from OPAQUE_BITS_PER_BYTE. */
const highEntropy = (counts: Uint32Array, total: number): boolean => entropyBits(counts, total) >= OPAQUE_BITS_PER_BYTE;
