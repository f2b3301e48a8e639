import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { runSealAction, type SealActionDeps, type SealActionResult } from '../../lambdas/seal/actions.js';
import { sealConfigFromEnv } from '../../lambdas/seal/config.js';
import { isSealError } from '../../lambdas/seal/errors.js';
import { lambdaContext } from '../scanner/fixtures.js';
import { captureOutput } from '../support/cli.js';
import { useHandler } from '../support/handler.js';
import { recorder } from '../support/recorder.js';
import { NOW, PREFIX, PRINCIPAL, UNSEALER, REASON, RECORDS, VAULT, holdOf, rawIn, textOf, useLeakedVault } from './fixtures.js';

const { s3, leak } = useLeakedVault();

/** Deps with a logger that records what it is given. */
function recordingDeps(): { deps: SealActionDeps; logs: unknown[] } {
  const { logger, logs } = recorder();
  return { deps: { s3, config: { vaultBucket: VAULT, recordsBucket: RECORDS }, logger, now: () => NOW, requestId: 'req-1' }, logs };
}

const sealEvent = { action: 'seal', prefix: PREFIX, reason: REASON, principal: PRINCIPAL, incidentId: 'INC-42' };
const unsealEvent = { action: 'unseal', incidentId: 'INC-42', reason: 'closed', principal: UNSEALER };

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
    ['an unseal without incident id', { action: 'unseal', reason: 'closed', principal: UNSEALER }],
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
  const handler = useHandler<(event: unknown, context: Context) => Promise<SealActionResult>>(
    { SHREDLOCK_VAULT_BUCKET: VAULT, SHREDLOCK_RECORDS_BUCKET: RECORDS },
    () => import('../../lambdas/seal/handler.js'),
    { reload: true },
  );

  it('runs an event with the buckets of its environment; its log lines hold ids and counts only', async () => {
    // Act
    const { value: result, out } = await captureOutput(() => handler(sealEvent, lambdaContext() as unknown as Context));
    // Assess
    expect(result).toMatchObject({ action: 'seal', complete: true, incidentId: 'INC-42' });
    expect(out).toContain('seal done');
    expect(out).toContain('INC-42');
    expect(out).not.toContain('leak/');
    expect(rawIn(out, leak.raw)).toEqual([]);
  });
});
