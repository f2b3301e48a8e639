import { describe, expect, it } from 'vitest';
import { landlineDetector } from '../../../lambdas/engine/detectors/landline.js';
import { findType, onlyFinding } from './find.js';

const detector = landlineDetector.id;

describe('cn_landline detector', () => {
  it.each([
    ['010-62345678', '010-62345678', 'separated'],
    ['010 62345678', '010 62345678', 'separated'],
    ['(010)62345678', '(010)62345678', 'separated'],
    ['(010) 62345678', '(010) 62345678', 'separated'],
    ['021-61234567', '021-61234567', 'separated'],
    ['0571-88886666', '0571-88886666', 'separated'],
    ['0571-8888666', '0571-8888666', 'separated'],
    ['(0571)8888666', '(0571)8888666', 'separated'],
    ['0755-2345 6789', '0755-2345 6789', 'separated'],
    ['010-62345678-801', '010-62345678-801', 'separated'],
    ['公司0571-88886666转', '0571-88886666', 'separated'],
    ['０１０－６２３４５６７８', '０１０－６２３４５６７８', 'separated'],
    ['（０１０）６２３４５６７８', '（０１０）６２３４５６７８', 'separated'],
    ['+86 10 62345678', '+86 10 62345678', 'international'],
    ['+86-21-61234567', '+86-21-61234567', 'international'],
    ['+861062345678', '+861062345678', 'international'],
    ['0086 571 88886666', '0086 571 88886666', 'international'],
    ['(+86)571-8888666', '(+86)571-8888666', 'international'],
  ])('finds %j', (text, value, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_landline', detector, pattern, value });
  });

  it.each([
    ['电话：02161234567', 'Tel'],
    ['座机 057188886666', 'fax'],
    ['Tel 01062345678', 'phone'],
  ])('finds a bare digit run only with context: %j', (text, header) => {
    const bare = text.replace(/^\D+/, '');
    expect(findType(bare, 'cn_landline')).toEqual([]);
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_landline', pattern: 'digits', basis: 'context', value: bare });
    expect(onlyFinding(bare, header)).toMatchObject({ type: 'cn_landline', basis: 'context' });
  });

  it.each([
    ['订单 iPhone 15 Pro 057188886666 已发货', 'an iPhone'],
    ['Smartphone 057188886666', 'a smartphone'],
    ['headphone_sku 057188886666', 'headphones'],
  ])('a bare digit run after a device whose name holds `phone` has no context: %j (%s)', (text) => {
    expect(findType(text, 'cn_landline')).toEqual([]);
    // A phone's own words still count.
    expect(findType(text.replace(/\S*phone\S*/i, 'Telephone'), 'cn_landline')).toHaveLength(1);
  });

  it.each([
    ['010-12345678', 'subscriber starts with 1'],
    ['021-02345678', 'subscriber starts with 0'],
    ['010-6234567', '7-digit subscriber after a 3-digit area code'],
    ['0571-888866661', '9-digit subscriber'],
    ['0571-888866', '6-digit subscriber'],
    ['001-62345678', 'no such area code'],
    ['A010-62345678', 'glued to a letter'],
    ['2024-0571-88886666', 'one group of a dash-joined run'],
    ['6222 0571 8888 6661', 'groups of a card-like number'],
    ['400-810-8888', 'a 400 hotline'],
    ['800-820-8820', 'an 800 hotline'],
    ['4008108888', 'a 400 hotline without separators'],
    ['95588', 'a 95xxx service number'],
    ['20241127057188886666', 'inside an order number'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(`电话 ${text}`, 'cn_landline')).toEqual([]);
  });

  it('masks the subscriber but the last two digits, keeping the area code', () => {
    expect(onlyFinding('010-62345678').masked).toBe('010******78');
    expect(onlyFinding('(0571)88886666').masked).toBe('0571******66');
    expect(onlyFinding('+86 21 61234567').masked).toBe('021******67');
  });
});
