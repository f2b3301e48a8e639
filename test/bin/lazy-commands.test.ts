// bin/shredlock.ts loads only the module of the command it runs: a local scan never loads the AWS
// SDK clients, Powertools or the report renderers of the other commands.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bundleEntries } from '../../bin/bundle.mjs';
import { buildProgram } from '../../bin/shredlock.js';

const ALL = ['scan', 'seal', 'unseal', 'shred', 'keys', 'report', 'certificates', 'check', 'audit', 'evidence'];

describe('buildProgram', () => {
  it.each([
    [['scan', '/tmp/x'], ['scan']],
    [['unseal', '--incident', 'x'], ['seal', 'unseal']],
    [['keys', 'list'], ['keys']],
    [[], ALL],
    [['--help'], ALL],
    [['scna'], ALL],
  ])('for %j registers %j', async (argv, commands) => {
    const program = await buildProgram(argv);
    expect(program.commands.map((c) => c.name())).toEqual(commands);
  });
});

/** The packages a module loads at once: its static imports, following the bundle's own chunks. */
async function eagerPackages(entry: URL): Promise<Set<string>> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = async (file: URL): Promise<void> => {
    if (seen.has(file.href)) return;
    seen.add(file.href);
    const code = await readFile(file, 'utf8');
    for (const [, spec] of code.matchAll(/^import\s(?:[^'"]*?\sfrom\s)?["']([^"']+)["']/gm)) {
      if (spec.startsWith('./')) await visit(new URL(spec, file));
      else packages.add(spec);
    }
  };
  await visit(entry);
  return packages;
}

describe('the bundled CLI', () => {
  it('loads no AWS SDK client and no Powertools for a local scan, and does for the commands that use them', async () => {
    // Prepare: the bundle bin/run.mjs runs
    const { cli } = await bundleEntries({ cli: new URL('../../bin/shredlock.ts', import.meta.url), 'scan-worker': new URL('../../bin/pool/worker.ts', import.meta.url) });
    const code = await readFile(cli, 'utf8');
    const chunkOf = (name: string) => {
      const spec = new RegExp(`import\\(["'](\\./${name}-[A-Z0-9]+\\.mjs)["']\\)`).exec(code)?.[1];
      expect(spec, name).toBeDefined();
      return new URL(spec!, cli);
    };
    // Act
    const start = await eagerPackages(cli);
    const scan = await eagerPackages(chunkOf('scan'));
    const shred = await eagerPackages(chunkOf('shred'));
    // Assess
    const aws = (packages: Set<string>) => [...packages].filter((p) => p.startsWith('@aws-sdk/') || p.startsWith('@aws-lambda-powertools/'));
    expect(aws(start)).toEqual([]);
    expect(aws(scan)).toEqual([]);
    expect(scan.has('cli-progress')).toBe(true);
    expect(aws(shred)).toContain('@aws-sdk/client-kms');
  }, 60_000);
});
