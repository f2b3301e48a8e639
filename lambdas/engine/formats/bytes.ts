/**
 * Byte-stream helpers shared by the readers: error mapping at the source boundary, peeking at the
 * head without a second read, bounded buffering and metering of decompressed bytes.
 */
import { readFile, stat } from 'node:fs/promises';
import { ScanError, isScanError, type ScanErrorCode } from '../errors.js';
import { RATIO_GRACE_BYTES, type Budget } from './limits.js';
import type { Source } from './source.js';

/**
 * A short, content-free description of a foreign error: its `code` (ENOENT, Z_DATA_ERROR) or
 * class name. Never its message, which may quote a path or the data.
 */
export function describeError(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && /^[A-Za-z]{2,40}$/.test(name)) return name;
  }
  return 'unknown error';
}

/**
 * Returns `error` when it is already a ScanError, otherwise a new one with `code` and `message`
 * plus the foreign error's code. The foreign error is not kept as `cause`: its message may carry a
 * file name or content, and loggers print causes.
 */
export function toScanError(error: unknown, code: ScanErrorCode, message: string): ScanError {
  if (isScanError(error)) return error;
  return new ScanError(code, `${message} (${describeError(error)})`);
}

/** Views a Uint8Array as a Buffer without copying. */
export function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Passes a stream through, turning what its `next()` throws into ScanError `code` (errors already
 * ScanErrors pass as they are). Closes the stream when the consumer stops early.
 */
export async function* mapErrors<T>(items: AsyncIterable<T>, code: ScanErrorCode, message: string): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      let result: IteratorResult<T>;
      try {
        result = await iterator.next();
      } catch (error) {
        done = true;
        throw toScanError(error, code, message);
      }
      if (result.done) {
        done = true;
        return;
      }
      yield result.value;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}

/** The source's bytes as Buffers; any failure of the source becomes READ_FAILED. */
export async function* sourceBytes(source: Source): AsyncGenerator<Buffer> {
  let stream: AsyncIterable<Uint8Array>;
  try {
    stream = source.open();
  } catch (error) {
    throw toScanError(error, 'READ_FAILED', 'could not open object');
  }
  for await (const chunk of mapErrors(stream, 'READ_FAILED', 'could not read object')) {
    if (chunk.byteLength > 0) yield asBuffer(chunk);
  }
}

/**
 * The first bytes of a stream, and the whole stream again (head included) for the reader, so a
 * format can be sniffed without opening the object twice. Single use; `close()` releases the
 * underlying stream when nobody will read it.
 */
export class Peeked implements AsyncIterable<Buffer> {
  private used = false;

  private constructor(
    readonly head: Buffer,
    private readonly buffered: Buffer[],
    private readonly iterator: AsyncIterator<Buffer>,
    private ended: boolean,
    /** The stream's error met while the head was read, thrown after the bytes read before it. */
    private readonly failure?: unknown,
    /** True when `head` is the whole stream: it ended, whole, within the bytes peeked. */
    readonly whole = false,
  ) {}

  /**
   * Reads at least `bytes` bytes (fewer at the end of the stream). A stream that fails after some
   * bytes (a tar cut short inside its last member) gives those as its head and its stream, then
   * the error: the reader reads what there is before it fails.
   */
  static async from(stream: AsyncIterable<Buffer>, bytes: number): Promise<Peeked> {
    const iterator = stream[Symbol.asyncIterator]();
    const buffered: Buffer[] = [];
    let length = 0;
    let ended = false;
    let failure: unknown;
    try {
      while (length < bytes) {
        const result = await iterator.next();
        if (result.done) {
          ended = true;
          break;
        }
        buffered.push(result.value);
        length += result.value.length;
      }
    } catch (error) {
      await iterator.return?.().catch(() => undefined);
      if (length === 0) throw error;
      failure = error;
      ended = true;
    }
    const head = Buffer.concat(buffered, Math.min(length, bytes));
    return new Peeked(head, buffered, iterator, ended, failure, ended && failure === undefined && length <= bytes);
  }

  /** Whether the stream has been handed out (or closed). */
  get consumed(): boolean {
    return this.used;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    if (this.used) throw new ScanError('READ_FAILED', 'peeked stream read twice');
    this.used = true;
    try {
      while (this.buffered.length > 0) yield this.buffered.shift()!;
      if (this.failure !== undefined) throw this.failure;
      while (!this.ended) {
        const result = await this.iterator.next();
        if (result.done) {
          this.ended = true;
          return;
        }
        yield result.value;
      }
    } finally {
      await this.close();
    }
  }

  /** Releases the underlying stream. */
  async close(): Promise<void> {
    this.used = true;
    this.buffered.length = 0;
    if (!this.ended) {
      this.ended = true;
      await this.iterator.return?.();
    }
  }
}

/** A Source whose first `open()` continues the peeked stream; later calls open the object anew. */
export function reopenable(source: Source, peeked: Peeked): Source {
  return {
    name: source.name,
    size: source.size,
    path: source.path,
    open: () => (peeked.consumed ? sourceBytes(source) : peeked),
  };
}

/**
 * Reads a whole stream into one Buffer, failing with LIMIT_EXCEEDED past `max` bytes (checked as
 * bytes arrive, so a lying size header does not matter).
 */
