import { describe, expect, it } from 'vitest';
import { bankCardDetector, isKnownIssuer } from '../../../lambdas/engine/detectors/bank-card.js';
import { findType, onlyFinding } from './find.js';

const detector = bankCardDetector.id;

describe('bank_card detector', () => {
  it.each([
    ['6222021234567894', 'digits'], // UnionPay, 16
    ['6217009876543210122', 'digits'], // UnionPay, 19
    ['4111111111111111', 'digits'], // Visa, 16
    ['4111111111111111110', 'digits'], // Visa, 19
    ['5555555555554444', 'digits'], // Mastercard 51-55
    ['2223000048400011', 'digits'], // Mastercard 2221-2720
    ['3530111333300000', 'digits'], // JCB
    ['6222 0212 3456 7894', 'grouped'],
    ['6222-0212-3456-7894', 'grouped'],
    ['6217 0098 7654 3210 122', 'grouped'],
    ['4111\u20141111\u20141111\u20141111', 'grouped'],
    ['６２２２０２１２３４５６７８９４', 'digits'],
    ['６２２２　０２１２　３４５６　７８９４', 'grouped'],
  ])('finds %j, confirmed by Luhn and issuer range', (text, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'bank_card', detector, pattern, basis: 'checksum', score: 1, value: text });
  });

  it('finds a card in Chinese text', () => {
    expect(onlyFinding('卡号6222021234567894，开户行').value).toBe('6222021234567894');
  });

  it.each([
    ['1234567812345670', 'no known issuer'],
    ['411111111111111118', 'Visa does not issue 18 digits'],
    ['620102199005010204', 'an 18-digit run shaped like a resident ID'],
  ])('finds a Luhn-valid %j only with context (%s)', (value) => {
    expect(findType(value, 'bank_card')).toEqual([]);
    expect(onlyFinding(`卡号：${value}`)).toMatchObject({ type: 'bank_card', basis: 'context', score: 0.65 });
    expect(onlyFinding(value, '银行账号')).toMatchObject({ type: 'bank_card', basis: 'context' });
  });

  it.each([
    ['4111111111111112', 'Luhn fails'],
    ['6222 0212 3456 7895', 'Luhn fails, grouped'],
    ['378282246310005', '15-digit Amex is out of range'],
    ['41111111111111111113', '20 digits'],
    ['20241127622202123456789401', 'inside an order number'],
    ['DD6222021234567894', 'glued to letters'],
    ['4111 1111 1111 1111 1111', 'four groups of a five-group run'],
    ['1 4111 1111 1111 1111', 'a later window of a grouped run'],
    ['622202******7894', 'masked'],
    ['6222 0212 3456', 'too few groups'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(`卡号 ${text}`, 'bank_card')).toEqual([]);
  });

  it.each([
    ['6222021234567894', true],
    ['4111111111111111', true],
    ['4111111111111111110', true],
    ['411111111111111118', false],
    ['5555555555554444', true],
    ['55555555555544440', false],
    ['2720990000000005', true],
    ['2721000000000000', false],
    ['3530111333300000', true],
    ['1234567812345670', false],
  ])('isKnownIssuer(%s) is %s', (digits, known) => {
    expect(isKnownIssuer(digits)).toBe(known);
  });

  it('masks all but the first six and last four digits', () => {
    expect(onlyFinding('6222 0212 3456 7894').masked).toBe('622202******7894');
    expect(onlyFinding('6217009876543210122').masked).toBe('621700*********0122');
  });
});
