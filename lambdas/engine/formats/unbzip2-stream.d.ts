/** The parts of unbzip2-stream used by bzip2.ts (the package ships no types for its lib/). */
declare module 'unbzip2-stream/lib/bit_iterator.js' {
  /** Reads `n` bits (null: align to the next byte); counts the bytes it has started. */
  export interface BitReader {
    (n: number | null): number;
    readonly bytesRead: number;
  }
  /** A bit reader over buffers handed out one at a time by `nextBuffer`. */
  export default function bitIterator(nextBuffer: () => Uint8Array): BitReader;
}

declare module 'unbzip2-stream/lib/bzip2.js' {
  import type { BitReader } from 'unbzip2-stream/lib/bit_iterator.js';
  const bzip2: {
    /** Reads a stream header; returns the block size (1-9, in 100 kB). */
    header(bits: BitReader): number;
    /**
     * Decodes one block, writing each byte to `write`; returns the running stream CRC, or null at
     * the end-of-stream marker. Throws on bad data.
     */
    decompress(bits: BitReader, write: (byte: number) => void, buf: Int32Array, bufsize: number, streamCRC: number | null): number | null;
  };
  export default bzip2;
}
