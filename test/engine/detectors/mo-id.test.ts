import { describe, expect, it } from 'vitest';
import { moIdDetector } from '../../../lambdas/engine/detectors/mo-id.js';
import { findType, onlyFinding } from './find.js';

const detector = moIdDetector.id;

describe('mo_id detector', () => {
  it.each([
    ['1234567(8)', 'printed'],
    ['5215299(8)', 'printed'],
    ['7654321(0)', 'printed'],
    ['1/234567/8', 'printed'],
    ['证件 1234567（8） 已登记', 'printed'],
  ])('finds %j without context', (text, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'mo_id', detector, pattern, basis: 'pattern' });
  });

  it.each([['澳门身份证：12345678'], ['Macau ID 52152998']])('finds the run-together form %j with context', (text) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'mo_id', pattern: 'plain', basis: 'context' });
  });

  it.each([
    ['12345678', 'run together, no context'],
    ['2234567(8)', 'first digit not 1, 5 or 7'],
    ['123456(8)', 'six digits'],
    ['12345678(9)', 'eight digits'],
    ['1234567(89)', 'two check digits'],
    ['A1234567(8)', 'glued to a letter'],
    ['1/234567/8/9', 'a longer slash run'],
    ['澳门身份证：22345678', 'context, wrong first digit'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'mo_id')).toEqual([]);
  });

  it('masks all but the first digit and the check digit', () => {
    expect(onlyFinding('1234567(8)').masked).toBe('1******(8)');
  });
});
