/**
 * Assertions on the runtime's wiring in the synthesized template: the new-object pipeline
 * (EventBridge -> SQS with a dead-letter queue -> scanner with partial batch failures), the backlog
 * schedule, the inventory scan state machine (Distributed Map over the S3 Inventory manifest), the
 * key life-cycle schedules, the seal Lambda, and the defaults every function shares.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { LAMBDA_WRAPPER_FILE } from '../../contract/v8-flags.mjs';
import { ConstructPropsError } from '../../lib/errors.js';
import { BACKLOG_STATE_PREFIX } from '../../lib/naming.js';
import { ShredlockFunction } from '../../lib/runtime-function.js';
import { INVENTORY_ID, INVENTORY_PREFIX } from '../../lib/vault-bucket.js';
import { DEFAULT_STATE_PREFIX } from '../../lambdas/scanner/backlog.js';
import { DEFAULT_INVENTORY_PREFIX } from '../../lambdas/shredder/inventory-evidence.js';
import { synthStack, TEST_ENV } from '../support/cdk-app.js';
import { logicalId, resourcesOfType, resourceWith, stateMachineDefinition, statementBySid, statementsOf } from '../support/template.js';

const { template: t, config } = synthStack('runtime');
const resources = t.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: unknown }>;
const arnOf = (logical: string) => ({ 'Fn::GetAtt': [logical, 'Arn'] });
const fn = (name: string) => resourceWith(t, 'AWS::Lambda::Function', 'FunctionName', name);
const id = {
  vault: logicalId(t, 'AWS::S3::Bucket', 'VaultBucket'),
  records: logicalId(t, 'AWS::S3::Bucket', 'RecordsBucket'),
  inventory: logicalId(t, 'AWS::S3::Bucket', 'VaultInventory'),
  auditKey: logicalId(t, 'AWS::KMS::Key', 'AuditKey'),
  queueKey: logicalId(t, 'AWS::KMS::Key', 'RuntimeQueuesKey'),
  queue: resourceWith(t, 'AWS::SQS::Queue', 'QueueName', 'shredlock-scan')[0],
  dlq: resourceWith(t, 'AWS::SQS::Queue', 'QueueName', 'shredlock-scan-dlq')[0],
  failed: resourceWith(t, 'AWS::SQS::Queue', 'QueueName', 'shredlock-failed-invocations')[0],
  scanner: fn('shredlock-scanner')[0],
  backlog: fn('shredlock-scan-backlog')[0],
  inventoryScanner: fn('shredlock-scan-inventory')[0],
  rotator: fn('shredlock-rotator')[0],
  shredder: fn('shredlock-shredder')[0],
  seal: fn('shredlock-seal')[0],
  check: fn('shredlock-check')[0],
  stateMachine: logicalId(t, 'AWS::StepFunctions::StateMachine', 'ScanningStateMachine'),
};
const role = (name: string) => resourceWith(t, 'AWS::IAM::Role', 'RoleName', name)[0];
const rule = (name: string) => resourceWith(t, 'AWS::Events::Rule', 'Name', name)[1].Properties!;
const policyOf = (roleName: string) =>
  statementsOf(
    Object.values(resourcesOfType(t, 'AWS::IAM::ManagedPolicy')).find((p) =>
      (p.Properties!.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: role(roleName) })),
    )!.Properties!.PolicyDocument,
  );

describe('new object versions: S3 -> EventBridge -> SQS -> scanner', () => {
  it('matches "Object Created" of the vault bucket only (tagging emits "Object Tags Added")', () => {
    const created = rule('shredlock-object-created');
    expect(created.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [{ Ref: id.vault }] } },
    });
    expect(created.Targets).toEqual([{ Arn: arnOf(id.queue), Id: expect.any(String) }]);
  });

  it('queues into a KMS-encrypted queue with a dead-letter queue, both refusing requests without TLS', () => {
    const queue = resources[id.queue]!.Properties;
    const dlq = resources[id.dlq]!.Properties;
    expect(queue).toMatchObject({
      KmsMasterKeyId: arnOf(id.queueKey),
      RedrivePolicy: { deadLetterTargetArn: arnOf(id.dlq), maxReceiveCount: 5 },
    });
    expect(dlq).toMatchObject({ KmsMasterKeyId: arnOf(id.queueKey), MessageRetentionPeriod: 14 * 86_400 });
    for (const q of [id.queue, id.dlq, id.failed]) {
      const policy = Object.values(resourcesOfType(t, 'AWS::SQS::QueuePolicy')).find((p) => JSON.stringify(p.Properties!.Queues) === JSON.stringify([{ Ref: q }]))!;
      expect(statementsOf(policy.Properties!.PolicyDocument)).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('keeps messages invisible for more than six times the scanner timeout', () => {
    expect(resources[id.queue]!.Properties.VisibilityTimeout).toBeGreaterThan(6 * resources[id.scanner]!.Properties.Timeout);
  });

  it('lets only this rule send to the queue and use its key', () => {
    const ruleArn = `arn:aws:events:${TEST_ENV.region}:${TEST_ENV.account}:rule/shredlock-object-created`;
    const queuePolicy = Object.values(resourcesOfType(t, 'AWS::SQS::QueuePolicy')).find((p) => JSON.stringify(p.Properties!.Queues) === JSON.stringify([{ Ref: id.queue }]))!;
    expect(statementBySid(statementsOf(queuePolicy.Properties!.PolicyDocument), 'EventBridgeSendsObjectCreated')).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
    });
    const keyPolicy = statementsOf(resources[id.queueKey]!.Properties.KeyPolicy);
    expect(statementBySid(keyPolicy, 'EventBridgeEncryptsScanEvents').Condition).toEqual({ ArnEquals: { 'aws:SourceArn': ruleArn } });
    expect(statementBySid(keyPolicy, 'AccountUseViaSqs').Condition).toMatchObject({ StringEquals: { 'kms:ViaService': `sqs.${TEST_ENV.region}.amazonaws.com` } });
  });

  it('feeds the scanner with partial batch failures, within its reserved concurrency', () => {
    const [, mapping] = resourceWith(t, 'AWS::Lambda::EventSourceMapping', 'EventSourceArn', arnOf(id.queue));
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: id.scanner },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 10 },
    });
    expect(resources[id.scanner]!.Properties.ReservedConcurrentExecutions).toBeGreaterThanOrEqual(10);
    expect(statementBySid(policyOf('shredlock-scanner'), 'ConsumeScanQueue')).toMatchObject({ Resource: arnOf(id.queue) });
  });
});

describe('backlog and rescans', () => {
  it('runs the backlog scanner on the configured schedule, one run at a time', () => {
    const schedule = rule('shredlock-scan-backlog');
    expect(schedule.ScheduleExpression).toBe(config.scanSchedule);
    expect(schedule.Targets).toEqual([expect.objectContaining({ Arn: arnOf(id.backlog), RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 } })]);
    expect(resources[id.backlog]!.Properties.ReservedConcurrentExecutions).toBe(1);
  });

  it('stores its resume state where the scanner role may write it, under the prefix the handler uses', () => {
    expect(BACKLOG_STATE_PREFIX).toBe(DEFAULT_STATE_PREFIX);
    expect(resources[id.backlog]!.Properties.Environment.Variables.SHREDLOCK_STATE_PREFIX).toBe(BACKLOG_STATE_PREFIX);
    expect(statementBySid(policyOf('shredlock-scanner'), 'ReadBacklogState').Resource).toEqual({
      'Fn::Join': ['', [arnOf(id.records), `/${BACKLOG_STATE_PREFIX}*`]],
    });
  });
});

describe('inventory scan state machine', () => {
  const definition = stateMachineDefinition(t, id.stateMachine, TEST_ENV) as { StartAt: string; States: Record<string, any> };
  const map = Object.values(definition.States).find((s) => s.Type === 'Map')!;
  const inventoryBucket = `shredlock-inventory-${TEST_ENV.account}-${TEST_ENV.region}`;
  const manifests = `vault/shredlock-vault-${TEST_ENV.account}-${TEST_ENV.region}/daily-versions/`;

  it('is a Distributed Map whose ItemReader reads the S3 Inventory manifest of the vault', () => {
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.ItemReader).toEqual({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'MANIFEST' },
      Parameters: { Bucket: inventoryBucket, 'Key.$': '$.manifestKey' },
    });
  });

  it('accepts only a manifest of this vault', () => {
    const choice = definition.States[definition.StartAt];
    expect(choice.Type).toBe('Choice');
    expect(JSON.stringify(choice.Choices)).toContain(`${manifests}*/manifest.json`);
    expect(definition.States[choice.Default].Type).toBe('Fail');
  });

  it('batches items for the inventory scanner, tolerates some failed items, and writes Map Run results', () => {
    expect(map).toMatchObject({
      ItemBatcher: { MaxItemsPerBatch: 25, BatchInput: { 'execution.$': '$$.Execution.Name' } },
      MaxConcurrency: 10,
      ToleratedFailurePercentage: 5,
      ResultWriter: { Parameters: { Bucket: inventoryBucket, Prefix: 'scan-results/' } },
    });
    const task = map.ItemProcessor.States[map.ItemProcessor.StartAt];
    expect(task.Resource).toBe(`arn:aws:lambda:${TEST_ENV.region}:${TEST_ENV.account}:function:shredlock-scan-inventory`);
    expect(resources[id.inventoryScanner]!.Properties.ReservedConcurrentExecutions).toBe(map.MaxConcurrency);
  });

  it('logs every event without execution data (items hold object keys), traces, and runs with its own role', () => {
    expect(resources[id.stateMachine]!.Properties).toMatchObject({
      StateMachineName: 'shredlock-inventory-scan',
      RoleArn: arnOf(role('shredlock-inventory-scan')),
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
    const logGroup = resources[resources[id.stateMachine]!.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0]]!;
    expect(logGroup.Properties).toMatchObject({ LogGroupName: '/shredlock/shredlock/states/inventory-scan', KmsKeyId: arnOf(id.auditKey), RetentionInDays: 365 });
  });

  it('has no inline policy: its permissions are one managed policy', () => {
    const inline = Object.values(resourcesOfType(t, 'AWS::IAM::Policy')).flatMap((p) => p.Properties!.Roles as unknown[]);
    expect(inline).not.toContainEqual({ Ref: role('shredlock-inventory-scan') });
    expect(policyOf('shredlock-inventory-scan').map((s) => s.Sid)).toEqual(
      expect.arrayContaining(['ReadInventory', 'WriteMapRunResults', 'InvokeInventoryScanner', 'StartChildExecutions', 'WatchChildExecutions']),
    );
  });
});

describe('key life cycle and incidents', () => {
  it.each([
    ['shredlock-rotator', 'cron(5 0 * * ? *)', 'rotator'],
    ['shredlock-shredder', 'cron(0 4 * * ? *)', 'shredder'],
    ['shredlock-check', 'cron(0 6 * * ? *)', 'check'],
  ] as const)('%s runs daily (%s)', (name, expression, kind) => {
    const schedule = rule(name);
    expect(schedule.ScheduleExpression).toBe(expression);
    expect(schedule.Targets).toEqual([expect.objectContaining({ Arn: arnOf(id[kind]) })]);
    expect(resources[id[kind]]!.Properties.ReservedConcurrentExecutions).toBe(1);
  });

  it('has no trigger for the seal Lambda: the runbook invokes it', () => {
    const permissions = Object.values(resourcesOfType(t, 'AWS::Lambda::Permission')).map((p) => p.Properties!.FunctionName);
    expect(permissions).not.toContainEqual(arnOf(id.seal));
    expect(JSON.stringify(resourcesOfType(t, 'AWS::Events::Rule'))).not.toContain(id.seal);
  });

  it("tells the seal Lambda the vault and the topic, so a seal cancels the vault's keys pending deletion and says so", () => {
    const topic = logicalId(t, 'AWS::SNS::Topic', 'Notifications');
    expect(resources[id.seal]!.Properties.Environment.Variables).toMatchObject({
      SHREDLOCK_VAULT_NAME: config.vaultName,
      SHREDLOCK_TOPIC_ARN: { Ref: topic },
    });
    const sealer = policyOf('shredlock-sealer');
    const vaultTagged = { StringEquals: { 'aws:ResourceTag/shredlock:vault': config.vaultName } };
    expect(statementBySid(sealer, 'CancelVaultKeyDeletion')).toMatchObject({ Action: ['kms:CancelKeyDeletion', 'kms:DescribeKey'], Condition: vaultTagged });
    expect(statementBySid(sealer, 'ReadVaultKeyTags')).toMatchObject({ Action: 'kms:ListResourceTags', Condition: vaultTagged });
    expect(statementBySid(sealer, 'Notify')).toMatchObject({ Action: 'sns:Publish', Resource: { Ref: topic } });
    expect(statementBySid(sealer, 'WriteCancellationRecords')).toMatchObject({
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [arnOf(id.records), `/certificates/${config.vaultName}/*.cancellation.json`]] },
    });
  });

  it('lets the sealer decrypt vault versions through S3 (it rescans what it sealed)', () => {
    const keyPolicy = statementsOf(resources[logicalId(t, 'AWS::KMS::Key', 'FirstEpochKey')]!.Properties.KeyPolicy);
    expect(statementBySid(keyPolicy, 'SealerDecryptViaS3')).toMatchObject({
      Action: 'kms:Decrypt',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/shredlock/shredlock-sealer' },
        StringEquals: { 'kms:ViaService': `s3.${TEST_ENV.region}.amazonaws.com` },
      },
    });
  });
});

describe('every function', () => {
  const all = [
    ['shredlock-scanner', 'scanner', 'shredlock-scanner', ['SHREDLOCK_REPORT_BUCKET', 'SHREDLOCK_REPORT_PREFIX', 'SHREDLOCK_TAGGING']],
    ['shredlock-scan-backlog', 'scan-backlog', 'shredlock-scanner', ['SHREDLOCK_REPORT_BUCKET', 'SHREDLOCK_REPORT_PREFIX', 'SHREDLOCK_TAGGING', 'SHREDLOCK_VAULT_BUCKET', 'SHREDLOCK_STATE_PREFIX']],
    ['shredlock-scan-inventory', 'scan-inventory', 'shredlock-scanner', ['SHREDLOCK_REPORT_BUCKET', 'SHREDLOCK_REPORT_PREFIX', 'SHREDLOCK_TAGGING', 'SHREDLOCK_VAULT_BUCKET']],
    [
      'shredlock-rotator',
      'rotator',
      'shredlock-rotator',
      ['SHREDLOCK_VAULT_NAME', 'SHREDLOCK_VAULT_BUCKET', 'SHREDLOCK_RECORDS_BUCKET', 'SHREDLOCK_EPOCH_MONTHS', 'SHREDLOCK_FIRST_EPOCH', 'SHREDLOCK_RETENTION_DAYS', 'SHREDLOCK_KEY_DELETION_WINDOW_DAYS'],
    ],
    [
      'shredlock-shredder',
      'shredder',
      'shredlock-shredder',
      [
        'SHREDLOCK_VAULT_NAME',
        'SHREDLOCK_VAULT_BUCKET',
        'SHREDLOCK_RECORDS_BUCKET',
        'SHREDLOCK_EPOCH_MONTHS',
        'SHREDLOCK_FIRST_EPOCH',
        'SHREDLOCK_RETENTION_DAYS',
        'SHREDLOCK_KEY_DELETION_WINDOW_DAYS',
        'SHREDLOCK_TOPIC_ARN',
        'SHREDLOCK_REQUIRE_APPROVAL',
        'SHREDLOCK_SHREDDER_PRINCIPAL_ARN',
        'SHREDLOCK_INVENTORY_BUCKET',
        'SHREDLOCK_INVENTORY_PREFIX',
      ],
    ],
    ['shredlock-seal', 'seal', 'shredlock-sealer', ['SHREDLOCK_VAULT_BUCKET', 'SHREDLOCK_RECORDS_BUCKET', 'SHREDLOCK_VAULT_NAME', 'SHREDLOCK_TOPIC_ARN']],
    ['shredlock-check', 'check', 'shredlock-checker', ['SHREDLOCK_CONFIG', 'SHREDLOCK_TOPIC_ARN']],
  ] as const;

  it.each(all)('%s: newest Node.js on arm64, X-Ray, reserved concurrency, a dead-letter queue, its role', (name, _kind, roleName) => {
    expect(fn(name)[1].Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      ReservedConcurrentExecutions: expect.any(Number),
      DeadLetterConfig: { TargetArn: arnOf(id.failed) },
      Role: arnOf(role(roleName)),
    });
  });

  it.each(all)('%s: logs to its own KMS-encrypted log group, kept a year', (name, kind) => {
    const group = fn(name)[1].Properties!.LoggingConfig as { LogGroup: { Ref: string } };
    expect(resources[group.LogGroup.Ref]!.Properties).toEqual({
      LogGroupName: `/shredlock/shredlock/lambda/${kind}`,
      KmsKeyId: arnOf(id.auditKey),
      RetentionInDays: 365,
      Tags: expect.any(Array),
    });
  });

  /** The functions that run the scan engine: node starts through the wrapper that gives it the scan thread's V8 flags. */
  const engineKinds: readonly string[] = ['scanner', 'scan-backlog', 'scan-inventory', 'seal'];

  it.each(all)('%s: gets the environment its handler documents, and no more', (name, kind, _role, variables) => {
    const environment = fn(name)[1].Properties!.Environment as { Variables: Record<string, unknown> };
    const wrapper = engineKinds.includes(kind) ? ['AWS_LAMBDA_EXEC_WRAPPER'] : [];
    expect(Object.keys(environment.Variables).sort()).toEqual([...variables, 'NODE_OPTIONS', ...wrapper].sort());
    expect(environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    if (wrapper.length > 0) expect(environment.Variables.AWS_LAMBDA_EXEC_WRAPPER).toBe(`/var/task/${LAMBDA_WRAPPER_FILE}`);
  });

  it('gives the shredder its own role ARN, whom an approval must not come from', () => {
    expect(resources[id.shredder]!.Properties.Environment.Variables).toMatchObject({
      SHREDLOCK_REQUIRE_APPROVAL: 'true',
      SHREDLOCK_SHREDDER_PRINCIPAL_ARN: arnOf(role('shredlock-shredder')),
    });
  });

  it('tells the shredder where the vault\'s S3 Inventory is, and lets its role read that inventory only', () => {
    expect(resources[id.shredder]!.Properties.Environment.Variables).toMatchObject({
      SHREDLOCK_INVENTORY_BUCKET: { Ref: id.inventory },
      SHREDLOCK_INVENTORY_PREFIX: INVENTORY_PREFIX,
    });
    expect(INVENTORY_PREFIX).toBe(DEFAULT_INVENTORY_PREFIX);
    const shredder = policyOf('shredlock-shredder');
    expect(statementBySid(shredder, 'ListInventory')).toMatchObject({ Action: 's3:ListBucket', Resource: arnOf(id.inventory) });
    expect(statementBySid(shredder, 'ReadVaultInventory')).toMatchObject({
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', [arnOf(id.inventory), `/${INVENTORY_PREFIX}/`, { Ref: id.vault }, `/${INVENTORY_ID}/*`]] },
    });
    expect(statementBySid(shredder, 'DecryptInventoryViaS3')).toMatchObject({
      Action: 'kms:Decrypt',
      Resource: arnOf(id.auditKey),
      Condition: { StringEquals: { 'kms:ViaService': `s3.${TEST_ENV.region}.amazonaws.com` } },
    });
    // The inventory bucket is the one the vault's inventory configuration delivers to.
    expect(resources[id.vault]!.Properties.InventoryConfigurations).toEqual([
      expect.objectContaining({ Id: INVENTORY_ID, Destination: expect.objectContaining({ BucketArn: arnOf(id.inventory), Prefix: INVENTORY_PREFIX }) }),
    ]);
  });

  it('lets CloudWatch Logs use the audit key for the vault\'s log groups only', () => {
    const keyPolicy = statementsOf(resources[id.auditKey]!.Properties.KeyPolicy);
    expect(statementBySid(keyPolicy, 'CloudWatchLogsEncryptsVaultLogGroups').Condition).toEqual({
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': [
          `arn:aws:logs:${TEST_ENV.region}:${TEST_ENV.account}:log-group:/shredlock/shredlock/cloudtrail`,
          `arn:aws:logs:${TEST_ENV.region}:${TEST_ENV.account}:log-group:/shredlock/shredlock/*`,
        ],
      },
    });
  });
});

