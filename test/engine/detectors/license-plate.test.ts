import { describe, expect, it } from 'vitest';
import { licensePlateDetector } from '../../../lambdas/engine/detectors/license-plate.js';
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
  });
});
