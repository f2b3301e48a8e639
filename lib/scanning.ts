/**
 * Scanning the vault, three ways, all with the scanner role and the same engine:
 *
 * | Path       | Trigger                                   | Runs                                              |
 * |------------|-------------------------------------------|---------------------------------------------------|
 * | new object | S3 "Object Created" -> EventBridge -> SQS | `lambdas/scanner/handler.ts`, partial batch       |
 * |            | (KMS, TLS only, dead-letter queue)        | failures (one bad object never retries its batch) |
 * | backlog    | EventBridge schedule (`scanSchedule`)     | `lambdas/scanner/backlog-handler.ts`: every       |
 * |            |                                           | version not scanned by this engine; resumes from  |
 * |            |                                           | `state/backlog/<vault bucket>.json`               |
 * | inventory  | started by an operator with the S3        | Step Functions Distributed Map over the manifest, |
 * |            | Inventory manifest key                    | batches to `lambdas/scanner/inventory-handler.ts` |
 *
 * The pipeline cannot trigger itself: tagging emits "Object Tags Added" (not matched), and reports
 * and state go to the records bucket (not matched). The inventory path is for vaults too large for
 * one Lambda to list in its time; start it with
 * `{ "manifestKey": "<prefix>/<vault bucket>/<inventory id>/<YYYY-MM-DDTHH-MMZ>/manifest.json" }`.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { Policy } from '../contract/classification-policy.js';
import { DEFAULT_REPORT_PREFIX, encodeBacklogEnv, encodeInventoryEnv, encodeScannerEnv } from '../contract/env/scanner.js';
import { ConstructPropsError } from './errors.js';
import {
  BACKLOG_STATE_PREFIX,
  INVENTORY_SCAN_RESULTS_PREFIX,
  inventoryReportPrefix,
  inventoryScanStateMachineName,
  logGroupPrefix,
  ROLE_PATH,
  roleName,
} from './naming.js';
import {
  AUDIT_KEY_ENCRYPT_ACTIONS,
  EVENTS_QUEUE_KEY_ACTIONS,
  EVENTS_QUEUE_SEND_ACTIONS,
  INVENTORY_READ_ACTIONS,
  INVOKE_ACTIONS,
  LOG_DELIVERY_ACTIONS,
  MAP_CHILD_ACTIONS,
  MAP_REDRIVE_ACTIONS,
  MAP_RESULT_WRITE_ACTIONS,
  MAP_START_ACTIONS,
  QUEUE_CONSUME_ACTIONS,
  XRAY_ACTIONS,
} from '../contract/permissions.js';
import { ShredlockFunction } from './runtime-function.js';
import type { RuntimeQueues } from './runtime-queues.js';

/** Defaults of ScanPipeline, as data. */
export const SCANNING_DEFAULTS = {
  scannerTimeout: Duration.minutes(10),
  scannerMemoryMiB: 2048,
  /**
   * Lambda's /tmp of the scanning functions, MiB: the 7z and RAR readers extract files there, and a
   * RAR archive or SQLite database from S3 is copied there to be read (docs/formats.md). 4 GiB is
   * the most a scanned object may decompress to (maxTotalBytes); Lambda's default is 512 MiB.
   */
  scannerTmpMiB: 4096,
  scannerConcurrency: 10,
  batchSize: 5,
  maxReceiveCount: 5,
  backlogTimeout: Duration.minutes(15),
  inventoryConcurrency: 10,
  inventoryBatchSize: 25,
  toleratedFailurePercentage: 5,
} as const;

