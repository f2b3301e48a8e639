/**
 * Redis RDB files written by Redis itself, for the RDB reader's tests: a throwaway `redis-server`
 * (Debian's package redis-server) listening on a Unix socket in its own temporary folder only (no
 * TCP port), fed `commands` by `redis-cli`, made to `SAVE`, stopped and removed.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fed } from './fed.js';

const run = promisify(execFile);

/** Runs `redis-cli` on the socket, `commands` on its standard input, one a line; rejects on an error reply. */
async function cli(socket: string, commands: readonly string[]): Promise<void> {
  const out = await fed(spawn('redis-cli', ['-s', socket]), `${commands.join('\n')}\n`, 'redis-cli');
  const error = out.split('\n').find((line) => line.startsWith('ERR') || line.startsWith('(error)') || line.startsWith('WRONGTYPE'));
  if (error !== undefined) throw new Error(`redis-cli replied: ${error}`);
}

/** The RDB file Redis saves after `commands`, and the server's version. */
export async function redisDump(commands: readonly string[]): Promise<{ rdb: Buffer; version: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'shredlock-redistest-'));
  const socket = join(folder, 'redis.sock');
  const server = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--dir', folder, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    for (let wait = 0; !existsSync(socket); wait++) {
      if (wait > 200 || server.exitCode !== null) throw new Error('redis-dumps: redis-server did not start (Debian package redis-server)');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await cli(socket, [...commands, 'SAVE']);
    const version = (await run('redis-server', ['--version'])).stdout.match(/v=(\S+)/)?.[1] ?? 'unknown';
    return { rdb: readFileSync(join(folder, 'dump.rdb')), version };
  } finally {
    server.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
}
