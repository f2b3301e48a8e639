import { describe, expect, it } from 'vitest';
import { licensePlateDetector } from '../../../lambdas/engine/detectors/license-plate.js';
import { PLATE_REGIONS, licensePlate } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { canonicalValue } from '../../../lambdas/seal/identity.js';
import { findType, onlyFinding } from './find.js';

const detector = licensePlateDetector.id;

describe('cn_license_plate detector', () => {
  it.each([
    ['京A12345', '京A12345'],
    ['粤B·88A88', '粤B·88A88'],
    ['沪C AB123', '沪C AB123'],
    ['车牌号京A12345', '京A12345'],
    ['车牌：苏E1234挂', '苏E1234挂'],
    ['浙AD12345', '浙AD12345'], // new energy, small car
    ['川A12345D', '川A12345D'], // new energy, large car
    ['delivery,京N9K7B2,2024-11-27', '京N9K7B2'],
  ])('finds %j', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_license_plate', detector, value });
  });

  it.each([
    ['京A1234', 'four characters'],
    ['京A1234567', 'seven characters'],
    ['京I12345', 'I is not used'],
    ['京AABC12', 'three letters among the five'],
    ['京A123456', 'six digits, not a new-energy shape'],
    ['北A12345', 'not a province abbreviation'],
    ['开京A12345', 'inside running Chinese text, no label'],
    ['京A12345X', 'glued to a letter'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_license_plate')).toEqual([]);
  });

  it.each([
    ['我的车牌是京A12345', '京A12345'],
    ['车主开着沪C·AB123去了', '沪C·AB123'],
    ['昨天粤B88A88的车主来电', '粤B88A88'],
    ['停车场里浙AD12345违停', '浙AD12345'],
    ['这辆车行驶证上写的是川A12345D吗', '川A12345D'],
  ])('finds %j inside running text next to a vehicle word', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_license_plate', detector, pattern: 'in-text', basis: 'context', value });
  });

  it.each([
    ['开京A12345', 'running text without a vehicle word'],
    ['请把车开到京A12345旁边', 'no plate or vehicle word near'],
    ['车辆配件型号京A12345', 'a product model'],
    ['停车场货号苏E1234挂的配件', 'an article number'],
    ['车主的订单编码粤B88A88', 'an order code'],
    ['车主开着京A123456去了', 'six digits, not a plate shape'],
  ])('does not find %j in running text (%s)', (text) => {
    expect(findType(text, 'cn_license_plate')).toEqual([]);
  });

  it('masks the middle characters', () => {
    expect(onlyFinding('京A12345').masked).toBe('京A***45');
    expect(onlyFinding('車牌：AB 12').masked).toBe('A***2');
  });

  it.each([
    ['車牌：ABC-1234', 'ABC-1234'],
    ['车牌号 AB 1234', 'AB 1234'],
    ['車牌號碼MA-12-34，車主陳大文', 'MA-12-34'],
    ['Plate: 1234-AB', '1234-AB'],
    ['车牌 A1-2345', 'A1-2345'],
    ['牌照：KT 8', 'KT 8'],
  ])('finds a plate of Hong Kong, Macau or Taiwan right after a plate label: %j', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_license_plate', detector, pattern: 'hk-mo-tw', basis: 'context', value });
  });

  it.each([
    ['型号 ABC-1234', 'a model code'],
    ['订单 AB 1234', 'an order'],
    ['停车 AB 1234', 'a vehicle word, not a plate label'],
    ['車牌：ABC-1234-5', 'a longer code'],
    ['車牌：IO 1234', 'I and O are not Hong Kong letters'],
    ['車牌：ABCD-1234', 'four letters'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_license_plate')).toEqual([]);
  });

  it('finds those plates as whole fields under a plate column header, and not under another', () => {
    expect(onlyFinding('ABC-1234', '車牌號碼')).toMatchObject({ pattern: 'hk-mo-tw-column', value: 'ABC-1234' });
    expect(onlyFinding('AB 1234', '车牌')).toMatchObject({ pattern: 'hk-mo-tw-column', value: 'AB 1234' });
    expect(findType('AB 1234', 'cn_license_plate', '备注')).toEqual([]);
    expect(findType('ABC-123', 'cn_license_plate', 'license key')).toEqual([]);
  });

  it('reads `plate` in a header only as a word of its own: Plate No, plate_no, PlateNo, not Template', () => {
    for (const header of ['Plate No', 'plate_no', 'PlateNo', 'License Plate']) {
      expect(onlyFinding('AB 1234', header), header).toMatchObject({ pattern: 'hk-mo-tw-column', value: 'AB 1234' });
    }
    for (const header of ['Template', 'Template ID', 'Platelet count']) expect(findType('AB 1234', 'cn_license_plate', header), header).toEqual([]);
  });

  it('finds every region\'s generated plates after a label and under a header; a plate with and without its separators is one', () => {
    const rng = new Rng('plates');
    for (const region of PLATE_REGIONS) {
      for (let i = 0; i < 25; i++) {
        const value = licensePlate(rng, { region });
        expect([region, findType(`車牌：${value}`, 'cn_license_plate').map((f) => f.value)]).toEqual([region, [value]]);
        expect([region, findType(value, 'cn_license_plate', '车牌号').map((f) => f.value)]).toEqual([region, [value]]);
      }
    }
    expect(canonicalValue('cn_license_plate', 'MA-12-34')).toBe(canonicalValue('cn_license_plate', 'ma 1234'));
    expect(canonicalValue('cn_license_plate', '粤B·12345')).toBe('粤B12345');
  });
});
