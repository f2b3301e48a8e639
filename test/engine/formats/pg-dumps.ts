/**
 * pg_dump archives made by PostgreSQL itself, for the pg_dump reader's tests: a throwaway cluster
 * of Debian's postgresql package (on this machine; `initdb` and `pg_ctl` from the highest version
 * under /usr/lib/postgresql), listening on a Unix socket in its own temporary folder only, run as
 * the `postgres` user when the tests run as root (initdb refuses root), loaded with `sql`, dumped
 * once per entry of `dumps` (pg_dump's arguments; a directory format's files as `name/file` too),
 * stopped and removed.
 */
import { execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fed } from './fed.js';

const run = promisify(execFile);

/** The bin folder of the highest PostgreSQL version installed. */
function binFolder(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('pg-dumps: no PostgreSQL server under /usr/lib/postgresql (Debian package postgresql)');
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** Runs a PostgreSQL program, as `postgres` when this process is root. */
function asOwner(program: string, args: readonly string[]): Promise<{ stdout: string }> {
  return userInfo().uid === 0 ? run('runuser', ['-u', 'postgres', '--', program, ...args]) : run(program, [...args]);
}

/** Feeds `sql` to psql on the socket in `folder`. */
function psql(bin: string, folder: string, port: number, sql: string): Promise<string> {
  const args = ['-h', folder, '-p', String(port), '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-f', '-'];
  return fed(userInfo().uid === 0 ? spawn('runuser', ['-u', 'postgres', '--', join(bin, 'psql'), ...args]) : spawn(join(bin, 'psql'), args), sql, 'psql');
}

/** The archives pg_dump writes of a database loaded with `sql`: one per entry, by its name. */
export async function pgDumps(sql: string, dumps: Readonly<Record<string, readonly string[]>>): Promise<Record<string, Buffer>> {
  const bin = binFolder();
  const folder = mkdtempSync(join(tmpdir(), 'shredlock-pgtest-'));
  if (userInfo().uid === 0) chownSync(folder, Number((await run('id', ['-u', 'postgres'])).stdout), Number((await run('id', ['-g', 'postgres'])).stdout));
  const data = join(folder, 'data');
  const port = 50_000 + Math.floor(Math.random() * 10_000);
  try {
    await asOwner(join(bin, 'initdb'), ['-D', data, '-E', 'UTF8', '--locale=C.UTF-8', '-A', 'trust', '-U', 'postgres']);
    await asOwner(join(bin, 'pg_ctl'), ['-D', data, '-o', `-k ${folder} -p ${port} -c listen_addresses=''`, '-l', join(folder, 'log'), '-w', 'start']);
    try {
      await psql(bin, folder, port, sql);
      const out: Record<string, Buffer> = {};
      for (const [name, args] of Object.entries(dumps)) {
        const file = join(folder, name);
        await asOwner(join(bin, 'pg_dump'), ['-h', folder, '-p', String(port), '-U', 'postgres', '-f', file, ...args, 'postgres']);
        // The directory format: its table of contents, and each file of the folder as `name/file`.
        out[name] = readFileSync(args.includes('-Fd') ? join(file, 'toc.dat') : file);
        if (args.includes('-Fd')) for (const inner of readdirSync(file)) out[`${name}/${inner}`] = readFileSync(join(file, inner));
      }
      return out;
    } finally {
      await asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
