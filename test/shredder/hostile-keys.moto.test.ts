/**
 * Object keys that XML or a careless decoder would change: listed exactly, counted against their
 * key, sealable. moto ignores `encoding-type=url` on ListObjectVersions; motoS3() clients encode
 * its answers as S3 does (test/support/moto-listing-encoding.ts), and one test uses a client
 * without that shim, to show a key the listing got wrong still blocks. moto refuses PutObject of a
 * key with a line feed, so `\n` is covered by the decoding tests in test/aws/listed-key.test.ts.
 */
import { DeleteObjectCommand, GetObjectLegalHoldCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client } from '../../lambdas/aws/clients.js';
import { listObjectKeys } from '../../lambdas/aws/object-keys.js';
import { listVersions } from '../../lambdas/aws/object-versions.js';
import { approveEpochKey } from '../../lambdas/keys/approve.js';
import { rotate, type EpochKeyResult } from '../../lambdas/keys/rotator.js';
import { sealPrefix } from '../../lambdas/seal/seal.js';
import { executeShred } from '../../lambdas/shredder/execute.js';
import { motoSettings } from '../support/moto.js';
import { APPROVER, EPOCH, HOSTILE_KEYS, PAST, TEST_KEY_POLICY, WALL, keyState, putUnderKey, useMotoVault, vaultConfig } from './fixtures.js';


const config = vaultConfig('acme');
const { s3, kms } = useMotoVault([config]);

/** EPOCH's key covers one version of each hostile key; the rotator has moved on. */
async function prepare(): Promise<EpochKeyResult> {
  const first = await rotate({ s3, kms }, config, WALL, { policy: TEST_KEY_POLICY });
  const key = first.current as EpochKeyResult;
  for (const k of HOSTILE_KEYS) await putUnderKey(s3, config.vaultBucket, k, 'x', key.keyId);
  await rotate({ s3, kms }, config, PAST);
  await approveEpochKey(kms, { vaultName: 'acme', epoch: EPOCH, principalArn: APPROVER, now: PAST });
  return key;
}

describe('keys that XML would change', () => {
  it('are listed exactly, by versions (two per page, so markers are decoded too) and by keys', async () => {
    await prepare();
    expect(HOSTILE_KEYS.every((k) => Buffer.byteLength(k) <= 1024)).toBe(true);
    const versions = await listVersions(s3, config.vaultBucket, 'exports/', 2);
    expect(versions.map((v) => v.key).sort()).toEqual([...HOSTILE_KEYS].sort());
    const keys = await listObjectKeys(s3, config.vaultBucket, 'exports/');
    expect([...keys.keys].sort()).toEqual([...HOSTILE_KEYS].sort());
  });

  it('a COMPLIANCE-retained, legal-held exports/evil\\r.csv blocks the shred and is named in the refusal', async () => {
    // Prepare
    const key = await prepare();
    const retainUntil = new Date(PAST.getTime() + 365 * 86_400_000);
    const evil = await putUnderKey(s3, config.vaultBucket, 'exports/evil\r.csv', 'kept', key.keyId, { mode: 'COMPLIANCE', retainUntil, legalHold: true });
    // Act
    const result = await executeShred({ s3, kms }, config, PAST);
    // Assess
    const action = result.actions.find((a) => a.keyId === key.keyId);
    expect(action).toMatchObject({ outcome: 'refused', reasons: ['retained', 'legal-hold'] });
    expect(action?.blockers).toEqual([expect.objectContaining({ versionId: evil, reasons: ['retained', 'legal-hold'] })]);
    expect((await keyState(kms, key.keyId)).state).toBe('Enabled');
  });

  it('with moto as it is (keys not encoded), the misread key still blocks: version-not-found', async () => {
    // Prepare: a client without the encoding shim
    const key = await prepare();
    const raw = createS3Client(motoSettings());
    // Act
    const result = await executeShred({ s3: raw, kms }, config, PAST);
    raw.destroy();
    // Assess
    expect(result.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ outcome: 'refused', reasons: ['version-not-found'] });
    expect((await keyState(kms, key.keyId)).state).toBe('Enabled');
  });

  it('a version deleted between listing and HeadObject is counted vanished once a fresh listing proves it gone', async () => {
    // Prepare: delete a version of the key after the evidence pass has listed it, just before its HeadObject
    const key = await prepare();
    const gone = await putUnderKey(s3, config.vaultBucket, 'exports/short-lived.csv', 'x', key.keyId);
    await s3.send(new PutObjectCommand({ Bucket: config.vaultBucket, Key: 'exports/filler.csv', Body: 'x' }));
    const racing = createS3Client(motoSettings());
    const { encodeMotoVersionListings } = await import('../support/moto-listing-encoding.js');
    encodeMotoVersionListings(racing);
    let deleted = false;
    racing.middlewareStack.add(
      (next, context) => async (args) => {
        const input = (args as { input?: { Key?: string } }).input;
        if (context.commandName === 'HeadObjectCommand' && input?.Key === 'exports/short-lived.csv' && !deleted) {
          deleted = true;
          await s3.send(new DeleteObjectCommand({ Bucket: config.vaultBucket, Key: 'exports/short-lived.csv', VersionId: gone, BypassGovernanceRetention: true }));
        }
        return next(args);
      },
      { step: 'initialize', name: 'delete-before-its-head' },
    );
    // Act
    const result = await executeShred({ s3: racing, kms }, config, PAST);
    racing.destroy();
    // Assess
    expect(result.actions.find((a) => a.keyId === key.keyId)).toMatchObject({ outcome: 'scheduled' });
    expect(result.plan.evidence?.versionsVanished).toBe(1);
  });

  it('exports/evil\\r.csv can be sealed: its version gets a legal hold', async () => {
    // Prepare
    await prepare();
    // Act
    const result = await sealPrefix(
      { s3 },
      { vaultBucket: config.vaultBucket, recordsBucket: config.recordsBucket, prefix: 'exports/', reason: 'hostile keys', principal: APPROVER, incidentId: 'INC-9', now: PAST },
    );
    // Assess
    expect(result).toMatchObject({ status: 'sealed', failures: [] });
    for (const v of await listVersions(s3, config.vaultBucket, 'exports/')) {
      const hold = await s3.send(new GetObjectLegalHoldCommand({ Bucket: config.vaultBucket, Key: v.key, VersionId: v.versionId }));
      expect(hold.LegalHold?.Status, JSON.stringify(v.key).slice(0, 30)).toBe('ON');
    }
  });
});
