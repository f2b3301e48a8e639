import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import { S3Error } from '../../lambdas/aws/errors.js';
import { scanObjectVersion } from '../../lambdas/scanner/scan-object.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { motoS3, useMotoS3 } from '../support/moto.js';
import { CORRUPT_ZIP, PUBLIC_TEXT, bodyOf, createVault, customerCsv, foreignTags, putVersion, refuseVersion, setTags, tagsOf } from './fixtures.js';

const VAULT = 'vault-scan-object';
const now = () => new Date('2026-11-27T08:00:00Z');
const s3 = useMotoS3((client) => createVault(client, VAULT, 'COMPLIANCE'));

describe('scanObjectVersion', () => {
  it('tags each version of one key by its own content', async () => {
    // Prepare: a public first version, then one with synthetic identifiers, under the same key
    const key = 'exports/customers.csv';
    const v1 = await putVersion(s3, VAULT, key, PUBLIC_TEXT);
    const v2 = await putVersion(s3, VAULT, key, customerCsv('versions').csv);
    // Act
    const r1 = await scanObjectVersion(s3, { bucket: VAULT, key, versionId: v1 }, { apply: true, now });
    const r2 = await scanObjectVersion(s3, { bucket: VAULT, key, versionId: v2 }, { apply: true, now });
    // Assess
    expect(r1.report.sensitivity).toBe('public');
    expect(r2.report.sensitivity).toBe('confidential');
    expect(await tagsOf(s3, VAULT, key, v1)).toEqual({
      [TAG_KEYS.sensitivity]: 'public',
      [TAG_KEYS.engine]: ENGINE_VERSION,
      [TAG_KEYS.types]: 'none',
      [TAG_KEYS.scanned]: '2026-11-27',
    });
    expect(await tagsOf(s3, VAULT, key, v2)).toEqual({
      [TAG_KEYS.sensitivity]: 'confidential',
      [TAG_KEYS.engine]: ENGINE_VERSION,
      [TAG_KEYS.types]: 'cn_resident_id+cn_mobile',
      [TAG_KEYS.scanned]: '2026-11-27',
    });
    expect(r2.tagging).toMatchObject({ outcome: 'complete', applied: true });
  });

  it('keeps the tags of other systems', async () => {
    // Prepare
    const key = 'exports/tagged.csv';
    const versionId = await putVersion(s3, VAULT, key, customerCsv('foreign').csv);
    await setTags(s3, VAULT, key, versionId, [{ Key: 'cost-center', Value: 'cc-42' }, { Key: 'retention:class', Value: 'b' }]);
    // Act
    await scanObjectVersion(s3, { bucket: VAULT, key, versionId }, { apply: true, now });
    // Assess
    const tags = await tagsOf(s3, VAULT, key, versionId);
    expect(tags).toMatchObject({ 'cost-center': 'cc-42', 'retention:class': 'b', [TAG_KEYS.sensitivity]: 'confidential' });
    expect(Object.keys(tags)).toHaveLength(6);
  });

  it.each([
    { foreign: 7, outcome: 'partial', ours: [TAG_KEYS.sensitivity, TAG_KEYS.engine, TAG_KEYS.types], applied: true },
    { foreign: 9, outcome: 'partial', ours: [TAG_KEYS.sensitivity], applied: true },
    { foreign: 10, outcome: 'skipped', ours: [], applied: false },
  ])('respects the 10-tag limit: $foreign foreign tags -> $outcome', async ({ foreign, outcome, ours, applied }) => {
    // Prepare
    const key = `crowded-${foreign}.csv`;
    const versionId = await putVersion(s3, VAULT, key, customerCsv('crowded').csv);
    await setTags(s3, VAULT, key, versionId, foreignTags(foreign));
    // Act
    const result = await scanObjectVersion(s3, { bucket: VAULT, key, versionId }, { apply: true, now });
    // Assess
    expect(result.tagging).toMatchObject({ outcome, applied, written: ours });
    const tags = await tagsOf(s3, VAULT, key, versionId);
    expect(Object.keys(tags).filter((k) => k.startsWith('team:'))).toHaveLength(foreign);
    expect(Object.keys(tags).filter((k) => k.startsWith('shredlock:')).sort()).toEqual([...ours].sort());
  });

  it('tags an unreadable object failed, never public', async () => {
    // Prepare
    const key = 'archives/broken.zip';
    const versionId = await putVersion(s3, VAULT, key, CORRUPT_ZIP);
    // Act
    const result = await scanObjectVersion(s3, { bucket: VAULT, key, versionId }, { apply: true, now });
    // Assess
    expect(result.report.sensitivity).toBe('failed');
    expect(result.report.error?.code).toBe('CORRUPT');
    expect((await tagsOf(s3, VAULT, key, versionId))[TAG_KEYS.sensitivity]).toBe('failed');
  });

  it('tags a version it may not read failed, and says why without naming the key', async () => {
    // Prepare: GetObject refused, as when the version's KMS key is disabled (moto does not check keys)
    const key = 'customers/Sample Person.csv';
    const versionId = await putVersion(s3, VAULT, key, customerCsv('denied').csv);
    const refusing = motoS3();
    refuseVersion(refusing, { commandName: 'GetObjectCommand', versionId, name: 'AccessDenied', status: 403, key });
    // Act
    const result = await scanObjectVersion(refusing, { bucket: VAULT, key, versionId }, { apply: true, now });
    refusing.destroy();
    // Assess
    expect(result.report).toMatchObject({ sensitivity: 'failed', error: { code: 'READ_FAILED' } });
    expect(result.report.error?.message).not.toContain('Sample Person');
    expect((await tagsOf(s3, VAULT, key, versionId))[TAG_KEYS.sensitivity]).toBe('failed');
  });

  it('changes no tags in a dry run (the default)', async () => {
    // Prepare
    const key = 'exports/dry.csv';
    const versionId = await putVersion(s3, VAULT, key, customerCsv('dry').csv);
    await setTags(s3, VAULT, key, versionId, [{ Key: 'owner', Value: 'ops' }]);
    // Act
    const result = await scanObjectVersion(s3, { bucket: VAULT, key, versionId }, { now });
    // Assess
    expect(result.tagging).toMatchObject({ outcome: 'complete', applied: false });
    expect(result.report.sensitivity).toBe('confidential');
    expect(await tagsOf(s3, VAULT, key, versionId)).toEqual({ owner: 'ops' });
  });

  it.each(['COMPLIANCE', 'GOVERNANCE'] as const)('tags a %s-locked version and leaves its data and lock alone', async (mode) => {
    // Prepare
    const bucket = `vault-${mode.toLowerCase()}`;
    await createVault(s3, bucket, mode);
    const key = 'locked/customers.csv';
    const { csv } = customerCsv(`locked-${mode}`);
    const versionId = await putVersion(s3, bucket, key, csv);
    const before = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    // Act
    const result = await scanObjectVersion(s3, { bucket, key, versionId }, { apply: true, now });
    // Assess
    expect(result.head).toMatchObject({ lockMode: mode, sse: 'aws:kms', legalHold: false });
    expect((await tagsOf(s3, bucket, key, versionId))[TAG_KEYS.sensitivity]).toBe('confidential');
    const after = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    expect(after.ObjectLockMode).toBe(mode);
    expect(after.ObjectLockRetainUntilDate).toEqual(before.ObjectLockRetainUntilDate);
    expect(after.ETag).toBe(before.ETag);
    expect(await bodyOf(s3, bucket, key, versionId)).toBe(csv);
    await expect(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('throws an S3Error naming ids, not the key, for a version that does not exist', async () => {
    // Prepare
    const key = 'customers/Sample Person.csv';
    await putVersion(s3, VAULT, key, PUBLIC_TEXT);
    // Act
    const act = scanObjectVersion(s3, { bucket: VAULT, key, versionId: 'no-such-version' }, { apply: true, now });
    // Assess
    const error = await act.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3Error);
    expect(error).toMatchObject({ code: 'S3_NOT_FOUND', operation: 'HeadObject', ids: { bucket: VAULT, versionId: 'no-such-version' } });
    expect((error as Error).message).not.toContain('Sample Person');
  });
});
