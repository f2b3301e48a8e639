import { describe, expect, it } from 'vitest';
import { ScannerConfigError } from '../../lambdas/scanner/errors.js';
import { DEFAULT_RANGE_BYTES, rangeBytesFromEnv } from '../../lambdas/scanner/config.js';

describe('rangeBytesFromEnv', () => {
  it.each([
    [{}, DEFAULT_RANGE_BYTES],
    [{ SHREDLOCK_RANGE_BYTES: '' }, DEFAULT_RANGE_BYTES],
    [{ SHREDLOCK_RANGE_BYTES: '1073741824' }, 1024 ** 3],
  ])('reads %j as %d bytes', (env, bytes) => {
    expect(rangeBytesFromEnv(env)).toBe(bytes);
  });

  it.each([['1000', /at least 1048576/], ['two', /SHREDLOCK_RANGE_BYTES="two"/], ['1500000.5', /whole number/]])(
    'refuses %s, naming the variable',
    (value, message) => {
      expect(() => rangeBytesFromEnv({ SHREDLOCK_RANGE_BYTES: value })).toThrow(ScannerConfigError);
      try {
        rangeBytesFromEnv({ SHREDLOCK_RANGE_BYTES: value });
      } catch (error) {
        expect((error as ScannerConfigError).issues.join('\n')).toMatch(message);
      }
    },
  );
});
