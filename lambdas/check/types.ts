/**
 * The vocabulary of the compliance check: what the stack promises about one deployed vault
 * (expectations), what AWS says now (the live snapshot), and the drifts between them.
 */
import type { BucketKind } from '../../contract/naming.js';

/** One difference between the stack's promise and the live configuration. */
export interface Drift {
  /** `s3:<bucket>`, `cloudtrail:<trail>`, `kms:<alias or role> (<key id>)`. */
  readonly resource: string;
  /** What was compared, e.g. `versioning`, `policy DenyVersionDeletesExceptShredder`. */
  readonly property: string;
  readonly expected: string;
  readonly found: string;
}

/** The result of one check. Part of the JSON output and of the SNS message: change it compatibly. */
export interface CheckReport {
  readonly type: 'shredlock.check';
  readonly version: 1;
  readonly vault: string;
  readonly account: string;
  readonly region: string;
  readonly checkedAt: string;
  /** Properties compared. */
  readonly checked: number;
  /** True when there is no drift. */
  readonly compliant: boolean;
  readonly drifts: readonly Drift[];
}

/** Where the vault is deployed. */
export interface VaultEnv {
  readonly account: string;
  readonly region: string;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
}

/** Object Lock default retention. */
export interface LockExpectation {
  readonly mode: 'COMPLIANCE' | 'GOVERNANCE';
  readonly days: number;
}

/** Default encryption: SSE-KMS with a vault epoch key or the audit key, or SSE-S3. */
export type EncryptionExpectation =
  | { readonly algorithm: 'aws:kms'; readonly key: 'epoch' | 'audit'; readonly bucketKey: true; readonly blockSseC: true }
  | { readonly algorithm: 'AES256'; readonly blockSseC: true };

/**
 * One bucket-policy statement the stack writes: a Deny to everyone (Principal `*`), except the
 * principals in `exempt` (an exact set, through an `ArnNotEquals aws:PrincipalArn` condition).
 * Statements the stack writes without a Sid are found by their condition.
 */
export interface StatementExpectation {
  /** The Sid, or `SecureTransport` / `TlsVersion` for CDK's unnamed enforceSSL statements. */
  readonly name: string;
  readonly match: 'sid' | 'secure-transport' | 'tls-version';
  readonly actions: readonly string[];
  /** Principal ARNs the Deny does not apply to; empty: nobody. Undefined: not compared (conditions other than principals). */
  readonly exempt?: readonly string[];
}

/** What the stack promises about one bucket. */
export interface BucketExpectation {
  readonly kind: BucketKind;
  readonly name: string;
  /** Null: no default retention (S3 will not deliver server access logs to such a bucket). */
  readonly lock: LockExpectation | null;
  readonly encryption: EncryptionExpectation;
  readonly statements: readonly StatementExpectation[];
}

/** What the stack promises about the trail. */
export interface TrailExpectation {
  readonly name: string;
  readonly bucket: string;
  /** Buckets whose S3 object events (read and write) are recorded. */
  readonly dataEventBuckets: readonly string[];
}

/** What the stack promises about the vault's keys. */
export interface KeyExpectation {
  readonly vault: string;
  readonly aliasPrefix: string;
  readonly retentionDays: number;
  /** `YYYY-MM-DD` (UTC): a key may be disabled or pending deletion only from its shred-not-before day. */
  readonly today: string;
}

/** Everything the stack promises about one deployed vault. */
export interface VaultExpectation {
  readonly vault: string;
  readonly env: VaultEnv;
  readonly buckets: readonly BucketExpectation[];
  readonly trail: TrailExpectation;
  readonly keys: KeyExpectation;
}

/** A live value, or why it could not be read (an error code such as `S3_ACCESS_DENIED`). */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Object Lock configuration as read. */
export interface LiveLock {
  readonly enabled: boolean;
  readonly mode?: string;
  readonly days?: number;
  readonly years?: number;
}

/** Default encryption as read; `keyId` resolved from an alias or ARN when it names a KMS key. */
export interface LiveEncryption {
  readonly algorithm: string;
  /** As configured (key id, key ARN, alias name or alias ARN). */
  readonly key?: string;
  /** The key id KMS resolves `key` to (undefined when it could not). */
  readonly keyId?: string;
  readonly bucketKey: boolean;
  readonly blockedTypes: readonly string[];
}

/** Public access block flags as read. */
export interface LivePublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

/** A policy statement as read (JSON of the bucket policy). */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** One bucket as read. `exists: false` when S3 answers NoSuchBucket (the other reads are then errors). */
export interface LiveBucket {
  readonly name: string;
  readonly exists: boolean;
  /** `Enabled`, `Suspended`, or `never enabled`. */
  readonly versioning: Read<string>;
  readonly lock: Read<LiveLock | null>;
  readonly encryption: Read<LiveEncryption | null>;
  readonly publicAccessBlock: Read<LivePublicAccessBlock | null>;
  readonly policy: Read<readonly PolicyStatement[] | null>;
}

/** A KMS key as read. */
export interface LiveKey {
  readonly keyId: string;
  /** The epoch alias pointing at it; undefined for the audit key. */
  readonly alias?: string;
  readonly epoch?: string;
  /** `Enabled`, `Disabled`, `PendingDeletion`, `missing`, or the KMS state name of another. */
  readonly state: Read<string>;
  readonly deletionDate?: string;
  /** Undefined when not applicable (a key pending deletion or missing). */
  readonly rotation?: Read<boolean>;
  readonly tags: Read<Readonly<Record<string, string>>>;
}

/** Basic and advanced event selectors, reduced to what the check compares. */
export interface LiveSelectors {
  /** `ReadWriteType` of management events, undefined when none are included. */
  readonly managementEvents?: string;
  /** S3 object-event coverage by bucket ARN prefix (`arn:aws:s3:::b/`, or `arn:aws:s3` for all): read-write type. */
  readonly s3Objects: readonly { readonly prefix: string; readonly readWrite: string }[];
}

/** The trail as read. */
export interface LiveTrail {
  readonly name: string;
  readonly exists: boolean;
  readonly config: Read<{
    readonly bucket?: string;
    readonly multiRegion: boolean;
    readonly globalEvents: boolean;
    readonly logFileValidation: boolean;
    readonly kmsKeyId?: string;
  }>;
  readonly status: Read<{ readonly logging: boolean; readonly deliveryError?: string; readonly digestDeliveryError?: string }>;
  readonly selectors: Read<LiveSelectors>;
}

/** Everything read about one vault. */
export interface LiveVault {
  readonly buckets: readonly LiveBucket[];
  readonly trail: LiveTrail;
  /** The keys behind the vault's epoch aliases, oldest epoch first. */
  readonly epochKeys: Read<readonly LiveKey[]>;
  /** The audit key (the trail's key, else the records bucket's), when one is configured. */
  readonly auditKey?: LiveKey;
}
