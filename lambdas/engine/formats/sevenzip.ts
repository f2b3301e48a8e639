/**
 * 7z reader: 7-Zip itself, compiled to WASM (7z-wasm), run on an in-memory file system. The
 * archive is held in memory (at most `maxBufferedBytes`), listed (`l -slt`), then extracted with a
 * dummy password so that 7-Zip never waits for one; each file is read like an object of its own,
 * recursively, with `where.entry` = its path.
 *
 * Files are extracted to standard output (`-so`) and written from there to temporary files (one
 * per member, in a private folder under the system's temporary folder, removed when the archive
 * is done), so memory does not grow with the files: a member is scanned as a file, streamed, and
 * a member larger than `maxBufferedBytes` is read too. 7-Zip runs synchronously and cannot pause
 * for the scan, so its output has to land somewhere: on disk rather than in memory.
 * - When nothing is encrypted and the declared sizes together fit `maxBufferedBytes`, all files
 *   are extracted in one run (a solid archive is decoded once), the output cut into members at
 *   the listed sizes, each member's CRC-32 checked against the listing's: the cut is right only
 *   if every one matches. Otherwise (or on any 7-Zip error) the files are extracted one at a time.
 * - One at a time, a member's file is removed once it is read; disk then holds one member.
 *
 * | Condition                                        | Result                                   |
 * |--------------------------------------------------|------------------------------------------|
 * | archive that 7-Zip cannot open                   | throws CORRUPT                           |
 * | encrypted headers (`-mhe`, seen in the header)   | throws ENCRYPTED                         |
 * | encrypted file                                   | ErrorPart ENCRYPTED, next file           |
 * | declared sizes over `maxRatio` times the archive | throws LIMIT_EXCEEDED before extracting  |
 * | declared sizes over `maxTotalBytes`              | throws LIMIT_EXCEEDED before extracting  |
 * | CRC or data error in a file, or more or fewer bytes than declared | ErrorPart CORRUPT, next file |
 * | no room for a file in the temporary folder      | ErrorPart LIMIT_EXCEEDED, next file      |
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sevenZipPackage, { type SevenZipModule, type SevenZipModuleFactory } from '7z-wasm';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { checkRatio, sourceBuffer, toScanError } from './bytes.js';
import { checkDepth, memberContext, type ReadContext } from './limits.js';
import { errorPart, readMember } from './members.js';
import { packageFile } from './package-file.js';
import { noRoom, scratchFolder, scratchMember } from './scratch.js';
import type { Source } from './source.js';

/** One file of a listing. */
export interface SevenZipEntry {
  readonly path: string;
  readonly size: number;
  readonly encrypted: boolean;
  /** CRC-32 of the file's data, from the listing; undefined when it lists none. */
  readonly crc?: number;
}

/** Where 7-Zip's standard output goes while it extracts: a byte at a time (Emscripten's device). */
interface ByteSink {
  put(byte: number): void;
}

/** 7-Zip with its output captured: each run returns the lines it printed. */
interface SevenZipRunner {
  readonly fs: SevenZipModule['FS'];
  /** Runs 7-Zip; standard output goes to `out` if given, else into the lines returned with standard error's. */
  run(args: string[], out?: ByteSink): string[];
}

/** 7zz.wasm of the 7z-wasm package. */
const wasmBinary = packageFile('7z-wasm', '7zz.wasm');

/** The package is CommonJS whose types say `export default`: take the factory either way. */
const factory: SevenZipModuleFactory =
  (sevenZipPackage as unknown as { default?: SevenZipModuleFactory }).default ?? (sevenZipPackage as unknown as SevenZipModuleFactory);

