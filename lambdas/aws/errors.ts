/**
 * Typed errors of AWS calls, one class per service, each with a stable `code`
 * (`<SERVICE>_<KIND>`), the operation and the ids involved.
 *
 * An SDK error is never kept as it is: S3's access-denied messages name the resource ARN, which
 * holds the object key, and its stack starts with that message. The `cause` is a redacted copy
 * carrying the service's error name, the HTTP status and the request id only.
 */
import { ShredlockError } from '../errors.js';

/** What went wrong, whatever the service. */
export const AWS_FAILURE_KINDS = [
  'NOT_FOUND',
  'ACCESS_DENIED',
  'THROTTLED',
  'INVALID_REQUEST',
  'UNAVAILABLE',
  'FAILED',
] as const;

/** One failure kind. */
export type AwsFailureKind = (typeof AWS_FAILURE_KINDS)[number];

/** Ids that may name what a call was about: bucket, version id, key hash, KMS key id, topic ARN. */
export type AwsIds = Readonly<Record<string, string | undefined>>;

/** What an SDK error says, without its message. */
export interface SdkFailure {
  readonly kind: AwsFailureKind;
  /** The service's error name, e.g. `NoSuchVersion`, `SlowDown`, `AccessDenied`. */
  readonly awsCode: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
}

const NOT_FOUND = new Set(['NoSuchKey', 'NoSuchVersion', 'NotFound', 'NoSuchBucket', 'NotFoundException']);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'Forbidden', 'AuthorizationError']);
const THROTTLED = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);

/** Classifies anything an SDK call threw, reading only its name and metadata. */
export function describeSdkFailure(error: unknown): SdkFailure {
  const e = (error ?? {}) as { name?: unknown; $metadata?: { httpStatusCode?: unknown; requestId?: unknown } };
  const awsCode = typeof e.name === 'string' && /^[A-Za-z0-9_.]{1,64}$/.test(e.name) ? e.name : 'Error';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const requestId = typeof e.$metadata?.requestId === 'string' ? e.$metadata.requestId : undefined;
  let kind: AwsFailureKind;
  if (NOT_FOUND.has(awsCode) || status === 404) kind = 'NOT_FOUND';
  else if (ACCESS_DENIED.has(awsCode) || status === 403) kind = 'ACCESS_DENIED';
  else if (THROTTLED.has(awsCode) || status === 429 || status === 503) kind = 'THROTTLED';
  else if (status !== undefined && status >= 400 && status < 500) kind = 'INVALID_REQUEST';
  else if (status !== undefined && status >= 500) kind = 'UNAVAILABLE';
  else kind = 'FAILED';
  return { kind, awsCode, httpStatus: status, requestId };
}

/** The redacted stand-in for an SDK error: its name, status and request id; no message, no stack. */
export class RedactedSdkError extends Error {
  constructor(failure: SdkFailure) {
    super(
      `${failure.awsCode}${failure.httpStatus ? ` (HTTP ${failure.httpStatus})` : ''}` +
        (failure.requestId ? ` request ${failure.requestId}` : ''),
    );
    this.name = failure.awsCode;
    this.stack = `${this.name}: ${this.message}`;
  }
}

function describeIds(ids: AwsIds): string {
  const parts = Object.entries(ids)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  return parts.length ? ` [${parts.join(' ')}]` : '';
}

/** A failed AWS call. Subclassed per service; `code` is `<SERVICE>_<KIND>`, e.g. `S3_NOT_FOUND`. */
export abstract class AwsCallError extends ShredlockError {
  readonly kind: AwsFailureKind;
  /** The service's error name, e.g. `NoSuchVersion`. */
  readonly awsCode: string;
  readonly httpStatus?: number;

  constructor(
    readonly service: string,
    readonly operation: string,
    readonly ids: AwsIds,
    failure: SdkFailure,
  ) {
    super(`${service}_${failure.kind}`, `${service} ${operation} failed: ${failure.kind} (${failure.awsCode})${describeIds(ids)}`, {
      cause: new RedactedSdkError(failure),
    });
    this.kind = failure.kind;
    this.awsCode = failure.awsCode;
    this.httpStatus = failure.httpStatus;
  }

  /** True when a later attempt may succeed (throttling or a service outage that outlasted the retries). */
  get retryable(): boolean {
    return this.kind === 'THROTTLED' || this.kind === 'UNAVAILABLE';
  }
}

/** A failed S3 call. Ids: `bucket`, `versionId`, `keyHash` (never the key). */
export class S3Error extends AwsCallError {
  override readonly name = 'S3Error';
  declare readonly code: `S3_${AwsFailureKind}`;
  constructor(operation: string, ids: AwsIds, failure: SdkFailure) {
    super('S3', operation, ids, failure);
  }
}

