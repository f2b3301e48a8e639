/**
 * Amazon Macie as a second reader of the vault: custom data identifiers for the Chinese
 * identifiers (regex only, see lambdas/macie/identifiers.ts), an allow list of published sample
 * numbers, a scheduled classification job over the vault buckets that skips versions the current
 * engine has already read, and a findings pipeline (EventBridge -> SQS -> Lambda) that merges
 * Macie's verdicts into the same object tags under the rule of lambdas/macie/findings.ts.
 *
 * CloudFormation has no resource for classification jobs and jobs are immutable, so the job is a
 * custom resource (Provider framework + lambdas/macie/job-resource.ts): a changed job is cancelled
 * and created anew. `AwsCustomResource` cannot express that (one SDK call per event, no
 * cancel-then-create on update, no idempotency token per request), hence the Lambda.
 *
 * What this construct does not do, by design:
 * - Enable Macie. An account with Macie already on (often by a security team, or Organizations)
 *   fails `AWS::Macie::Session`; `createMacieSession` opts in for accounts where this stack owns
 *   Macie. Every Macie resource here needs Macie enabled in the account and Region.
 * - Grant Macie's service-linked role decrypt on the vault keys, or read on the vault: the epoch
 *   key policy (epoch-key.ts, `MacieDecrypt`) and the vault policy (vault-bucket.ts,
 *   `DenyDataReadsExceptReaders`) do, when the stack is given `macieServiceLinkedRoleArn`.
 * - Watch job runs: Macie logs their completion to CloudWatch Logs, it sends no EventBridge event.
 * - Configure Macie's repository for sensitive data discovery results (an account setting).
 * - Keep later epoch keys readable by Macie. The rotator copies the newest existing epoch key's
 *   policy into each key it creates (lambdas/keys/rotator.ts), so `MacieDecrypt` on the first key
 *   reaches every later key, but only keys created after Macie was switched on: keys that already
 *   exist keep their policy, and Macie skips their objects (`INVALID_ENCRYPTION`) without a finding.
 *
 * The findings Lambda runs as its own tag-only role (`<vault>-macie-findings`; or a role the caller
 * passes): it reads and replaces object version tags and consumes its queue, and cannot read or
 * decrypt vault data. The vault policy lets it and the scanner change tags. Its permissions come in
 * one customer-managed policy attached to it.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as macie from 'aws-cdk-lib/aws-macie';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import { ALLOW_LIST_ENTRIES, allowListProblems, allowListRegex } from '../lambdas/macie/allow-list.js';
import { encodeFindingsEnv } from '../contract/env/findings.js';
import { MACIE_SOURCE, MACIE_FINDING } from '../lambdas/macie/finding-event.js';
import { customIdentifierName, type MacieIdentifierId } from '../lambdas/macie/identifier-names.js';
import { MACIE_IDENTIFIERS, definitionFingerprint, definitionProblems } from '../lambdas/macie/identifiers.js';
import { MACIE_LIMITS } from '../lambdas/macie/macie-limits.js';
import { jobResourceProperties, type MacieJobSchedule, type ManagedSelector } from '../lambdas/macie/job-definition.js';
import { VAULT_NAME_PATTERN } from '../contract/patterns.js';
import { ROLE_PATH, roleName as vaultRoleName } from '../contract/naming.js';
import type { CheckovSkip, NagAcknowledgement } from './finding-acknowledgement.js';
import { ConstructPropsError } from './errors.js';
import { resourceFinding } from './nag-finding.js';
import {
  ALARM_PUBLISH_ACTIONS,
  MACIE_EVENTS_QUEUE_KEY_ACTIONS,
  MACIE_JOB_ACTIONS,
  MACIE_LOG_ACTIONS,
  MACIE_QUEUE_CONSUME_ACTIONS,
  MACIE_QUEUE_DECRYPT_ACTIONS,
  MACIE_TAG_READ_ACTIONS,
  MACIE_TAG_WRITE_ACTIONS,
} from '../contract/permissions.js';

/** Lambda runtime of both functions (the newest of this aws-cdk-lib: cdk-nag AwsSolutions-L1). */
export const MACIE_LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Defaults of MacieScanning, as data. */
export const MACIE_DEFAULTS = {
  schedule: { frequency: 'daily' } as MacieJobSchedule,
  managedDataIdentifiers: 'RECOMMENDED' as ManagedSelector,
  initialRun: true,
  logRetention: logs.RetentionDays.ONE_YEAR,
  findingsTimeout: Duration.seconds(30),
  findingsBatchSize: 10,
  maxReceiveCount: 5,
  /** The job Lambda: one request per deployment that changes the job. */
  jobConcurrency: 1,
  /** The findings Lambda: reserved, and the event source's maximum (SQS's minimum is 2). */
  findingsConcurrency: 2,
} as const;

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Props of MacieScanning. */
export interface MacieScanningProps {
  /** Vault name: identifier, allow list, job, rule and log group names start with it. */
  readonly vaultName: string;
  /** The vault bucket(s): what the job classifies, and the only buckets whose findings are applied. */
  readonly buckets: readonly s3.IBucket[];
  /**
   * Engine version (lambdas/engine/version.ts `ENGINE_VERSION`): versions tagged
   * `shredlock:engine=<engineVersion>` are left out of the job. A new version replaces the job.
   */
  readonly engineVersion: string;
  /**
   * Role the findings Lambda runs as. It must be trusted by `lambda.amazonaws.com` and be allowed
   * by the vault policy to change tags.
   * @default - a new tag-only role `<vault>-macie-findings` under the ShredLock role path (the stack
   * names it in the vault policy's tag-change exemption); it cannot read or decrypt vault data
   */
  readonly findingsRole?: iam.IRole;
  /**
   * Topic the dead-letter alarm notifies (the vault's notification topic). For an SSE-KMS topic,
   * the key policy must let `cloudwatch.amazonaws.com` use the key, or alarms are not delivered.
   */
  readonly topic: sns.ITopic;
  /** When the job runs. @default { frequency: 'daily' } */
  readonly schedule?: MacieJobSchedule;
  /** Managed data identifiers the job runs besides ours. @default 'RECOMMENDED' */
  readonly managedDataIdentifiers?: ManagedSelector;
  /** Analyze existing objects as soon as a job is created (each engine upgrade). @default true */
  readonly initialRun?: boolean;
  /**
   * Encrypts the three log groups (`/shredlock/<vault>/lambda/macie-*`). Its policy must let
   * CloudWatch Logs use it for those names (the audit key's log group prefix statement does).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logKey?: kms.IKey;
  /**
   * Encrypts the findings queue and its dead-letter queue. EventBridge's use of it (for this
   * rule only) is added to its policy when the key is defined in this stack.
   * @default - SQS-managed server-side encryption
   */
  readonly queueKey?: kms.IKey;
  /**
   * Enable Macie in the account (`AWS::Macie::Session`). Deployment fails where Macie is already
   * enabled, and deleting the stack disables Macie for the whole account. @default false
   */
  readonly createMacieSession?: boolean;
  /** Retention of the log groups. @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Reserve the concurrency of both Lambdas (MACIE_DEFAULTS). Off for accounts whose Lambda quota
   * leaves nothing to reserve; the findings Lambda stays capped by its event source. @default true
   */
  readonly reserveConcurrency?: boolean;
}

