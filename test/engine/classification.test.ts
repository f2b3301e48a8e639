import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, PolicyError, classify, higherLevel, parsePolicy } from '../../lambdas/engine/classification.js';
import { ShredlockError } from '../../lambdas/errors.js';
import type { ObjectLevel, PiiType } from '../../lambdas/engine/types.js';

describe('classify with the seed policy', () => {
  it.each<[PiiType[], string]>([
    [[], 'public'],
    [['cn_uscc'], 'public'],
    [['cn_mobile'], 'sensitive'],
    [['email', 'ipv4', 'cn_landline', 'cn_name'], 'sensitive'],
    [['cn_resident_id'], 'confidential'],
    [['bank_card', 'cn_mobile'], 'confidential'],
    [['cn_passport'], 'confidential'],
    [['cn_hk_macau_permit', 'cn_uscc'], 'confidential'],
  ])('%j -> %s', (types, level) => {
    expect(classify(types, DEFAULT_POLICY)).toBe(level);
  });
});

describe('higherLevel', () => {
  it.each<[ObjectLevel, ObjectLevel, ObjectLevel]>([
    ['public', 'sensitive', 'sensitive'],
    ['sensitive', 'failed', 'failed'],
    ['public', 'failed', 'failed'],
    ['confidential', 'failed', 'confidential'],
  ])('%s vs %s -> %s', (a, b, expected) => {
    expect(higherLevel(a, b)).toBe(expected);
    expect(higherLevel(b, a)).toBe(expected);
  });
});

describe('parsePolicy', () => {
  it('accepts a valid policy', async () => {
    expect(await parsePolicy({ confidential: ['bank_card'], sensitive: ['email'] })).toEqual({
      confidential: ['bank_card'],
      sensitive: ['email'],
    });
  });

  it('names every problem: unknown type, duplicate listing, unknown key', async () => {
    let error: unknown;
    try {
      await parsePolicy({ confidential: ['bank_card', 'shoe_size'], sensitive: ['bank_card'], extra: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const issues = (error as PolicyError).issues.join('\n');
    expect(issues).toMatch(/confidential\.1: .*allowed: cn_resident_id/);
    expect(issues).toMatch(/extra/);
    expect((error as PolicyError).code).toBe('INVALID_POLICY');
    expect(error).toBeInstanceOf(ShredlockError);
    expect((error as PolicyError).name).toBe('PolicyError');
    expect((error as PolicyError).message).toMatch(/^invalid classification policy:\n {2}/);
  });

  it('refuses a type listed at two levels', async () => {
    await expect(parsePolicy({ confidential: ['bank_card'], sensitive: ['bank_card'] })).rejects.toThrow(
      /"bank_card" is listed as both/,
    );
  });
});
