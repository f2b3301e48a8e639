/**
 * The ShredLock stack: keys, vault, records, trail, roles and notifications for one vault, and the
 * runtime that works on it (scanning, key life cycle, incident seals, the daily compliance check,
 * and Macie as a second reader when `macie` is on), wired from the parsed configuration. Names and
 * ARNs follow naming.ts, so bucket and key policies can name the roles without waiting for them
 * (no dependency cycles).
 */
import { CfnOutput, CfnResource, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ENGINE_VERSION } from '../lambdas/engine/version.js';
import { AuditKey } from './audit-key.js';
import { AuditTrail, trailLogGroupName, trailName } from './audit-trail.js';
import { ComplianceCheck } from './compliance-check.js';
import type { ShredlockConfig } from '../contract/config.js';
import { EpochKey } from './epoch-key.js';
import { acknowledgeFindings } from './acknowledgements.js';
import { IncidentResponse } from './incident.js';
import { KeyLifecycle } from './key-lifecycle.js';
import { MacieScanning } from './macie.js';
import {
  bucketName,
  epochAliasPrefix,
  functionName,
  inventoryReportPrefix,
  logGroupPrefix,
  macieServiceLinkedRoleArn,
  roleArn,
} from './naming.js';
import { VaultNotifications } from './notifications.js';
import { ProtectionAlarms } from './protection-alarms.js';
import { RecordsBucket } from './records-bucket.js';
import { VaultRoles } from './roles.js';
import type { ShredlockFunction } from './runtime-function.js';
import { RuntimeQueues } from './runtime-queues.js';
import { ScanPipeline } from './scanning.js';
import { BackupVault, INVENTORY_ID, INVENTORY_PREFIX } from './vault-bucket.js';

/** Props of ShredlockStack. */
export interface ShredlockStackProps extends StackProps {
  /** The parsed `shredlock` configuration (see config.ts). */
  readonly config: ShredlockConfig;
  /**
   * Record the cdk-nag acknowledgements of nag-acknowledgements.ts. Tests turn this off to prove
   * that every acknowledgement matches a finding that really occurs.
   * @default true
   */
  readonly acknowledgeNagFindings?: boolean;
}

/** One vault and everything that proves it is what it claims. */
export class ShredlockStack extends Stack {
  /** The vault. */
  public readonly vault: BackupVault;
  /** The first epoch's key. */
  public readonly firstEpochKey: EpochKey;
  /** The audit key. */
  public readonly auditKey: AuditKey;
  /** Reports and destruction certificates. */
  public readonly records: RecordsBucket;
  /** CloudTrail trail, bucket and log group. */
  public readonly auditTrail: AuditTrail;
  /** The roles. */
  public readonly roles: VaultRoles;
  /** The notification topic. */
  public readonly notifications: VaultNotifications;
  /** EventBridge rules that notify the topic when someone undoes the vault's protection. */
  public readonly protectionAlarms: ProtectionAlarms;
  /** The runtime queue key and the dead-letter queue of failed asynchronous events. */
  public readonly queues: RuntimeQueues;
  /** New-object, backlog and inventory scanning. */
  public readonly scanning: ScanPipeline;
  /** Rotator and shredder. */
  public readonly keyLifecycle: KeyLifecycle;
  /** The seal Lambda. */
  public readonly incident: IncidentResponse;
  /** The daily compliance check. */
  public readonly complianceCheck: ComplianceCheck;
  /** Macie as a second reader of the vault (config `macie`). */
  public readonly macie?: MacieScanning;
  /** The vault name. */
  public readonly vaultName: string;
  /** Whether the Lambdas reserve their concurrency (config `reservedConcurrency`). */
  public readonly reservesConcurrency: boolean;

