/**
 * A seal and an unseal of two incidents at once, on the same versions. Each test runs one
 * operation inside the other at a chosen S3 call (middleware on that operation's own client), so
 * the interleavings that used to lose a hold are replayed deterministically. Whatever the order,
 * a version that one incident records as held must end held.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { sealPrefix } from '../../lambdas/seal/seal.js';
import { unsealIncident } from '../../lambdas/seal/unseal.js';
import { motoS3 } from '../support/moto.js';
import { NOW, PREFIX, PRINCIPAL, UNSEALER, REASON, RECORDS, VAULT, holdOf, setHold, textOf, useLeakedVault } from './fixtures.js';

const { s3, leak } = useLeakedVault();

const seal = (incidentId: string, client: S3Client = s3) =>
  sealPrefix({ s3: client }, { vaultBucket: VAULT, recordsBucket: RECORDS, prefix: PREFIX, reason: REASON, principal: PRINCIPAL, incidentId, now: NOW });
const unseal = (incidentId: string, client: S3Client = s3) =>
  unsealIncident(
    { s3: client },
    { vaultBucket: VAULT, recordsBucket: RECORDS, incidentId, reason: `${incidentId} closed`, principal: UNSEALER, now: NOW },
  );

/** Runs `action` once, just before or just after the first command of `client` that `hit` matches. */
function interleave(
  client: S3Client,
  hit: (command: string, input: { Key?: string; LegalHold?: { Status?: string } }) => boolean,
  when: 'before' | 'after',
  action: () => Promise<unknown>,
): { ran: () => boolean } {
  let ran = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const now = !ran && hit(context.commandName ?? '', args.input as { Key?: string });
      if (now) ran = true;
      if (now && when === 'before') await action();
      const out = await next(args);
      if (now && when === 'after') await action();
      return out;
    },
    { step: 'initialize', name: 'interleave' },
  );
  return { ran: () => ran };
}

const INTENT_43 = 'incidents/INC-43/intent.json';
const isIntentOf43 = (command: string, input: { Key?: string }) => command === 'PutObjectCommand' && input.Key === INTENT_43;

async function holds(): Promise<(string | undefined)[]> {
  return Promise.all(leak.sealed.map((v) => holdOf(s3, VAULT, v.key, v.versionId)));
}

describe('a seal and an unseal of two incidents on the same versions', () => {
  it('an unseal that starts after the other seal wrote its intent keeps what that seal claims', async () => {
    // Prepare: INC-42 holds the versions; INC-43 seals them too, and INC-42 is unsealed in between
    await seal('INC-42');
    const client = motoS3();
    let unsealed: Awaited<ReturnType<typeof unseal>> | undefined;
    const step = interleave(client, isIntentOf43, 'after', async () => (unsealed = await unseal('INC-42')));
    // Act
    const sealed = await seal('INC-43', client);
    // Assess
    expect(step.ran()).toBe(true);
    expect(unsealed!.record).toMatchObject({ released: 0, kept: leak.sealed.map(() => expect.objectContaining({ incidents: ['INC-43'] })) });
    expect(sealed.record).toMatchObject({ held: leak.sealed.length, heldBefore: [], failures: [] });
    expect(await holds()).toEqual(leak.sealed.map(() => 'ON'));
    const intent = JSON.parse(await textOf(s3, RECORDS, INTENT_43)) as { claimed: string[]; vaultBucket: string; off: string[] };
    expect(intent).toMatchObject({ vaultBucket: VAULT, off: [], claimed: leak.sealed.map((v) => v.versionId).sort() });
  });

  it('a seal holds again the shared versions an unseal released before the intent could be seen', async () => {
    // Prepare: INC-42's unseal runs completely after INC-43 read the holds (all ON, INC-42's) and
    // before INC-43 wrote its intent: it cannot know INC-43 and releases everything
    await seal('INC-42');
    const client = motoS3();
    let unsealed: Awaited<ReturnType<typeof unseal>> | undefined;
    const step = interleave(client, isIntentOf43, 'before', async () => (unsealed = await unseal('INC-42')));
    // Act
    const sealed = await seal('INC-43', client);
    // Assess
    expect(step.ran()).toBe(true);
    expect(unsealed!.record).toMatchObject({ released: leak.sealed.length, kept: [] });
    expect(sealed.record).toMatchObject({ held: leak.sealed.length, heldBefore: [], failures: [] });
    expect(await holds()).toEqual(leak.sealed.map(() => 'ON'));
  });

  it('an unseal holds again what a seal that ran while it was releasing claims', async () => {
    // Prepare: INC-42's unseal read the other incidents (none) and released one version when INC-43
    // seals the same versions from start to finish
    await seal('INC-42');
    const client = motoS3();
    let sealed: Awaited<ReturnType<typeof seal>> | undefined;
    const isRelease = (command: string, input: { LegalHold?: { Status?: string } }) =>
      command === 'PutObjectLegalHoldCommand' && input.LegalHold?.Status === 'OFF';
    const step = interleave(client, isRelease, 'after', async () => (sealed = await seal('INC-43')));
    // Act
    const unsealed = await unseal('INC-42', client);
    // Assess: INC-43 placed one hold and shares the rest; INC-42 released nothing in the end
    expect(step.ran()).toBe(true);
    expect(sealed!.record).toMatchObject({ held: leak.sealed.length, heldBefore: [], failures: [] });
    expect(unsealed.record).toMatchObject({ released: 0, kept: leak.sealed.map(() => expect.objectContaining({ incidents: ['INC-43'] })) });
    expect(await holds()).toEqual(leak.sealed.map(() => 'ON'));
  });

  it('holds a kept version again when an interrupted run had released it', async () => {
    // Prepare: both incidents hold the versions; one was released by a run that never wrote its record
    await seal('INC-42');
    await seal('INC-43');
    const lost = leak.sealed[0];
    await setHold(s3, VAULT, lost.key, lost.versionId, false);
    // Act
    const unsealed = await unseal('INC-42');
    // Assess
    expect(unsealed.record).toMatchObject({ released: 0, failures: [] });
    expect(await holds()).toEqual(leak.sealed.map(() => 'ON'));
  });

  it('releases, as before, when the other incident closed first', async () => {
    // Prepare: both seal, INC-43 is unsealed first
    await seal('INC-42');
    await seal('INC-43');
    await unseal('INC-43');
    // Act
    const last = await unseal('INC-42');
    // Assess
    expect(last.record).toMatchObject({ released: leak.sealed.length, kept: [] });
    expect(await holds()).toEqual(leak.sealed.map(() => 'OFF'));
  });
});
