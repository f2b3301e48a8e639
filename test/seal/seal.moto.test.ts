import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../lambdas/seal/manifest.js';
import { parseSealRecord, type SealRecord } from '../../lambdas/seal/records.js';
import { sealPrefix } from '../../lambdas/seal/seal.js';
import { isSealError } from '../../lambdas/seal/errors.js';
import { refuseVersion } from '../scanner/fixtures.js';
import { motoS3 } from '../support/moto.js';
import {
  NOW,
  PREFIX,
  PRINCIPAL,
  REASON,
  RECORDS,
  VAULT,
  allVersions,
  createVersionedBucket,
  deleteVersionStatus,
  holdOf,
  putVersion,
  setHold,
  textOf,
  useLeakedVault,
} from './fixtures.js';

const { s3, leak } = useLeakedVault();

const request = (overrides: Partial<Parameters<typeof sealPrefix>[1]> = {}) => ({
  vaultBucket: VAULT,
  recordsBucket: RECORDS,
  prefix: PREFIX,
  reason: REASON,
  principal: PRINCIPAL,
  incidentId: 'INC-42',
  now: NOW,
  ...overrides,
});

async function recordAt(key: string): Promise<SealRecord> {
  return parseSealRecord(JSON.parse(await textOf(s3, RECORDS, key)), 'INC-42', key);
}

/** Counts the requests of one command a client sends. */
function countCalls(client: typeof s3, commandName: string): { count: number } {
  const counter = { count: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === commandName) counter.count++;
      return next(args);
    },
    { step: 'initialize', name: `count-${commandName}-${Math.random()}` },
  );
  return counter;
}

