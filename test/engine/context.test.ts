/**
 * The context stage's whole-text lookup: AnchoredWords finds whether a text holds one of a set of
 * words with one search per anchor character; it must answer exactly what a search per word does.
 */
import { describe, expect, it } from 'vitest';
import { AnchoredWords, ContextWords } from '../../lambdas/engine/context.js';
import { DETECTORS } from '../../lambdas/engine/detectors/index.js';
import { findInText } from '../../lambdas/engine/match.js';
import { chineseName, dateString, passport, wechatId } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';

const naive = (words: readonly string[], text: string) => words.some((w) => w.length > 0 && text.includes(w));

describe('AnchoredWords', () => {
  it.each([
    [['账号', '帐号', '对公账户', '银行账户', '收款账户'], '户名：张三 收款账户 622202', true],
    [['账号', '帐号', '对公账户', '银行账户', '收款账户'], '已注销账户，账户余额为零', false],
    [['账号', '帐号', '对公账户', '银行账户', '收款账户'], '帐号 1234', true],
    [['qq', 'Qq', 'qQ', 'QQ'], 'contact: Qq 12345', true],
    [['qq', 'Qq', 'qQ', 'QQ'], 'q q, Q-Q, q', false],
    [['出生', '生日', '诞辰'], '学生证', false],
    [['出生', '生日', '诞辰'], '生日：1990-05-03', true],
    [['', '地址'], '', false],
    // Words that share their anchor (人), compared only where the character before it agrees.
    [['投保人', '被保险人', '联系人', '人名'], '客户要求转人工，排队 35 人', false],
    [['投保人', '被保险人', '联系人', '人名'], '人名单', true],
    [['投保人', '被保险人', '联系人', '人名'], '被保险人：张三', true],
    [['投保人', '被保险人', '联系人', '人名'], '投保 人', false],
  ])('finds %j in %s: %s', (words, text, expected) => {
    expect(new AnchoredWords(words).in(text)).toBe(expected);
    expect(naive(words, text)).toBe(expected);
  });

  it('answers as a search per word on random texts built from the words, their parts and look-alikes', () => {
    const rng = new Rng('anchored-words');
    const sets = DETECTORS.map((d) => d.context ?? []).filter((w) => w.length > 0);
    let found = 0;
    for (let t = 0; t < 400; t++) {
      const words = rng.pick(sets);
      const pieces = [...words, ...words.map((w) => w.slice(0, Math.max(1, w.length - 1))), ...words.map((w) => w.slice(1)), ' ', ',', '号', 'a'];
      let text = '';
      const n = rng.int(0, 12);
      for (let i = 0; i < n; i++) text += rng.chance(0.1) ? rng.pick(words) : rng.pick(pieces.filter((p) => !words.includes(p)));
      const expected = naive(words, text);
      if (expected) found++;
      expect(new AnchoredWords(words).in(text), `${JSON.stringify(words)} in ${JSON.stringify(text)}`).toBe(expected);
    }
    // Both answers occur, so the comparison above is not one-sided.
    expect(found).toBeGreaterThan(40);
    expect(found).toBeLessThan(360);
  });
});

describe('ContextWords.inText', () => {
  it('is true exactly when a word of the detector is in the text, latin words in any letter case', () => {
    const context = new ContextWords(DETECTORS);
    DETECTORS.forEach((detector, d) => {
      for (const word of detector.context ?? []) {
        expect(context.inText(d, `xx ${word.toUpperCase()} yy`), `${detector.id}: ${word}`).toBe(true);
        expect(context.inText(d, `${word.slice(0, -1)}|${word.slice(-1)}`), `${detector.id}: split ${word}`).toBe(
          (detector.context ?? []).some((w) => `${word.slice(0, -1)}|${word.slice(-1)}`.toLowerCase().includes(w)),
        );
      }
    });
  });
});

describe('ContextWords.headerWords', () => {
  it('marks the detectors whose words a header holds, also after its cache has been emptied', () => {
    const context = new ContextWords(DETECTORS);
    const rng = new Rng('headers');
    const words = DETECTORS.flatMap((d) => d.context ?? []);
    // More distinct headers than the cache keeps, each asked twice (once cached, once not); some
    // with a letter after the word, where a whole word does not count.
    for (let i = 0; i < 5000; i++) {
      const header = `${i} ${rng.pick(words)}${rng.chance(0.3) ? 'thday' : ''}`;
      for (let pass = 0; pass < 2; pass++) {
        const holds = context.headerWords(header);
        DETECTORS.forEach((detector, d) => {
          // As written and with `_`, `.` and `-` as spaces (context.ts headerForms); a detector's
          // header-only words anywhere in it.
          const held = [header, header.replace(/[_.-]+/g, ' ')].some((form) => {
            const whole = (w: string) => detector.wholeWords?.includes(w) && !new RegExp(`(?<![a-z])${w}(?![a-z])`).test(form);
            return naive((detector.context ?? []).filter((w) => !whole(w)), form) || naive(detector.headerContext ?? [], form);
          });
          expect(holds[d], `${detector.id}: ${header}`).toBe(held ? 1 : 0);
          expect(context.inHeader(d, header)).toBe(holds[d] === 1);
        });
      }
    }
  });
});

