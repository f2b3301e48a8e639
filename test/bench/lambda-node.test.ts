// bench/lambda-node.ts: the bench's engine rows start node as the scanner Lambda does, through its
// wrapper script, and measure.ts then takes its mode and path from the environment.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntries } from '../../bin/bundle.mjs';
import { SCAN_V8_FLAGS } from '../../contract/v8-flags.mjs';
import { CSV_HEADER, csvRow } from '../../bench/datasets.js';
import { LAMBDA_NODE_FLAGS, runAsLambda, writeLambdaWrapper } from '../../bench/lambda-node.js';
import { Rng } from '../../synthetic/random.js';

let dir: string;
let csv: string;
let wrapper: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lambda-node-test-'));
  csv = join(dir, 'customers.csv');
  const rng = new Rng('lambda-node-test');
  await writeFile(csv, [CSV_HEADER, ...Array.from({ length: 200 }, (_, i) => csvRow(rng, i))].join(''));
  wrapper = await writeLambdaWrapper(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('runAsLambda', () => {
  it("starts a script with the runtime's flags, then the wrapper's, and the script last", async () => {
    const script = join(dir, 'argv.mjs');
    await writeFile(script, 'process.stdout.write(JSON.stringify({ argv: process.execArgv, env: process.env.PROBE }))');
    const out = JSON.parse(runAsLambda(wrapper, new URL(`file://${script}`), { PROBE: 'given' }, ['--stack-trace-limit=20'])) as { argv: string[]; env: string };
    expect(out.argv).toEqual([...LAMBDA_NODE_FLAGS, '--stack-trace-limit=20', ...SCAN_V8_FLAGS]);
    expect(out.env).toBe('given');
  });

  it("runs the bench's measurement with its mode and path from the environment", async () => {
    const { measure } = await bundleEntries({ measure: new URL('../../bench/measure.ts', import.meta.url) });
    const run = JSON.parse(runAsLambda(wrapper, measure, { SHREDLOCK_BENCH_MODE: 'engine', SHREDLOCK_BENCH_PATH: csv }).trim()) as {
      mode: string;
      files: number;
      findings: number;
      outcomes: string[];
    };
    // The hostile set's table gives each file's level, or its error's code.
    expect(run).toMatchObject({ mode: 'engine', files: 1, outcomes: ['confidential'] });
    expect(run.findings).toBeGreaterThan(200);
  }, 60_000);
});
