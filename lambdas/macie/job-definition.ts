/**
 * The scheduled Macie classification job of one vault, as data: the custom resource's properties
 * (what CloudFormation passes, every number and boolean turned into a string), their schema, and
 * the CreateClassificationJob request built from them. Pure: no AWS calls.
 *
 * Scoping: every object of the vault buckets EXCEPT versions tagged `shredlock:engine=<current
 * engine version>`, i.e. those the current engine has already read. Macie evaluates the exclusion
 * when each run starts; a scheduled job analyzes only objects created or changed since its last
 * run, so after the first run it sees the few versions the event-driven scanner has not tagged yet.
 * A new engine version changes the scoping, and with it the job (jobs are immutable).
 */
import type { CreateClassificationJobCommandInput, DayOfWeek, JobScheduleFrequency, Scoping } from '@aws-sdk/client-macie2';
import { z } from 'zod';
import { BUCKET_NAME_PATTERN, VAULT_NAME_PATTERN } from '../../contract/patterns.js';
import { TAG_KEYS } from '../scanner/tags.js';
import { JobPropertiesError } from './errors.js';
import { issueMessages } from '../shared/issues.js';

/** Days Macie runs a weekly job on. */
export const DAYS_OF_WEEK = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const satisfies readonly DayOfWeek[];

/** When the job runs. Monthly days stop at 28: Macie skips months without the day. */
export type MacieJobSchedule =
  | { readonly frequency: 'daily' }
  | { readonly frequency: 'weekly'; readonly dayOfWeek: (typeof DAYS_OF_WEEK)[number] }
  | { readonly frequency: 'monthly'; readonly dayOfMonth: number };

/** Which managed data identifiers the job runs besides ours. */
export const MANAGED_SELECTORS = ['RECOMMENDED', 'ALL', 'NONE'] as const;

/** One of MANAGED_SELECTORS. */
export type ManagedSelector = (typeof MANAGED_SELECTORS)[number];

/** The custom resource's properties, as the construct writes them (values may be CDK tokens). */
export interface JobResourceProperties {
  readonly VaultName: string;
  readonly AccountId: string;
  readonly BucketNames: readonly string[];
  readonly EngineVersion: string;
  readonly ScheduleFrequency: MacieJobSchedule['frequency'];
  readonly DayOfWeek?: string;
  readonly DayOfMonth?: string;
  readonly CustomDataIdentifierIds: readonly string[];
  readonly AllowListIds: readonly string[];
  readonly ManagedDataIdentifierSelector: ManagedSelector;
  /** `'true'`: analyze existing objects right after creation; `'false'`: only from the first scheduled run. */
  readonly InitialRun: 'true' | 'false';
}

/** The properties as the construct builds them from typed values. */
export function jobResourceProperties(spec: JobSpec): JobResourceProperties {
  const { schedule } = spec;
  return {
    VaultName: spec.vaultName,
    AccountId: spec.accountId,
    BucketNames: [...spec.bucketNames],
    EngineVersion: spec.engineVersion,
    ScheduleFrequency: schedule.frequency,
    ...(schedule.frequency === 'weekly' ? { DayOfWeek: schedule.dayOfWeek } : {}),
    ...(schedule.frequency === 'monthly' ? { DayOfMonth: String(schedule.dayOfMonth) } : {}),
    CustomDataIdentifierIds: [...spec.customDataIdentifierIds],
    AllowListIds: [...spec.allowListIds],
    ManagedDataIdentifierSelector: spec.managedSelector,
    InitialRun: spec.initialRun ? 'true' : 'false',
  };
}

/** The job, typed. */
export interface JobSpec {
  readonly vaultName: string;
  readonly accountId: string;
  readonly bucketNames: readonly string[];
  readonly engineVersion: string;
  readonly schedule: MacieJobSchedule;
  readonly customDataIdentifierIds: readonly string[];
  readonly allowListIds: readonly string[];
  readonly managedSelector: ManagedSelector;
  readonly initialRun: boolean;
}

const PropertiesSchema = z.object({
  VaultName: z.string().regex(VAULT_NAME_PATTERN, 'a vault name'),
  AccountId: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
  BucketNames: z.array(z.string().regex(BUCKET_NAME_PATTERN, 'an S3 bucket name')).min(1),
  EngineVersion: z.string().min(1).max(256),
  ScheduleFrequency: z.enum(['daily', 'weekly', 'monthly']),
  DayOfWeek: z.enum(DAYS_OF_WEEK).optional(),
  DayOfMonth: z
    .string()
    .regex(/^([1-9]|1\d|2[0-8])$/, 'a day from 1 to 28')
    .transform(Number)
    .optional(),
  CustomDataIdentifierIds: z.array(z.string().min(1)),
  AllowListIds: z.array(z.string().min(1)),
  ManagedDataIdentifierSelector: z.enum(MANAGED_SELECTORS),
  InitialRun: z.enum(['true', 'false']),
});

