import { describe, expect, it } from 'vitest';
import { hkMoTwPhoneDetector } from '../../../lambdas/engine/detectors/hk-mo-tw-phone.js';
import { canonicalValue } from '../../../lambdas/seal/identity.js';
import { HK_MO_TW_PHONE_FORMS, hkMoTwPhone } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { findType, onlyFinding } from './find.js';

const detector = hkMoTwPhoneDetector.id;

describe('hk_mo_tw_phone detector', () => {
  it.each([
    ['香港客户 +852 9123 4567 来电', '+852 9123 4567'],
    ['香港办事处 (852) 2345-6789', '(852) 2345-6789'],
    ['澳门 00853 6612 3456', '00853 6612 3456'],
    ['+85366123456', '+85366123456'],
    ['台湾 +886 912 345 678', '+886 912 345 678'],
    ['+886-2-2345-6789', '+886-2-2345-6789'],
    ['+886 (0)4 2234 5678', '+886 (0)4 2234 5678'],
  ])('finds %j with its country code, without a label', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'hk_mo_tw_phone', detector, pattern: 'international', basis: 'pattern', value });
  });

  it.each([
    ['手機：0912-345-678', '0912-345-678', 'tw-mobile'],
    ['行動電話 0912345678', '0912345678', 'tw-mobile'],
    ['電話：(02) 2345-6789', '(02) 2345-6789', 'tw-landline'],
    ['联系电话 04-2234-5678', '04-2234-5678', 'tw-landline'],
  ])('finds %j as dialled in Taiwan next to a phone label', (text, value, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'hk_mo_tw_phone', pattern, basis: 'context', value });
  });

  it.each(['Tel', 'Mobile/Tel', 'TelNo', 'tel_no', 'Tel2', '电话'])('finds eight digits under a %j column: `tel` a word of its own', (header) => {
    expect(onlyFinding('23456789', header)).toMatchObject({ type: 'hk_mo_tw_phone', pattern: 'local', basis: 'context' });
  });

  it.each(['Hotel Code', 'Intel ID', 'Motel', 'Hostel No'])('does not take eight digits under a %j column for a phone: `tel` inside a word', (header) => {
    expect(findType('23456789', 'hk_mo_tw_phone', header)).toEqual([]);
  });

  it('finds eight digits as a whole field under a phone column header', () => {
    expect(onlyFinding('9123 4567', '電話')).toMatchObject({ type: 'hk_mo_tw_phone', pattern: 'local', basis: 'context', value: '9123 4567' });
    expect(onlyFinding('23456789', '联系电话')).toMatchObject({ pattern: 'local' });
    expect(findType('23456789', 'hk_mo_tw_phone', '订单号')).toEqual([]);
  });

  it.each(['WhatsApp', 'Contact No.', 'contact_number', 'ContactNumber', '聯絡方法'])(
    'finds eight digits under a %j column, as Hong Kong lists head their phones (they were no finding)',
    (header) => {
      expect(onlyFinding('9123 4567', header)).toMatchObject({ type: 'hk_mo_tw_phone', pattern: 'local', basis: 'context' });
    },
  );

  it('finds eight digits right after a WhatsApp or Contact No label, not under a contact person', () => {
    expect(onlyFinding('WhatsApp: 9123 4567')).toMatchObject({ type: 'hk_mo_tw_phone', value: '9123 4567' });
    expect(onlyFinding('Contact No. 61234567')).toMatchObject({ type: 'hk_mo_tw_phone', value: '61234567' });
    expect(findType('23456789', 'hk_mo_tw_phone', 'Contact')).toEqual([]);
  });

  it.each([
    ['联系电话 88886666，订单 20241127', '88886666'],
    ['聯絡電話：9123 4567', '9123 4567'],
    ['手機61234567', '61234567'],
    ['Tel: 2345-6789', '2345-6789'],
    ['座机：28123456 转 8', '28123456'],
  ])('finds eight digits right after a phone label in free text: %j', (text, value) => {
    expect(findType(text, 'hk_mo_tw_phone').map((f) => [f.pattern, f.basis, f.value])).toEqual([['labelled', 'context', value]]);
  });

  it('masks all but two digits at each end of eight digits written alone, and keeps the country code otherwise', () => {
    expect(findType('聯絡電話：9123 4567', 'hk_mo_tw_phone')[0].masked).toBe('91****67');
    expect(findType('23456789', 'hk_mo_tw_phone', '電話')[0].masked).toBe('23****89');
    expect(findType('香港客户 +852 9123 4567', 'hk_mo_tw_phone')[0].masked).toBe('+85*******67');
  });

  it.each([
    ['电话回访 20241127', 'a word between the label and the digits'],
    ['电话费 23456789', 'a word that starts with the label'],
    ['联系电话 13800000000，订单 20241127', 'eight digits a few words after the label'],
    ['电话 9123 45678', 'nine digits'],
    ['电话: 9123 4567 8888', 'a longer grouped run'],
    ['电话 12345678', 'a first digit 1'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'hk_mo_tw_phone')).toEqual([]);
  });

  it.each([
    ['0912-345-678', 'a Taiwan mobile without a label'],
    ['(02) 2345-6789', 'a Taiwan landline without a label'],
    ['+852 1234 5678', 'a Hong Kong number starting with 1'],
    ['+852 9123 456', 'seven digits'],
    ['+852 9123 45678', 'nine digits'],
    ['订单 0085291234567890', 'a longer digit run'],
    ['+86 138 1234 5678', 'a mainland number'],
    ['电话 024-66048050', "a mainland landline: 024 is none of Taiwan's area codes"],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'hk_mo_tw_phone')).toEqual([]);
  });

  it('finds every generated form, and a number with and without its country code is one person', () => {
    const rng = new Rng('hk-mo-tw-phone');
    for (const form of HK_MO_TW_PHONE_FORMS) {
      for (let i = 0; i < 20; i++) {
        const value = hkMoTwPhone(rng, { form });
        const found = form === 'local' ? findType(value, 'hk_mo_tw_phone', '電話') : findType(`電話：${value}`, 'hk_mo_tw_phone');
        expect([form, found.map((f) => f.value)]).toEqual([form, [value]]);
        if (form === 'local') expect(findType(`手機 ${value}`, 'hk_mo_tw_phone').map((f) => f.value)).toEqual([value]);
      }
    }
    expect(canonicalValue('hk_mo_tw_phone', '+852 9123 4567')).toBe(canonicalValue('hk_mo_tw_phone', '9123-4567'));
    expect(canonicalValue('hk_mo_tw_phone', '+886 912 345 678')).toBe(canonicalValue('hk_mo_tw_phone', '0912-345-678'));
    expect(canonicalValue('hk_mo_tw_phone', '+886 (0)2 2345 6789')).toBe(canonicalValue('hk_mo_tw_phone', '(02) 2345-6789'));
    expect(canonicalValue('hk_mo_tw_phone', '8523 4567')).toBe('85234567');
  });
});
