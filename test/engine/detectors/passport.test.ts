import { describe, expect, it } from 'vitest';
import { passportDetector } from '../../../lambdas/engine/detectors/passport.js';
import { findType, onlyFinding } from './find.js';

const detector = passportDetector.id;

describe('cn_passport detector', () => {
  it.each([
    ['护照号：E12345678', 'E12345678', 'ordinary'],
    ['护照 EA1234567', 'EA1234567', 'ordinary'],
    ['Passport No. G12345678', 'G12345678', 'ordinary'],
    ['证件类型 护照 证件号码 E98765432', 'E98765432', 'ordinary'],
    ['passport: DE1234567', 'DE1234567', 'official'],
    ['公务护照 SE1234567', 'SE1234567', 'official'],
    ['护照号码 S12345678', 'S12345678', 'official'],
    ['外交护照 D1234567', 'D1234567', 'official'],
    ['因公护照 P1234567', 'P1234567', 'official'],
    ['护照号：Ｅ１２３４５６７８', 'Ｅ１２３４５６７８', 'ordinary'],
  ])('finds %j with context', (text, value, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_passport', detector, pattern, basis: 'context', score: 0.55, value });
  });

  it.each([
    ['香港特區護照：K12345678', 'K12345678'],
    ['護照號碼 H12345678', 'H12345678'],
    ['中華民國護照號碼：312345678', '312345678'],
    ['Passport No. 312345678', '312345678'],
  ])('finds a Hong Kong or Taiwan passport number right after a passport label: %j', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_passport', pattern: 'hk-tw', basis: 'context', value });
  });

  it.each([
    ['護照 E12345678，訂單 312345678', 'nine digits after another label'],
    ['K12345678', 'no label'],
    ['護照號碼 K1234567', 'seven digits after K'],
    ['護照號碼 3123456789', 'ten digits'],
  ])('does not find %j as a Hong Kong or Taiwan passport (%s)', (text) => {
    expect(findType(text, 'cn_passport').filter((f) => f.pattern === 'hk-tw')).toEqual([]);
  });

  it('finds a passport number under a column header', () => {
    expect(onlyFinding('E12345678', 'Passport No')).toMatchObject({ type: 'cn_passport', basis: 'context' });
  });

  it('finds a passport number under an ID document column (证件号码), as hotel and airline lists head it (it was no finding)', () => {
    expect(onlyFinding('E12345678', '证件号码')).toMatchObject({ type: 'cn_passport', basis: 'context' });
    expect(onlyFinding('G12345678', '證件號碼')).toMatchObject({ type: 'cn_passport', basis: 'context' });
    expect(onlyFinding('证件号：EA1234567')).toMatchObject({ type: 'cn_passport', value: 'EA1234567' });
    expect(findType('E12345678', 'cn_passport', '证件类型')).toEqual([]);
  });

  it.each([
    ['E12345678', 'no context'],
    ['G12345678', 'no context'],
    ['EA1234567', 'no context'],
    [`护照${'。'.repeat(60)}E12345678`, 'context too far away'],
    ['护照 EI1234567', 'I is not used'],
    ['护照 EO1234567', 'O is not used'],
    ['护照 E1234567', 'seven digits after E'],
    ['护照 E123456789', 'nine digits after E'],
    ['护照 e12345678', 'lower case'],
    ['护照 XE12345678', 'glued to a letter'],
    ['护照 E12345678X', 'glued to a letter'],
    ['护照 SKU-E12345678-B', 'inside a product code'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_passport')).toEqual([]);
  });
});
