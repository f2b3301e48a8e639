/**
 * Notifications: one KMS-encrypted SNS topic for shred plans, incidents and failures, TLS only,
 * with an optional e-mail subscription. Callers may bring their own topic.
 */
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ConstructPropsError } from './errors.js';

/** Props of VaultNotifications. */
export interface VaultNotificationsProps {
  /** Vault name (topic name `<vault>-notifications`). */
  readonly vaultName: string;
  /** Key that encrypts messages at rest. Required unless topic is given. */
  readonly masterKey?: kms.IKey;
  /** Bring your own topic. @default - a new KMS-encrypted topic */
  readonly topic?: sns.ITopic;
  /** E-mail address to subscribe. @default - no subscription */
  readonly email?: string;
}

/** The notification topic. */
export class VaultNotifications extends Construct {
  /** The topic. */
  public readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: VaultNotificationsProps) {
    super(scope, id);
    if (!props.topic && !props.masterKey) {
      throw new ConstructPropsError('VaultNotifications', ['masterKey is required when topic is not given']);
    }
    this.topic =
      props.topic ??
      new sns.Topic(this, 'Topic', {
        topicName: `${props.vaultName}-notifications`,
        displayName: `ShredLock ${props.vaultName}`,
        masterKey: props.masterKey,
        enforceSSL: true,
      });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
