/**
 * Contract tests of the classification job custom resource against an SDK mock (aws-sdk-client-mock
 * on Macie2Client): moto has no Macie classification jobs (only account and session calls), so
 * these tests pin the requests we send and how we read Macie's documented answers and errors, not
 * Macie's behaviour. The mock plays Macie's client-token idempotency where a test needs it.
 */
import {
  AccessDeniedException,
  ConflictException,
  CreateClassificationJobCommand,
  DescribeClassificationJobCommand,
  Macie2Client,
  ResourceNotFoundException,
  UpdateClassificationJobCommand,
  ValidationException,
  type CreateClassificationJobCommandInput,
} from '@aws-sdk/client-macie2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { MacieError } from '../../lambdas/aws/errors.js';
import { JobPropertiesError } from '../../lambdas/macie/errors.js';
import { createJobInput, parseJobProperties } from '../../lambdas/macie/job-definition.js';
import { cancelJob, onEvent } from '../../lambdas/macie/job-resource.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { cfnEvent, jobProperties } from './fixtures.js';

const macie = new Macie2Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const mock = mockClient(macie);
afterAll(() => mock.restore());

const OLD_JOB = '0123456789abcdef0123456789abcdef';
const NEW_JOB = 'fedcba9876543210fedcba9876543210';
const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode, requestId: 'req' }, message: 'refused' });

/** Plays Macie's CreateClassificationJob: one job per client token. */
function createReturnsJobPerToken(): Map<string, string> {
  const jobs = new Map<string, string>();
  mock.on(CreateClassificationJobCommand).callsFake((input: CreateClassificationJobCommandInput) => {
    const token = input.clientToken ?? '';
    if (!jobs.has(token)) jobs.set(token, jobs.size === 0 ? NEW_JOB : `job${jobs.size}`.padEnd(32, '0'));
    return { jobId: jobs.get(token), jobArn: `arn:aws:macie2:us-east-1:123456789012:classification-job/${jobs.get(token)}` };
  });
  return jobs;
}

/** The names of the commands the mock received, in order. */
const sent = () => mock.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name);

beforeEach(() => mock.reset());

