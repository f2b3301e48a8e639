/**
 * The AWS SDK clients of the Lambdas and tools: created once per process (lazily, on first use),
 * configured from the environment.
 *
 * | Variable           | Effect                                                     | Default    |
 * |--------------------|------------------------------------------------------------|------------|
 * | `AWS_ENDPOINT_URL` | one endpoint for every service (moto in tests); S3 then    | AWS        |
 * |                    | uses path-style addressing                                 |            |
 * | `AWS_MAX_ATTEMPTS` | attempts per call, first one included (tests use 1)        | 3          |
 * | `AWS_RETRY_MODE`   | `standard` (exponential backoff with jitter, throttling    | `standard` |
 * |                    | errors retried) or `adaptive` (also rate-limits the client) |            |
 *
 * Region and credentials come from the SDK's own chain (`AWS_REGION`, the Lambda role).
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { Macie2Client } from '@aws-sdk/client-macie2';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { AwsConfigError } from './errors.js';

/** How retries back off. */
export type RetryMode = 'standard' | 'adaptive';

/** Settings shared by every client. */
export interface ClientSettings {
  /** Endpoint for every service; path-style S3 addressing when set. @default the AWS endpoints */
  readonly endpoint?: string;
  /** Attempts per call, the first included. @default DEFAULT_MAX_ATTEMPTS */
  readonly maxAttempts: number;
  /** @default 'standard' */
  readonly retryMode: RetryMode;
  /** @default the SDK's region chain */
  readonly region?: string;
  /** Static credentials (tests against moto). @default the SDK's credential chain */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Attempts per call unless `AWS_MAX_ATTEMPTS` says otherwise (the SDK's own default). */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Milliseconds to open a connection before the attempt fails (and is retried). */
export const CONNECTION_TIMEOUT_MS = 5_000;
/** Milliseconds of socket inactivity before the attempt fails (a stalled GetObject stream included). */
export const SOCKET_TIMEOUT_MS = 60_000;

/** Reads the client settings from the environment; throws AwsConfigError naming a bad variable. */
export function clientSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ClientSettings {
  const endpoint = env.AWS_ENDPOINT_URL?.trim() || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+(\/.*)?$/.test(endpoint)) {
    throw new AwsConfigError('AWS_ENDPOINT_URL', endpoint, 'an http:// or https:// URL');
  }
  const attempts = env.AWS_MAX_ATTEMPTS?.trim() || undefined;
  if (attempts !== undefined && !/^[1-9]\d?$/.test(attempts)) {
    throw new AwsConfigError('AWS_MAX_ATTEMPTS', attempts, 'a whole number from 1 to 99');
  }
  const retryMode = env.AWS_RETRY_MODE?.trim() || 'standard';
  if (retryMode !== 'standard' && retryMode !== 'adaptive') {
    throw new AwsConfigError('AWS_RETRY_MODE', retryMode, '"standard" or "adaptive"');
  }
  return {
    endpoint,
    maxAttempts: attempts === undefined ? DEFAULT_MAX_ATTEMPTS : Number(attempts),
    retryMode,
    region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined,
  };
}

/**
 * Global slot of a test-only observer: the permission contract (test/permissions/) records every
 * call through it. On globalThis so a reloaded module graph (vi.resetModules) sees the same one;
 * unset in production, where observed() returns the client untouched.
 */
const CLIENT_OBSERVER: unique symbol = Symbol.for('shredlock.aws-client-observer');

function observed<C>(client: C): C {
  (globalThis as { [CLIENT_OBSERVER]?: (client: unknown) => void })[CLIENT_OBSERVER]?.(client);
  return client;
}

function commonConfig(settings: ClientSettings) {
  return {
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.credentials ? { credentials: { ...settings.credentials } } : {}),
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: SOCKET_TIMEOUT_MS },
  };
}

/** Options only S3 clients have. */
export interface S3ClientOptions {
  /** Follow a 301 to the bucket's own region (a tool reading a bucket in any region). @default false */
  readonly followRegionRedirects?: boolean;
}

/** A new S3 client; path-style addressing whenever an endpoint is given (moto, local S3). */
export function createS3Client(settings: ClientSettings, options: S3ClientOptions = {}): S3Client {
  return observed(new S3Client({
    ...commonConfig(settings),
    forcePathStyle: settings.endpoint !== undefined,
    ...(options.followRegionRedirects ? { followRegionRedirects: true } : {}),
  }));
}

/** A new KMS client. */
export function createKmsClient(settings: ClientSettings): KMSClient {
  return observed(new KMSClient(commonConfig(settings)));
}

/** A new SNS client. */
export function createSnsClient(settings: ClientSettings): SNSClient {
  return observed(new SNSClient(commonConfig(settings)));
}

/** A new STS client (GetCallerIdentity: who the caller is, from AWS rather than a flag). */
export function createStsClient(settings: ClientSettings): STSClient {
  return observed(new STSClient(commonConfig(settings)));
}

/** A new IAM client (GetRole: the path of the caller's role, which an STS session ARN leaves out). */
export function createIamClient(settings: ClientSettings): IAMClient {
  return observed(new IAMClient(commonConfig(settings)));
}

/** A new CloudTrail client. */
export function createCloudTrailClient(settings: ClientSettings): CloudTrailClient {
  return observed(new CloudTrailClient(commonConfig(settings)));
}

/** A new Macie client. */
export function createMacieClient(settings: ClientSettings): Macie2Client {
  return observed(new Macie2Client(commonConfig(settings)));
}

let shared: {
  s3?: S3Client;
  kms?: KMSClient;
  sns?: SNSClient;
  cloudTrail?: CloudTrailClient;
  macie?: Macie2Client;
  sts?: STSClient;
  iam?: IAMClient;
  settings?: ClientSettings;
} = {};

function settings(): ClientSettings {
  return (shared.settings ??= clientSettingsFromEnv());
}

/** The process's S3 client, created on first use from the environment. */
export function s3Client(): S3Client {
  return (shared.s3 ??= createS3Client(settings()));
}

/** The process's KMS client, created on first use from the environment. */
export function kmsClient(): KMSClient {
  return (shared.kms ??= createKmsClient(settings()));
}

/** The process's SNS client, created on first use from the environment. */
export function snsClient(): SNSClient {
  return (shared.sns ??= createSnsClient(settings()));
}

/** The process's CloudTrail client, created on first use from the environment. */
export function cloudTrailClient(): CloudTrailClient {
  return (shared.cloudTrail ??= createCloudTrailClient(settings()));
}

/** The process's Macie client, created on first use from the environment. */
export function macieClient(): Macie2Client {
  return (shared.macie ??= createMacieClient(settings()));
}

/** The process's STS client, created on first use from the environment. */
export function stsClient(): STSClient {
  return (shared.sts ??= createStsClient(settings()));
}

/** The process's IAM client, created on first use from the environment. */
export function iamClient(): IAMClient {
  return (shared.iam ??= createIamClient(settings()));
}

/** Forgets the shared clients (tests that change the environment); the next call creates new ones. */
export function resetClients(): void {
  shared.s3?.destroy();
  shared.kms?.destroy();
  shared.sns?.destroy();
  shared.cloudTrail?.destroy();
  shared.macie?.destroy();
  shared.sts?.destroy();
  shared.iam?.destroy();
  shared = {};
}
