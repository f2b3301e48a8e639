/**
 * Labels in a text (text-matcher.ts labelAt, labelsIn): in a text that is neither delimited nor
 * JSON, the ASCII word right before a colon or `=` right before a value is its header, as a
 * column's name is in a CSV, so the words counted only in a header (pinyin column names, English
 * roles) count there too.
 */
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../lambdas/engine/scan.js';
import { csvText, xlsxBuffer } from '../../synthetic/files.js';
import { Rng } from '../../synthetic/random.js';
import { bankAccount, dateString, hkMoTwPhone, licensePlate, qq, wechatId } from '../../synthetic/identifiers.js';
import { labelledList } from './formats/backup-fixtures.js';
import { bufferSource } from './formats/read-parts.js';

const scan = (name: string, text: string) => scanSource(bufferSource(name, Buffer.from(text)), name);
const [, ...rows] = labelledList(new Rng('text-labels'), 20);
/** A Chinese system's column names in pinyin: 姓名, 微信号, 出生日期, 护照号, QQ号码. */
const PINYIN = ['xingming', 'wxh', 'csrq', 'huzhao', 'qqhm'];
/** Each record a line of `label：value` pairs, as a system's export or a note writes them. */
const labelled = (labels: readonly string[], colon = '：', comma = '，') =>
  `${rows.map((row) => row.map((value, i) => `${labels[i]}${colon}${value}`).join(comma)).join('\n')}\n`;

describe('a list of pinyin labels and values in a text', async () => {
  const csv = await scan('list.csv', csvText([PINYIN, ...rows]));

  it.each<[string, string]>([
    ['full-width colons and commas', labelled(PINYIN)],
    ['ASCII colons and a space after them', labelled(PINYIN, ': ', ', ')],
    ['key=value pairs (logfmt)', labelled(PINYIN, '=', ' ')],
    ['a label in any letter case, quoted values', labelled(PINYIN.map((label) => label.toUpperCase()), '="', '" ').replace(/\n/g, '"\n')],
    ['labels numbered as a form numbers its fields (xingming1, wxh2)', labelled(PINYIN.map((label, i) => `${label}${i + 1}`))],
  ])('%s: found as under the same column names in a CSV (it was public)', async (_, text) => {
    expect(csv.counts).toMatchObject({ cn_name: 20, date_of_birth: 20, cn_passport: 20, qq: 20 });
    const report = await scan('notes.txt', text);
    expect(report.sensitivity).not.toBe('public');
    expect(report.counts).toMatchObject({ cn_name: 20, date_of_birth: 20, cn_passport: 20, qq: 20 });
  });
});

describe('labels: only the value right after a label is under it', () => {
  it.each<[string, number]>([
    ['Consignee: 王芳\nRecipient：李伟\nPassenger: 张秀英\n', 3],
    // The role names a value only right before it.
    ['Consignee: see below\n王芳 李伟\n', 0],
    ['xingming：王芳，beizhu：李伟来电\n', 1],
    // Not a label: Han before the colon, a time's digits.
    ['联系：王芳\n12:30 李伟\n', 0],
  ])('%j: %i names', async (text, names) => {
    const report = await scan('notes.txt', text);
    expect(report.counts.cn_name ?? 0).toBe(names);
  });

  it('a date is a birth date under a birth label only (csrq), not under another (xdrq, a log time)', async () => {
    const report = await scan('orders.txt', 'csrq：1990-05-03，xdrq：2024-11-01\n2024-11-01 12:30:01 date=2024-11-01 csny=1990-05\n');
    expect(report.counts.date_of_birth).toBe(2);
  });

  it('ISO times (`T08:30`) take no place among the 128 labelled signs', async () => {
    // 200 signs, under the 256 looked at.
    const lines = Array.from({ length: 200 }, (_, i) => `2024-11-01T08:${String(i % 60).padStart(2, '0')} done`).join('\n');
    const report = await scan('run.log', `${lines}\nxingming：王芳\n`);
    expect(report.counts.cn_name).toBe(1);
  });

  it('labels past the first 128 labelled signs of a window do not count there (their cost is bounded)', async () => {
    const filler = Array.from({ length: 200 }, (_, i) => `step ${i} status: done`).join('\n');
    const report = await scan('run.log', `${filler}\nxingming：王芳\n`);
    expect(report.counts.cn_name).toBeUndefined();
  });
});

