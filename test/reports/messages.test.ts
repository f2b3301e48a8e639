/** The message catalogues: language from the locale, Chinese names, and fallbacks that never throw. */
import { describe, expect, it } from 'vitest';
import { PII_TYPES } from '../../lambdas/engine/types.js';
import { en } from '../../lambdas/reports/messages/en.js';
import { langFromEnv, messages, term, tr, typeName } from '../../lambdas/reports/messages/index.js';
import { zhCN } from '../../lambdas/reports/messages/zh-CN.js';
import { REPORT_LEVELS } from '../../lambdas/reports/types.js';

/** Identifier type ids another change adds to the engine: named before they exist. */
const UPCOMING_TYPES = [
  'hk_id', 'mo_id', 'tw_id', 'cn_travel_permit_hk_mo', 'cn_travel_permit_tw', 'cn_address', 'cn_license_plate',
  'date_of_birth', 'bank_account', 'ipv6', 'geo_coordinates', 'qq', 'wechat_id',
];

describe('langFromEnv', () => {
  it.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [{ LANG: 'zh_TW.UTF-8' }, 'zh-CN'],
    [{ LC_ALL: 'zh-CN' }, 'zh-CN'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LC_ALL: 'C.UTF-8', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [{}, 'en'],
    [{ LANG: 'zu_ZA.UTF-8' }, 'en'],
  ])('%j -> %s', (env, lang) => {
    expect(langFromEnv(env)).toBe(lang);
  });
});

describe('catalogues', () => {
  it('name every identifier type, current and upcoming, in Chinese', () => {
    expect(typeName('zh-CN', 'cn_resident_id')).toBe('居民身份证号');
    for (const id of [...PII_TYPES, ...UPCOMING_TYPES]) {
      expect(zhCN.types[id], id).toMatch(/[\u4e00-\u9fff]|IPv|QQ/);
      expect(en.types[id], id).toBeTruthy();
    }
  });

  it('name every level in Chinese', () => {
    expect(REPORT_LEVELS.map((l) => term('zh-CN', 'levels', l))).toEqual(['公开', '敏感', '机密', '读取失败', '未扫描']);
  });

  it('have the same entries in both languages', () => {
    for (const section of ['types', 'levels', 'reasons', 'csv', 'labels', 'steps', 'parts'] as const) {
      expect(Object.keys(zhCN[section]).sort(), section).toEqual(Object.keys(en[section]).sort());
    }
    expect(messages('zh-CN').lang).toBe('zh-CN');
  });

  it('fall back to the id, never throw, for an id no catalogue knows', () => {
    expect(typeName('zh-CN', 'brand_new_type')).toBe('brand_new_type');
    expect(term('en', 'reasons', 'NEW_CODE')).toBe('NEW_CODE');
  });

  it('translate phrases and fill their placeholders; an unknown phrase stays English', () => {
    expect(tr('zh-CN', 'Failed ({n})', { n: 3 })).toBe('读取失败（3）');
    expect(tr('en', 'Failed ({n})', { n: 3 })).toBe('Failed (3)');
    expect(tr('zh-CN', 'Not in any catalogue')).toBe('Not in any catalogue');
  });
});
