import { describe, expect, it } from 'vitest';
import { ABSURD_RETENTION_DAYS, CONFIG_DEFAULTS, parseConfig, readRawConfig } from '../../contract/config.js';
import { ConfigError, isConfigError } from '../../contract/config-error.js';
import { cdkJsonContext } from '../support/cdk-app.js';

const minimal = { firstEpoch: '2026-11' };

function issuesOf(raw: unknown): { key: string; value: unknown; allowed: string }[] {
  try {
    parseConfig(raw);
  } catch (error) {
    if (isConfigError(error)) return error.issues.map((i) => ({ ...i }));
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills every default from CONFIG_DEFAULTS', () => {
    const config = parseConfig(minimal);
    expect(config).toMatchObject({ ...CONFIG_DEFAULTS, firstEpoch: '2026-11' });
    expect(config.retentionMode).toBe('COMPLIANCE');
    expect(config.keyEpochMonths).toBe(1);
    expect(config.notificationEmail).toBeUndefined();
    expect(config.account).toBeUndefined();
  });

  it('accepts the cdk.json shredlock context', () => {
    const config = parseConfig(readRawConfig(cdkJsonContext()));
    expect(config.vaultName).toMatch(/^[a-z]/);
  });

  it.each([
    ['vaultName', 'Bad_Name', 'lowercase letters'],
    ['vaultName', 'ab', '3-20 characters'],
    ['vaultName', 'a-very-long-vault-name-x', '3-20 characters'],
    ['firstEpoch', '2026-13', 'YYYY-MM'],
    ['retentionMode', 'LEGAL', 'GOVERNANCE'],
    ['retentionDays', 0, '1 to 36500'],
    ['retentionDays', 1.5, '1 to 36500'],
    ['retentionDays', '30', '1 to 36500'],
    ['keyEpochMonths', 13, '1 to 12'],
    ['keyDeletionWindowDays', 6, '7 to 30'],
    ['keyDeletionWindowDays', 31, '7 to 30'],
    ['scanSchedule', 'every day', 'schedule expression'],
    ['macie', 'yes', 'true or false'],
    ['reservedConcurrency', 10, 'true (default) or false'],
    ['notificationEmail', 'not-an-email', 'e-mail address'],
    ['writerPrincipals', ['alice'], 'IAM ARNs'],
    ['account', '12345', '12-digit'],
    ['region', 'Frankfurt', 'AWS region'],
  ])('rejects %s = %j, saying what is allowed', (key, value, allowed) => {
    const issues = issuesOf({ ...minimal, [key]: value });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.key.split('.')[0]).toBe(key);
    expect(issues[0]!.allowed).toContain(allowed);
  });

  it('requires firstEpoch', () => {
    expect(issuesOf({})).toEqual([expect.objectContaining({ key: 'firstEpoch', value: undefined })]);
  });

  it('collects every problem into one error whose message names key, value and rule', () => {
    let error: unknown;
    try {
      parseConfig({ firstEpoch: 'soon', retentionDays: -1, retentionDay: 7 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.issues.map((i) => i.key).sort()).toEqual(['firstEpoch', 'retentionDay', 'retentionDays']);
    expect(configError.message).toContain('shredlock.retentionDays = -1: a whole number of days from 1 to 36500');
    expect(configError.message).toContain('shredlock.retentionDay = 7: unknown key; allowed keys are');
    expect(configError.message).toContain('shredlock.firstEpoch = "soon"');
  });

  it.each([
    // mode, days, testAccount, acknowledged, ok
    ['COMPLIANCE', 2555, false, false, true],
    ['COMPLIANCE', ABSURD_RETENTION_DAYS, false, false, true],
    ['COMPLIANCE', ABSURD_RETENTION_DAYS + 1, false, false, false],
    ['COMPLIANCE', ABSURD_RETENTION_DAYS + 1, false, true, true],
    ['COMPLIANCE', 30, true, false, false],
    ['COMPLIANCE', 30, true, true, true],
    ['GOVERNANCE', 30, true, false, true],
    ['GOVERNANCE', ABSURD_RETENTION_DAYS + 1, true, false, false],
  ] as const)('mode %s, %i days, testAccount %s, acknowledged %s -> ok %s', (mode, days, testAccount, ack, ok) => {
    const raw = { ...minimal, retentionMode: mode, retentionDays: days, testAccount, acknowledgeIrreversibleRetention: ack };
    if (ok) expect(parseConfig(raw).retentionDays).toBe(days);
    else expect(issuesOf(raw)[0]!.allowed).toContain('acknowledgeIrreversibleRetention: true');
  });
});

