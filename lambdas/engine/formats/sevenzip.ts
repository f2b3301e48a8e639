/**
 * 7z reader: 7-Zip itself, compiled to WASM (7z-wasm), run on an in-memory file system. The
 * archive is held in memory (at most `maxBufferedBytes`), listed (`l -slt`), then extracted with a
 * dummy password so that 7-Zip never waits for one; each file is read like an object of its own,
 * recursively, with `where.entry` = its path. All files are extracted at once when their declared
 * sizes fit `maxBufferedBytes` (a solid archive is decoded once), otherwise one at a time.
 *
 * | Condition                                        | Result                                   |
 * |--------------------------------------------------|------------------------------------------|
 * | archive that 7-Zip cannot open                   | throws CORRUPT                           |
 * | encrypted headers (`-mhe`, seen in the header)   | throws ENCRYPTED                         |
 * | encrypted file                                   | ErrorPart ENCRYPTED, next file           |
 * | declared sizes over `maxRatio` times the archive | throws LIMIT_EXCEEDED before extracting  |
 * | a file over `maxBufferedBytes`                   | ErrorPart LIMIT_EXCEEDED, next file      |
 * | CRC or data error in a file                      | ErrorPart CORRUPT, next file             |
 */
import sevenZipPackage, { type SevenZipModule, type SevenZipModuleFactory } from '7z-wasm';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { checkRatio, sourceBuffer, toScanError } from './bytes.js';
import { checkDepth, memberContext, type ReadContext } from './limits.js';
import { errorPart, memoryMember, readMember } from './members.js';
import { packageFile } from './package-file.js';
import type { Source } from './source.js';

/** One file of a listing. */
export interface SevenZipEntry {
  readonly path: string;
  readonly size: number;
  readonly encrypted: boolean;
}

/** 7-Zip with its output captured: each run returns the lines it printed. */
interface SevenZipRunner {
  readonly fs: SevenZipModule['FS'];
  run(args: string[]): string[];
}

/** 7zz.wasm of the 7z-wasm package. */
const wasmBinary = packageFile('7z-wasm', '7zz.wasm');

/** The package is CommonJS whose types say `export default`: take the factory either way. */
const factory: SevenZipModuleFactory =
  (sevenZipPackage as unknown as { default?: SevenZipModuleFactory }).default ?? (sevenZipPackage as unknown as SevenZipModuleFactory);

async function sevenZip(): Promise<SevenZipRunner> {
  const lines: string[] = [];
  const module = await factory({
    wasmBinary: (await wasmBinary()).buffer as ArrayBuffer,
    print: (line: string) => lines.push(line),
    printErr: (line: string) => lines.push(line),
    // End of input: 7-Zip never waits for a password on stdin.
    stdin: () => null as unknown as number,
  });
  return {
    fs: module.FS,
    run(args) {
      lines.length = 0;
      // Emscripten's exit() sets the process's exit code to 7-Zip's (2 on any error): keep ours.
      const exitCode = process.exitCode;
      try {
        module.callMain(args);
      } catch (error) {
        lines.push(`ERROR: ${toScanError(error, 'CORRUPT', '7-Zip stopped').message}`);
      } finally {
        process.exitCode = exitCode;
      }
      return [...lines];
    },
  };
}

/** The files of a `7zz l -slt` listing (folders left out). */
export function parseListing(lines: readonly string[]): SevenZipEntry[] {
  const entries: SevenZipEntry[] = [];
  let fields = new Map<string, string>();
  let inEntries = false;
  const flush = (): void => {
    const path = fields.get('Path');
    const folder = fields.get('Folder') === '+' || (fields.get('Attributes') ?? '').startsWith('D');
    if (inEntries && path !== undefined && !folder) {
      entries.push({ path, size: Number(fields.get('Size') ?? 0), encrypted: fields.get('Encrypted') === '+' });
    }
    fields = new Map();
  };
  for (const line of lines) {
    if (line.startsWith('----------')) {
      inEntries = true;
      fields = new Map();
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const at = line.indexOf(' = ');
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 3));
  }
  flush();
  return entries;
}

