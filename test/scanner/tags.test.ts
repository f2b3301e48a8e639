import { describe, expect, it } from 'vitest';
import {
  NO_TYPES,
  S3_TAG_LIMITS,
  TAG_KEYS,
  TAG_PRIORITY,
  formatTypes,
  isScannedBy,
  mergeTags,
  readScanTags,
  scanTagValues,
  shredlockTags,
} from '../../lambdas/scanner/tags.js';
import type { S3Tag } from '../../lambdas/aws/object-tags.js';
import { foreignTags } from './fixtures.js';

const ours = shredlockTags({ sensitivity: 'confidential', types: ['cn_mobile', 'cn_resident_id'], engine: '9.9.9', scanned: '2026-11-27' });
const keys = (tags: readonly S3Tag[]) => tags.map((t) => t.Key);

describe('shredlockTags', () => {
  it('writes the four keys in priority order, sensitivity first', () => {
    // Assess
    expect(keys(ours)).toEqual([...TAG_PRIORITY]);
    expect(TAG_PRIORITY[0]).toBe(TAG_KEYS.sensitivity);
    expect(Object.fromEntries(ours.map((t) => [t.Key, t.Value]))).toEqual({
      'shredlock:sensitivity': 'confidential',
      'shredlock:engine': '9.9.9',
      'shredlock:types': 'cn_resident_id+cn_mobile',
      'shredlock:scanned': '2026-11-27',
    });
  });

  it('refuses a value S3 would reject', () => {
    expect(() => shredlockTags({ sensitivity: 'public', types: [], engine: 'x'.repeat(257), scanned: '2026-11-27' })).toThrow(RangeError);
  });
});

describe('formatTypes', () => {
  it.each([
    { types: [], expected: NO_TYPES },
    { types: ['cn_mobile'], expected: 'cn_mobile' },
    { types: ['cn_mobile', 'cn_resident_id'], expected: 'cn_resident_id+cn_mobile' },
    { types: ['email', 'bank_card', 'email'], expected: 'bank_card+email' },
    { types: ['zz_future', 'cn_name', 'aa_future'], expected: 'cn_name+aa_future+zz_future' },
  ])('$types -> $expected', ({ types, expected }) => {
    expect(formatTypes(types)).toBe(expected);
  });

  it('fits every known type within 256 characters', () => {
    const all = ['cn_resident_id', 'cn_mobile', 'cn_landline', 'bank_card', 'cn_uscc', 'cn_passport', 'cn_hk_macau_permit', 'email', 'ipv4', 'cn_name'];
    expect(formatTypes(all).length).toBeLessThanOrEqual(S3_TAG_LIMITS.maxValueLength);
    expect(formatTypes(all).split('+')).toHaveLength(10);
  });

  it('cuts at a type boundary and marks the cut when over the limit', () => {
    // Prepare
    const many = Array.from({ length: 40 }, (_, i) => `future_type_${String(i).padStart(2, '0')}`);
    // Act
    const value = formatTypes(many);
    // Assess
    expect(value.length).toBeLessThanOrEqual(256);
    expect(value.endsWith('+...')).toBe(true);
    for (const part of value.slice(0, -4).split('+')) expect(many).toContain(part);
  });
});

