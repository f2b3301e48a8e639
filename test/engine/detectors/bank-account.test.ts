import { describe, expect, it } from 'vitest';
import { bankAccountDetector } from '../../../lambdas/engine/detectors/bank-account.js';
import { bankAccount } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { findType, onlyFinding } from './find.js';

const detector = bankAccountDetector.id;

describe('bank_account detector', () => {
  it.each([
    ['对公账户：1234567890123', '1234567890123'],
    ['开户账号 110060149018800012345', '110060149018800012345'],
    ['收款账户 1100 6014 9018 8000', '1100 6014 9018 8000'],
    ['Account No. 0123456789', '0123456789'],
    // Hong Kong's banks, a check digit in a group of its own; Taiwan's groups and labels.
    ['銀行戶口：012-875-0-123456-7', '012-875-0-123456-7'],
    ['户口号码 123-456789-838', '123-456789-838'],
    ['帳號 012-3-456789-0', '012-3-456789-0'],
    ['帳戶號碼：0123-456-789012', '0123-456-789012'],
    // 账户 as a label: with its colon, or after a word of a transfer (since engine 0.3.14).
    ['开户行：工商银行 账户：1234567890123', '1234567890123'],
    ['账户: 1100 6014 9018 8000', '1100 6014 9018 8000'],
    ['帳戶：0123-456-789012', '0123-456-789012'],
    ['转入账户1234567890123，金额500元', '1234567890123'],
    ['付款账户 110060149018800012345', '110060149018800012345'],
    ['提現帳戶：012-875-0-123456-7', '012-875-0-123456-7'],
  ])('finds %j with an account label', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'bank_account', detector, basis: 'context', value });
  });

  it('finds an account under a column header', () => {
    expect(onlyFinding('1234567890123', '银行账户')).toMatchObject({ type: 'bank_account' });
  });

  it.each([
    ['账号 6222021234567894', 'bank_card', 'a card number under 账号 stays a card'],
    ['账号 11010519491231002X', 'cn_resident_id', 'a resident ID stays a resident ID'],
    ['账号 13812345678', 'cn_mobile', 'a mobile number stays a mobile number'],
  ])('leaves %j to its own type (%s)', (text, type) => {
    expect(onlyFinding(text).type).toBe(type);
  });

  it.each([
    ['1234567890123', 'no label'],
    ['账号 123456789', 'nine digits'],
    ['账号 12345678901234567890123456', '26 digits'],
    ['账号 0000000000', 'a placeholder of one repeated digit'],
    ['账号 000-000-0000', 'a placeholder of one repeated digit in groups'],
    ['账号 DD1234567890123', 'glued to letters'],
    ['订单号 20241127153012345678', 'an order number'],
    ['账号 2024-11-01 10:32 登录', 'a date and a time after the label: groups of two digits'],
    ['已注销账户 202109262220666909491', 'an account word, not an account label'],
    ['用户账户：1234567890123', "a login's account (用户账户)"],
    ['会员账户: 1234567890123', "a member's account (会员账户)"],
    ['账户余额 1234567890123', 'a balance after the account word'],
    ['账户1234567890123', 'the account word without its colon or a transfer before it'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'bank_account')).toEqual([]);
  });

  it('finds generated accounts of Hong Kong after 銀行戶口', () => {
    const rng = new Rng('hk-accounts');
    for (let i = 0; i < 20; i++) {
      const value = bankAccount(rng, { hongKong: true });
      expect(findType(`銀行戶口：${value}`, 'bank_account').map((f) => f.value)).toEqual([value]);
    }
  });

  it('masks all but the first and last four digits', () => {
    expect(onlyFinding('对公账户：1234567890123').masked).toBe('1234*****0123');
  });
});
