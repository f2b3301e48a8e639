import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../lambdas/engine/detectors/index.js';
import { PIPL_CATEGORY, SENSITIVE_CATEGORIES } from '../../../lambdas/engine/categories.js';
import { DEFAULT_POLICY, classify } from '../../../lambdas/engine/classification.js';
import { PII_TYPES } from '../../../lambdas/engine/types.js';

describe('detector registry', () => {
  it('has one detector per identifier type, with unique ids', () => {
    expect(DETECTORS.map((d) => d.type).sort()).toEqual([...PII_TYPES].sort());
    expect(new Set(DETECTORS.map((d) => d.id)).size).toBe(DETECTORS.length);
  });

  it.each(DETECTORS.map((d) => [d.id, d] as const))('%s is well formed', (id, d) => {
    expect(id.startsWith(`${d.type}.`)).toBe(true);
    expect(d.strength).toBeGreaterThan(0);
    expect(d.patterns.length).toBeGreaterThan(0);
    for (const p of d.patterns) {
      expect(p.regex.global).toBe(true);
      expect(p.regex.sticky).toBe(false);
      expect(p.regex.source).not.toContain('\\b');
      expect(p.score).toBeGreaterThan(0);
      expect(p.score).toBeLessThan(1);
      // Reported only with a header's context: below the threshold alone, over it with the boost.
      if (p.headerOnly) expect([p.score < 0.5, p.score + 0.35 >= 0.5]).toEqual([true, true]);
    }
    for (const word of d.context ?? []) expect(word).toBe(word.toLowerCase());
    for (const word of d.wholeWords ?? []) expect(d.context).toContain(word);
    for (const word of d.contextAfterValue ?? []) expect(d.context).toContain(word);
    // A column told by the patterns it names (column-profile.ts): each one of the detector's.
    if (typeof d.columnOfValues === 'object') for (const name of d.columnOfValues.patterns) expect(d.patterns.map((p) => p.name)).toContain(name);
    if (d.notColumnHeaders !== undefined) expect(d.columnOfValues ?? false).not.toBe(false);
    for (const word of d.notColumnHeaders ?? []) expect(word).toBe(word.toLowerCase());
    for (const word of d.apartInText ?? []) expect(d.context).toContain(word);
    for (const [word, before] of Object.entries(d.contextNotAfter ?? {})) {
      expect(d.context).toContain(word);
      for (const w of before) expect(w).toMatch(/^[a-z]+$/);
    }
  });

  // A pattern that `requires` words is off in a text without them: sound only when each of its
  // matches needs one, as a label right before it (a trigger's `after` word) that holds one.
  const requiring = DETECTORS.flatMap((d) => d.patterns.filter((p) => p.requires !== undefined).map((p) => [`${d.id} ${p.name}`, p] as const));
  it.each(requiring)('%s requires words that every label before its matches holds', (_, p) => {
    expect(p.requires!.length).toBeGreaterThan(0);
    expect(p.triggers!.length).toBeGreaterThan(0);
    for (const trigger of p.triggers!) {
      const after = 'run' in trigger ? trigger.after : undefined;
      expect(after?.length).toBeGreaterThan(0);
      for (const word of after!) expect(p.requires!.some((required) => word.includes(required)), word).toBe(true);
    }
  });

  it('has patterns that require words: the label-only ones whose labels are rare words', () => {
    expect(requiring.map(([name]) => name).sort()).toEqual(['bank_account.labelled after-account', 'cn_address.chain english', 'cn_name.surname salutation', 'wechat_id.shape chosen']);
  });

  it('gives context-only detectors a pattern score that context alone lifts over the threshold', () => {
    for (const id of ['cn_passport.shape', 'cn_hk_macau_permit.shape', 'cn_name.surname']) {
      const d = DETECTORS.find((x) => x.id === id);
      for (const p of d?.patterns ?? []) {
        expect(p.score).toBeLessThan(0.5);
        expect(p.score + 0.35).toBeGreaterThanOrEqual(0.5);
      }
    }
  });

  it.each(PII_TYPES)('%s has a PIPL category, and the seed policy gives it the level that follows', (type) => {
    const category = PIPL_CATEGORY[type];
    const level = SENSITIVE_CATEGORIES.includes(category) ? 'confidential' : category === 'not_personal' ? 'public' : 'sensitive';
    expect(classify([type], DEFAULT_POLICY)).toBe(level);
  });

  it.each([
    ['hk_id', 'specific_identity'],
    ['mo_id', 'specific_identity'],
    ['tw_id', 'specific_identity'],
    ['cn_travel_permit_hk_mo', 'specific_identity'],
    ['cn_travel_permit_tw', 'specific_identity'],
    ['bank_account', 'financial_account'],
    ['geo_coordinates', 'whereabouts'],
    ['cn_address', 'basic_profile'],
    ['cn_license_plate', 'basic_profile'],
    ['date_of_birth', 'basic_profile'],
    ['ipv6', 'online_identifier'],
    ['qq', 'online_identifier'],
    ['wechat_id', 'online_identifier'],
    ['device_id', 'device'],
  ] as const)('puts %s in %s', (type, category) => {
    expect(PIPL_CATEGORY[type]).toBe(category);
  });
});