export async function collect(stream: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.length;
    if (length > max) {
      throw new ScanError('LIMIT_EXCEEDED', `more than ${max} bytes to hold in memory (maxBufferedBytes)`);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
}

/** How `meter` checks one decompressed stream. */
export interface MeterOptions {
  readonly budget: Budget;
  /** Compressed bytes consumed so far, for the ratio check; omit for no ratio check. */
  readonly compressed?: () => number;
  /** What the stream is, for messages: `zip entry 3`. No names. */
  readonly label: string;
}

/**
 * Passes decompressed bytes through, adding them to the object's budget (fatal past
 * `maxTotalBytes`) and checking this stream's ratio against `maxRatio` as bytes flow.
 */
export async function* meter(stream: AsyncIterable<Buffer>, options: MeterOptions): AsyncGenerator<Buffer> {
  const { budget, compressed, label } = options;
  const { maxRatio } = budget.limits;
  let produced = 0;
  for await (const chunk of stream) {
    produced += chunk.length;
    budget.addBytes(chunk.length);
    if (compressed !== undefined) checkRatio(produced, compressed(), maxRatio, label);
    yield chunk;
  }
}

/**
 * Throws LIMIT_EXCEEDED when `produced` decompressed bytes are more than `maxRatio` times the
 * `compressed` bytes consumed (past RATIO_GRACE_BYTES). Decoders that cannot yield mid-block
 * (bzip2) call it as they write, so a bomb stops before its block is held in memory.
 */
export function checkRatio(produced: number, compressed: number, maxRatio: number, label: string): void {
  if (produced > RATIO_GRACE_BYTES && produced > maxRatio * Math.max(1, compressed)) {
    throw new ScanError('LIMIT_EXCEEDED', `${label} decompresses more than ${maxRatio} times its size (maxRatio)`);
  }
}

/**
 * A byte stream read by counts, for formats whose records give their own lengths (a pg_dump
 * archive, BSON documents): the next `n` bytes, however the stream's chunks fall.
 */
export class StreamBytes {
  private chunk: Buffer = Buffer.alloc(0);
  private at = 0;
  private readonly chunks: AsyncIterator<Uint8Array>;

  constructor(stream: AsyncIterable<Uint8Array>) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  /** The next `n` bytes; fewer (none at all) only where the stream ends. */
  async read(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    await this.take(n, (piece) => parts.push(piece));
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** Reads the next bytes into `target` from `offset` to its end; returns how many (fewer only where the stream ends). */
  readInto(target: Uint8Array, offset: number): Promise<number> {
    let at = offset;
    return this.take(target.length - offset, (piece) => {
      target.set(piece, at);
      at += piece.length;
    });
  }

  /** The bytes left, as views of the chunks they lie in. */
  async *rest(): AsyncGenerator<Buffer> {
    if (this.at < this.chunk.length) {
      const piece = this.chunk.subarray(this.at);
      this.at = this.chunk.length;
      yield piece;
    }
    for (;;) {
      const next = await this.chunks.next();
      if (next.done) return;
      this.chunk = asBuffer(next.value);
      this.at = this.chunk.length;
      if (this.chunk.length > 0) yield this.chunk;
    }
  }

  /** Hands the next `n` bytes to `piece`, as views of the chunks they lie in; returns how many (fewer only where the stream ends). */
  private async take(n: number, piece: (bytes: Buffer) => void): Promise<number> {
    let left = n;
    while (left > 0) {
      if (this.at === this.chunk.length) {
        const next = await this.chunks.next();
        if (next.done) break;
        this.chunk = asBuffer(next.value);
        this.at = 0;
        continue;
      }
      const size = Math.min(left, this.chunk.length - this.at);
      piece(this.chunk.subarray(this.at, this.at + size));
      this.at += size;
      left -= size;
    }
    return n - left;
  }
}

/** Counts the bytes that flow through, for ratio checks of streaming decompressors. */
export class ByteCounter {
  count = 0;

  async *through(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      this.count += chunk.length;
      yield chunk;
    }
  }
}

/** Passes bytes through, failing with LIMIT_EXCEEDED past `max` (for parts parsed into memory). */
export async function* limitBytes(stream: AsyncIterable<Buffer>, max: number, label: string): AsyncGenerator<Buffer> {
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.length;
    if (length > max) {
      throw new ScanError('LIMIT_EXCEEDED', `${label} is larger than ${max} bytes (maxBufferedBytes)`);
    }
    yield chunk;
  }
}

/** The whole object in memory, at most `max` bytes: read from its path when it has one. */
export function sourceBuffer(source: Source, max: number): Promise<Buffer> {
  return source.path !== undefined ? loadBuffer({ path: source.path }, max) : collect(sourceBytes(source), max);
}

/** Reads a local file or takes a buffer, at most `max` bytes. */
export async function loadBuffer(input: { readonly path: string } | { readonly buffer: Buffer }, max: number): Promise<Buffer> {
  if ('buffer' in input) {
    if (input.buffer.length > max) {
      throw new ScanError('LIMIT_EXCEEDED', `more than ${max} bytes to hold in memory (maxBufferedBytes)`);
    }
    return input.buffer;
  }
  try {
    const { size } = await stat(input.path);
    if (size > max) {
      throw new ScanError('LIMIT_EXCEEDED', `more than ${max} bytes to hold in memory (maxBufferedBytes)`);
    }
    return await readFile(input.path);
  } catch (error) {
    throw toScanError(error, 'READ_FAILED', 'could not read file');
  }
}
