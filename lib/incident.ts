/**
 * Incident response: the seal Lambda (`lambdas/seal/handler.ts`), invoked by the runbook with
 * `aws lambda invoke --function-name <vault>-seal` and a seal or unseal event. It places legal
 * holds on every version under a prefix, rescans the sealed versions to count the people affected,
 * records the incident under `incidents/` in the records bucket, and cancels the deletion of the
 * vault's keys pending deletion under a sealed version (notifying the topic). It runs with the
 * sealer role, which may place and lift legal holds and cancel (never schedule) a vault key's
 * deletion, but never delete, bypass or change retention. The event's caller is not known to the
 * function: the stack's trail logs this function's Invoke data events (AuditTrail.logInvocations).
 */
import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { encodeSealEnv } from '../contract/env/seal.js';
import type { RoleWithPolicy } from './key-lifecycle.js';
import { ShredlockFunction } from './runtime-function.js';
import type { RuntimeQueues } from './runtime-queues.js';

/** Props of IncidentResponse. */
export interface IncidentResponseProps {
  /** Vault name. */
  readonly vaultName: string;
  /** The vault bucket whose versions are sealed. */
  readonly vaultBucketName: string;
  /** The records bucket (`incidents/`, and cancellation records beside certificates). */
  readonly recordsBucketName: string;
  /** The notification topic, told when a seal cancels a key's deletion. */
  readonly topicArn: string;
  /** The sealer role. */
  readonly sealer: RoleWithPolicy;
  /** The audit key (log group). */
  readonly auditKey: kms.IKey;
  /** Runtime queue key and the dead-letter queue of failed asynchronous events. */
  readonly queues: RuntimeQueues;
  /** Seal runs at once (two incidents may overlap). @default 2 */
  readonly concurrency?: number;
  /** Reserve each function's concurrency (ShredlockFunction `reserveConcurrency`). @default true */
  readonly reserveConcurrency?: boolean;
}

/** The seal Lambda. */
export class IncidentResponse extends Construct {
  /** Seals and unseals prefixes. */
  public readonly seal: ShredlockFunction;

  constructor(scope: Construct, id: string, props: IncidentResponseProps) {
    super(scope, id);
    this.seal = new ShredlockFunction(this, 'Seal', {
      vaultName: props.vaultName,
      kind: 'seal',
      entry: 'lambdas/seal/handler.ts',
      description: 'seals a leaked prefix with legal holds and lists the people affected (incident runbook)',
      role: props.sealer.role,
      policy: props.sealer.policy,
      environment: encodeSealEnv({
        vaultBucket: props.vaultBucketName,
        recordsBucket: props.recordsBucketName,
        vaultName: props.vaultName,
        topicArn: props.topicArn,
      }),
      logKey: props.auditKey,
      deadLetterQueue: props.queues.failedInvocations,
      deadLetterQueueKey: props.queues.key,
      reservedConcurrency: props.concurrency ?? 2,
      reserveConcurrency: props.reserveConcurrency,
      // Rescans two versions at once, each may buffer up to the engine's 256 MiB.
      memorySize: 2048,
      timeout: Duration.minutes(15),
      scanEngine: true,
      retryAttempts: 0,
    });
  }
}
