// Columns told by their values (column-profile.ts): a list of names without a header row, or under
// a header that names no role, came out public (a headerless CSV, an INSERT without its column
// list, a sheet without its header row). A column of anything else stays unnamed.
import { describe, expect, it } from 'vitest';
import { levelOf } from '../../lambdas/engine/classification.js';
import { CellProfiles, PROFILE_VALUES, listProfile, profileWords, startsListItem } from '../../lambdas/engine/column-profile.js';
import { cnNameDetector } from '../../lambdas/engine/detectors/cn-name.js';
import { DETECTORS } from '../../lambdas/engine/detectors/index.js';
import { scanSource } from '../../lambdas/engine/scan.js';
import { TextMatcher } from '../../lambdas/engine/text-matcher.js';
import type { Cell, Finding, PiiType } from '../../lambdas/engine/types.js';
import { csvText, docxBuffer, pdfBuffer, xlsxBuffer, zipBuffer } from '../../synthetic/files.js';
import { chineseName, dateString, hkMacauPermit, imei, passport, qq, travelPermitHkMo, twId } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';
import { labelledList } from './formats/backup-fixtures.js';
import { bufferSource } from './formats/read-parts.js';

const rng = new Rng('column-profile');
const names = (n: number): string[] => Array.from({ length: n }, () => chineseName(rng));
/** Values of columns that are not names, many of them starting with a surname's character. */
const CITIES = ['北京', '上海', '石家庄', '温州', '金华', '常州', '徐州', '江门', '杭州', '武汉', '郑州', '沈阳', '苏州', '南京', '成都', '西安', '长沙', '青岛', '厦门', '合肥'];
const WORDS = ['金额', '余额', '付款方式', '高级', '周末', '程序', '范围', '黄金', '白色', '董事长', '万元', '马上', '关于', '温度', '游戏', '简介', '林业', '石油', '雷达', '龙头'];
const DEPARTMENTS = ['财务部', '人事部', '销售部', '技术部', '客服部', '行政部', '市场部', '采购部', '法务部', '研发部'];
const SURNAME_WORDS = ['王府井', '李子', '张家口', '黄山', '马鞍山', '高铁', '白云', '金山', '方正', '常熟', '江阴', '龙岩', '石狮', '万宁', '夏天', '孔雀', '向日葵', '宋体字', '曹操', '冯氏'];

const NAME = cnNameDetector.context![0];

describe('profileWords: a column of whole names gains a name word', () => {
  it('a column of names', () => {
    expect(NAME).toBe('姓名');
    expect(profileWords(names(PROFILE_VALUES), [cnNameDetector])).toBe(NAME);
  });

  it('three quarters of its values, and at least three', () => {
    const others = (n: number) => DEPARTMENTS.slice(0, n);
    expect(profileWords([...names(15), ...others(5)], [cnNameDetector])).toBe(NAME);
    expect(profileWords([...names(14), ...others(6)], [cnNameDetector])).toBe('');
    expect(profileWords([...names(3), ...others(1)], [cnNameDetector])).toBe(NAME);
    expect(profileWords(names(3), [cnNameDetector])).toBe(NAME);
    expect(profileWords(names(2), [cnNameDetector])).toBe('');
  });

  it('names spaced apart, joined by a dot, and in Traditional characters count; a name inside a longer value does not', () => {
    expect(profileWords(['王　芳', '阿依古丽·买买提', '陳大文', '李 小明'], [cnNameDetector])).toBe(NAME);
    expect(profileWords(['客户王芳', '王芳（VIP）', '王芳先生来电', '王芳'], [cnNameDetector])).toBe('');
  });

  it.each([
    ['cities', CITIES],
    ['everyday words that start with a surname', WORDS],
    ['departments', DEPARTMENTS],
    ['weekdays (a delivery day: 周 is a surname)', ['周一', '周二', '周三', '周四', '周五', '周六', '周日', '周一', '周三', '周五']],
    ['education levels and marital states', ['本科', '硕士', '博士', '大专', '高中', '初中', '已婚', '未婚', '本科', '高中']],
    ['company and car brands', ['华为', '小米', '海尔', '格力', '美的', '万科', '金蝶', '方正', '苏宁', '大众', '丰田', '宝马']],
    ['dates', Array.from({ length: 20 }, () => dateString(rng))],
    ['QQ numbers', Array.from({ length: 20 }, () => qq(rng))],
  ])('a column of %s gains none', (_, values) => {
    expect(profileWords(values, [cnNameDetector])).toBe('');
  });

  it('the known limit: a column whose every value is a short word starting with a surname reads as names', () => {
    // 王府井, 张家口, 曹操: by their shape alone these are names; so is such a column (a false
    // `sensitive` at worst). Mixed with other places it is not.
    expect(profileWords(SURNAME_WORDS, [cnNameDetector])).toBe(NAME);
    const others = ['北京', '上海', '杭州', '南京', '成都', '西安', '长沙', '青岛', '厦门', '合肥'];
    expect(profileWords(SURNAME_WORDS.slice(0, 10).flatMap((word, i) => [word, others[i]]), [cnNameDetector])).toBe('');
  });

  it('a column of brands under a header of goods, brands, shops or companies gains none; the same column headerless reads as names', () => {
    const brands = ['李宁', '王老吉', '周黑鸭', '黄鹤楼', '江小白', '马应龙', '金龙鱼', '孔府家', '杜康', '汤达人', '秦池', '刘伶醉'];
    for (const header of ['商品名称', '品牌', '店铺', 'ProductName', 'brand_name', '所属公司']) expect(profileWords(brands, DETECTORS, header)).toBe('');
    expect(profileWords(brands, DETECTORS, 'col2')).toBe(NAME);
    expect(profileWords(brands, DETECTORS)).toBe(NAME);
    // Names under a header that says whose they are still count (their header names the detector).
    expect(profileWords(names(20), DETECTORS, '店铺负责人')).toBe('');
  });

  it('only detectors that opt in are profilers: with the others alone, no column gains a word', () => {
    expect(profileWords(names(20), DETECTORS.filter((d) => d !== cnNameDetector))).toBe('');
    expect(DETECTORS.filter((d) => d.columnOfValues).map((d) => d.type)).toEqual(['cn_passport', 'cn_hk_macau_permit', 'cn_name', 'tw_id', 'cn_travel_permit_hk_mo', 'device_id']);
  });
});

