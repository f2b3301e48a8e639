/**
 * The audit trail: a multi-Region CloudTrail trail with management events, S3 data events for
 * the vault buckets and Lambda Invoke data events for the functions named by logInvocations()
 * (the seal Lambda: who invoked it is known only to CloudTrail), log-file validation, KMS
 * encryption and CloudWatch Logs, delivering to its own Object-Locked bucket. Digest files are
 * always SSE-S3, so the bucket's encryption rule covers the log-file prefix only.
 *
 * The events are chosen by advanced event selectors (a trail takes basic or advanced ones, never
 * both; the CDK Trail builds only basic ones, so they are set on its CfnTrail):
 *
 * | Selector                 | eventCategory | resources.type          | resources.ARN                 |
 * |--------------------------|---------------|-------------------------|-------------------------------|
 * | management events        | Management    | -                       | -                             |
 * | objects of the buckets   | Data          | AWS::S3::Object         | starts with `<bucket ARN>/`   |
 * | invocations (if any)     | Data          | AWS::Lambda::Function   | equals each function's ARN    |
 */
import { Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ConstructPropsError } from './errors.js';
import { BUCKET_POLICIES } from '../contract/bucket-policy.js';
import type { LockSettings } from './hardened-bucket.js';
import { LockedBucket } from './locked-bucket.js';
import { bucketName, logGroupPrefix, trailName } from './naming.js';

/** Name of the trail of a vault (contract/naming.ts vaultTrailName). */
export { trailName };

/** Name of the trail's log group. */
export function trailLogGroupName(vaultName: string): string {
  return `${logGroupPrefix(vaultName)}cloudtrail`;
}

/** Props of AuditTrail. */
export interface AuditTrailProps {
  /** Vault name; trail, bucket and log group names derive from it. */
  readonly vaultName: string;
  /** KMS key of trail files, the trail bucket and the log group (the audit key). */
  readonly encryptionKey: kms.IKey;
  /** Object Lock default retention of trail files. */
  readonly lock: LockSettings;
  /** Buckets whose object-level (data) events are recorded. */
  readonly dataEventBuckets: readonly s3.IBucket[];
  /** Server access log target for the trail bucket. */
  readonly accessLogsBucket: s3.IBucket;
  /** Only principal that may bypass GOVERNANCE retention. @default - nobody */
  readonly breakGlassRoleArn?: string;
  /** Retention of the CloudWatch log group. @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
}

/** CloudTrail trail, its bucket and its log group. */
export class AuditTrail extends Construct {
  /** The trail. */
  public readonly trail: cloudtrail.Trail;
  /** The Object-Locked trail bucket. */
  public readonly bucket: s3.Bucket;
  /** The CloudWatch log group. */
  public readonly logGroup: logs.LogGroup;

  private readonly invokedFunctionArns: string[] = [];

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    if (props.dataEventBuckets.length === 0) {
      throw new ConstructPropsError('AuditTrail', ['dataEventBuckets must name at least the vault bucket']);
    }
    const stack = Stack.of(this);
    // Log files must be SSE-KMS; digest files are always SSE-S3 (BUCKET_POLICIES.trail).
    this.bucket = new LockedBucket(this, 'Bucket', {
      bucketName: bucketName(stack, props.vaultName, 'trail'),
      lock: props.lock,
      encryptionKey: props.encryptionKey,
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'trail/',
      policy: BUCKET_POLICIES.trail,
      exempt: { 'break-glass': props.breakGlassRoleArn },
    });

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: trailLogGroupName(props.vaultName),
      encryptionKey: props.encryptionKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: trailName(props.vaultName),
      bucket: this.bucket,
      encryptionKey: props.encryptionKey,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });
    const buckets = props.dataEventBuckets.map((bucket) => `${bucket.bucketArn}/`);
    const cfnTrail = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.addPropertyDeletionOverride('EventSelectors');
    cfnTrail.advancedEventSelectors = Lazy.any({ produce: () => advancedSelectors(buckets, this.invokedFunctionArns) });
  }

  /** Records the Invoke data events (who invoked, with the request id) of these functions. */
  public logInvocations(functionArns: readonly string[]): void {
    this.invokedFunctionArns.push(...functionArns);
  }
}

/** The trail's advanced event selectors (see the module doc). */
function advancedSelectors(bucketPrefixes: readonly string[], functionArns: readonly string[]): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
  const data = (type: string) => [
    { field: 'eventCategory', equalTo: ['Data'] },
    { field: 'resources.type', equalTo: [type] },
  ];
  return [
    { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    { name: 'Objects of the vault buckets', fieldSelectors: [...data('AWS::S3::Object'), { field: 'resources.ARN', startsWith: [...bucketPrefixes] }] },
    ...(functionArns.length > 0
      ? [{ name: 'Lambda invocations', fieldSelectors: [...data('AWS::Lambda::Function'), { field: 'resources.ARN', equalTo: [...functionArns] }] }]
      : []),
  ];
}
