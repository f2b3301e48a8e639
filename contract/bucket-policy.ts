/**
 * The statements of the locked buckets' policies, as data: the constructs write them
 * (lib/locked-bucket.ts) and the compliance check expects them (lambdas/check/expected.ts), so the
 * two cannot drift apart. Every statement is a Deny to every principal but the exempt roles; a role
 * the vault does not have (no break-glass principals, Macie off) is left out, and a statement that
 * exempts nobody denies everyone.
 *
 * | Bucket  | Statements, in order                                                              |
 * |---------|-----------------------------------------------------------------------------------|
 * | vault   | uploads SSE-KMS (+ customer keys), uploads with other keys, governance bypass     |
 * |         | (break-glass), version deletes (shredder), data reads (scanner, sealer, shredder, |
 * |         | break-glass, Macie), tag changes (scanner, Macie findings), retention changes     |
 * |         | (break-glass),                                                                    |
 * |         | legal-hold changes (sealer, break-glass)                                          |
 * | records | governance bypass (break-glass), version deletes (nobody), uploads SSE-KMS        |
 * | trail   | governance bypass (break-glass), version deletes (nobody), log files SSE-KMS      |
 *
 * CDK's enforceSSL statements (no Sid) come first on every bucket.
 */
import {
  BYPASS_GOVERNANCE_ACTIONS,
  DATA_READ_ACTIONS,
  LEGAL_HOLD_CHANGE_ACTIONS,
  RETENTION_CHANGE_ACTIONS,
  TAG_CHANGE_ACTIONS,
  UPLOAD_ACTIONS,
  VERSION_DELETE_ACTIONS,
} from './permissions.js';

/** Who a bucket-policy statement may exempt: vault roles and Macie's service-linked role. */
export type ExemptPrincipal = 'shredder' | 'scanner' | 'sealer' | 'break-glass' | 'macie' | 'macie-findings';

/** The ARN of each exempt principal the vault has (absent: the vault has no such principal). */
export type ExemptArns = Readonly<Partial<Record<ExemptPrincipal, string>>>;

/** Deny `actions` on every object to all principals but `exempt`. */
export interface DenyExceptStatement {
  readonly kind: 'deny-except';
  readonly sid: string;
  readonly actions: readonly string[];
  readonly exempt: readonly ExemptPrincipal[];
}

/**
 * Deny uploads that name an encryption other than SSE-KMS (Sid `sid`) or a customer-provided key
 * (Sid `<sid>CustomerKeys`), on every object or on CloudTrail's log files only (digest files are
 * always SSE-S3).
 */
export interface DenyUploadsNotSseKmsStatement {
  readonly kind: 'deny-uploads-not-sse-kms';
  readonly sid: string;
  readonly objects: 'all' | 'cloudtrail-log-files';
}

/** Deny uploads that name a KMS key other than the bucket's allowed upload keys. */
export interface DenyUploadsWithOtherKeysStatement {
  readonly kind: 'deny-uploads-with-other-keys';
  readonly sid: string;
}

/** One statement of a locked bucket's policy. */
export type BucketStatement = DenyExceptStatement | DenyUploadsNotSseKmsStatement | DenyUploadsWithOtherKeysStatement;

/** The Object-Locked buckets of a vault. */
export type LockedBucketKind = 'vault' | 'records' | 'trail';

const denyExcept = (sid: string, actions: readonly string[], exempt: readonly ExemptPrincipal[]): DenyExceptStatement => ({
  kind: 'deny-except',
  sid,
  actions,
  exempt,
});
const governanceBypass = denyExcept('DenyGovernanceBypassExceptBreakGlass', BYPASS_GOVERNANCE_ACTIONS, ['break-glass']);

/** The policy statements of each locked bucket, in the order they are written. */
export const BUCKET_POLICIES: Readonly<Record<LockedBucketKind, readonly BucketStatement[]>> = {
  vault: [
    { kind: 'deny-uploads-not-sse-kms', sid: 'DenyUploadsNotSseKms', objects: 'all' },
    { kind: 'deny-uploads-with-other-keys', sid: 'DenyUploadsWithOtherKeys' },
    governanceBypass,
    denyExcept('DenyVersionDeletesExceptShredder', VERSION_DELETE_ACTIONS, ['shredder']),
    denyExcept('DenyDataReadsExceptReaders', DATA_READ_ACTIONS, ['scanner', 'sealer', 'shredder', 'break-glass', 'macie']),
    denyExcept('DenyTagChangesExceptScanner', TAG_CHANGE_ACTIONS, ['scanner', 'macie-findings']),
    denyExcept('DenyRetentionChangesExceptBreakGlass', RETENTION_CHANGE_ACTIONS, ['break-glass']),
    denyExcept('DenyLegalHoldChangesExceptSealerAndBreakGlass', LEGAL_HOLD_CHANGE_ACTIONS, ['sealer', 'break-glass']),
  ],
  records: [
    governanceBypass,
    // Records are evidence: no principal deletes a version, ever (lifecycle expiry still applies).
    denyExcept('DenyVersionDeletes', VERSION_DELETE_ACTIONS, []),
    { kind: 'deny-uploads-not-sse-kms', sid: 'DenyUploadsNotSseKms', objects: 'all' },
  ],
  trail: [
    governanceBypass,
    denyExcept('DenyVersionDeletes', VERSION_DELETE_ACTIONS, []),
    { kind: 'deny-uploads-not-sse-kms', sid: 'DenyLogFilesNotSseKms', objects: 'cloudtrail-log-files' },
  ],
};

/** One written statement: its Sid, its actions and the ARNs it exempts. */
export interface WrittenStatement {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly exempt: readonly string[];
}

/** The ARNs of `exempt` that the vault has, in the statement's order. */
export function exemptArns(exempt: readonly ExemptPrincipal[], arns: ExemptArns): string[] {
  return exempt.map((p) => arns[p]).filter((arn): arn is string => arn !== undefined);
}

/** The Sids, actions and exempt ARNs one statement writes (an upload rule writes two statements). */
export function writtenStatements(statement: BucketStatement, arns: ExemptArns): WrittenStatement[] {
  switch (statement.kind) {
    case 'deny-except':
      return [{ sid: statement.sid, actions: statement.actions, exempt: exemptArns(statement.exempt, arns) }];
    case 'deny-uploads-not-sse-kms':
      return [
        { sid: statement.sid, actions: UPLOAD_ACTIONS, exempt: [] },
        { sid: customerKeysSid(statement.sid), actions: UPLOAD_ACTIONS, exempt: [] },
      ];
    case 'deny-uploads-with-other-keys':
      return [{ sid: statement.sid, actions: UPLOAD_ACTIONS, exempt: [] }];
  }
}

/** Sid of the statement that denies SSE-C uploads beside the SSE-KMS rule `sid`. */
export function customerKeysSid(sid: string): string {
  return `${sid}CustomerKeys`;
}