/** Macie custom identifiers, allow list, scheduled job and findings pipeline for one vault. */
export class MacieScanning extends Construct {
  /** `AWS::Macie::Session`, only with `createMacieSession`. */
  public readonly session?: macie.CfnSession;
  /** One custom data identifier per id of lambdas/macie/identifier-names.ts. */
  public readonly customDataIdentifiers: Readonly<Record<MacieIdentifierId, macie.CfnCustomDataIdentifier>>;
  /** The allow list of published sample numbers. */
  public readonly allowList: macie.CfnAllowList;
  /** The job custom resource's onEvent Lambda. */
  public readonly jobFunction: nodejs.NodejsFunction;
  /** Its role (Macie job actions only). */
  public readonly jobRole: iam.Role;
  /** The job role's permissions. */
  public readonly jobPolicy: iam.ManagedPolicy;
  /** The Provider framework around jobFunction. */
  public readonly jobProvider: cr.Provider;
  /** The job; its physical id is the Macie job id. */
  public readonly job: CustomResource;
  /** The current job's id. */
  public readonly jobId: string;
  /** The current job's ARN. */
  public readonly jobArn: string;
  /** EventBridge rule `<vault>-macie-findings`: this vault's sensitive data findings. */
  public readonly findingsRule: events.Rule;
  /** Queue `<vault>-macie-findings` between the rule and the findings Lambda. */
  public readonly findingsQueue: sqs.Queue;
  /** `<vault>-macie-findings-dlq`: where findings go after MACIE_DEFAULTS.maxReceiveCount failed attempts (and undeliverable events). */
  public readonly findingsDeadLetterQueue: sqs.Queue;
  /** The findings Lambda. */
  public readonly findingsFunction: nodejs.NodejsFunction;
  /** The role the findings Lambda runs as (`findingsRole`, or the tag-only role made here). */
  public readonly findingsRole: iam.IRole;
  /** The findings Lambda's permissions, attached to `findingsRole`. */
  public readonly findingsPolicy: iam.ManagedPolicy;
  /** The buckets whose findings are applied (the `buckets` prop). */
  public readonly findingsBuckets: readonly s3.IBucket[];
  /** Alarm on anything in the dead-letter queue, named `<vault>-macie-findings-dead-letters`. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  /**
   * Its ARN, built from the name (no token): a key policy of the topic's key can name it without
   * a dependency cycle (see MacieScanningProps.topic).
   */
  public readonly deadLetterAlarmArn: string;
  /** Log groups of the job function, the Provider framework and the findings function. */
  public readonly logGroups: { readonly job: logs.LogGroup; readonly provider: logs.LogGroup; readonly findings: logs.LogGroup };
  /** Whether the log groups and queues use the caller's keys (decides which findings are acknowledged). */
  public readonly encryption: { readonly logs: boolean; readonly queues: boolean };
  /** Whether the Lambdas reserve their concurrency (decides which findings are acknowledged). */
  public readonly reservesConcurrency: boolean;

