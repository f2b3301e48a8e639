/**
 * A live snapshot that keeps every promise of an expectation, to mutate in comparison tests.
 */
import { expectVault } from '../../lambdas/check/expected.js';
import { defaultCheckSettings, type CheckSettings } from '../../lambdas/check/settings.js';
import type { LiveVault, PolicyStatement, StatementExpectation, VaultExpectation } from '../../lambdas/check/types.js';

export const ENV = { account: '111122223333', region: 'eu-central-1', partition: 'aws' } as const;
export const NOW = new Date('2026-11-27T00:00:00Z');
export const EPOCH_KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const AUDIT_KEY = 'abcd1234-12ab-34cd-56ef-1234567890ab';

/** The expectation of vault `v1` with default settings (and `overrides`). */
export function expectation(overrides: Partial<CheckSettings> = {}): VaultExpectation {
  return expectVault({ ...defaultCheckSettings('v1'), ...overrides }, ENV, NOW);
}

/** The statement the stack writes for `s`. */
export function statementFor(s: StatementExpectation): PolicyStatement {
  const condition: PolicyStatement['Condition'] =
    s.match === 'secure-transport'
      ? { Bool: { 'aws:SecureTransport': 'false' } }
      : s.match === 'tls-version'
        ? { NumericLessThan: { 's3:TlsVersion': 1.2 } }
        : s.exempt?.length
          ? { ArnNotEquals: { 'aws:PrincipalArn': [...s.exempt] } }
          : undefined;
  return {
    ...(s.match === 'sid' ? { Sid: s.name } : {}),
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: s.actions.length === 1 ? s.actions[0] : [...s.actions],
    Resource: '*',
    ...(condition ? { Condition: condition } : {}),
  };
}

/** A snapshot in which `exp` holds everywhere. */
export function compliantLive(exp: VaultExpectation): LiveVault {
  const arn = (id: string) => `arn:aws:kms:${ENV.region}:${ENV.account}:key/${id}`;
  return {
    buckets: exp.buckets.map((b) => ({
      name: b.name,
      exists: true,
      versioning: { ok: true, value: 'Enabled' },
      lock: { ok: true, value: b.lock ? { enabled: true, mode: b.lock.mode, days: b.lock.days } : null },
      encryption: {
        ok: true,
        value:
          b.encryption.algorithm === 'aws:kms'
            ? {
                algorithm: 'aws:kms',
                key: arn(b.encryption.key === 'epoch' ? EPOCH_KEY : AUDIT_KEY),
                keyId: b.encryption.key === 'epoch' ? EPOCH_KEY : AUDIT_KEY,
                bucketKey: true,
                blockedTypes: ['SSE-C'],
              }
            : { algorithm: 'AES256', bucketKey: false, blockedTypes: ['SSE-C'] },
      },
      publicAccessBlock: { ok: true, value: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } },
      policy: { ok: true, value: b.statements.map(statementFor) },
    })),
    trail: {
      name: exp.trail.name,
      exists: true,
      config: { ok: true, value: { bucket: exp.trail.bucket, multiRegion: true, globalEvents: true, logFileValidation: true, kmsKeyId: arn(AUDIT_KEY) } },
      status: { ok: true, value: { logging: true } },
      selectors: { ok: true, value: { managementEvents: 'All', s3Objects: exp.trail.dataEventBuckets.map((b) => ({ prefix: `arn:aws:s3:::${b}/`, readWrite: 'All' })) } },
    },
    epochKeys: {
      ok: true,
      value: [
        {
          keyId: EPOCH_KEY,
          alias: `${exp.keys.aliasPrefix}2026-11`,
          epoch: '2026-11',
          state: { ok: true, value: 'Enabled' },
          rotation: { ok: true, value: true },
          tags: {
            ok: true,
            value: { 'shredlock:vault': 'v1', 'shredlock:epoch': '2026-11', 'shredlock:epoch-months': '1', 'shredlock:shred-not-before': '2033-11-29' },
          },
        },
      ],
    },
    auditKey: { keyId: AUDIT_KEY, state: { ok: true, value: 'Enabled' }, rotation: { ok: true, value: true }, tags: { ok: true, value: {} } },
  };
}
