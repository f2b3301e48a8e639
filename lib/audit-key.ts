/**
 * The audit key encrypts what must outlive every epoch: the trail, its log group, reports and
 * destruction certificates, inventory reports and notifications. Nobody may schedule its deletion
 * (no statement allows it), so shredding an epoch never touches the evidence.
 */
import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  ALARM_KEY_ACTIONS,
  AUDIT_KEY_ENCRYPT_ACTIONS,
  AUDITOR_KMS_ACTIONS,
  CLOUDTRAIL_KEY_DESCRIBE_ACTIONS,
  CLOUDTRAIL_KEY_ENCRYPT_ACTIONS,
  INVENTORY_KEY_ENCRYPT_ACTIONS,
  KEY_ADMIN_ACTIONS,
  LOGS_KEY_ACTIONS,
  NOTIFY_KEY_ACTIONS,
} from '../contract/permissions.js';

/** Props of AuditKey. ARNs may be tokens. */
export interface AuditKeyProps {
  /** Vault name (tag, description). */
  readonly vaultName: string;
  /** ARN of the trail that writes with this key (CloudTrail's encryption context and SourceArn). */
  readonly trailArn: string;
  /** Name of the trail's log group, which CloudWatch Logs encrypts with this key. */
  readonly logGroupName: string;
  /**
   * Name prefix of further log groups CloudWatch Logs may encrypt with this key (the runtime's
   * Lambda and state machine logs, e.g. `/shredlock/<vault>/`). @default - the trail's only
   */
  readonly logGroupNamePrefix?: string;
  /** ARNs of buckets whose S3 Inventory reports are written with this key. */
  readonly inventorySourceBucketArns: readonly string[];
  /** Roles that write records and notifications (GenerateDataKey/Decrypt via S3 or SNS). */
  readonly writerRoleArns: readonly string[];
  /** Roles that read evidence (Decrypt via S3). */
  readonly readerRoleArns: readonly string[];
  /** Roles that only publish notifications (GenerateDataKey/Decrypt via SNS). @default - none */
  readonly notifierRoleArns?: readonly string[];
  /** KMS deletion waiting period, in case an administrator ever changes the policy. @default 30 */
  readonly pendingWindowDays?: number;
}

/** The customer managed key for audit evidence. */
export class AuditKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AuditKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const account = new iam.ArnPrincipal(`arn:${stack.partition}:iam::${stack.account}:root`);
    const viaServices = [`s3.${stack.region}.amazonaws.com`, `sns.${stack.region}.amazonaws.com`];
    const logGroupArn = (name: string) => `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${name}`;
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'KeyAdministration',
          principals: [account],
          actions: [...KEY_ADMIN_ACTIONS],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'CloudTrailEncryptsLogs',
          principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
          actions: [...CLOUDTRAIL_KEY_ENCRYPT_ACTIONS],
          resources: ['*'],
          conditions: {
            StringEquals: { 'aws:SourceArn': props.trailArn },
            StringLike: {
              'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`,
            },
          },
        }),
        new iam.PolicyStatement({
          sid: 'CloudTrailDescribesKey',
          principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
          actions: [...CLOUDTRAIL_KEY_DESCRIBE_ACTIONS],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceArn': props.trailArn } },
        }),
        new iam.PolicyStatement({
          sid: 'CloudWatchLogsEncryptsVaultLogGroups',
          principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
          actions: [...LOGS_KEY_ACTIONS],
          resources: ['*'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': [
                logGroupArn(props.logGroupName),
                ...(props.logGroupNamePrefix ? [logGroupArn(`${props.logGroupNamePrefix}*`)] : []),
              ],
            },
          },
        }),
        new iam.PolicyStatement({
          sid: 'S3InventoryEncryptsReports',
          principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
          actions: [...INVENTORY_KEY_ENCRYPT_ACTIONS],
          resources: ['*'],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': [...props.inventorySourceBucketArns] },
          },
        }),
        new iam.PolicyStatement({
          sid: 'RuntimeWritesRecordsAndNotifications',
          principals: [account],
          actions: [...AUDIT_KEY_ENCRYPT_ACTIONS],
          resources: ['*'],
          conditions: {
            ArnEquals: { 'aws:PrincipalArn': [...props.writerRoleArns] },
            StringEquals: { 'kms:ViaService': viaServices },
          },
        }),
        new iam.PolicyStatement({
          sid: 'AuditorsReadEvidence',
          principals: [account],
          actions: [...AUDITOR_KMS_ACTIONS],
          resources: ['*'],
          conditions: {
            ArnEquals: { 'aws:PrincipalArn': [...props.readerRoleArns] },
            StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
          },
        }),
      ],
    });
    if (props.notifierRoleArns && props.notifierRoleArns.length > 0) {
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'RolesEncryptNotifications',
          principals: [account],
          actions: [...NOTIFY_KEY_ACTIONS],
          resources: ['*'],
          conditions: {
            ArnEquals: { 'aws:PrincipalArn': [...props.notifierRoleArns] },
            StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` },
          },
        }),
      );
    }
    this.key = new kms.Key(this, 'Key', {
      description: `ShredLock ${props.vaultName}: audit evidence (trail, records, inventory, notifications)`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(props.pendingWindowDays ?? 30),
      removalPolicy: RemovalPolicy.RETAIN,
      policy,
    });
    Tags.of(this.key).add('shredlock:purpose', 'audit');
    // Deliberately not tagged shredlock:vault: the shredder's permissions never reach this key.
  }

  /**
   * Let EventBridge use the key for the named rules of this account (lib/protection-alarms.ts): a
   * rule's target is the notification topic, which this key encrypts. ARNs are built from rule
   * names, like allowAlarms.
   */
  allowEventRules(ruleArns: readonly string[]): void {
    this.allowNotifier('EventBridgeRulesNotify', 'events.amazonaws.com', ruleArns);
  }

  /**
   * Let CloudWatch use the key for the named alarms of this account: an alarm's action publishes
   * to the notification topic, which this key encrypts, and without this statement SNS drops the
   * message. ARNs are built from alarm names, not alarm tokens (the topic needs the key, the alarm
   * the topic: a token here would be a cycle).
   */
  allowAlarms(alarmArns: readonly string[]): void {
    this.allowNotifier('CloudWatchAlarmsNotify', 'cloudwatch.amazonaws.com', alarmArns);
  }

  /** Let `service` use the key for the named sources of this account (nothing when there are none). */
  private allowNotifier(sid: string, service: string, sourceArns: readonly string[]): void {
    if (sourceArns.length === 0) return;
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid,
        principals: [new iam.ServicePrincipal(service)],
        actions: [...ALARM_KEY_ACTIONS],
        resources: ['*'],
        conditions: {
          ArnEquals: { 'aws:SourceArn': [...sourceArns] },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
  }
}
