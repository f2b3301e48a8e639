/**
 * The life cycle of the epoch keys, on schedules, each function with its own role:
 *
 * | Function | Handler                       | Schedule (UTC)  | Role     | Does                                      |
 * |----------|-------------------------------|-----------------|----------|-------------------------------------------|
 * | rotator  | `lambdas/keys/handler.ts`     | daily 00:05     | rotator  | next epoch's key ahead of time, bucket    |
 * |          |                               |                 |          | default on the current one, epoch ledger  |
 * | shredder | `lambdas/shredder/handler.ts` | daily 04:00     | shredder | retires keys whose retention has ended    |
 *
 * Both are idempotent, so a daily run is safe; the rotator runs just after midnight so a new epoch's
 * key becomes the bucket default within minutes of the epoch starting. Each runs one at a time
 * (reserved concurrency 1; with `reserveConcurrency: false`, only the daily schedule keeps runs
 * apart). Environment as lambdas/vault/config.ts documents it.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { encodeVaultEnv } from '../contract/env/vault.js';
import { ShredlockFunction } from './runtime-function.js';
import type { RuntimeQueues } from './runtime-queues.js';

/** Schedules of the key life cycle, as data. */
export const KEY_LIFECYCLE_SCHEDULES = {
  rotator: 'cron(5 0 * * ? *)',
  shredder: 'cron(0 4 * * ? *)',
} as const;

/** A role and its one managed policy. */
export interface RoleWithPolicy {
  readonly role: iam.IRole;
  readonly policy: iam.ManagedPolicy;
}

/** Props of KeyLifecycle. */
export interface KeyLifecycleProps {
  /** Vault name. */
  readonly vaultName: string;
  /** Vault bucket name. */
  readonly vaultBucketName: string;
  /** Records bucket name (epoch ledger, certificates). */
  readonly recordsBucketName: string;
  /** Notification topic (shred plans, refusals). */
  readonly topicArn: string;
  /** First epoch, "YYYY-MM". */
  readonly firstEpoch: string;
  /** Months per epoch key. */
  readonly epochMonths: number;
  /** Object Lock retention of the vault, days. */
  readonly retentionDays: number;
  /** KMS deletion waiting period, days. */
  readonly keyDeletionWindowDays: number;
  /** The rotator role. */
  readonly rotator: RoleWithPolicy;
  /** The shredder role; its ARN is also the principal an approval must not come from. */
  readonly shredder: RoleWithPolicy & { readonly roleArn: string };
  /**
   * Where the vault bucket's S3 Inventory is delivered: the shredder proves from it when the vault
   * holds more versions than it lists (SHREDLOCK_INVENTORY_BUCKET, SHREDLOCK_INVENTORY_PREFIX; the
   * shredder role must be able to list the bucket and read `<prefix>/<vault bucket>/<config id>/*`).
   * @default - no inventory: the shredder proves by listing only and refuses above its limit
   */
  readonly inventory?: { readonly bucketName: string; readonly prefix: string };
  /** The audit key (log groups). */
  readonly auditKey: kms.IKey;
  /** Runtime queue key and the dead-letter queue of failed asynchronous events. */
  readonly queues: RuntimeQueues;
  /** @default KEY_LIFECYCLE_SCHEDULES.rotator */
  readonly rotatorSchedule?: string;
  /** @default KEY_LIFECYCLE_SCHEDULES.shredder */
  readonly shredderSchedule?: string;
  /** Reserve each function's concurrency (ShredlockFunction `reserveConcurrency`). @default true */
  readonly reserveConcurrency?: boolean;
}

/** Rotator and shredder, each on its schedule. */
export class KeyLifecycle extends Construct {
  /** Creates and activates epoch keys. */
  public readonly rotator: ShredlockFunction;
  /** Retires epoch keys. */
  public readonly shredder: ShredlockFunction;
  /** Starts the rotator. */
  public readonly rotatorSchedule: events.Rule;
  /** Starts the shredder. */
  public readonly shredderSchedule: events.Rule;

  constructor(scope: Construct, id: string, props: KeyLifecycleProps) {
    super(scope, id);
    const vaultSettings = {
      vaultName: props.vaultName,
      vaultBucket: props.vaultBucketName,
      recordsBucket: props.recordsBucketName,
      epochMonths: props.epochMonths,
      firstEpoch: props.firstEpoch,
      retentionDays: props.retentionDays,
      keyDeletionWindowDays: props.keyDeletionWindowDays,
    };
    const common = {
      vaultName: props.vaultName,
      logKey: props.auditKey,
      deadLetterQueue: props.queues.failedInvocations,
      deadLetterQueueKey: props.queues.key,
      reservedConcurrency: 1,
      reserveConcurrency: props.reserveConcurrency,
      retryAttempts: 0,
    };
    this.rotator = new ShredlockFunction(this, 'Rotator', {
      ...common,
      kind: 'rotator',
      entry: 'lambdas/keys/handler.ts',
      description: "creates the next epoch's key ahead of time and points the vault default at the current one",
      role: props.rotator.role,
      policy: props.rotator.policy,
      environment: encodeVaultEnv(vaultSettings),
      timeout: Duration.minutes(5),
    });
    this.shredder = new ShredlockFunction(this, 'Shredder', {
      ...common,
      kind: 'shredder',
      entry: 'lambdas/shredder/handler.ts',
      description: 'retires the epoch keys whose retention has ended, with certificates',
      role: props.shredder.role,
      policy: props.shredder.policy,
      environment: encodeVaultEnv({
        ...vaultSettings,
        topicArn: props.topicArn,
        requireApproval: true,
        shredderPrincipalArn: props.shredder.roleArn,
        ...(props.inventory ? { inventoryBucket: props.inventory.bucketName, inventoryPrefix: props.inventory.prefix } : {}),
      }),
      // It lists and heads every version of the vault (or reads its inventory, above the listing limit).
      memorySize: 1024,
      timeout: Duration.minutes(15),
    });
    const schedule = (ruleId: string, kind: string, expression: string, fn: ShredlockFunction, what: string) =>
      new events.Rule(this, ruleId, {
        ruleName: `${props.vaultName}-${kind}`,
        description: `ShredLock ${props.vaultName}: ${what}`,
        schedule: events.Schedule.expression(expression),
        targets: [new targets.LambdaFunction(fn.function, { retryAttempts: 2, maxEventAge: Duration.hours(2) })],
      });
    this.rotatorSchedule = schedule('RotatorSchedule', 'rotator', props.rotatorSchedule ?? KEY_LIFECYCLE_SCHEDULES.rotator, this.rotator, 'daily key rotation');
    this.shredderSchedule = schedule('ShredderSchedule', 'shredder', props.shredderSchedule ?? KEY_LIFECYCLE_SCHEDULES.shredder, this.shredder, 'daily shred run');
  }
}