const ARCHIVE = '/archive.7z';
const OUT = '/out';

const AES_METHOD = Buffer.from([0x06, 0xf1, 0x07, 0x01]);

/**
 * True when the archive's header is encrypted (`7z -mhe`): the start header points to an encoded
 * header (0x17) whose coders include AES. 7-Zip itself, given a wrong password, reports this only
 * sometimes: the garbage a wrong key decrypts can crash it instead.
 */
export function hasEncryptedHeader(bytes: Buffer): boolean {
  if (bytes.length < 32) return false;
  const offset = 32 + Number(bytes.readBigUInt64LE(12));
  const size = Number(bytes.readBigUInt64LE(20));
  if (offset >= bytes.length || size <= 0) return false;
  const header = bytes.subarray(offset, Math.min(bytes.length, offset + size));
  return header[0] === 0x17 && header.indexOf(AES_METHOD) !== -1;
}

/** Paths 7-Zip reported an error for (`ERROR: ... : path`). */
function failedPaths(lines: readonly string[]): Set<string> {
  const failed = new Set<string>();
  for (const line of lines) {
    const match = /^ERROR: .* : (.+)$/.exec(line);
    if (match !== null) failed.add(match[1]);
  }
  return failed;
}

/** Reads a 7z archive. */
export async function* readSevenZip(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  const { limits } = ctx.budget;
  const bytes = await sourceBuffer(source, limits.maxBufferedBytes);
  if (hasEncryptedHeader(bytes)) throw new ScanError('ENCRYPTED', '7z archive has encrypted headers');
  const zip = await sevenZip();
  zip.fs.writeFile(ARCHIVE, bytes);
  const listing = zip.run(['l', '-slt', '-pX', ARCHIVE]);
  if (listing.some((line) => /Cannot open encrypted archive/.test(line))) throw new ScanError('ENCRYPTED', '7z archive has encrypted headers');
  if (listing.some((line) => /^ERROR:|Cannot open the file as archive|Can not open the file as archive/.test(line))) {
    throw new ScanError('CORRUPT', 'not a readable 7z archive');
  }
  const entries = parseListing(listing);
  const declared = entries.reduce((sum, entry) => sum + entry.size, 0);
  checkRatio(declared, bytes.length, limits.maxRatio, '7z archive');
  const plain = entries.filter((entry) => !entry.encrypted && entry.size <= limits.maxBufferedBytes);
  const atOnce = plain.reduce((sum, entry) => sum + entry.size, 0) <= limits.maxBufferedBytes;
  zip.fs.mkdir(OUT);
  const failed = atOnce ? failedPaths(zip.run(['x', `-o${OUT}`, '-pX', '-y', '-bd', ARCHIVE])) : new Set<string>();
  let index = 0;
  for (const entry of entries) {
    index += 1;
    ctx.budget.countEntry();
    const inner = memberContext(ctx, entry.path);
    const where = { entry: inner.entry };
    const label = `7z entry ${index}`;
    if (entry.encrypted) {
      yield errorPart(where, new ScanError('ENCRYPTED', `${label} is encrypted`));
      continue;
    }
    if (entry.size > limits.maxBufferedBytes) {
      yield errorPart(where, new ScanError('LIMIT_EXCEEDED', `${label} is larger than ${limits.maxBufferedBytes} bytes (maxBufferedBytes)`));
      continue;
    }
    if (!atOnce) for (const path of failedPaths(zip.run(['x', `-o${OUT}`, '-pX', '-y', '-bd', ARCHIVE, '--', entry.path]))) failed.add(path);
    const file = `${OUT}/${entry.path}`;
    let data: Uint8Array;
    try {
      if (failed.has(entry.path)) throw new ScanError('CORRUPT', `${label} could not be extracted`);
      data = zip.fs.readFile(file);
      zip.fs.unlink(file);
    } catch (error) {
      yield errorPart(where, toScanError(error, 'CORRUPT', `${label} could not be extracted`));
      continue;
    }
    const member = memoryMember(entry.path, data, ctx.budget, label);
    yield* readMember(() => ctx.open(member, inner), where, ctx.budget);
  }
}
