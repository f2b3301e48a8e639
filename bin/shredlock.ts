#!/usr/bin/env -S npx tsx --max-semi-space-size=4 --single-threaded-gc --expose-gc
/**
 * `shredlock`, the operator CLI. Exit codes: 0 done, 1 a check failed (for example `--fail-on`),
 * 2 usage or input error.
 *
 * The V8 flags of the shebang are those of contract/v8-flags.mjs (COMMAND_LINE_V8_FLAGS), which only work
 * on node's command line.
 */
import { Command, CommanderError } from 'commander';
import { ENGINE_VERSION, PolicyError } from '../lambdas/engine/index.js';
import { UsageError } from './errors.js';

/** Exit code for usage and input errors. */
export const EXIT_USAGE = 2;

/** Adds a module's commands to the program. */
type Register = (program: Command) => void;

/**
 * The command modules, in the order of the help, by the top-level commands each registers. A
 * module is imported only when one of its commands runs (or for the whole help): `scan` then
 * never loads the AWS SDK clients, Powertools and report renderers of the other commands (about
 * 28 MiB of a scan's peak RSS).
 */
const COMMAND_MODULES: readonly { readonly commands: readonly string[]; readonly load: () => Promise<Register> }[] = [
  { commands: ['scan'], load: async () => (await import('./commands/scan.js')).registerScan },
  { commands: ['seal', 'unseal'], load: async () => (await import('./commands/seal.js')).registerSeal },
  { commands: ['shred'], load: async () => (await import('./commands/shred.js')).registerShred },
  { commands: ['keys'], load: async () => (await import('./commands/keys.js')).registerKeys },
  { commands: ['report'], load: async () => (await import('./commands/report.js')).registerReport },
  { commands: ['certificates'], load: async () => (await import('./commands/certificates.js')).registerCertificates },
  { commands: ['check'], load: async () => (await import('./commands/check.js')).registerCheck },
  { commands: ['audit'], load: async () => (await import('./commands/audit.js')).registerAudit },
  { commands: ['evidence'], load: async () => (await import('./commands/evidence.js')).registerEvidence },
];

/**
 * Builds the program (exported for tests): with only the module of the command `argv` names, or
 * with every command when it names none (help, version, a mistyped command: commander then lists
 * them all and suggests the closest).
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('shredlock')
    .description('Find, keep, seal and provably destroy customer personal data in AWS backup vaults.')
    .version(ENGINE_VERSION)
    .exitOverride()
    .showHelpAfterError();
  const named = COMMAND_MODULES.find((m) => m.commands.includes(argv[0] ?? ''));
  for (const m of named === undefined ? COMMAND_MODULES : [named]) (await m.load())(program);
  return program;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  return runProgram(await buildProgram(argv), argv);
}

/**
 * Runs `program` (built with `exitOverride()`, as buildProgram() builds it) with `argv`; returns the
 * exit code: the command's own, or 2 for a usage or input error (printed without a stack).
 */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof UsageError || error instanceof PolicyError) {
      process.stderr.write(`shredlock: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/**
 * Runs the CLI as the process: the exit code is the command's, or 70 for an unexpected failure,
 * printed with its stack. bin/run.mjs (the `shredlock` command) calls it on the bundle.
 */
export function runAsProcess(argv: readonly string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`shredlock: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 70;
    },
  );
}

// `npx tsx bin/shredlock.ts …` runs the sources directly (the bundle never has this file name).
if (process.argv[1] !== undefined && /shredlock\.ts$/.test(process.argv[1])) runAsProcess(process.argv.slice(2));
