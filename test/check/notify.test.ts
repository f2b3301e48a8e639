/** The scheduled check's notification: published to SNS only when the vault drifted. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as check from '../../lambdas/check/check.js';
import { checkAndNotify } from '../../lambdas/check/notify.js';
import { defaultCheckSettings } from '../../lambdas/check/settings.js';
import type { CheckReport } from '../../lambdas/check/types.js';
import { ENV } from './fixtures.js';

const sns = mockClient(SNSClient);
afterAll(() => sns.restore());
const TOPIC = 'arn:aws:sns:eu-central-1:111122223333:v1-notifications';

function report(drifts: CheckReport['drifts']): CheckReport {
  return { type: 'shredlock.check', version: 1, vault: 'v1', account: ENV.account, region: ENV.region, checkedAt: '2026-11-27T00:00:00.000Z', checked: 120, compliant: drifts.length === 0, drifts };
}

const logger = { info: vi.fn(), warn: vi.fn() };
const deps = (topicArn?: string) => ({ clients: {} as never, sns: new SNSClient({ region: ENV.region }), logger, ...(topicArn ? { topicArn } : {}) });
const target = { settings: defaultCheckSettings('v1'), region: ENV.region };

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  logger.info.mockReset();
  logger.warn.mockReset();
});

describe('checkAndNotify', () => {
  it('publishes the drift table, and logs resources and properties only', async () => {
    const drift = { resource: 's3:v1-vault-111122223333-eu-central-1', property: 'versioning', expected: 'Enabled', found: 'Suspended' };
    const spy = vi.spyOn(check, 'runCheck').mockResolvedValue(report([drift]));
    await checkAndNotify(deps(TOPIC), target);
    const input = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(input.TopicArn).toBe(TOPIC);
    expect(input.Subject).toBe('ShredLock drift: vault v1, 1 property');
    expect(input.Message).toContain('s3:v1-vault-111122223333-eu-central-1  versioning  Enabled   Suspended');
    expect(input.Message).toContain('result: 1 DRIFT');
    expect(logger.warn).toHaveBeenCalledWith('vault drifted', { vault: 'v1', checked: 120, drifts: 1, properties: [`${drift.resource} versioning`] });
    spy.mockRestore();
  });

  it('publishes nothing for a compliant vault, or without a topic', async () => {
    const spy = vi.spyOn(check, 'runCheck').mockResolvedValue(report([]));
    await checkAndNotify(deps(TOPIC), target);
    spy.mockResolvedValue(report([{ resource: 'r', property: 'p', expected: 'e', found: 'f' }]));
    await checkAndNotify(deps(), target);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(logger.info).toHaveBeenCalledWith('vault compliant', { vault: 'v1', checked: 120, drifts: 0 });
    spy.mockRestore();
  });

  it('fails with a typed SNS error when publishing fails', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('denied'), { name: 'AuthorizationError', $metadata: { httpStatusCode: 403 } }));
    const spy = vi.spyOn(check, 'runCheck').mockResolvedValue(report([{ resource: 'r', property: 'p', expected: 'e', found: 'f' }]));
    await expect(checkAndNotify(deps(TOPIC), target)).rejects.toMatchObject({ name: 'SnsError', code: 'SNS_ACCESS_DENIED' });
    spy.mockRestore();
  });
});
