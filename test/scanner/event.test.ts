import { describe, expect, it } from 'vitest';
import { ScannerEventError } from '../../lambdas/scanner/errors.js';
import { isReportObject, keyCandidates, parseRecord } from '../../lambdas/scanner/event.js';
import { s3EventRecord } from './fixtures.js';

describe('parseRecord', () => {
  it('reads bucket, key and version id of an Object Created event', () => {
    // Prepare
    const record = s3EventRecord({ bucket: 'vault-a', key: 'in/file.csv', versionId: 'v1' });
    // Act
    const parsed = parseRecord(record);
    // Assess
    expect(parsed).toEqual({ kind: 'object', object: { bucket: 'vault-a', rawKey: 'in/file.csv', versionId: 'v1', size: 1 } });
  });

  it.each([
    { name: 'another detail type', event: { detailType: 'Object Tags Added' }, reason: 'not-object-created' },
    { name: 'another source', event: { source: 'aws.events' }, reason: 'not-s3' },
  ])('ignores $name', ({ event, reason }) => {
    const record = s3EventRecord({ bucket: 'vault-a', key: 'k', versionId: 'v1', ...event });
    expect(parseRecord(record)).toEqual({ kind: 'ignored', reason });
  });

  it.each([
    { name: 'a body that is not JSON', body: 'not json {', message: /not JSON/ },
    { name: 'a body without detail', body: '{"source":"aws.s3","detail-type":"Object Created"}', message: /detail/ },
    { name: 'an event without version id', body: s3EventRecord({ bucket: 'vault-a', key: 'k' }).body, message: /version-id/ },
  ])('rejects $name with INVALID_EVENT', ({ body, message }) => {
    // Act
    const act = () => parseRecord({ messageId: 'm-1', body });
    // Assess
    expect(act).toThrow(ScannerEventError);
    expect(act).toThrow(message);
    expect(act).toThrow(/message m-1/);
  });

  it('never puts the object key in its error message', () => {
    // Prepare: a key that looks like a name, in an event missing its size type
    const body = JSON.stringify({ source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: { name: 'vault-a' }, object: { key: 'Sample Person.csv', size: 'big' } } });
    // Act / Assess
    expect(() => parseRecord({ messageId: 'm-2', body })).toThrow(/detail\.object\.size/);
    try {
      parseRecord({ messageId: 'm-2', body });
    } catch (error) {
      expect((error as Error).message).not.toContain('Sample Person');
    }
  });
});

describe('keyCandidates', () => {
  it.each([
    { raw: 'plain/key.csv', expected: ['plain/key.csv'] },
    { raw: 'a+b.csv', expected: ['a+b.csv', 'a b.csv'] },
    { raw: 'a%20b.csv', expected: ['a%20b.csv', 'a b.csv'] },
    { raw: 'c%2Bd+e.csv', expected: ['c%2Bd+e.csv', 'c+d+e.csv', 'c+d e.csv'] },
    { raw: '100%.csv', expected: ['100%.csv'] },
    { raw: '%E5%BC%A0.csv', expected: ['%E5%BC%A0.csv', '张.csv'] },
  ])('$raw -> $expected', ({ raw, expected }) => {
    expect(keyCandidates(raw)).toEqual(expected);
  });
});

describe('isReportObject', () => {
  const report = { bucket: 'reports-bucket', prefix: 'reports/' };
  it.each([
    { bucket: 'reports-bucket', key: 'reports/scan/dt=2026-11-27/run.jsonl', expected: true },
    { bucket: 'reports-bucket', key: 'other/file.csv', expected: false },
    { bucket: 'vault-a', key: 'reports/file.csv', expected: false },
  ])('$bucket/$key -> $expected', ({ bucket, key, expected }) => {
    expect(isReportObject(bucket, key, report)).toBe(expected);
  });
});
