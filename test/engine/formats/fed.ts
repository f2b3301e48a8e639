/**
 * A database's own client fed a script on its standard input (psql, the mariadb client,
 * redis-cli), for the fixtures that databases write themselves.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** Ends `child`'s standard input with `input`; resolves with its standard output when it exits 0, else rejects with its exit code and the start of its standard error. */
export function fed(child: ChildProcessWithoutNullStreams, input: string, name: string): Promise<string> {
  let out = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${name} exited ${code}: ${errors.slice(0, 500)}`))));
  });
}
