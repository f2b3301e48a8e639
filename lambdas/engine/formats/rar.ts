/**
 * RAR reader (RAR 4 and 5): RARLAB's unrar compiled to WASM (node-unrar-js), reading the archive
 * from a file and writing each file it extracts to a file: memory does not grow with the archive
 * or its files. Its files come out one by one, each read like an object of its own, recursively,
 * with `where.entry` = its path, from a private temporary folder (scratch.ts) where each is
 * removed once read, the folder when the archive is done. A local archive is read where it is; one
 * from a stream (S3, an archive member) is copied to the folder first. unrar names no file on disk:
 * each is created under a name of the reader's own (`m0`, `m1`, ...), so no path in the archive
 * (`..`, absolute, a link) reaches the file system.
 *
 * | Condition                                        | Result                                   |
 * |--------------------------------------------------|------------------------------------------|
 * | not a readable RAR archive                       | throws CORRUPT                           |
 * | encrypted headers (`rar -hp`)                    | throws ENCRYPTED                         |
 * | encrypted file                                   | ErrorPart ENCRYPTED, next file           |
 * | declared sizes over `maxRatio` times the archive | throws LIMIT_EXCEEDED before extracting  |
 * | declared sizes over `maxTotalBytes`              | throws LIMIT_EXCEEDED before extracting  |
 * | no room in the temporary folder                  | throws LIMIT_EXCEEDED                    |
 * | CRC or data error                                | ErrorPart CORRUPT; unrar cannot go on, so the files after it are not read (the object is `failed`) |
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
// The package's CommonJS entry: its ESM entry (`module`, which the Lambda bundle prefers) is the
// browser-safe half, without the file extractor.
import { createExtractorFromFile, type FileHeader } from 'node-unrar-js/dist/index.js';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { checkRatio, toScanError } from './bytes.js';
import { checkDepth, memberContext, type ReadContext } from './limits.js';
import { errorPart, readMember } from './members.js';
import { packageFile } from './package-file.js';
import { noRoom, scratchFolder, scratchMember, spoolSource } from './scratch.js';
import type { Source } from './source.js';

/** unrar.wasm of the node-unrar-js package. */
const wasmBinary = packageFile('node-unrar-js', 'dist/js/unrar.wasm');

/** An unrar failure as a ScanError: a password it lacks is ENCRYPTED, no room to write LIMIT_EXCEEDED, the rest CORRUPT. */
function unrarError(error: unknown, message: string): ScanError {
  if (error instanceof ScanError) return error;
  const reason = (error as { reason?: unknown }).reason;
  if (reason === 'ERAR_MISSING_PASSWORD' || reason === 'ERAR_BAD_PASSWORD') return new ScanError('ENCRYPTED', `${message}: encrypted`);
  return noRoom(error, 'a RAR entry') ?? toScanError(typeof reason === 'string' ? { code: reason } : error, 'CORRUPT', message);
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
  const folder = scratchFolder('rar');
  try {
    let archive = source.path;
    if (archive === undefined) {
      archive = join(folder, 'archive.rar');
      await spoolSource(source, archive, 'a RAR archive');
    }
    const wasmBytes = await wasmBinary();
    /** The name under which unrar created the file it extracted last. */
    let created = '';
    let count = 0;
    let headers: FileHeader[];
    let extractor: Awaited<ReturnType<typeof createExtractorFromFile>>;
    try {
      extractor = await createExtractorFromFile({
        wasmBinary: arrayBufferOf(wasmBytes),
        filepath: archive,
        targetPath: folder,
        filenameTransform: () => {
          created = `m${count++}`;
          return created;
        },
      });
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
    const declared = files.reduce((sum, header) => sum + header.unpSize, 0);
    checkRatio(declared, statSync(archive).size, limits.maxRatio, 'RAR archive');
    if (declared > limits.maxTotalBytes) throw new ScanError('LIMIT_EXCEEDED', `RAR archive declares more than ${limits.maxTotalBytes} bytes (maxTotalBytes)`);
    const readable = (header: FileHeader): boolean => !header.flags.directory && !header.flags.encrypted;
    let index = 0;
    for (const header of files) {
      if (readable(header)) continue;
      index += 1;
      ctx.budget.countEntry();
      yield errorPart({ entry: memberContext(ctx, header.name).entry }, new ScanError('ENCRYPTED', `RAR entry ${index} is encrypted`));
    }
    const extracted = extractor.extract({ files: readable }).files;
    for (;;) {
      let file: ReturnType<typeof extracted.next>;
      created = '';
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
      const { fileHeader } = file.value;
      index += 1;
      ctx.budget.countEntry();
      const inner = memberContext(ctx, fileHeader.name);
      const label = `RAR entry ${index}`;
      if (created === '') {
        yield errorPart({ entry: inner.entry }, new ScanError('CORRUPT', `${label} could not be extracted`));
        continue;
      }
      const path = join(folder, created);
      try {
        yield* readMember(() => ctx.open(scratchMember(fileHeader.name, path, statSync(path).size, ctx.budget, label), inner), { entry: inner.entry }, ctx.budget);
      } finally {
        rmSync(path, { force: true });
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
