/**
 * Words in Traditional characters: a Hong Kong, Macau or Taiwan customer list labels its columns
 * `身分證字號`, `手機號碼`, `銀行帳號`, `聯絡地址`. Every detector's Chinese labels and context words
 * are spelled in both forms (detectors/traditional.ts), so such a list is read as its Simplified
 * twin is.
 */
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../lambdas/engine/detectors/index.js';
import { spellings, withSpellings } from '../../../lambdas/engine/detectors/traditional.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { csvText } from '../../../synthetic/files.js';
import { address, bankAccount, chineseName, dateString, email, landline, mobile, travelPermitTw, twId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource } from '../formats/read-parts.js';

describe('spellings', () => {
  it('spells a word as it is, then wholly in Traditional characters, once per form of a character that has several', () => {
    expect(spellings('卡号')).toEqual(['卡号', '卡號']);
    expect(spellings('账号')).toEqual(['账号', '賬號', '帳號']);
    expect(spellings('联系方式')).toEqual(['联系方式', '聯繫方式', '聯係方式']);
    expect(spellings('email')).toEqual(['email']);
    // 台 stays 台 in most Traditional text (台胞證, 台灣), 臺 in forms.
    expect(spellings('台胞证')).toEqual(['台胞证', '臺胞證', '台胞證']);
    expect(spellings('台湾')).toEqual(['台湾', '臺灣', '台灣']);
    expect(withSpellings(['电话', '電話', 'tel'])).toEqual(['电话', '電話', 'tel']);
  });

  it('holds every detector Chinese context word in its whole Traditional form too', () => {
    const traditional = (word: string) => spellings(word).at(-1)!;
    let checked = 0;
    for (const detector of DETECTORS) {
      const words = new Set(detector.context ?? []);
      for (const word of words) {
        if (!/[\u4e00-\u9fff]/.test(word)) continue;
        checked++;
        expect(words.has(traditional(word)), `${detector.id}: ${traditional(word)}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(60);
  });
});

it('finds a Taiwan travel permit after 台胞證號碼 (台 as most Traditional text writes it)', async () => {
  const rng = new Rng('tai');
  const report = await scanSource(bufferSource('a.txt', `台胞證號碼：${travelPermitTw(rng)}\n`), 'a.txt');
  expect(report.counts).toEqual({ cn_travel_permit_tw: 1 });
});

describe('a customer list with Traditional headers', () => {
  const SIMPLIFIED = ['姓名', '身分证字号', '手机号码', '座机', '电子邮箱', '银行账号', '联系地址', '出生日期'];
  const TRADITIONAL = ['姓名', '身分證字號', '手機號碼', '座機', '電子郵箱', '銀行帳號', '聯絡地址', '出生日期'];

  function rows(seed: string): string[][] {
    const rng = new Rng(seed);
    return Array.from({ length: 12 }, () => [
      chineseName(rng, { traditional: true }),
      twId(rng),
      mobile(rng),
      landline(rng, { form: 'plain' }),
      email(rng),
      bankAccount(rng),
      address(rng, { region: 'taiwan', from: 'city' }),
      dateString(rng, { form: 'roc' }),
    ]);
  }

  async function counts(header: readonly string[], body: string[][]): Promise<Record<string, number>> {
    const report = await scanSource(bufferSource('customers.csv', csvText([[...header], ...body])), 'object', { maxFindings: 0 });
    return report.counts as Record<string, number>;
  }

  it('finds what its Simplified twin finds, label-only types included', async () => {
    const body = rows('traditional-headers');
    const simplified = await counts(SIMPLIFIED, body);
    expect(simplified).toMatchObject({ cn_name: 12, tw_id: 12, cn_mobile: 12, cn_landline: 12, email: 12, bank_account: 12, cn_address: 12, date_of_birth: 12 });
    expect(await counts(TRADITIONAL, body)).toEqual(simplified);
  });
});
