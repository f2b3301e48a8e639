import { describe, expect, it } from 'vitest';
import {
  gb11714CheckChar,
  gb32100CheckChar,
  isGb11714Valid,
  isGb32100Valid,
} from '../../../lambdas/engine/checksums/gb32100.js';

describe('gb32100CheckChar', () => {
  it.each([
    ['91350100M000100Y4', '3'], // the standard's example
    ['91110000802100433', 'B'],
    ['91440300MA5F12342', 'Q'],
    // Weighted sum a multiple of 31: the check index wraps to 0 instead of running past the charset.
    ['91440300MA5F00130', '0'],
  ])('%s -> %s', (body, check) => {
    expect(gb32100CheckChar(body)).toBe(check);
  });

  it.each(['91350100M000100Y', '91350100I000100Y4', '91350100m000100Y4'])('throws on a bad body: %s', (body) => {
    expect(() => gb32100CheckChar(body)).toThrow(RangeError);
  });
});

describe('gb11714CheckChar', () => {
  it.each([
    ['D2143569', 'X'], // the standard's example: 10 -> X
    ['M000100Y', '4'],
    ['80210043', '3'],
    ['MA5F0013', '0'],
  ])('%s -> %s', (body, check) => {
    expect(gb11714CheckChar(body)).toBe(check);
  });

  it('maps 11 to 0', () => {
    // 11 - sum % 11 is 11 when the sum is a multiple of 11: '00000000' sums to 0.
    expect(gb11714CheckChar('00000000')).toBe('0');
  });

  it.each(['D214356', 'd2143569', 'D214356-'])('throws on a bad body: %s', (body) => {
    expect(() => gb11714CheckChar(body)).toThrow(RangeError);
  });
});

describe('isGb11714Valid', () => {
  it.each([
    ['D2143569X', true],
    ['M000100Y4', true],
    ['D21435691', false],
    ['D2143569x', false],
    ['D2143569', false],
  ])('%s -> %s', (value, valid) => {
    expect(isGb11714Valid(value)).toBe(valid);
  });
});

describe('isGb32100Valid', () => {
  it.each([
    ['91350100M000100Y43', true],
    ['91110000802100433B', true],
    ['91440300MA5F001300', true], // check character 0 by the wrap
    ['91350100M000100Y44', false], // mod 31 check wrong
    ['91440300MA5F12341M', false], // mod 31 right, embedded organization-code check wrong
    ['91350100m000100y43', false], // lower case
    ['91350100M000100Y4', false],
    ['91350100M000100Y433', false],
    ['9135010OM000100Y43', false], // O is not in the charset
  ])('%s -> %s', (value, valid) => {
    expect(isGb32100Valid(value)).toBe(valid);
  });
});
