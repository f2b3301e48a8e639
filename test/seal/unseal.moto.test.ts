import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { isSealError } from '../../lambdas/seal/errors.js';
import { parseUnsealRecord } from '../../lambdas/seal/records.js';
import { sealPrefix } from '../../lambdas/seal/seal.js';
import { unsealIncident } from '../../lambdas/seal/unseal.js';
import { refuseVersion } from '../scanner/fixtures.js';
import { motoS3 } from '../support/moto.js';
import {
  NOW,
  PREFIX,
  PRINCIPAL,
  RECORDS,
  REASON,
  VAULT,
  allVersions,
  deleteVersionStatus,
  holdOf,
  putVersion,
  setHold,
  textOf,
  useLeakedVault,
} from './fixtures.js';

const { s3, leak } = useLeakedVault();

const LATER = new Date('2026-12-01T09:00:00.000Z');
const UNSEAL_REASON = 'INC-42 closed: legal confirmed no claim';
const LEGAL = 'arn:aws:iam::123456789012:user/legal-bob';

const seal = (incidentId = 'INC-42', prefix = PREFIX) =>
  sealPrefix({ s3 }, { vaultBucket: VAULT, recordsBucket: RECORDS, prefix, reason: REASON, principal: PRINCIPAL, incidentId, now: NOW });
const unseal = (incidentId = 'INC-42', client = s3) =>
  unsealIncident(
    { s3: client },
    { vaultBucket: VAULT, recordsBucket: RECORDS, incidentId, reason: UNSEAL_REASON, principal: LEGAL, now: LATER },
  );

describe('unsealIncident', () => {
  it("releases exactly the manifest's versions; a version written after sealing stays as it was", async () => {
    // Prepare: seal, then two new versions under the prefix: one plain, one held by someone else
    await seal();
    const plain = await putVersion(s3, VAULT, `${PREFIX}after.txt`, 'after the seal\n');
    const heldElsewhere = await putVersion(s3, VAULT, `${PREFIX}after-held.txt`, 'after the seal, held\n');
    await setHold(s3, VAULT, `${PREFIX}after-held.txt`, heldElsewhere, true);
    // Act
    const result = await unseal();
    // Assess
    expect(result).toMatchObject({ status: 'unsealed', recordKey: 'incidents/INC-42/unseal.json', failures: [] });
    for (const v of leak.sealed) expect(await holdOf(s3, VAULT, v.key, v.versionId)).toBe('OFF');
    expect(await holdOf(s3, VAULT, `${PREFIX}after.txt`, plain)).toBeUndefined();
    expect(await holdOf(s3, VAULT, `${PREFIX}after-held.txt`, heldElsewhere)).toBe('ON');
    expect(await deleteVersionStatus(s3, VAULT, leak.sealed[0].key, leak.sealed[0].versionId)).toBe(204);
  });

  it('records who, when, why and the counts', async () => {
    // Prepare
    await seal();
    // Act
    await unseal();
    // Assess
    const record = parseUnsealRecord(JSON.parse(await textOf(s3, RECORDS, 'incidents/INC-42/unseal.json')), 'INC-42', 'unseal.json');
    expect(record).toEqual({
      schema: 'shredlock.unseal/1',
      incidentId: 'INC-42',
      revision: 1,
      vaultBucket: VAULT,
      reason: UNSEAL_REASON,
      principal: LEGAL,
      unsealedAt: LATER.toISOString(),
      sealRevisions: [1],
      versions: leak.sealed.length,
      released: leak.sealed.length,
      alreadyReleased: 0,
      heldBefore: 0,
      kept: [],
      failures: [],
    });
  });

  it('leaves a hold placed before the seal in place', async () => {
    // Prepare
    const foreign = leak.sealed[1];
    await setHold(s3, VAULT, foreign.key, foreign.versionId, true);
    await seal();
    // Act
    const result = await unseal();
    // Assess
    expect(result.record).toMatchObject({ versions: leak.sealed.length - 1, released: leak.sealed.length - 1, heldBefore: 1 });
    expect(await holdOf(s3, VAULT, foreign.key, foreign.versionId)).toBe('ON');
  });

  it('keeps the versions another open incident holds, and releases them when that one unseals', async () => {
    // Prepare: INC-1 seals the whole leak folder, INC-42 the 2026 part of it
    await seal('INC-1', 'leak/');
    await seal('INC-42');
    const other = leak.versions.find((v) => v.key.startsWith('leak/2027/'))!;
    // Act
    const first = await unseal('INC-1');
    // Assess: INC-42 still holds its versions; the rest of INC-1's are released
    expect(first.record).toMatchObject({ released: 1, kept: leak.sealed.map(() => expect.objectContaining({ incidents: ['INC-42'] })) });
    for (const v of leak.sealed) expect(await holdOf(s3, VAULT, v.key, v.versionId)).toBe('ON');
    expect(await holdOf(s3, VAULT, other.key, other.versionId)).toBe('OFF');
    // Act
    const second = await unseal('INC-42');
    // Assess: INC-1 is closed, so nothing holds them any more
    expect(second.record).toMatchObject({ released: leak.sealed.length, kept: [] });
    for (const v of leak.sealed) expect(await holdOf(s3, VAULT, v.key, v.versionId)).toBe('OFF');
  });

  it('is idempotent: a second run releases nothing and writes nothing', async () => {
    // Prepare
    await seal();
    await unseal();
    const before = await allVersions(s3, RECORDS);
    // Act
    const again = await unseal();
    // Assess
    expect(again).toMatchObject({ status: 'unchanged', recordKey: 'incidents/INC-42/unseal.json', failures: [] });
    expect(await allVersions(s3, RECORDS)).toEqual(before);
  });

  it('reports a version it could not release, and releases it on the next run in a second record', async () => {
    // Prepare
    await seal();
    const refused = leak.sealed[3];
    const client = motoS3();
    refuseVersion(client, { commandName: 'PutObjectLegalHoldCommand', versionId: refused.versionId, name: 'AccessDenied', status: 403, key: refused.key });
    // Act
    const first = await unseal('INC-42', client);
    // Assess
    expect(first.failures).toEqual([expect.objectContaining({ versionId: refused.versionId, code: 'S3_ACCESS_DENIED', operation: 'PutObjectLegalHold' })]);
    expect(first.record.released).toBe(leak.sealed.length - 1);
    expect(await holdOf(s3, VAULT, refused.key, refused.versionId)).toBe('ON');
    // Act
    const second = await unseal();
    // Assess
    expect(second).toMatchObject({ status: 'unsealed', recordKey: 'incidents/INC-42/unseal-2.json', failures: [] });
    expect(second.record).toMatchObject({ revision: 2, released: 1, alreadyReleased: leak.sealed.length - 1 });
    expect(await holdOf(s3, VAULT, refused.key, refused.versionId)).toBe('OFF');
    client.destroy();
  });

  it('refuses to seal an unsealed incident again', async () => {
    // Prepare
    await seal();
    await unseal();
    // Act / Assess
    const error = await seal().catch((e: unknown) => e);
    expect(isSealError(error) && error.code).toBe('INCIDENT_CLOSED');
  });

  it('refuses a manifest whose SHA-256 differs from the record, and releases nothing', async () => {
    // Prepare: a record that points at a manifest with other content (unversioned read)
    await seal();
    const record = JSON.parse(await textOf(s3, RECORDS, 'incidents/INC-42/seal.json')) as { manifest: { versionId?: string; sha256: string } };
    record.manifest.sha256 = '0'.repeat(64);
    await s3.send(new PutObjectCommand({ Bucket: RECORDS, Key: 'incidents/INC-42/seal.json', Body: JSON.stringify(record) }));
    // Act
    const error = await unseal().catch((e: unknown) => e);
    // Assess
    expect(isSealError(error) && error.code).toBe('MANIFEST_MISMATCH');
    for (const v of leak.sealed) expect(await holdOf(s3, VAULT, v.key, v.versionId)).toBe('ON');
  });

  it.each([
    ['an incident never sealed', 'INC-404', VAULT, 'INCIDENT_NOT_FOUND'],
    ['another vault bucket', 'INC-42', 'vault-other', 'INCIDENT_CONFLICT'],
  ])('refuses %s', async (_, incidentId, vaultBucket, code) => {
    // Prepare
    await seal();
    // Act
    const error = await unsealIncident(
      { s3 },
      { vaultBucket, recordsBucket: RECORDS, incidentId, reason: UNSEAL_REASON, principal: LEGAL, now: LATER },
    ).catch((e: unknown) => e);
    // Assess
    expect(isSealError(error) && error.code).toBe(code);
  });
});

