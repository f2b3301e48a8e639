/**
 * What the permission contract's flows share: the stack's names on moto, the flow and scenario
 * types, a vault with a shreddable key, and running CLI commands and Lambda handlers on moto.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { resetClients } from '../../lambdas/aws/clients.js';
import { rotate, type EpochKeyResult } from '../../lambdas/keys/rotator.js';
import type { executeShred } from '../../lambdas/shredder/execute.js';
import { vaultBucketName, vaultRoleArn, type BucketKind, type RoleKind } from '../../contract/naming.js';
import * as scannerFixtures from '../scanner/fixtures.js';
import { PAST, TEST_KEY_POLICY, WALL, createLockedBucket, putUnderKey, vaultConfig } from '../shredder/fixtures.js';
import { TEST_ENV } from '../support/cdk-app.js';
import { MOTO_CREDENTIALS, MOTO_REGION, motoEndpoint, motoEnv } from '../support/moto.js';
import type { Translations } from './moto-names.js';

/** The synthesized stack's vault name (cdk.json): aliases, record keys and role names follow it. */
export const VAULT_NAME = 'shredlock';
/** The stack's bucket of `kind`; flows use these names on moto. */
export const bucket = (kind: BucketKind): string => vaultBucketName(VAULT_NAME, kind, TEST_ENV);
/** The key administrator of the flows: a principal outside the stack (key administration is delegated to IAM). */
export const KEY_ADMIN = 'key-admin';
/** Who runs a flow: a role of the stack, or the key administrator. */
export type FlowRole = RoleKind | typeof KEY_ADMIN;

/** Clients of the scenarios' own setup (and of flows that take clients). */
export interface ScenarioClients {
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly sns: SNSClient;
  readonly sts: STSClient;
}

/** Records `work` as flow `flow` of role `role`. */
export type RecordFlow = <T>(flow: string, role: FlowRole, work: () => Promise<T>) => Promise<T>;

/** One scenario: setup and recorded flows; returns the names its fixtures fix, as the stack's. */
export interface Scenario {
  readonly name: string;
  readonly run: (clients: ScenarioClients, record: RecordFlow) => Promise<Translations | undefined>;
}

/** The stack's shredder role. */
export const SHREDDER_ARN = vaultRoleArn(VAULT_NAME, 'shredder', { ...TEST_ENV, partition: 'aws' });
/** One hour, in milliseconds. */
export const HOUR = 3_600_000;
/** A day after PAST: the clock of the shredder runs (past EPOCH's retention). */
export const NOW = new Date(PAST.getTime() + 27 * HOUR);

/** The vault configuration of the flows: the stack's names, the shredder fixtures' retention. */
export function config(topicArn?: string, extra: { inventoryBucket?: string } = {}) {
  const names = { vaultBucket: bucket('vault'), recordsBucket: bucket('records'), shredderPrincipalArn: SHREDDER_ARN };
  return { ...vaultConfig(VAULT_NAME, { ...names, ...(topicArn ? { topicArn } : {}) }), ...extra };
}

/** Vault and records buckets, topic, EPOCH's key with two versions under it, rotated on to PAST's epoch (rotation recorded or not). */
export async function shreddableVault(c: ScenarioClients, topicArn: string, rotateAtPast: () => Promise<unknown>): Promise<EpochKeyResult> {
  await createLockedBucket(c.s3, bucket('vault'), 'GOVERNANCE');
  await createLockedBucket(c.s3, bucket('records'), 'COMPLIANCE');
  const first = await rotate({ s3: c.s3, kms: c.kms }, config(topicArn), WALL, { policy: TEST_KEY_POLICY });
  const key = first.current as EpochKeyResult;
  for (const name of ['p/one.csv', 'p/two.csv']) await putUnderKey(c.s3, bucket('vault'), name, name, key.keyId);
  await rotateAtPast();
  return key;
}

/** Outcome of `keyId` in a shredder run. */
export function outcomeOf(result: Awaited<ReturnType<typeof executeShred>>, keyId: string): string | undefined {
  return result.actions.find((a) => a.keyId === keyId)?.outcome;
}

/** Throws unless a shredder run ended as the flow needs (a flow that took another path records other calls). */
export function expectOutcome(flow: string, actual: string | undefined, expected: string): void {
  if (actual !== expected) throw new Error(`${flow}: outcome ${actual}, expected ${expected}: the flow did not take the path it records`);
}

/** With the environment of the CLI on moto (and `extra`), shared clients made afresh before and after. */
export async function withCliEnv<T>(extra: Record<string, string>, work: () => Promise<T>): Promise<T> {
  for (const [k, v] of Object.entries({ ...motoEnv(), ...extra })) vi.stubEnv(k, v);
  resetClients();
  try {
    return await work();
  } finally {
    vi.unstubAllEnvs();
    resetClients();
  }
}

/** Credentials of a moto AssumeRole session of `roleName`, as environment variables. */
export async function sessionEnv(sts: STSClient, roleName: string): Promise<Record<string, string>> {
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEST_ENV.account}:role/${roleName}`, RoleSessionName: 'contract' }));
  const c = out.Credentials;
  return { AWS_ACCESS_KEY_ID: String(c?.AccessKeyId), AWS_SECRET_ACCESS_KEY: String(c?.SecretAccessKey), AWS_SESSION_TOKEN: String(c?.SessionToken) };
}

/** A Lambda context good enough for the handlers, with a function's 15 minutes left (deadlines keep a margin). */
export const lambdaContext = (remainingMs = 15 * 60_000) => scannerFixtures.lambdaContext(remainingMs) as unknown as Context;

/** Loads a Lambda handler module afresh (its module scope reads the environment once). */
export async function loadHandler<M extends { handler: unknown }>(load: () => Promise<M>): Promise<M['handler']> {
  vi.resetModules();
  return (await load()).handler;
}

/** Name of the key administrator's role on moto (AssumeRole) and in the world. */
export const KEY_ADMIN_ROLE_NAME = 'KeyAdministrator';

/**
 * Runs `work` with the seal Lambda's handler loaded with `env` (contract/env/seal.ts) on moto, as
 * Lambda invokes it: the handler gives the invocation to the seal, whatever its version records.
 */
export async function withSealLambda<T>(env: Record<string, string>, work: (invoke: (event: object) => Promise<unknown>) => Promise<T>): Promise<T> {
  return withCliEnv({ POWERTOOLS_LOG_LEVEL: 'SILENT', ...env }, async () => {
    const handler = await loadHandler(() => import('../../lambdas/seal/handler.js'));
    const context = { ...lambdaContext(), functionName: 'shredlock-seal', invokedFunctionArn: `arn:aws:lambda:${TEST_ENV.region}:${TEST_ENV.account}:function:shredlock-seal` };
    return work((event) => handler(event, context));
  });
}

/**
 * Creates role `roleName` in moto's IAM (a caller may look its own role up). A plain form POST:
 * this change has no IAM client, and moto routes by the Authorization header's credential scope
 * without checking the signature.
 */
export async function createMotoRole(roleName: string): Promise<void> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ENV.account}:root` }, Action: 'sts:AssumeRole' }] };
  const body = new URLSearchParams({ Action: 'CreateRole', Version: '2010-05-08', RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) });
  const authorization = `AWS4-HMAC-SHA256 Credential=${MOTO_CREDENTIALS.accessKeyId}/20260101/${MOTO_REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`;
  const response = await fetch(`${motoEndpoint()}/`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization } });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto CreateRole ${roleName}: HTTP ${response.status} ${text.slice(0, 200)}`);
}
