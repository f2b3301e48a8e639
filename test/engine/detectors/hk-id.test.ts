import { describe, expect, it } from 'vitest';
import { hkIdDetector } from '../../../lambdas/engine/detectors/hk-id.js';
import { findType, onlyFinding } from './find.js';

const detector = hkIdDetector.id;

describe('hk_id detector', () => {
  it.each([
    ['A123456(3)', 'A123456(3)'],
    ['G123456(A)', 'G123456(A)'],
    ['AB987654(3)', 'AB987654(3)'],
    ['持证人 C668668(9) 已核实', 'C668668(9)'],
    ['Ａ１２３４５６（３）', 'Ａ１２３４５６（３）'],
  ])('finds the printed form %j without context', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'hk_id', detector, pattern: 'printed', basis: 'checksum', score: 1, value });
  });

  it.each([
    ['香港身份证：A1234563', 'A1234563'],
    ['HKID G123456A', 'G123456A'],
    // 身份證 in Traditional characters is how Hong Kong writes it.
    ['身份證號碼 A1234563', 'A1234563'],
  ])('finds the run-together form %j with context', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'hk_id', pattern: 'plain', basis: 'context', value });
  });

  it('finds the run-together form under a column header', () => {
    expect(onlyFinding('A1234563', '香港身份证号')).toMatchObject({ type: 'hk_id', basis: 'context' });
  });

  it.each([
    ['A1234563', 'run together, no context (a product code shape)'],
    ['身份证 A1234563', 'run together after a mainland ID label'],
    ['A123456(4)', 'check digit wrong'],
    ['香港身份证 A1234564', 'check digit wrong, run together'],
    ['G123456(0)', '0 where the check is A'],
    ['a123456(3)', 'lower case'],
    ['SKU-A123456(3)', 'inside a dash-joined code'],
    ['XA123456(3)Z', 'glued to letters'],
    ['ABC123456(3)', 'three letters'],
    ['A12345(3)', 'five digits'],
    ['香港身份证 AB9876543', 'two letters run together'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'hk_id')).toEqual([]);
  });

  it('masks the digits, keeping the letters and the check character', () => {
    expect(onlyFinding('A123456(3)').masked).toBe('A******(3)');
    expect(onlyFinding('AB987654(3)').masked).toBe('AB******(3)');
  });
});
