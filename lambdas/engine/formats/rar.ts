/**
 * RAR reader (RAR 4 and 5): RARLAB's unrar compiled to WASM (node-unrar-js). The archive is held
 * in memory (at most `maxBufferedBytes`) and its files come out one by one, each read like an
 * object of its own, recursively, with `where.entry` = its path.
 *
 * | Condition                                        | Result                                   |
 * |--------------------------------------------------|------------------------------------------|
 * | not a readable RAR archive                       | throws CORRUPT                           |
 * | encrypted headers (`rar -hp`)                    | throws ENCRYPTED                         |
 * | encrypted file                                   | ErrorPart ENCRYPTED, next file           |
 * | declared sizes over `maxRatio` times the archive | throws LIMIT_EXCEEDED before extracting  |
 * | a file over `maxBufferedBytes`                   | ErrorPart LIMIT_EXCEEDED, next file      |
 * | CRC or data error                                | ErrorPart CORRUPT; unrar cannot go on, so the files after it are not read (the object is `failed`) |
 */
import { createExtractorFromData, type FileHeader } from 'node-unrar-js';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { checkRatio, sourceBuffer, toScanError } from './bytes.js';
import { checkDepth, memberContext, type ReadContext } from './limits.js';
import { errorPart, memoryMember, readMember } from './members.js';
import { packageFile } from './package-file.js';
import type { Source } from './source.js';

/** unrar.wasm of the node-unrar-js package. */
const wasmBinary = packageFile('node-unrar-js', 'dist/js/unrar.wasm');

/** An unrar failure as a ScanError: a password it lacks is ENCRYPTED, the rest CORRUPT. */
function unrarError(error: unknown, message: string): ScanError {
  const reason = (error as { reason?: unknown }).reason;
  if (reason === 'ERAR_MISSING_PASSWORD' || reason === 'ERAR_BAD_PASSWORD') return new ScanError('ENCRYPTED', `${message}: encrypted`);
  return toScanError(typeof reason === 'string' ? { code: reason } : error, 'CORRUPT', message);
}

/**
 * node-unrar-js keeps one unrar instance per process, whose file callbacks go to the extractor
 * created last. A RAR inside a RAR creates another while the outer one is between two files, so
 * the outer one takes the instance back before each file.
 */
function claim(extractor: object): void {
  const unrar = (extractor as { unrar?: { extractor?: object } }).unrar;
  if (unrar !== undefined) unrar.extractor = extractor;
}

function arrayBufferOf(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Reads a RAR archive. */
export async function* readRar(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  const { limits } = ctx.budget;
  const bytes = await sourceBuffer(source, limits.maxBufferedBytes);
  const wasmBytes = await wasmBinary();
  let headers: FileHeader[];
  let extractor: Awaited<ReturnType<typeof createExtractorFromData>>;
  try {
    extractor = await createExtractorFromData({ wasmBinary: arrayBufferOf(wasmBytes), data: arrayBufferOf(bytes) });
    const list = extractor.getFileList();
    if (list.arcHeader.flags.headerEncrypted) throw new ScanError('ENCRYPTED', 'RAR archive has encrypted headers');
    headers = [];
    for (const header of list.fileHeaders) {
      if (headers.length >= limits.maxEntries) throw new ScanError('LIMIT_EXCEEDED', `RAR archive has more than ${limits.maxEntries} files (maxEntries)`);
      headers.push(header);
    }
  } catch (error) {
    throw unrarError(error, 'not a readable RAR archive');
  }
  const files = headers.filter((header) => !header.flags.directory);
  checkRatio(files.reduce((sum, header) => sum + header.unpSize, 0), bytes.length, limits.maxRatio, 'RAR archive');
  const readable = (header: FileHeader): boolean => !header.flags.directory && !header.flags.encrypted && header.unpSize <= limits.maxBufferedBytes;
  let index = 0;
  for (const header of files) {
    if (readable(header)) continue;
    index += 1;
    ctx.budget.countEntry();
    const where = { entry: memberContext(ctx, header.name).entry };
    yield errorPart(
      where,
      header.flags.encrypted
        ? new ScanError('ENCRYPTED', `RAR entry ${index} is encrypted`)
        : new ScanError('LIMIT_EXCEEDED', `RAR entry ${index} is larger than ${limits.maxBufferedBytes} bytes (maxBufferedBytes)`),
    );
  }
  const extracted = extractor.extract({ files: readable }).files;
  for (;;) {
    let file: ReturnType<typeof extracted.next>;
    try {
      claim(extractor);
      file = extracted.next();
    } catch (error) {
      const name = (error as { file?: unknown }).file;
      index += 1;
      yield errorPart({ entry: memberContext(ctx, typeof name === 'string' ? name : `entry-${index}`).entry }, unrarError(error, `RAR entry ${index} could not be extracted`));
      return;
    }
    if (file.done) return;
    const { fileHeader, extraction } = file.value;
    if (extraction === undefined) continue;
    index += 1;
    ctx.budget.countEntry();
    const inner = memberContext(ctx, fileHeader.name);
    const member = memoryMember(fileHeader.name, extraction, ctx.budget, `RAR entry ${index}`);
    yield* readMember(() => ctx.open(member, inner), { entry: inner.entry }, ctx.budget);
  }
}
