/**
 * Shared fixtures of the Macie tests: Macie "Macie Finding" EventBridge events in the documented
 * shape (the finding JSON of GetFindings as `detail`), wrapped in SQS records; custom identifier
 * names as the construct names them; CloudFormation custom resource events.
 */
import type { CloudFormationCustomResourceEvent, SQSRecord } from 'aws-lambda';
import { customIdentifierName, type MacieIdentifierId } from '../../lambdas/macie/identifier-names.js';
import { definitionFingerprint, macieIdentifier } from '../../lambdas/macie/identifiers.js';
import type { JobResourceProperties } from '../../lambdas/macie/job-definition.js';

/** Vault name of the Macie tests. */
export const VAULT_NAME = 'testvault';

/** The name our construct gives a custom identifier of VAULT_NAME. */
export function identifierName(id: MacieIdentifierId, vaultName: string = VAULT_NAME): string {
  return customIdentifierName(vaultName, id, definitionFingerprint(macieIdentifier(id)));
}

/** What a fabricated finding says. */
export interface FindingInput {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  /** Managed detections: `[type, count]`, e.g. `['CREDIT_CARD_NUMBER', 2]`. */
  readonly managed?: readonly (readonly [string, number])[];
  /** Custom detections: `[identifier name, count]`. */
  readonly custom?: readonly (readonly [string, number])[];
  readonly findingId?: string;
  readonly category?: string;
  readonly sample?: boolean;
  readonly createdAt?: string;
  readonly source?: string;
  readonly detailType?: string;
}

let findings = 0;

/** A Macie sensitive data finding event as EventBridge delivers it. */
export function macieFindingEvent(input: FindingInput): Record<string, unknown> {
  const n = ++findings;
  const managed = input.managed ?? [];
  const custom = input.custom ?? [];
  const createdAt = input.createdAt ?? '2026-11-27T08:15:00.123Z';
  const type = managed.length > 0 && custom.length > 0 ? 'SensitiveData:S3Object/Multiple' : custom.length > 0 ? 'SensitiveData:S3Object/CustomIdentifier' : 'SensitiveData:S3Object/Personal';
  return {
    version: '0',
    id: `event-${n}`,
    'detail-type': input.detailType ?? 'Macie Finding',
    source: input.source ?? 'aws.macie',
    account: '123456789012',
    time: createdAt,
    region: 'us-east-1',
    resources: [],
    detail: {
      schemaVersion: '1.0',
      id: input.findingId ?? `finding-${n}`,
      accountId: '123456789012',
      partition: 'aws',
      region: 'us-east-1',
      type,
      title: 'The S3 object contains sensitive information.',
      description: 'The object contains sensitive information.',
      severity: { score: 3, description: 'High' },
      createdAt,
      updatedAt: createdAt,
      count: 1,
      category: input.category ?? 'CLASSIFICATION',
      archived: false,
      sample: input.sample ?? false,
      resourcesAffected: {
        s3Bucket: {
          arn: `arn:aws:s3:::${input.bucket}`,
          name: input.bucket,
          createdAt: '2026-01-01T00:00:00.000Z',
          owner: { displayName: 'owner', id: 'canonical' },
          tags: [],
          defaultServerSideEncryption: { encryptionType: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' },
          publicAccess: { effectivePermission: 'NOT_PUBLIC' },
        },
        s3Object: {
          bucketArn: `arn:aws:s3:::${input.bucket}`,
          key: input.key,
          path: `${input.bucket}/${input.key}`,
          extension: input.key.includes('.') ? input.key.slice(input.key.lastIndexOf('.') + 1) : '',
          lastModified: '2026-11-27T08:00:00.000Z',
          ...(input.versionId !== undefined ? { versionId: input.versionId } : {}),
          serverSideEncryption: { encryptionType: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' },
          size: 2048,
          storageClass: 'STANDARD',
          tags: [],
          publicAccess: false,
          etag: 'etag',
        },
      },
      classificationDetails: {
        jobArn: 'arn:aws:macie2:us-east-1:123456789012:classification-job/0123456789abcdef0123456789abcdef',
        jobId: '0123456789abcdef0123456789abcdef',
        originType: 'SENSITIVE_DATA_DISCOVERY_JOB',
        detailedResultsLocation: 's3://macie-results/AWSLogs/123456789012/Macie/us-east-1/0123/result.jsonl.gz',
        result: {
          status: { code: 'COMPLETE' },
          sizeClassified: 2048,
          mimeType: 'text/csv',
          additionalOccurrences: false,
          sensitiveData: managed.length === 0 ? [] : [
            {
              category: managed.some(([t]) => t.startsWith('CREDIT_CARD')) ? 'FINANCIAL_INFORMATION' : 'PERSONAL_INFORMATION',
              totalCount: managed.reduce((sum, [, c]) => sum + c, 0),
              detections: managed.map(([t, c]) => ({ type: t, count: c, occurrences: { cells: [{ row: 2, column: 3, columnName: 'c', cellReference: null }] } })),
            },
          ],
          customDataIdentifiers: {
            totalCount: custom.reduce((sum, [, c]) => sum + c, 0),
            detections: custom.map(([name, c]) => ({
              arn: `arn:aws:macie2:us-east-1:123456789012:custom-data-identifier/${name}`,
              name,
              count: c,
              occurrences: { cells: [{ row: 2, column: 2, columnName: 'id', cellReference: null }] },
            })),
          },
        },
      },
    },
  };
}

/** An SQS record carrying an event (any JSON, or a raw body string). */
export function sqsRecord(event: unknown, messageId: string = `msg-${++findings}`): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: typeof event === 'string' ? event : JSON.stringify(event),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1', SenderId: 'AIDA', ApproximateFirstReceiveTimestamp: '1' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:macie-findings',
    awsRegion: 'us-east-1',
  };
}

