import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { runSealAction, type SealActionDeps, type SealActionResult } from '../../lambdas/seal/actions.js';
import { sealConfigFromEnv } from '../../lambdas/seal/config.js';
import { isSealError } from '../../lambdas/seal/errors.js';
import { unsealIncident } from '../../lambdas/seal/unseal.js';
import { lambdaContext } from '../scanner/fixtures.js';
import { captureOutput } from '../support/cli.js';
import { useHandler } from '../support/handler.js';
import { recorder } from '../support/recorder.js';
import { NOW, PREFIX, PRINCIPAL, UNSEALER, REASON, RECORDS, VAULT, allTexts, holdOf, rawIn, textOf, useLeakedVault } from './fixtures.js';

const { s3, leak } = useLeakedVault();

const FUNCTION_ARN = 'arn:aws:lambda:eu-central-1:123456789012:function:acme-seal';
const INVOCATION = { requestId: '3f1c2b9e-5d7a-4c61-9e0f-1a2b3c4d5e6f', functionArn: FUNCTION_ARN };

/** Deps with a logger that records what it is given. */
function recordingDeps(): { deps: SealActionDeps; logs: unknown[] } {
  const { logger, logs } = recorder();
  return { deps: { s3, config: { vaultBucket: VAULT, recordsBucket: RECORDS }, logger, now: () => NOW, invocation: INVOCATION }, logs };
}

const sealEvent = { action: 'seal', prefix: PREFIX, reason: REASON, principal: PRINCIPAL, incidentId: 'INC-42' };
/** Someone who may invoke the function names the sealer's colleague as the one who unseals. */
const forgedUnsealEvent = { action: 'unseal', incidentId: 'INC-42', reason: 'closed', principal: UNSEALER };

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
  });

  it('records the invocation (request id, function ARN) and the event principal only as an unverified claim', async () => {
    // Prepare
    const { deps } = recordingDeps();
    // Act
    await runSealAction(sealEvent, deps);
    // Assess
    const record = JSON.parse(await textOf(s3, RECORDS, 'incidents/INC-42/seal.json')) as Record<string, unknown>;
    expect(record.invocation).toEqual(INVOCATION);
    expect(record.claimedPrincipal).toBe(PRINCIPAL);
    expect(record).not.toHaveProperty('principal');
  });

  it('seals without a principal in the event: nothing but the invocation says who', async () => {
    const { deps } = recordingDeps();
    const { principal: _claim, ...event } = sealEvent;
    await runSealAction(event, deps);
    const record = JSON.parse(await textOf(s3, RECORDS, 'incidents/INC-42/seal.json')) as Record<string, unknown>;
    expect(record).toMatchObject({ invocation: INVOCATION });
    expect(record).not.toHaveProperty('principal');
    expect(record).not.toHaveProperty('claimedPrincipal');
  });

  it('refuses an unseal with a forged principal (UNSEAL_NEEDS_CALLER): every hold stays on, nothing is written', async () => {
    // Prepare
    const { deps } = recordingDeps();
    await runSealAction(sealEvent, deps);
    const before = [...(await allTexts(s3, RECORDS)).keys()].sort();
    // Act
    const error = await runSealAction(forgedUnsealEvent, deps).catch((e: unknown) => e);
    // Assess
    expect(isSealError(error) && error.code).toBe('UNSEAL_NEEDS_CALLER');
    expect(String(error)).toContain('shredlock unseal --incident INC-42');
    for (const v of leak.sealed) expect(await holdOf(s3, VAULT, v.key, v.versionId)).toBe('ON');
    expect([...(await allTexts(s3, RECORDS)).keys()].sort()).toEqual(before);
  });

  it.each([
    ['without a principal', { action: 'unseal', incidentId: 'INC-42', reason: 'closed' }],
    ['with an unknown field', { ...forgedUnsealEvent, force: true }],
    ['without an incident id', { action: 'unseal' }],
  ])('refuses every unseal event, %s', async (_, event) => {
    const { deps } = recordingDeps();
    const error = await runSealAction(event, deps).catch((e: unknown) => e);
    expect(isSealError(error) && error.code).toBe('UNSEAL_NEEDS_CALLER');
  });

  it('a CLI unseal of a Lambda seal lists the invocation for the auditor; the claim does not stand in for the sealer', async () => {
    // Prepare: the claim names PRINCIPAL; the Lambda cannot know who invoked.
    const { deps } = recordingDeps();
    await runSealAction(sealEvent, deps);
    // Act: PRINCIPAL unseals through the CLI (the caller STS names)
    const out = await unsealIncident({ s3 }, { recordsBucket: RECORDS, incidentId: 'INC-42', reason: 'closed', principal: PRINCIPAL, now: NOW });
    // Assess
    expect(out.status).toBe('unsealed');
    expect(out.record.unverifiedSeals).toEqual([{ revision: 1, ...INVOCATION }]);
    expect(await holdOf(s3, VAULT, leak.sealed[0].key, leak.sealed[0].versionId)).toBe('OFF');
  });

  it.each([
    ['an unknown action', { ...sealEvent, action: 'delete' }],
    ['a seal without prefix', { action: 'seal', reason: REASON, principal: PRINCIPAL }],
    ['an unknown field', { ...sealEvent, bypass: true }],
    ['a claimed principal that is not an ARN', { ...sealEvent, principal: 'alice' }],
    ['a value that fails the request rules', { ...sealEvent, reason: '' }],
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
    const context = lambdaContext();
    expect(JSON.parse(await textOf(s3, RECORDS, 'incidents/INC-42/seal.json'))).toMatchObject({
      invocation: { requestId: context.awsRequestId, functionArn: context.invokedFunctionArn },
    });
    expect(out).toContain('INC-42');
    expect(out).not.toContain('leak/');
    expect(rawIn(out, leak.raw)).toEqual([]);
  });
});
