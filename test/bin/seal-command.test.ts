import type { S3Client } from '@aws-sdk/client-s3';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerSeal, renderSealTable, renderUnsealTable } from '../../bin/commands/seal.js';
import { UsageError } from '../../bin/errors.js';
import type { SealAndNotifyResult } from '../../lambdas/seal/actions.js';
import { NOTIFICATION_SCHEMA } from '../../lambdas/seal/notification.js';
import { SEAL_SCHEMA, UNSEAL_SCHEMA } from '../../lambdas/seal/records.js';
import type { UnsealResult } from '../../lambdas/seal/unseal.js';
import { captureOutput } from '../support/cli.js';

const PRINCIPAL = 'arn:aws:iam::123456789012:user/alice';
const base = ['--vault-bucket', 'vault-a', '--records-bucket', 'records-a', '--reason', 'INC-42'];

/** An S3 client that must not be called: usage errors are found before any request. */
function untouchable(): { client: () => S3Client; calls: string[] } {
  const calls: string[] = [];
  const client = { send: async (command: object) => void calls.push(command.constructor.name) } as unknown as S3Client;
  return { client: () => client, calls };
}

async function run(argv: string[]): Promise<{ error: unknown; calls: string[]; err: string }> {
  const { client, calls } = untouchable();
  const program = new Command('shredlock').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerSeal(program, { s3: client, caller: async () => PRINCIPAL });
  const { value: error, err } = await captureOutput(() =>
    program.parseAsync(argv, { from: 'user' }).then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
  return { error, calls, err };
}

describe('shredlock seal / unseal options', () => {
  it.each([
    ['seal without --prefix', ['seal', ...base]],
    ['seal with --principal (the caller comes from STS, not a flag)', ['seal', ...base, '--prefix', 'p/', '--principal', PRINCIPAL]],
    ['seal with an unknown --format', ['seal', ...base, '--prefix', 'p/', '--format', 'csv']],
    ['unseal without --incident', ['unseal', ...base]],
  ])('%s is a commander usage error', async (_, argv) => {
    const { error, calls } = await run(argv);
    expect(error).toBeInstanceOf(CommanderError);
    expect(calls).toEqual([]);
  });

  it.each([
    ['a bucket name with capitals', ['seal', ...base, '--prefix', 'p/', '--vault-bucket', 'Vault'], 'vaultBucket:'],
    ['an empty reason', ['unseal', ...base, '--incident', 'INC-42', '--reason', ' '], 'reason:'],
    ['an incident id with a slash', ['unseal', ...base, '--incident', '../x'], 'incidentId:'],
  ])('%s is a UsageError (exit 2) before any S3 call', async (_, argv, field) => {
    const { error, calls } = await run(argv);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(field);
    expect(calls).toEqual([]);
  });
});

const sealed: SealAndNotifyResult = {
  seal: {
    status: 'sealed',
    incidentId: 'INC-42',
    recordKey: 'incidents/INC-42/seal.json',
    record: {
      schema: SEAL_SCHEMA,
      incidentId: 'INC-42',
      revision: 1,
      vaultBucket: 'vault-a',
      prefix: 'p/',
      reason: 'r',
      principal: PRINCIPAL,
      sealedAt: '2026-11-27T06:30:00.000Z',
      manifest: { key: 'incidents/INC-42/manifest.tsv', sha256: 'a'.repeat(64) },
      versions: 4,
      bytes: 2048,
      held: 2,
      heldBefore: [{ versionId: 'v3', keyHash: 'k3' }],
      carried: 0,
      failures: [{ versionId: 'v4', keyHash: 'k4', operation: 'PutObjectLegalHold', code: 'S3_ACCESS_DENIED', awsCode: 'AccessDenied' }],
    },
    failures: [{ versionId: 'v4', keyHash: 'k4', operation: 'PutObjectLegalHold', code: 'S3_ACCESS_DENIED', awsCode: 'AccessDenied' }],
  },
  notification: {
    status: 'written',
    keys: { json: 'incidents/INC-42/notification.json', csv: 'incidents/INC-42/notification.csv' },
    notification: {
      schema: NOTIFICATION_SCHEMA,
      incidentId: 'INC-42',
      vaultBucket: 'vault-a',
      generatedAt: '2026-11-27T06:30:00.000Z',
      engine: '0.1.0',
      manifests: [{ revision: 1, sha256: 'a'.repeat(64) }],
      versions: 4,
      countedTypes: ['cn_resident_id', 'cn_mobile'],
      byType: {
        cn_mobile: { people: 1, identifiers: [{ masked: '138****5678', foundIn: [{ keyHash: 'k1', versionId: 'v1' }] }] },
        cn_resident_id: { people: 2, identifiers: [] },
      },
      unreadable: [{ keyHash: 'k2', versionId: 'v2', code: 'CORRUPT', message: 'corrupt', partial: true }],
    },
  },
};

describe('renderSealTable', () => {
  it('shows the counts, the people per type, the unreadable and the failed versions by id', () => {
    const text = renderSealTable(sealed, 'records-a');
    expect(text).toContain('incident      INC-42: sealed');
    expect(text).toContain('versions      4 under the prefix, 2.0 KiB');
    expect(text).toContain('holds         2 held, 1 held before the seal (left as they are), 0 sealed by an earlier revision, 1 NOT held');
    expect(text).toMatch(/ {2}TYPE {12}PEOPLE\n {2}cn_resident_id {2}2\n {2}cn_mobile {7}1\n/);
    expect(text).toContain('s3://records-a/incidents/INC-42/notification.csv');
    expect(text).toContain('v2  CORRUPT (partly read, counted)');
    expect(text).toContain('NOT HELD      1 version(s); run seal again with --incident INC-42 to retry:');
    expect(text).toContain('v4  S3_ACCESS_DENIED (PutObjectLegalHold AccessDenied)');
    // Masked identifiers stay in the records bucket
    expect(text).not.toContain('138****5678');
  });

  it('says when the notification list could not be written', () => {
    const text = renderSealTable({ ...sealed, notification: { error: { code: 'S3_ACCESS_DENIED', message: 'S3 PutObject failed' } } }, 'records-a');
    expect(text).toContain('notification  NOT written: S3_ACCESS_DENIED: S3 PutObject failed');
    expect(text).toContain('run seal again with --incident INC-42');
  });
});

describe('renderUnsealTable', () => {
  const unsealed: UnsealResult = {
    status: 'unsealed',
    incidentId: 'INC-42',
    recordKey: 'incidents/INC-42/unseal.json',
    record: {
      schema: UNSEAL_SCHEMA,
      incidentId: 'INC-42',
      revision: 1,
      vaultBucket: 'vault-a',
      reason: 'closed',
      principal: PRINCIPAL,
      unsealedAt: '2026-12-01T00:00:00.000Z',
      sealRevisions: [1],
      versions: 3,
      released: 2,
      alreadyReleased: 0,
      heldBefore: 1,
      kept: [{ versionId: 'v9', keyHash: 'k9', incidents: ['INC-7'] }],
      failures: [],
    },
    failures: [],
  };

  it('shows released, kept (with the incident holding them) and held-before counts', () => {
    const text = renderUnsealTable(unsealed, 'records-a');
    expect(text).toContain('2 released, 0 released earlier, 1 kept for other open incidents, 0 NOT released; 1 held before the seal (left held)');
    expect(text).toContain('kept        v9  held by INC-7');
    expect(text).toContain('s3://records-a/incidents/INC-42/unseal.json');
  });
});
