/**
 * When each vault key could have been the bucket's default, from the epoch ledger: the windows
 * that the inventory method attributes versions by (see the table in inventory-evidence.ts).
 */
import { keyIdOf } from '../vault/epoch-keys.js';
import type { LedgerEntry } from '../vault/ledger.js';

/** The time window of one ledger entry (epoch milliseconds; `end` Infinity when open). */
export interface KeyWindow {
  readonly keyId: string;
  readonly epoch: string;
  readonly start: number;
  readonly end: number;
}

/** The windows of the ledger's keys, oldest first (see inventory-evidence.ts). */
export function keyWindows(ledger: readonly LedgerEntry[], marginMs: number): KeyWindow[] {
  const entries = [...ledger].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  return entries.map((e, i) => {
    const next = entries[i + 1];
    const activated = next?.activatedAt ? Date.parse(next.activatedAt) : undefined;
    return {
      keyId: keyIdOf(e.keyId),
      epoch: e.epoch,
      start: Date.parse(e.from) - (i === 0 ? 0 : marginMs),
      end: activated === undefined ? Number.POSITIVE_INFINITY : activated + marginMs,
    };
  });
}

/** A stretch of time and the windows (indexes) that contain it. */
export interface Segment {
  readonly start: number;
  readonly windows: readonly number[];
}

/** The stretches of time between window bounds, each with the windows that contain it. */
export function segmentsOf(windows: readonly KeyWindow[]): Segment[] {
  const points = [...new Set(windows.flatMap((w) => [w.start, w.end]).filter(Number.isFinite))].sort((a, b) => a - b);
  return points.map((start) => ({
    start,
    windows: windows.flatMap((w, i) => (w.start <= start && start < w.end ? [i] : [])),
  }));
}

/** Indexes of the windows that contain time `t` (binary search over `segments`). */
export function windowsAt(segments: readonly Segment[], t: number): readonly number[] {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((segments[mid] as Segment).start <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? [] : (segments[found] as Segment).windows;
}
