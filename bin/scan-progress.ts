/** The progress bar of `shredlock scan` over local files: one bar over the bytes of all files. */
import type { SingleBar } from 'cli-progress';
import type { ObjectReport } from '../lambdas/engine/index.js';

const MiB = 1024 ** 2;

/** What scanPaths tells as it goes (the progress bar). */
export interface ScanPathsHooks {
  /** Once, when the files are listed. */
  readonly onStart?: (total: { objects: number; bytes: number }) => void;
  /** Bytes read from file `index` (in listing order), as they are read. */
  readonly onRead?: (bytes: number, index: number) => void;
  /** Each file when it is done, in the order files finish. */
  readonly onObject?: (report: ObjectReport, index: number) => void;
}

/**
 * Hooks that drive `bar` from bytes as the workers read them. When a file is done its bytes are
 * topped up to its size: a zip is read by seeking, not streamed, and a reader may stop early.
 */
export function progressHooks(bar: SingleBar | undefined): ScanPathsHooks {
  if (!bar) return {};
  const read = new Map<number, number>();
  let bytes = 0;
  let done = 0;
  let objects = 0;
  const show = () => bar.update(bytes, { objects: `${done}/${objects}`, mb: (bytes / MiB).toFixed(1) });
  return {
    onStart: (total) => {
      objects = total.objects;
      bar.start(Math.max(total.bytes, 1), 0, { objects: `0/${objects}`, mb: '0' });
    },
    onRead: (n, index) => {
      read.set(index, (read.get(index) ?? 0) + n);
      bytes += n;
      show();
    },
    onObject: (report, index) => {
      bytes += Math.max(0, report.size - (read.get(index) ?? 0));
      read.delete(index);
      done++;
      show();
    },
  };
}
