// bin/run.mjs, the `shredlock` command: runs the CLI from an esbuild bundle with plain node, and its
// scan workers from the bundle's sibling, with the exit codes of the sources.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../lambdas/engine/report.js';
import { writeExports } from '../../synthetic/exports.js';
import { runCli } from '../support/cli.js';

const run = promisify(execFile);
const dir = join('test', '.out', 'launcher');

/** Runs `node bin/run.mjs <args>`; resolves with the exit code and output whatever the code. */
async function shredlock(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/run.mjs', ...args], { maxBuffer: 64 << 20 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

const stable = ({ startedAt: _s, finishedAt: _f, ...rest }: ScanReport) => rest;

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await writeExports(dir, 6);
});

describe('bin/run.mjs', () => {
  it('prints the same JSON scan report with --jobs 2 as the sources do in process', async () => {
    const bundled = await shredlock(['scan', dir, '--format', 'json', '--jobs', '2']);
    const sources = await runCli(['scan', dir, '--format', 'json', '--jobs', '1']);
    expect(bundled.err).toBe('');
    expect(bundled.code).toBe(sources.code);
    expect(stable(JSON.parse(bundled.out) as ScanReport)).toEqual(stable(JSON.parse(sources.out) as ScanReport));
  });

  it('exits 2 with a one-line message on a usage error, as the sources do', async () => {
    const { code, out, err } = await shredlock(['scan', join(dir, 'no-such-file')]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^shredlock: cannot read .*no-such-file: no such file or folder\n$/);
  });
});
