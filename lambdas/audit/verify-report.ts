/**
 * The report of `shredlock audit verify`: what `aws cloudtrail validate-logs` tells, plus log
 * files no digest names. Documented in docs/auditors.md ("audit verify JSON"); change it only compatibly.
 */

/** Problem codes. Any problem makes the trail invalid (exit 1). */
export const PROBLEM_CODES = [
  /** Not gzip, not JSON, or not shaped like a digest. */
  'DIGEST_UNREADABLE',
  /** The digest names another bucket or key than where it was found: moved files break validation. */
  'DIGEST_MOVED',
  /** No signature: no S3 metadata / sidecar, and no newer digest names one. */
  'SIGNATURE_MISSING',
  /** The signature does not verify: the digest was altered or not signed by CloudTrail. */
  'SIGNATURE_INVALID',
  /** The digest names a key fingerprint that is not among the public keys given. */
  'UNKNOWN_KEY',
  /** The key's validity period does not cover the digest's end time. */
  'KEY_NOT_VALID',
  /** A signature or hash algorithm other than SHA256withRSA / SHA-256. */
  'UNSUPPORTED_ALGORITHM',
  /** A digest names a previous digest that is not in the store. */
  'DIGEST_MISSING',
  /** A link of the chain does not hold: the previous digest's hash or signature differs, or two digests claim one previous. */
  'CHAIN_BROKEN',
  /** A digest no chain of digests reaches. */
  'OUT_OF_CHAIN',
  /** A log file a digest names is not in the store. */
  'LOG_MISSING',
  /** A log file's uncompressed SHA-256 differs from its digest's `hashValue`. */
  'LOG_MODIFIED',
  /** A log file a digest names is not gzip. */
  'LOG_UNREADABLE',
  /** A log file in the range that no digest names. */
  'LOG_EXTRA',
  /** A log file that only digests whose signature did not verify name: nothing proves it. */
  'LOG_UNVERIFIED',
  /** The store failed to read an object (permissions, network). */
  'READ_FAILED',
] as const;

/** One problem code. */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** One problem, on one file. */
export interface Problem {
  readonly code: ProblemCode;
  /** The store key, or the S3 key a digest names when the file is absent. */
  readonly key: string;
  readonly detail: string;
}

/** Outcome for one digest file. */
export interface DigestResult {
  readonly key: string;
  /** `<prefix><account>/<region>/<trail>/<home region>[/backfill]`: digests of one chain. */
  readonly chain: string;
  /** End time from the file name. */
  readonly endTime: string;
  readonly status: 'valid' | 'invalid' | 'missing';
  readonly problems: readonly ProblemCode[];
}

/**
 * Outcome for one log file. `valid`: a digest whose signature verified with a known key lists it
 * with the same SHA-256, and only then; `unverified`: only digests whose signature did not verify
 * list it (`reason` says which and what its hash did); `pending`: newer than the newest digest can
 * cover yet (not a problem); `unreadable`: not gzip, or the store failed to read it.
 */
export interface LogFileResult {
  readonly key: string;
  readonly status: 'valid' | 'unverified' | 'missing' | 'modified' | 'unreadable' | 'extra' | 'pending';
  /** The digest that names it (a signed one when there is one). */
  readonly digest?: string;
  /** Why it is not valid, for `unverified`. */
  readonly reason?: string;
}

/** A restart of a chain (validation or logging was off): not a problem, but periods without digests. */
export interface ChainGap {
  readonly chain: string;
  /** The newest digest before the gap. */
  readonly before: string;
  /** The starting digest after the gap. */
  readonly after: string;
}

/**
 * The verdict: `valid` when something was verified and nothing is wrong; `invalid` on any problem;
 * `empty` when the range holds no digest and no log file, so nothing was verified (never `valid`).
 */
export type VerifyResult = 'valid' | 'invalid' | 'empty';

/** Exit code of `audit verify` and `evidence verify` for each result (2 is a usage error). */
export const VERIFY_EXIT_CODES: Readonly<Record<VerifyResult, number>> = { valid: 0, invalid: 1, empty: 3 };

/** The whole report. */
export interface VerifyReport {
  readonly source: string;
  readonly range: { from?: string; to?: string };
  readonly result: VerifyResult;
  /** True only when `result` is `valid`. */
  readonly valid: boolean;
  readonly digests: readonly DigestResult[];
  readonly logFiles: readonly LogFileResult[];
  readonly problems: readonly Problem[];
  readonly gaps: readonly ChainGap[];
  readonly summary: {
    readonly digests: Record<DigestResult['status'], number>;
    readonly logFiles: Record<LogFileResult['status'], number>;
    readonly problems: number;
  };
}
