import { describe, expect, it } from 'vitest';
import { qqDetector } from '../../../lambdas/engine/detectors/qq.js';
import { wechatIdDetector } from '../../../lambdas/engine/detectors/wechat-id.js';
import { findType, onlyFinding } from './find.js';

describe('qq detector', () => {
  it.each([
    ['QQ：12345678', '12345678'],
    ['qq号 98765', '98765'],
    ['联系QQ 2845123456', '2845123456'],
  ])('finds %j with a QQ label', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'qq', detector: qqDetector.id, basis: 'context', value });
  });

  it('finds a QQ number under a column header', () => {
    expect(onlyFinding('12345678', 'QQ号')).toMatchObject({ type: 'qq' });
  });

  it.each([
    ['12345678', 'no label'],
    ['QQ 1234', 'four digits'],
    ['QQ 012345678', 'leading zero'],
    ['QQ 123456789012', 'twelve digits'],
    ['QQ群 SKU-12345678', 'inside a dash-joined code'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'qq')).toEqual([]);
  });
});

describe('wechat_id detector', () => {
  it.each([
    ['wxid_k3j5h2l9m8n7p6', 'wxid_k3j5h2l9m8n7p6', 'wxid'],
    ['好友 wxid_abcdefghij12 已添加', 'wxid_abcdefghij12', 'wxid'],
    ['微信：zhang_san88', 'zhang_san88', 'chosen'],
    ['微信号 Li-Ming2024', 'Li-Ming2024', 'chosen'],
    ['WeChat ID: wang_wei_1990', 'wang_wei_1990', 'chosen'],
  ])('finds %j', (text, value, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'wechat_id', detector: wechatIdDetector.id, pattern, value });
  });

  it.each([
    ['zhang_san88', 'a chosen id without a label'],
    ['微信 ab12', 'too short'],
    ['微信 1zhangsan', 'starts with a digit'],
    ['微信 zhang.san@example.com', 'an email address'],
    ['wxid_abc', 'wxid with too few characters'],
    ['xwxid_abcdefghij12', 'glued to a letter'],
    ['微信支付 version 5.6.15', 'a word after a WeChat word that is no label of an id'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'wechat_id')).toEqual([]);
  });

  it('masks the middle', () => {
    expect(onlyFinding('wxid_k3j5h2l9m8n7p6').masked).toBe('wxid_k****p6');
  });
});
