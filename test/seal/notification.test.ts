import { describe, expect, it } from 'vitest';
import { NOTIFICATION_SCHEMA, notificationCsv, parseNotification, peopleByType, type Notification } from '../../lambdas/seal/notification.js';
import { forEachLimit } from '../../lambdas/shared/pool.js';

const list: Notification = {
  schema: NOTIFICATION_SCHEMA,
  incidentId: 'INC-42',
  vaultBucket: 'vault-a',
  generatedAt: '2026-11-27T06:30:00.000Z',
  engine: '0.1.0',
  manifests: [{ revision: 1, sha256: 'a'.repeat(64) }],
  versions: 3,
  countedTypes: ['cn_resident_id', 'cn_mobile'],
  byType: {
    cn_mobile: { people: 1, identifiers: [{ masked: '138****5678', foundIn: [{ keyHash: 'k2', versionId: 'v2' }] }] },
    cn_resident_id: {
      people: 2,
      identifiers: [
        { masked: '110105**********2X', foundIn: [{ keyHash: 'k1', versionId: 'v1' }, { keyHash: 'k2', versionId: 'v2' }] },
        { masked: '110105**********31', foundIn: [{ keyHash: 'k1', versionId: 'v1' }] },
      ],
    },
  },
  unreadable: [{ keyHash: 'k3', versionId: 'v3', code: 'CORRUPT', message: 'zip is corrupt', partial: false }],
};

describe('notification list', () => {
  it('is written as CSV: a row per identifier and version, people numbered per type, then unreadable versions', () => {
    expect(notificationCsv(list)).toBe(
      [
        'record,type,person,masked,key_hash,version_id,error',
        'identifier,cn_resident_id,1,110105**********2X,k1,v1,',
        'identifier,cn_resident_id,1,110105**********2X,k2,v2,',
        'identifier,cn_resident_id,2,110105**********31,k1,v1,',
        'identifier,cn_mobile,1,138****5678,k2,v2,',
        'unreadable,,,,k3,v3,CORRUPT',
        '',
      ].join('\n'),
    );
  });

  it('gives the people per type in type order', () => {
    expect(Object.entries(peopleByType(list))).toEqual([
      ['cn_resident_id', 2],
      ['cn_mobile', 1],
    ]);
  });

  it('reads back only what matches its schema', () => {
    expect(parseNotification(JSON.parse(JSON.stringify(list)))).toEqual(list);
    expect(parseNotification({ ...list, schema: 'other' })).toBeUndefined();
    expect(parseNotification({ ...list, byType: { not_a_type: { people: 1, identifiers: [] } } })).toBeUndefined();
  });
});

describe('forEachLimit', () => {
  it('runs every item, never more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(n);
      running--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });
});
