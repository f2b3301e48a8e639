import { describe, expect, it } from 'vitest';
import { isLuhnValid, luhnCheckDigit } from '../../../lambdas/engine/checksums/luhn.js';

describe('luhnCheckDigit', () => {
  it.each([
    ['7992739871', '3'],
    ['411111111111111', '1'],
    ['622202123456789', '4'],
    ['555555555555444', '4'],
    ['0', '0'],
  ])('%s -> %s', (body, check) => {
    expect(luhnCheckDigit(body)).toBe(check);
  });

  it.each(['', '4111 1111', '41x1'])('throws on a body that is not digits: %j', (body) => {
    expect(() => luhnCheckDigit(body)).toThrow(RangeError);
  });
});

describe('isLuhnValid', () => {
  it.each([
    ['79927398713', true],
    ['4111111111111111', true],
    ['5555555555554444', true],
    ['6217009876543210122', true],
    ['378282246310005', true],
    ['00', true],
    ['79927398710', false],
    ['4111111111111112', false],
    ['6217009876543210121', false],
    ['4111 1111 1111 1111', false], // separators are the matcher's business
    ['0', false],
    ['', false],
  ])('%s -> %s', (value, valid) => {
    expect(isLuhnValid(value)).toBe(valid);
  });
});
