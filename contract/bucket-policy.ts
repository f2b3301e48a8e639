/**
 * The statements of the locked buckets' policies, as data: the constructs write them
 * (lib/locked-bucket.ts) and the compliance check expects them (lambdas/check/expected.ts), so the
 * two cannot drift apart. Every statement is a Deny to every principal but the exempt roles; a role
 * the vault does not have (no break-glass principals, Macie off) is left out, and a statement that
 * exempts nobody denies everyone.
 *
 * | Bucket  | Statements, in order                                                              |
 * |---------|-----------------------------------------------------------------------------------|
 * | vault   | uploads naming an encryption (+ key id, customer keys), governance bypass         |
 * |         | (break-glass), version deletes (shredder), data reads (scanner, sealer, shredder, |
 * |         | break-glass, Macie), tag changes (scanner, Macie findings), retention changes     |
 * |         | (break-glass), legal-hold changes (sealer, break-glass)                           |
 * | records | governance bypass (break-glass), version deletes (nobody), delete markers         |
 * |         | (nobody), uploads naming an encryption (+ key id, customer keys), overwrites of   |
 * |         | write-once records                                                                |
 * | trail   | governance bypass (break-glass), version deletes (nobody), delete markers         |
 * |         | (nobody), log files SSE-KMS (+ customer keys)                                     |
 *
 * CDK's enforceSSL statements (no Sid) come first on every bucket.
 *
 * Why uploads to the vault and the records bucket may name no encryption at all: the key that
 * covers a version must be the bucket's default, the current epoch key (vault) or the audit key
 * (records). The vault's default changes at each rotation (the rotator calls PutBucketEncryption)
 * while this policy is static, so no key list can name "the current default": a writer allowed to
 * name an epoch key or alias could put new data under an old epoch's key, which the shredder's
 * inventory evidence credits to keys by time. And `x-amz-server-side-encryption: aws:kms` without
 * a key id does not mean "the default": S3 then uses the AWS managed key `aws/s3`, which no shred
 * can destroy. So any upload that carries the encryption header, a KMS key id or SSE-C headers is
 * refused, and every upload gets the bucket default (Bucket Key on). The trail bucket keeps the
 * SSE-KMS rule: CloudTrail names the audit key itself, and digest files are always SSE-S3.
 *
 * Write-once records (WRITE_ONCE_RECORDS) are refused without `If-None-Match` (`s3:if-none-match`),
 * so even their writers cannot put a second version over one. The other records are rewritten by
 * design and stay outside the rule:
 *
 * | Records                                   | Why they are rewritten                                    |
 * |-------------------------------------------|-----------------------------------------------------------|
 * | `epochs/` (epoch ledger)                  | the rotator updates an epoch's entry (activation, key)    |
 * | `state/backlog/`, scanner range checkpoints | resume state, replaced as a scan advances               |
 * | `reports/`                                | scan and tag reports: named per run, written by a plain   |
 * |                                           | PutObject (lambdas/scanner/report-writer.ts), not promised|
 * |                                           | write-once                                                |
 * | `incidents/<id>/intent*.json`             | a retry of a seal revision merges into its intent         |
 * | `incidents/<id>/manifest*.tsv`            | the seal record pins the manifest's version and SHA-256   |
 * | `incidents/<id>/notification.*`           | rewritten when the incident's manifests change            |
 *
 * Every writer of a write-once key sends `If-None-Match: *` (putNewRecord in
 * lambdas/vault/records.ts; the seal and unseal records with `exclusive: true`). A multipart
 * upload to those keys is refused too (UploadPart carries no conditional header); none is made.
 */
