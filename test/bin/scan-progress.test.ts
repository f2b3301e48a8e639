// The scan progress bar counts bytes as workers read them and ends at the total.
import type { SingleBar } from 'cli-progress';
import { describe, expect, it } from 'vitest';
import type { ObjectReport } from '../../lambdas/engine/scan.js';
import { progressHooks } from '../../bin/scan-progress.js';

/** A bar that records what it was told. */
function recordingBar() {
  const calls: { total?: number; value: number; objects: unknown }[] = [];
  const bar = {
    start: (total: number, value: number, payload: { objects: unknown }) => calls.push({ total, value, objects: payload.objects }),
    update: (value: number, payload: { objects: unknown }) => calls.push({ value, objects: payload.objects }),
  } as unknown as SingleBar;
  return { bar, calls };
}

const done = (size: number) => ({ size }) as ObjectReport;

describe('progressHooks', () => {
  it('moves with the bytes read and tops each file up to its size when it is done', () => {
    // Prepare
    const { bar, calls } = recordingBar();
    const hooks = progressHooks(bar);
    // Act: file 0 is streamed in part (a reader stopped early), file 1 is a zip read by seeking
    hooks.onStart?.({ objects: 2, bytes: 100 });
    hooks.onRead?.(30, 0);
    hooks.onRead?.(10, 0);
    hooks.onObject?.(done(60), 0);
    hooks.onObject?.(done(40), 1);
    // Assess
    expect(calls.map((c) => c.value)).toEqual([0, 30, 40, 60, 100]);
    expect(calls[0]).toMatchObject({ total: 100, objects: '0/2' });
    expect(calls.at(-1)).toMatchObject({ objects: '2/2' });
  });

  it('does nothing without a bar', () => {
    expect(progressHooks(undefined)).toEqual({});
  });
});
