import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyHash, resetPseudonymKey } from '../../lambdas/aws/object-ref.js';

const SECRET = 'a test pseudonym secret of 32+ chars';

afterEach(() => {
  vi.unstubAllEnvs();
  resetPseudonymKey();
});

describe('keyHash (keyed pseudonym)', () => {
  it('is the HMAC-SHA256 under SHREDLOCK_PSEUDONYM_KEY, not a plain hash a dictionary could reverse', () => {
    vi.stubEnv('SHREDLOCK_PSEUDONYM_KEY', SECRET);
    resetPseudonymKey();
    const name = 'customers/Sample Person.csv';
    expect(keyHash(name)).toBe(createHmac('sha256', SECRET).update(name).digest('hex').slice(0, 12));
    expect(keyHash(name)).not.toBe(createHash('sha256').update(name).digest('hex').slice(0, 12));
  });

  it('without the variable, uses a random secret per process: stable within it, different after a reset', () => {
    vi.stubEnv('SHREDLOCK_PSEUDONYM_KEY', '');
    resetPseudonymKey();
    const first = keyHash('a');
    expect(keyHash('a')).toBe(first);
    resetPseudonymKey();
    expect(keyHash('a')).not.toBe(first);
  });

  it('refuses a secret shorter than 32 characters', () => {
    vi.stubEnv('SHREDLOCK_PSEUDONYM_KEY', 'short');
    resetPseudonymKey();
    expect(() => keyHash('a')).toThrow(/at least 32 characters/);
  });
});