describe('sealPrefix', () => {
  it('holds every version under the prefix and none outside it; a held version cannot be deleted', async () => {
    // Act: two versions per listing page
    const result = await sealPrefix({ s3 }, request(), { pageSize: 2 });
    // Assess
    expect(result).toMatchObject({ status: 'sealed', incidentId: 'INC-42', recordKey: 'incidents/INC-42/seal.json', failures: [] });
    for (const v of leak.versions) {
      expect(await holdOf(s3, VAULT, v.key, v.versionId), `${v.key} ${v.inPrefix ? 'in' : 'outside'} the prefix`).toBe(
        v.inPrefix ? 'ON' : undefined,
      );
    }
    const held = leak.sealed[0];
    expect(await deleteVersionStatus(s3, VAULT, held.key, held.versionId)).toBe(403);
    const outside = leak.versions.find((v) => !v.inPrefix)!;
    expect(await deleteVersionStatus(s3, VAULT, outside.key, outside.versionId)).toBe(204);
  });

  it('records who, when, why, the counts and the SHA-256 of a manifest that can be recomputed', async () => {
    // Act
    await sealPrefix({ s3 }, request());
    // Assess: the record
    const record = await recordAt('incidents/INC-42/seal.json');
    const listed = (await allVersions(s3, VAULT)).filter((v) => v.key.startsWith(PREFIX));
    expect(record).toMatchObject({
      schema: 'shredlock.seal/1',
      incidentId: 'INC-42',
      revision: 1,
      vaultBucket: VAULT,
      prefix: PREFIX,
      reason: REASON,
      principal: PRINCIPAL,
      sealedAt: NOW.toISOString(),
      versions: leak.sealed.length,
      bytes: listed.reduce((n, v) => n + v.size, 0),
      held: leak.sealed.length,
      heldBefore: [],
      carried: 0,
      failures: [],
    });
    expect(record.manifest.key).toBe('incidents/INC-42/manifest.tsv');
    // Assess: the manifest, rebuilt from our own listing, hashes to the recorded value
    const expected = listed
      .map((v) => `${v.key}\t${v.versionId}\t${v.etag}\n`)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .join('');
    const manifest = await textOf(s3, RECORDS, record.manifest.key, record.manifest.versionId);
    expect(manifest).toBe(expected);
    expect(createHash('sha256').update(expected).digest('hex')).toBe(record.manifest.sha256);
    expect(parseManifest(manifest)?.map((e) => e.versionId).sort()).toEqual(leak.sealed.map((v) => v.versionId).sort());
  });

  it('is idempotent: a second run holds nothing again and writes nothing', async () => {
    // Prepare
    await sealPrefix({ s3 }, request());
    const before = await allVersions(s3, RECORDS);
    const client = motoS3();
    const puts = countCalls(client, 'PutObjectLegalHoldCommand');
    // Act
    const again = await sealPrefix({ s3: client }, request({ reason: 'same incident, run twice' }));
    // Assess
    expect(again).toMatchObject({ status: 'unchanged', recordKey: 'incidents/INC-42/seal.json', failures: [] });
    expect(again.record.reason).toBe(REASON);
    expect(puts.count).toBe(0);
    expect(await allVersions(s3, RECORDS)).toEqual(before);
    client.destroy();
  });

  it('seals versions written after the first run in a second revision, touching only those', async () => {
    // Prepare
    await sealPrefix({ s3 }, request());
    const late = await putVersion(s3, VAULT, `${PREFIX}late.txt`, 'written after the seal\n');
    const client = motoS3();
    const puts = countCalls(client, 'PutObjectLegalHoldCommand');
    // Act
    const again = await sealPrefix({ s3: client }, request({ now: new Date('2026-11-28T00:00:00Z') }));
    // Assess
    expect(again).toMatchObject({ status: 'resealed', recordKey: 'incidents/INC-42/seal-2.json' });
    expect(again.record).toMatchObject({ revision: 2, versions: leak.sealed.length + 1, held: 1, carried: leak.sealed.length });
    expect(again.record.manifest.key).toBe('incidents/INC-42/manifest-2.tsv');
    expect(puts.count).toBe(1);
    expect(await holdOf(s3, VAULT, `${PREFIX}late.txt`, late)).toBe('ON');
    expect((await recordAt('incidents/INC-42/seal.json')).versions).toBe(leak.sealed.length);
    client.destroy();
  });

  it('reports a version it could not hold, does not count it as held, and retries it on the next run', async () => {
    // Prepare: S3 refuses the hold of one version (the message names the key, as S3's does)
    const refused = leak.sealed[2];
    const client = motoS3();
    refuseVersion(client, { commandName: 'PutObjectLegalHoldCommand', versionId: refused.versionId, name: 'AccessDenied', status: 403, key: refused.key });
    // Act
    const first = await sealPrefix({ s3: client }, request());
    // Assess
    expect(first.record.held).toBe(leak.sealed.length - 1);
    expect(first.failures).toEqual([
      { versionId: refused.versionId, keyHash: expect.stringMatching(/^[0-9a-f]{12}$/), operation: 'PutObjectLegalHold', code: 'S3_ACCESS_DENIED', awsCode: 'AccessDenied' },
    ]);
    expect(await holdOf(s3, VAULT, refused.key, refused.versionId)).toBeUndefined();
    expect(JSON.stringify(first.record)).not.toContain(refused.key);
    // Act: the next run, without the refusal
    const retry = await sealPrefix({ s3 }, request());
    // Assess
    expect(retry).toMatchObject({ status: 'resealed', failures: [], record: { revision: 2, held: 1, carried: leak.sealed.length - 1 } });
    expect(await holdOf(s3, VAULT, refused.key, refused.versionId)).toBe('ON');
    client.destroy();
  });

  it('resumes a run interrupted before its record: the holds it placed are its own, not heldBefore', async () => {
    // Prepare: a run that places its holds, then cannot write its seal record (a Lambda time-out, say)
    const client = motoS3();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand' && (args.input as { Key?: string }).Key === 'incidents/INC-42/seal.json') {
          throw Object.assign(new Error('timed out'), { name: 'TimeoutError' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'no-record' },
    );
    await expect(sealPrefix({ s3: client }, request())).rejects.toMatchObject({ code: 'S3_FAILED' });
    for (const v of leak.sealed) expect(await holdOf(s3, VAULT, v.key, v.versionId)).toBe('ON');
    // Act
    const resumed = await sealPrefix({ s3 }, request());
    // Assess
    expect(resumed).toMatchObject({ status: 'sealed', recordKey: 'incidents/INC-42/seal.json' });
    expect(resumed.record).toMatchObject({ held: leak.sealed.length, heldBefore: [], failures: [] });
    const intent = JSON.parse(await textOf(s3, RECORDS, 'incidents/INC-42/intent.json')) as { off: string[] };
    expect(intent.off).toEqual(leak.sealed.map((v) => v.versionId).sort());
    client.destroy();
  });

  it('reports every version of a bucket without Object Lock as not held', async () => {
    // Prepare
    await createVersionedBucket(s3, 'vault-unlocked');
    const ids = [await putVersion(s3, 'vault-unlocked', 'p/a.txt', 'a'), await putVersion(s3, 'vault-unlocked', 'p/a.txt', 'b')];
    // Act
    const result = await sealPrefix({ s3 }, request({ vaultBucket: 'vault-unlocked', prefix: 'p/', incidentId: 'INC-7' }));
    // Assess
    expect(result.record).toMatchObject({ versions: 2, held: 0, heldBefore: [] });
    expect(result.failures.map((f) => [f.versionId, f.code, f.awsCode]).sort()).toEqual(
      ids.map((id) => [id, 'S3_INVALID_REQUEST', 'InvalidRequest']).sort(),
    );
  });

  it('records a version held before the seal as heldBefore, without touching it', async () => {
    // Prepare
    const foreign = leak.sealed[0];
    await setHold(s3, VAULT, foreign.key, foreign.versionId, true);
    // Act
    const result = await sealPrefix({ s3 }, request());
    // Assess
    expect(result.record.held).toBe(leak.sealed.length - 1);
    expect(result.record.heldBefore).toEqual([{ versionId: foreign.versionId, keyHash: expect.any(String) }]);
  });

  it('counts a version already held by another open incident as its own hold', async () => {
    // Prepare: INC-1 seals the whole leak folder first
    await sealPrefix({ s3 }, request({ incidentId: 'INC-1', prefix: 'leak/' }));
    // Act
    const result = await sealPrefix({ s3 }, request());
    // Assess
    expect(result.record).toMatchObject({ held: leak.sealed.length, heldBefore: [], failures: [] });
  });

  it.each([
    ['another prefix', { prefix: 'leak/' }, 'INCIDENT_CONFLICT'],
    ['another vault bucket', { vaultBucket: 'vault-other' }, 'INCIDENT_CONFLICT'],
  ])('refuses to reuse an incident id for %s', async (_, overrides, code) => {
    // Prepare
    await sealPrefix({ s3 }, request());
    // Act / Assess
    const error = await sealPrefix({ s3 }, request(overrides)).catch((e: unknown) => e);
    expect(isSealError(error) && error.code).toBe(code);
    expect(String(error)).toContain('INC-42');
    expect(String(error)).not.toContain(PREFIX);
  });

  it('makes a new incident id when none is given', async () => {
    // Act
    const result = await sealPrefix({ s3 }, request({ incidentId: undefined }));
    // Assess
    expect(result.incidentId).toMatch(/^INC-20261127T063000Z-[0-9a-f]{6}$/);
    expect(result.recordKey).toBe(`incidents/${result.incidentId}/seal.json`);
  });

  it.each([
    ['a principal that is not an ARN', { principal: 'alice' }, 'principal'],
    ['an empty reason', { reason: '  ' }, 'reason'],
    ['an empty prefix', { prefix: '' }, 'prefix'],
    ['an incident id with a slash', { incidentId: 'INC/1' }, 'incidentId'],
    ['a bucket name with capitals', { vaultBucket: 'Vault' }, 'vaultBucket'],
  ])('rejects %s before any S3 call', async (_, overrides, field) => {
    // Prepare
    const client = motoS3();
    const lists = countCalls(client, 'ListObjectsV2Command');
    // Act
    const error = await sealPrefix({ s3: client }, request(overrides)).catch((e: unknown) => e);
    // Assess
    expect(isSealError(error) && error.code).toBe('INVALID_REQUEST');
    expect(String(error)).toContain(`${field}:`);
    expect(lists.count).toBe(0);
    client.destroy();
  });
});
