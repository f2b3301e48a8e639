import { describe, expect, it } from 'vitest';
import { Rng } from '../../synthetic/random.js';

const draw = (rng: Rng): number[] => Array.from({ length: 50 }, () => rng.int(0, 1_000_000));

describe('Rng', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    expect(draw(new Rng(7))).toEqual(draw(new Rng(7)));
    expect(draw(new Rng('demo'))).toEqual(draw(new Rng('demo')));
    expect(draw(new Rng(7))).not.toEqual(draw(new Rng(8)));
    expect(draw(new Rng('demo'))).not.toEqual(draw(new Rng('bench')));
  });

  it('keeps int() within both bounds and reaches each of them', () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('keeps next() in [0, 1)', () => {
    const rng = new Rng(2);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('picks from arrays and strings, and refuses an empty list', () => {
    const rng = new Rng(3);
    expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
    expect('xyz').toContain(rng.pick('xyz'));
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('draws digit strings of the asked length', () => {
    expect(new Rng(4).digits(12)).toMatch(/^\d{12}$/);
  });

  it('forks an independent but reproducible stream', () => {
    const a = new Rng(5).fork();
    const b = new Rng(5).fork();
    expect(draw(a)).toEqual(draw(b));
  });
});
