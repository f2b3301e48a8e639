import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetClients } from '../../lambdas/aws/clients.js';
import { runSealAction, type SealActionDeps, type SealActionResult } from '../../lambdas/seal/actions.js';
import { sealConfigFromEnv } from '../../lambdas/seal/config.js';
import { isSealError } from '../../lambdas/seal/errors.js';
import { lambdaContext } from '../scanner/fixtures.js';
import { motoEnv, useMotoS3 } from '../support/moto.js';
import { NOW, PREFIX, PRINCIPAL, REASON, RECORDS, VAULT, createVault, createVersionedBucket, holdOf, rawIn, textOf, uploadLeak, type Leak } from './fixtures.js';

let leak: Leak;
const s3 = useMotoS3(async (client) => {
  await createVault(client);
  await createVersionedBucket(client, RECORDS);
  leak = await uploadLeak(client);
});

/** Deps with a logger that records what it is given. */
function recordingDeps(): { deps: SealActionDeps; logs: unknown[] } {
  const logs: unknown[] = [];
  const log = (...args: unknown[]) => void logs.push(args);
  return { deps: { s3, config: { vaultBucket: VAULT, recordsBucket: RECORDS }, logger: { info: log, warn: log, error: log } as SealActionDeps['logger'], now: () => NOW, requestId: 'req-1' }, logs };
}

const sealEvent = { action: 'seal', prefix: PREFIX, reason: REASON, principal: PRINCIPAL, incidentId: 'INC-42' };
const unsealEvent = { action: 'unseal', incidentId: 'INC-42', reason: 'closed', principal: PRINCIPAL };

describe('runSealAction', () => {
  it('seals, writes the list and returns counts and ids; logs never carry a key, the prefix, the reason or a value', async () => {
    // Prepare
    const { deps, logs } = recordingDeps();
    // Act
    const result = await runSealAction(sealEvent, deps);
    // Assess
    expect(result).toMatchObject({
      action: 'seal',
      complete: true,
      incidentId: 'INC-42',
      status: 'sealed',
      recordKey: 'incidents/INC-42/seal.json',
      versions: leak.sealed.length,
      held: leak.sealed.length,
      failures: [],
      notification: { status: 'written', people: leak.expected, unreadable: 1 },
    });
    const logged = JSON.stringify(logs);
    expect(logged).toContain('INC-42');
    expect(logged).not.toContain('leak/');
    expect(logged).not.toContain('customers');
    expect(logged).not.toContain(REASON);
    expect(rawIn(logged, leak.raw)).toEqual([]);
    expect(rawIn(JSON.stringify(result), leak.raw)).toEqual([]);
    expect(JSON.parse(await textOf(s3, RECORDS, 'incidents/INC-42/seal.json'))).toMatchObject({ requestId: 'req-1' });
  });

  it('unseals', async () => {
    // Prepare
    const { deps } = recordingDeps();
    await runSealAction(sealEvent, deps);
    // Act
    const result = await runSealAction(unsealEvent, deps);
    // Assess
    expect(result).toMatchObject({ action: 'unseal', complete: true, status: 'unsealed', released: leak.sealed.length, kept: 0, failures: [] });
    expect(await holdOf(s3, VAULT, leak.sealed[0].key, leak.sealed[0].versionId)).toBe('OFF');
  });

  it.each([
    ['an unknown action', { ...sealEvent, action: 'delete' }],
    ['a seal without prefix', { action: 'seal', reason: REASON, principal: PRINCIPAL }],
    ['an unseal without incident id', { action: 'unseal', reason: 'closed', principal: PRINCIPAL }],
    ['an unknown field', { ...sealEvent, bypass: true }],
    ['a value that fails the request rules', { ...sealEvent, principal: 'alice' }],
  ])('rejects %s with INVALID_REQUEST', async (_, event) => {
    const { deps } = recordingDeps();
    const error = await runSealAction(event, deps).catch((e: unknown) => e);
    expect(isSealError(error) && error.code).toBe('INVALID_REQUEST');
  });
});

describe('sealConfigFromEnv', () => {
  it('reads both buckets and names every missing or bad variable', () => {
    expect(sealConfigFromEnv({ SHREDLOCK_VAULT_BUCKET: VAULT, SHREDLOCK_RECORDS_BUCKET: RECORDS })).toEqual({ vaultBucket: VAULT, recordsBucket: RECORDS });
    const error = (() => {
      try {
        return sealConfigFromEnv({ SHREDLOCK_VAULT_BUCKET: 'Bad_Name' });
      } catch (e) {
        return e;
      }
    })();
    expect(isSealError(error) && error.code).toBe('INVALID_CONFIG');
    expect(String(error)).toContain('SHREDLOCK_VAULT_BUCKET="Bad_Name"');
    expect(String(error)).toContain('SHREDLOCK_RECORDS_BUCKET=null');
  });
});

describe('handler', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetClients();
  });

  it('runs an event with the buckets of its environment; its log lines hold ids and counts only', async () => {
    // Prepare
    for (const [name, value] of Object.entries({ ...motoEnv(), SHREDLOCK_VAULT_BUCKET: VAULT, SHREDLOCK_RECORDS_BUCKET: RECORDS })) vi.stubEnv(name, value);
    resetClients();
    vi.resetModules();
    const { handler } = await import('../../lambdas/seal/handler.js');
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    let result: SealActionResult;
    try {
      // Act
      result = await handler(sealEvent, lambdaContext() as unknown as Context);
    } finally {
      spy.mockRestore();
    }
    // Assess
    expect(result).toMatchObject({ action: 'seal', complete: true, incidentId: 'INC-42' });
    expect(out).toContain('seal done');
    expect(out).toContain('INC-42');
    expect(out).not.toContain('leak/');
    expect(rawIn(out, leak.raw)).toEqual([]);
  });
});
