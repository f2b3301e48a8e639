/**
 * Forms laid out as label cells beside value cells (客户信息登记表 in a workbook): the label on a
 * value's left, ending with a colon, counts as its header (header-row.ts leftLabel, scan.ts).
 * Before, such a form of a name, a WeChat id, a QQ number, a birth date and a passport found none.
 */
import { describe, expect, it } from 'vitest';
import { leftLabel } from '../../lambdas/engine/header-row.js';
import { scanSource } from '../../lambdas/engine/scan.js';
import { xlsxBuffer } from '../../synthetic/files.js';
import { chineseName, passport, qq, wechatId } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';
import { bufferSource } from './formats/read-parts.js';

const rng = new Rng('form-layout');
const name = chineseName(rng);
const values = { wechat: wechatId(rng, { chosen: true }), qq: qq(rng), passport: passport(rng) };

describe('a registration form in a workbook', () => {
  it.each([
    ['labels with a full-width colon', '：'],
    ['labels with an ASCII colon', ':'],
  ])('%s: every value under the label on its left', async (_, colon) => {
    const rows = [
      ['客户信息登记表'],
      [`姓名${colon}`, name, `性别${colon}`, '男'],
      [`微信号${colon}`, values.wechat, `QQ${colon}`, values.qq],
      [`出生日期${colon}`, '1990-05-03', `护照号码${colon}`, values.passport],
    ];
    const report = await scanSource(bufferSource('登记表.xlsx', await xlsxBuffer([{ name: '登记表', rows }])), '登记表.xlsx');
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: { cn_name: 1, wechat_id: 1, qq: 1, date_of_birth: 1, cn_passport: 1 } });
  });

  it('labels without a colon are not told from values: a bank\'s name beside its card is no label', async () => {
    const rows = [
      ['姓名', name, '微信号', values.wechat],
    ];
    const report = await scanSource(bufferSource('f.xlsx', await xlsxBuffer([{ name: 'S', rows }])), 'f.xlsx');
    expect(report.counts.wechat_id ?? 0).toBe(0);
  });

  it('a table\'s values beside values (with digits) change nothing', async () => {
    const rows = [
      ['编号', '数量'],
      ['C001', '12345678'],
    ];
    const report = await scanSource(bufferSource('t.xlsx', await xlsxBuffer([{ name: 'S', rows }])), 't.xlsx');
    expect(report.counts).toEqual({});
  });
});

describe('leftLabel', () => {
  const cell = (ref: string, text = '', sheet = 'S') => ({ sheet, ref, text });

  it.each<[string, ReturnType<typeof cell> | undefined, ReturnType<typeof cell>, string | undefined]>([
    ['the cell right before, in the same row', cell('A2', '姓名：'), cell('B2'), '姓名：'],
    ['past Z', cell('Z3', 'QQ:'), cell('AA3'), 'QQ:'],
    ['without a colon', cell('A2', '姓名'), cell('B2'), undefined],
    ['none before', undefined, cell('B2'), undefined],
    ['another row', cell('A1', '姓名：'), cell('B2'), undefined],
    ['not next to it', cell('A2', '姓名：'), cell('C2'), undefined],
    ['another sheet', cell('A2', '姓名：', 'T'), cell('B2'), undefined],
    ['a text with a digit', cell('A2', '联系人2：'), cell('B2'), undefined],
    ['a long text', cell('A2', '北京市朝阳区建国路八十八号院三号楼：'), cell('B2'), undefined],
    ['an empty one (a BLOB)', cell('A2', ''), cell('B2'), undefined],
  ])('%s', (_, left, at, expected) => {
    expect(leftLabel(left, at)).toBe(expected);
  });
});