/** Props of ScanPipeline. */
export interface ScanPipelineProps {
  /** Vault name (names of functions, queues, rule and state machine). */
  readonly vaultName: string;
  /** The vault bucket: its "Object Created" events are scanned. */
  readonly vaultBucket: s3.IBucket;
  /** Where reports (reports/) and the backlog state (state/backlog/) are written. */
  readonly recordsBucket: s3.IBucket;
  /** Destination of the vault's S3 Inventory. */
  readonly inventoryBucket: s3.IBucket;
  /** Destination prefix of the vault's S3 Inventory (e.g. `vault`). */
  readonly inventoryPrefix: string;
  /** Id of the vault's S3 Inventory configuration (e.g. `daily-versions`). */
  readonly inventoryId: string;
  /** The scanner role and its managed policy (every scanning function runs with it). */
  readonly role: iam.IRole;
  /** The scanner role's managed policy. */
  readonly policy: iam.ManagedPolicy;
  /** The audit key: log groups, records and inventory are encrypted with it. */
  readonly auditKey: kms.IKey;
  /** Runtime queue key and the dead-letter queue of failed asynchronous events. */
  readonly queues: RuntimeQueues;
  /** EventBridge schedule expression of backlog scans, e.g. `cron(0 3 * * ? *)`. */
  readonly scanSchedule: string;
  /** Timeout of the event scanner. The queue's visibility timeout is 6 times this plus 5 minutes. @default 10 minutes */
  readonly scannerTimeout?: Duration;
  /** Memory of the scanning functions, MiB (a zip may buffer 256 MiB). @default 2048 */
  readonly scannerMemoryMiB?: number;
  /** Lambda's /tmp of the scanning functions, MiB (7z and RAR files, SQLite databases). @default 4096 */
  readonly scannerTmpMiB?: number;
  /** Reserved concurrency of the event scanner (also the event source's maximum concurrency). @default 10 */
  readonly scannerConcurrency?: number;
  /** Records per scanner invocation (they run one after another). @default 5 */
  readonly batchSize?: number;
  /** Timeout of the backlog scanner; it stops a minute before it and resumes next run. @default 15 minutes */
  readonly backlogTimeout?: Duration;
  /** Receives before a message goes to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** Child executions at once, and reserved concurrency of the inventory scanner. @default 10 */
  readonly inventoryConcurrency?: number;
  /** Object versions per inventory scanner invocation. @default 25 */
  readonly inventoryBatchSize?: number;
  /** Percentage of failed items the inventory scan tolerates before it fails. @default 5 */
  readonly toleratedFailurePercentage?: number;
  /** Reserve each function's concurrency (ShredlockFunction `reserveConcurrency`). @default true */
  readonly reserveConcurrency?: boolean;
  /**
   * The classification policy every scanner classifies with (`SHREDLOCK_CLASSIFICATION_POLICY`).
   * @default the engine's seed policy (no variable is set)
   */
  readonly classificationPolicy?: Policy;
}

/** New-object, backlog and inventory scanning (see the module doc). */
export class ScanPipeline extends Construct {
  /** Matches "Object Created" of the vault bucket. */
  public readonly rule: events.Rule;
  /** The scan queue. */
  public readonly queue: sqs.Queue;
  /** Its dead-letter queue. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Scans new object versions from the queue. */
  public readonly scanner: ShredlockFunction;
  /** Scans the backlog on the schedule. */
  public readonly backlog: ShredlockFunction;
  /** Starts the backlog scanner. */
  public readonly schedule: events.Rule;
  /** Scans batches of inventory items. */
  public readonly inventoryScanner: ShredlockFunction;
  /** Fans out over the S3 Inventory manifest. */
  public readonly stateMachine: sfn.StateMachine;
  /** The state machine's role. */
  public readonly stateMachineRole: iam.Role;

