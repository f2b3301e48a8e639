import { describe, expect, it } from 'vitest';
import { twIdDetector } from '../../../lambdas/engine/detectors/tw-id.js';
import { findType, onlyFinding } from './find.js';

const detector = twIdDetector.id;

describe('tw_id detector', () => {
  it.each([
    ['台湾身份证：A123456789', 'A123456789'],
    ['身分證字號 F131252683', 'F131252683'],
    ['居留证 A800000014', 'A800000014'],
    ['台湾身份证 F131252683', 'F131252683'],
    ['Taiwan ID: I123456781', 'I123456781'],
    ['身份證字號：A123456789', 'A123456789'],
  ])('finds %j with context, checksum right', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'tw_id', detector, basis: 'context', value });
  });

  it('finds an ID under a column header', () => {
    expect(onlyFinding('A123456789', '身分證字號')).toMatchObject({ type: 'tw_id', basis: 'context' });
  });

  it.each(['ID No', 'national_id', 'NationalId', 'ID Number', '證件號碼'])('finds an ID under a %j column (an ID column\'s generic name: it was no finding)', (header) => {
    expect(onlyFinding('A123456789', header)).toMatchObject({ type: 'tw_id', basis: 'context' });
  });

  it('does not take the generic names for a label in a text (a code on the line below)', () => {
    expect(findType('證件號碼：見附件\nA123456789', 'tw_id')).toEqual([]);
    expect(findType('A123456789', 'tw_id', 'id')).toEqual([]);
  });

  it.each([
    ['A123456789', 'no context (a product code shape)'],
    ['身分證 A123456788', 'checksum wrong'],
    ['身分證 A323456789', 'neither 1/2 nor 8/9'],
    ['身分證 a123456789', 'lower case'],
    ['身分證 A12345678', 'nine characters'],
    ['身分證 SKU-A123456789', 'inside a dash-joined code'],
    ['身分證 XA123456789', 'glued to a letter'],
    ['身份证 A123456789', 'a mainland ID label is no Taiwan ID label'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'tw_id')).toEqual([]);
  });

  it('masks the middle', () => {
    expect(onlyFinding('身分證 A123456789').masked).toBe('A1******89');
  });
});
