/**
 * The queues of the runtime and their key: one KMS key for every runtime queue (scan queue, its
 * dead-letter queue, and the dead-letter queue of failed asynchronous Lambda events). Messages
 * hold object keys, so they are encrypted with a customer managed key whose use is delegated to IAM
 * only through SQS; EventBridge gets its own statement from the construct that adds a rule.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConstructPropsError } from './errors.js';
import { KEY_ADMIN_ACTIONS, QUEUE_KEY_ENCRYPT_ACTIONS } from '../contract/permissions.js';

/** How long a dead-letter queue keeps a message: the SQS maximum, time to look and redrive. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/** Props of RuntimeQueues. */
export interface RuntimeQueuesProps {
  /** Vault name (queue names `<vault>-...`, key description). */
  readonly vaultName: string;
  /** KMS deletion waiting period of the queue key, 7-30 days. @default 30 */
  readonly pendingWindowDays?: number;
}

/** Settings of one queue made with RuntimeQueues.queue(). */
export interface RuntimeQueueProps {
  /** Queue name suffix: `<vault>-<suffix>`. */
  readonly nameSuffix: string;
  /** @default 30 seconds (SQS's) */
  readonly visibilityTimeout?: Duration;
  /** @default 4 days (SQS's) */
  readonly retentionPeriod?: Duration;
  /** Where messages go after `maxReceiveCount` receives. @default - none (this is a dead-letter queue) */
  readonly deadLetterQueue?: sqs.DeadLetterQueue;
}

/** The runtime queue key and the dead-letter queue of asynchronous Lambda events. */
export class RuntimeQueues extends Construct {
  /** Encrypts every runtime queue. */
  public readonly key: kms.Key;
  /** Dead-letter queue of every Lambda: events an asynchronous invocation could not handle. */
  public readonly failedInvocations: sqs.Queue;

  private readonly vaultName: string;

  constructor(scope: Construct, id: string, props: RuntimeQueuesProps) {
    super(scope, id);
    const pendingWindowDays = props.pendingWindowDays ?? 30;
    if (!Number.isInteger(pendingWindowDays) || pendingWindowDays < 7 || pendingWindowDays > 30) {
      throw new ConstructPropsError('RuntimeQueues', [`pendingWindowDays ${pendingWindowDays} must be a whole number from 7 to 30`]);
    }
    this.vaultName = props.vaultName;
    const stack = Stack.of(this);
    const account = new iam.ArnPrincipal(`arn:${stack.partition}:iam::${stack.account}:root`);
    this.key = new kms.Key(this, 'Key', {
      description: `ShredLock ${props.vaultName}: runtime queues (scan events, failed invocations)`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(pendingWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ sid: 'KeyAdministration', principals: [account], actions: [...KEY_ADMIN_ACTIONS], resources: ['*'] }),
          new iam.PolicyStatement({
            sid: 'AccountUseViaSqs',
            principals: [account],
            actions: [...QUEUE_KEY_ENCRYPT_ACTIONS],
            resources: ['*'],
            conditions: {
              StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com`, 'kms:CallerAccount': stack.account },
            },
          }),
        ],
      }),
    });
    this.failedInvocations = this.queue(this, 'FailedInvocations', { nameSuffix: 'failed-invocations', retentionPeriod: DEAD_LETTER_RETENTION });
  }

  /** A queue in `scope`, encrypted with the runtime key, that refuses requests without TLS. */
  queue(scope: Construct, id: string, props: RuntimeQueueProps): sqs.Queue {
    return new sqs.Queue(scope, id, {
      queueName: `${this.vaultName}-${props.nameSuffix}`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retentionPeriod,
      deadLetterQueue: props.deadLetterQueue,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
