/**
 * The pure part of the findings pipeline: Macie detections -> our types and levels, and the tag
 * decision table of lambdas/macie/findings.ts, row by row. No AWS calls (the S3 side is in
 * findings-handler.moto.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseFindingRecord } from '../../lambdas/macie/finding-event.js';
import { FindingEventError } from '../../lambdas/macie/errors.js';
import { SOURCE_TAG, classifyFinding, decideTags, levelSetBy, type FindingClassification } from '../../lambdas/macie/findings.js';
import { identifierIdFromName } from '../../lambdas/macie/identifier-names.js';
import type { S3Tag } from '../../lambdas/aws/object-tags.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { foreignTags } from '../scanner/fixtures.js';
import { VAULT_NAME, identifierName, macieFindingEvent, sqsRecord } from './fixtures.js';

const DATE = '2026-11-27';
const ENGINE = '0.1.0';
const tag = (Key: string, Value: string): S3Tag => ({ Key, Value });
const asMap = (tags: readonly S3Tag[]) => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));

/** Tags as the engine writes them. */
const engineTags = (sensitivity: string, types = 'none', scanned = '2026-11-01'): S3Tag[] => [
  tag(TAG_KEYS.sensitivity, sensitivity),
  tag(TAG_KEYS.engine, ENGINE),
  tag(TAG_KEYS.types, types),
  tag(TAG_KEYS.scanned, scanned),
];
/** Tags as an earlier Macie finding left them. */
const macieTags = (sensitivity: string, types: string): S3Tag[] => [
  tag(TAG_KEYS.sensitivity, sensitivity),
  tag(SOURCE_TAG.key, SOURCE_TAG.value),
  tag(TAG_KEYS.types, types),
  tag(TAG_KEYS.scanned, '2026-11-20'),
];

/** Classifications used by the table (built through classifyFinding, so the mapping is exercised). */
const macie = {
  nothing: classifyFinding({ managed: [{ identifier: 'USA_SOCIAL_SECURITY_NUMBER', count: 2 }], custom: [] }, VAULT_NAME),
  mobileRegex: classifyFinding({ managed: [], custom: [{ identifier: identifierName('cn_mobile'), count: 3 }] }, VAULT_NAME),
  residentRegex: classifyFinding({ managed: [], custom: [{ identifier: identifierName('cn_resident_id'), count: 1 }] }, VAULT_NAME),
  cardManaged: classifyFinding({ managed: [{ identifier: 'CREDIT_CARD_NUMBER', count: 1 }], custom: [] }, VAULT_NAME),
  cardManagedAndMobile: classifyFinding(
    { managed: [{ identifier: 'CREDIT_CARD_NUMBER_(NO_KEYWORD)', count: 1 }], custom: [{ identifier: identifierName('cn_mobile'), count: 1 }] },
    VAULT_NAME,
  ),
} satisfies Record<string, FindingClassification>;

describe('classifyFinding', () => {
  it('maps our custom identifiers by name and Luhn-validated card numbers by managed type', () => {
    // Act
    const c = classifyFinding(
      {
        managed: [
          { identifier: 'CREDIT_CARD_NUMBER', count: 2 },
          { identifier: 'AWS_CREDENTIALS', count: 1 },
        ],
        custom: [
          { identifier: identifierName('cn_resident_id_15'), count: 1 },
          { identifier: identifierName('cn_landline_digits'), count: 4 },
          { identifier: identifierName('cn_mobile', 'othervault'), count: 9 },
          { identifier: 'payroll-employee-id', count: 1 },
          { identifier: identifierName('cn_passport'), count: 0 },
        ],
      },
      VAULT_NAME,
    );
    // Assess
    expect(new Set(c.types)).toEqual(new Set(['bank_card', 'cn_resident_id', 'cn_landline']));
    expect(c.managedTypes).toEqual(['bank_card']);
    expect(c.level).toBe('confidential');
    expect(c.managedLevel).toBe('confidential');
    expect(c.unmapped).toEqual(['AWS_CREDENTIALS', 'payroll-employee-id', identifierName('cn_mobile', 'othervault')].sort());
  });

  it.each([
    ['nothing', 'public', 'public'],
    ['mobileRegex', 'sensitive', 'public'],
    ['residentRegex', 'confidential', 'public'],
    ['cardManaged', 'confidential', 'confidential'],
    ['cardManagedAndMobile', 'confidential', 'confidential'],
  ] as const)('%s: level %s, managed level %s', (name, level, managedLevel) => {
    expect(macie[name]).toMatchObject({ level, managedLevel });
  });

  it('reads identifier names back only for this vault, a known id and a fingerprint', () => {
    expect(identifierIdFromName(VAULT_NAME, identifierName('cn_resident_id_15'))).toBe('cn_resident_id_15');
    expect(identifierIdFromName(VAULT_NAME, `${VAULT_NAME}-cn_resident_id-zzzzzzzz`)).toBeUndefined();
    expect(identifierIdFromName(VAULT_NAME, `${VAULT_NAME}-toString-0123abcd`)).toBeUndefined();
    expect(identifierIdFromName('test', identifierName('cn_mobile'))).toBeUndefined();
  });
});

