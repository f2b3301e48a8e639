// bench/jobs.ts: where the time of --jobs N goes on the 20 files.
import { describe, expect, it } from 'vitest';
import { jobsCeiling, jobsLines, separateLine, sharesOf, type EngineStart, type JobsRun } from '../../bench/jobs.js';

const one: JobsRun = { seconds: 3.77, cpuSeconds: 4.04 };
const two: JobsRun = { seconds: 2.37, cpuSeconds: 4.54 };
const start: EngineStart = { loadCpuSeconds: 0.13, firstFileCpuSeconds: 0.44, laterFileCpuSeconds: 0.17 };

describe('jobsCeiling', () => {
  it("shares --jobs 1's CPU time and a start per extra worker over the cores", () => {
    // (4.04 + 0.40) / 2 = 2.22 s at best, against 3.77 s.
    expect(jobsCeiling(one, start, 2)).toBeCloseTo(3.77 / 2.22, 3);
    expect(jobsCeiling(one, start, 4)).toBeCloseTo(3.77 / ((4.04 + 3 * 0.4) / 4), 3);
  });

  it('is N when nothing costs more than --jobs 1 and it kept one core busy', () => {
    const free: EngineStart = { loadCpuSeconds: 0, firstFileCpuSeconds: 0.17, laterFileCpuSeconds: 0.17 };
    expect(jobsCeiling({ seconds: 4, cpuSeconds: 4 }, free, 2)).toBe(2);
    // Less CPU than wall time (waiting on the disk) cannot make it more than N.
    expect(jobsCeiling({ seconds: 4, cpuSeconds: 2 }, free, 2)).toBe(2);
  });
});

describe('jobsLines', () => {
  it('prints the CPU time of both runs, the start of one engine and the ceiling', () => {
    expect(jobsLines(one, two, start, 2)).toEqual([
      '--jobs 1 used 4.04 CPU-s in 3.77 s (1.07 cores busy); --jobs 2 4.54 CPU-s in 2.37 s (1.92 of 2), 12% more CPU',
      "one engine's start: 0.13 CPU-s loading, and a first file of 0.44 CPU-s against 0.17 for a later one (V8 compiling the hot code): 0.40 CPU-s that every worker pays again",
      "so --jobs 2 can be at most 1.70x faster here: --jobs 1's CPU time and a start per extra worker, over 2 cores",
    ]);
  });
});

describe('sharesOf', () => {
  it('deals the files out in turn, in name order', () => {
    expect(sharesOf(['c', 'a', 'e', 'b', 'd'], 2)).toEqual([
      ['a', 'c', 'e'],
      ['b', 'd'],
    ]);
  });

  it('makes no empty share when there are fewer files than parts', () => {
    expect(sharesOf(['a'], 2)).toEqual([['a']]);
  });
});

describe('separateLine', () => {
  it('takes the slowest process, against one process on all the files and against --jobs N', () => {
    expect(separateLine(4.38, 2.8, [2.6, 2.68], 2)).toBe(
      "whole lives (node's start to the report): --jobs 1 4.38 s, --jobs 2 2.80 s (1.56x); " +
        '2 separate --jobs 1 processes at once, each on a share of the files, 2.68 s at the slowest (2.60, 2.68; 1.63x): ' +
        'what this machine gives 2 engines that share nothing',
    );
  });
});