describe('identity documents told by their values (a headerless list of them came out public)', () => {
  const list = (make: () => string) => Array.from({ length: 20 }, make);
  /** A system's codes in a document's shape, counted up from `start` (`E00012345`, `E00012349`). */
  const counted = (letter: string, start: number) => Array.from({ length: 20 }, (_, i) => `${letter}${String(start + i * rng.int(1, 40)).padStart(8, '0')}`);
  /** The same codes not counted up: their shape alone. */
  const spread = (letter: string) => Array.from({ length: 20 }, () => `${letter}${rng.digits(8)}`);

  it.each<[string, string, () => string]>([
    ['cn_passport', 'E12345678, EA1234567, G12345678', () => passport(rng, { kind: rng.pick(['e-digits', 'e-letter', 'g-digits'] as const) })],
    ['cn_hk_macau_permit', 'C12345678, CA1234567', () => hkMacauPermit(rng, { kind: rng.pick(['c-digits', 'c-letter'] as const) })],
    ['cn_travel_permit_hk_mo', 'H12345678, M1234567801', () => travelPermitHkMo(rng, { old: rng.int(0, 1) === 0 })],
    ['tw_id', 'A123456789', () => twId(rng)],
    ['device_id', 'an IMEI, 352099001761481', () => imei(rng)],
  ])('%s (%s): a headerless CSV and a data-only dump of them are found, at their level (public before)', async (type, _, make) => {
    const rows = list(make).map((value, i) => [String(1000 + i), value, String(rng.int(100, 9999))]);
    const csv = await scanSource(bufferSource('list.csv', csvText(rows)), 'list.csv');
    expect(csv).toMatchObject({ sensitivity: levelOf(type as PiiType), counts: { [type]: 20 } });
    expect(csv.sensitivity).not.toBe('public');
    const dump = `INSERT INTO \`t\` VALUES ${rows.map(([id, value, n]) => `(${id},'${value}',${n})`).join(',')};\n`;
    expect((await scanSource(bufferSource('dump.sql', dump), 'dump.sql')).counts).toEqual({ [type]: 20 });
  });

  it('a system\'s codes counted up in a document\'s shape are none (E00012345, C00000500, M00000001)', () => {
    for (const [letter, start] of [['E', 12345], ['C', 500], ['M', 1], ['G', 12000000]] as const) expect(profileWords(counted(letter, start), DETECTORS)).toBe('');
    expect(profileWords(spread('E'), DETECTORS)).toBe('护照');
  });

  it('IMEIs of one phone model (one type code, serials counted up) are IMEIs: their check digit, not their spread, tells them', () => {
    const luhn = (digits: string) => {
      let sum = 0;
      for (let i = 0; i < digits.length; i++) {
        let d = Number(digits[digits.length - 1 - i]);
        if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
      return digits + String((10 - (sum % 10)) % 10);
    };
    const model = Array.from({ length: 20 }, (_, i) => luhn(`35209900${String(176100 + i * 7).padStart(6, '0')}`));
    expect(profileWords(model, DETECTORS)).toBe('imei');
    // Fifteen digits without their check digit, as other numbers are: nine in ten fail it.
    expect(profileWords(Array.from({ length: 20 }, () => `35${rng.digits(13)}`), DETECTORS)).toBe('');
  });

  it('nor are codes under a header of codes (订单编号, customer_id, 会员号, 产品编码); under one that names nothing (备注) they are', () => {
    for (const [letter, header] of [['E', '订单编号'], ['C', 'customer_id'], ['M', '会员号'], ['E', '产品编码'], ['E', 'employee_no']] as const) {
      expect(profileWords(spread(letter), DETECTORS, header)).toBe('');
    }
    expect(profileWords(spread('E'), DETECTORS, '备注')).toBe('护照');
  });
});

describe('tables without a header row', () => {
  // Names, WeChat ids, birth dates, passports and QQ numbers: all of them need context.
  const [, ...rows] = labelledList(new Rng('headerless'), 30);

  it('a headerless CSV: its names found by their values, the first row too; no longer public', async () => {
    const report = await scanSource(bufferSource('export.csv', csvText(rows)), 'export.csv', { maxFindings: 0 });
    expect(report).toMatchObject({ format: 'csv', sensitivity: 'confidential', counts: { cn_name: 30, cn_passport: 30 } });
    expect(report.findings.filter((f) => f.type === 'cn_name').map((f) => f.location.line)).toEqual(rows.map((_, i) => i + 1));
  });

  it('a one-column list of names (mysql -N), and a column headed by a word that names no role', async () => {
    const list = names(12);
    expect((await scanSource(bufferSource('names.csv', `${list.join('\n')}\n`), 'names.csv')).counts).toEqual({ cn_name: 12 });
    const remarks = csvText([['编号', '备注'], ...list.map((name, i) => [String(1000 + i), name])]);
    expect((await scanSource(bufferSource('remarks.csv', remarks), 'remarks.csv')).counts).toEqual({ cn_name: 12 });
  });

  it('a CSV of cities, departments and words with a surname first: no names', async () => {
    const csv = csvText(CITIES.map((city, i) => [city, DEPARTMENTS[i % DEPARTMENTS.length], WORDS[i]]));
    expect((await scanSource(bufferSource('places.csv', csv), 'places.csv')).counts).toEqual({});
  });

  it('every window size gives the same names (a row cut by a window keeps its column)', () => {
    const csv = csvText(rows);
    for (const windowChars of [600, 1000, 1 << 15]) {
      const found: Finding[] = [];
      const matcher = new TextMatcher({ detectors: DETECTORS, where: {}, delimiter: ',', windowChars, sink: { count: () => true, add: (f) => found.push(f) } });
      for (let at = 0; at < csv.length; at += 97) matcher.push(csv.slice(at, at + 97));
      matcher.end();
      expect(found.filter((f) => f.type === 'cn_name').map((f) => f.value)).toEqual(rows.map((row) => row[0]));
    }
  });

  it('an INSERT without its column list, no CREATE TABLE before it (a data-only dump)', async () => {
    const quoted = (row: readonly string[]) => `(${row.map((v) => `'${v}'`).join(',')})`;
    const mysql = `INSERT INTO \`customers\` VALUES ${rows.map(quoted).join(',')};\n`;
    const postgres = rows.map((row) => `INSERT INTO public.customers VALUES ${quoted(row)};`).join('\n');
    for (const [name, dump] of [['mysql.sql', mysql], ['pg.sql', postgres]]) {
      const report = await scanSource(bufferSource(name, dump), name);
      expect(report).toMatchObject({ format: 'sql', sensitivity: 'confidential', counts: { cn_name: 30, cn_passport: 30 } });
    }
  });

  it('an XLSX sheet without its header row; its other sheet, of cities, profiled apart', async () => {
    const book = await xlsxBuffer([
      { name: '客户', rows },
      { name: '城市', rows: CITIES.map((city, i) => [city, WORDS[i]]) },
    ]);
    const report = await scanSource(bufferSource('book.xlsx', book), 'book.xlsx', { maxFindings: 0 });
    expect(report).toMatchObject({ format: 'xlsx', counts: { cn_name: 30 } });
    expect(new Set(report.findings.map((f) => f.location.sheet))).toEqual(new Set(['客户']));
  });
});

describe('a text that is a list, one value a line', () => {
  // A roster saved as .txt, IDs pasted into a mail, names a paragraph in Word: the same values as a
  // one-column CSV came out sensitive or confidential, as text public.
  const scanText = (name: string, text: string | Buffer) => scanSource(bufferSource(name, text), name, { maxFindings: 0 });
  const lines = (values: readonly string[]) => `${values.join('\n')}\n`;

  it.each<[string, () => string, PiiType]>([
    ['names', () => chineseName(rng), 'cn_name'],
    ['passports', () => passport(rng), 'cn_passport'],
    ['Taiwan IDs', () => twId(rng), 'tw_id'],
    ['IMEIs', () => imei(rng), 'device_id'],
    ['Hong Kong and Macau permits', () => hkMacauPermit(rng), 'cn_hk_macau_permit'],
  ])('a .txt of %s: every one found, at its line', async (_, value, type) => {
    const values = Array.from({ length: 16 }, value);
    const report = await scanText('list.txt', lines(values));
    expect(report.counts).toEqual({ [type]: 16 });
    expect(report.findings.map((f) => f.location.line)).toEqual(values.map((_, i) => i + 1));
  });

  it('under a title and a header line, CRLF, indented: found; the same as a one-column CSV', async () => {
    const list = names(12);
    const text = ['参会人员名单', '', '姓名', ...list.map((name) => `  ${name}`)].join('\r\n');
    expect((await scanText('list.txt', text)).counts).toEqual({ cn_name: 12 });
    expect((await scanText('list.csv', text)).counts).toEqual({ cn_name: 12 });
  });

  it.each([
    ['1. ', (i: number) => `${i + 1}. `],
    ['1、', (i: number) => `${i + 1}、`],
    ['（1）', (i: number) => `（${i + 1}）`],
    ['1)', (i: number) => `${i + 1})`],
    ['①', (i: number) => `${String.fromCharCode(0x2460 + i)} `],
    ['- ', () => '- '],
    ['• ', () => '• '],
  ])('numbered or bulleted (%s): found; a numbered list of cities is not', async (_, mark) => {
    const list = names(12);
    expect((await scanText('list.txt', lines(list.map((name, i) => mark(i) + name)))).counts).toEqual({ cn_name: 12 });
    expect((await scanText('list.txt', lines(CITIES.slice(0, 12).map((city, i) => mark(i) + city)))).counts).toEqual({});
  });

  it('startsListItem: blanks, a number or a bullet before a value, nothing else', () => {
    for (const prefix of ['', '  ', '\t', '1.', '12. ', '3、', '(4)', '5)', '② ', '- ', '* ', '• ']) expect(startsListItem(prefix)).toBe(true);
    for (const prefix of ['今天', '客户 ', '1234. ', '1.1 ', 'a. ', '--', '第1名 ']) expect(startsListItem(prefix)).toBe(false);
  });

  it('in a Word document a paragraph each, a PDF a line each, a zip\'s member', async () => {
    const list = names(12);
    const ids = Array.from({ length: 12 }, () => passport(rng));
    expect((await scanText('list.docx', await docxBuffer(['名单', ...list]))).counts).toEqual({ cn_name: 12 });
    expect((await scanText('ids.pdf', await pdfBuffer([ids]))).counts).toEqual({ cn_passport: 12 });
    expect((await scanText('list.zip', await zipBuffer([{ name: 'list.txt', data: list.join('\n') }]))).counts).toEqual({ cn_name: 12 });
  });

  it.each([
    ['cities', CITIES],
    ['everyday words that start with a surname', WORDS],
    ['departments', DEPARTMENTS],
    ['dates', Array.from({ length: 20 }, () => dateString(rng))],
    ['QQ numbers', Array.from({ length: 20 }, () => qq(rng))],
  ])('a .txt of %s: nothing', async (_, values) => {
    expect((await scanText('list.txt', lines(values))).counts).toEqual({});
  });

  it('only a value that starts its line gains the list\'s words: a name inside a later sentence is no finding', async () => {
    const list = names(12);
    const report = await scanText('list.txt', lines([...list, `今天${list[0]}来了`, `  ${list[1]}`]));
    expect(report.counts).toEqual({ cn_name: 13 });
    expect(report.findings.map((f) => f.location.line)).toEqual([...list.map((_, i) => i + 1), 14]);
  });

  it('lines of sentences, fields or labels are no list, and a text of a few values is none', () => {
    const list = names(20);
    expect(listProfile(list, DETECTORS)).toBe(NAME);
    expect(listProfile(list.map((name) => `客户${name}已付款，请发货`), DETECTORS)).toBe('');
    for (const sign of [',', ';', ':', '=', '：', '、', '，', ' ']) expect(listProfile(list.map((name) => `${name}${sign}x`), DETECTORS)).toBe('');
    expect(listProfile(names(2), DETECTORS)).toBe('');
    // A title and a few other lines: three quarters of the lines must be values.
    expect(listProfile(['客户名单（2024年）：', ...names(3)], DETECTORS)).toBe(NAME);
    expect(listProfile(['第一组：', ...names(3), '第二组：', '备注：以上人员已审核'], DETECTORS)).toBe('');
  });

  it('every window size gives the same names (the list\'s words hold in every window)', () => {
    const list = names(200);
    const text = lines(list);
    for (const windowChars of [600, 1000, 1 << 15]) {
      const found: Finding[] = [];
      const matcher = new TextMatcher({ detectors: DETECTORS, where: {}, windowChars, sink: { count: () => true, add: (f) => found.push(f) } });
      for (let at = 0; at < text.length; at += 97) matcher.push(text.slice(at, at + 97));
      matcher.end();
      expect(found.map((f) => f.value)).toEqual(list);
      expect(matcher.columnHeaders).toEqual([NAME]);
    }
  });
});

describe('CellProfiles', () => {
  const sheet = (name: string, values: readonly string[], column = 'B'): Cell[] =>
    values.flatMap((text, i) => [
      { sheet: name, ref: `A${i + 1}`, text: String(i) },
      { sheet: name, ref: `${column}${i + 1}`, text, header: 'x' },
    ]);

  it('keeps every cell and its order; only a profiled column gains the word, in every row, after its header', () => {
    const cells = [...sheet('s', names(40)), ...sheet('t', CITIES)];
    const profiles = new CellProfiles(DETECTORS);
    const out = [cells.slice(0, 7), cells.slice(7, 50), cells.slice(50)].flatMap((batch) => [...profiles.take(batch)]);
    out.push(...profiles.rest());
    expect(out.map(({ sheet, ref, text }) => ({ sheet, ref, text }))).toEqual(cells.map(({ sheet, ref, text }) => ({ sheet, ref, text })));
    expect(new Set(out.filter((c) => c.sheet === 's' && c.ref.startsWith('B')).map((c) => c.header))).toEqual(new Set([`x ${NAME}`]));
    expect(out.filter((c) => c.sheet === 't' || c.ref.startsWith('A')).every((c) => c.header === (c.ref.startsWith('A') ? undefined : 'x'))).toBe(true);
  });

  it('holds a sheet\'s first rows only: a batch after them is given whole, at once', () => {
    const cells = sheet('s', CITIES.concat(CITIES));
    const profiles = new CellProfiles(DETECTORS);
    expect(profiles.take(cells.slice(0, 10))).toEqual([]);
    // Row 25 ends the sheet's first rows: the 10 cells held and the batch come out together.
    expect(profiles.take(cells.slice(10, 60))).toEqual(cells.slice(0, 60));
    const last = cells.slice(60);
    expect(profiles.take(last)).toBe(last);
    expect(profiles.rest()).toEqual([]);
  });

  it('holds no more than 2 Mi characters of text: rows of documents (BSON, a Redis value) go on as they pass it', () => {
    const document = 'x'.repeat(1024 * 1024);
    const cells = sheet('s', [document, document, document, 'short']);
    const profiles = new CellProfiles(DETECTORS);
    // Rows 1 and 2 (a number and a document each): under 2 Mi characters, held.
    expect(profiles.take(cells.slice(0, 3))).toEqual([]);
    // The second document passes it: every cell held comes out, and those after it go on at once.
    expect(profiles.take(cells.slice(3, 4))).toEqual(cells.slice(0, 4));
    expect(profiles.take(cells.slice(4))).toEqual(cells.slice(4));
  });

  it('a reader that fails mid-sheet: the cells held for the profile are scanned, then its error', async () => {
    // Excel 2003 XML whose end is malformed: its reader throws CORRUPT after the cells before it.
    const list = names(5);
    const xml =
      '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">' +
      `<Worksheet ss:Name="A"><Table>${list.map((name) => `<Row><Cell><Data ss:Type="String">${name}</Data></Cell></Row>`).join('')}</Table></Worksheet><Row></Workbook>`;
    const report = await scanSource(bufferSource('a.xml', xml), 'a.xml');
    expect(report).toMatchObject({ format: 'spreadsheetml', counts: { cn_name: 5 }, error: { code: 'CORRUPT' } });
  });
});
