import { describe, expect, it } from 'vitest';
import { keyHash } from '../../lambdas/aws/object-ref.js';
import { isSealError } from '../../lambdas/seal/errors.js';
import { notificationCsv, type Notification } from '../../lambdas/seal/notification.js';
import { notifyIncident } from '../../lambdas/seal/notify.js';
import { sealPrefix } from '../../lambdas/seal/seal.js';
import { unsealIncident } from '../../lambdas/seal/unseal.js';
import { motoS3 } from '../support/moto.js';
import { NOW, PREFIX, PRINCIPAL, UNSEALER, REASON, RECORDS, VAULT, allTexts, allVersions, rawIn, textOf, useLeakedVault } from './fixtures.js';

const { s3, leak } = useLeakedVault();

const seal = () =>
  sealPrefix({ s3 }, { vaultBucket: VAULT, recordsBucket: RECORDS, prefix: PREFIX, reason: REASON, principal: PRINCIPAL, incidentId: 'INC-42', now: NOW });
const notify = (client = s3, force = false) => notifyIncident({ s3: client }, { recordsBucket: RECORDS, incidentId: 'INC-42', now: NOW }, { force });

describe('notifyIncident', () => {
  it('counts distinct people per identifier type, each identifier once however often and however written', async () => {
    // Prepare
    await seal();
    // Act
    const { status, notification, keys } = await notify();
    // Assess
    expect(status).toBe('written');
    expect(keys).toEqual({ json: 'incidents/INC-42/notification.json', csv: 'incidents/INC-42/notification.csv' });
    expect(notification).toMatchObject({ schema: 'shredlock.notification/1', incidentId: 'INC-42', vaultBucket: VAULT, versions: leak.sealed.length });
    expect(notification.byType.cn_resident_id?.people).toBe(leak.expected.cn_resident_id);
    expect(notification.byType.cn_mobile?.people).toBe(leak.expected.cn_mobile);
    expect(notification.byType.bank_card?.people).toBe(leak.expected.bank_card);
    // A USCC names an organization: found by the engine, not a person to notify
    expect(notification.byType.cn_uscc).toBeUndefined();
    expect(notification.countedTypes).not.toContain('cn_uscc');
  });

  it('lists masked identifiers with the key hash and version id of every version they were found in', async () => {
    // Prepare
    await seal();
    const [p0, p1] = leak.people;
    const v1 = leak.sealed[0];
    const v2 = leak.sealed[1];
    const notes = leak.sealed.find((v) => v.key.endsWith('notes.txt'))!;
    // Act
    const { notification } = await notify();
    // Assess: person 0's ID is in both versions of customers.csv; person 1's in version 1 and the notes
    const ids = notification.byType.cn_resident_id!.identifiers;
    const masked = (id: string) => `${id.slice(0, 6)}**********${id.slice(-2).toUpperCase()}`;
    expect(ids.find((i) => i.masked === masked(p0.id))?.foundIn).toEqual(
      [v1, v2].map((v) => ({ keyHash: keyHash(v.key), versionId: v.versionId })).sort((a, b) => (a.keyHash + a.versionId < b.keyHash + b.versionId ? -1 : 1)),
    );
    expect(ids.find((i) => i.masked === masked(p1.id))?.foundIn.map((f) => f.versionId).sort()).toEqual([v1.versionId, notes.versionId].sort());
    for (const type of ['cn_resident_id', 'cn_mobile', 'bank_card'] as const) {
      for (const identifier of notification.byType[type]!.identifiers) expect(identifier.masked).toContain('*');
    }
  });

  it('lists the versions it could not read: the corrupt zip is unreadable, not clean', async () => {
    // Prepare
    await seal();
    const broken = leak.sealed.find((v) => v.key.endsWith('broken.zip'))!;
    // Act
    const { notification } = await notify();
    // Assess
    expect(notification.unreadable).toEqual([
      { keyHash: keyHash(broken.key), versionId: broken.versionId, code: expect.any(String), message: expect.any(String), partial: false },
    ]);
  });

  it('lists a version whose GetObject fails as unreadable, with the S3 code', async () => {
    // Prepare: S3 refuses to read one version
    await seal();
    const refused = leak.sealed[0];
    const client = motoS3();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { VersionId?: string };
        if (context.commandName === 'GetObjectCommand' && input.VersionId === refused.versionId) {
          throw Object.assign(new Error(`denied arn:aws:s3:::${VAULT}/${refused.key}`), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
        }
        return next(args);
      },
      { step: 'initialize', name: 'refuse-get' },
    );
    // Act
    const { notification } = await notify(client);
    // Assess
    const entry = notification.unreadable.find((u) => u.versionId === refused.versionId);
    expect(entry).toMatchObject({ keyHash: keyHash(refused.key), message: expect.stringContaining('S3_ACCESS_DENIED') });
    expect(JSON.stringify(notification)).not.toContain(refused.key);
    client.destroy();
  });

  it('writes no raw identifier anywhere: every object in the records bucket is searched for every value', async () => {
    // Prepare
    await seal();
    // Act
    await notify();
    await unsealIncident({ s3 }, { recordsBucket: RECORDS, incidentId: 'INC-42', reason: 'closed', principal: UNSEALER, now: NOW });
    // Assess
    const texts = await allTexts(s3, RECORDS);
    expect([...texts.keys()].map((k) => k.split('@')[0]).sort()).toEqual([
      'incidents/INC-42/intent.json',
      'incidents/INC-42/manifest.tsv',
      'incidents/INC-42/notification.csv',
      'incidents/INC-42/notification.json',
      'incidents/INC-42/seal.json',
      'incidents/INC-42/unseal.json',
    ]);
    for (const [key, text] of texts) expect(rawIn(text, [...leak.raw, leak.company]), key).toEqual([]);
  });

  it('writes the CSV form of the JSON list: one row per identifier and version, then the unreadable versions', async () => {
    // Prepare
    await seal();
    // Act
    await notify();
    // Assess
    const json = JSON.parse(await textOf(s3, RECORDS, 'incidents/INC-42/notification.json')) as Notification;
    const csv = await textOf(s3, RECORDS, 'incidents/INC-42/notification.csv');
    expect(csv).toBe(notificationCsv(json));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('record,type,person,masked,key_hash,version_id,error');
    const rows = lines.slice(1).map((l) => l.split(','));
    const people = new Set(rows.filter((r) => r[0] === 'identifier' && r[1] === 'cn_mobile').map((r) => r[2]));
    expect(people.size).toBe(leak.expected.cn_mobile);
    expect(rows.filter((r) => r[0] === 'unreadable')).toHaveLength(1);
  });

  it('is idempotent: an up-to-date list is neither scanned nor written again', async () => {
    // Prepare
    await seal();
    await notify();
    const before = await allVersions(s3, RECORDS);
    // Act
    const again = await notify();
    // Assess
    expect(again.status).toBe('unchanged');
    expect(again.notification.byType.cn_mobile?.people).toBe(leak.expected.cn_mobile);
    expect(await allVersions(s3, RECORDS)).toEqual(before);
    // ...unless forced
    expect((await notify(s3, true)).status).toBe('written');
  });

  it('refuses an incident that was never sealed', async () => {
    const error = await notify().catch((e: unknown) => e);
    expect(isSealError(error) && error.code).toBe('INCIDENT_NOT_FOUND');
  });
});
