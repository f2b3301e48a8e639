/**
 * Error isolation for container members: a member that fails (corrupt, encrypted, over a member
 * limit) becomes an ErrorPart and the container goes on; a whole-object limit (`budget.fatal`)
 * passes through and stops the object.
 */
import type { ScanError } from '../errors.js';
import type { ContentPart, ErrorPart, Location } from '../types.js';
import { asBuffer, mapErrors, meter, toScanError } from './bytes.js';
import type { Budget, Opened } from './limits.js';
import type { Source } from './source.js';

/**
 * A member a library has extracted into memory (7z, RAR, mail attachments), its bytes counted
 * against the object's budget when read.
 */
export function memoryMember(name: string, bytes: Uint8Array, budget: Budget, label: string): Source {
  return {
    name,
    size: bytes.byteLength,
    open: () =>
      meter(
        (async function* () {
          yield asBuffer(bytes);
        })(),
        { budget, label },
      ),
  };
}

/** An ErrorPart for one member. */
export function errorPart(where: Location, error: ScanError): ErrorPart {
  return { kind: 'error', where, error };
}

/**
 * Wraps an async iterable so that its errors go to `fail` (which may throw) and the iteration
 * then ends; `track` sees each iterator handed out.
 */
function guarded<T>(
  items: AsyncIterable<T>,
  fail: (error: unknown) => void,
  track: (iterator: AsyncIterator<T>) => void,
): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => {
      const iterator = items[Symbol.asyncIterator]();
      track(iterator);
      return {
        async next(): Promise<IteratorResult<T>> {
          try {
            return await iterator.next();
          } catch (error) {
            fail(error);
            return { done: true, value: undefined };
          }
        },
        async return(): Promise<IteratorResult<T>> {
          await iterator.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** The part with its chunk or cell stream guarded. */
function guardPart(part: ContentPart, fail: (error: unknown) => void, track: (iterator: AsyncIterator<unknown>) => void): ContentPart {
  if (part.kind === 'text') return { ...part, chunks: guarded(part.chunks, fail, track) };
  if (part.kind === 'cells') return { ...part, cells: guarded(part.cells, fail, track) };
  return part;
}

/**
 * The boundary's safety net: whatever a reader or library throws while parts, chunks or cells are
 * read comes out as a ScanError (CORRUPT when it was not one already).
 */
export async function* scanErrorsOnly(parts: AsyncIterable<ContentPart>): AsyncGenerator<ContentPart> {
  const message = 'object could not be read';
  const fail = (error: unknown): never => {
    throw toScanError(error, 'CORRUPT', message);
  };
  for await (const part of mapErrors(parts, 'CORRUPT', message)) yield guardPart(part, fail, () => undefined);
}

/**
 * Reads one member: opens it with `open`, yields its parts with their chunk or cell streams
 * guarded, and yields one ErrorPart at `where` if the member fails at any point. Parts must be
 * consumed in order; a part left half-read is closed when the next one is asked for.
 */
export async function* readMember(
  open: () => Promise<Opened>,
  where: Location,
  budget: Budget,
): AsyncGenerator<ContentPart> {
  let failure: ScanError | undefined;
  const fail = (error: unknown): void => {
    const scanError = toScanError(error, 'CORRUPT', 'member could not be read');
    if (budget.isFatal(scanError)) throw scanError;
    failure ??= scanError;
  };

  let opened: Opened;
  try {
    opened = await open();
  } catch (error) {
    fail(error);
    yield errorPart(where, failure!);
    return;
  }

  const parts = opened.parts[Symbol.asyncIterator]();
  const handedOut: AsyncIterator<unknown>[] = [];
  const track = (iterator: AsyncIterator<unknown>): void => {
    handedOut.push(iterator);
  };
  try {
    while (failure === undefined) {
      let result: IteratorResult<ContentPart>;
      try {
        result = await parts.next();
      } catch (error) {
        fail(error);
        break;
      }
      if (result.done) break;
      yield guardPart(result.value, fail, track);
      // Close what the consumer left unread before reading on.
      for (const iterator of handedOut.splice(0)) await iterator.return?.();
    }
  } finally {
    for (const iterator of handedOut.splice(0)) await iterator.return?.();
    await parts.return?.();
  }
  if (failure !== undefined) yield errorPart(where, failure);
}