async function sevenZip(): Promise<SevenZipRunner> {
  const lines: string[] = [];
  let line: number[] = [];
  let out: ByteSink | undefined;
  const endLine = (): void => {
    lines.push(Buffer.from(line).toString('utf8'));
    line = [];
  };
  const module = await factory({
    wasmBinary: (await wasmBinary()).buffer as ArrayBuffer,
    // Standard output a byte at a time: extracted data (`-so`) or listing lines.
    stdout: (byte: number) => {
      if (out !== undefined) out.put(byte);
      else if (byte === 10) endLine();
      else line.push(byte);
    },
    printErr: (text: string) => lines.push(text),
    // End of input: 7-Zip never waits for a password on stdin.
    stdin: () => null as unknown as number,
  });
  return {
    fs: module.FS,
    run(args, sink) {
      lines.length = 0;
      line = [];
      out = sink;
      // Emscripten's exit() sets the process's exit code to 7-Zip's (2 on any error): keep ours.
      const exitCode = process.exitCode;
      try {
        module.callMain(args);
      } catch (error) {
        lines.push(`ERROR: ${toScanError(error, 'CORRUPT', '7-Zip stopped').message}`);
      } finally {
        process.exitCode = exitCode;
        out = undefined;
      }
      if (line.length > 0) endLine();
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
      const crc = fields.get('CRC');
      entries.push({
        path,
        size: Number(fields.get('Size') ?? 0),
        encrypted: fields.get('Encrypted') === '+',
        ...(crc !== undefined && /^[0-9A-F]{8}$/i.test(crc) ? { crc: Number.parseInt(crc, 16) } : {}),
      });
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

/** Bytes gathered before a write to a member's file. */
const WRITE_BYTES = 64 * 1024;

/** A member's temporary file as 7-Zip's output fills it. */
interface MemberFile {
  readonly entry: SevenZipEntry;
  readonly path: string;
  written: number;
  crc: number;
}

/**
 * 7-Zip's standard output cut into member files at the listed sizes, in the listed order: the
 * output of one run over `entries` (all of them, or one). Bytes beyond the last size, or a write
 * that fails (no room), stop the run (7-Zip sees a write error) and are remembered in `error`.
 */
class MemberFiles implements ByteSink {
  readonly files: MemberFile[];
  error: ScanError | undefined;
  private readonly buffer = Buffer.allocUnsafe(WRITE_BYTES);
  private used = 0;
  private at = 0;
  private fd: number | undefined;

  constructor(folder: string, entries: readonly SevenZipEntry[], first: number) {
    this.files = entries.map((entry, i) => ({ entry, path: join(folder, `m${first + i}`), written: 0, crc: 0 }));
  }

  put(byte: number): void {
    this.buffer[this.used++] = byte;
    if (this.used === WRITE_BYTES) this.flush();
  }

  /** Writes what is gathered; throws (into 7-Zip, as a write error) past the listed sizes. */
  flush(): void {
    let from = 0;
    try {
      while (from < this.used) {
        while (this.at < this.files.length && this.files[this.at].written === this.files[this.at].entry.size) this.next();
        if (this.at === this.files.length) throw new ScanError('CORRUPT', '7-Zip wrote more than the listed sizes');
        const file = this.files[this.at];
        const take = Math.min(this.used - from, file.entry.size - file.written);
        const bytes = this.buffer.subarray(from, from + take);
        this.fd ??= openSync(file.path, 'wx', 0o600);
        writeSync(this.fd, bytes);
        file.crc = crc32(bytes, file.crc);
        file.written += take;
        from += take;
      }
    } catch (error) {
      this.error ??= noRoom(error, 'a 7z entry') ?? toScanError(error, 'CORRUPT', '7z entry could not be written');
      throw this.error;
    } finally {
      this.used = 0;
    }
  }

  /** Writes the rest and closes the last file. */
  end(): void {
    if (this.used > 0) {
      try {
        this.flush();
      } catch {
        // remembered in `error`
      }
    }
    this.next();
  }

  /**
   * True when every file came whole: its listed size, and its listed CRC. `listedCrc`: a file that
   * lists none fails (the cut of one run into several files is right only when each CRC matches).
   */
  whole(listedCrc: boolean): boolean {
    return (
      this.error === undefined &&
      this.files.every(({ entry, written, crc }) => written === entry.size && (entry.size === 0 || (entry.crc === undefined ? !listedCrc : crc === entry.crc)))
    );
  }

  private next(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.at += 1;
  }
}

/** 7-Zip with the archive on its file system, and the archive's files. */
async function openArchive(source: Source, limits: ReadContext['budget']['limits']): Promise<{ zip: SevenZipRunner; entries: SevenZipEntry[] }> {
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
  if (declared > limits.maxTotalBytes) throw new ScanError('LIMIT_EXCEEDED', `7z archive declares more than ${limits.maxTotalBytes} bytes (maxTotalBytes)`);
  return { zip, entries };
}

/** Runs a 7-Zip extraction into `files`; true when it reported no error and every file came whole. */
function extract(zip: SevenZipRunner, args: string[], files: MemberFiles, listedCrc: boolean): boolean {
  const errors = zip.run(args, files).some((line) => line.startsWith('ERROR'));
  files.end();
  if (!errors && files.whole(listedCrc)) return true;
  for (const file of files.files) rmSync(file.path, { force: true });
  return false;
}

/** Reads a 7z archive. */
export async function* readSevenZip(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  const { limits } = ctx.budget;
  const { zip, entries } = await openArchive(source, limits);
  const folder = scratchFolder('7z');
  try {
    // All at once: one run, cut at the listed sizes, kept only if every CRC matches.
    let extracted: MemberFile[] | undefined;
    if (entries.reduce((sum, entry) => sum + entry.size, 0) <= limits.maxBufferedBytes && entries.every((entry) => !entry.encrypted)) {
      const all = new MemberFiles(folder, entries, 0);
      if (extract(zip, ['x', '-so', '-pX', '-y', '-bd', ARCHIVE], all, true)) extracted = all.files;
    }
    let index = 0;
    for (const [i, entry] of entries.entries()) {
      index += 1;
      ctx.budget.countEntry();
      const inner = memberContext(ctx, entry.path);
      const where = { entry: inner.entry };
      const label = `7z entry ${index}`;
      if (entry.encrypted) {
        yield errorPart(where, new ScanError('ENCRYPTED', `${label} is encrypted`));
        continue;
      }
      let file = extracted?.[i];
      if (file === undefined) {
        // One at a time, by exact name (-spd: no wildcards); 7-Zip checks the CRC itself.
        const one = new MemberFiles(folder, [entry], i);
        if (!extract(zip, ['e', '-so', '-spd', '-pX', '-y', '-bd', ARCHIVE, '--', entry.path], one, false)) {
          yield errorPart(where, one.error ?? new ScanError('CORRUPT', `${label} could not be extracted`));
          continue;
        }
        file = one.files[0];
      }
      try {
        yield* readMember(() => ctx.open(scratchMember(entry.path, file.path, file.written, ctx.budget, label), inner), where, ctx.budget);
      } finally {
        rmSync(file.path, { force: true });
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
