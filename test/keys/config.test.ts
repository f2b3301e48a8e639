import { describe, expect, it } from 'vitest';
import {
  requireRotatorSettings,
  requireShredderSettings,
  vaultConfigFromEnv,
  vaultConfigFromFlags,
  VAULT_FLAGS,
} from '../../lambdas/vault/config.js';
import { VaultConfigError } from '../../lambdas/vault/errors.js';
import { parsePrincipal, samePrincipal } from '../../lambdas/vault/principal.js';

const ENV = {
  SHREDLOCK_VAULT_NAME: 'acme',
  SHREDLOCK_VAULT_BUCKET: 'acme-vault-123456789012-eu-central-1',
  SHREDLOCK_RECORDS_BUCKET: 'acme-records-123456789012-eu-central-1',
  SHREDLOCK_SHREDDER_PRINCIPAL_ARN: 'arn:aws:iam::123456789012:role/shredlock/acme-shredder',
};

function issuesOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof VaultConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a VaultConfigError');
}

describe('vaultConfigFromEnv', () => {
  it('reads the required settings and applies the defaults', () => {
    expect(vaultConfigFromEnv(ENV)).toEqual({
      vaultName: 'acme',
      vaultBucket: ENV.SHREDLOCK_VAULT_BUCKET,
      recordsBucket: ENV.SHREDLOCK_RECORDS_BUCKET,
      epochMonths: 1,
      keyDeletionWindowDays: 30,
      requireApproval: true,
      shredderPrincipalArn: ENV.SHREDLOCK_SHREDDER_PRINCIPAL_ARN,
    });
  });

  it('reads every optional setting', () => {
    const config = vaultConfigFromEnv({
      ...ENV,
      SHREDLOCK_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:acme-notices',
      SHREDLOCK_EPOCH_MONTHS: '3',
      SHREDLOCK_FIRST_EPOCH: '2026-11',
      SHREDLOCK_RETENTION_DAYS: '2555',
      SHREDLOCK_KEY_DELETION_WINDOW_DAYS: '7',
      SHREDLOCK_REQUIRE_APPROVAL: 'false',
    });
    expect(config).toMatchObject({ epochMonths: 3, firstEpoch: '2026-11', retentionDays: 2555, keyDeletionWindowDays: 7, requireApproval: false });
    expect(requireRotatorSettings(config).retentionDays).toBe(2555);
  });

  it.each([
    [{ SHREDLOCK_VAULT_NAME: undefined }, 'SHREDLOCK_VAULT_NAME=null: required'],
    [{ SHREDLOCK_VAULT_BUCKET: 'Not_A_Bucket' }, 'SHREDLOCK_VAULT_BUCKET="Not_A_Bucket": an S3 bucket name'],
    [{ SHREDLOCK_KEY_DELETION_WINDOW_DAYS: '3' }, 'SHREDLOCK_KEY_DELETION_WINDOW_DAYS="3": a whole number of days from 7 to 30'],
    [{ SHREDLOCK_KEY_DELETION_WINDOW_DAYS: '31' }, 'SHREDLOCK_KEY_DELETION_WINDOW_DAYS="31": a whole number of days from 7 to 30'],
    [{ SHREDLOCK_EPOCH_MONTHS: 'two' }, 'SHREDLOCK_EPOCH_MONTHS="two"'],
    [{ SHREDLOCK_REQUIRE_APPROVAL: 'no' }, 'SHREDLOCK_REQUIRE_APPROVAL="no"'],
    [{ SHREDLOCK_SHREDDER_PRINCIPAL_ARN: 'shredder' }, 'SHREDLOCK_SHREDDER_PRINCIPAL_ARN="shredder": an IAM role'],
    [{ SHREDLOCK_FIRST_EPOCH: '2026-13' }, 'SHREDLOCK_FIRST_EPOCH="2026-13": "YYYY-MM"'],
  ])('names the variable and what is allowed: %o', (change, expected) => {
    const issues = issuesOf(() => vaultConfigFromEnv({ ...ENV, ...change }));
    expect(issues.join('\n')).toContain(expected);
  });

  it('lists every problem at once', () => {
    expect(issuesOf(() => vaultConfigFromEnv({}))).toHaveLength(3);
  });

  it('requires the shredder principal while approval is required, and the rotator settings for the rotator', () => {
    const { SHREDLOCK_SHREDDER_PRINCIPAL_ARN: _p, ...noPrincipal } = ENV;
    expect(issuesOf(() => requireShredderSettings(vaultConfigFromEnv(noPrincipal))).join()).toContain('SHREDLOCK_SHREDDER_PRINCIPAL_ARN');
    expect(requireShredderSettings(vaultConfigFromEnv({ ...noPrincipal, SHREDLOCK_REQUIRE_APPROVAL: 'false' })).requireApproval).toBe(false);
    expect(issuesOf(() => requireRotatorSettings(vaultConfigFromEnv(ENV)))).toEqual([
      'SHREDLOCK_FIRST_EPOCH: required by the key rotator',
      'SHREDLOCK_RETENTION_DAYS: required by the key rotator',
    ]);
  });
});

describe('vaultConfigFromFlags', () => {
  it('names flags in errors, and turns approval off only with --allow-unapproved', () => {
    const base = { vault: 'acme', vaultBucket: 'acme-vault', recordsBucket: 'acme-records' };
    expect(vaultConfigFromFlags(base).requireApproval).toBe(true);
    expect(vaultConfigFromFlags({ ...base, allowUnapproved: true }).requireApproval).toBe(false);
    expect(issuesOf(() => vaultConfigFromFlags({ ...base, deletionWindowDays: '45' })).join()).toContain('--deletion-window-days="45"');
    expect(issuesOf(() => requireShredderSettings(vaultConfigFromFlags(base), VAULT_FLAGS)).join()).toContain('--principal');
  });
});

describe('principals', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/shredlock/acme-shredder', { account: '123456789012', kind: 'role', name: 'acme-shredder' }],
    ['arn:aws:sts::123456789012:assumed-role/acme-shredder/session-1', { account: '123456789012', kind: 'role', name: 'acme-shredder' }],
    ['arn:aws:iam::123456789012:user/alice', { kind: 'user', name: 'alice' }],
    ['arn:aws:iam::123456789012:root', { kind: 'root', name: 'root' }],
    ['arn:aws-cn:iam::123456789012:role/x', { partition: 'aws-cn', name: 'x' }],
  ])('parses %s', (arn, expected) => {
    expect(parsePrincipal(arn)).toMatchObject(expected);
  });

  it.each(['alice', 'arn:aws:iam::123:role/x', 'arn:aws:s3:::bucket', 'arn:aws:sts::123456789012:federated-user/x', ''])('rejects %j', (arn) => {
    expect(parsePrincipal(arn)).toBeUndefined();
  });

  it.each([
    ['arn:aws:iam::123456789012:role/shredlock/a', 'arn:aws:sts::123456789012:assumed-role/a/s', true],
    ['arn:aws:iam::123456789012:role/a', 'arn:aws:iam::123456789012:role/b', false],
    ['arn:aws:iam::123456789012:role/a', 'arn:aws:iam::123456789012:user/a', false],
    ['arn:aws:iam::123456789012:role/a', 'arn:aws:iam::111111111111:role/a', false],
    ['arn:aws:iam::123456789012:role/a', 'a', false],
  ])('samePrincipal(%s, %s) = %s', (a, b, expected) => {
    expect(samePrincipal(a, b)).toBe(expected);
  });
});
