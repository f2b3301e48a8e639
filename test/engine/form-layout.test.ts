/**
 * Forms laid out as label cells beside value cells (客户信息登记表 in a workbook): the label on a
 * value's left, ending with a colon or a field's name without one, counts as its header
 * (header-row.ts leftLabel, scan.ts).
 * Before, such a form of a name, a WeChat id, a QQ number, a birth date and a passport found none.
 */
import { describe, expect, it } from 'vitest';
import { ContextWords } from '../../lambdas/engine/context.js';
import { DETECTORS } from '../../lambdas/engine/detectors/index.js';
import { leftLabel, namesRows } from '../../lambdas/engine/header-row.js';
import { scanSource } from '../../lambdas/engine/scan.js';
import { csvText, xlsxBuffer } from '../../synthetic/files.js';
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

  it('labels without a colon when they are fields\' names (a detector\'s word and an ending): a sheet of names beside values (it was public)', async () => {
    const rows = [
      ['字段', '内容'],
      ['姓名', name],
      ['微信号', values.wechat],
      ['QQ号', values.qq],
      ['出生日期', '1990-05-03'],
      ['护照号码', values.passport],
    ];
    const report = await scanSource(bufferSource('f.xlsx', await xlsxBuffer([{ name: 'S', rows }])), 'f.xlsx');
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: { cn_name: 1, wechat_id: 1, qq: 1, date_of_birth: 1, cn_passport: 1 } });
  });

  it('a value beside a value is no label without its colon: a bank\'s name beside an account, a product beside its code', async () => {
    const rows = [
      ['开户行', '账户'],
      ['中国银行', '123456789012'],
      ['手机壳', '23456789'],
      ['张伟', 'zhang_wei88'],
    ];
    const report = await scanSource(bufferSource('f.xlsx', await xlsxBuffer([{ name: 'S', rows }])), 'f.xlsx');
    expect(report.counts).toEqual({});
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

  it('without a colon only when it is a field\'s name (ContextWords.isFieldName)', () => {
    const isFieldName = (text: string) => text === '微信号';
    expect(leftLabel(cell('A2', '微信号'), cell('B2'), isFieldName)).toBe('微信号');
    expect(leftLabel(cell('A2', '中国银行'), cell('B2'), isFieldName)).toBeUndefined();
    expect(leftLabel(cell('A1', '微信号'), cell('B2'), isFieldName)).toBeUndefined();
  });
});

describe('a table on its side: its first column names its rows (header-row.ts namesRows)', () => {
  const trng = new Rng('rows-named');
  const customers = 20;
  /** A row a field, a column a customer (字段 | 客户1 | 客户2 …), as a list is turned to print or to compare. */
  const sideways = (names: readonly string[]) => [
    ['字段', ...Array.from({ length: customers }, (_, i) => `客户${i + 1}`)],
    [names[0], ...Array.from({ length: customers }, () => chineseName(trng))],
    [names[1], ...Array.from({ length: customers }, () => wechatId(trng, { chosen: true }))],
    [names[2], ...Array.from({ length: customers }, () => qq(trng))],
    [names[3], ...Array.from({ length: customers }, () => passport(trng))],
    ['性别', ...Array.from({ length: customers }, (_, i) => (i % 2 === 0 ? '男' : '女'))],
  ];
  /** A key-value export: a line a field, a record after another. */
  const keyValue = (names: readonly string[]) => [
    ['字段', '值'],
    ...Array.from({ length: customers }, () => [
      [names[0], chineseName(trng)],
      [names[1], wechatId(trng, { chosen: true })],
      [names[2], qq(trng)],
      [names[3], passport(trng)],
    ]).flat(),
  ];
  const scanCsv = (rows: readonly (readonly string[])[]) => scanSource(bufferSource('list.csv', Buffer.from(csvText(rows))), 'list.csv');
  const scanXlsx = async (rows: readonly (readonly string[])[]) =>
    scanSource(bufferSource('list.xlsx', await xlsxBuffer([{ name: 'list', rows: rows.map((row) => [...row]) }])), 'list.xlsx');

  it.each([
    ['Chinese', ['姓名', '微信号', 'QQ号', '护照号码']],
    ['pinyin and English', ['xingming', 'wechat', 'qq', 'passport']],
  ])('%s field names, a row each: every customer\'s values, in a CSV and an XLSX (only the first column\'s were found)', async (_, names) => {
    const rows = sideways(names);
    for (const report of [await scanCsv(rows), await scanXlsx(rows)]) {
      expect(report.counts).toMatchObject({ cn_name: customers, wechat_id: customers, qq: customers, cn_passport: customers });
    }
  });

  it('a key-value CSV: every record\'s values (a CSV read no field beside its value: its WeChat ids were unfound)', async () => {
    const report = await scanCsv(keyValue(['姓名', '微信号', 'QQ号', '护照号码']));
    expect(report.counts).toMatchObject({ cn_name: customers, wechat_id: customers, qq: customers, cn_passport: customers });
  });

  it('a first column of payment methods (微信, 银行卡, repeated) names no row: the codes beside them are no WeChat ids', async () => {
    const methods = ['微信', '银行卡', '支付宝', '微信', '现金'];
    const rows = [
      ['支付方式', '订单号', '金额', '备注'],
      ...Array.from({ length: customers }, (_, i) => [methods[i % methods.length], `SO${100000 + i}abc`, '128.00', 'ok_paid']),
    ];
    expect((await scanCsv(rows)).counts, "csv").toEqual({});
    expect((await scanXlsx(rows)).counts, "xlsx").toEqual({});
  });

  it.each<[string[], number, boolean]>([
    [['字段', '姓名', '微信号', 'QQ号', '护照号码', '性别'], 21, true],
    [['姓名', '微信号', 'QQ号'], 21, true],
    // Too few, or under half of them names.
    [['姓名', '微信号'], 21, false],
    [['字段', '姓名', '微信号', 'QQ号', '备注', '性别', '年龄', '等级'], 21, false],
    // Repeated names: only a two-column table (a key-value export).
    [['姓名', '微信号', '姓名', '微信号', '姓名', '微信号'], 2, true],
    [['微信', '银行卡', '微信', 'QQ', '微信', '银行卡'], 4, false],
  ])('namesRows(%j, width %i): %s', (firsts, width, named) => {
    const context = new ContextWords(DETECTORS);
    expect(namesRows(firsts, width, (text) => context.isFieldName(text))).toBe(named);
  });
});
