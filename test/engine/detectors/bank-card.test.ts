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
    ['378282246310005', 'digits'], // American Express, 15
    ['340000000000009', 'digits'], // American Express 34, 15
    ['30569309025904', 'digits'], // Diners 300-305, 14
    ['36050234196908', 'digits'], // Diners 36, 14
    ['38000000000006', 'digits'], // Diners 38, 14
    ['62123456789002', 'digits'], // UnionPay, 14
    ['621234567890003', 'digits'], // UnionPay, 15
    ['8171999927660000', 'digits'], // UnionPay 81
    ['6011111111111117', 'digits'], // Discover 6011
    ['6440000000000005', 'digits'], // Discover 644-649
    ['6500000000000002', 'digits'], // Discover 65
    ['5000000000000611', 'digits'], // Maestro 50
    ['5000000000000000005', 'digits'], // Maestro, 19
    ['6304000000000000', 'digits'], // Maestro 63
    ['3782 822463 10005', 'grouped'], // American Express as printed
    ['3056 930902 5904', 'grouped'], // Diners as printed
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
    ['340102850101125', 'a 15-digit run shaped like a legacy resident ID (Anhui 34, not Amex)'],
    ['30600000000001', 'Diners does not issue 306'],
    ['34000000000000009', 'American Express issues 15 digits, not 17'],
  ])('finds a Luhn-valid %j only with context (%s)', (value) => {
    expect(findType(value, 'bank_card')).toEqual([]);
    expect(onlyFinding(`卡号：${value}`)).toMatchObject({ type: 'bank_card', basis: 'context', score: 0.65 });
    expect(onlyFinding(value, '银行账号')).toMatchObject({ type: 'bank_card', basis: 'context' });
  });

  it.each([
    ['4111111111111112', 'Luhn fails'],
    ['6222 0212 3456 7895', 'Luhn fails, grouped'],
    ['378282246310006', 'Amex, Luhn fails'],
    ['30569309025905', 'Diners, Luhn fails'],
    ['3782 822463 10006', 'Amex grouped, Luhn fails'],
    ['3782 822463 100056', 'a last group of six'],
    ['1 3782 822463 10005', 'a later window of a grouped run'],
    ['6212345678903', '13 digits'],
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
    ['378282246310005', true],
    ['37828224631000', false], // Amex is 15 digits only
    ['3782822463100050', false],
    ['36050234196908', true],
    ['3605023419690', false],
    ['30500000000003', true],
    ['30600000000001', false],
    ['62123456789002', true],
    ['6212345678903', false],
    ['8171999927660000', true],
    ['817199992766000', false], // UnionPay 81 starts at 16
    ['6011000000000004', true],
    ['601100000000000', false],
    ['6430000000000000', false], // Discover starts at 644
    ['6490000000000000', true],
    ['5000000000000009', true],
    ['5100000000000000000', false], // Mastercard is 16 only
    ['4000000000000', false], // Visa 13
    ['400000000000000', false], // Visa 15
  ])('isKnownIssuer(%s) is %s', (digits, known) => {
    expect(isKnownIssuer(digits)).toBe(known);
  });

  it('masks all but the first six and last four digits', () => {
    expect(onlyFinding('6222 0212 3456 7894').masked).toBe('622202******7894');
    expect(onlyFinding('6217009876543210122').masked).toBe('621700*********0122');
  });
});