describe('levelSetBy', () => {
  it.each([
    ['no tags', [], 'nobody', undefined],
    ['foreign tags only', foreignTags(3), 'nobody', undefined],
    ['a level no ShredLock writes', [tag(TAG_KEYS.sensitivity, 'secret')], 'nobody', undefined],
    ['the engine', engineTags('sensitive'), 'engine', 'sensitive'],
    ['the engine, engine tag cut by the 10-tag limit', [tag(TAG_KEYS.sensitivity, 'public')], 'engine', 'public'],
    ['the engine, failed', engineTags('failed'), 'engine-failed', 'failed'],
    ['Macie', macieTags('sensitive', 'cn_mobile'), 'macie', 'sensitive'],
    ['Macie over the engine', [...engineTags('confidential'), tag(SOURCE_TAG.key, SOURCE_TAG.value)], 'engine', 'confidential'],
  ] as const)('%s', (_name, tags, setBy, level) => {
    expect(levelSetBy(tags)).toEqual(level === undefined ? { setBy } : { setBy, level });
  });
});

describe('decideTags: the decision table', () => {
  it.each([
    // # | before                        | Macie                       | write | after           | reason
    [1, 'no tags', [], 'nothing', false, undefined, 'no-mapped-types'],
    [1, 'engine public', engineTags('public'), 'nothing', false, 'public', 'no-mapped-types'],
    [2, 'no tags', [], 'mobileRegex', true, 'sensitive', 'unclassified'],
    [2, 'no tags', [], 'residentRegex', true, 'confidential', 'unclassified'],
    [3, 'Macie sensitive', macieTags('sensitive', 'cn_mobile'), 'residentRegex', true, 'confidential', 'macie-raised'],
    [4, 'Macie confidential', macieTags('confidential', 'cn_resident_id'), 'mobileRegex', false, 'confidential', 'not-higher'],
    [4, 'Macie sensitive', macieTags('sensitive', 'cn_mobile'), 'mobileRegex', false, 'sensitive', 'not-higher'],
    [5, 'engine public', engineTags('public'), 'cardManaged', true, 'confidential', 'managed-higher'],
    [5, 'engine sensitive', engineTags('sensitive', 'cn_mobile'), 'cardManagedAndMobile', true, 'confidential', 'managed-higher'],
    [6, 'engine public', engineTags('public'), 'residentRegex', false, 'public', 'regex-only'],
    [6, 'engine public', engineTags('public'), 'mobileRegex', false, 'public', 'regex-only'],
    [6, 'engine sensitive', engineTags('sensitive', 'cn_mobile'), 'residentRegex', false, 'sensitive', 'regex-only'],
    [7, 'engine confidential', engineTags('confidential', 'cn_resident_id'), 'cardManaged', false, 'confidential', 'not-higher'],
    [7, 'engine sensitive', engineTags('sensitive', 'cn_mobile'), 'mobileRegex', false, 'sensitive', 'not-higher'],
    [8, 'engine failed', engineTags('failed'), 'residentRegex', true, 'confidential', 'failed-upgraded'],
    [8, 'engine failed', engineTags('failed'), 'cardManaged', true, 'confidential', 'failed-upgraded'],
    [9, 'engine failed', engineTags('failed'), 'mobileRegex', false, 'failed', 'not-higher'],
  ] as const)('row %i: %s + %s', (_row, _before, tags, finding, write, after, reason) => {
    // Act
    const decision = decideTags(macie[finding], tags, DATE);
    // Assess
    expect(decision).toMatchObject({ write, reason });
    expect(decision.after).toBe(after);
    if (!write) expect(decision.tags).toBe(tags);
  });

  it('row 10: no room left by other systems\' tags: nothing written, theirs kept', () => {
    // Prepare
    const tags = foreignTags(10);
    // Act
    const decision = decideTags(macie.residentRegex, tags, DATE);
    // Assess
    expect(decision).toMatchObject({ write: false, reason: 'no-room', outcome: 'skipped' });
    expect(decision.tags).toBe(tags);
  });

  it('row 2 writes level, source, types and the finding date', () => {
    expect(asMap(decideTags(macie.residentRegex, [], DATE).tags)).toEqual({
      [TAG_KEYS.sensitivity]: 'confidential',
      [SOURCE_TAG.key]: 'macie',
      [TAG_KEYS.types]: 'cn_resident_id',
      [TAG_KEYS.scanned]: DATE,
    });
  });

  it('row 3 keeps the types Macie found before', () => {
    expect(asMap(decideTags(macie.residentRegex, macieTags('sensitive', 'cn_mobile'), DATE).tags)[TAG_KEYS.types]).toBe(
      'cn_resident_id+cn_mobile',
    );
  });

  it('row 5 keeps the engine tag and date, adds only the managed types, and marks the source', () => {
    // Act
    const decision = decideTags(macie.cardManagedAndMobile, engineTags('public', 'cn_landline'), DATE);
    // Assess
    expect(asMap(decision.tags)).toEqual({
      [TAG_KEYS.sensitivity]: 'confidential',
      [TAG_KEYS.engine]: ENGINE,
      [SOURCE_TAG.key]: 'macie',
      [TAG_KEYS.types]: 'cn_landline+bank_card',
      [TAG_KEYS.scanned]: '2026-11-01',
    });
  });

  it('row 8 keeps a truncated types list readable', () => {
    const tags = engineTags('failed', 'cn_mobile+cn_landline+...');
    expect(asMap(decideTags(macie.residentRegex, tags, DATE).tags)[TAG_KEYS.types]).toBe('cn_resident_id+cn_mobile+cn_landline');
  });

  it('keeps other systems\' tags, never duplicates the source tag, and writes ours by priority when room is short', () => {
    // Prepare: 7 foreign tags leave room for 3 of our 5 keys
    const tags = [...foreignTags(7), ...engineTags('failed'), tag(SOURCE_TAG.key, SOURCE_TAG.value)].slice(0, 10);
    // Act
    const decision = decideTags(macie.residentRegex, tags, DATE);
    // Assess
    expect(decision).toMatchObject({ write: true, reason: 'failed-upgraded', outcome: 'partial' });
    expect(decision.tags.slice(0, 7)).toEqual(foreignTags(7));
    expect(decision.tags.slice(7).map((t) => t.Key)).toEqual([TAG_KEYS.sensitivity, TAG_KEYS.engine, SOURCE_TAG.key]);
    expect(decision.omitted).toEqual([TAG_KEYS.types, TAG_KEYS.scanned]);
    expect(decision.tags.filter((t) => t.Key === SOURCE_TAG.key)).toHaveLength(1);
  });
});

