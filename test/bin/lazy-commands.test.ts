// bin/shredlock.ts loads only the module of the command it runs: a local scan never loads the AWS
// SDK clients, Powertools or the report renderers of the other commands.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bundleEntries } from '../../bin/bundle.mjs';
import { buildProgram } from '../../bin/shredlock.js';
import { eagerImports } from '../support/bundle-imports.js';

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
    const { packages: start } = await eagerImports(cli);
    const { packages: scan } = await eagerImports(chunkOf('scan'));
    const { packages: shred } = await eagerImports(chunkOf('shred'));
    // Assess
    const aws = (packages: Set<string>) => [...packages].filter((p) => p.startsWith('@aws-sdk/') || p.startsWith('@aws-lambda-powertools/'));
    expect(aws(start)).toEqual([]);
    expect(aws(scan)).toEqual([]);
    expect(scan.has('cli-progress')).toBe(true);
    expect(aws(shred)).toContain('@aws-sdk/client-kms');
  }, 60_000);

  it('starts a scan worker, and the scan command, without the policy schema or the archive and compression readers', async () => {
    // Prepare: the bundles bin/run.mjs runs
    const urls = await bundleEntries({ cli: new URL('../../bin/shredlock.ts', import.meta.url), 'scan-worker': new URL('../../bin/pool/worker.ts', import.meta.url) });
    const code = await readFile(urls.cli, 'utf8');
    const scanChunk = new URL(/import\(["'](\.\/scan-[A-Z0-9]+\.mjs)["']\)/.exec(code)![1], urls.cli);
    // Act
    const { packages: worker } = await eagerImports(urls['scan-worker']);
    const { packages: start } = await eagerImports(urls.cli);
    const { packages: scan } = await eagerImports(scanChunk);
    // Assess: these load when a policy file or an object of their format turns up
    const late = ['zod', 'yauzl', 'tar-stream', 'fzstd', 'xz-decompress', 'unbzip2-stream'];
    for (const packages of [worker, start, scan]) expect([...packages].filter((p) => late.some((l) => p === l || p.startsWith(`${l}/`)))).toEqual([]);
    expect(worker.has('iconv-lite')).toBe(true);
  }, 60_000);
});
