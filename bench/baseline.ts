/**
 * `npm run bench -- --baseline REV`: the engine of another git revision, measured by this bench's
 * own measure.ts. The revision is checked out into a temporary git worktree, this measure.ts (and
 * byte-ids.ts, which it imports) is copied into it (its `../lambdas/engine/...` and
 * `../bin/local-files.js` then import that revision's engine and file listing), and the copy is
 * bundled as the engine rows are. Packages
 * stay external and load from this checkout's node_modules: a revision pinned to other package
 * versions is measured with these (the decoders, for one, are then the same on both sides).
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleEntries } from '../bin/bundle.mjs';

/** A revision's engine, bundled for measure.ts's command line, and how to clean up after it. */
export interface BaselineEngine {
  /** The commit the revision named. */
  readonly commit: string;
  /** The bundled measure.ts of that revision (node <script> engine PATH). */
  readonly script: URL;
  /** Removes the temporary worktree. */
  remove(): Promise<void>;
}

/** This bench's measurement, copied into the revision's tree: measure.ts and what it imports from bench/. */
const MEASURE_FILES = ['measure.ts', 'byte-ids.ts', 'peak-rss.ts'];

const git = (args: string[], cwd: string): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Checks out `rev` into a temporary worktree and bundles this measure.ts against its engine. */
export async function baselineEngine(rev: string): Promise<BaselineEngine> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', `${rev}^{commit}`], root);
  } catch {
    throw new Error(`--baseline: ${rev} is not a commit of this repository`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'shredlock-baseline-'));
  const remove = async () => {
    try {
      git(['worktree', 'remove', '--force', dir], root);
    } catch {
      await rm(dir, { recursive: true, force: true });
      git(['worktree', 'prune'], root);
    }
  };
  try {
    git(['worktree', 'add', '--detach', dir, commit], root);
    await mkdir(join(dir, 'bench'), { recursive: true });
    for (const file of MEASURE_FILES) await copyFile(new URL(`./${file}`, import.meta.url), join(dir, 'bench', file));
    const { measure } = await bundleEntries({ measure: pathToFileURL(join(dir, 'bench', 'measure.ts')) });
    return { commit, script: measure, remove };
  } catch (error) {
    await remove();
    throw new Error(`--baseline: cannot bundle the engine of ${rev} (${(error as Error).message.split('\n')[0]})`);
  }
}
