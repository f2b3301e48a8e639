import { describe, expect, it } from 'vitest';
import { moIdDetector } from '../../../lambdas/engine/detectors/mo-id.js';
import { findInText } from '../../../lambdas/engine/match.js';
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

  it.each([['BIR 12345678'], ['BIR号码：52152998'], ['(bir) 72152998']])('finds the run-together form %j after Macau\'s BIR', (text) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'mo_id', pattern: 'plain', basis: 'context' });
  });

  it.each<[string, string | undefined, string]>([
    ['birthday: 19900101', undefined, 'date_of_birth'],
    ['17654321', 'qq', 'qq'],
    ['生日 Birthday 1990-01-01，QQ 17654321', undefined, 'qq'],
    ['57654321', 'birthday qq', 'qq'],
  ])('an 8-digit value near "birthday" is no Macau ID: %j (header %j) is %s', (text, header, type) => {
    const findings = findInText(`birthday,qq\n${text}`, undefined, header);
    expect(findings.map((f) => f.type)).not.toContain('mo_id');
    expect(findings.map((f) => f.type)).toContain(type);
  });

  it('masks all but the first digit and the check digit', () => {
    expect(onlyFinding('1234567(8)').masked).toBe('1******(8)');
  });
});
