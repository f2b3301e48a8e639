/**
 * Zstandard decoder: fzstd (pure JS, streaming). fzstd allocates the window a frame header
 * declares (up to 2 GB): the first frame's window is checked against `maxBufferedBytes` before
 * any allocation, so a hostile header is LIMIT_EXCEEDED, not an out-of-memory crash. One `push`
 * decodes every block it can, synchronously: the ratio is checked as each block comes out, so a
 * bomb stops inside the call instead of after it.
 *
 * fzstd skips a frame's content checksum and does not compare its content size: a block whose
 * first bytes were overwritten decoded to nothing, without an error, and the file came out public
 * (found by fuzzing). So the frames are walked beside it (FrameWalker: their headers and block
 * headers, RFC 8878 3.1.1), and each frame's output is checked against the content size and the
 * checksum (XXH64, by xxhash-wasm) its header and end declare: a difference is CORRUPT.
 */
import { Decompress } from 'fzstd';
import xxhash, { type XXHash } from 'xxhash-wasm';
import { ScanError } from '../errors.js';
import { checkRatio, toScanError, type ByteCounter } from './bytes.js';
import type { ReadContext } from './limits.js';

const MAGIC = 0xfd2fb528;

/**
 * Memory a zstd frame header asks for: its window size, or its content size for a single-segment
 * frame. Undefined while the header is incomplete or for a skippable frame.
 */
export function frameMemory(head: Uint8Array): number | undefined {
  if (head.length < 6) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return undefined;
  const descriptor = head[4];
  const singleSegment = (descriptor & 0x20) !== 0;
  if (!singleSegment) {
    const exponent = head[5] >> 3;
    const base = 2 ** (10 + exponent);
    return base + (base / 8) * (head[5] & 7);
  }
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3];
  const sizeBytes = [1, 2, 4, 8][descriptor >> 6];
  const at = 5 + dictionaryBytes;
  if (head.length < at + sizeBytes) return undefined;
  if (sizeBytes === 1) return head[at];
  if (sizeBytes === 2) return view.getUint16(at, true) + 256;
  if (sizeBytes === 4) return view.getUint32(at, true);
  return Number(view.getBigUint64(at, true));
}

/** What a frame declares about its content, and the blocks it has: what its output is checked against. */
interface Frame {
  /** Blocks whose headers the walker has read. */
  blocks: number;
  /** The last block's header was read, and the checksum after it if any: `blocks` is final. */
  complete: boolean;
  contentSize?: number;
  checksum?: number;
}

const SKIPPABLE = 0x184d2a50;

/**
 * Reads the frame structure of a zstd stream as its bytes go by, without decoding: frame headers
 * (content size, checksum flag), block headers (sizes: the blocks are skipped) and checksums, and
 * skippable frames. Bytes it cannot read as a frame end the walk: fzstd says what is wrong.
 */
class FrameWalker {
  readonly frames: Frame[] = [];
  /** Bytes to pass over before the next header (a block's content, a skippable frame). */
  private skip = 0;
  /** The header being read, its bytes so far, and how many it has. */
  private need = 4;
  private kind: 'magic' | 'descriptor' | 'frame header' | 'block' | 'checksum' | 'skippable size' | 'stopped' = 'magic';
  private readonly header: number[] = [];
  private checksummed = false;

  feed(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && this.kind !== 'stopped') {
      if (this.skip > 0) {
        const passed = Math.min(this.skip, chunk.length - at);
        this.skip -= passed;
        at += passed;
        continue;
      }
      this.header.push(chunk[at++]);
      if (this.header.length === this.need) this.read();
    }
  }

  private expect(kind: FrameWalker['kind'], need: number): void {
    this.kind = kind;
    this.need = need;
    this.header.length = 0;
  }

  private read(): void {
    const h = this.header;
    const le = (from: number, bytes: number) => {
      let value = 0;
      for (let i = bytes - 1; i >= 0; i--) value = value * 256 + h[from + i];
      return value;
    };
    switch (this.kind) {
      case 'magic': {
        const magic = le(0, 4);
        if (magic === MAGIC) this.expect('descriptor', 1);
        else if ((magic & 0xfffffff0) >>> 0 === SKIPPABLE) this.expect('skippable size', 4);
        else this.kind = 'stopped';
        return;
      }
      case 'skippable size':
        this.skip = le(0, 4);
        this.expect('magic', 4);
        return;
      case 'descriptor': {
        const d = h[0];
        const single = (d & 0x20) !== 0;
        const sizeBytes = [single ? 1 : 0, 2, 4, 8][d >> 6];
        // The descriptor, the window byte (not in a single-segment frame), the dictionary id, the content size.
        this.need = 1 + (single ? 0 : 1) + [0, 1, 2, 4][d & 3] + sizeBytes;
        if (this.need === 1) this.startFrame();
        else this.kind = 'frame header';
        return;
      }
      case 'frame header':
        this.startFrame();
        return;
      case 'block': {
        const block = le(0, 3);
        const frame = this.frames[this.frames.length - 1];
        frame.blocks++;
        // An RLE block (type 1) holds one byte, whatever its size says.
        this.skip = ((block >>> 1) & 3) === 1 ? 1 : block >>> 3;
        if ((block & 1) === 0) this.expect('block', 3);
        else if (this.checksummed) this.expect('checksum', 4);
        else this.endFrame();
        return;
      }
      case 'checksum':
        this.frames[this.frames.length - 1].checksum = le(0, 4);
        this.endFrame();
        return;
    }
  }

  private startFrame(): void {
    const h = this.header;
    const d = h[0];
    const single = (d & 0x20) !== 0;
    const sizeBytes = [single ? 1 : 0, 2, 4, 8][d >> 6];
    const from = 1 + (single ? 0 : 1) + [0, 1, 2, 4][d & 3];
    let contentSize: number | undefined;
    if (sizeBytes > 0) {
      contentSize = 0;
      for (let i = sizeBytes - 1; i >= 0; i--) contentSize = contentSize * 256 + h[from + i];
      if (sizeBytes === 2) contentSize += 256;
    }
    this.checksummed = (d & 4) !== 0;
    this.frames.push({ blocks: 0, complete: false, ...(contentSize === undefined ? {} : { contentSize }) });
    this.expect('block', 3);
  }

  private endFrame(): void {
    this.frames[this.frames.length - 1].complete = true;
    this.expect('magic', 4);
  }
}

