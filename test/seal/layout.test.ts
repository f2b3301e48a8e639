import { describe, expect, it } from 'vitest';
import { notificationKeys, parseRecordKey, revisionKey } from '../../lambdas/seal/layout.js';

describe('record layout', () => {
  it.each([
    ['seal', 1, 'incidents/INC-42/seal.json'],
    ['seal', 2, 'incidents/INC-42/seal-2.json'],
    ['manifest', 1, 'incidents/INC-42/manifest.tsv'],
    ['manifest', 3, 'incidents/INC-42/manifest-3.tsv'],
    ['intent', 2, 'incidents/INC-42/intent-2.json'],
    ['unseal', 1, 'incidents/INC-42/unseal.json'],
  ] as const)('names %s revision %i %s, and reads it back', (kind, revision, key) => {
    expect(revisionKey('INC-42', kind, revision)).toBe(key);
    expect(parseRecordKey(key)).toEqual({ incidentId: 'INC-42', kind, revision });
  });

  it.each([
    'incidents/INC-42/seal-1.json',
    'incidents/INC-42/seal.tsv',
    'incidents/INC-42/notification.json',
    'incidents/INC-42/sub/seal.json',
    'reports/INC-42/seal.json',
    'incidents/../seal.json',
  ])('does not take %s for a record', (key) => {
    expect(parseRecordKey(key)).toBeUndefined();
  });

  it('names the notification list', () => {
    expect(notificationKeys('INC-42')).toEqual({ json: 'incidents/INC-42/notification.json', csv: 'incidents/INC-42/notification.csv' });
  });

  it('refuses an incident id that could leave its folder, and revision 0', () => {
    expect(() => revisionKey('../x', 'seal', 1)).toThrow(RangeError);
    expect(() => revisionKey('INC-42', 'seal', 0)).toThrow(RangeError);
  });
});
