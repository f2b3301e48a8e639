import { describe, expect, it } from 'vitest';
import { isTwIdValid, twIdCheckDigit } from '../../../lambdas/engine/checksums/twid.js';

describe('twIdCheckDigit', () => {
  it.each([
    ['A12345678', '9'], // the common example A123456789
    ['F13125268', '3'],
    ['A80000001', '4'], // a 2021 residents' certificate
    ['I12345678', '1'], // I counts 34, not 18
  ])('%s -> %s', (body, check) => {
    expect(twIdCheckDigit(body)).toBe(check);
  });

  it.each(['A1234567', 'A123456789', '112345678', 'a12345678'])('throws on a body that is not a capital and 8 digits: %s', (body) => {
    expect(() => twIdCheckDigit(body)).toThrow(RangeError);
  });
});

describe('isTwIdValid', () => {
  it.each([
    ['A123456789', true],
    ['F131252683', true],
    ['A800000014', true], // residents' certificate (8)
    ['I123456781', true],
    ['I123456787', false], // the digit an I read as 18 would give
    ['A123456788', false], // check digit off by one
    ['A323456789', false], // 3: neither citizen (1, 2) nor resident (8, 9)
    ['A023456789', false],
    ['B123456789', false], // another letter, same digits
    ['a123456789', false], // lower case
    ['A12345678', false], // 9 characters
    ['A1234567890', false], // 11 characters
    ['AB23456789', false], // the old resident format (two letters) is not this check
  ])('%s -> %s', (value, valid) => {
    expect(isTwIdValid(value)).toBe(valid);
  });
});
