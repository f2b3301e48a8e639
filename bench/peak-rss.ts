/**
 * This process's peak RSS, in MiB, for the bench's measurements.
 *
 * On Linux it is the high-water mark of the process's own memory (`VmHWM` of /proc/self/status).
 * `process.resourceUsage().maxRSS` is no measure for a process that a larger one started: Linux
 * folds the parent's peak into the child's at `exec`. A child using 39 MiB, started by a parent of
 * 342 MiB, read 304 MiB there (VmHWM: 39). The bench's own process holds tens of MiB, so a
 * measurement it starts would read at least that. Elsewhere (no /proc), maxRSS.
 */
import { readFileSync } from 'node:fs';

export function peakRssMiB(): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kib !== undefined) return Number(kib) / 1024;
  } catch {
    // No /proc: not Linux.
  }
  return process.resourceUsage().maxRSS / 1024;
}