describe('scratch space', () => {
  it('gives the scanning functions 4 GiB of /tmp (7z and RAR files, SQLite databases), the others Lambda\'s default', () => {
    for (const name of ['shredlock-scanner', 'shredlock-scan-backlog', 'shredlock-scan-inventory']) {
      expect(fn(name)[1].Properties!.EphemeralStorage, name).toEqual({ Size: 4096 });
    }
    for (const name of ['shredlock-shredder', 'shredlock-seal', 'shredlock-check']) expect(fn(name)[1].Properties!.EphemeralStorage, name).toBeUndefined();
  });
});

describe('ShredlockFunction', () => {
  it('validates its props, naming each problem', () => {
    const stack = new Stack(new App(), 'S', { env: TEST_ENV });
    const key = new kms.Key(stack, 'K');
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const policy = new iam.ManagedPolicy(stack, 'P');
    const queue = new sqs.Queue(stack, 'Q');
    let n = 0;
    const make = () =>
      new ShredlockFunction(stack, `F${(n += 1)}`, {
        vaultName: 'v',
        kind: 'seal',
        entry: 'lambdas/no-such-handler.ts',
        description: 'x',
        role,
        policy,
        environment: {},
        logKey: key,
        deadLetterQueue: queue,
        deadLetterQueueKey: key,
        reservedConcurrency: 0,
        retryAttempts: 3,
        ephemeralStorageMiB: 100,
        timeout: Duration.minutes(1),
      });
    expect(make).toThrow(ConstructPropsError);
    expect(make).toThrow(/entry "lambdas\/no-such-handler.ts"[\s\S]*reservedConcurrency 0[\s\S]*retryAttempts 3[\s\S]*ephemeralStorageMiB 100/);
  });
});
