/**
 * Private temporary folders for readers whose library needs a file on disk rather than bytes in
 * memory: 7-Zip's and unrar's extracted files (sevenzip.ts, rar.ts), a RAR archive or SQLite
 * database that came as a stream (rar.ts, sqlite.ts), the text of an HTML page, SQL dump or Excel 2003
 * XML workbook too large to hold in memory (held-text.ts), a large file embedded in a text as base64
 * (embedded.ts), an XLSX's shared strings past what is held in memory (xlsx-shared-strings.ts). Each reader makes its own folder (mode 0700,
 * `shredlock-<reader>-*`) and removes it when the object is done.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanError } from '../errors.js';
import { meter, sourceBytes } from './bytes.js';
import type { Budget } from './limits.js';
import type { Source } from './source.js';

/** Chunks a member file is read in (as a local file is read: bin/local-files.ts). */
const READ_BYTES = 256 * 1024;

/**
 * The system's temporary folder: `TMPDIR` as this thread's environment has it (a worker thread's
 * `process.env` is its own copy, which `os.tmpdir()` does not read), else `os.tmpdir()`.
 */
export function temporaryFolder(): string {
  return process.env.TMPDIR || tmpdir();
}

/** The readers that make a scratch folder, `shredlock-<reader>-*`. */
export const SCRATCH_READERS = ['7z', 'rar', 'sqlite', 'html', 'sql', 'spreadsheetml', 'json', 'texttable', 'docx', 'odt', 'vcard', 'base64', 'xlsx'] as const;
export type ScratchReader = (typeof SCRATCH_READERS)[number];

/** The readers' folders. */
const READER_FOLDER = new RegExp(`^shredlock-(${SCRATCH_READERS.join('|')})-`);

let swept = false;

/**
 * In Lambda, the readers' folders left in `root` by an earlier run of this execution environment
 * that was stopped (a time-out, out of memory) before it removed them: /tmp outlives the process.
 * A Lambda environment runs one process at a time, so at a process's first scan every such folder
 * is a leftover. Outside Lambda nothing is removed (other processes may be scanning). Returns the
 * folders removed.
 */
export function sweepLeftovers(root: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.AWS_LAMBDA_FUNCTION_NAME === undefined) return [];
  const removed = readdirSync(root).filter((name) => READER_FOLDER.test(name));
  for (const name of removed) rmSync(join(root, name), { recursive: true, force: true });
  return removed;
}

/** A new private folder under the system's temporary folder (in Lambda, leftovers swept first, once a process). */
export function scratchFolder(reader: ScratchReader): string {
  const root = temporaryFolder();
  if (!swept) {
    swept = true;
    sweepLeftovers(root);
  }
  return mkdtempSync(join(root, `shredlock-${reader}-`));
}

/** A write that failed for want of room, as LIMIT_EXCEEDED; undefined for any other error. */
export function noRoom(error: unknown, what: string): ScanError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? new ScanError('LIMIT_EXCEEDED', `no room in the temporary folder for ${what}`) : undefined;
}

/** Copies a stream source into the new file `file` (mode 0600); no room is LIMIT_EXCEEDED. */
export async function spoolSource(source: Source, file: string, what: string): Promise<void> {
  const fd = openSync(file, 'wx', 0o600);
  try {
    for await (const chunk of sourceBytes(source)) writeSync(fd, chunk);
  } catch (error) {
    throw noRoom(error, what) ?? error;
  } finally {
    closeSync(fd);
  }
}

/**
 * A container member a library extracted to the file `path` (`size` bytes), streamed from there,
 * its bytes counted against the object's budget; with its `path`, so a zip inside is read by
 * seeking. `name` is the member's own name, for the format guess.
 */
export function scratchMember(name: string, path: string, size: number, budget: Budget, label: string): Source {
  return {
    name,
    size,
    ...(size > 0 ? { path } : {}),
    open: () => meter(size > 0 ? (createReadStream(path, { highWaterMark: READ_BYTES }) as AsyncIterable<Buffer>) : (async function* () {})(), { budget, label }),
  };
}