/** Parses the properties CloudFormation passed; JobPropertiesError names every bad property. */
export function parseJobProperties(raw: unknown): JobSpec {
  const parsed = PropertiesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new JobPropertiesError(issueMessages(parsed.error.issues, '(properties)'));
  }
  const p = parsed.data;
  const issues: string[] = [];
  if (p.ScheduleFrequency === 'weekly' && p.DayOfWeek === undefined) issues.push('DayOfWeek: required for a weekly job');
  if (p.ScheduleFrequency === 'monthly' && p.DayOfMonth === undefined) issues.push('DayOfMonth: required for a monthly job');
  if (p.ManagedDataIdentifierSelector === 'NONE' && p.CustomDataIdentifierIds.length === 0) {
    issues.push('CustomDataIdentifierIds: a job without managed identifiers needs at least one custom identifier');
  }
  if (issues.length > 0) throw new JobPropertiesError(issues);
  const schedule: MacieJobSchedule =
    p.ScheduleFrequency === 'weekly'
      ? { frequency: 'weekly', dayOfWeek: p.DayOfWeek! }
      : p.ScheduleFrequency === 'monthly'
        ? { frequency: 'monthly', dayOfMonth: p.DayOfMonth! }
        : { frequency: 'daily' };
  return {
    vaultName: p.VaultName,
    accountId: p.AccountId,
    bucketNames: p.BucketNames,
    engineVersion: p.EngineVersion,
    schedule,
    customDataIdentifierIds: p.CustomDataIdentifierIds,
    allowListIds: p.AllowListIds,
    managedSelector: p.ManagedDataIdentifierSelector,
    initialRun: p.InitialRun === 'true',
  };
}

/** True when two specs describe the same job (identifier order does not matter). */
export function sameJob(a: JobSpec, b: JobSpec): boolean {
  const canonical = (s: JobSpec) =>
    JSON.stringify({
      ...s,
      bucketNames: [...s.bucketNames].sort(),
      customDataIdentifierIds: [...s.customDataIdentifierIds].sort(),
      allowListIds: [...s.allowListIds].sort(),
    });
  return canonical(a) === canonical(b);
}

/** Leaves out versions the current engine has already tagged (see the module doc). */
export function engineExclusion(engineVersion: string): Scoping {
  return {
    excludes: {
      and: [
        {
          tagScopeTerm: {
            key: 'TAG',
            comparator: 'EQ',
            target: 'S3_OBJECT',
            tagValues: [{ key: TAG_KEYS.engine, value: engineVersion }],
          },
        },
      ],
    },
  };
}

/** Macie's form of a schedule. */
export function scheduleFrequency(schedule: MacieJobSchedule): JobScheduleFrequency {
  switch (schedule.frequency) {
    case 'daily':
      return { dailySchedule: {} };
    case 'weekly':
      return { weeklySchedule: { dayOfWeek: schedule.dayOfWeek } };
    case 'monthly':
      return { monthlySchedule: { dayOfMonth: schedule.dayOfMonth } };
  }
}

/** Tag key on the job naming the vault (a deployment tag, never `shredlock:vault`, which gates key retirement). */
export const JOB_TAG_KEY = 'shredlock:deployment';

/**
 * The CreateClassificationJob request. `requestId` (CloudFormation's, the same on every retry of
 * one request) is the client token, so a retried create returns the job the first attempt made,
 * and it makes the name unique (jobs of earlier requests keep theirs).
 */
export function createJobInput(spec: JobSpec, requestId: string): CreateClassificationJobCommandInput {
  const suffix = requestId.replace(/[^0-9A-Za-z]/g, '').slice(0, 8).toLowerCase();
  return {
    clientToken: requestId,
    name: `shredlock-${spec.vaultName}-engine-${spec.engineVersion}-${suffix}`,
    description: `ShredLock ${spec.vaultName}: vault objects not yet read by engine ${spec.engineVersion}`.slice(0, 200),
    jobType: 'SCHEDULED',
    scheduleFrequency: scheduleFrequency(spec.schedule),
    initialRun: spec.initialRun,
    samplingPercentage: 100,
    s3JobDefinition: {
      bucketDefinitions: [{ accountId: spec.accountId, buckets: [...spec.bucketNames] }],
      scoping: engineExclusion(spec.engineVersion),
    },
    ...(spec.customDataIdentifierIds.length > 0 ? { customDataIdentifierIds: [...spec.customDataIdentifierIds] } : {}),
    ...(spec.allowListIds.length > 0 ? { allowListIds: [...spec.allowListIds] } : {}),
    managedDataIdentifierSelector: spec.managedSelector,
    tags: { [JOB_TAG_KEY]: spec.vaultName },
  };
}
