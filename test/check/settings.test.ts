import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../contract/config-error.js';
import { isCheckConfigError } from '../../lambdas/check/errors.js';
import { defaultCheckSettings, settingsFromDocument, settingsFromEnv } from '../../lambdas/check/settings.js';
import { cdkJsonContext } from '../support/cdk-app.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('check settings', () => {
  it('reads cdk.json as cdk synth does: the shredlock key and shredlock.* overrides; --vault wins', () => {
    const fromCdkJson = settingsFromDocument({ context: { ...cdkJsonContext(), 'shredlock.recordsRetentionDays': '400' } });
    expect(fromCdkJson).toEqual({ vaultName: 'shredlock', retentionMode: 'COMPLIANCE', retentionDays: 2555, recordsRetentionDays: 400, macie: false, breakGlass: false });
    expect(settingsFromDocument({ context: cdkJsonContext() }, 'other').vaultName).toBe('other');
  });

  it('reads a bare shredlock object, with break-glass principals', () => {
    expect(
      settingsFromDocument({ firstEpoch: '2026-11', retentionMode: 'GOVERNANCE', breakGlassPrincipals: ['arn:aws:iam::111122223333:role/ops'], macie: true }),
    ).toMatchObject({ retentionMode: 'GOVERNANCE', breakGlass: true, macie: true });
  });

  it('uses the stack defaults without a file', () => {
    expect(defaultCheckSettings('v9')).toEqual({ vaultName: 'v9', retentionMode: 'COMPLIANCE', retentionDays: 2555, recordsRetentionDays: 3650, macie: false, breakGlass: false });
  });

  it('refuses an invalid configuration with the stack’s own ConfigError', () => {
    expect(isConfigError(thrown(() => settingsFromDocument({ firstEpoch: '2026-11', retentionDays: -1 })))).toBe(true);
    expect(isCheckConfigError(thrown(() => settingsFromDocument([])))).toBe(true);
  });

  it.each([
    [{}, 'SHREDLOCK_CONFIG: required'],
    [{ SHREDLOCK_CONFIG: '{' }, 'SHREDLOCK_CONFIG: not JSON'],
    [{ SHREDLOCK_CONFIG: '{"firstEpoch":"2026-11"}', SHREDLOCK_TOPIC_ARN: 'topic' }, 'SHREDLOCK_TOPIC_ARN: not an SNS topic ARN'],
  ])('the Lambda refuses env %j', (env, message) => {
    expect((thrown(() => settingsFromEnv(env)) as Error).message).toContain(message);
  });

  it('the Lambda reads its configuration and topic', () => {
    const topic = 'arn:aws:sns:eu-central-1:111122223333:v1-notifications';
    expect(settingsFromEnv({ SHREDLOCK_CONFIG: '{"vaultName":"vault-one","firstEpoch":"2026-11"}', SHREDLOCK_TOPIC_ARN: topic })).toEqual({
      settings: defaultCheckSettings('vault-one'),
      topicArn: topic,
    });
  });
});
