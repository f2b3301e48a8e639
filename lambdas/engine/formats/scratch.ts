/**
 * Private temporary folders for readers whose library needs a file on disk rather than bytes in
 * memory: 7-Zip's extracted files (sevenzip.ts) and SQLite databases (sqlite.ts). Each reader makes
 * its own folder (mode 0700, `shredlock-<reader>-*`) and removes it when the object is done.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanError } from '../errors.js';

/**
 * The system's temporary folder: `TMPDIR` as this thread's environment has it (a worker thread's
 * `process.env` is its own copy, which `os.tmpdir()` does not read), else `os.tmpdir()`.
 */
function temporaryFolder(): string {
  return process.env.TMPDIR || tmpdir();
}

/** A new private folder under the system's temporary folder. */
export function scratchFolder(reader: string): string {
  return mkdtempSync(join(temporaryFolder(), `shredlock-${reader}-`));
}

/** A write that failed for want of room, as LIMIT_EXCEEDED; undefined for any other error. */
export function noRoom(error: unknown, what: string): ScanError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? new ScanError('LIMIT_EXCEEDED', `no room in the temporary folder for ${what}`) : undefined;
}
