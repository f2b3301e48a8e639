import { describe, expect, it } from 'vitest';
import { qqDetector } from '../../../lambdas/engine/detectors/qq.js';
import { DETECTORS } from '../../../lambdas/engine/detectors/index.js';
import { wechatIdDetector } from '../../../lambdas/engine/detectors/wechat-id.js';
import { TextMatcher } from '../../../lambdas/engine/text-matcher.js';
import type { Finding } from '../../../lambdas/engine/types.js';
import { findType, onlyFinding } from './find.js';

describe('qq detector', () => {
  it.each([
    ['QQ：12345678', '12345678'],
    ['qq号 98765', '98765'],
    ['联系QQ 2845123456', '2845123456'],
    // As people write QQ to be quick or past a platform's filter (they were unfound).
    ['Q号：12345678', '12345678'],
    ['扣扣 98765432', '98765432'],
  ])('finds %j with a QQ label', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'qq', detector: qqDetector.id, basis: 'context', value });
  });

  it('finds a QQ number under a column header', () => {
    expect(onlyFinding('12345678', 'QQ号')).toMatchObject({ type: 'qq' });
    expect(onlyFinding('12345678', 'Q号')).toMatchObject({ type: 'qq' });
    expect(onlyFinding('12345678', '扣扣')).toMatchObject({ type: 'qq' });
  });

  it.each([
    ['12345678', 'no label'],
    ['QQ 1234', 'four digits'],
    ['QQ 012345678', 'leading zero'],
    ['QQ 123456789012', 'twelve digits'],
    ['QQ群 SKU-12345678', 'inside a dash-joined code'],
    ['/search?q=12345678', 'a search query, not Q号'],
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
    // Where a record names its fields (regex-parts.ts LABEL_GAPS): a JSON key, an XML element or
    // attribute, a query string. A JSON or XML export's WeChat ids were not found.
    ['{"wechat":"zhang_san88"}', 'zhang_san88', 'chosen'],
    ['{"微信号": "Li-Ming2024"}', 'Li-Ming2024', 'chosen'],
    ['<wechat>wang_wei_1990</wechat>', 'wang_wei_1990', 'chosen'],
    ['<customer wechat="zhangsan_01"/>', 'zhangsan_01', 'chosen'],
    ['/bind?wechat=lisi_2024&ok=1', 'lisi_2024', 'chosen'],
    // As people write WeChat where a platform filters the word, or to be quick (all were unfound).
    ['vx：zhang_san88', 'zhang_san88', 'chosen'],
    ['加VX: Li-Ming2024', 'Li-Ming2024', 'chosen'],
    ['客户V信 wang_wei_1990', 'wang_wei_1990', 'chosen'],
    ['wx号 zhangsan_01', 'zhangsan_01', 'chosen'],
    ['WX=lisi_2024', 'lisi_2024', 'chosen'],
    ['<customer vx="zhang_san88"/>', 'zhang_san88', 'chosen'],
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
    ['<wechat><nickname>zhang_san88</nickname></wechat>', 'another element after the label'],
    ['{"wechat_pay":"enabled_v2"}', 'another key that starts with the label'],
    ['wx zhang_san88', 'an abbreviation as a word in running text, not a label'],
    ['hwx: zhang_san88', 'an abbreviation inside a longer label'],
    ['{"wx_pay": "SUCCESS"}', 'a key that starts with an abbreviation'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'wechat_id')).toEqual([]);
  });

  it.each([
    ['zhang_san88', '微信'],
    ['Li-Ming2024', '微信号'],
    ['wang_wei_1990', 'WeChat'],
    ['zhangsan', 'wechat id'],
    ['zhang_san88', 'wx'],
    ['Li-Ming2024', 'VX'],
    ['wang_wei_1990', 'V信'],
    ['zhangsan_01', 'WX号'],
    ['lisi_2024', 'wx_id'],
  ])('finds %j as a whole cell under the column header %j', (value, header) => {
    expect(onlyFinding(value, header)).toMatchObject({ type: 'wechat_id', pattern: 'column', basis: 'context', value });
  });

  it.each([
    ['unknown', '微信号', 'a placeholder'],
    ['ab12', '微信号', 'too short'],
    ['1zhangsan', '微信号', 'starts with a digit'],
    ['zhang.san@example.com', '微信号', 'an email address'],
    ['zhang san88', '微信号', 'two words'],
    ['见备注 zhang_san88', '微信号', 'not the whole cell'],
    ['zhang_san88', '备注', 'another column'],
    ['zhang_san88', '昵称', 'a nickname column'],
    ['wechat', 'wechat', "a header read under itself: WeChat's own name"],
    ['WeChat_ID', '微信号', "WeChat's own name"],
    // `wx` and `vx` are names of a whole header only: a payment export's columns hold ids' shapes.
    ['SUCCESS', 'wx_pay_status', 'a WeChat Pay column'],
    ['NATIVE', 'wx trade type', 'a WeChat Pay column in words'],
    ['REFUND', 'pay via wx', 'an abbreviation as the last word of a header'],
  ])('does not find %j under %j (%s)', (text, header) => {
    expect(findType(text, 'wechat_id', header)).toEqual([]);
  });

  it('微信：wechat is no id, 微信：weixin_fan is one', () => {
    expect(findType('微信：wechat', 'wechat_id')).toEqual([]);
    expect(onlyFinding('微信：weixin_fan')).toMatchObject({ type: 'wechat_id', value: 'weixin_fan' });
  });

  it('finds chosen ids in a CSV column headed 微信号, and not in free text that only mentions WeChat', () => {
    const found: Finding[] = [];
    const scan = (text: string, delimiter?: string) => {
      found.length = 0;
      const matcher = new TextMatcher({ detectors: DETECTORS, where: {}, delimiter, sink: { count: () => true, add: (f) => found.push(f) } });
      matcher.push(text);
      matcher.end();
      return found.filter((f) => f.type === 'wechat_id').map((f) => [f.value, f.pattern, f.location.line]);
    };
    const csv = '客户编号,微信号,备注\nC00000001,zhang_san88,加过微信\nC00000002,"Li-Ming2024",\nC00000003,unknown,无\n';
    expect(scan(csv, ',')).toEqual([
      ['zhang_san88', 'column', 2],
      ['Li-Ming2024', 'column', 3],
    ]);
    expect(scan('客户编号,昵称,备注\nC00000001,zhang_san88,加过微信\n', ',')).toEqual([]);
    expect(scan('加过微信\nzhang_san88,C00000001\n')).toEqual([]);
  });

  it('masks the middle', () => {
    expect(onlyFinding('wxid_k3j5h2l9m8n7p6').masked).toBe('wxid_k****p6');
  });
});