  constructor(scope: Construct, id: string, props: ShredlockStackProps) {
    super(scope, id, props);
    const config = props.config;
    const vault = config.vaultName;
    this.vaultName = vault;
    this.reservesConcurrency = config.reservedConcurrency;
    const arns = {
      writer: roleArn(this, vault, 'writer'),
      scanner: roleArn(this, vault, 'scanner'),
      shredder: roleArn(this, vault, 'shredder'),
      rotator: roleArn(this, vault, 'rotator'),
      sealer: roleArn(this, vault, 'sealer'),
      checker: roleArn(this, vault, 'checker'),
      inventoryScan: roleArn(this, vault, 'inventory-scan'),
      auditor: roleArn(this, vault, 'auditor'),
      macieFindings: config.macie ? roleArn(this, vault, 'macie-findings') : undefined,
      breakGlass: config.breakGlassPrincipals.length > 0 ? roleArn(this, vault, 'break-glass') : undefined,
      macie: config.macie ? macieServiceLinkedRoleArn(this) : undefined,
    };
    const vaultLock = { mode: config.retentionMode, days: config.retentionDays } as const;
    const recordsLock = { mode: config.retentionMode, days: config.recordsRetentionDays } as const;

    this.auditKey = new AuditKey(this, 'AuditKey', {
      vaultName: vault,
      trailArn: `arn:${this.partition}:cloudtrail:${this.region}:${this.account}:trail/${trailName(vault)}`,
      logGroupName: trailLogGroupName(vault),
      logGroupNamePrefix: logGroupPrefix(vault),
      inventorySourceBucketArns: [`arn:${this.partition}:s3:::${bucketName(this, vault, 'vault')}`],
      writerRoleArns: [arns.scanner, arns.shredder, arns.rotator, arns.sealer, arns.inventoryScan],
      readerRoleArns: [arns.auditor],
      notifierRoleArns: [arns.checker],
      pendingWindowDays: config.keyDeletionWindowDays,
    });
    this.firstEpochKey = new EpochKey(this, 'FirstEpochKey', {
      vaultName: vault,
      epoch: config.firstEpoch,
      epochMonths: config.keyEpochMonths,
      retentionDays: config.retentionDays,
      pendingWindowDays: config.keyDeletionWindowDays,
      writerRoleArn: arns.writer,
      scannerRoleArn: arns.scanner,
      shredderRoleArn: arns.shredder,
      sealerRoleArn: arns.sealer,
      breakGlassRoleArn: arns.breakGlass,
      macieServiceLinkedRoleArn: arns.macie,
    });
    this.vault = new BackupVault(this, 'Vault', {
      vaultName: vault,
      lock: vaultLock,
      encryptionKey: this.firstEpochKey.key,
      inventoryEncryptionKey: this.auditKey.key,
      accessLogRetentionDays: config.recordsRetentionDays,
      shredderRoleArn: arns.shredder,
      scannerRoleArn: arns.scanner,
      sealerRoleArn: arns.sealer,
      breakGlassRoleArn: arns.breakGlass,
      macieServiceLinkedRoleArn: arns.macie,
      macieFindingsRoleArn: arns.macieFindings,
    });
    this.records = new RecordsBucket(this, 'Records', {
      vaultName: vault,
      lock: recordsLock,
      encryptionKey: this.auditKey.key,
      accessLogsBucket: this.vault.accessLogsBucket,
      breakGlassRoleArn: arns.breakGlass,
    });
    this.auditTrail = new AuditTrail(this, 'AuditTrail', {
      vaultName: vault,
      encryptionKey: this.auditKey.key,
      lock: recordsLock,
      dataEventBuckets: [this.vault.bucket, this.records.bucket, this.vault.inventoryBucket],
      accessLogsBucket: this.vault.accessLogsBucket,
      breakGlassRoleArn: arns.breakGlass,
    });
    this.notifications = new VaultNotifications(this, 'Notifications', {
      vaultName: vault,
      masterKey: this.auditKey.key,
      email: config.notificationEmail,
    });
    this.roles = new VaultRoles(this, 'Roles', {
      vaultName: vault,
      vaultBucketArn: this.vault.bucket.bucketArn,
      recordsBucketArn: this.records.bucket.bucketArn,
      reportsArn: this.records.reportsArn,
      certificatesArn: this.records.certificatesArn,
      trailBucketArn: this.auditTrail.bucket.bucketArn,
      inventoryBucketArn: this.vault.inventoryBucket.bucketArn,
      inventoryReportPrefix: inventoryReportPrefix(INVENTORY_PREFIX, this.vault.bucket.bucketName, INVENTORY_ID),
      accessLogsBucketArn: this.vault.accessLogsBucket.bucketArn,
      trailArn: this.auditTrail.trail.trailArn,
      trailLogGroupArn: this.auditTrail.logGroup.logGroupArn,
      trailLogGroupName: trailLogGroupName(vault),
      auditKeyArn: this.auditKey.key.keyArn,
      topicArn: this.notifications.topic.topicArn,
      writerPrincipals: config.writerPrincipals,
      auditorPrincipals: config.auditorPrincipals,
      breakGlassPrincipals: config.breakGlassPrincipals,
    });
    this.protectionAlarms = new ProtectionAlarms(this, 'ProtectionAlarms', {
      vaultName: vault,
      topic: this.notifications.topic,
      trail: { name: trailName(vault), arn: this.auditTrail.trail.trailArn },
      bucketNames: [
        this.vault.bucket.bucketName,
        this.records.bucket.bucketName,
        this.auditTrail.bucket.bucketName,
        this.vault.inventoryBucket.bucketName,
        this.vault.accessLogsBucket.bucketName,
      ],
      breakGlassRoleArn: this.roles.breakGlass ? arns.breakGlass : undefined,
    });
    this.auditKey.allowEventRules(this.protectionAlarms.ruleArns);

    ({
      queues: this.queues,
      scanning: this.scanning,
      keyLifecycle: this.keyLifecycle,
      incident: this.incident,
      complianceCheck: this.complianceCheck,
    } = this.addRuntime(config));
    // The seal Lambda cannot know who invoked it; the trail's Invoke data events can.
    this.auditTrail.logInvocations([this.incident.seal.function.functionArn]);
    if (config.macie) {
      // Macie's service-linked role may decrypt (epoch key) and read (vault policy) through `arns.macie`.
      this.macie = new MacieScanning(this, 'Macie', {
        vaultName: vault,
        buckets: [this.vault.bucket],
        engineVersion: ENGINE_VERSION,
        topic: this.notifications.topic,
        logKey: this.auditKey.key,
        queueKey: this.queues.key,
        reserveConcurrency: config.reservedConcurrency,
      });
      this.auditKey.allowAlarms([this.macie.deadLetterAlarmArn]);
    }

    // A deployment tag on every taggable resource (Security Hub CloudTrail.9 and friends). Never
    // TAG_VAULT: that tag is what lets the shredder retire a key.
    Tags.of(this).add('shredlock:deployment', vault);
    this.addOutputs(config);
    if (props.acknowledgeNagFindings ?? true) acknowledgeFindings(this);
  }

