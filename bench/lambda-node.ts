/**
 * Node started as the scanner Lambda starts it: Lambda's Node.js runtime hands the function's
 * wrapper script (AWS_LAMBDA_EXEC_WRAPPER, contract/v8-flags.mjs) node's path, the runtime's own
 * flags for the scanner's memory size and, last, the script to start, which takes no arguments.
 * The bench's engine rows run so (bench/engine.bench.ts).
 */
import { execFileSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAMBDA_WRAPPER_FILE, lambdaExecWrapper, lambdaRuntimeNodeFlags } from '../contract/v8-flags.mjs';
import { SCANNING_DEFAULTS } from '../lib/scanning.js';

/** Node's flags as Lambda's runtime starts it for the scanner (its bootstrap's, with the default memory size). */
export const LAMBDA_NODE_FLAGS = lambdaRuntimeNodeFlags(SCANNING_DEFAULTS.scannerMemoryMiB);

/** Writes the scanner's wrapper script into `dir`, executable; returns its path. */
export async function writeLambdaWrapper(dir: string): Promise<string> {
  const path = join(dir, LAMBDA_WRAPPER_FILE);
  await writeFile(path, lambdaExecWrapper());
  await chmod(path, 0o755);
  return path;
}

/**
 * Runs `script` as the scanner Lambda runs its handler, through `wrapper`, with `env` added to this
 * process's environment (how a script that takes no arguments gets its input) and any of `flags`
 * after the runtime's. Returns what it printed.
 */
export function runAsLambda(wrapper: string, script: URL, env: Record<string, string>, flags: readonly string[] = []): string {
  return execFileSync(wrapper, [process.execPath, ...LAMBDA_NODE_FLAGS, ...flags, fileURLToPath(script)], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}
