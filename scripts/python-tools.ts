/**
 * Python tools for the tests and the demo (cfn-lint, checkov, moto_server), installed from PyPI with the exact
 * pins of requirements-dev.txt into `.venv/` at the repository root. Idempotent: the venv is
 * (re)built only when missing or when requirements-dev.txt changed (a stamp keeps its hash). A lock
 * directory keeps two test files (or two vitest workers) from installing at the same time.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sharedUntilFailure } from './once.js';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');

const run = promisify(execFile);

/** Where the venv lives. */
export const VENV_DIR = join(REPO_ROOT, '.venv');
const REQUIREMENTS = join(REPO_ROOT, 'requirements-dev.txt');
const STAMP = join(VENV_DIR, '.shredlock-requirements.sha256');
/** Under test/.out/ (git-ignored); outside .venv/ because a rebuild deletes .venv/. */
const LOCK = join(REPO_ROOT, 'test', '.out', 'python-tools.lock');
/** A lock older than this is left over from a killed run and is taken over. */
const STALE_LOCK_MS = 15 * 60_000;

/** The tools of the venv. */
export interface PythonTools {
  /** Absolute path of an executable in the venv's bin/ (e.g. `cfn-lint`, `checkov`). */
  bin(name: string): string;
}

/** python3 was not found, or the venv could not be built. */
export class PythonToolsError extends Error {
  override readonly name = 'PythonToolsError';
  constructor(
    readonly code: 'PYTHON_MISSING' | 'INSTALL_FAILED' | 'LOCK_TIMEOUT',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Make sure `.venv/` holds the pinned tools; resolves to a way to find their executables. */
export const ensurePythonTools: () => Promise<PythonTools> = sharedUntilFailure(install);

async function install(): Promise<PythonTools> {
  const tools: PythonTools = { bin: (name) => join(VENV_DIR, 'bin', name) };
  const wanted = requirementsHash();
  if (stampMatches(wanted)) return tools;
  await withLock(async () => {
    if (stampMatches(wanted)) return; // another process finished while we waited
    const python = await findPython();
    rmSync(VENV_DIR, { recursive: true, force: true });
    try {
      await run(python, ['-m', 'venv', VENV_DIR], { timeout: 120_000 });
      const pip = join(VENV_DIR, 'bin', 'pip');
      await run(pip, ['install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS], {
        timeout: 15 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new PythonToolsError(
        'INSTALL_FAILED',
        `Could not install requirements-dev.txt into ${VENV_DIR}: ${stderr.slice(-2000) || String(error)}`,
        { cause: error },
      );
    }
    writeFileSync(STAMP, wanted);
  });
  return tools;
}

function requirementsHash(): string {
  return createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
}

function stampMatches(hash: string): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;
}

async function findPython(): Promise<string> {
  for (const candidate of [process.env.PYTHON, 'python3'].filter((c): c is string => Boolean(c))) {
    try {
      await run(candidate, ['-c', 'import sys, venv; assert sys.version_info >= (3, 9)']);
      return candidate;
    } catch {
      // try the next candidate
    }
  }
  throw new PythonToolsError(
    'PYTHON_MISSING',
    'python3 (3.9 or newer, with the venv module) is required to run cfn-lint and checkov in the tests. ' +
      'Install it (e.g. `apt-get install python3 python3-venv`) or set PYTHON to its path.',
  );
}

/** mkdir is atomic: the process that creates the lock directory holds the lock. */
async function withLock(body: () => Promise<void>): Promise<void> {
  mkdirSync(join(LOCK, '..'), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale()) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new PythonToolsError('LOCK_TIMEOUT', `Timed out waiting for ${LOCK}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    await body();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function isStale(): boolean {
  try {
    return Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false;
  }
}
