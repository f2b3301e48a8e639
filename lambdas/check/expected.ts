/**
 * What the stack promises about one deployed vault, derived from the same settings and names the
 * stack uses (lib/config.ts, lib/permissions.ts, lambdas/vault/naming.ts). The bucket-policy
 * table restates the statements lib/vault-bucket.ts, lib/records-bucket.ts, lib/audit-trail.ts
 * and lib/hardened-bucket.ts write; test/check/check.moto.test.ts provisions moto from the
 * synthesized template, so the two cannot drift apart unnoticed.
 *
 * | Bucket      | Object Lock                       | Encryption           | Policy statements (Deny to all but)      |
 * |-------------|-----------------------------------|----------------------|------------------------------------------|
 * | vault       | retentionMode, retentionDays      | SSE-KMS, epoch key   | TLS, uploads SSE-KMS with vault keys,    |
 * |             |                                   |                      | bypass (break-glass), version deletes    |
 * |             |                                   |                      | (shredder), reads (scanner, sealer,      |
 * |             |                                   |                      | shredder, break-glass, Macie), tags      |
 * |             |                                   |                      | (scanner), retention (break-glass),      |
 * |             |                                   |                      | legal holds (sealer, break-glass)        |
 * | records     | retentionMode, recordsRetention   | SSE-KMS, audit key   | TLS, bypass, version deletes (nobody),   |
 * |             |                                   |                      | uploads SSE-KMS                          |
 * | trail       | retentionMode, recordsRetention   | SSE-KMS, audit key   | TLS, bypass, version deletes (nobody),   |
 * |             |                                   |                      | log files SSE-KMS                        |
 * | inventory   | none                              | SSE-KMS, audit key   | TLS                                      |
 * | access-logs | none (log delivery needs that)    | SSE-S3               | TLS                                      |
 *
 * Every bucket: versioning Enabled, all four public-access-block flags on, SSE-C uploads blocked,
 * S3 Bucket Key on for SSE-KMS.
 */
import {
  BYPASS_GOVERNANCE_ACTIONS,
  DATA_READ_ACTIONS,
  LEGAL_HOLD_CHANGE_ACTIONS,
  RETENTION_CHANGE_ACTIONS,
  TAG_CHANGE_ACTIONS,
  VERSION_DELETE_ACTIONS,
} from '../../lib/permissions.js';
import { epochAliasPrefix, macieRoleArn, vaultBucketName, vaultRoleArn, vaultTrailName, type RoleKind } from '../../contract/naming.js';
import type { CheckSettings } from './settings.js';
import type { BucketExpectation, StatementExpectation, VaultEnv, VaultExpectation } from './types.js';

/** CDK's enforceSSL statements, on every bucket (no Sid: found by their condition). */
export const TLS_STATEMENTS: readonly StatementExpectation[] = [
  { name: 'SecureTransport', match: 'secure-transport', actions: ['s3:*'], exempt: [] },
  { name: 'TlsVersion', match: 'tls-version', actions: ['s3:*'], exempt: [] },
];

function sid(name: string, actions: readonly string[], exempt: readonly (string | undefined)[] = []): StatementExpectation {
  return { name, match: 'sid', actions, exempt: exempt.filter((a): a is string => a !== undefined) };
}

/** The expectations for the vault `settings` describe, deployed in `env`, checked on `now`. */
export function expectVault(settings: CheckSettings, env: VaultEnv, now: Date = new Date()): VaultExpectation {
  const vault = settings.vaultName;
  const name = (kind: BucketExpectation['kind']) => vaultBucketName(vault, kind, env);
  const role = (r: RoleKind) => vaultRoleArn(vault, r, env);
  const breakGlass = settings.breakGlass ? role('break-glass') : undefined;
  const macie = settings.macie ? macieRoleArn(env) : undefined;
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
        statements: [
          ...TLS_STATEMENTS,
          sid('DenyUploadsNotSseKms', ['s3:PutObject']),
          sid('DenyUploadsNotSseKmsCustomerKeys', ['s3:PutObject']),
          sid('DenyUploadsWithOtherKeys', ['s3:PutObject']),
          sid('DenyGovernanceBypassExceptBreakGlass', BYPASS_GOVERNANCE_ACTIONS, [breakGlass]),
          sid('DenyVersionDeletesExceptShredder', VERSION_DELETE_ACTIONS, [role('shredder')]),
          sid('DenyDataReadsExceptReaders', DATA_READ_ACTIONS, [role('scanner'), role('sealer'), role('shredder'), breakGlass, macie]),
          sid('DenyTagChangesExceptScanner', TAG_CHANGE_ACTIONS, [role('scanner')]),
          sid('DenyRetentionChangesExceptBreakGlass', RETENTION_CHANGE_ACTIONS, [breakGlass]),
          sid('DenyLegalHoldChangesExceptSealerAndBreakGlass', LEGAL_HOLD_CHANGE_ACTIONS, [role('sealer'), breakGlass]),
        ],
      },
      {
        kind: 'records',
        name: name('records'),
        lock: recordsLock,
        encryption: kms('audit'),
        statements: [
          ...TLS_STATEMENTS,
          sid('DenyGovernanceBypassExceptBreakGlass', BYPASS_GOVERNANCE_ACTIONS, [breakGlass]),
          sid('DenyVersionDeletes', VERSION_DELETE_ACTIONS),
          sid('DenyUploadsNotSseKms', ['s3:PutObject']),
          sid('DenyUploadsNotSseKmsCustomerKeys', ['s3:PutObject']),
        ],
      },
      {
        kind: 'trail',
        name: name('trail'),
        lock: recordsLock,
        encryption: kms('audit'),
        statements: [
          ...TLS_STATEMENTS,
          sid('DenyGovernanceBypassExceptBreakGlass', BYPASS_GOVERNANCE_ACTIONS, [breakGlass]),
          sid('DenyVersionDeletes', VERSION_DELETE_ACTIONS),
          sid('DenyLogFilesNotSseKms', ['s3:PutObject']),
          sid('DenyLogFilesNotSseKmsCustomerKeys', ['s3:PutObject']),
        ],
      },
      { kind: 'inventory', name: name('inventory'), lock: null, encryption: kms('audit'), statements: TLS_STATEMENTS },
      { kind: 'access-logs', name: name('access-logs'), lock: null, encryption: { algorithm: 'AES256', blockSseC: true }, statements: TLS_STATEMENTS },
    ],
    trail: { name: vaultTrailName(vault), bucket: name('trail'), dataEventBuckets: [name('vault'), name('records'), name('inventory')] },
    keys: { vault, aliasPrefix: epochAliasPrefix(vault), retentionDays: settings.retentionDays, today: now.toISOString().slice(0, 10) },
  };
}
