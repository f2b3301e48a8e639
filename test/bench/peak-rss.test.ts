// bench/peak-rss.ts: a measurement's own peak RSS, whatever the size of the process that started it.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { peakRssMiB } from '../../bench/peak-rss.js';

/** A child node process's peak RSS by peakRssMiB and by process.resourceUsage().maxRSS, MiB. */
function childPeaks(): { own: number; maxRss: number } {
  const script = `import('${new URL('../../bench/peak-rss.ts', import.meta.url).href}').then((m) => process.stdout.write(JSON.stringify({ own: m.peakRssMiB(), maxRss: process.resourceUsage().maxRSS / 1024 })))`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' })) as { own: number; maxRss: number };
}

describe('peakRssMiB', () => {
  it('is at least what this process holds now', () => {
    expect(peakRssMiB()).toBeGreaterThanOrEqual(process.memoryUsage().rss / 2 ** 20 - 1);
  });

  it("reads a child's own peak, not the peak of the process that started it", () => {
    const ballast = Buffer.alloc(400 * 2 ** 20, 1);
    const { own, maxRss } = childPeaks();
    ballast[0] = 2;
    // maxRSS carries the parent's 400 MiB and more over; the child's own peak is node and tsx.
    expect(maxRss).toBeGreaterThan(400);
    expect(own).toBeLessThan(200);
    expect(own).toBeGreaterThan(10);
  }, 60_000);
});
