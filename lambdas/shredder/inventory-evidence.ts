/**
 * Retention evidence from the vault's S3 Inventory, for buckets too large to list and head
 * (evidence.ts stops at `maxVersions`). Same shape as evidence.ts (BucketEvidence), with method
 * `inventory` and the manifest that proved it (its key and SHA-256) in `inventory`.
 *
 * The Inventory reports each version's Object Lock mode, retain-until date, legal hold and
 * encryption status, but not its KMS key. So versions are attributed to keys by time, from the
 * epoch ledger (lambdas/vault/ledger.ts). A key is the bucket default from its epoch's activation
 * until the next epoch's; the ledger gives `from` (the planned start; activation is never earlier)
 * and `activatedAt` (written just after the switch; never much earlier than it). The window of
 * entry i, a superset of when its key could have been the default, widened by `boundaryMargin`:
 *
 * | Bound | Value                                                                                  |
 * |-------|----------------------------------------------------------------------------------------|
 * | start | `from` (first ledger entry), `from - margin` (every later entry)                       |
 * | end   | next entry's `activatedAt + margin`; open (never ends) when the next entry has no      |
 * |       | `activatedAt` or there is no next entry                                                |
 *
 * Around each activation two windows overlap: a version written there may be under either key.
 * Each row (by LastModifiedDate; delete markers are counted and ignored) is then:
 *
 * | LastModifiedDate falls in            | EncryptionStatus | Outcome                                              |
 * |--------------------------------------|------------------|------------------------------------------------------|
 * | no window (before the ledger, a gap) | any              | shared blocker `unattributed` OUTSIDE_LEDGER         |
 * | one window, of a key asked about     | SSE-KMS          | covered; `retained` / `legal-hold` from its row      |
 * | one or two windows, one asked about  | not SSE-KMS      | key blocker `unattributed` NOT_SSE_KMS (incomplete)  |
 * | two windows, one asked about         | SSE-KMS          | HeadObject: its SSEKMSKeyId decides (see below)      |
 * | windows of other keys only           | SSE-KMS / other  | versionsOfOtherKeys / versionsWithoutKms             |
 * | a row that does not parse            | -                | shared blocker `unreadable` INVENTORY_ROW_INVALID    |
 *
 * A version resolved by HeadObject is judged on the inventory's lock fields and HeadObject's
 * together (either one retained or held blocks); a failed HeadObject is a shared `unreadable`, a
 * 404 that a fresh listing does not confirm a shared `not-found` (version-head.ts).
 * At most `maxBoundaryVersions` are resolved; more makes the evidence incomplete.
 *
 * The evidence is incomplete (refused as `evidence-incomplete`) for every key when: no manifest;
 * manifest.checksum missing or not the manifest's MD5; manifest not the documented CSV format,
 * `version`, source bucket or destination bucket; a required column missing from `fileSchema`;
 * the inventory older than `maxAgeDays` or dated after `now`; a data file missing, unreadable, or
 * not of the manifest's size and MD5. For one key (KeyEvidence.problems) when: the key is not in
 * the ledger (or in it twice); its window is still open; the inventory began before its window's
 * end plus `settleHours` (the Inventory is eventually consistent: it may miss recent writes).
 *
 * Versions written after the inventory began need no listing: every proved window ended at least
 * `settleHours` before it, so default encryption cannot have put them under the key. Residual risks:
 * (1) a write that names a key in its headers is attributed by its time, not its key: the vault
 * policy allows uploads naming any epoch alias of the vault (and the stack's first key), so a
 * version written later under an older epoch's alias is not counted for that key; (2) a legal hold
 * placed, or retention extended, after the inventory began (at most `maxAgeDays` ago) is not seen.
 * Mitigations: the bucket's current default key is never shredded (safety.ts); KMS gives no new data
 * keys from a disabled key; after DisableKey, execute.ts proves again and inventory-recheck.ts
 * reads every covered version with HeadObject (one epoch's worth), which closes (2) for the
 * covered versions. (1) stays open until the vault policy denies uploads naming any key but the
 * bucket's current default.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { keyHash } from '../aws/object-ref.js';
import { forEachLimit } from '../shared/pool.js';
import type { VaultConfig } from '../vault/config.js';
import { listLedger, type LedgerEntry } from '../vault/ledger.js';
import { INVENTORY_CONFIG_ID, INVENTORY_PREFIX } from '../../contract/naming.js';
import { lockBlocker, type Blocker, type BucketEvidence, type CoveredVersion, type InventoryProblem, type InventoryProof } from './evidence-model.js';
import { checkInventoryManifest } from './inventory-manifest-check.js';
import { readInventoryFile, s3InventoryStore, type InventoryStore } from './inventory-reader.js';
import { readRow } from './inventory-rows.js';
import { keyWindows, segmentsOf, windowsAt, type KeyWindow } from './inventory-windows.js';
import { judgeHead, readVersion, type HeadOutcome, type VersionToRead } from './version-head.js';

/** Id of the vault's inventory configuration (vault/naming.ts, where the stack takes it from too). */
export { INVENTORY_CONFIG_ID };
/** Destination prefix of the vault's inventory unless configured (vault/naming.ts INVENTORY_PREFIX, the stack's). */
export const DEFAULT_INVENTORY_PREFIX = INVENTORY_PREFIX;