/**
 * Checks each frame's output as fzstd decodes it, one block a call: its size against the frame's
 * content size, its XXH64 against the frame's checksum, once the walker has read the frame to its end.
 */
class FrameCheck {
  private frame = 0;
  private blocks = 0;
  private bytes = 0;
  private hash: XXHash<bigint> | undefined;

  constructor(
    private readonly walker: FrameWalker,
    private readonly create64: () => XXHash<bigint>,
  ) {}

  block(out: Uint8Array): void {
    this.hash ??= this.create64();
    this.hash.update(out);
    this.blocks++;
    this.bytes += out.length;
    this.settle();
  }

  /** Checks the frame fzstd is on when both have come to its end. */
  settle(): void {
    const frame = this.walker.frames[this.frame];
    if (frame === undefined || !frame.complete || this.blocks !== frame.blocks) return;
    if (frame.contentSize !== undefined && frame.contentSize !== this.bytes) {
      throw new ScanError('CORRUPT', `zstd frame decoded to ${this.bytes} bytes, its header says ${frame.contentSize}`);
    }
    if (frame.checksum !== undefined && Number((this.hash ?? this.create64()).digest() & 0xffffffffn) !== frame.checksum) {
      throw new ScanError('CORRUPT', 'zstd frame checksum does not match its content');
    }
    this.frame++;
    this.blocks = 0;
    this.bytes = 0;
    this.hash = undefined;
  }
}

let hasher: Promise<() => XXHash<bigint>> | undefined;

/** Decompresses a zstd byte stream (all frames); bad or truncated data, or data its frames' checks refuse, is CORRUPT. */
export async function* unzstd(compressed: AsyncIterable<Buffer>, counter: ByteCounter, ctx: ReadContext): AsyncGenerator<Buffer> {
  hasher ??= xxhash().then((api) => () => api.create64(0n));
  const walker = new FrameWalker();
  const check = new FrameCheck(walker, await hasher);
  const ready: Uint8Array[] = [];
  let ended = false;
  let produced = 0;
  const decoder = new Decompress((chunk, final) => {
    produced += chunk.length;
    checkRatio(produced, counter.count, ctx.budget.limits.maxRatio, 'zstd member');
    if (!final || chunk.length > 0) check.block(chunk);
    ready.push(chunk);
    if (final) ended = true;
  });
  let head: Buffer | undefined = Buffer.alloc(0);
  const max = ctx.budget.limits.maxBufferedBytes;
  for await (const chunk of counter.through(compressed)) {
    if (head !== undefined) {
      head = Buffer.concat([head, chunk]);
      const memory = frameMemory(head);
      if (memory !== undefined && memory > max) {
        throw new ScanError('LIMIT_EXCEEDED', `zstd frame needs a ${memory}-byte window, more than ${max} (maxBufferedBytes)`);
      }
      if (memory !== undefined || head.length >= 18) head = undefined;
    }
    walker.feed(chunk);
    check.settle();
    try {
      decoder.push(chunk);
    } catch (error) {
      throw toScanError(error, 'CORRUPT', 'zstd data could not be decompressed');
    }
    // fzstd may hand out views of its window, which later frames overwrite: copy.
    for (const out of ready.splice(0)) if (out.byteLength > 0) yield Buffer.from(out);
  }
  try {
    decoder.push(new Uint8Array(0), true);
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'zstd data is truncated');
  }
  for (const out of ready.splice(0)) if (out.byteLength > 0) yield Buffer.from(out);
  if (!ended) throw new ScanError('CORRUPT', 'zstd data is truncated');
}
