// The V8 flags that only work on node's command line (contract/v8-flags.mjs COMMAND_LINE_V8_FLAGS) are
// written in three places a user starts the CLI from: bin/run.mjs's shebang (the `shredlock` bin),
// bin/shredlock.ts's shebang (the sources under tsx) and package.json's `shredlock` script.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COMMAND_LINE_V8_FLAGS } from '../../contract/v8-flags.mjs';

/** The flags (words starting with --) of a command line. */
function flagsOf(command: string): string[] {
  return command.split(/\s+/).filter((word) => word.startsWith('--'));
}

async function shebang(path: string): Promise<string> {
  const first = (await readFile(path, 'utf8')).split('\n')[0];
  expect(first.startsWith('#!/usr/bin/env -S ')).toBe(true);
  return first;
}

describe('command-line V8 flags', () => {
  it('the shredlock bin runs node with exactly them', async () => {
    expect(flagsOf(await shebang('bin/run.mjs'))).toEqual(COMMAND_LINE_V8_FLAGS);
  });

  it('the sources under tsx run with exactly them', async () => {
    expect(flagsOf(await shebang('bin/shredlock.ts'))).toEqual(COMMAND_LINE_V8_FLAGS);
  });

  it('npm run shredlock runs node with exactly them', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.shredlock).toMatch(/^node .* bin\/run\.mjs$/);
    expect(flagsOf(pkg.scripts.shredlock)).toEqual(COMMAND_LINE_V8_FLAGS);
  });

  it('includes single-threaded garbage collection, the small young generation and the exposed collector', () => {
    expect(COMMAND_LINE_V8_FLAGS).toEqual(expect.arrayContaining(['--single-threaded-gc', '--max-semi-space-size=4', '--expose-gc']));
  });
});
