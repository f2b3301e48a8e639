/**
 * Test-side helpers for moto: the endpoint the global setup provides, clients pointed at it
 * (dummy credentials, one attempt per call: moto answers 500 for what it does not implement, and
 * the SDK would retry that), the environment the Lambda code reads, and a state reset.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, inject, vi } from 'vitest';
import { createS3Client, resetClients, type ClientSettings } from '../../lambdas/aws/clients.js';
import { encodeMotoVersionListings } from './moto-listing-encoding.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the moto_server started by test/support/global-setup.ts. */
    motoEndpoint: string;
  }
}

/** Region of every moto test. */
export const MOTO_REGION = 'us-east-1';

/** Dummy credentials: moto accepts anything; these make sure no real ones are looked up. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

/** The moto endpoint; fails with a hint when the file runs without the moto global setup. */
export function motoEndpoint(): string {
  const endpoint = inject('motoEndpoint');
  if (!endpoint) {
    throw new Error(
      'No moto endpoint: this file needs test/support/global-setup.ts (run it in the "moto" vitest project).',
    );
  }
  return endpoint;
}

/** Client settings for moto: its endpoint, dummy credentials, one attempt per call. */
export function motoSettings(endpoint: string = motoEndpoint()): ClientSettings {
  return { endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS, maxAttempts: 1, retryMode: 'standard' };
}

/** An S3 client on moto (path-style addressing), whose version listings are URL-encoded as S3's are (moto-listing-encoding.ts). */
export function motoS3(endpoint: string = motoEndpoint()): S3Client {
  return encodeMotoVersionListings(createS3Client(motoSettings(endpoint)));
}

/** Environment that points the Lambda code's shared clients at moto (use with vi.stubEnv). */
export function motoEnv(endpoint: string = motoEndpoint()): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_MAX_ATTEMPTS: '1',
    AWS_REGION: MOTO_REGION,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
  };
}

/**
 * For a test file or describe block: the environment of motoEnv() plus `extra` stubbed and the
 * shared clients forgotten before it (so the Lambda code's clients are made on moto), both undone
 * after it.
 */
export function useMotoEnv(extra: Record<string, string> = {}): void {
  beforeAll(() => {
    for (const [name, value] of Object.entries({ ...motoEnv(), ...extra })) vi.stubEnv(name, value);
    resetClients();
  });
  afterAll(() => {
    resetClients();
    vi.unstubAllEnvs();
  });
}

/** Clears all of moto's state (buckets, keys, everything). */
export async function resetMoto(endpoint: string = motoEndpoint()): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}

/**
 * For a test file: one S3 client on moto (destroyed after the file), and before each test a moto
 * reset followed by `prepare` (buckets, objects).
 */
export function useMotoS3(prepare?: (s3: S3Client) => Promise<unknown>): S3Client {
  const s3 = motoS3();
  afterAll(() => s3.destroy());
  beforeEach(async () => {
    await resetMoto();
    await prepare?.(s3);
  });
  return s3;
}
