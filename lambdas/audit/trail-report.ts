/**
 * The report of `shredlock audit trail`. Object keys appear as the logs have them (auditors need
 * them); nothing else of a record is copied beyond the fields listed here (no source IPs, user
 * agents, request bodies or error messages). Documented in docs/auditors.md ("audit trail JSON").
 */
import type { ObjectLevel } from '../engine/types.js';

/** What makes the audit fail (exit 1). */
export const FLAG_KINDS = [
  /** A principal outside the expected principals read a confidential (or unclassified) object. */
  'UNEXPECTED_READER',
  /** A key was scheduled for deletion or deleted and no destruction certificate names it. */
  'DELETION_WITHOUT_CERTIFICATE',
  /** A request bypassed governance-mode retention and succeeded. */
  'GOVERNANCE_BYPASS',
  /** A log file (or some of its records) could not be read: the audit cannot say what it held. */
  'UNREADABLE_LOG',
  /** A destruction certificate was made on an overridden clock (`--now`, a drill): its retention check rests on a pretended time. */
  'CLOCK_OVERRIDDEN',
] as const;

/** One flag kind. */
export type FlagKind = (typeof FLAG_KINDS)[number];

/** One flagged item. `subject` is the principal, key ARN, object or log file concerned. */
export interface Flag {
  readonly kind: FlagKind;
  readonly subject: string;
  readonly time?: string;
  readonly detail: string;
}

/** One GetObject of a listed object. `sensitivity` is `unknown` when no scan report was given. */
export interface ObjectRead {
  readonly time: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly sensitivity: ObjectLevel | 'unknown';
}

/** The confidential reads of one principal. `expected` is absent when no expected list was given. */
export interface PrincipalReads {
  readonly principal: string;
  /** The role behind an assumed-role session. */
  readonly issuer?: string;
  readonly expected?: boolean;
  readonly flagged: boolean;
  readonly reads: readonly ObjectRead[];
}

/** One KMS lifecycle event of a key. */
export interface KeyEvent {
  readonly time: string;
  readonly event: string;
  readonly principal: string;
  /** ScheduleKeyDeletion: the deletion date as CloudTrail logs it. */
  readonly deletionDate?: string;
  readonly pendingWindowInDays?: number;
}

/** One key's lifecycle in the range. */
export interface KeyLifecycle {
  /** The key ARN, or the key id when no record names the ARN. */
  readonly key: string;
  readonly events: readonly KeyEvent[];
  /** After the last event: created, enabled, disabled, pending-deletion or deleted. */
  readonly state: string;
  readonly certificate?: { readonly file: string; readonly vault: string; readonly scheduledAt: string };
  readonly flagged: boolean;
}

/** A change to bucket policy, object lock, retention or legal hold, or any governance bypass. */
export interface ProtectionChange {
  readonly time: string;
  readonly event: string;
  readonly principal: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly versionId?: string;
  readonly bypassGovernance: boolean;
}

/** A request refused for lack of permission. */
export interface DeniedRequest {
  readonly time: string;
  readonly principal: string;
  readonly eventSource: string;
  readonly event: string;
  readonly errorCode: string;
  /** Bucket and key for S3, the key ARN or id for KMS, else the first resource ARN. */
  readonly target?: string;
  readonly bypassGovernance: boolean;
}

/** A log file that could not be (fully) read. */
export interface UnreadableLog {
  readonly key: string;
  readonly detail: string;
}

/** The whole report. */
export interface TrailReport {
  readonly source: string;
  readonly range: { from?: string; to?: string };
  readonly files: { readonly read: number; readonly records: number; readonly unreadable: readonly UnreadableLog[] };
  readonly confidentialReads: {
    readonly principals: readonly PrincipalReads[];
    /** GetObject reads of objects the scan report lists as public or sensitive, or does not list. */
    readonly otherReads: number;
  };
  readonly keys: readonly KeyLifecycle[];
  readonly protectionChanges: readonly ProtectionChange[];
  readonly denied: readonly DeniedRequest[];
  readonly flags: readonly Flag[];
  readonly summary: { readonly flagged: number; readonly byKind: Record<FlagKind, number> };
}