describe('ContextWords.wordsOf: a header as its context words alone (what a range checkpoint keeps)', () => {
  const context = new ContextWords(DETECTORS);
  const words = DETECTORS.flatMap((d) => [...(d.context ?? []), ...(d.headerContext ?? [])]);

  it('gives the same detectors as the header, for headers of words, parts of words and values', () => {
    const rng = new Rng('words-of');
    const values = ['王芳', '110101199003070012', '13812345678', 'wxid_abc123', 'e12345678', '1990-05-03', ''];
    const tricky = ['hotel code', 'adobe id', 'template', 'plate no', 'tel', 'dob', 'bir', 'birthday', 'smtp server', 'mtp', 'hotel tel', 'telephone', '王芳 姓名', 'id cardnumberplate'];
    const headers = [...values, ...tricky];
    for (let i = 0; i < 3000; i++) {
      const parts = Array.from({ length: rng.int(1, 3) }, () => (rng.chance(0.5) ? rng.pick(words) : rng.pick([...values, 'x', 'ho', 'thday', '_'])));
      headers.push(parts.join(rng.pick(['', ' ', '_'])).toLowerCase());
    }
    for (const header of headers) {
      expect([header, [...context.headerWords(context.wordsOf(header))]]).toEqual([header, [...context.headerWords(header)]]);
    }
  });

  it('rests on no word holding a |, and no word being whole for one detector and not for another', () => {
    expect(words.filter((w) => w.includes('|'))).toEqual([]);
    const whole = new Set(DETECTORS.flatMap((d) => d.wholeWords ?? []));
    const loose = DETECTORS.flatMap((d) => [...(d.context ?? []), ...(d.headerContext ?? [])].filter((w) => whole.has(w) && !(d.wholeWords ?? []).includes(w)));
    expect(loose).toEqual([]);
  });

  it('holds none of a value taken for a header (a headerless CSV\'s first row)', () => {
    for (const value of ['王芳', '110101199003070012', '13812345678', 'wxid_abc123', 'e12345678', '1990-05-03', 'na_jie8635']) {
      expect(context.wordsOf(value)).toBe('');
    }
    expect(context.wordsOf('王芳 姓名')).toBe('姓名');
  });
});

describe('whole words (Detector.wholeWords): Macau\'s BIR, not the bir of birthday', () => {
  const context = new ContextWords(DETECTORS);
  const mo = DETECTORS.findIndex((d) => d.type === 'mo_id');

  it.each([
    ['birthday', false],
    ['出生日期 birthdate', false],
    ['bir', true],
    ['bir号码', true],
    ['bir_no', true],
    ['澳门 bir no.', true],
    ['nbir', false],
  ])('a header %j holds it: %s', (header, expected) => {
    expect(context.inHeader(mo, header)).toBe(expected);
  });

  it.each([
    ['Birthday: 1990-01-01, QQ 17654321', false],
    ['BIR 17654321', true],
    ['(BIR)17654321', true],
    ['BIRTH 17654321', false],
  ])('near a number in %j: %s, and where it starts as positions finds it', (text, expected) => {
    const at = text.indexOf('1765');
    expect(context.near(text, mo, at, at + 8, false)).toBe(expected);
    expect(context.positions(mo, text).length > 0).toBe(expected);
  });
});

describe("words apart in a text (Detector.apartInText): QQ, not the qq inside a token or base64", () => {
  const context = new ContextWords(DETECTORS);
  const qq = DETECTORS.findIndex((d) => d.type === 'qq');

  it.each([
    ['QQ 17654321', true],
    ['QQ:17654321', true],
    ['QQ号 17654321', true],
    ['加我qq17654321', true],
    ['QQ17654321', true],
    ['(qq) 17654321', true],
    ['token=Zx9qQ3ab+Q size=17654321', false],
    ['sid=8qq size=17654321', false],
    ['qqNumber 17654321', false],
  ])('near a number in %j: %s, and where it starts as positions finds it', (text, expected) => {
    const at = text.indexOf('1765');
    expect(context.near(text, qq, at, at + 8, false)).toBe(expected);
    expect(context.positions(qq, text).length > 0).toBe(expected);
  });

  it.each(['qq', 'QQ号码', 'qqhm', 'userqq', 'contact_qq', 'qqno'])('a header %j holds it, inside longer words too', (header) => {
    expect(context.inHeader(qq, header.toLowerCase())).toBe(true);
    expect(findInText('17654321', DETECTORS, header).map((f) => f.type)).toEqual(['qq']);
  });

  it('a log line of a base64 token and a number finds no QQ number; with a QQ label, one', () => {
    const rng = new Rng('apart');
    // Tokens of random base64 letters that hold qq, in either case, right before the number.
    for (let i = 0; i < 50; i++) {
      const token = Array.from({ length: 40 }, () => rng.pick('ABCDEFGHIJKLMNOPRSTUVWXYZabcdefghijklmnoprstuvwxyz0123456789+/')).join('');
      const text = `upload ok file=${token.slice(0, 20)}${rng.pick(['qq', 'QQ', 'qQ', 'Qq'])}${token.slice(20)} size=${rng.int(10000, 99999999)}`;
      expect(findInText(text).filter((f) => f.type === 'qq')).toEqual([]);
      expect(findInText(`${text}; see the support desk on QQ ${rng.int(10000, 99999999)}`).filter((f) => f.type === 'qq')).toHaveLength(1);
    }
  });
});

