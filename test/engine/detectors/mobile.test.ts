import { describe, expect, it } from 'vitest';
import { mobileDetector } from '../../../lambdas/engine/detectors/mobile.js';
import { findType, onlyFinding } from './find.js';

const detector = mobileDetector.id;

describe('cn_mobile detector', () => {
  it.each([
    ['13812345678', 'national'],
    ['手机13812345678', 'national'],
    ['联系我:13812345678。', 'national'],
    ['138 1234 5678', 'national'],
    ['138-1234-5678', 'national'],
    ['138\u20131234\u20135678', 'national'],
    ['１３８１２３４５６７８', 'national'],
    ['１３８－１２３４－５６７８', 'national'],
    ['+8613812345678', 'international'],
    ['+86 13812345678', 'international'],
    ['+86 138 1234 5678', 'international'],
    ['+86-138-1234-5678', 'international'],
    ['008613812345678', 'international'],
    ['0086 13812345678', 'international'],
    ['(+86)13812345678', 'international'],
    ['(+86) 138-1234-5678', 'international'],
    ['（＋８６）１３８１２３４５６７８', 'international'],
  ])('finds %j (%s)', (text, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_mobile', detector, pattern, value: text.replace(/^[^0-9０-９+(（＋]+|[^0-9０-９]+$/g, '') });
  });

  it.each(['145', '147', '149', '150', '153', '155', '159', '162', '165', '167', '170', '178', '180', '189', '190', '193', '195', '199'])(
    'accepts the prefix %s',
    (prefix) => {
      expect(findType(`${prefix}12345678`, 'cn_mobile')).toHaveLength(1);
    },
  );

  it.each(['120', '140', '141', '144', '146', '148', '154', '160', '161', '163', '164', '168', '169', '179', '194', '110'])(
    'rejects the prefix %s',
    (prefix) => {
      expect(findType(`${prefix}12345678`, 'cn_mobile')).toEqual([]);
    },
  );

  it.each(['17400', '17409', '17410', '17412', '17490', '17499'])('accepts the allocated 174 block %s', (block) => {
    expect(findType(`${block}123456`, 'cn_mobile')).toHaveLength(1);
    expect(findType(`${block.slice(0, 3)} ${block.slice(3)}12 3456`, 'cn_mobile')).toHaveLength(1);
  });

  it.each(['17413', '17419', '17420', '17455', '17480', '17489'])('rejects the unallocated 174 block %s', (block) => {
    expect(findType(`${block}123456`, 'cn_mobile')).toEqual([]);
    expect(findType(`手机 ${block.slice(0, 3)}-${block.slice(3)}12-3456`, 'cn_mobile')).toEqual([]);
  });

  it.each([
    ['1381234567', 'ten digits'],
    ['138123456789', 'twelve digits'],
    ['2024112713812345678901', 'an 11-digit window of a 22-digit order number'],
    ['1732680000000', 'a millisecond timestamp'],
    ['A13812345678', 'glued to a letter'],
    ['13812345678x', 'glued to a letter'],
    ['2024-13812345678', 'the tail of a dash-joined run'],
    ['13812345678-2024', 'the head of a dash-joined run'],
    ['138****5678', 'masked'],
    ['400-810-8888', 'a 400 hotline'],
    ['800-820-8820', 'an 800 hotline'],
    ['95588', 'a 95xxx service number'],
    ['+87 13812345678x', 'glued to a letter after a prefix'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_mobile')).toEqual([]);
  });

  it('scores a bare number 0.6 and raises it with context', () => {
    expect(onlyFinding('13812345678')).toMatchObject({ score: 0.6, basis: 'pattern' });
    expect(onlyFinding('手机：13812345678')).toMatchObject({ score: 0.95, basis: 'context' });
    expect(onlyFinding('13812345678', 'Mobile')).toMatchObject({ basis: 'context' });
  });

  it('masks the middle four digits, dropping the country code', () => {
    expect(onlyFinding('138 1234 5678').masked).toBe('138****5678');
    expect(onlyFinding('(+86)13812345678').masked).toBe('138****5678');
  });

  it('reports each of several numbers once', () => {
    expect(findType('13812345678,13912345678;+86 15012345678', 'cn_mobile').map((f) => f.location.offset)).toEqual([0, 12, 24]);
  });
});