describe('mergeTags', () => {
  it.each([
    { name: 'no tags yet', foreign: 0, outcome: 'complete', written: 4 },
    { name: '6 foreign tags', foreign: 6, outcome: 'complete', written: 4 },
    { name: '7 foreign tags', foreign: 7, outcome: 'partial', written: 3 },
    { name: '9 foreign tags', foreign: 9, outcome: 'partial', written: 1 },
    { name: '10 foreign tags', foreign: 10, outcome: 'skipped', written: 0 },
  ] as const)('$name: $outcome, $written of ours', ({ foreign, outcome, written }) => {
    // Prepare
    const existing = foreignTags(foreign);
    // Act
    const merge = mergeTags(existing, ours);
    // Assess
    expect(merge.outcome).toBe(outcome);
    expect(merge.written).toEqual(TAG_PRIORITY.slice(0, written));
    expect(merge.omitted).toEqual(TAG_PRIORITY.slice(written));
    expect(merge.tags.length).toBeLessThanOrEqual(10);
    expect(merge.tags.slice(0, foreign)).toEqual(existing); // every foreign tag kept, unchanged
  });

  it('replaces our old values and keeps the others', () => {
    // Prepare
    const existing: S3Tag[] = [
      { Key: 'shredlock:sensitivity', Value: 'public' },
      { Key: 'cost-center', Value: 'cc-1' },
      { Key: 'shredlock:engine', Value: '0.0.1' },
    ];
    // Act
    const merge = mergeTags(existing, ours);
    // Assess
    expect(merge.outcome).toBe('complete');
    expect(merge.tags).toEqual([{ Key: 'cost-center', Value: 'cc-1' }, ...ours]);
  });

  it('drops the Macie source marker when the engine sets the level again', () => {
    const existing: S3Tag[] = [
      { Key: 'shredlock:sensitivity', Value: 'confidential' },
      { Key: 'shredlock:source', Value: 'macie' },
    ];
    expect(mergeTags(existing, ours).tags).toEqual(ours);
  });

  it('leaves no stale value of ours when only some fit', () => {
    // Prepare: 8 foreign tags and two of ours from an older scan
    const existing: S3Tag[] = [
      ...foreignTags(8),
      { Key: TAG_KEYS.sensitivity, Value: 'public' },
      { Key: TAG_KEYS.types, Value: NO_TYPES },
    ];
    // Act
    const merge = mergeTags(existing, ours);
    // Assess
    expect(merge.outcome).toBe('partial');
    expect(merge.tags).toHaveLength(10);
    expect(readScanTags(merge.tags)).toEqual({ sensitivity: 'confidential', engine: '9.9.9', types: undefined, scanned: undefined });
  });

  it('keeps the tags as they are when none of ours fit', () => {
    const existing = foreignTags(10);
    expect(mergeTags(existing, ours).tags).toBe(existing);
  });

  it('treats look-alike keys of other systems as foreign', () => {
    const existing: S3Tag[] = [{ Key: 'shredlock:owner', Value: 'ops' }, { Key: 'Shredlock:sensitivity', Value: 'x' }];
    expect(mergeTags(existing, ours).tags.slice(0, 2)).toEqual(existing);
  });
});

describe('scanTagValues', () => {
  it('lists only types with findings and dates in UTC', () => {
    // Act
    const values = scanTagValues(
      { sensitivity: 'sensitive', counts: { cn_mobile: 2, email: 0 } },
      '1.2.3',
      new Date('2026-11-27T23:59:59-08:00'),
    );
    // Assess
    expect(values).toEqual({ sensitivity: 'sensitive', types: ['cn_mobile'], engine: '1.2.3', scanned: '2026-11-28' });
  });
});

describe('isScannedBy', () => {
  const tagged = (sensitivity: string | undefined, engine: string | undefined): S3Tag[] => [
    ...(sensitivity ? [{ Key: TAG_KEYS.sensitivity, Value: sensitivity }] : []),
    ...(engine ? [{ Key: TAG_KEYS.engine, Value: engine }] : []),
  ];
  it.each([
    { sensitivity: 'public', engine: '1.0.0', expected: true },
    { sensitivity: 'confidential', engine: '1.0.0', expected: true },
    { sensitivity: 'failed', engine: '1.0.0', expected: false },
    { sensitivity: 'public', engine: '0.9.0', expected: false },
    { sensitivity: undefined, engine: '1.0.0', expected: false },
    { sensitivity: 'public', engine: undefined, expected: false },
  ])('$sensitivity by $engine -> $expected', ({ sensitivity, engine, expected }) => {
    expect(isScannedBy(tagged(sensitivity, engine), '1.0.0')).toBe(expected);
  });
});