  constructor(scope: Construct, id: string, props: MacieScanningProps) {
    super(scope, id);
    const schedule = props.schedule ?? MACIE_DEFAULTS.schedule;
    validate(props, schedule);
    const stack = Stack.of(this);
    const retention = props.logRetention ?? MACIE_DEFAULTS.logRetention;
    const logGroup = (logId: string, name: string) =>
      new logs.LogGroup(this, logId, {
        logGroupName: `/shredlock/${props.vaultName}/lambda/${name}`,
        retention,
        encryptionKey: props.logKey,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.logGroups = { job: logGroup('JobLogs', 'macie-job'), provider: logGroup('JobProviderLogs', 'macie-job-provider'), findings: logGroup('FindingsLogs', 'macie-findings') };
    this.encryption = { logs: props.logKey !== undefined, queues: props.queueKey !== undefined };
    this.reservesConcurrency = props.reserveConcurrency ?? true;
    const reserved = (n: number) => (this.reservesConcurrency ? n : undefined);

    // Macie resources.
    if (props.createMacieSession) {
      this.session = new macie.CfnSession(this, 'Session', { status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    }
    const identifiers = {} as Record<MacieIdentifierId, macie.CfnCustomDataIdentifier>;
    for (const definition of MACIE_IDENTIFIERS) {
      identifiers[definition.id] = new macie.CfnCustomDataIdentifier(this, `Identifier-${definition.id}`, {
        name: customIdentifierName(props.vaultName, definition.id, definitionFingerprint(definition)),
        description: definition.description,
        regex: definition.regex,
        ...(definition.keywords.length > 0 ? { keywords: [...definition.keywords] } : {}),
        ...(definition.maximumMatchDistance !== undefined ? { maximumMatchDistance: definition.maximumMatchDistance } : {}),
        ...(definition.ignoreWords.length > 0 ? { ignoreWords: [...definition.ignoreWords] } : {}),
      });
    }
    this.customDataIdentifiers = identifiers;
    this.allowList = new macie.CfnAllowList(this, 'AllowList', {
      name: `${props.vaultName}-sample-numbers`,
      description: `ShredLock ${props.vaultName}: published sample and test numbers (${ALLOW_LIST_ENTRIES.map((e) => e.name).join(', ')})`.slice(
        0,
        MACIE_LIMITS.descriptionMaxLength,
      ),
      criteria: { regex: allowListRegex() },
    });
    if (this.session) for (const resource of [...Object.values(identifiers), this.allowList]) resource.addDependency(this.session);

    // The job, owned by a custom resource.
    this.jobRole = new iam.Role(this, 'JobRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `ShredLock ${props.vaultName}: creates and cancels the Macie classification job`,
    });
    this.jobFunction = new nodejs.NodejsFunction(this, 'JobFunction', {
      ...functionDefaults('job-resource.ts'),
      description: `ShredLock ${props.vaultName}: Macie classification job custom resource`,
      role: this.jobRole,
      logGroup: this.logGroups.job,
      timeout: Duration.minutes(1),
      reservedConcurrentExecutions: reserved(MACIE_DEFAULTS.jobConcurrency),
    });
    this.jobPolicy = new iam.ManagedPolicy(this, 'JobPolicy', {
      description: `ShredLock ${props.vaultName}: Macie job custom resource permissions`,
      roles: [this.jobRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'ManageClassificationJobs',
          actions: [...MACIE_JOB_ACTIONS],
          // Job ids are assigned by Macie at creation; the identifiers and allow list the job uses are named too.
          resources: [jobArnPattern(this), ...Object.values(identifiers).map((cdi) => cdi.attrArn), this.allowList.attrArn],
        }),
        new iam.PolicyStatement({ sid: 'WriteLogs', actions: [...MACIE_LOG_ACTIONS], resources: [this.logGroups.job.logGroupArn] }),
      ],
    });
    this.jobProvider = new cr.Provider(this, 'JobProvider', { onEventHandler: this.jobFunction, logGroup: this.logGroups.provider });
    this.job = new CustomResource(this, 'Job', {
      serviceToken: this.jobProvider.serviceToken,
      resourceType: 'Custom::MacieClassificationJob',
      properties: {
        ...jobResourceProperties({
          vaultName: props.vaultName,
          accountId: stack.account,
          bucketNames: props.buckets.map((b) => b.bucketName),
          engineVersion: props.engineVersion,
          schedule,
          customDataIdentifierIds: Object.values(identifiers).map((cdi) => cdi.attrId),
          allowListIds: [this.allowList.attrId],
          managedSelector: props.managedDataIdentifiers ?? MACIE_DEFAULTS.managedDataIdentifiers,
          initialRun: props.initialRun ?? MACIE_DEFAULTS.initialRun,
        }),
      },
    });
    // The role must have its permissions before CloudFormation sends the first request.
    this.job.node.addDependency(this.jobPolicy);
    if (this.session) this.job.node.addDependency(this.session);
    this.jobId = this.job.getAttString('JobId');
    this.jobArn = `arn:${stack.partition}:macie2:${stack.region}:${stack.account}:classification-job/${this.jobId}`;

    // Findings: rule -> queue -> Lambda, with a dead-letter queue and an alarm on it.
    this.findingsBuckets = [...props.buckets];
    const bucketNames = props.buckets.map((b) => b.bucketName);
    // A name, not the rule's token, in the key policy: the queue needs the key, the rule the queue.
    const ruleName = `${props.vaultName}-macie-findings`;
    const ruleArn = `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/${ruleName}`;
    const encryption = props.queueKey
      ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.queueKey }
      : { encryption: sqs.QueueEncryption.SQS_MANAGED };
    this.findingsDeadLetterQueue = new sqs.Queue(this, 'FindingsDeadLetters', {
      queueName: `${props.vaultName}-macie-findings-dlq`,
      ...encryption,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const findingsTimeout = MACIE_DEFAULTS.findingsTimeout;
    this.findingsQueue = new sqs.Queue(this, 'Findings', {
      queueName: `${props.vaultName}-macie-findings`,
      ...encryption,
      enforceSSL: true,
      // Six times the function time-out, as Lambda recommends for SQS sources.
      visibilityTimeout: Duration.seconds(findingsTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.findingsDeadLetterQueue, maxReceiveCount: MACIE_DEFAULTS.maxReceiveCount },
    });
    props.queueKey?.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeSendsMacieFindings',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: [...MACIE_EVENTS_QUEUE_KEY_ACTIONS],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      }),
    );
    this.findingsRule = new events.Rule(this, 'FindingsRule', {
      ruleName,
      description: `ShredLock ${props.vaultName}: Macie sensitive data findings on the vault`,
      eventPattern: {
        source: [MACIE_SOURCE],
        detailType: [MACIE_FINDING],
        detail: { category: ['CLASSIFICATION'], resourcesAffected: { s3Bucket: { name: bucketNames } } },
      },
      targets: [new targets.SqsQueue(this.findingsQueue, { deadLetterQueue: this.findingsDeadLetterQueue, retryAttempts: 8 })],
    });
    const findingsRole =
      props.findingsRole ??
      new iam.Role(this, 'FindingsRole', {
        roleName: vaultRoleName(props.vaultName, 'macie-findings'),
        path: ROLE_PATH,
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `ShredLock ${props.vaultName} macie-findings: applies Macie findings to object version tags; reads no data`,
        maxSessionDuration: Duration.hours(1),
      });
    this.findingsRole = findingsRole;
    this.findingsFunction = new nodejs.NodejsFunction(this, 'FindingsFunction', {
      ...functionDefaults('findings-handler.ts'),
      description: `ShredLock ${props.vaultName}: applies Macie findings to object tags`,
      // CDK's own grants would grow an inline policy on the caller's role; FindingsPolicy holds them all.
      role: findingsRole instanceof iam.Role ? findingsRole.withoutPolicyUpdates() : findingsRole,
      logGroup: this.logGroups.findings,
      timeout: findingsTimeout,
      reservedConcurrentExecutions: reserved(MACIE_DEFAULTS.findingsConcurrency),
      environment: encodeFindingsEnv({ vaultName: props.vaultName, vaultBuckets: bucketNames, apply: true }),
    });
    this.findingsPolicy = new iam.ManagedPolicy(this, 'FindingsPolicy', {
      description: `ShredLock ${props.vaultName}: Macie findings Lambda permissions`,
      roles: [findingsRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadAndReplaceVersionTags',
          actions: [...MACIE_TAG_READ_ACTIONS, ...MACIE_TAG_WRITE_ACTIONS],
          resources: props.buckets.map((b) => b.arnForObjects('*')),
        }),
        new iam.PolicyStatement({ sid: 'ConsumeFindings', actions: [...MACIE_QUEUE_CONSUME_ACTIONS], resources: [this.findingsQueue.queueArn] }),
        ...(props.queueKey
          ? [
              new iam.PolicyStatement({
                sid: 'DecryptFindings',
                actions: [...MACIE_QUEUE_DECRYPT_ACTIONS],
                resources: [props.queueKey.keyArn],
                conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` } },
              }),
            ]
          : []),
        new iam.PolicyStatement({ sid: 'WriteLogs', actions: [...MACIE_LOG_ACTIONS], resources: [this.logGroups.findings.logGroupArn] }),
      ],
    });
    // An explicit mapping: SqsEventSource would grant the queue to the role itself.
    const mapping = new lambda.EventSourceMapping(this, 'FindingsSource', {
      target: this.findingsFunction,
      eventSourceArn: this.findingsQueue.queueArn,
      batchSize: MACIE_DEFAULTS.findingsBatchSize,
      reportBatchItemFailures: true,
      // Never more pollers than reserved concurrency: throttled batches would count as receives
      // and push findings to the dead-letter queue.
      maxConcurrency: MACIE_DEFAULTS.findingsConcurrency,
    });
    mapping.node.addDependency(this.findingsPolicy);
    const alarmName = `${props.vaultName}-macie-findings-dead-letters`;
    this.deadLetterAlarmArn = `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${alarmName}`;
    this.deadLetterAlarm = this.findingsDeadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
      .createAlarm(this, 'DeadLetterAlarm', {
        alarmName,
        alarmDescription: `ShredLock ${props.vaultName}: Macie findings could not be applied to object tags (see ${this.logGroups.findings.logGroupName})`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.deadLetterAlarm.addAlarmAction(new cwActions.SnsAction(props.topic));
    // A topic with its own policy (CDK writes one for enforceSSL) no longer has SNS's default,
    // which let the account's services publish: CloudWatch needs a statement for this alarm.
    // An imported topic's policy is left alone.
    props.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchPublishesMacieAlarm',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: [...ALARM_PUBLISH_ACTIONS],
        resources: [props.topic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.deadLetterAlarmArn }, StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
  }
}

/** Settings both Lambdas share; `file` is under lambdas/macie/. The AWS SDK is bundled (Macie2 needs a recent one). */
function functionDefaults(file: string) {
  return {
    entry: join(REPO_ROOT, 'lambdas', 'macie', file),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
    runtime: MACIE_LAMBDA_RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 256,
    bundling: { target: 'node24', sourceMap: true, minify: true, externalModules: [] } satisfies nodejs.BundlingOptions,
  };
}

function validate(props: MacieScanningProps, schedule: MacieJobSchedule): void {
  const problems: string[] = [];
  if (!VAULT_NAME_PATTERN.test(props.vaultName)) {
    problems.push(`vaultName "${props.vaultName}" must be 3-20 lower-case letters, digits and "-" (as in config.ts)`);
  }
  if (props.buckets.length === 0) problems.push('buckets must name at least one vault bucket');
  if (!props.topic) problems.push('topic is required: the dead-letter alarm notifies it');
  if (!/^[A-Za-z0-9 +\-=._:/@]{1,256}$/.test(props.engineVersion)) {
    problems.push(`engineVersion "${props.engineVersion}" must be a valid S3 tag value (1-256 letters, digits, spaces and + - = . _ : / @)`);
  }
  if (schedule.frequency === 'monthly' && (!Number.isInteger(schedule.dayOfMonth) || schedule.dayOfMonth < 1 || schedule.dayOfMonth > 28)) {
    problems.push(`schedule.dayOfMonth ${schedule.dayOfMonth} must be a whole number from 1 to 28 (Macie skips months without the day)`);
  }
  problems.push(...MACIE_IDENTIFIERS.flatMap(definitionProblems), ...allowListProblems());
  if (problems.length > 0) throw new ConstructPropsError('MacieScanning', problems);
}

const REASONS = {
  jobArns:
    'Macie assigns job ids at creation, so no job ARN is known at synth; the statement is limited to classification jobs of this account and Region (plus the identifiers and allow list the job uses), and the role is assumed only by the job custom resource Lambda.',
  providerManagedPolicy:
    'The CDK Provider framework creates its onEvent function role with AWSLambdaBasicExecutionRole (log writes only); it runs only the framework code that relays CloudFormation requests to the job Lambda.',
  providerInvoke:
    'The CDK Provider framework may invoke any version of the one job Lambda it wraps (`<function ARN>:*`); it cannot invoke anything else.',
  providerInline:
    'The CDK Provider framework grants its own role lambda:InvokeFunction on the job Lambda as an inline default policy; that grant is the whole policy.',
  providerConcurrency:
    'The CDK Provider framework function runs only during deployments of this stack (one request per job change); its concurrency is not configurable.',
  unreserved:
    'reserveConcurrency is off: the account\'s Lambda quota leaves nothing to reserve (Lambda keeps 100 unreserved; new accounts have 10). The job Lambda runs once per deployment that changes the job, and the findings Lambda is capped by its event source\'s maximum concurrency.',
  versionTags:
    'Object keys are chosen by the writer at run time; the statement allows only reading and replacing object (version) tags, never object data, deletes or retention, and the vault policy allows tag changes to this role alone.',
  logsKms:
    'No logKey was given: the Lambdas log ids, counts and decisions, never object keys or content (see lambdas/macie), and CloudWatch Logs encrypts at rest with its own key. Pass the audit key as logKey to encrypt them with it.',
  noFunctionDlq:
    'Invoked synchronously (the job function by the Provider framework, the framework by CloudFormation) or through SQS, whose dead-letter queue keeps failed findings; an async-invocation DLQ would never receive anything.',
  noVpc:
    'The stack has no VPC: the functions call only the Macie, S3 and SQS APIs over TLS with IAM authorization, and a VPC would add NAT or endpoints without narrowing who can reach them.',
  envKms:
    'The environment holds only the vault name, bucket names and a mode (no secrets); Lambda encrypts it at rest with an AWS-managed key.',
  sqsManaged:
    'No queueKey was given: encrypted with SQS-managed SSE (EventBridge cannot deliver to a queue under the AWS-managed aws/sqs key); messages hold finding metadata for at most 4 days (14 in the dead-letter queue). Pass the runtime queue key as queueKey to use it.',
} as const;

/** cdk-nag findings MacieScanning knowingly accepts (add them to the stack's nagAcknowledgements). */
export function macieNagAcknowledgements(scanning: MacieScanning): NagAcknowledgement[] {
  const framework = providerFunction(scanning);
  const functions = [scanning.jobFunction, framework, scanning.findingsFunction];
  const logGroups = scanning.encryption.logs ? [] : Object.values(scanning.logGroups);
  const both = (construct: IConstruct, rule: string, reason: string): NagAcknowledgement[] => [
    { construct, id: `NIST.800.53.R5-${rule}`, reason },
    { construct, id: `PCI.DSS.321-${rule}`, reason },
  ];
  return [
    { construct: scanning.jobPolicy, id: `AwsSolutions-IAM5[${resourceFinding(scanning, jobArnPattern(scanning))}]`, reason: REASONS.jobArns },
    {
      construct: framework,
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: REASONS.providerManagedPolicy,
    },
    { construct: framework, id: `AwsSolutions-IAM5[${resourceFinding(scanning, `${scanning.jobFunction.functionArn}:*`)}]`, reason: REASONS.providerInvoke },
    ...scanning.findingsBuckets.map((bucket) => ({
      construct: scanning.findingsPolicy,
      id: `AwsSolutions-IAM5[${resourceFinding(scanning, bucket.arnForObjects('*'))}]`,
      reason: REASONS.versionTags,
    })),
    ...both(framework, 'IAMNoInlinePolicy', REASONS.providerInline),
    { construct: framework, id: 'NIST.800.53.R5-LambdaConcurrency', reason: REASONS.providerConcurrency },
    ...logGroups.flatMap((group) => both(group, 'CloudWatchLogGroupEncrypted', REASONS.logsKms)),
    ...(scanning.reservesConcurrency ? [] : [scanning.jobFunction, scanning.findingsFunction]).map((construct) => ({
      construct,
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason: REASONS.unreserved,
    })),
    ...functions.map((fn) => ({ construct: fn, id: 'NIST.800.53.R5-LambdaDLQ', reason: REASONS.noFunctionDlq })),
    ...functions.flatMap((fn) => both(fn, 'LambdaInsideVPC', REASONS.noVpc)),
  ];
}

/** checkov checks MacieScanning knowingly fails (add them to the stack's checkovSkips). */
export function macieCheckovSkips(scanning: MacieScanning): CheckovSkip[] {
  const framework = providerFunction(scanning);
  const functions = [scanning.jobFunction, framework, scanning.findingsFunction];
  return [
    ...(scanning.encryption.logs ? [] : Object.values(scanning.logGroups)).map((construct) => ({ construct, id: 'CKV_AWS_158', comment: REASONS.logsKms })),
    ...functions.map((construct) => ({ construct, id: 'CKV_AWS_116', comment: REASONS.noFunctionDlq })),
    ...functions.map((construct) => ({ construct, id: 'CKV_AWS_117', comment: REASONS.noVpc })),
    { construct: framework, id: 'CKV_AWS_115', comment: REASONS.providerConcurrency },
    ...(scanning.reservesConcurrency ? [] : [scanning.jobFunction, scanning.findingsFunction]).map((construct) => ({
      construct,
      id: 'CKV_AWS_115',
      comment: REASONS.unreserved,
    })),
    ...[framework, scanning.findingsFunction].map((construct) => ({ construct, id: 'CKV_AWS_173', comment: REASONS.envKms })),
    ...(scanning.encryption.queues ? [] : [scanning.findingsQueue, scanning.findingsDeadLetterQueue]).map((construct) => ({
      construct,
      id: 'CKV_AWS_27',
      comment: REASONS.sqsManaged,
    })),
  ];
}

/** The Provider framework's onEvent function (a CDK-internal child). */
function providerFunction(scanning: MacieScanning): lambda.Function {
  const child = scanning.jobProvider.node.tryFindChild('framework-onEvent');
  if (!(child instanceof lambda.Function)) {
    throw new ConstructPropsError('MacieScanning', [`no Provider framework function under ${scanning.jobProvider.node.path}`]);
  }
  return child;
}

function jobArnPattern(scope: IConstruct): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:macie2:${stack.region}:${stack.account}:classification-job/*`;
}
