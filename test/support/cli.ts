/** Running the CLI in tests: what a command printed, and the exit code bin/shredlock.ts would give. */
import { Command } from 'commander';
import { vi } from 'vitest';
import { buildProgram, runProgram } from '../../bin/shredlock.js';

/** What `fn` returned, and what it wrote to standard output and standard error meanwhile. */
export interface Captured<T> {
  readonly value: T;
  readonly out: string;
  readonly err: string;
}

/** Runs `fn` with standard output and error captured (not printed); `process.exitCode` is cleared before and after. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<Captured<T>> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    process.exitCode = undefined;
    const value = await fn();
    return { value, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

/** One CLI run: its exit code and what it printed. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Registers commands on a program (the `register*` functions of bin/commands, or a closure giving them test clients). */
export type Register = (program: Command) => void;

/**
 * Runs `shredlock <argv>` as bin/shredlock.ts does (usage and input errors exit 2, printed as
 * `shredlock: <message>`), on the whole program, or on one with only `register`'s commands.
 */
export async function runCli(argv: readonly string[], ...register: readonly Register[]): Promise<CliRun> {
  const program = register.length === 0 ? await buildProgram(argv) : new Command('shredlock').exitOverride();
  for (const r of register) r(program);
  const { value: code, out, err } = await captureOutput(() => runProgram(program, argv));
  return { code, out, err };
}