/** Defaults of InventoryEvidenceOptions, as data. */
export const INVENTORY_EVIDENCE_DEFAULTS = {
  maxAgeDays: 2,
  settleHours: 24,
  boundaryMarginMinutes: 60,
  maxBoundaryVersions: 10_000,
  maxSharedBlockers: 10_000,
  maxRecheckVersions: 1_000_000,
  concurrency: 16,
} as const;

/** Why the inventory proves nothing for one key (KeyEvidence.problems). */
export type KeyProblemCode =
  | 'KEY_NOT_IN_LEDGER'
  | 'KEY_IN_SEVERAL_EPOCHS'
  | 'WINDOW_OPEN'
  | 'INVENTORY_BEFORE_WINDOW_END'
  | 'NOT_SSE_KMS_IN_WINDOW';

/** Options of the inventory evidence (defaults in INVENTORY_EVIDENCE_DEFAULTS). */
export interface InventoryEvidenceOptions {
  /** An inventory older than this proves nothing. @default 2 */
  readonly maxAgeDays?: number;
  /** Hours after a key's window ends before an inventory is trusted to list every version of it. @default 24 */
  readonly settleHours?: number;
  /** Widening of each window around activations (clock skew, configuration propagation). @default 60 */
  readonly boundaryMarginMinutes?: number;
  /** Versions around activations resolved with HeadObject; more makes the evidence incomplete. @default 10000 */
  readonly maxBoundaryVersions?: number;
  /** Shared blockers kept; more makes the evidence incomplete. @default 10000 */
  readonly maxSharedBlockers?: number;
  /** Covered versions read again after DisableKey (inventory-recheck.ts); more makes it incomplete. @default 1000000 */
  readonly maxRecheckVersions?: number;
  /** HeadObject calls in flight. @default 16 */
  readonly concurrency?: number;
}

/** What the inventory evidence reads from. */
export interface InventorySources {
  readonly store: InventoryStore;
  /** The vault's epoch ledger (every entry). */
  readonly ledger: readonly LedgerEntry[];
  /** One version of the vault bucket read (version-head.ts readVersion). */
  readonly resolve: (version: VersionToRead) => Promise<HeadOutcome>;
}

/** Where the vault's inventory is delivered. */
export interface InventoryTarget {
  readonly vaultBucket: string;
  /** Destination prefix of the inventory configuration. @default DEFAULT_INVENTORY_PREFIX */
  readonly prefix?: string;
}

/** The lock fields of one version. */
type Lock = Pick<CoveredVersion, 'lockMode' | 'retainUntil' | 'legalHold'>;

interface Row extends VersionToRead {
  readonly size: number;
  readonly lock: Lock;
}

interface KeyTally {
  readonly covered: CoveredVersion[];
  readonly blockers: Blocker[];
  readonly problems: Set<KeyProblemCode>;
}

/** The running state of one proof: what every row and HeadObject added. */
class Tally {
  readonly wanted: Map<string, KeyTally>;
  readonly problems: InventoryProblem[] = [];
  readonly shared: Blocker[] = [];
  readonly counts = { versionsListed: 0, deleteMarkers: 0, versionsOfOtherKeys: 0, versionsWithoutKms: 0, versionsVanished: 0, rows: 0, resolved: 0 };
  readonly boundary: Row[] = [];
  files = 0;
  proof: Pick<InventoryProof, 'manifestKey' | 'manifestSha256' | 'creationTimestamp'> = {};

  constructor(
    keyIds: readonly string[],
    private readonly now: Date,
    private readonly o: Required<InventoryEvidenceOptions>,
  ) {
    this.wanted = new Map(keyIds.map((id) => [id, { covered: [], blockers: [], problems: new Set() }]));
  }

