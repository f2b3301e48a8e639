// bench/targets.ts: issue 12's targets against one run's figures.
import { describe, expect, it } from 'vitest';
import { targetLines, type Measured } from '../../bench/targets.js';

const run: Measured = { csvMiBps: 43.3, csvBytePassMiBps: 674.2, jobs: 2, folderSpeedup: 1.58, oneWorkerPeakMiB: 124, workersPeakMiB: 191 };

describe('targetLines', () => {
  it('says which targets a run met, with its figures', () => {
    expect(targetLines(run)).toEqual([
      'engine on the CSV >= 238.4 MiB/s (250 MB/s) and within 2.5x of the byte pass: 43.3 MiB/s, 15.6x: NOT MET',
      '--jobs 2 >= 1.8x --jobs 1 on the 20 files: 1.58x: NOT MET',
      'peak RSS of one worker < 143 MiB (150 MB): 124 MiB: met',
      'peak RSS with --jobs 2 < 238 MiB (150 MB + 100 MB per extra worker): 191 MiB: met',
    ]);
  });

  it('needs both the speed and the ratio for the engine, and holds each limit strictly', () => {
    const fast = { ...run, csvMiBps: 240, csvBytePassMiBps: 700 };
    expect(targetLines(fast)[0]).toMatch(/2\.9x: NOT MET$/);
    expect(targetLines({ ...fast, csvBytePassMiBps: 590 })[0]).toMatch(/: met$/);
    expect(targetLines({ ...run, folderSpeedup: 1.8 })[1]).toMatch(/: met$/);
    // The separate processes' figure is told beside it, and does not decide.
    expect(targetLines({ ...run, separateSpeedup: 1.81 })[1]).toBe('--jobs 2 >= 1.8x --jobs 1 on the 20 files: 1.58x (2 separate processes, whole lives: 1.81x): NOT MET');
    expect(targetLines({ ...run, oneWorkerPeakMiB: 143.1 })[2]).toMatch(/NOT MET$/);
    expect(targetLines({ ...run, jobs: 4, workersPeakMiB: 400 })[3]).toBe('peak RSS with --jobs 4 < 429 MiB (150 MB + 100 MB per extra worker): 400 MiB: met');
  });
});