describe('classificationPolicy', () => {
  const policy = { confidential: ['bank_card'], sensitive: ['email', 'cn_mobile'], public: ['ipv4'] };

  it('is optional, and kept as given when set', () => {
    expect(parseConfig(minimal).classificationPolicy).toBeUndefined();
    expect(parseConfig({ ...minimal, classificationPolicy: policy }).classificationPolicy).toEqual(policy);
  });

  it('names every problem of the policy with its path, value and what is wrong', () => {
    const issues = issuesOf({
      ...minimal,
      classificationPolicy: { confidential: ['bank_card', 'shoe_size'], sensitive: ['email'], extra: 1 },
    });
    expect(issues).toEqual([
      {
        key: 'classificationPolicy.confidential.1',
        value: 'shoe_size',
        allowed: expect.stringMatching(/allowed: cn_resident_id, .*wechat_id/),
      },
      { key: 'classificationPolicy.extra', value: 1, allowed: 'unknown key; allowed keys are confidential, sensitive, public' },
    ]);
  });

  it('refuses a type listed at two levels, as `--policy` does', () => {
    const issues = issuesOf({ ...minimal, classificationPolicy: { confidential: ['bank_card'], sensitive: ['bank_card'] } });
    expect(issues).toEqual([
      { key: 'classificationPolicy.sensitive', value: ['bank_card'], allowed: '"bank_card" is listed as both confidential and sensitive; list it once' },
    ]);
  });

  it.each([
    ['a list', ['bank_card']],
    ['a file name', 'policy.json'],
  ])('refuses %s, naming the key and the shape', (_what, value) => {
    expect(issuesOf({ ...minimal, classificationPolicy: value })).toEqual([
      { key: 'classificationPolicy', value, allowed: expect.stringContaining('{ "confidential": [types], "sensitive": [types], "public": [types] }') },
    ]);
  });

  it('names a missing level', () => {
    expect(issuesOf({ ...minimal, classificationPolicy: { confidential: [] } })).toEqual([
      { key: 'classificationPolicy.sensitive', value: undefined, allowed: expect.stringContaining('expected array') },
    ]);
  });
});

describe('readRawConfig', () => {
  it('merges -c shredlock.<key>=<value> overrides over the shredlock object, parsing JSON values', () => {
    const raw = readRawConfig({
      shredlock: { firstEpoch: '2026-11', retentionDays: 10 },
      'shredlock.retentionDays': '30',
      'shredlock.retentionMode': 'GOVERNANCE',
      'shredlock.macie': 'true',
      'shredlock.writerPrincipals': '["arn:aws:iam::123456789012:role/backup"]',
      '@aws-cdk/core:someFlag': true,
    });
    expect(parseConfig(raw)).toMatchObject({
      retentionDays: 30,
      retentionMode: 'GOVERNANCE',
      macie: true,
      writerPrincipals: ['arn:aws:iam::123456789012:role/backup'],
    });
  });

  it('accepts the shredlock object as JSON text (-c shredlock=\'{...}\')', () => {
    expect(readRawConfig({ shredlock: '{"firstEpoch":"2026-01"}' })).toEqual({ firstEpoch: '2026-01' });
  });

  it('rejects a shredlock value that is not an object', () => {
    expect(() => readRawConfig({ shredlock: '[1]' })).toThrow(ConfigError);
  });
});