describe('parseFindingRecord', () => {
  const event = (input: Partial<Parameters<typeof macieFindingEvent>[0]> = {}) =>
    macieFindingEvent({ bucket: 'vault', key: 'customers/Sample Person.csv', versionId: 'v1', ...input });

  it('reads bucket, key, version id and every detection with its count', () => {
    // Act
    const parsed = parseFindingRecord(
      sqsRecord(event({ findingId: 'f-1', managed: [['CREDIT_CARD_NUMBER', 2]], custom: [[identifierName('cn_mobile'), 5]] })),
    );
    // Assess
    expect(parsed).toEqual({
      kind: 'finding',
      finding: expect.objectContaining({
        findingId: 'f-1',
        type: 'SensitiveData:S3Object/Multiple',
        bucket: 'vault',
        key: 'customers/Sample Person.csv',
        versionId: 'v1',
        managed: [{ identifier: 'CREDIT_CARD_NUMBER', count: 2 }],
        custom: [{ identifier: identifierName('cn_mobile'), count: 5 }],
      }),
    });
  });

  it.each([
    ['another source', { source: 'aws.s3' }, 'not-macie-finding'],
    ['a policy finding', { category: 'POLICY' }, 'not-classification'],
    ['a sample finding', { sample: true }, 'sample-finding'],
  ] as const)('ignores %s', (_name, input, reason) => {
    expect(parseFindingRecord(sqsRecord(event(input)))).toMatchObject({ kind: 'ignored', reason });
  });

  it.each([
    ['a body that is not JSON', 'not json', /not JSON/],
    ['an event without a detail id', { source: 'aws.macie', 'detail-type': 'Macie Finding', detail: {} }, /detail\.id/],
    ['a finding without a version id', event({ versionId: undefined }), /no versionId/],
  ])('refuses %s without echoing the key', (_name, body, message) => {
    const record = sqsRecord(body);
    expect(() => parseFindingRecord(record)).toThrow(FindingEventError);
    expect(() => parseFindingRecord(record)).toThrow(message);
    try {
      parseFindingRecord(record);
    } catch (error) {
      expect((error as Error).message).not.toContain('Sample Person');
    }
  });
});
