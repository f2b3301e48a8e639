/**
 * The machine's steadiness during a bench run: a fixed loop of integer arithmetic, in a fresh
 * process, timed at the bench's start and at its end. On a shared machine another tenant's load
 * slows some runs and not others; a spread over STEADY_SPREAD says that the run's figures are
 * comparable with each other, not with another run's.
 */
import { execFileSync } from 'node:child_process';

/** The loop: about half a second of one core, nothing to optimize away. */
const STEADY_LOOP = 'let s = 0; for (let i = 0; i < 3e8; i++) s = (s + i) | 0; if (s === 1) console.log(s);';
/** Largest spread (slowest over fastest, less one) of a steady machine. */
export const STEADY_SPREAD = 0.1;

/** Seconds of `times` runs of the loop, each in a fresh process. */
export function probeSteadiness(times: number): number[] {
  const seconds: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, ['-e', STEADY_LOOP]);
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return seconds;
}

/** The bench's line on the loop's `seconds`: their range and spread, and whether the machine held still. */
export function steadinessLine(seconds: readonly number[]): string {
  if (seconds.length < 2) throw new RangeError('steadiness needs two runs or more');
  const fastest = Math.min(...seconds);
  const slowest = Math.max(...seconds);
  const spread = slowest / fastest - 1;
  const verdict =
    spread > STEADY_SPREAD
      ? `UNSTEADY (over ${Math.round(100 * STEADY_SPREAD)}%): the machine's speed changed during the run; compare these figures with each other, not with another run's (for a before and after, --baseline REV alternates them)`
      : 'steady';
  return `steadiness: a fixed loop took ${fastest.toFixed(2)}-${slowest.toFixed(2)} s in ${seconds.length} fresh processes at the start and the end (spread ${Math.round(100 * spread)}%): ${verdict}`;
}
