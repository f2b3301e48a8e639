import { describe, expect, it } from 'vitest';
import { compareVault, s3ObjectCoverage } from '../../lambdas/check/compare.js';
import type { Drift, LiveBucket, LiveKey, LiveVault, Read } from '../../lambdas/check/types.js';
import { AUDIT_KEY, EPOCH_KEY, compliantLive, expectation } from './fixtures.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

const exp = expectation();
const VAULT = 's3:v1-vault-111122223333-eu-central-1';
const RECORDS = 's3:v1-records-111122223333-eu-central-1';
const TRAIL = 'cloudtrail:v1-trail';
const KEY = `kms:alias/shredlock/v1/epoch/2026-11 (${EPOCH_KEY})`;

function live(mutate: (l: Mutable<LiveVault>) => void): LiveVault {
  const l = structuredClone(compliantLive(exp)) as Mutable<LiveVault>;
  mutate(l);
  return l as LiveVault;
}

const bucket = (l: Mutable<LiveVault>, kind: string) => l.buckets.find((b) => b.name.startsWith(`v1-${kind}-`)) as Mutable<LiveBucket>;
const epochKey = (l: Mutable<LiveVault>) => (l.epochKeys as { value: Mutable<LiveKey>[] }).value[0];
const unreadable: Read<never> = { ok: false, error: 'S3_ACCESS_DENIED' };

