/**
 * Custom resource (CDK Provider framework, onEvent) that owns the vault's scheduled Macie
 * classification job: CloudFormation has no resource type for jobs, and jobs cannot be changed
 * once created, only cancelled.
 *
 * | Request | What happens                                                       | Physical id  |
 * |---------|--------------------------------------------------------------------|--------------|
 * | Create  | CreateClassificationJob (client token = CloudFormation request id) | new job id   |
 * | Update  | same job (e.g. only ServiceToken changed): nothing                 | old job id   |
 * | Update  | different job: cancel the old one, then create the new one         | new job id   |
 * | Delete  | cancel the job (also the cleanup Delete after a replacing Update)  | old job id   |
 *
 * Every step is safe to repeat: a repeated create returns the job of the first attempt (same
 * client token); cancelling a job that is already cancelled or complete, does not exist, or whose
 * id is not a job id (the Delete after a failed Create carries CloudFormation's request id) does
 * nothing. The old job is cancelled before the new one is created, so a failed update leaves no
 * orphan running; the rollback's own Update creates a job with the old properties again.
 */
import {
  CreateClassificationJobCommand,
  DescribeClassificationJobCommand,
  UpdateClassificationJobCommand,
  type Macie2Client,
} from '@aws-sdk/client-macie2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { macieClient } from '../aws/clients.js';
import { describeSdkFailure, toMacieError } from '../aws/errors.js';
import { createJobInput, parseJobProperties, sameJob, type JobSpec } from './job-definition.js';

/** What the Provider framework needs back from onEvent. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  /** Attributes of the resource (`Fn::GetAtt`). */
  readonly Data: { readonly JobId: string };
}

/** The job Macie created. */
export interface CreatedJob {
  readonly jobId: string;
  readonly jobArn?: string;
}

/** What cancelJob found and did. */
export type CancelOutcome = 'cancelled' | 'already-stopped' | 'not-found';

/** Where a log line goes (console in the Lambda; a recorder in tests). Ids only, never keys. */
export type JobLog = (message: string, fields: Record<string, unknown>) => void;

const STOPPED = new Set(['CANCELLED', 'COMPLETE']);

/** Creates the job; a retry with the same request id returns the same job. */
export async function createJob(macie: Macie2Client, spec: JobSpec, requestId: string): Promise<CreatedJob> {
  try {
    const out = await macie.send(new CreateClassificationJobCommand(createJobInput(spec, requestId)));
    if (!out.jobId) throw new TypeError('CreateClassificationJob returned no jobId');
    return { jobId: out.jobId, jobArn: out.jobArn };
  } catch (error) {
    if (error instanceof TypeError) throw error;
    throw toMacieError(error, 'CreateClassificationJob', { requestId });
  }
}

async function jobStatus(macie: Macie2Client, jobId: string): Promise<string | undefined> {
  try {
    return (await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus ?? 'UNKNOWN';
  } catch (error) {
    // 404: no such job; 400: the id is not a job id at all. Either way there is nothing to cancel.
    const { kind } = describeSdkFailure(error);
    if (kind === 'NOT_FOUND' || kind === 'INVALID_REQUEST') return undefined;
    throw toMacieError(error, 'DescribeClassificationJob', { jobId });
  }
}

/** Cancels a job unless it is already stopped or does not exist. */
export async function cancelJob(macie: Macie2Client, jobId: string): Promise<CancelOutcome> {
  const status = await jobStatus(macie, jobId);
  if (status === undefined) return 'not-found';
  if (STOPPED.has(status)) return 'already-stopped';
  try {
    await macie.send(new UpdateClassificationJobCommand({ jobId, jobStatus: 'CANCELLED' }));
    return 'cancelled';
  } catch (error) {
    // A run may have completed, or a parallel attempt cancelled it, since the Describe.
    const now = await jobStatus(macie, jobId);
    if (now === undefined || STOPPED.has(now)) return 'already-stopped';
    throw toMacieError(error, 'UpdateClassificationJob', { jobId });
  }
}

function tryParse(raw: unknown): JobSpec | undefined {
  try {
    return parseJobProperties(raw);
  } catch {
    return undefined;
  }
}

/** Handles one CloudFormation request (see the module doc for the table). */
export async function onEvent(
  event: CloudFormationCustomResourceEvent,
  macie: Macie2Client,
  log: JobLog = () => {},
): Promise<OnEventResponse> {
  const ids = { requestType: event.RequestType, requestId: event.RequestId, logicalId: event.LogicalResourceId };
  switch (event.RequestType) {
    case 'Create': {
      const job = await createJob(macie, parseJobProperties(event.ResourceProperties), event.RequestId);
      log('job created', { ...ids, jobId: job.jobId });
      return { PhysicalResourceId: job.jobId, Data: { JobId: job.jobId } };
    }
    case 'Update': {
      const spec = parseJobProperties(event.ResourceProperties);
      const old = tryParse(event.OldResourceProperties);
      const oldJobId = event.PhysicalResourceId;
      if (old !== undefined && sameJob(old, spec)) {
        log('job unchanged', { ...ids, jobId: oldJobId });
        return { PhysicalResourceId: oldJobId, Data: { JobId: oldJobId } };
      }
      const cancelled = await cancelJob(macie, oldJobId);
      const job = await createJob(macie, spec, event.RequestId);
      log('job replaced', { ...ids, oldJobId, oldJob: cancelled, jobId: job.jobId });
      return { PhysicalResourceId: job.jobId, Data: { JobId: job.jobId } };
    }
    case 'Delete': {
      const jobId = event.PhysicalResourceId;
      const outcome = await cancelJob(macie, jobId);
      log('job deleted', { ...ids, jobId, outcome });
      return { PhysicalResourceId: jobId, Data: { JobId: jobId } };
    }
  }
}

/** The Lambda entry point. */
export const handler = (event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> =>
  onEvent(event, macieClient(), (message, fields) => console.log(JSON.stringify({ message, ...fields })));
