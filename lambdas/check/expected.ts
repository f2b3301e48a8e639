/**
 * What the stack promises about one deployed vault, derived from the same settings, names and
 * bucket-policy statements the stack uses (contract/config.ts, contract/naming.ts,
 * contract/bucket-policy.ts); test/check/check.moto.test.ts provisions moto from the synthesized
 * template, so the two cannot drift apart unnoticed.
 *
 * | Bucket      | Object Lock                       | Encryption           | Policy statements                    |
 * |-------------|-----------------------------------|----------------------|--------------------------------------|
 * | vault       | retentionMode, retentionDays      | SSE-KMS, epoch key   | TLS, then BUCKET_POLICIES.vault      |
 * | records     | retentionMode, recordsRetention   | SSE-KMS, audit key   | TLS, then BUCKET_POLICIES.records    |
 * | trail       | retentionMode, recordsRetention   | SSE-KMS, audit key   | TLS, then BUCKET_POLICIES.trail      |
 * | inventory   | none                              | SSE-KMS, audit key   | TLS                                  |
 * | access-logs | none (log delivery needs that)    | SSE-S3               | TLS                                  |
 *
 * Every bucket: versioning Enabled, all four public-access-block flags on, SSE-C uploads blocked,
 * S3 Bucket Key on for SSE-KMS.
 */
import { BUCKET_POLICIES, writtenStatements, type ExemptArns, type LockedBucketKind } from '../../contract/bucket-policy.js';
import { epochAliasPrefix, macieRoleArn, vaultBucketName, vaultRoleArn, vaultTrailName, type RoleKind } from '../../contract/naming.js';
import type { CheckSettings } from './settings.js';
import type { BucketExpectation, StatementExpectation, VaultEnv, VaultExpectation } from './types.js';

/** CDK's enforceSSL statements, on every bucket (no Sid: found by their condition). */
export const TLS_STATEMENTS: readonly StatementExpectation[] = [
  { name: 'SecureTransport', match: 'secure-transport', actions: ['s3:*'], exempt: [] },
  { name: 'TlsVersion', match: 'tls-version', actions: ['s3:*'], exempt: [] },
];

/** The Sid statements BUCKET_POLICIES writes on a locked bucket, with the vault's exempt ARNs. */
function lockedStatements(kind: LockedBucketKind, exempt: ExemptArns): StatementExpectation[] {
  return BUCKET_POLICIES[kind]
    .flatMap((statement) => writtenStatements(statement, exempt))
    .map((s) => ({ name: s.sid, match: 'sid', actions: s.actions, exempt: s.exempt }));
}

/** The expectations for the vault `settings` describe, deployed in `env`, checked on `now`. */
export function expectVault(settings: CheckSettings, env: VaultEnv, now: Date = new Date()): VaultExpectation {
  const vault = settings.vaultName;
  const name = (kind: BucketExpectation['kind']) => vaultBucketName(vault, kind, env);
  const role = (r: RoleKind) => vaultRoleArn(vault, r, env);
  const breakGlass = settings.breakGlass ? role('break-glass') : undefined;
  const macie = settings.macie ? macieRoleArn(env) : undefined;
  const exempt: ExemptArns = {
    shredder: role('shredder'),
    scanner: role('scanner'),
    sealer: role('sealer'),
    'break-glass': breakGlass,
    macie,
    'macie-findings': settings.macie ? role('macie-findings') : undefined,
  };
  const vaultLock = { mode: settings.retentionMode, days: settings.retentionDays } as const;
  const recordsLock = { mode: settings.retentionMode, days: settings.recordsRetentionDays } as const;
  const kms = (key: 'epoch' | 'audit') => ({ algorithm: 'aws:kms', key, bucketKey: true, blockSseC: true }) as const;
  return {
    vault,
    env,
    buckets: [
      {
        kind: 'vault',
        name: name('vault'),
        lock: vaultLock,
        encryption: kms('epoch'),
        statements: [...TLS_STATEMENTS, ...lockedStatements('vault', exempt)],
      },
      {
        kind: 'records',
        name: name('records'),
        lock: recordsLock,
        encryption: kms('audit'),
        statements: [...TLS_STATEMENTS, ...lockedStatements('records', exempt)],
      },
      {
        kind: 'trail',
        name: name('trail'),
        lock: recordsLock,
        encryption: kms('audit'),
        statements: [...TLS_STATEMENTS, ...lockedStatements('trail', exempt)],
      },
      { kind: 'inventory', name: name('inventory'), lock: null, encryption: kms('audit'), statements: TLS_STATEMENTS },
      { kind: 'access-logs', name: name('access-logs'), lock: null, encryption: { algorithm: 'AES256', blockSseC: true }, statements: TLS_STATEMENTS },
    ],
    trail: { name: vaultTrailName(vault), bucket: name('trail'), dataEventBuckets: [name('vault'), name('records'), name('inventory')] },
    keys: { vault, aliasPrefix: epochAliasPrefix(vault), retentionDays: settings.retentionDays, today: now.toISOString().slice(0, 10) },
  };
}
