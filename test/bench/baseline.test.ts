// bench/baseline.ts: another revision's engine, measured by this bench's measure.ts.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineEngine } from '../../bench/baseline.js';
import { CSV_HEADER, csvRow } from '../../bench/datasets.js';
import { Rng } from '../../synthetic/random.js';

let dir: string;
let csv: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baseline-test-'));
  csv = join(dir, 'customers.csv');
  const rng = new Rng('baseline-test');
  await writeFile(csv, [CSV_HEADER, ...Array.from({ length: 200 }, (_, i) => csvRow(rng, i))].join(''));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const measure = (script: string) =>
  JSON.parse(execFileSync(process.execPath, [script, 'engine', csv], { encoding: 'utf8' }).trim()) as { findings: number; cpuSeconds: number };

describe('baselineEngine', () => {
  it('bundles a revision (here HEAD) against its own engine, runs it, and removes its worktree', async () => {
    const baseline = await baselineEngine('HEAD');
    const worktree = execFileSync('git', ['worktree', 'list', '--porcelain'], { encoding: 'utf8' });
    const added = worktree.split('\n').filter((l) => l.startsWith('worktree ') && l.includes('shredlock-baseline-'));
    expect(added).toHaveLength(1);
    try {
      expect(baseline.commit).toBe(execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim());
      const run = measure(fileURLToPath(baseline.script));
      expect(run.findings).toBeGreaterThan(200);
      expect(run.cpuSeconds).toBeGreaterThan(0);
    } finally {
      await baseline.remove();
    }
    expect(existsSync(added[0].slice('worktree '.length))).toBe(false);
  }, 60_000);

  it('refuses a revision that is not a commit, with the option named', async () => {
    await expect(baselineEngine('no-such-revision-anywhere')).rejects.toThrow(/--baseline: no-such-revision-anywhere is not a commit/);
  });
});