describe('Create', () => {
  it('sends a SCHEDULED job over the vault buckets that excludes versions the current engine tagged', async () => {
    // Prepare
    createReturnsJobPerToken();
    const event = cfnEvent({ type: 'Create', requestId: 'a1b2c3d4-0000-4000-8000-000000000001', properties: { ...jobProperties() } });
    // Act
    const response = await onEvent(event, macie);
    // Assess
    expect(response).toEqual({ PhysicalResourceId: NEW_JOB, Data: { JobId: NEW_JOB } });
    expect(mock.commandCalls(CreateClassificationJobCommand)).toHaveLength(1);
    expect(mock.commandCalls(CreateClassificationJobCommand)[0]!.args[0].input).toEqual({
      clientToken: 'a1b2c3d4-0000-4000-8000-000000000001',
      name: 'shredlock-testvault-engine-0.1.0-a1b2c3d4',
      description: 'ShredLock testvault: vault objects not yet read by engine 0.1.0',
      jobType: 'SCHEDULED',
      scheduleFrequency: { dailySchedule: {} },
      initialRun: true,
      samplingPercentage: 100,
      s3JobDefinition: {
        bucketDefinitions: [{ accountId: '123456789012', buckets: ['testvault-vault-123456789012-us-east-1'] }],
        scoping: {
          excludes: {
            and: [
              {
                tagScopeTerm: {
                  key: 'TAG',
                  comparator: 'EQ',
                  target: 'S3_OBJECT',
                  tagValues: [{ key: TAG_KEYS.engine, value: '0.1.0' }],
                },
              },
            ],
          },
        },
      },
      customDataIdentifierIds: ['cdi-resident', 'cdi-mobile'],
      allowListIds: ['allow-1'],
      managedDataIdentifierSelector: 'RECOMMENDED',
      tags: { 'shredlock:deployment': 'testvault' },
    });
  });

  it.each([
    [{ ScheduleFrequency: 'weekly', DayOfWeek: 'SUNDAY' }, { weeklySchedule: { dayOfWeek: 'SUNDAY' } }],
    [{ ScheduleFrequency: 'monthly', DayOfMonth: '28' }, { monthlySchedule: { dayOfMonth: 28 } }],
  ] as const)('turns %j into %j', (overrides, scheduleFrequency) => {
    expect(createJobInput(parseJobProperties(jobProperties(overrides)), 'r').scheduleFrequency).toEqual(scheduleFrequency);
  });

  it('reads CloudFormation\'s strings: InitialRun "false", no allow list', () => {
    const input = createJobInput(parseJobProperties(jobProperties({ InitialRun: 'false', AllowListIds: [] })), 'r');
    expect(input.initialRun).toBe(false);
    expect(input).not.toHaveProperty('allowListIds');
  });

  it('returns the first attempt\'s job when the same request is retried (same client token)', async () => {
    // Prepare
    createReturnsJobPerToken();
    const event = cfnEvent({ type: 'Create', requestId: 'retry-0001', properties: { ...jobProperties() } });
    // Act
    const first = await onEvent(event, macie);
    const second = await onEvent(event, macie);
    // Assess
    expect(second).toEqual(first);
    const tokens = mock.commandCalls(CreateClassificationJobCommand).map((c) => c.args[0].input.clientToken);
    expect(tokens).toEqual(['retry-0001', 'retry-0001']);
  });

  it.each([
    ['a monthly job on the 31st', { ScheduleFrequency: 'monthly', DayOfMonth: '31' }, /DayOfMonth/],
    ['a weekly job without a day', { ScheduleFrequency: 'weekly' }, /DayOfWeek: required/],
    ['no bucket', { BucketNames: [] }, /BucketNames/],
    ['an account id token left unresolved', { AccountId: '${Token[AWS.AccountId.0]}' }, /AccountId/],
    ['no identifiers at all', { ManagedDataIdentifierSelector: 'NONE', CustomDataIdentifierIds: [] }, /at least one custom identifier/],
  ] as const)('refuses %s before calling Macie', async (_name, overrides, message) => {
    const event = cfnEvent({ type: 'Create', requestId: 'bad', properties: { ...jobProperties(overrides as never) } });
    await expect(onEvent(event, macie)).rejects.toThrow(JobPropertiesError);
    await expect(onEvent(event, macie)).rejects.toThrow(message);
    expect(mock.calls()).toHaveLength(0);
  });

  it('turns an SDK failure into a MacieError without its message', async () => {
    // Prepare
    mock.on(CreateClassificationJobCommand).rejects(new AccessDeniedException(meta(403)));
    const event = cfnEvent({ type: 'Create', requestId: 'denied', properties: { ...jobProperties() } });
    // Act / Assess
    const error = await onEvent(event, macie).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MacieError);
    expect(error).toMatchObject({ code: 'MACIE_ACCESS_DENIED', awsCode: 'AccessDeniedException', operation: 'CreateClassificationJob' });
    expect((error as Error).message).not.toContain('refused');
  });
});

