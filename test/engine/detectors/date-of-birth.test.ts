import { describe, expect, it } from 'vitest';
import { dateOfBirthDetector } from '../../../lambdas/engine/detectors/date-of-birth.js';
import { findType, onlyFinding } from './find.js';

const detector = dateOfBirthDetector.id;

describe('date_of_birth detector', () => {
  it.each([
    ['出生日期：1990-05-03', '1990-05-03'],
    ['生日 1990年5月3日', '1990年5月3日'],
    // Typed with spaces between Chinese and digits.
    ['出生日期：1990 年 5 月 3 日', '1990 年 5 月 3 日'],
    ['生日 1990 年 05 月 03 日，下单', '1990 年 05 月 03 日'],
    ['出生日期：民國 79 年 5 月 3 日', '民國 79 年 5 月 3 日'],
    ['出生日期 79 年 5 月 3 日', '79 年 5 月 3 日'],
    ['出生年月日: 19900503', '19900503'],
    ['DOB 1990/5/3', '1990/5/3'],
    ['{"birthday":"1990.05.03","orderDate":"2024-11-27"}', '1990.05.03'],
    // An XML element names its field: an XML export's birth dates were not found.
    ['<customer><birthday>1990-05-03</birthday><orderDate>2024-11-27</orderDate></customer>', '1990-05-03'],
    ['Date of Birth: 1985-12-31', '1985-12-31'],
    // Taiwan's Republic of China years (民國79年 is 1990).
    ['出生日期：079/05/03', '079/05/03'],
    ['出生日期 79.5.3', '79.5.3'],
    ['出生日期：民國79年5月3日', '民國79年5月3日'],
    ['生日民国105年12月1日', '民国105年12月1日'],
    // Day first, as Hong Kong and Macau write it; month first where no day-first date fits.
    ['出生日期：03/05/1990', '03/05/1990'],
    ['生日 3-5-1990', '3-5-1990'],
    ['DOB: 05/23/1990', '05/23/1990'],
  ])('finds %j right after a birth label', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'date_of_birth', detector, pattern: 'after-label', basis: 'context', value });
  });

  it.each([
    ['张伟，男，出生于1990年5月3日，现住北京市', '1990年5月3日', 'after-label'],
    ['陳大文出生於 1990 年 5 月 3 日', '1990 年 5 月 3 日', 'after-label'],
    ['兹证明张伟（身份证号见附件）于1990年5月3日出生', '1990年5月3日', 'before-birth'],
    ['王芳 1990-05-03 出生，汉族', '1990-05-03', 'before-birth'],
    ['李娜，1990年5月出生，本科学历', '1990年5月', 'before-birth'],
  ])('finds %j in a sentence (a certificate, a letter)', (text, value, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'date_of_birth', pattern, basis: 'context', value });
  });

  it.each([
    ['2024年3月5日出生产报告', 'no 出生 after the date: 出生产 is read as its words are'],
    ['订单于2024-03-05 出库', 'another verb'],
    ['1990年5月3日生', 'a date before 生 alone'],
    ['出生人口 2023年5月', 'a date after 出生 in another word'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'date_of_birth')).toEqual([]);
  });

  it.each(['1990-05-03', '19900503', '1990年5月3日', '1990 年 5 月 3 日', '079/05/03', '民國79年5月3日', '03/05/1990'])('finds %j as a whole field under a birth column header', (value) => {
    expect(onlyFinding(value, '出生日期')).toMatchObject({ type: 'date_of_birth', pattern: 'field', value });
  });

  it.each<[string, string | undefined, string]>([
    ['1990-05-03', undefined, 'no label, no header'],
    ['2024-11-27', '下单时间', 'an order date under its own header'],
    ['生日 1990-02-30', undefined, 'no such day'],
    ['生日 1899-12-31', undefined, 'before 1900'],
    ['生日 2090-01-01', undefined, 'in the future'],
    ['生日 1990-05/03', undefined, 'mixed separators'],
    ['生日 v1990.05.03', undefined, 'a version'],
    ['生日 1990.05.03.1', undefined, 'a longer dotted run'],
    ['生日 199005031', undefined, 'nine digits'],
    ['出生日期 民國120年1月1日', undefined, 'a Republic of China year in the future (2031)'],
    ['出生日期 79/02/30', undefined, 'no such day in 1990'],
    ['出生日期 9/05/03', undefined, 'a one-digit year'],
    ['"order_date":"2024-11-27","birthday":null', undefined, 'a JSON date after another key'],
    ['出生日期 31/02/1990', undefined, 'no such day, day first or month first'],
    ['生日 13/13/1990', undefined, 'no month 13 either way'],
    ['日期 03/05/1990', undefined, 'a date after another label'],
    ['生日 03/05/2090', undefined, 'day first, in the future'],
    ['生日 1990  年 5 月 3 日', undefined, 'two spaces'],
    ['生日 1990 年 2 月 30 日', undefined, 'spaced, no such day'],
    ['下单日期 2024 年 11 月 27 日', undefined, 'spaced, after another label'],
  ])('does not find %j (%s)', (text, header) => {
    expect(findType(text, 'date_of_birth', header)).toEqual([]);
  });

  it.each([
    ['出生年月：1990-05', '1990-05'],
    ['出生年月 1990.5', '1990.5'],
    ['生日：1990年5月', '1990年5月'],
    ['出生年月：1990 年 05 月', '1990 年 05 月'],
  ])('finds a year and month of birth, %j, right after a birth label', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'date_of_birth', pattern: 'month-after-label', basis: 'context', value });
  });

  it.each(['1990-05', '1990/5', '1990.05', '1990年5月'])('finds a year and month of birth, %j, as a whole field under a birth column', (value) => {
    expect(onlyFinding(value, '出生年月')).toMatchObject({ type: 'date_of_birth', pattern: 'month-field', value });
    // The same field under another column is any year and month.
    expect(findType(value, 'date_of_birth', '入职年月')).toEqual([]);
  });

  it.each<[string, string | undefined, string]>([
    ['1990-05', undefined, 'no label, no header'],
    ['出生年月：1990-13', undefined, 'no month 13'],
    ['出生年月：2090-01', undefined, 'in the future'],
    ['出生年月：1899-12', undefined, 'before 1900'],
    ['1990-05 入职', '出生年月', 'not the whole field'],
    ['下单月份：2024-11', undefined, 'after another label'],
  ])('does not find the year and month %j (%s)', (text, header) => {
    expect(findType(text, 'date_of_birth', header)).toEqual([]);
  });

  it('reads a whole date after a label as the date, not its year and month', () => {
    expect(findType('出生日期：1990-05-03', 'date_of_birth').map((f) => [f.pattern, f.value])).toEqual([['after-label', '1990-05-03']]);
    expect(findType('1990-05-03', 'date_of_birth', '出生年月').map((f) => [f.pattern, f.value])).toEqual([['field', '1990-05-03']]);
  });

  it('finds a date under a bday or born column, and after such a label (it was no finding)', () => {
    for (const header of ['bday', 'Born', 'date_born']) expect(onlyFinding('1990-05-03', header), header).toMatchObject({ type: 'date_of_birth', value: '1990-05-03' });
    expect(findType('born: 1990-05-03', 'date_of_birth')).toMatchObject([{ value: '1990-05-03' }]);
  });

  it('reads `dob` in a header only as a word of its own: DOB, dob_date, not Adobe', () => {
    for (const header of ['DOB', 'dob_date', 'Customer DOB']) expect(onlyFinding('1990-05-03', header), header).toMatchObject({ pattern: 'field', value: '1990-05-03' });
    for (const header of ['Adobe Install Date', 'adobe_date']) expect(findType('2019-05-03', 'date_of_birth', header), header).toEqual([]);
  });

  it('finds only the date right after the label, not a later date near it', () => {
    expect(findType('出生日期：1990-05-03，下单日期：2024-11-27', 'date_of_birth').map((f) => f.value)).toEqual(['1990-05-03']);
  });

  it('masks month and day, keeping the year', () => {
    expect(onlyFinding('生日 1990-05-03').masked).toBe('1990-**-**');
    expect(onlyFinding('生日 19900503').masked).toBe('1990****');
    expect(onlyFinding('生日 079/05/03').masked).toBe('079/**/**');
    expect(onlyFinding('生日 民國79年5月3日').masked).toBe('民國79年*月*日');
    expect(onlyFinding('生日 03/05/1990').masked).toBe('**/**/1990');
  });
});