/** A failed KMS call. Ids: `keyId` (a key id or alias, never plaintext or ciphertext). */
export class KmsError extends AwsCallError {
  override readonly name = 'KmsError';
  declare readonly code: `KMS_${AwsFailureKind}`;
  constructor(operation: string, ids: AwsIds, failure: SdkFailure) {
    super('KMS', operation, ids, failure);
  }
}

/** A failed SNS call. Ids: `topicArn`. */
export class SnsError extends AwsCallError {
  override readonly name = 'SnsError';
  declare readonly code: `SNS_${AwsFailureKind}`;
  constructor(operation: string, ids: AwsIds, failure: SdkFailure) {
    super('SNS', operation, ids, failure);
  }
}

/** A failed STS call (GetCallerIdentity). */
export class StsError extends AwsCallError {
  override readonly name = 'StsError';
  declare readonly code: `STS_${AwsFailureKind}`;
  constructor(operation: string, ids: AwsIds, failure: SdkFailure) {
    super('STS', operation, ids, failure);
  }
}

/** A failed IAM call (GetRole: the path of the caller's own role). Ids: `roleName`. */
export class IamError extends AwsCallError {
  override readonly name = 'IamError';
  declare readonly code: `IAM_${AwsFailureKind}`;
  constructor(operation: string, ids: AwsIds, failure: SdkFailure) {
    super('IAM', operation, ids, failure);
  }
}

/** A failed CloudTrail call. Ids: `trail`. */
export class CloudTrailError extends AwsCallError {
  override readonly name = 'CloudTrailError';
  declare readonly code: `CLOUDTRAIL_${AwsFailureKind}`;
  constructor(operation: string, ids: AwsIds, failure: SdkFailure) {
    super('CLOUDTRAIL', operation, ids, failure);
  }
}

/** A failed Macie call. Ids: `jobId`. */
export class MacieError extends AwsCallError {
  override readonly name = 'MacieError';
  declare readonly code: `MACIE_${AwsFailureKind}`;
  constructor(operation: string, ids: AwsIds, failure: SdkFailure) {
    super('MACIE', operation, ids, failure);
  }
}

/** An AWS client setting from the environment is invalid; names the variable, the value and what is allowed. */
export class AwsConfigError extends ShredlockError<'AWS_CONFIG'> {
  override readonly name = 'AwsConfigError';
  constructor(
    readonly variable: string,
    readonly value: string,
    readonly allowed: string,
  ) {
    super('AWS_CONFIG', `${variable}=${JSON.stringify(value)} is invalid: ${allowed}`);
  }
}

/** Wraps whatever a call threw in the service's class; an error of that class passes through unchanged. */
function wrap<E extends AwsCallError>(
  Class: new (operation: string, ids: AwsIds, failure: SdkFailure) => E,
  error: unknown,
  operation: string,
  ids: AwsIds,
): E {
  return error instanceof Class ? error : new Class(operation, ids, describeSdkFailure(error));
}

/** Wraps whatever an S3 call threw; an S3Error passes through unchanged. */
export function toS3Error(error: unknown, operation: string, ids: AwsIds): S3Error {
  return wrap(S3Error, error, operation, ids);
}

/** Wraps whatever a KMS call threw. */
export function toKmsError(error: unknown, operation: string, ids: AwsIds): KmsError {
  return wrap(KmsError, error, operation, ids);
}

/** Wraps whatever an SNS call threw. */
export function toSnsError(error: unknown, operation: string, ids: AwsIds): SnsError {
  return wrap(SnsError, error, operation, ids);
}

/** Wraps whatever an STS call threw. */
export function toStsError(error: unknown, operation: string, ids: AwsIds): StsError {
  return wrap(StsError, error, operation, ids);
}

/** Wraps whatever an IAM call threw. */
export function toIamError(error: unknown, operation: string, ids: AwsIds): IamError {
  return wrap(IamError, error, operation, ids);
}

/** Wraps whatever a CloudTrail call threw. */
export function toCloudTrailError(error: unknown, operation: string, ids: AwsIds): CloudTrailError {
  return wrap(CloudTrailError, error, operation, ids);
}

/** Wraps whatever a Macie call threw; a MacieError passes through unchanged. */
export function toMacieError(error: unknown, operation: string, ids: AwsIds): MacieError {
  return wrap(MacieError, error, operation, ids);
}

/** Type guard for any failed AWS call. */
export function isAwsCallError(error: unknown): error is AwsCallError {
  return error instanceof AwsCallError;
}

/** Type guard for S3Error. */
export function isS3Error(error: unknown): error is S3Error {
  return error instanceof S3Error;
}

/** Type guard for KmsError. */
export function isKmsError(error: unknown): error is KmsError {
  return error instanceof KmsError;
}

/** Type guard for SnsError. */
export function isSnsError(error: unknown): error is SnsError {
  return error instanceof SnsError;
}

/** Type guard for MacieError. */
export function isMacieError(error: unknown): error is MacieError {
  return error instanceof MacieError;
}
