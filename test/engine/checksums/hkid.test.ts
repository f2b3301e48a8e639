import { describe, expect, it } from 'vitest';
import { hkIdCheckChar, isHkIdValid } from '../../../lambdas/engine/checksums/hkid.js';

describe('hkIdCheckChar', () => {
  it.each([
    ['A123456', '3'], // the Immigration Department's example
    ['G123456', 'A'], // 10 is written A
    ['C668668', '9'],
    ['AB987654', '3'], // two letters: no 36 for a missing one
  ])('%s -> %s', (body, check) => {
    expect(hkIdCheckChar(body)).toBe(check);
  });

  it.each(['A12345', 'A1234567', 'ABC123456', '1123456', 'a123456', 'A12345X'])('throws on a body that is not 1-2 capitals and 6 digits: %s', (body) => {
    expect(() => hkIdCheckChar(body)).toThrow(RangeError);
  });
});

describe('isHkIdValid', () => {
  it.each([
    ['A123456(3)', true],
    ['A1234563', true],
    ['G123456(A)', true],
    ['G123456A', true],
    ['AB987654(3)', true],
    ['A123456(4)', false], // wrong check digit
    ['A123456(A)', false], // A where the check is 3
    ['G123456(0)', false], // 0 where the check is A (10, not 0)
    ['G123456(a)', false], // lower-case a
    ['a123456(3)', false], // lower-case letter
    ['A123456(3', false], // unbalanced
    ['A1234563)', false],
    ['A12345(3)', false], // five digits
    ['ABC123456(3)', false], // three letters
    ['', false],
  ])('%s -> %s', (value, valid) => {
    expect(isHkIdValid(value)).toBe(valid);
  });
});
