/**
 * A small seeded pseudo-random generator (mulberry32), so tests, the demo and the benchmark
 * produce the same data for the same seed. Not for anything secret.
 */

/** Seeded PRNG with the helpers the generators need. */
export class Rng {
  private state: number;

  /** A generator seeded with a 32-bit integer or any string (hashed with FNV-1a). */
  constructor(seed: number | string = 1) {
    this.state = typeof seed === 'number' ? seed >>> 0 : fnv1a(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array or string. */
  pick<T>(items: readonly T[]): T;
  pick(items: string): string;
  pick<T>(items: readonly T[] | string): T | string {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)];
  }

  /** `n` random decimal digits (leading zeros allowed). */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  /** A new generator seeded from this one, for an independent stream. */
  fork(): Rng {
    return new Rng(this.int(0, 0xffffffff));
  }
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
