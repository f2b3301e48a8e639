/**
 * InnoDB's files made by MariaDB itself, for the tests of what a physical MySQL backup holds (a
 * copied data folder, XtraBackup's or mariabackup's output): a throwaway server of Debian's
 * mariadb-server package (its data folder made by mariadb-install-db in a temporary folder,
 * listening on a Unix socket there only, no network), loaded with `sql`, shut down cleanly, and
 * the files `files` names (paths under its data folder, `crm/c.ibd`) read, then removed.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fed } from './fed.js';

const run = promisify(execFile);
/** A small redo log and buffer pool: the default log is 96 MiB of file. */
const SMALL = ['--innodb-log-file-size=8M', '--innodb-buffer-pool-size=32M'];

/** Waits until `path` exists (the server's socket), or fails after `ms`. */
async function waitFor(path: string, ms: number, log: string): Promise<void> {
  for (const start = Date.now(); !existsSync(path); ) {
    if (Date.now() - start > ms) throw new Error(`mariadb-files: the server did not start: ${existsSync(log) ? readFileSync(log, 'utf8').slice(-500) : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Feeds `sql` to the mariadb client on `socket`. */
function client(socket: string, sql: string): Promise<string> {
  return fed(spawn('mariadb', ['--no-defaults', '-S', socket, '-u', 'root']), sql, 'mariadb');
}

/** The files of a MariaDB data folder loaded with `sql`, by their path under it. */
export async function mariadbFiles(sql: string, files: readonly string[]): Promise<Record<string, Buffer>> {
  const folder = mkdtempSync(join(tmpdir(), 'shredlock-mariadb-'));
  const data = join(folder, 'data');
  const socket = join(folder, 'sock');
  const log = join(folder, 'log');
  try {
    await run('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db', ...SMALL]);
    const server = spawn('mariadbd', ['--no-defaults', `--datadir=${data}`, `--socket=${socket}`, '--skip-networking', '--user=root', ...SMALL, `--log-error=${log}`, `--pid-file=${join(folder, 'pid')}`], { stdio: 'ignore' });
    const exited = new Promise((resolve) => {
      server.on('exit', resolve);
      server.on('error', resolve);
    });
    try {
      await waitFor(socket, 30_000, log);
      await client(socket, sql);
    } finally {
      // A clean shutdown writes the pages out (the files then hold the rows, as a backup's do).
      await run('mariadb-admin', ['--no-defaults', '-S', socket, '-u', 'root', 'shutdown']).catch(() => server.kill('SIGKILL'));
      await exited;
    }
    return Object.fromEntries(files.map((file) => [file, readFileSync(join(data, file))]));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
