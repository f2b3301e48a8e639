import { describe, expect, it } from 'vitest';
import { residentIdDetector } from '../../../lambdas/engine/detectors/resident-id.js';
import { findType, onlyFinding } from './find.js';

const detector = residentIdDetector.id;

describe('cn_resident_id detector', () => {
  it.each([
    ['11010519491231002X', '11010519491231002X'],
    ['11010519491231002x', '11010519491231002x'],
    ['310104198001011239', '310104198001011239'],
    ['身份证号11010519491231002X。', '11010519491231002X'],
    ['id:32010219850601002X,', '32010219850601002X'],
    ['110105 19491231 002X', '110105 19491231 002X'],
    ['110105-19491231-002X', '110105-19491231-002X'],
    ['１１０１０５１９４９１２３１００２Ｘ', '１１０１０５１９４９１２３１００２Ｘ'],
    ['１１０１０５１９４９１２３１００２ｘ', '１１０１０５１９４９１２３１００２ｘ'],
    // Gansu (62) ID that also passes Luhn: the resident ID outranks a UnionPay reading.
    ['620102199005010238', '620102199005010238'],
    // 2023 foreigner's permanent residence number: 9, Sichuan (26), nationality 820.
    ['932682198501010017', '932682198501010017'],
    ['永久居留身份证号码 932682198501010017', '932682198501010017'],
  ])('finds %j without context, confirmed by checksum', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_resident_id', detector, pattern: 'gb11643', basis: 'checksum', score: 1, value });
  });

  it.each([
    ['110105194912310021', 'check character wrong'],
    ['31010419800101123x', 'lower-case x where the check is a digit'],
    ['31010419800101123X', 'X where the check is a digit'],
    ['93268219850101001x', 'lower-case x on a permanent residence number whose check is 7'],
    ['910682198501010011', 'permanent residence number without a mainland province'],
    ['971820198501010015', 'permanent residence number with Taiwan (71) as province'],
    ['11010519491231002Y', 'Y is no check character'],
    ['990105194912310023', 'no such province'],
    ['100105194912310028', 'no such province'],
    ['110105199002301231', '30 February'],
    ['110105209101011236', 'born in the future'],
    ['440524188001010014', 'born before 1900'],
    ['911010519491231002X', 'inside a longer digit run'],
    ['11010519491231002X5', 'inside a longer digit run'],
    ['DD11010519491231002X', 'glued to letters'],
    ['2024112711010519491231002X01', 'inside an order number'],
    ['110105**********2X', 'masked'],
    ['1101051949 1231002X', 'separator inside the birth date'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_resident_id')).toEqual([]);
  });

  it.each([
    ['身份证：110105491231002', '110105491231002'],
    ['公民身份号码 440306931231456', '440306931231456'],
    ['ID card no. 110105491231002', '110105491231002'],
  ])('finds a legacy 15-digit ID with context: %j', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_resident_id', detector, basis: 'context', value });
  });

  it('finds a legacy 15-digit ID under a column header', () => {
    expect(onlyFinding('110105491231002', '身份证号')).toMatchObject({ type: 'cn_resident_id', basis: 'context' });
  });

  it.each([
    ['110105491231002', 'no context'],
    ['身份证：990105491231002', 'no such province'],
    ['身份证：110105490230002', '30 February'],
    ['身份证：1101054912310021', 'one digit too many'],
  ])('does not find the 15-digit %j (%s)', (text) => {
    expect(findType(text, 'cn_resident_id')).toEqual([]);
  });

  it('masks all but the region and the last two characters, upper-casing x', () => {
    expect(onlyFinding('11010519491231002x').masked).toBe('110105**********2X');
    expect(onlyFinding('110105 19491231 002X').masked).toBe('110105**********2X');
  });

  it('reports the offset of the value as written', () => {
    expect(onlyFinding('身份证号：11010519491231002X').location.offset).toBe(5);
  });
});
