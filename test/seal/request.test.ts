import { describe, expect, it } from 'vitest';
import { SealRequestError } from '../../lambdas/seal/errors.js';
import { newIncidentId, parseSealRequest, parseUnsealRequest } from '../../lambdas/seal/request.js';

const NOW = new Date('2026-11-27T06:30:00.000Z');
const valid = {
  vaultBucket: 'vault-a',
  recordsBucket: 'records-a',
  prefix: 'exports/张三/',
  reason: '  INC-42: export leaked  ',
  principal: 'arn:aws:iam::123456789012:user/alice',
  now: NOW,
};

function issues(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof SealRequestError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('parseSealRequest', () => {
  it('accepts a valid request and trims the reason', () => {
    expect(parseSealRequest(valid)).toEqual({ ...valid, reason: 'INC-42: export leaked' });
  });

  it.each([
    ['arn:aws:sts::123456789012:assumed-role/Responder/alice@example.com', true],
    ['arn:aws-cn:iam::123456789012:role/Responder', true],
    ['arn:aws:iam::12345:user/alice', false],
    ['arn:aws:s3:::bucket', false],
    ['alice', false],
  ])('principal %s is %s', (principal, ok) => {
    expect(issues(() => parseSealRequest({ ...valid, principal })).length === 0).toBe(ok);
  });

  const invocation = { requestId: 'c0ffee00-0000-4000-8000-000000000001', functionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:acme-seal' };
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a principal (the CLI)', {}, []],
    ['an invocation (the Lambda)', { principal: undefined, invocation }, []],
    ['an invocation with a claimed principal', { principal: undefined, invocation, claimedPrincipal: valid.principal }, []],
    ['a qualified function ARN', { principal: undefined, invocation: { ...invocation, functionArn: `${invocation.functionArn}:live` } }, []],
    ['neither', { principal: undefined }, ['principal']],
    ['both', { invocation }, ['principal']],
    ['a claimed principal beside a verified one', { claimedPrincipal: valid.principal }, ['claimedPrincipal']],
    ['a claim that is not an ARN', { principal: undefined, invocation, claimedPrincipal: 'alice' }, ['claimedPrincipal']],
    ['a function ARN of another service', { principal: undefined, invocation: { ...invocation, functionArn: 'arn:aws:s3:::acme-seal' } }, ['invocation.functionArn']],
  ])('who sealed: %s', (_, change, fields) => {
    expect(issues(() => parseSealRequest({ ...valid, ...change })).map((i) => i.split(':')[0])).toEqual(fields);
  });

  it('lists every problem by field, never the values', () => {
    const found = issues(() => parseSealRequest({ ...valid, vaultBucket: 'A', prefix: '', reason: 'bad\u0000', incidentId: 'x'.repeat(65) }));
    expect(found.map((i) => i.split(':')[0]).sort()).toEqual(['incidentId', 'prefix', 'reason', 'vaultBucket']);
    expect(found.join('\n')).not.toContain('bad');
  });

  it('allows tabs and newlines in a reason, not other control characters', () => {
    expect(issues(() => parseSealRequest({ ...valid, reason: 'line one\n\tline two' }))).toEqual([]);
    expect(issues(() => parseSealRequest({ ...valid, reason: 'bell\u0007' }))).toHaveLength(1);
  });
});

describe('parseUnsealRequest', () => {
  it('requires the incident id; the vault bucket is optional', () => {
    const { prefix: _prefix, ...rest } = valid;
    expect(issues(() => parseUnsealRequest(rest))).toEqual([expect.stringMatching(/^incidentId:/)]);
    expect(parseUnsealRequest({ ...rest, vaultBucket: undefined, incidentId: 'INC-42' })).toMatchObject({ incidentId: 'INC-42' });
  });
});

describe('newIncidentId', () => {
  it('is sortable by time and unique', () => {
    const a = newIncidentId(NOW);
    expect(a).toMatch(/^INC-20261127T063000Z-[0-9a-f]{6}$/);
    expect(newIncidentId(NOW)).not.toBe(a);
  });
});
