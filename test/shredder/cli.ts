/** Test helper: the shred and keys commands on a program of their own. */
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { registerKeys } from '../../bin/commands/keys.js';
import { registerShred } from '../../bin/commands/shred.js';
import { UsageError } from '../../bin/errors.js';

/**
 * Runs `shred` and `keys` on a program built like bin/shredlock.ts's (commander errors and
 * UsageError exit 2), capturing standard output and error.
 */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('shredlock').exitOverride();
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  registerShred(program);
  registerKeys(program);
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    process.exitCode = undefined;
    await program.parseAsync(argv, { from: 'user' });
    return { code: Number(process.exitCode ?? 0), out, err };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, out, err: err + error.message };
    if (error instanceof UsageError) return { code: 2, out, err: err + error.message };
    throw error;
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}