describe('Update', () => {
  const changed = jobProperties({ EngineVersion: '0.2.0' });

  it('cancels the old job, then creates the new one, and answers with the new job id', async () => {
    // Prepare
    createReturnsJobPerToken();
    mock.on(DescribeClassificationJobCommand).resolves({ jobId: OLD_JOB, jobStatus: 'IDLE' });
    mock.on(UpdateClassificationJobCommand).resolves({});
    const event = cfnEvent({ type: 'Update', requestId: 'upd-0001', physicalId: OLD_JOB, properties: { ...changed }, oldProperties: { ...jobProperties() } });
    // Act
    const response = await onEvent(event, macie);
    // Assess
    expect(response).toEqual({ PhysicalResourceId: NEW_JOB, Data: { JobId: NEW_JOB } });
    expect(sent()).toEqual(['DescribeClassificationJobCommand', 'UpdateClassificationJobCommand', 'CreateClassificationJobCommand']);
    expect(mock.commandCalls(UpdateClassificationJobCommand)[0]!.args[0].input).toEqual({ jobId: OLD_JOB, jobStatus: 'CANCELLED' });
    const scoping = mock.commandCalls(CreateClassificationJobCommand)[0]!.args[0].input.s3JobDefinition?.scoping;
    expect(scoping?.excludes?.and?.[0]?.tagScopeTerm?.tagValues).toEqual([{ key: TAG_KEYS.engine, value: '0.2.0' }]);
  });

  it('is safe to retry: the old job is already cancelled, the create returns the same job', async () => {
    // Prepare: the first attempt cancelled and created, then its answer was lost
    createReturnsJobPerToken();
    mock.on(DescribeClassificationJobCommand).resolvesOnce({ jobStatus: 'IDLE' }).resolves({ jobStatus: 'CANCELLED' });
    mock.on(UpdateClassificationJobCommand).resolves({});
    const event = cfnEvent({ type: 'Update', requestId: 'upd-0002', physicalId: OLD_JOB, properties: { ...changed }, oldProperties: { ...jobProperties() } });
    // Act
    const first = await onEvent(event, macie);
    const second = await onEvent(event, macie);
    // Assess
    expect(second).toEqual(first);
    expect(mock.commandCalls(UpdateClassificationJobCommand)).toHaveLength(1);
  });

  it('does nothing when only the service token or the identifier order changed', async () => {
    // Prepare
    const reordered = jobProperties({ CustomDataIdentifierIds: ['cdi-mobile', 'cdi-resident'], ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:new' } as never);
    const event = cfnEvent({ type: 'Update', requestId: 'upd-0003', physicalId: OLD_JOB, properties: { ...reordered }, oldProperties: { ...jobProperties() } });
    // Act
    const response = await onEvent(event, macie);
    // Assess
    expect(response).toEqual({ PhysicalResourceId: OLD_JOB, Data: { JobId: OLD_JOB } });
    expect(mock.calls()).toHaveLength(0);
  });

  it('refuses new properties that describe no job, and leaves the old job running', async () => {
    const event = cfnEvent({
      type: 'Update',
      requestId: 'upd-0004',
      physicalId: OLD_JOB,
      properties: { ...jobProperties({ ScheduleFrequency: 'hourly' as never }) },
      oldProperties: { ...jobProperties() },
    });
    await expect(onEvent(event, macie)).rejects.toThrow(JobPropertiesError);
    expect(mock.calls()).toHaveLength(0);
  });
});

describe('Delete', () => {
  it('cancels a job that may still run', async () => {
    // Prepare
    mock.on(DescribeClassificationJobCommand).resolves({ jobStatus: 'RUNNING' });
    mock.on(UpdateClassificationJobCommand).resolves({});
    const event = cfnEvent({ type: 'Delete', requestId: 'del-0001', physicalId: OLD_JOB, properties: { ...jobProperties() } });
    // Act
    const response = await onEvent(event, macie);
    // Assess
    expect(response).toEqual({ PhysicalResourceId: OLD_JOB, Data: { JobId: OLD_JOB } });
    expect(mock.commandCalls(UpdateClassificationJobCommand)[0]!.args[0].input).toEqual({ jobId: OLD_JOB, jobStatus: 'CANCELLED' });
  });

  it.each([
    ['already cancelled', () => mock.on(DescribeClassificationJobCommand).resolves({ jobStatus: 'CANCELLED' }), 'already-stopped'],
    ['complete', () => mock.on(DescribeClassificationJobCommand).resolves({ jobStatus: 'COMPLETE' }), 'already-stopped'],
    ['gone (404)', () => mock.on(DescribeClassificationJobCommand).rejects(new ResourceNotFoundException(meta(404))), 'not-found'],
    [
      'not a job id (400: the Delete after a failed Create carries the request id)',
      () => mock.on(DescribeClassificationJobCommand).rejects(new ValidationException(meta(400))),
      'not-found',
    ],
  ] as const)('does nothing to a job that is %s', async (_name, arrange, outcome) => {
    // Prepare
    arrange();
    // Act / Assess
    expect(await cancelJob(macie, OLD_JOB)).toBe(outcome);
    expect(mock.commandCalls(UpdateClassificationJobCommand)).toHaveLength(0);
  });

  it('accepts a cancel that lost a race with the job completing', async () => {
    // Prepare
    mock.on(DescribeClassificationJobCommand).resolvesOnce({ jobStatus: 'RUNNING' }).resolves({ jobStatus: 'COMPLETE' });
    mock.on(UpdateClassificationJobCommand).rejects(new ConflictException(meta(409)));
    // Act / Assess
    expect(await cancelJob(macie, OLD_JOB)).toBe('already-stopped');
  });

  it('fails when Macie refuses the cancel and the job still runs', async () => {
    // Prepare
    mock.on(DescribeClassificationJobCommand).resolves({ jobStatus: 'RUNNING' });
    mock.on(UpdateClassificationJobCommand).rejects(new AccessDeniedException(meta(403)));
    // Act / Assess
    await expect(cancelJob(macie, OLD_JOB)).rejects.toMatchObject({ code: 'MACIE_ACCESS_DENIED', operation: 'UpdateClassificationJob' });
  });

  it('fails when it may not even look at the job', async () => {
    mock.on(DescribeClassificationJobCommand).rejects(new AccessDeniedException(meta(403)));
    await expect(cancelJob(macie, OLD_JOB)).rejects.toMatchObject({ code: 'MACIE_ACCESS_DENIED', operation: 'DescribeClassificationJob' });
  });
});