  constructor(scope: Construct, id: string, props: ScanPipelineProps) {
    super(scope, id);
    const d = SCANNING_DEFAULTS;
    const scannerTimeout = props.scannerTimeout ?? d.scannerTimeout;
    const scannerConcurrency = props.scannerConcurrency ?? d.scannerConcurrency;
    const batchSize = props.batchSize ?? d.batchSize;
    const maxReceiveCount = props.maxReceiveCount ?? d.maxReceiveCount;
    const inventoryConcurrency = props.inventoryConcurrency ?? d.inventoryConcurrency;
    const inventoryBatchSize = props.inventoryBatchSize ?? d.inventoryBatchSize;
    const tolerated = props.toleratedFailurePercentage ?? d.toleratedFailurePercentage;
    const problems: string[] = [];
    if (scannerTimeout.toSeconds() > 15 * 60) problems.push(`scannerTimeout ${scannerTimeout.toHumanString()} must be at most 15 minutes`);
    if (!Number.isInteger(scannerConcurrency) || scannerConcurrency < 2 || scannerConcurrency > 1000)
      problems.push(`scannerConcurrency ${scannerConcurrency} must be a whole number from 2 to 1000 (the event source's maximum concurrency)`);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10) problems.push(`batchSize ${batchSize} must be a whole number from 1 to 10`);
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) problems.push(`maxReceiveCount ${maxReceiveCount} must be a whole number of at least 1`);
    if (!Number.isInteger(inventoryConcurrency) || inventoryConcurrency < 1)
      problems.push(`inventoryConcurrency ${inventoryConcurrency} must be a whole number of at least 1`);
    if (!Number.isInteger(inventoryBatchSize) || inventoryBatchSize < 1 || inventoryBatchSize > 1000)
      problems.push(`inventoryBatchSize ${inventoryBatchSize} must be a whole number from 1 to 1000`);
    if (!(tolerated >= 0 && tolerated <= 100)) problems.push(`toleratedFailurePercentage ${tolerated} must be from 0 to 100`);
    if (problems.length > 0) throw new ConstructPropsError('ScanPipeline', problems);

    const stack = Stack.of(this);
    const vault = props.vaultName;
    const memorySize = props.scannerMemoryMiB ?? d.scannerMemoryMiB;
    const common = {
      vaultName: vault,
      role: props.role,
      policy: props.policy,
      logKey: props.auditKey,
      deadLetterQueue: props.queues.failedInvocations,
      deadLetterQueueKey: props.queues.key,
      memorySize,
      ephemeralStorageMiB: props.scannerTmpMiB ?? d.scannerTmpMiB,
      scanEngine: true,
      reserveConcurrency: props.reserveConcurrency,
    };
    const report = {
      reportBucket: props.recordsBucket.bucketName,
      reportPrefix: DEFAULT_REPORT_PREFIX,
      apply: true,
      classificationPolicy: props.classificationPolicy,
    };

    // New objects: rule -> queue -> scanner.
    const ruleName = `${vault}-object-created`;
    const ruleArn = `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/${ruleName}`;
    this.deadLetterQueue = props.queues.queue(this, 'DeadLetterQueue', {
      nameSuffix: 'scan-dlq',
      retentionPeriod: Duration.days(14),
    });
    this.queue = props.queues.queue(this, 'Queue', {
      nameSuffix: 'scan',
      visibilityTimeout: Duration.seconds(scannerTimeout.toSeconds() * 6 + 300),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });
    this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeSendsObjectCreated',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: [...EVENTS_QUEUE_SEND_ACTIONS],
        resources: [this.queue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      }),
    );
    props.queues.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeEncryptsScanEvents',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: [...EVENTS_QUEUE_KEY_ACTIONS],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      }),
    );
    this.rule = new events.Rule(this, 'ObjectCreated', {
      ruleName,
      description: `ShredLock ${vault}: new object versions of the vault, to the scan queue`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [props.vaultBucket.bucketName] } },
      },
    });
    // Bound by hand: targets.SqsQueue would add its own, broader key grant to the key policy.
    const queueArn = this.queue.queueArn;
    this.rule.addTarget({ bind: () => ({ arn: queueArn }) });

    this.scanner = new ShredlockFunction(this, 'Scanner', {
      ...common,
      kind: 'scanner',
      entry: 'lambdas/scanner/handler.ts',
      description: 'scans and tags new object versions (S3 events from the scan queue)',
      environment: encodeScannerEnv(report),
      timeout: scannerTimeout,
      reservedConcurrency: scannerConcurrency,
    });
    this.scanner.function.addEventSource(
      new SqsEventSource(this.queue, { batchSize, reportBatchItemFailures: true, maxConcurrency: scannerConcurrency }),
    );
    props.policy.addStatements(
      new iam.PolicyStatement({ sid: 'ConsumeScanQueue', actions: [...QUEUE_CONSUME_ACTIONS], resources: [this.queue.queueArn] }),
    );

    // Backlog: the schedule -> a resumable prefix scan.
    this.backlog = new ShredlockFunction(this, 'Backlog', {
      ...common,
      kind: 'scan-backlog',
      entry: 'lambdas/scanner/backlog-handler.ts',
      description: 'scans every version not yet scanned by this engine, resuming where the last run stopped',
      environment: encodeBacklogEnv({ ...report, vaultBucket: props.vaultBucket.bucketName, statePrefix: BACKLOG_STATE_PREFIX }),
      timeout: props.backlogTimeout ?? d.backlogTimeout,
      // One run at a time: two runs would share (and overwrite) one resume state.
      reservedConcurrency: 1,
      retryAttempts: 0,
    });
    this.schedule = new events.Rule(this, 'BacklogSchedule', {
      ruleName: `${vault}-scan-backlog`,
      description: `ShredLock ${vault}: backlog and rescans of the vault`,
      schedule: events.Schedule.expression(props.scanSchedule),
      targets: [new targets.LambdaFunction(this.backlog.function, { retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });

    // Inventory: Distributed Map over the S3 Inventory manifest.
    this.inventoryScanner = new ShredlockFunction(this, 'InventoryScanner', {
      ...common,
      kind: 'scan-inventory',
      entry: 'lambdas/scanner/inventory-handler.ts',
      description: 'scans a batch of object versions from the S3 Inventory (inventory scan state machine)',
      environment: encodeInventoryEnv({ ...report, vaultBucket: props.vaultBucket.bucketName }),
      timeout: Duration.minutes(15),
      reservedConcurrency: inventoryConcurrency,
      retryAttempts: 0,
    });
    const machine = this.inventoryStateMachine(props, inventoryConcurrency, inventoryBatchSize, tolerated);
    this.stateMachine = machine.stateMachine;
    this.stateMachineRole = machine.role;
  }

  private inventoryStateMachine(
    props: ScanPipelineProps,
    concurrency: number,
    batchSize: number,
    tolerated: number,
  ): { stateMachine: sfn.StateMachine; role: iam.Role } {
    const stack = Stack.of(this);
    const vault = props.vaultName;
    const name = inventoryScanStateMachineName(vault);
    const stateMachineArn = `arn:${stack.partition}:states:${stack.region}:${stack.account}:stateMachine:${name}`;
    const executions = `arn:${stack.partition}:states:${stack.region}:${stack.account}:execution:${name}`;
    const manifests = inventoryReportPrefix(props.inventoryPrefix, props.vaultBucket.bucketName, props.inventoryId);
    const fn = this.inventoryScanner.function;

    const role = new iam.Role(this, 'StateMachineRole', {
      roleName: roleName(vault, 'inventory-scan'),
      path: ROLE_PATH,
      description: `ShredLock ${vault} inventory-scan: fans the inventory scan out over the S3 Inventory manifest`,
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      maxSessionDuration: Duration.hours(1),
    });
    const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } };
    const policy = new iam.ManagedPolicy(this, 'StateMachinePolicy', {
      description: `ShredLock ${vault} inventory-scan permissions`,
      roles: [role],
      statements: [
        statement('ReadInventory', INVENTORY_READ_ACTIONS, [props.inventoryBucket.arnForObjects(`${props.inventoryPrefix}/*`)]),
        statement('WriteMapRunResults', MAP_RESULT_WRITE_ACTIONS, [props.inventoryBucket.arnForObjects(`${INVENTORY_SCAN_RESULTS_PREFIX}*`)]),
        statement('UseAuditKeyViaS3', AUDIT_KEY_ENCRYPT_ACTIONS, [props.auditKey.keyArn], viaS3),
        statement('InvokeInventoryScanner', INVOKE_ACTIONS, [fn.functionArn, `${fn.functionArn}:*`]),
        statement('StartChildExecutions', MAP_START_ACTIONS, [stateMachineArn]),
        statement('WatchChildExecutions', MAP_CHILD_ACTIONS, [`${executions}:*`]),
        statement('RedriveMapRuns', MAP_REDRIVE_ACTIONS, [`${executions}/*:*`]),
        statement('DeliverExecutionLogs', LOG_DELIVERY_ACTIONS, ['*']),
        statement('Tracing', XRAY_ACTIONS, ['*']),
      ],
    });

    const scan = new tasks.LambdaInvoke(this, 'ScanBatch', {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
      comment: 'Scans and tags one batch of object versions; per-version failures are in its result',
    });
    scan.addRetry({ errors: ['Lambda.TooManyRequestsException'], interval: Duration.seconds(10), maxAttempts: 6, backoffRate: 2 });
    scan.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(30), maxAttempts: 2, backoffRate: 2 });
    const map = new sfn.DistributedMap(this, 'ScanInventory', {
      comment: 'Every object version of the inventory, in batches',
      itemReader: new sfn.S3ManifestItemReader({
        bucket: props.inventoryBucket,
        key: sfn.JsonPath.stringAt('$.manifestKey'),
      }),
      itemBatcher: new sfn.ItemBatcher({
        maxItemsPerBatch: batchSize,
        // BatchInput is passed as written: the `.$` suffix makes Step Functions fill in the path.
        batchInput: { 'execution.$': '$$.Execution.Name' },
      }),
      maxConcurrency: concurrency,
      toleratedFailurePercentage: tolerated,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      label: 'InventoryScan',
      resultWriterV2: new sfn.ResultWriterV2({
        bucket: props.inventoryBucket,
        prefix: INVENTORY_SCAN_RESULTS_PREFIX,
        writerConfig: { outputType: sfn.OutputType.JSONL, transformation: sfn.Transformation.COMPACT },
      }),
    });
    map.itemProcessor(scan);
    const checkInput = new sfn.Choice(this, 'IsVaultManifest', { comment: 'Only a manifest of this vault\'s inventory' })
      .when(
        sfn.Condition.and(
          sfn.Condition.isPresent('$.manifestKey'),
          sfn.Condition.stringMatches('$.manifestKey', `${manifests}*/manifest.json`),
        ),
        map,
      )
      .otherwise(
        new sfn.Fail(this, 'NotAVaultManifest', {
          error: 'InvalidInput',
          cause: `manifestKey must be ${manifests}<YYYY-MM-DDTHH-MMZ>/manifest.json in the inventory bucket`,
        }),
      );

    const stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      comment: `ShredLock ${vault}: scans every object version listed in the vault's S3 Inventory`,
      definitionBody: sfn.DefinitionBody.fromChainable(checkInput),
      role: role.withoutPolicyUpdates(),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: Duration.days(7),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'StateMachineLogs', {
          logGroupName: `${logGroupPrefix(vault)}states/inventory-scan`,
          encryptionKey: props.auditKey,
          retention: logs.RetentionDays.ONE_YEAR,
        }),
        level: sfn.LogLevel.ALL,
        // Items hold object keys: execution data stays out of the logs.
        includeExecutionData: false,
      },
    });
    // Step Functions checks log delivery and the role at creation: the policy must exist first.
    stateMachine.node.addDependency(policy);
    // The Distributed Map attaches an inline policy for its child executions to the role; the same
    // statements are in the managed policy above, and ShredLock roles carry no inline policy.
    stateMachine.node.tryRemoveChild('DistributedMapPolicy');
    return { stateMachine, role };
  }
}

function statement(sid: string, actions: readonly string[], resources: readonly string[], conditions?: Record<string, unknown>): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions: [...actions], resources: [...resources], ...(conditions ? { conditions } : {}) });
}