  /** Every Lambda of the runtime. */
  runtimeFunctions(): ShredlockFunction[] {
    return [
      this.scanning.scanner,
      this.scanning.backlog,
      this.scanning.inventoryScanner,
      this.keyLifecycle.rotator,
      this.keyLifecycle.shredder,
      this.incident.seal,
      this.complianceCheck.check,
    ];
  }

  /** The sum of every Lambda's reserved concurrency in the stack (the Macie Lambdas too); 0 with `reservedConcurrency: false`. */
  reservedConcurrencyTotal(): number {
    return this.node
      .findAll()
      .filter((c): c is CfnFunction => CfnResource.isCfnResource(c) && c.cfnResourceType === CfnFunction.CFN_RESOURCE_TYPE_NAME)
      .reduce((sum, fn) => sum + (typeof fn.reservedConcurrentExecutions === 'number' ? fn.reservedConcurrentExecutions : 0), 0);
  }

  /** The runtime: queues, scanning, key life cycle, the seal Lambda and the compliance check. */
  private addRuntime(config: ShredlockConfig): {
    queues: RuntimeQueues;
    scanning: ScanPipeline;
    keyLifecycle: KeyLifecycle;
    incident: IncidentResponse;
    complianceCheck: ComplianceCheck;
  } {
    const vault = config.vaultName;
    const reserveConcurrency = config.reservedConcurrency;
    const policy = (kind: 'scanner' | 'shredder' | 'rotator' | 'sealer' | 'checker') => {
      const found = this.roles.policies[kind];
      if (!found) throw new Error(`VaultRoles made no ${kind} policy`);
      return found;
    };
    const queues = new RuntimeQueues(this, 'RuntimeQueues', { vaultName: vault, pendingWindowDays: config.keyDeletionWindowDays });
    const scanning = new ScanPipeline(this, 'Scanning', {
      vaultName: vault,
      vaultBucket: this.vault.bucket,
      recordsBucket: this.records.bucket,
      inventoryBucket: this.vault.inventoryBucket,
      inventoryPrefix: INVENTORY_PREFIX,
      inventoryId: INVENTORY_ID,
      role: this.roles.scanner,
      policy: policy('scanner'),
      auditKey: this.auditKey.key,
      queues,
      scanSchedule: config.scanSchedule,
      reserveConcurrency,
      classificationPolicy: config.classificationPolicy,
    });
    const keyLifecycle = new KeyLifecycle(this, 'KeyLifecycle', {
      vaultName: vault,
      vaultBucketName: this.vault.bucket.bucketName,
      recordsBucketName: this.records.bucket.bucketName,
      topicArn: this.notifications.topic.topicArn,
      firstEpoch: config.firstEpoch,
      epochMonths: config.keyEpochMonths,
      retentionDays: config.retentionDays,
      keyDeletionWindowDays: config.keyDeletionWindowDays,
      rotator: { role: this.roles.rotator, policy: policy('rotator') },
      shredder: { role: this.roles.shredder, policy: policy('shredder'), roleArn: this.roles.shredder.roleArn },
      inventory: { bucketName: this.vault.inventoryBucket.bucketName, prefix: INVENTORY_PREFIX },
      auditKey: this.auditKey.key,
      queues,
      reserveConcurrency,
    });
    const incident = new IncidentResponse(this, 'Incident', {
      vaultName: vault,
      vaultBucketName: this.vault.bucket.bucketName,
      recordsBucketName: this.records.bucket.bucketName,
      topicArn: this.notifications.topic.topicArn,
      sealer: { role: this.roles.sealer, policy: policy('sealer') },
      auditKey: this.auditKey.key,
      queues,
      reserveConcurrency,
    });
    const complianceCheck = new ComplianceCheck(this, 'ComplianceCheck', {
      config,
      topicArn: this.notifications.topic.topicArn,
      checker: { role: this.roles.checker, policy: policy('checker') },
      auditKey: this.auditKey.key,
      queues,
      reserveConcurrency,
    });
    return { queues, scanning, keyLifecycle, incident, complianceCheck };
  }

