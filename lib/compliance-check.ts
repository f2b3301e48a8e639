/**
 * The daily compliance check (`lambdas/check/handler.ts`): compares the deployed vault with what
 * the configuration promises (buckets, trail, keys) and publishes drift to the notification topic.
 * It runs with the checker role, which reads configuration only: no object data, no change.
 *
 * | Function | Handler                    | Schedule (UTC) | Role    | Environment                                |
 * |----------|----------------------------|----------------|---------|--------------------------------------------|
 * | check    | `lambdas/check/handler.ts` | daily 06:00    | checker | `SHREDLOCK_CONFIG`, `SHREDLOCK_TOPIC_ARN`  |
 *
 * 06:00 is after the day's rotation (00:05), backlog scan (03:00 by default) and shred run (04:00),
 * so the check sees the state they leave.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { ShredlockConfig } from '../contract/config.js';
import { CHECK_CONFIG_OMITTED_KEYS, checkConfigJson, encodeCheckEnv } from '../contract/env/check.js';
import type { RoleWithPolicy } from './key-lifecycle.js';
import { ShredlockFunction } from './runtime-function.js';
import type { RuntimeQueues } from './runtime-queues.js';

/** Schedule of the compliance check, as data. */
export const COMPLIANCE_CHECK_SCHEDULE = 'cron(0 6 * * ? *)';

export { CHECK_CONFIG_OMITTED_KEYS, checkConfigJson };

/** Props of ComplianceCheck. */
export interface ComplianceCheckProps {
  /** The parsed configuration: what the check holds the deployed vault to. */
  readonly config: ShredlockConfig;
  /** Notification topic: drift is published to it. */
  readonly topicArn: string;
  /** The checker role and its managed policy. */
  readonly checker: RoleWithPolicy;
  /** The audit key (log group). */
  readonly auditKey: kms.IKey;
  /** Runtime queue key and the dead-letter queue of failed asynchronous events. */
  readonly queues: RuntimeQueues;
  /** @default COMPLIANCE_CHECK_SCHEDULE */
  readonly schedule?: string;
  /** Reserve the function's concurrency (ShredlockFunction `reserveConcurrency`). @default true */
  readonly reserveConcurrency?: boolean;
}

/** The check Lambda and its daily schedule. */
export class ComplianceCheck extends Construct {
  /** Runs the check. */
  public readonly check: ShredlockFunction;
  /** Starts it. */
  public readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: ComplianceCheckProps) {
    super(scope, id);
    const vault = props.config.vaultName;
    this.check = new ShredlockFunction(this, 'Check', {
      vaultName: vault,
      kind: 'check',
      entry: 'lambdas/check/handler.ts',
      description: 'compares the deployed vault with its configuration and publishes drift (daily)',
      role: props.checker.role,
      policy: props.checker.policy,
      environment: encodeCheckEnv({ config: props.config, topicArn: props.topicArn }),
      logKey: props.auditKey,
      deadLetterQueue: props.queues.failedInvocations,
      deadLetterQueueKey: props.queues.key,
      // One run a day; a second at once would only publish the same drift twice.
      reservedConcurrency: 1,
      reserveConcurrency: props.reserveConcurrency,
      timeout: Duration.minutes(5),
      retryAttempts: 0,
    });
    this.schedule = new events.Rule(this, 'Schedule', {
      ruleName: `${vault}-check`,
      description: `ShredLock ${vault}: daily compliance check`,
      schedule: events.Schedule.expression(props.schedule ?? COMPLIANCE_CHECK_SCHEDULE),
      targets: [new targets.LambdaFunction(this.check.function, { retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });
  }
}