describe('a context word written as a label counts for the value after it, not for its neighbours (counted as it before)', () => {
  const rng = new Rng('label-neighbours');
  const number = () => String(rng.int(100000, 999999));
  const records = Array.from({ length: 20 }, () => [
    ['orderId', number()],
    ['qq', qq(rng)],
    ['createdAt', dateString(rng, { years: [2023, 2025] })],
    ['birthday', dateString(rng)],
    ['amount', number()],
    ['bankAccount', bankAccount(rng)],
    ['sku', number()],
  ]);
  const objects = records.map((record) => Object.fromEntries(record));
  const HAN = ['订单号', 'QQ号码', '下单时间', '出生日期', '金额', '银行账号', '货号'];

  it.each<[string, string, string]>([
    ['a JSON array', 'orders.json', JSON.stringify(objects)],
    ['JSON lines', 'orders.jsonl', objects.map((o) => JSON.stringify(o)).join('\n')],
    ['pretty-printed JSON', 'orders.json', JSON.stringify(objects, null, 2)],
    ['XML elements', 'orders.xml', `<rows>${records.map((r) => `<row>${r.map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</row>`).join('\n')}</rows>`],
    ['key=value pairs', 'orders.txt', records.map((r) => r.map(([k, v]) => `${k}=${v}`).join('&')).join('\n')],
    ['key: value pairs', 'orders.txt', records.map((r) => r.map(([k, v]) => `${k}: ${v}`).join(', ')).join('\n')],
    ['Chinese labels', 'orders.txt', records.map((r) => r.map(([, v], i) => `${HAN[i]}：${v}`).join('，')).join('\n')],
  ])('%s: the order number, amount and item number beside a QQ or account label are none (40 QQ numbers for 20)', async (_, name, text) => {
    const report = await scan(name, text);
    expect(report.counts).toEqual({ qq: 20, date_of_birth: 20, bank_account: 20 });
  });

  it.each<[string, number]>([
    // Not labels: a value's type beside it, a word before or after a number.
    ['{"type": "QQ", "value": "2871655042"}', 1],
    ['联系方式 2871655042 (QQ)', 1],
    ['QQ 2871655042', 1],
    // A label's values after its sign, up to another label.
    ['QQ：2871655042，1638840057\n', 2],
    ['QQ号码：2871655042，备注：1638840057\n', 1],
    ['<contact type="qq">2871655042</contact>', 1],
    // A label's value an object, an array or an element: the values inside are its.
    ['{"qq": {"value": "2871655042", "verified": true}, "orderId": 100001}', 1],
    ['{"qq": ["2871655042", "1638840057"]}', 2],
    ['<qq><number>2871655042</number></qq><orderId>100001</orderId>', 1],
    ['<qq><![CDATA[2871655042]]></qq>', 1],
    // Tags after a label's colon are markup (a page's markup in a text file).
    ['<dl><dt>QQ号：</dt><dd>2871655042</dd><dt>备注：</dt><dd>1638840057</dd></dl>', 1],
    // `=>` is one sign (PHP's var_export, Ruby's and Perl's hashes).
    ["array ('order_id' => '100001', 'qq' => '2871655042', 'amount' => '366697')", 1],
  ])('%j: %i QQ numbers', async (text, count) => {
    const report = await scan('notes.txt', text);
    expect(report.counts.qq ?? 0).toBe(count);
  });
});

describe('labels in a table\'s cells: a label right before a value names it, as its column\'s header does', () => {
  /** A note column of a system's export, each cell one labelled value (`lxr：王芳`, `Consignee: 王芳`). */
  const notes = (label: string) => [['id', 'note'], ...rows.map((row, i) => [String(i + 1), `${label}${row[0]}`])];

  it.each<[string, string]>([
    ['a pinyin label', 'lxr：'],
    ['an English role', 'Consignee: '],
    ['a numbered label', 'xingming1='],
  ])('%s in a CSV field and in an XLSX cell (both were public)', async (_, label) => {
    const csv = await scan('orders.csv', csvText(notes(label)));
    expect(csv.counts.cn_name).toBe(20);
    const xlsx = await scanSource(bufferSource('orders.xlsx', await xlsxBuffer([{ name: 'orders', rows: notes(label) }])), 'orders.xlsx');
    expect(xlsx.counts.cn_name).toBe(20);
  });

  it('a label that names nothing (note:) leaves the cell\'s value under its column\'s header alone', async () => {
    const named = [['姓名', 'id'], ...rows.map((row, i) => [`vip: ${row[0]}`, String(i + 1)])];
    expect((await scan('list.csv', csvText(named))).counts.cn_name).toBe(20);
    const unnamed = [['note', 'id'], ...rows.map((row, i) => [`vip: ${row[0]}`, String(i + 1)])];
    expect((await scan('list.csv', csvText(unnamed))).counts.cn_name).toBeUndefined();
  });
});

describe('column names whose words a database or a program joins (bank_account, accountNo)', () => {
  const rng = new Rng('joined-names');
  /** Bank account numbers: found only under an account label or header (no checksum). */
  const accounts = Array.from({ length: 20 }, () => bankAccount(rng));
  const table = (header: string) => [['id', header], ...accounts.map((account, i) => [String(i + 1), account])];

  it.each(['bank_account', 'account_no', 'acct.no', 'bank-account', 'bankAccount', 'AccountNo'])(
    '%s: a column of bank accounts in a CSV, an XLSX and a JSON export (all but the SQL dump were public)',
    async (header) => {
      expect((await scan('accounts.csv', csvText(table(header)))).counts.bank_account).toBe(20);
      const xlsx = await scanSource(bufferSource('accounts.xlsx', await xlsxBuffer([{ name: 'accounts', rows: table(header) }])), 'accounts.xlsx');
      expect(xlsx.counts.bank_account).toBe(20);
      const json = JSON.stringify(accounts.map((account, i) => ({ id: i + 1, [header]: account })));
      expect((await scan('accounts.json', json)).counts.bank_account).toBe(20);
    },
  );

  it('a name that joins no account words holds none (bankaccountant, account, accountHolder)', async () => {
    for (const header of ['bankaccountant', 'account', 'accountHolder']) {
      expect((await scan('accounts.csv', csvText(table(header)))).counts.bank_account, header).toBeUndefined();
    }
  });
});

describe('a JSON export\'s keys naming a WeChat or plate column, as programs name them (they were public)', () => {
  const rng = new Rng('json-keys');
  const records = (key: string, value: () => string) => JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ id: i + 1, [key]: value() })));

  it.each(['wechatId', 'wechat_id', 'weixinNo', 'wxNo', 'wx_id', 'vx'])('WeChat ids under %j', async (key) => {
    const report = await scan('users.json', records(key, () => wechatId(rng, { chosen: true })));
    expect(report.counts.wechat_id).toBe(20);
  });

  it.each(['plateNo', 'plate_no', 'licensePlate'])('Hong Kong plates under %j', async (key) => {
    const report = await scan('vehicles.json', records(key, () => licensePlate(rng, { region: 'hongkong' })));
    expect(report.counts.cn_license_plate).toBe(20);
  });

  it('the same names as labels in a text (wechatId:, plate_no=), not as the words of a text (it was public)', async () => {
    const ids = Array.from({ length: 3 }, () => wechatId(rng, { chosen: true }));
    const report = await scan('notes.txt', `${ids.map((id) => `wechatId: ${id}`).join('\n')}\nplate_no=AB 1234\n`);
    expect(report.counts).toMatchObject({ wechat_id: 3, cn_license_plate: 1 });
  });

  it('a WeChat Pay export\'s values are no ids (their keys name a payment)', async () => {
    const pay = JSON.stringify(
      Array.from({ length: 20 }, (_, i) => ({ id: i + 1, wechat_pay_status: 'SUCCESS', wxPayType: 'NATIVE', wx_pay_bank: 'ICBC_DEBIT', wxpay: 'enabled_v2' })),
    );
    const report = await scan('pay.json', pay);
    expect(report.counts.wechat_id).toBeUndefined();
  });
});

