import { describe, expect, it } from 'vitest';
import {
  gb11643CheckChar,
  isBirthDateValid,
  isGb11643Valid,
  isLegacyResidentIdValid,
  isProvinceCode,
  isResidentIdValid,
} from '../../../lambdas/engine/checksums/gb11643.js';

describe('gb11643CheckChar', () => {
  it.each([
    ['11010519491231002', 'X'], // the standard's own example
    ['44052418800101001', '4'], // the standard's second example
    ['31010419800101123', '9'],
    ['51010720000229001', '0'],
  ])('%s -> %s', (body, check) => {
    expect(gb11643CheckChar(body)).toBe(check);
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100X'])('throws on a body that is not 17 digits: %s', (body) => {
    expect(() => gb11643CheckChar(body)).toThrow(RangeError);
  });
});

describe('isGb11643Valid', () => {
  it.each([
    ['11010519491231002X', true],
    ['11010519491231002x', true], // lower-case x where the check is X
    ['440524188001010014', true],
    ['44052418800101001x', false], // lower-case x where the check is 4
    ['44052418800101001X', false], // X where the check is 4
    ['310104198001011239', true],
    ['31010419800101123x', false], // lower-case x where the check is 9
    ['310104198001011238', false], // one off
    ['31010419800101123', false], // 17 characters
    ['110105194912310021', false],
    ['11010519491231002', false],
    ['11010519491231002X1', false],
    ['1101051949123100XX', false],
    ['11010519491231 02X', false],
  ])('%s -> %s', (value, valid) => {
    expect(isGb11643Valid(value)).toBe(valid);
  });
});

describe('isProvinceCode', () => {
  it.each(['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82', '83'])('%s is in use', (p) => {
    expect(isProvinceCode(`${p}0105`)).toBe(true);
  });
  it.each(['00', '10', '16', '20', '24', '30', '38', '40', '47', '55', '60', '66', '70', '72', '80', '84'])('%s is not', (p) => {
    expect(isProvinceCode(`${p}0105`)).toBe(false);
  });
  // The 2023 permanent residence number: `9`, a mainland province, a nationality code.
  it.each(['911', '915', '931', '937', '944', '950', '965'])('%s (foreigner, mainland province) is in use', (p) => {
    expect(isProvinceCode(`${p}840`)).toBe(true);
  });
  it.each(['910', '916', '930', '971', '981', '982', '983', '990', '99', '9'])('%s (foreigner, no mainland province) is not', (p) => {
    expect(isProvinceCode(p.length === 3 ? `${p}840` : p)).toBe(false);
  });
});

describe('isBirthDateValid', () => {
  const today = new Date(Date.UTC(2026, 10, 27));
  it.each([
    ['19491231', true],
    ['19000101', true],
    ['20000229', true], // 2000 is a leap year
    ['20261127', true], // today
    ['18991231', false],
    ['19000229', false], // 1900 is not
    ['19900230', false],
    ['19900431', false],
    ['19901301', false],
    ['19900100', false],
    ['20261128', false], // tomorrow
    ['2026112', false],
    ['1990 101', false],
    ['1990-101', false],
  ])('%s -> %s', (date, valid) => {
    expect(isBirthDateValid(date, today)).toBe(valid);
  });

  it('defaults to the current date', () => {
    expect(isBirthDateValid('20900101')).toBe(false);
    expect(isBirthDateValid('19900101')).toBe(true);
  });
});

describe('isResidentIdValid', () => {
  it.each([
    ['11010519491231002X', true],
    ['32010219850601002X', true],
    ['310104198001011239', true],
    ['932682198501010017', true], // permanent residence number (2023): 9, Sichuan 26, nationality 820
    ['910682198501010011', false], // checksum right, 9 + 06 is no mainland province
    ['93268219850101001x', false], // lower-case x for the digit check 7
    ['440524188001010014', false], // checksum right, born before 1900
    ['990105194912310023', false], // checksum right, no such province
    ['110105199002301231', false], // checksum right, 30 February
    ['110105209101011236', false], // checksum right, born in the future
    ['110105194912310021', false], // checksum wrong
  ])('%s -> %s', (value, valid) => {
    expect(isResidentIdValid(value)).toBe(valid);
  });
});

describe('isLegacyResidentIdValid', () => {
  it.each([
    ['110105491231002', true],
    ['440306931231456', true],
    ['990105491231002', false], // province
    ['931105491231002', false], // the permanent residence number has no 15-digit form
    ['110105490230002', false], // date
    ['11010549123100', false],
    ['11010549123100X', false],
  ])('%s -> %s', (value, valid) => {
    expect(isLegacyResidentIdValid(value)).toBe(valid);
  });
});