  problem(p: InventoryProblem): void {
    if (!this.problems.some((q) => q.code === p.code && q.file === p.file)) this.problems.push(p);
  }

  block(b: Blocker): void {
    if (this.shared.length < this.o.maxSharedBlockers) this.shared.push(b);
    else this.problem({ code: 'TOO_MANY_BLOCKERS' });
  }

  cover(keyId: string, row: Row, lock: Lock): void {
    const e = this.wanted.get(keyId);
    if (!e) return;
    const version: CoveredVersion = { key: row.key, versionId: row.versionId, etag: row.etag, size: row.size, ...lock };
    e.covered.push(version);
    const blocker = lockBlocker(version, this.now);
    if (blocker) e.blockers.push(blocker);
  }

  toBoundary(row: Row): void {
    if (this.boundary.length < this.o.maxBoundaryVersions) this.boundary.push(row);
    else this.problem({ code: 'TOO_MANY_BOUNDARY_VERSIONS' });
  }

  evidence(vaultBucket: string): BucketEvidence {
    const { rows, resolved, ...counts } = this.counts;
    return {
      bucket: vaultBucket,
      method: 'inventory',
      checkedAt: this.now.toISOString(),
      ...counts,
      shared: this.shared,
      complete: this.problems.length === 0,
      byKey: new Map(
        [...this.wanted].map(([keyId, e]) => [
          keyId,
          { keyId, covered: e.covered, blockers: e.blockers, ...(e.problems.size > 0 ? { problems: [...e.problems].sort() } : {}) },
        ]),
      ),
      inventory: { ...this.proof, files: this.files, rows, versionsResolvedByHead: resolved, problems: this.problems },
    };
  }
}

/** Each asked key's window, and whether an inventory begun at `created` has all of it. */
function checkWindows(tally: Tally, windows: readonly KeyWindow[], created: number, settleHours: number): void {
  for (const [keyId, e] of tally.wanted) {
    const own = windows.filter((w) => w.keyId === keyId);
    if (own.length === 0) e.problems.add('KEY_NOT_IN_LEDGER');
    else if (own.length > 1) e.problems.add('KEY_IN_SEVERAL_EPOCHS');
    else if (!Number.isFinite((own[0] as KeyWindow).end)) e.problems.add('WINDOW_OPEN');
    else if (created < (own[0] as KeyWindow).end + settleHours * 3_600_000) e.problems.add('INVENTORY_BEFORE_WINDOW_END');
  }
}

/** Attributes one CSV row by its time (the second table of the module doc). */
function attributeRow(tally: Tally, fields: string[] | undefined, index: ReadonlyMap<string, number>, vaultBucket: string, keysAt: (t: number) => string[]): void {
  tally.counts.rows++;
  const row = readRow(fields, index, vaultBucket);
  if (row.kind === 'invalid') {
    tally.block({ versionId: row.versionId, keyHash: row.keyHashOf ? keyHash(row.keyHashOf) : '', reasons: ['unreadable'], code: 'INVENTORY_ROW_INVALID' });
    return;
  }
  if (row.kind === 'delete-marker') {
    tally.counts.deleteMarkers++;
    return;
  }
  tally.counts.versionsListed++;
  const inWindows = keysAt(row.written);
  if (inWindows.length === 0) {
    tally.block({ versionId: row.versionId, keyHash: keyHash(row.key), reasons: ['unattributed'], code: 'OUTSIDE_LEDGER' });
    return;
  }
  const candidates = inWindows.filter((id) => tally.wanted.has(id));
  if (candidates.length === 0) {
    if (row.kms) tally.counts.versionsOfOtherKeys++;
    else tally.counts.versionsWithoutKms++;
  } else if (!row.kms) {
    for (const id of candidates) {
      const e = tally.wanted.get(id) as KeyTally;
      e.blockers.push({ versionId: row.versionId, keyHash: keyHash(row.key), reasons: ['unattributed'], code: 'NOT_SSE_KMS' });
      e.problems.add('NOT_SSE_KMS_IN_WINDOW');
    }
  } else if (inWindows.length === 1) {
    tally.cover(candidates[0] as string, row, row.lock);
  } else {
    tally.toBoundary(row);
  }
}

