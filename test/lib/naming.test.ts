import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { bucketName, epochAliasName, roleArn, shredNotBefore } from '../../lib/naming.js';
import { testApp } from '../support/cdk-app.js';

describe('naming', () => {
  it.each([
    // epoch, months, retention days, first day all data of the epoch is out of retention
    ['2026-11', 1, 2555, '2033-11-29'],
    ['2026-12', 1, 1, '2027-01-02'],
    ['2027-01', 12, 0, '2028-01-01'],
    ['2028-02', 1, 1, '2028-03-02'],
    ['2027-02', 1, 365, '2028-02-29'],
  ] as const)('epoch %s (+%i months) with %i days of retention may be shredded from %s', (epoch, months, days, expected) => {
    expect(shredNotBefore(epoch, months, days)).toBe(expected);
  });

  it('derives names the runtime can compute from vault, account and region', () => {
    const stack = new Stack(testApp('naming'), 'S', { env: { account: '123456789012', region: 'eu-central-1' } });
    expect(bucketName(stack, 'shredlock', 'vault')).toBe('shredlock-vault-123456789012-eu-central-1');
    expect(roleArn(stack, 'shredlock', 'shredder')).toBe('arn:aws:iam::123456789012:role/shredlock/shredlock-shredder');
    expect(epochAliasName('shredlock', '2026-11')).toBe('alias/shredlock/shredlock/epoch/2026-11');
  });

  it('keeps the longest bucket name within 63 characters for a 20-character vault name', () => {
    const stack = new Stack(testApp('naming-long'), 'S', { env: { account: '123456789012', region: 'ap-southeast-5' } });
    expect(bucketName(stack, 'a'.repeat(20), 'access-logs').length).toBeLessThanOrEqual(63);
  });
});
