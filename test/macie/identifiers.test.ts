/**
 * The data side of the Macie identifiers: the dialect check that keeps unsupported regex syntax out
 * of a deployment, keyword conversion, definition limits, names and fingerprints, and the findings
 * Lambda's configuration. The regexes' behaviour on synthetic data is tested on the synthesized
 * template (test/lib/macie.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { MacieIdentifierId } from '../../lambdas/macie/identifier-names.js';
import { dateString, hkId, hkMoTwPhone, licensePlate, moId, travelPermitHkMo, travelPermitTw, twId, wechatId } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';
import { FindingsConfigError } from '../../lambdas/macie/errors.js';
import { findingsConfigFromEnv } from '../../lambdas/macie/findings-config.js';
import { customIdentifierName } from '../../lambdas/macie/identifier-names.js';
import { MACIE_IDENTIFIERS, definitionFingerprint, definitionProblems, macieIdentifier, macieKeywords } from '../../lambdas/macie/identifiers.js';
import { macieRegexProblems } from '../../lambdas/macie/macie-limits.js';

describe('macieRegexProblems', () => {
  it.each([
    ['\\b1[3-9]\\d{9}\\b', []],
    ['(?:^|[^0-9])[ -]\\d{4}', []],
    ['\\(0(?:10|2\\d)\\) ?', []],
    ['\\\\(?:a)', []],
  ])('accepts %s', (source, problems) => {
    expect(macieRegexProblems(source)).toEqual(problems);
  });

  it.each([
    ['(?<![0-9])1\\d{10}', /look-ahead or look-behind/],
    ['1\\d{10}(?![0-9])', /look-ahead or look-behind/],
    ['(13|15)\\d{9}', /capturing group/],
    ['\\\\(13)', /capturing group/],
    ['(?<area>0\\d{2,3})', /capturing group/],
    ['(\\d)\\1', /backreference/],
    ['(?i)passport', /inline flags/],
    ['(?R)?', /recursion/],
    ['[0-9', /does not compile/],
    ['x'.repeat(513), /513 characters; Macie allows 512/],
    ['', /empty/],
  ])('refuses %s', (source, problem) => {
    expect(macieRegexProblems(source).join('\n')).toMatch(problem);
  });

  it('finds no problem in any of our identifiers', () => {
    expect(MACIE_IDENTIFIERS.flatMap(definitionProblems)).toEqual([]);
  });
});

describe('macieKeywords', () => {
  it('keeps words of 3 characters or more, lower-cased, and writes 2-character Chinese words as labels', () => {
    expect(macieKeywords(['身份证', 'ID Card', '手机', '卡号', 'id', '手机'])).toEqual(['身份证', 'id card', '手机：', '手机:', '手机号', '卡号：', '卡号:']);
  });
});

describe('definitionProblems', () => {
  const base = macieIdentifier('cn_passport');

  it.each([
    [{ keywords: Array.from({ length: 51 }, (_, i) => `word${i}`) }, /51 keywords/],
    [{ keywords: ['ab'] }, /keyword "ab" has 2 characters/],
    [{ keywords: ['x'.repeat(91)] }, /has 91 characters/],
    [{ ignoreWords: ['abc'] }, /ignore word "abc"/],
    [{ maximumMatchDistance: 301 }, /maximumMatchDistance 301/],
    [{ keywords: [], maximumMatchDistance: 50 }, /maximumMatchDistance without keywords/],
    [{ regex: '(?<=护照)E\\d{8}' }, /look-behind/],
  ])('refuses %j', (change, problem) => {
    expect(definitionProblems({ ...base, ...change }).join('\n')).toMatch(problem);
  });
});

describe('names and fingerprints', () => {
  it('changes the fingerprint (and so the name) with anything Macie stores, and only then', () => {
    const definition = macieIdentifier('cn_mobile');
    const fingerprint = definitionFingerprint(definition);
    expect(definitionFingerprint({ ...definition })).toBe(fingerprint);
    expect(definitionFingerprint({ ...definition, keywordRule: 'other words for the README' })).toBe(fingerprint);
    for (const change of [{ regex: `${definition.regex}x` }, { keywords: ['mobile'] }, { description: 'other' }]) {
      expect(definitionFingerprint({ ...definition, ...change })).not.toBe(fingerprint);
    }
  });

  it('keeps names within Macie\'s 128 characters for the longest vault name', () => {
    for (const d of MACIE_IDENTIFIERS) expect(customIdentifierName('a'.repeat(20), d.id, definitionFingerprint(d)).length).toBeLessThanOrEqual(128);
  });

  it('refuses a fingerprint that is not 8 hex characters', () => {
    expect(() => customIdentifierName('vault', 'cn_mobile', 'XYZ')).toThrow(RangeError);
  });
});

describe('findingsConfigFromEnv', () => {
  it('reads the vault, its buckets and the mode', () => {
    expect(findingsConfigFromEnv({ SHREDLOCK_VAULT_NAME: 'vault', SHREDLOCK_VAULT_BUCKETS: 'a-bucket, b-bucket', SHREDLOCK_TAGGING: 'dry-run' })).toEqual({
      vaultName: 'vault',
      vaultBuckets: ['a-bucket', 'b-bucket'],
      apply: false,
    });
  });

  it('names every bad variable', () => {
    const error = (() => {
      try {
        findingsConfigFromEnv({ SHREDLOCK_VAULT_NAME: 'Bad Name', SHREDLOCK_TAGGING: 'yes' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(FindingsConfigError);
    expect((error as FindingsConfigError).issues.map((i) => i.split('=')[0])).toEqual([
      'SHREDLOCK_VAULT_NAME',
      'SHREDLOCK_VAULT_BUCKETS',
      'SHREDLOCK_TAGGING',
    ]);
  });
});

describe('identifiers of the cross-border types', () => {
  const rng = new Rng('macie-cross-border');
  const matches = (id: MacieIdentifierId, value: string): string[] =>
    [...`号码：${value}。`.matchAll(new RegExp(macieIdentifier(id).regex, 'g'))].map((m) => m[0]);
  const cases: [MacieIdentifierId, () => string][] = [
    ['hk_id', () => hkId(rng, { printed: rng.chance(0.5) })],
    ['mo_id', () => moId(rng, { printed: rng.chance(0.5) })],
    ['tw_id', () => twId(rng, { resident: rng.chance(0.5) })],
    ['cn_travel_permit_hk_mo', () => travelPermitHkMo(rng, { old: rng.chance(0.5) })],
    ['cn_travel_permit_tw', () => travelPermitTw(rng)],
    ['cn_license_plate', () => licensePlate(rng, { newEnergy: rng.chance(0.5), dot: rng.chance(0.5) })],
    ['date_of_birth', () => dateString(rng, { form: rng.pick(['dashed', 'slashed', 'dotted', 'compact', 'day-first'] as const) })],
    ['wechat_id', () => wechatId(rng)],
    ['hk_mo_tw_phone', () => hkMoTwPhone(rng, { form: rng.pick(['hk', 'mo', 'tw-mobile', 'tw-landline'] as const) })],
  ];

  it.each(cases)('%s finds every generated value whole', (id, make) => {
    for (let i = 0; i < 50; i++) {
      const value = make();
      expect([value, matches(id, value)]).toEqual([value, [value]]);
    }
  });

  it.each([
    ['hk_id', 'A12345(3)'],
    ['mo_id', '2234567(8)'],
    ['tw_id', 'A323456789'],
    ['cn_travel_permit_hk_mo', 'C12345678'],
    ['cn_travel_permit_tw', '4001234567'],
    ['cn_license_plate', '北A12345'],
    ['date_of_birth', '1990-13-01'],
    ['wechat_id', 'wxid_abc'],
    ['hk_mo_tw_phone', '0912-345-678'],
  ] as const)('%s does not match %s', (id, value) => {
    expect(matches(id, value)).toEqual([]);
  });
});