describe('context words not after some words (Detector.contextNotAfter): name in hostname or ProductName names no person', () => {
  const context = new ContextWords(DETECTORS);
  const name = DETECTORS.findIndex((d) => d.type === 'cn_name');

  it.each([
    ['name', true],
    ['customer name', true],
    ['customername', true],
    ['user_name', true],
    ['realname', true],
    ['english name', true],
    ['hostname', false],
    ['file_name', false],
    ['productname', false],
    ['product name', false],
    ['bank-name', false],
    ['shopname 店铺', false],
    ['productname 联系人', true],
  ])('a header %j holds it: %s', (header, expected) => {
    expect(context.inHeader(name, header)).toBe(expected);
    expect(context.headerWords(context.wordsOf(header))[name]).toBe(expected ? 1 : 0);
  });

  it.each([
    ['Name: 王芳', ['王芳']],
    ['UserName 王芳', ['王芳']],
    ['hostname 王府井店 status ok', []],
    ['Product Name: 王老吉', []],
    ['tablename 周报 rows 12', []],
  ])('in a text %j: %j', (text, names) => {
    expect(findInText(text).filter((f) => f.type === 'cn_name').map((f) => f.value)).toEqual(names);
  });

  it('a column of brands under ProductName is no list of names; under CustomerName it is', () => {
    for (const brand of ['李宁', '王老吉', '周黑鸭', '黄鹤楼', '江小白']) {
      expect(findInText(brand, DETECTORS, 'productname')).toEqual([]);
      expect(findInText(brand, DETECTORS, 'customername').map((f) => f.type)).toEqual(['cn_name']);
    }
  });
});

describe('column names in pinyin (Detector.headerContext): as Chinese systems name their columns', () => {
  const rng = new Rng('pinyin');
  const rows = Array.from({ length: 6 }, () => [wechatId(rng, { chosen: true }), dateString(rng), passport(rng), chineseName(rng)]);

  it.each([
    [['weixinhao', 'chushengriqi', 'huzhaohao', 'xingming']],
    [['wxh', 'csrq', 'hzhm', 'lxr']],
    [['WXH', 'CSNY', 'HZH', 'KHXM']],
  ])('%j: every value found under its column (a table of birth dates, passports and WeChat ids under them was unfound)', (header) => {
    for (const [column, type] of (['wechat_id', 'date_of_birth', 'cn_passport', 'cn_name'] as const).entries()) {
      for (const row of rows) expect(findInText(row[column], DETECTORS, header[column]).map((f) => f.type)).toEqual([type]);
    }
  });

  it('xm (姓名) names a column only as its whole name: xmmc (项目名称) names a project', () => {
    for (const name of ['王芳', '李宁']) {
      expect(findInText(name, DETECTORS, 'xm').map((f) => f.type)).toEqual(['cn_name']);
      expect(findInText(name, DETECTORS, 'xmmc')).toEqual([]);
    }
  });

  it.each([
    ['dizhi', '文三路88号3栋501室', 'cn_address'],
    ['jtzz', '阳光小区3幢2单元501室', 'cn_address'],
    ['yhzh', '6222021234567890123', 'bank_account'],
    ['zhanghao', '6222021234567890123', 'bank_account'],
    ['dianhua', '057188886666', 'cn_landline'],
    ['lxdh', '057188886666', 'cn_landline'],
    ['dianhua', '23456789', 'hk_mo_tw_phone'],
    ['sjhm', '9123 4567', 'hk_mo_tw_phone'],
    ['lxfs', '66881234', 'hk_mo_tw_phone'],
  ])('under %s, %s is a %s (under another column, nothing)', (header, value, type) => {
    expect(findInText(value, DETECTORS, header).map((f) => f.type)).toEqual([type]);
    expect(findInText(value, DETECTORS, 'beizhu')).toEqual([]);
  });

  it('count in a header only: in a text they are any letters', () => {
    expect(findInText(`csrq ${rows[0][1]} hzhm ${rows[0][2]} wxh ${rows[0][0]} lxr ${rows[0][3]}`, DETECTORS)).toEqual([]);
  });
});

describe('ContextWords.isFieldName: a cell that names the field beside it (a form without colons)', () => {
  const context = new ContextWords(DETECTORS);
  it.each([
    ['姓名', true],
    ['微信号', true],
    ['护照号码', true],
    ['出生日期', true],
    ['QQ号', true],
    ['Passport No.', true],
    [' 身份证号 ', true],
    ['中国银行', false],
    ['手机壳', false],
    ['张伟', false],
    ['号码', false],
    ['', false],
    ['姓名'.repeat(9), false],
  ])('%j: %s', (text, expected) => {
    expect(context.isFieldName(text)).toBe(expected);
  });
});