describe('four eyes', () => {
  it.each([
    ['the sealer itself', PRINCIPAL],
    ['another session of the sealer role', 'arn:aws:sts::123456789012:assumed-role/IncidentResponder/carol'],
  ])('refuses an unseal by %s (UNSEAL_BY_SEALER), leaving every hold on', async (_who, principal) => {
    await sealPrefix({ s3 }, { vaultBucket: VAULT, recordsBucket: RECORDS, prefix: PREFIX, reason: REASON, principal: PRINCIPAL, incidentId: 'INC-4E', now: NOW });
    const attempt = unsealIncident({ s3 }, { vaultBucket: VAULT, recordsBucket: RECORDS, incidentId: 'INC-4E', reason: 'closed', principal, now: NOW });
    await expect(attempt).rejects.toMatchObject({ code: 'UNSEAL_BY_SEALER' });
    for (const v of leak.sealed) expect(await holdOf(s3, VAULT, v.key, v.versionId)).toBe('ON');
  });

  it('still refuses the CLI sealer when a later revision was sealed through the Lambda, and lists that revision for the auditor', async () => {
    // Prepare: revision 1 by PRINCIPAL (CLI), revision 2 through the Lambda (a new version under the prefix)
    const base = { vaultBucket: VAULT, recordsBucket: RECORDS, prefix: PREFIX, reason: REASON, incidentId: 'INC-4F', now: NOW };
    await sealPrefix({ s3 }, { ...base, principal: PRINCIPAL });
    await putVersion(s3, VAULT, `${PREFIX}later.txt`, 'written after revision 1\n');
    const invocation = { requestId: 'feedface-0000-4000-8000-000000000002', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:acme-seal' };
    await sealPrefix({ s3 }, { ...base, invocation, claimedPrincipal: LEGAL });
    // Act
    const bySealer = unsealIncident({ s3 }, { recordsBucket: RECORDS, incidentId: 'INC-4F', reason: 'closed', principal: PRINCIPAL, now: LATER });
    // Assess: the CLI sealer is refused; the claim (LEGAL) does not stop LEGAL, it is not an identity
    await expect(bySealer).rejects.toMatchObject({ code: 'UNSEAL_BY_SEALER' });
    const out = await unsealIncident({ s3 }, { recordsBucket: RECORDS, incidentId: 'INC-4F', reason: 'closed', principal: LEGAL, now: LATER });
    expect(out.record.unverifiedSeals).toEqual([{ revision: 2, ...invocation }]);
  });
});