  private addOutputs(config: ShredlockConfig): void {
    const out = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description, exportName: `${this.stackName}-${id}` });
    out('VaultBucketName', this.vault.bucket.bucketName, 'Object-Locked backup vault');
    out('RecordsBucketName', this.records.bucket.bucketName, 'Reports (reports/) and destruction certificates (certificates/)');
    out('InventoryBucketName', this.vault.inventoryBucket.bucketName, 'Daily S3 Inventory of the vault');
    out('AccessLogsBucketName', this.vault.accessLogsBucket.bucketName, 'Server access logs');
    out('TrailBucketName', this.auditTrail.bucket.bucketName, 'CloudTrail files');
    out('TrailArn', this.auditTrail.trail.trailArn, 'CloudTrail trail');
    out('FirstEpochKeyArn', this.firstEpochKey.key.keyArn, `Key of epoch ${config.firstEpoch}`);
    out('EpochAliasPrefix', epochAliasPrefix(config.vaultName), 'Alias prefix of epoch keys; append YYYY-MM');
    out('AuditKeyArn', this.auditKey.key.keyArn, 'Key of trail, records, inventory and notifications');
    out('NotificationTopicArn', this.notifications.topic.topicArn, 'Shred plans, incidents and failures');
    out('ScanSchedule', config.scanSchedule, 'EventBridge schedule of backlog scans');
    out('ScanQueueUrl', this.scanning.queue.queueUrl, 'New object versions waiting to be scanned');
    out('ScanDeadLetterQueueUrl', this.scanning.deadLetterQueue.queueUrl, 'Scan events that failed 5 times');
    out('FailedInvocationsQueueUrl', this.queues.failedInvocations.queueUrl, 'Scheduled runs that failed');
    out('InventoryScanStateMachineArn', this.scanning.stateMachine.stateMachineArn, 'Start with {"manifestKey": "<InventoryManifestPrefix><YYYY-MM-DDTHH-MMZ>/manifest.json"}');
    out(
      'InventoryManifestPrefix',
      inventoryReportPrefix(INVENTORY_PREFIX, this.vault.bucket.bucketName, INVENTORY_ID),
      'Where the S3 Inventory manifests of the vault are, in the inventory bucket',
    );
    out('SealFunctionName', functionName(config.vaultName, 'seal'), 'Invoke with a seal or unseal event (incident runbook)');
    out('CheckFunctionName', functionName(config.vaultName, 'check'), 'Daily compliance check; invoke it for a check now');
    out(
      'ReservedConcurrency',
      String(this.reservedConcurrencyTotal()),
      'Lambda concurrency this stack reserves; the account quota must exceed it by 100 (config reservedConcurrency)',
    );
    out('WriterRoleArn', this.roles.writer.roleArn, 'Puts backups');
    out('ScannerRoleArn', this.roles.scanner.roleArn, 'Scanner Lambda role');
    out('ShredderRoleArn', this.roles.shredder.roleArn, 'Shredder Lambda role');
    out('RotatorRoleArn', this.roles.rotator.roleArn, 'Rotator Lambda role');
    out('SealerRoleArn', this.roles.sealer.roleArn, 'Seal Lambda role');
    out('CheckerRoleArn', this.roles.checker.roleArn, 'Compliance check Lambda role');
    out('AuditorRoleArn', this.roles.auditor.roleArn, 'Reads evidence');
    if (this.roles.breakGlass) out('BreakGlassRoleArn', this.roles.breakGlass.roleArn, 'Emergency access');
  }
}
