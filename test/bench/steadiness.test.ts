import { describe, expect, it } from 'vitest';
import { STEADY_SPREAD, steadinessLine } from '../../bench/steadiness.js';

describe('the bench steadiness line', () => {
  it('calls a run steady when the slowest loop is within STEADY_SPREAD of the fastest', () => {
    expect(steadinessLine([1.0, 1.05, 1.02, 1.0])).toBe('steadiness: a fixed loop took 1.00-1.05 s in 4 fresh processes at the start and the end (spread 5%): steady');
  });

  it('calls a run unsteady past STEADY_SPREAD, and says what its figures can be compared with', () => {
    const line = steadinessLine([2.8, 3.66, 3.1]);
    expect(line).toMatch(/^steadiness: a fixed loop took 2\.80-3\.66 s in 3 fresh processes .*\(spread 31%\): UNSTEADY \(over 10%\)/);
    expect(line).toContain('--baseline REV');
    expect(steadinessLine([1, 1 + STEADY_SPREAD + 0.01])).toContain('UNSTEADY');
  });

  it('needs two runs to measure a spread', () => {
    expect(() => steadinessLine([1])).toThrow(RangeError);
  });
});
