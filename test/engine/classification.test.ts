import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, PolicyError, classify, higherLevel, levelOf, parsePolicy, policyChanges, unlistedTypes } from '../../lambdas/engine/classification.js';
import { scanSource } from '../../lambdas/engine/scan.js';
import { bufferSource } from './formats/read-parts.js';
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

describe('the seed policy', () => {
  it('is the one docs/detectors.md shows', async () => {
    const docs = await readFile('docs/detectors.md', 'utf8');
    const block = /## Classification[\s\S]*?```json\n([\s\S]*?)```/.exec(docs);
    expect(JSON.parse(block![1])).toEqual(DEFAULT_POLICY);
  });
});

describe('a policy that leaves a type out', () => {
  // As a policy written before the engine learned device identifiers (engine 0.3.11) does.
  const older = { confidential: ['cn_resident_id'], sensitive: ['cn_mobile'] } as const;
  const policy = { confidential: [...older.confidential], sensitive: [...older.sensitive] };

  it('keeps the seed level of each type it lists nowhere', () => {
    expect(levelOf('device_id', policy)).toBe('sensitive');
    expect(levelOf('bank_card', policy)).toBe('confidential');
    expect(levelOf('cn_uscc', policy)).toBe('public');
    expect(classify(['device_id'], policy)).toBe('sensitive');
    expect(classify(['cn_uscc', 'bank_card'], policy)).toBe('confidential');
  });

  it('makes a type public only when listed as public', () => {
    const open = { ...policy, public: ['device_id', 'bank_card'] as PiiType[] };
    expect(classify(['device_id', 'bank_card'], open)).toBe('public');
    expect(classify(['device_id', 'cn_mobile'], open)).toBe('sensitive');
    expect(levelOf('email', open)).toBe('sensitive');
  });

  it('names the types it lists nowhere', () => {
    expect(unlistedTypes(DEFAULT_POLICY)).toEqual([]);
    expect(unlistedTypes({ ...policy, public: ['cn_uscc'] })).not.toContain('cn_uscc');
    expect(unlistedTypes(policy)).toEqual(expect.arrayContaining(['device_id', 'bank_card', 'cn_uscc']));
    expect(unlistedTypes(policy)).not.toContain('cn_mobile');
  });
});

describe('the policy an object report records', () => {
  const text = Buffer.from('客户手机：13800138000\n');

  it('is absent under the seed policy, and under a policy that gives every type its seed level', async () => {
    expect(policyChanges(DEFAULT_POLICY)).toBeUndefined();
    expect(policyChanges({ confidential: [...DEFAULT_POLICY.confidential], sensitive: [] })).toBeUndefined();
    const report = await scanSource(bufferSource('a.txt', text), 'a.txt', { policy: { confidential: ['cn_resident_id'], sensitive: [] } });
    expect(report.sensitivity).toBe('sensitive');
    expect(report).not.toHaveProperty('policyChanges');
  });

  it('names each type whose level the policy changes, with its level under it', async () => {
    const policy = { confidential: ['cn_mobile', 'cn_uscc'], sensitive: ['bank_card'], public: ['email'] } as { confidential: PiiType[]; sensitive: PiiType[]; public: PiiType[] };
    expect(policyChanges(policy)).toEqual({ cn_mobile: 'confidential', bank_card: 'sensitive', cn_uscc: 'confidential', email: 'public' });
    const open = { confidential: [], sensitive: [], public: ['cn_mobile'] as PiiType[] };
    const report = await scanSource(bufferSource('a.txt', text), 'a.txt', { policy: open });
    // A level an auditor can check from the counts: cn_mobile is public here by the policy, not missed.
    expect(report).toMatchObject({ sensitivity: 'public', counts: { cn_mobile: 1 }, policyChanges: { cn_mobile: 'public' } });
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
    await expect(parsePolicy({ confidential: [], sensitive: ['email'], public: ['email'] })).rejects.toThrow(
      /"email" is listed as both sensitive and public; list it once/,
    );
  });

  it('accepts a list of public types', async () => {
    expect(await parsePolicy({ confidential: [], sensitive: [], public: ['ipv4'] })).toEqual({ confidential: [], sensitive: [], public: ['ipv4'] });
  });
});
