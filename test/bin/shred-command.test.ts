import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerKeys } from '../../bin/commands/keys.js';
import { parseNow, registerShred } from '../../bin/commands/shred.js';
import { resetClients } from '../../lambdas/aws/clients.js';
import { isAwsEndpoint } from '../../lambdas/aws/endpoint.js';
import { runCli } from '../support/cli.js';

// These cases all stop before any AWS call, but one: the endpoint is a closed port, so a call
// fails rather than reach AWS.

const VAULT = ['--vault', 'acme', '--vault-bucket', 'acme-vault', '--records-bucket', 'acme-records'];
const PRINCIPAL = ['--principal', 'arn:aws:iam::123456789012:role/shredlock/acme-shredder'];
/** Runs `shred` or `keys` on a program of their own, as bin/shredlock.ts runs them. */
const shredlock = (argv: string[]) => runCli(argv, registerShred, registerKeys);

beforeEach(() => {
  vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
  vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
  resetClients();
});
afterEach(() => {
  vi.unstubAllEnvs();
  resetClients();
});

describe('shredlock shred (usage)', () => {
  it.each([
    { what: 'without --principal while approval is required', argv: [...VAULT], message: '--principal' },
    { what: 'with --plan and --execute', argv: [...VAULT, ...PRINCIPAL, '--plan', '--execute'], message: 'cannot be used with' },
    { what: 'with a --now that is not a time', argv: [...VAULT, ...PRINCIPAL, '--now', 'tomorrow'], message: '--now "tomorrow"' },
    { what: 'with a --now without a zone', argv: [...VAULT, ...PRINCIPAL, '--now', '2034-01-01T00:00:00'], message: '--now' },
    { what: 'with a deletion window under 7 days', argv: [...VAULT, ...PRINCIPAL, '--deletion-window-days', '3'], message: '--deletion-window-days="3"' },
    { what: 'with a bad vault name', argv: ['--vault', 'Acme!', '--vault-bucket', 'b-b-b', '--records-bucket', 'r-r-r', ...PRINCIPAL], message: '--vault="Acme!"' },
    { what: 'without the buckets', argv: ['--vault', 'acme', ...PRINCIPAL], message: '--vault-bucket' },
    {
      what: 'executing with a future --now and no --drill',
      argv: [...VAULT, ...PRINCIPAL, '--execute', '--now', '2099-01-01T00:00:00Z'],
      message: '--drill',
    },
  ])('exits 2 $what', async ({ argv, message }) => {
    const { code, err } = await shredlock(['shred', ...argv]);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('reports an unreachable endpoint as exit 1 with a message', async () => {
    const { code, err } = await shredlock(['shred', ...VAULT, ...PRINCIPAL, '--plan']);
    expect(code).toBe(1);
    expect(err).toContain('shredlock: S3 GetBucketEncryption failed');
  });
});

describe('shredlock keys (usage)', () => {
  it.each([
    { argv: ['keys', 'approve', '--vault', 'acme', '--epoch', '2026-13'], message: '--epoch' },
    { argv: ['keys', 'approve', '--vault', 'acme', '--epoch', '2026-11', '--principal', 'arn:aws:iam::123456789012:role/a'], message: "unknown option '--principal'" },
    { argv: ['keys', 'list', '--vault', 'A'], message: '--vault "A"' },
    { argv: ['keys', 'rotate', ...VAULT, '--first-epoch', '2026-11'], message: '--retention-days' },
    { argv: ['keys', 'rotate', ...VAULT, '--first-epoch', '2026-11', '--retention-days', '0'], message: '--retention-days="0"' },
  ])('exits 2 for $argv', async ({ argv, message }) => {
    const { code, err } = await shredlock(argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});

describe('parseNow', () => {
  it('uses the real clock unless told', () => {
    expect(parseNow(undefined).overridden).toBe(false);
    expect(parseNow('2034-01-01T00:00:00Z')).toEqual({ now: new Date('2034-01-01T00:00:00Z'), overridden: true });
    expect(parseNow('2034-01-01').now.toISOString()).toBe('2034-01-01T00:00:00.000Z');
    expect(parseNow('2034-01-01T08:00:00+08:00').now.toISOString()).toBe('2034-01-01T00:00:00.000Z');
  });
});

describe('drills and clock overrides only against a test endpoint', () => {
  it.each([
    { endpoint: '', argv: ['shred', ...VAULT, ...PRINCIPAL, '--execute', '--drill', '--now', '2099-01-01T00:00:00Z'], message: '--drill is only allowed against a test endpoint' },
    { endpoint: 'https://kms.us-east-1.amazonaws.com', argv: ['shred', ...VAULT, ...PRINCIPAL, '--plan', '--drill'], message: '--drill is only allowed' },
    { endpoint: 'https://s3.cn-north-1.amazonaws.com.cn', argv: ['shred', ...VAULT, ...PRINCIPAL, '--execute', '--drill', '--now', '2099-01-01T00:00:00Z'], message: 'test endpoint' },
    {
      endpoint: '',
      argv: ['keys', 'rotate', ...VAULT, '--first-epoch', '2026-11', '--retention-days', '30', '--now', '2099-01-01T00:00:00Z'],
      message: 'keys rotate --now away from the real clock is only allowed against a test endpoint',
    },
    { endpoint: '', argv: ['keys', 'approve', '--vault', 'acme', '--epoch', '2026-11', '--now', '2099-01-01T00:00:00Z'], message: 'keys approve --now away from the real clock' },
  ])('exits 2 with AWS_ENDPOINT_URL=$endpoint: $argv.1 $argv.2', async ({ endpoint, argv, message }) => {
    vi.stubEnv('AWS_ENDPOINT_URL', endpoint);
    resetClients();
    const { code, err } = await shredlock(argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('lets a drill reach a test endpoint (here a closed port: the call fails, exit 1)', async () => {
    const { code, err } = await shredlock(['shred', ...VAULT, ...PRINCIPAL, '--execute', '--drill', '--now', '2099-01-01T00:00:00Z']);
    expect(code).toBe(1);
    expect(err).toContain('shredlock: S3 GetBucketEncryption failed');
  });
});

describe('isAwsEndpoint', () => {
  it.each([
    ['https://s3.us-east-1.amazonaws.com', true],
    ['https://kms.cn-north-1.amazonaws.com.cn', true],
    ['https://s3.dualstack.eu-west-1.api.aws', true],
    ['https://amazonaws.com', true],
    ['not a url', true],
    ['http://127.0.0.1:5000', false],
    ['http://localhost:4566', false],
    ['https://amazonaws.com.example.org', false],
  ])('%s -> %s', (url, expected) => {
    expect(isAwsEndpoint(url)).toBe(expected);
  });
});