/** Job properties as CloudFormation passes them (strings), with overrides. */
export function jobProperties(overrides: Partial<JobResourceProperties> = {}): JobResourceProperties & { ServiceToken: string } {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
    VaultName: VAULT_NAME,
    AccountId: '123456789012',
    BucketNames: ['testvault-vault-123456789012-us-east-1'],
    EngineVersion: '0.1.0',
    ScheduleFrequency: 'daily',
    CustomDataIdentifierIds: ['cdi-resident', 'cdi-mobile'],
    AllowListIds: ['allow-1'],
    ManagedDataIdentifierSelector: 'RECOMMENDED',
    InitialRun: 'true',
    ...overrides,
  };
}

const COMMON = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response.example/response',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/ShredLock-testvault/guid',
  LogicalResourceId: 'MacieJob7F920554',
  ResourceType: 'Custom::MacieClassificationJob',
} as const;

/** A CloudFormation custom resource event. */
export function cfnEvent(
  request:
    | { type: 'Create'; requestId: string; properties: Record<string, unknown> }
    | { type: 'Update'; requestId: string; physicalId: string; properties: Record<string, unknown>; oldProperties: Record<string, unknown> }
    | { type: 'Delete'; requestId: string; physicalId: string; properties: Record<string, unknown> },
): CloudFormationCustomResourceEvent {
  const base = { ...COMMON, RequestId: request.requestId, ResourceProperties: { ServiceToken: COMMON.ServiceToken, ...request.properties } };
  switch (request.type) {
    case 'Create':
      return { ...base, RequestType: 'Create' };
    case 'Update':
      return { ...base, RequestType: 'Update', PhysicalResourceId: request.physicalId, OldResourceProperties: { ServiceToken: COMMON.ServiceToken, ...request.oldProperties } };
    case 'Delete':
      return { ...base, RequestType: 'Delete', PhysicalResourceId: request.physicalId };
  }
}
