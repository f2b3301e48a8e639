import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsConfigError } from '../../lambdas/aws/errors.js';
import { DEFAULT_MAX_ATTEMPTS, clientSettingsFromEnv, createS3Client, resetClients, s3Client } from '../../lambdas/aws/clients.js';

describe('clientSettingsFromEnv', () => {
  it('defaults to the AWS endpoints, 3 attempts, standard retries', () => {
    expect(clientSettingsFromEnv({})).toEqual({ endpoint: undefined, maxAttempts: DEFAULT_MAX_ATTEMPTS, retryMode: 'standard', region: undefined });
    expect(DEFAULT_MAX_ATTEMPTS).toBe(3);
  });

  it('reads endpoint, attempts, retry mode and region', () => {
    // Act
    const settings = clientSettingsFromEnv({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
      AWS_MAX_ATTEMPTS: '1',
      AWS_RETRY_MODE: 'adaptive',
      AWS_REGION: 'cn-north-1',
    });
    // Assess
    expect(settings).toEqual({ endpoint: 'http://127.0.0.1:5000', maxAttempts: 1, retryMode: 'adaptive', region: 'cn-north-1' });
  });

  it.each([
    { variable: 'AWS_MAX_ATTEMPTS', value: '0' },
    { variable: 'AWS_MAX_ATTEMPTS', value: 'three' },
    { variable: 'AWS_ENDPOINT_URL', value: 'localhost:5000' },
    { variable: 'AWS_RETRY_MODE', value: 'legacy' },
  ])('rejects $variable=$value, naming it', ({ variable, value }) => {
    // Act
    const act = () => clientSettingsFromEnv({ [variable]: value });
    // Assess
    expect(act).toThrow(AwsConfigError);
    expect(act).toThrow(new RegExp(`^${variable}=`));
  });
});

describe('createS3Client', () => {
  it('uses path-style addressing with a custom endpoint only', async () => {
    const local = createS3Client({ endpoint: 'http://127.0.0.1:5000', maxAttempts: 1, retryMode: 'standard', region: 'us-east-1' });
    const aws = createS3Client({ maxAttempts: 1, retryMode: 'standard', region: 'us-east-1' });
    expect(local.config.forcePathStyle).toBe(true);
    expect(aws.config.forcePathStyle).toBe(false);
    expect(await local.config.maxAttempts()).toBe(1);
  });
});

describe('s3Client', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetClients();
  });

  it('is created once, from the environment, until reset', async () => {
    // Prepare
    vi.stubEnv('AWS_MAX_ATTEMPTS', '2');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    resetClients();
    // Act
    const first = s3Client();
    // Assess
    expect(s3Client()).toBe(first);
    expect(await first.config.maxAttempts()).toBe(2);
    resetClients();
    expect(s3Client()).not.toBe(first);
  });
});
