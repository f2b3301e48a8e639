import { describe, expect, it } from 'vitest';
import { isAuditError } from '../../lambdas/audit/errors.js';
import { sensitivityIndexFromJsonLines } from '../../lambdas/audit/sensitivity.js';

// The S3 scanner's JSON Lines, as an auditor downloads them from the records bucket.
const line = (bucket: string, key: string, sensitivity: string) => JSON.stringify({ bucket, key, sensitivity, versionId: 'v', size: 1 });

describe('sensitivityIndexFromJsonLines', () => {
  it.each([
    ['vault-a', 'exports/c.csv', 'confidential'],
    ['vault-a', 'exports/p.txt', 'public'],
    ['vault-b', 'exports/c.csv', undefined],
    ['vault-a', 'other.csv', undefined],
    [undefined, 'exports/c.csv', undefined],
  ])('%s / %s -> %s', (bucket, key, level) => {
    const text = [line('vault-a', 'exports/c.csv', 'sensitive'), line('vault-a', 'exports/c.csv', 'confidential'), line('vault-a', 'exports/p.txt', 'public'), ''].join('\n');
    expect(sensitivityIndexFromJsonLines(text, 'runs.jsonl').lookup(bucket, key)).toBe(level);
  });

  it.each([
    ['not JSON', '{oops', /line 1: not JSON/],
    ['no bucket', JSON.stringify({ key: 'k', sensitivity: 'public' }), /line 1: not a scanner report line/],
    ['unknown level', line('b', 'k', 'secret'), /line 1: not a scanner report line/],
  ])('refuses %s with a code and the line number', (_name, text, message) => {
    let error: unknown;
    try {
      sensitivityIndexFromJsonLines(text, 'runs.jsonl');
    } catch (e) {
      error = e;
    }
    expect(isAuditError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