/** Versions written around an activation: HeadObject names their key; either lock source blocks. */
async function resolveBoundary(tally: Tally, resolve: InventorySources['resolve'], concurrency: number): Promise<void> {
  await forEachLimit(tally.boundary, concurrency, async (row) => {
    const verdict = judgeHead(row, await resolve(row));
    tally.counts.resolved++;
    if (verdict.kind === 'vanished') tally.counts.versionsVanished++;
    else if (verdict.kind === 'shared') tally.block(verdict.blocker);
    // The inventory said SSE-KMS: no key cannot be attributed.
    else if (verdict.kind === 'without-kms') tally.block({ versionId: row.versionId, keyHash: keyHash(row.key), reasons: ['unattributed'] });
    else if (tally.wanted.has(verdict.keyId)) tally.cover(verdict.keyId, row, mergeLocks(row.lock, verdict.version));
    else tally.counts.versionsOfOtherKeys++;
  });
}

/** The stricter of two readings of one version's lock: the later retain-until, a hold from either. */
export function mergeLocks(a: Lock, b: Lock): Lock {
  const until = latest(a.retainUntil, b.retainUntil);
  const mode = until !== undefined && until === b.retainUntil ? (b.lockMode ?? a.lockMode) : (a.lockMode ?? b.lockMode);
  return { ...(mode ? { lockMode: mode } : {}), ...(until ? { retainUntil: until } : {}), legalHold: a.legalHold || b.legalHold };
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Proves from the latest inventory, for each of `keyIds` (ids, not ARNs). See the module doc. */
export async function inventoryEvidence(
  sources: InventorySources,
  target: InventoryTarget,
  keyIds: readonly string[],
  now: Date,
  options: InventoryEvidenceOptions = {},
): Promise<BucketEvidence> {
  const o = { ...INVENTORY_EVIDENCE_DEFAULTS, ...options };
  const tally = new Tally(keyIds, now, o);
  const { store } = sources;

  const check = await checkInventoryManifest(store, target.vaultBucket, target.prefix ?? DEFAULT_INVENTORY_PREFIX, now, o.maxAgeDays);
  tally.proof = check.proof;
  for (const p of check.problems) tally.problem(p);
  if (!check.manifest || tally.problems.length > 0) return tally.evidence(target.vaultBucket);

  const windows = keyWindows(sources.ledger, o.boundaryMarginMinutes * 60_000);
  checkWindows(tally, windows, check.created, o.settleHours);
  const segments = segmentsOf(windows);
  const keysAt = (t: number) => windowsAt(segments, t).map((i) => (windows[i] as KeyWindow).keyId);
  const index = new Map(check.columns.map((c, i) => [c, i]));

  for (const file of check.manifest.files) {
    tally.files++;
    const read = await readInventoryFile(store, file, (fields) => attributeRow(tally, fields, index, target.vaultBucket, keysAt));
    if (read.failure === 'missing') tally.problem({ code: 'FILE_MISSING', file: file.key });
    else if (read.failure === 'unreadable') tally.problem({ code: 'FILE_UNREADABLE', file: file.key });
    else if (read.size !== file.size) tally.problem({ code: 'FILE_SIZE_MISMATCH', file: file.key });
    else if (read.md5 !== file.MD5checksum.toLowerCase()) tally.problem({ code: 'FILE_MD5_MISMATCH', file: file.key });
  }
  if (tally.problems.length > 0) return tally.evidence(target.vaultBucket);

  await resolveBoundary(tally, sources.resolve, o.concurrency);
  return tally.evidence(target.vaultBucket);
}

/** The vault's inventory location: configured bucket and prefix. */
export type InventoryVaultConfig = Pick<VaultConfig, 'vaultName' | 'vaultBucket' | 'recordsBucket'> & {
  readonly inventoryBucket: string;
  readonly inventoryPrefix?: string;
};

/** inventoryEvidence on AWS: the inventory bucket, the ledger in the records bucket, readVersion on the vault. */
export async function collectInventoryEvidence(
  s3: S3Client,
  config: InventoryVaultConfig,
  keyIds: readonly string[],
  now: Date,
  options: InventoryEvidenceOptions = {},
): Promise<BucketEvidence> {
  const ledger = await listLedger(s3, config.recordsBucket, config.vaultName);
  return inventoryEvidence(
    { store: s3InventoryStore(s3, config.inventoryBucket), ledger, resolve: (v) => readVersion(s3, config.vaultBucket, v) },
    { vaultBucket: config.vaultBucket, ...(config.inventoryPrefix ? { prefix: config.inventoryPrefix } : {}) },
    keyIds,
    now,
    options,
  );
}
