import { describe, expect, it } from 'vitest';
import { addMonths, epochContaining, epochEnd, epochStart, isEpoch } from '../../lambdas/vault/epoch.js';

describe('epochs', () => {
  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2027-01', -1, '2026-12'],
    ['2026-11', 14, '2028-01'],
  ])('%s + %i months = %s', (epoch, months, expected) => {
    expect(addMonths(epoch, months)).toBe(expected);
  });

  it.each([
    // now, first epoch, months per epoch, epoch containing now
    ['2026-11-27T08:00:00Z', '2026-11', 1, '2026-11'],
    ['2026-12-31T23:59:59Z', '2026-11', 1, '2026-12'],
    ['2027-01-01T00:00:00Z', '2026-11', 3, '2026-11'],
    ['2027-02-01T00:00:00Z', '2026-11', 3, '2027-02'],
    ['2027-12-15T00:00:00Z', '2026-11', 12, '2027-11'],
    ['2026-10-15T00:00:00Z', '2026-11', 3, '2026-08'],
  ])('at %s with epochs from %s of %i months: %s', (now, first, months, expected) => {
    expect(epochContaining(new Date(now), first, months)).toBe(expected);
  });

  it('gives the UTC window of an epoch', () => {
    expect(epochStart('2026-11').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(epochEnd('2026-11', 3).toISOString()).toBe('2027-02-01T00:00:00.000Z');
  });

  it.each([
    ['2026-11', true],
    ['2026-00', false],
    ['2026-13', false],
    ['26-11', false],
    ['2026-11-01', false],
  ])('isEpoch(%s) = %s', (value, expected) => {
    expect(isEpoch(value)).toBe(expected);
  });
});