import { INCIDENTS_PREFIX, RECORD_PREFIXES } from './naming.js';
import {
  BYPASS_GOVERNANCE_ACTIONS,
  DATA_READ_ACTIONS,
  DELETE_MARKER_ACTIONS,
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

/**
 * Deny uploads that name any encryption (Sid `sid`: the `x-amz-server-side-encryption` header), a
 * KMS key id (Sid `<sid>KeyId`) or a customer-provided key (Sid `<sid>CustomerKeys`), so the
 * bucket's default key always applies (see the module doc).
 */
export interface DenyUploadsNamingEncryptionStatement {
  readonly kind: 'deny-uploads-naming-encryption';
  readonly sid: string;
}

/** Deny uploads to `objects` (key patterns) that do not carry `If-None-Match` (write-once records). */
export interface DenyOverwritesStatement {
  readonly kind: 'deny-overwrites';
  readonly sid: string;
  readonly objects: readonly string[];
}

/** One statement of a locked bucket's policy. */
export type BucketStatement =
  | DenyExceptStatement
  | DenyUploadsNotSseKmsStatement
  | DenyUploadsNamingEncryptionStatement
  | DenyOverwritesStatement;

/**
 * Record keys written exactly once (see the module doc): destruction certificates with their
 * manifests, completion and cancellation records, and the incidents' seal and unseal records of
 * every revision (lambdas/seal/layout.ts).
 */
export const WRITE_ONCE_RECORDS = [
  `${RECORD_PREFIXES.certificates}*`,
  `${INCIDENTS_PREFIX}*/seal*.json`,
  `${INCIDENTS_PREFIX}*/unseal*.json`,
] as const;

/** The Object-Locked buckets of a vault. */
export type LockedBucketKind = 'vault' | 'records' | 'trail';

const denyExcept = (sid: string, actions: readonly string[], exempt: readonly ExemptPrincipal[]): DenyExceptStatement => ({
  kind: 'deny-except',
  sid,
  actions,
  exempt,
});
const governanceBypass = denyExcept('DenyGovernanceBypassExceptBreakGlass', BYPASS_GOVERNANCE_ACTIONS, ['break-glass']);
// Evidence: no principal deletes a version or hides one behind a delete marker, ever (lifecycle
// expiry still applies: it is not a request the policy sees).
const versionDeletes = denyExcept('DenyVersionDeletes', VERSION_DELETE_ACTIONS, []);
const deleteMarkers = denyExcept('DenyDeleteMarkers', DELETE_MARKER_ACTIONS, []);
const uploadsNamingEncryption: DenyUploadsNamingEncryptionStatement = { kind: 'deny-uploads-naming-encryption', sid: 'DenyUploadsNamingEncryption' };

/** The policy statements of each locked bucket, in the order they are written. */
export const BUCKET_POLICIES: Readonly<Record<LockedBucketKind, readonly BucketStatement[]>> = {
  vault: [
    uploadsNamingEncryption,
    governanceBypass,
    denyExcept('DenyVersionDeletesExceptShredder', VERSION_DELETE_ACTIONS, ['shredder']),
    denyExcept('DenyDataReadsExceptReaders', DATA_READ_ACTIONS, ['scanner', 'sealer', 'shredder', 'break-glass', 'macie']),
    denyExcept('DenyTagChangesExceptScanner', TAG_CHANGE_ACTIONS, ['scanner', 'macie-findings']),
    denyExcept('DenyRetentionChangesExceptBreakGlass', RETENTION_CHANGE_ACTIONS, ['break-glass']),
    denyExcept('DenyLegalHoldChangesExceptSealerAndBreakGlass', LEGAL_HOLD_CHANGE_ACTIONS, ['sealer', 'break-glass']),
  ],
  records: [
    governanceBypass,
    versionDeletes,
    deleteMarkers,
    uploadsNamingEncryption,
    { kind: 'deny-overwrites', sid: 'DenyWriteOnceRecordOverwrites', objects: WRITE_ONCE_RECORDS },
  ],
  trail: [
    governanceBypass,
    versionDeletes,
    deleteMarkers,
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

/** The Sids, actions and exempt ARNs one statement writes (an encryption rule writes two or three statements). */
export function writtenStatements(statement: BucketStatement, arns: ExemptArns): WrittenStatement[] {
  switch (statement.kind) {
    case 'deny-except':
      return [{ sid: statement.sid, actions: statement.actions, exempt: exemptArns(statement.exempt, arns) }];
    case 'deny-uploads-not-sse-kms':
      return [
        { sid: statement.sid, actions: UPLOAD_ACTIONS, exempt: [] },
        { sid: customerKeysSid(statement.sid), actions: UPLOAD_ACTIONS, exempt: [] },
      ];
    case 'deny-uploads-naming-encryption':
      return [statement.sid, keyIdSid(statement.sid), customerKeysSid(statement.sid)].map((sid) => ({ sid, actions: UPLOAD_ACTIONS, exempt: [] }));
    case 'deny-overwrites':
      return [{ sid: statement.sid, actions: UPLOAD_ACTIONS, exempt: [] }];
  }
}

/** Sid of the statement that denies uploads naming a KMS key id beside the encryption rule `sid`. */
export function keyIdSid(sid: string): string {
  return `${sid}KeyId`;
}

/** Sid of the statement that denies SSE-C uploads beside the SSE-KMS rule `sid`. */
export function customerKeysSid(sid: string): string {
  return `${sid}CustomerKeys`;
}
