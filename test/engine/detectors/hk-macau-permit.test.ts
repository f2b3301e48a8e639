import { describe, expect, it } from 'vitest';
import { hkMacauPermitDetector } from '../../../lambdas/engine/detectors/hk-macau-permit.js';
import { findType, onlyFinding } from './find.js';

const detector = hkMacauPermitDetector.id;

describe('cn_hk_macau_permit detector', () => {
  it.each([
    ['港澳通行证：C12345678', 'C12345678', 'card'],
    ['往来港澳通行证 CA1234567', 'CA1234567', 'card'],
    ['通行证号码W12345678', 'W12345678', 'booklet'],
    ['Exit-Entry Permit: C87654321', 'C87654321', 'card'],
    ['HK/Macau permit C12345678', 'C12345678', 'card'],
    ['港澳通行证：Ｃ１２３４５６７８', 'Ｃ１２３４５６７８', 'card'],
  ])('finds %j with context', (text, value, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_hk_macau_permit', detector, pattern, basis: 'context', value });
  });

  it('finds a permit number under a column header', () => {
    expect(onlyFinding('C12345678', '港澳通行证号')).toMatchObject({ type: 'cn_hk_macau_permit', basis: 'context' });
    // An ID document column (证件号码) holds permits beside resident IDs and passports.
    expect(onlyFinding('C12345678', '证件号码')).toMatchObject({ type: 'cn_hk_macau_permit', basis: 'context' });
  });

  it.each([
    ['C12345678', 'no context'],
    ['W12345678', 'no context'],
    ['通行证 CI1234567', 'I is not used'],
    ['通行证 C1234567', 'seven digits after C'],
    ['通行证 C123456789', 'nine digits'],
    ['通行证 c12345678', 'lower case'],
    ['通行证 AC12345678', 'glued to a letter'],
    ['通行证 W1234567', 'seven digits after W'],
    ['通行证 REF-C12345678-01', 'inside a dash-joined code'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_hk_macau_permit')).toEqual([]);
  });
});