describe('compareVault', () => {
  it('finds no drift where every promise holds, and counts what it compared', () => {
    const result = compareVault(exp, compliantLive(exp));
    expect(result.drifts).toEqual([]);
    expect(result.checked).toBeGreaterThan(100);
  });

  it.each<[string, (l: Mutable<LiveVault>) => void, Drift[]]>([
    ['versioning suspended', (l) => void (bucket(l, 'vault').versioning = { ok: true, value: 'Suspended' }), [{ resource: VAULT, property: 'versioning', expected: 'Enabled', found: 'Suspended' }]],
    ['a missing bucket', (l) => void (bucket(l, 'records').exists = false), [{ resource: RECORDS, property: 'bucket', expected: 'exists', found: 'no such bucket' }]],
    [
      'lock mode GOVERNANCE',
      (l) => void (bucket(l, 'vault').lock = { ok: true, value: { enabled: true, mode: 'GOVERNANCE', days: 2555 } }),
      [{ resource: VAULT, property: 'default retention', expected: 'COMPLIANCE 2555 days', found: 'GOVERNANCE 2555 days' }],
    ],
    [
      'retention in years',
      (l) => void (bucket(l, 'vault').lock = { ok: true, value: { enabled: true, mode: 'COMPLIANCE', years: 7 } }),
      [{ resource: VAULT, property: 'default retention', expected: 'COMPLIANCE 2555 days', found: 'COMPLIANCE 7 years' }],
    ],
    [
      'no Object Lock at all',
      (l) => void (bucket(l, 'vault').lock = { ok: true, value: null }),
      [
        { resource: VAULT, property: 'object lock', expected: 'Enabled', found: 'not enabled' },
        { resource: VAULT, property: 'default retention', expected: 'COMPLIANCE 2555 days', found: 'none' },
      ],
    ],
    [
      'default retention on the access-log bucket',
      (l) => void (bucket(l, 'access-logs').lock = { ok: true, value: { enabled: true, mode: 'GOVERNANCE', days: 1 } }),
      [{ resource: 's3:v1-access-logs-111122223333-eu-central-1', property: 'default retention', expected: 'none', found: 'GOVERNANCE 1 days' }],
    ],
    [
      'the vault encrypted with the audit key',
      (l) => void Object.assign((bucket(l, 'vault').encryption as { value: object }).value, { keyId: AUDIT_KEY, key: AUDIT_KEY }),
      [{ resource: VAULT, property: 'encryption key', expected: 'an Enabled epoch key (alias/shredlock/v1/epoch/*)', found: `${AUDIT_KEY} (not an epoch key of the vault)` }],
    ],
    [
      'records encrypted with an epoch key',
      (l) => void Object.assign((bucket(l, 'records').encryption as { value: object }).value, { keyId: EPOCH_KEY }),
      [{ resource: RECORDS, property: 'encryption key', expected: `the audit key (${AUDIT_KEY})`, found: EPOCH_KEY }],
    ],
    [
      'bucket key off and SSE-C allowed',
      (l) => void Object.assign((bucket(l, 'vault').encryption as { value: object }).value, { bucketKey: false, blockedTypes: [] }),
      [
        { resource: VAULT, property: 'bucket key', expected: 'enabled', found: 'disabled' },
        { resource: VAULT, property: 'SSE-C uploads', expected: 'blocked', found: 'allowed' },
      ],
    ],
    [
      'no public access block',
      (l) => void (bucket(l, 'vault').publicAccessBlock = { ok: true, value: null }),
      ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].map((flag) => ({
        resource: VAULT,
        property: `public access block ${flag}`,
        expected: 'true',
        found: 'not set',
      })),
    ],
    [
      'an unreadable setting',
      (l) => void (bucket(l, 'vault').versioning = unreadable),
      [{ resource: VAULT, property: 'versioning', expected: 'Enabled', found: 'unreadable (S3_ACCESS_DENIED)' }],
    ],
    [
      'a statement turned into an Allow to everyone',
      (l) => {
        const s = (bucket(l, 'records').policy as unknown as { value: { Sid?: string; Effect: string; Condition?: unknown }[] }).value.find((x) => x.Sid === 'DenyVersionDeletes');
        if (s) s.Effect = 'Allow';
      },
      [
        { resource: RECORDS, property: 'policy DenyVersionDeletes', expected: 'Deny s3:DeleteObjectVersion to everyone', found: 'Effect Allow' },
        { resource: RECORDS, property: 'policy public grants', expected: 'none', found: 'DenyVersionDeletes: Allow s3:DeleteObjectVersion to everyone' },
      ],
    ],
    [
      'the write-once and delete-marker rules removed from the records policy',
      (l) => {
        const policy = bucket(l, 'records').policy as unknown as { value: { Sid?: string }[] };
        policy.value = policy.value.filter((x) => x.Sid !== 'DenyWriteOnceRecordOverwrites' && x.Sid !== 'DenyDeleteMarkers');
      },
      [
        { resource: RECORDS, property: 'policy DenyDeleteMarkers', expected: 'Deny s3:DeleteObject to everyone', found: 'missing' },
        { resource: RECORDS, property: 'policy DenyWriteOnceRecordOverwrites', expected: 'Deny s3:PutObject to everyone', found: 'missing' },
      ],
    ],
    [
      'the vault rule against naming a KMS key removed',
      (l) => {
        const policy = bucket(l, 'vault').policy as unknown as { value: { Sid?: string }[] };
        policy.value = policy.value.filter((x) => x.Sid !== 'DenyUploadsNamingEncryptionKeyId');
      },
      [{ resource: VAULT, property: 'policy DenyUploadsNamingEncryptionKeyId', expected: 'Deny s3:PutObject to everyone', found: 'missing' }],
    ],
    ['trail logging stopped', (l) => void (l.trail.status = { ok: true, value: { logging: false } }), [{ resource: TRAIL, property: 'logging', expected: 'logging', found: 'stopped' }]],
    [
      'a delivery error',
      (l) => void (l.trail.status = { ok: true, value: { logging: true, deliveryError: 'AccessDenied', digestDeliveryError: 'AccessDenied' } }),
      [
        { resource: TRAIL, property: 'log delivery error', expected: 'none', found: 'AccessDenied' },
        { resource: TRAIL, property: 'digest delivery error', expected: 'none', found: 'AccessDenied' },
      ],
    ],
    [
      'data events write-only for the vault',
      (l) => void ((l.trail.selectors as { value: { s3Objects: { prefix: string; readWrite: string }[] } }).value.s3Objects[0].readWrite = 'WriteOnly'),
      [{ resource: TRAIL, property: 'data events v1-vault-111122223333-eu-central-1', expected: 'All', found: 'WriteOnly' }],
    ],
    ['no trail', (l) => void (l.trail.exists = false), [{ resource: TRAIL, property: 'trail', expected: 'exists', found: 'no such trail' }]],
    ['key rotation off', (l) => void (epochKey(l).rotation = { ok: true, value: false }), [{ resource: KEY, property: 'key rotation', expected: 'enabled', found: 'disabled' }]],
    [
      'the epoch tag gone',
      (l) => void delete (epochKey(l).tags as { value: Record<string, string> }).value['shredlock:epoch'],
      [{ resource: KEY, property: 'tag shredlock:epoch', expected: '2026-11', found: '(missing)' }],
    ],
    [
      'shred-not-before moved earlier than retention allows',
      (l) => void ((epochKey(l).tags as { value: Record<string, string> }).value['shredlock:shred-not-before'] = '2027-01-01'),
      [{ resource: KEY, property: 'tag shredlock:shred-not-before', expected: '2033-11-29 or later', found: '2027-01-01' }],
    ],
    [
      'a key pending deletion before its day',
      (l) => {
        epochKey(l).state = { ok: true, value: 'PendingDeletion' };
        epochKey(l).deletionDate = '2026-12-27T00:00:00.000Z';
        bucket(l, 'vault').encryption = { ok: true, value: { algorithm: 'aws:kms', keyId: 'other', key: 'other', bucketKey: true, blockedTypes: ['SSE-C'] } };
      },
      [
        { resource: VAULT, property: 'encryption key', expected: 'an Enabled epoch key (alias/shredlock/v1/epoch/*)', found: 'other (not an epoch key of the vault)' },
        { resource: KEY, property: 'key state', expected: 'Enabled until 2033-11-29', found: 'PendingDeletion (deletion 2026-12-27T00:00:00.000Z)' },
      ],
    ],
    [
      'no epoch key at all',
      (l) => {
        l.epochKeys = { ok: true, value: [] };
      },
      [
        { resource: VAULT, property: 'encryption key', expected: 'an Enabled epoch key (alias/shredlock/v1/epoch/*)', found: `arn:aws:kms:eu-central-1:111122223333:key/${EPOCH_KEY} (not an epoch key of the vault)` },
        { resource: 'kms:alias/shredlock/v1/epoch/*', property: 'epoch keys', expected: 'at least one', found: 'none' },
      ],
    ],
    [
      'the audit key disabled',
      (l) => void ((l.auditKey as Mutable<LiveKey>).state = { ok: true, value: 'Disabled' }),
      [{ resource: `kms:audit key (${AUDIT_KEY})`, property: 'key state', expected: 'Enabled', found: 'Disabled' }],
    ],
  ])('reports %s', (_name, mutate, drifts) => {
    expect(compareVault(exp, live(mutate)).drifts).toEqual(drifts);
  });

  it('accepts a retired key from its shred-not-before day, and a dangling alias', () => {
    const retired = live((l) => {
      epochKey(l).keyId = 'retired-key';
      epochKey(l).state = { ok: true, value: 'PendingDeletion' };
      (epochKey(l).tags as { value: Record<string, string> }).value['shredlock:shred-not-before'] = '2026-11-27';
      (epochKey(l).tags as { value: Record<string, string> }).value['shredlock:epoch'] = '2019-10';
      epochKey(l).epoch = '2019-10';
      (l.epochKeys as { value: Mutable<LiveKey>[] }).value.push({ ...structuredClone(epochKey(l)), keyId: 'gone', state: { ok: true, value: 'missing' } }, {
        ...structuredClone(epochKey(l)),
        keyId: EPOCH_KEY,
        epoch: '2026-11',
        state: { ok: true, value: 'Enabled' },
        tags: { ok: true, value: { 'shredlock:vault': 'v1', 'shredlock:epoch': '2026-11', 'shredlock:epoch-months': '1', 'shredlock:shred-not-before': '2033-11-29' } },
      });
    });
    expect(compareVault(exp, retired).drifts).toEqual([]);
  });
});

describe('s3ObjectCoverage', () => {
  it.each([
    [[{ prefix: 'arn:aws:s3:::b/', readWrite: 'All' }], 'All'],
    [[{ prefix: 'arn:aws:s3', readWrite: 'All' }], 'All'],
    [[{ prefix: 'arn:aws:s3:::b/', readWrite: 'ReadOnly' }, { prefix: 'arn:aws:s3:::b/', readWrite: 'WriteOnly' }], 'All'],
    [[{ prefix: 'arn:aws:s3:::b/', readWrite: 'ReadOnly' }], 'ReadOnly'],
    [[{ prefix: 'arn:aws:s3:::bb/', readWrite: 'All' }], 'not recorded'],
    [[], 'not recorded'],
  ])('%j -> %s', (s3Objects, coverage) => {
    expect(s3ObjectCoverage({ s3Objects }, 'arn:aws:s3:::b')).toBe(coverage);
  });
});