describe('an XML export: an element\'s name and an attribute\'s name are its value\'s label (they were public)', () => {
  const rng = new Rng('xml-labels');
  const xml = (records: readonly string[]) => `<?xml version="1.0" encoding="UTF-8"?>\n<records>\n${records.join('\n')}\n</records>\n`;
  /** Records of elements, their values as text or as CDATA (as WeChat's and many Java systems' XML write every text). */
  const elements = (names: readonly string[], values: readonly (readonly string[])[], prefix = '', cdata = false) =>
    xml(
      values.map(
        (row) =>
          `  <${prefix}record>\n${row.map((value, i) => `    <${prefix}${names[i]}>${cdata ? `<![CDATA[${value}]]>` : value}</${prefix}${names[i]}>`).join('\n')}\n  </${prefix}record>`,
      ),
    );
  const attributes = (names: readonly string[], values: readonly (readonly string[])[]) =>
    xml(values.map((row) => `  <record ${row.map((value, i) => `${names[i]}="${value}"`).join(' ')}/>`));

  it.each<[string, string]>([
    ['elements', elements(PINYIN, rows)],
    ['elements with a namespace prefix', elements(PINYIN, rows, 'ns:')],
    ['elements with their values as CDATA', elements(PINYIN, rows, '', true)],
    ['attributes', attributes(PINYIN, rows)],
  ])('a Chinese system\'s pinyin names as %s: found as under the same column names in a CSV', async (_, text) => {
    const report = await scan('customers.xml', text);
    expect(report.counts).toMatchObject({ cn_name: 20, date_of_birth: 20, cn_passport: 20, qq: 20, wechat_id: 20 });
  });

  /** Names as programs write them: WeChat ids, Hong Kong phones and plates, QQ numbers, bank accounts. */
  const PROGRAM = ['wechatId', 'contactNo', 'plateNo', 'qqNo', 'accountNo', 'weixin'];
  const values = Array.from({ length: 20 }, () => [
    wechatId(rng, { chosen: true }),
    hkMoTwPhone(rng, { form: 'local' }),
    licensePlate(rng, { region: 'hongkong' }),
    qq(rng),
    bankAccount(rng),
    wechatId(rng, { chosen: true }),
  ]);

  it.each<[string, string]>([
    ['elements', elements(PROGRAM, values)],
    ['elements with their values as CDATA', elements(PROGRAM, values, '', true)],
    ['attributes', attributes(PROGRAM, values)],
    ['labels in a text', `${values.map((row) => row.map((value, i) => `${PROGRAM[i]}: ${value}`).join(', ')).join('\n')}\n`],
  ])('program names (wechatId, contactNo, plateNo, qqNo, accountNo, weixin) as %s', async (_, text) => {
    const report = await scan('customers.xml', text);
    expect(report.counts).toMatchObject({ wechat_id: 40, hk_mo_tw_phone: 20, cn_license_plate: 20, qq: 20, bank_account: 20 });
  });

  it('elements that name a payment, a product or nothing keep their values\' ids and brands unfound', async () => {
    const text = xml(
      Array.from({ length: 20 }, (_, i) =>
        `  <order><id>${i + 1}</id><wx_pay_status>SUCCESS</wx_pay_status><ProductName>李宁</ProductName><remark>王老吉</remark><code>${wechatId(rng, { chosen: true })}</code></order>`,
      ),
    );
    const report = await scan('orders.xml', text);
    expect(report.counts).toEqual({});
  });

  it.each<[string, (name: string, value: string) => string]>([
    ['mysqldump --xml', (name, value) => `\t<row>\n\t\t<field name="id">1</field>\n\t\t<field name="${name}">${value}</field>\n\t</row>`],
    ['phpMyAdmin', (name, value) => `    <table name="customers">\n        <column name="${name}">${value}</column>\n    </table>`],
  ])('a database\'s XML (%s) names each field by its name attribute (public before)', async (_, field) => {
    const text = xml(rows.flatMap((row) => row.map((value, i) => field(PINYIN[i], value))));
    const report = await scan('crm.xml', text);
    expect(report.counts).toMatchObject({ cn_name: 20, date_of_birth: 20, cn_passport: 20, qq: 20, wechat_id: 20 });
  });

  it('an element named in Chinese by a role counted only in a header (乘客, 患者: public before)', async () => {
    const names = rows.map((row) => [row[0], row[0]]);
    const report = await scan('passengers.xml', elements(['乘客', '患者'], names));
    expect(report.counts.cn_name).toBe(40);
  });

  it('a value after an end tag is under no element (`</xingming>王芳`)', async () => {
    const report = await scan('notes.xml', '<note><xingming></xingming>王芳 李伟</note>\n');
    expect(report.counts.cn_name).toBeUndefined();
  });
});

describe('column names as Chinese systems abbreviate them in pinyin (xm 姓名, shouhuoren 收货人, chepai, cph 车牌号)', () => {
  const rng = new Rng('pinyin-names');
  const table = (header: string, value: () => string) => csvText([['id', header], ...Array.from({ length: 20 }, (_, i) => [String(i + 1), value()])]);

  it.each(['xm', 'shouhuoren', 'shoujianren'])('names labelled %j in a text (a column of them is one by its values; in a text they were public)', async (label) => {
    const report = await scan('notes.txt', `${rows.map((row, i) => `id=${i + 1} ${label}=${row[0]}`).join('\n')}\n`);
    expect(report.counts.cn_name).toBe(20);
  });

  it.each(['chepai', 'cph', 'chepaihao'])('Hong Kong plates under %j (public before)', async (header) => {
    const report = await scan('list.csv', table(header, () => licensePlate(rng, { region: 'hongkong' })));
    expect(report.counts.cn_license_plate).toBe(20);
  });
});
