/**
 * Walks one chain of digests, newest first, as `aws cloudtrail validate-logs` does: each digest's
 * signature is checked, then its `previousDigest*` fields lead to the next older digest, whose
 * hash must equal `previousDigestHashValue` and whose signature must equal
 * `previousDigestSignature`. A starting digest (previous fields null) or a missing digest ends a
 * run; the walk resumes at the newest digest older than it. Digests no run reaches are out of chain.
 */
import { DIGEST_LAG_MS, inRange, type TimeRange } from './range.js';
import {
  HASH_ALGORITHM,
  SIGNATURE_ALGORITHM,
  isStartingDigest,
  verifyDigestSignature,
  type LoadedDigest,
} from './digest.js';
import { parseTrailKey, trailPath, type DigestFileName } from './layout.js';
import type { TrailPublicKey } from './public-keys.js';
import type { TrailStore } from './store.js';
import type { ChainGap, ProblemCode } from './verify-report.js';

/** A digest file found in the store. */
export interface DigestEntry {
  readonly key: string;
  readonly path: string;
  readonly name: DigestFileName;
  readonly chain: string;
}

/** What the walk needs and where it records what it finds. */
export interface ChainContext {
  readonly store: TrailStore;
  readonly keys: readonly TrailPublicKey[];
  readonly range: TimeRange;
  /** Every digest in the store by trail path, in range or not. */
  readonly byPath: ReadonlyMap<string, DigestEntry>;
  /** Reads and parses a digest (cached); records READ_FAILED / DIGEST_UNREADABLE and returns undefined. */
  load(entry: DigestEntry): Promise<LoadedDigest | undefined>;
  /** Records a problem on a key. */
  problem(key: string, code: ProblemCode, detail: string): void;
  /** Records a digest that is named but absent. */
  missing(key: string, chain: string, time: Date | undefined): void;
  /** Keys of the digests whose signature verified with a known public key valid at their end time. */
  readonly signed: Set<string>;
  readonly gaps: ChainGap[];
}

interface Cursor {
  readonly entry: DigestEntry;
  /** `previousDigestSignature` of the newer digest that named this one. */
  readonly expectedSignature?: string;
  readonly namedBy?: string;
}

/**
 * Checks location, algorithm and signature of one digest; adds it to `ctx.signed` only when its
 * signature verified with a known key valid at its end time. A `previousDigestSignature` that
 * differs from this digest's signature is put on the newer digest that holds that link, as a hash
 * mismatch on the same link is (walkChain): a link belongs to the digest that makes it.
 */
async function checkDigest(ctx: ChainContext, cursor: Cursor, loaded: LoadedDigest): Promise<void> {
  const { entry, expectedSignature, namedBy } = cursor;
  const d = loaded.digest;
  const bucket = ctx.store.bucket;
  if (trailPath(d.digestS3Object) !== entry.path || (bucket !== undefined && (d.digestS3Bucket !== bucket || d.digestS3Object !== entry.key))) {
    ctx.problem(entry.key, 'DIGEST_MOVED', `content names s3://${d.digestS3Bucket}/${d.digestS3Object}`);
  }
  if (d.digestSignatureAlgorithm !== SIGNATURE_ALGORITHM) {
    ctx.problem(entry.key, 'UNSUPPORTED_ALGORITHM', `digestSignatureAlgorithm ${d.digestSignatureAlgorithm}`);
  }
  let meta;
  try {
    meta = await ctx.store.readSignature(entry.key);
  } catch (error) {
    ctx.problem(entry.key, 'READ_FAILED', `signature metadata: ${(error as Error).message}`);
  }
  if (meta && meta.algorithm !== SIGNATURE_ALGORITHM) {
    ctx.problem(entry.key, 'UNSUPPORTED_ALGORITHM', `signature-algorithm ${meta.algorithm}`);
  }
  if (meta && expectedSignature && namedBy && meta.signature.toLowerCase() !== expectedSignature.toLowerCase()) {
    ctx.problem(namedBy, 'CHAIN_BROKEN', `its previousDigestSignature differs from the signature of ${entry.key}`);
  }
  const signature = meta?.signature ?? expectedSignature;
  if (!signature) {
    ctx.problem(entry.key, 'SIGNATURE_MISSING', 'no signature metadata and no newer digest names its signature');
    return;
  }
  const fingerprint = d.digestPublicKeyFingerprint.toLowerCase();
  const candidates = ctx.keys.filter((k) => k.fingerprint === fingerprint);
  if (candidates.length === 0) {
    ctx.problem(entry.key, 'UNKNOWN_KEY', `no public key with fingerprint ${fingerprint}`);
    return;
  }
  const key = candidates.find((k) => verifyDigestSignature(loaded, signature, k.key));
  if (!key) {
    ctx.problem(entry.key, 'SIGNATURE_INVALID', `signature does not verify with key ${fingerprint}`);
    return;
  }
  const end = new Date(d.digestEndTime);
  if ((key.validFrom && end < key.validFrom) || (key.validTo && end > key.validTo)) {
    ctx.problem(entry.key, 'KEY_NOT_VALID', `key ${fingerprint} is not valid at ${d.digestEndTime}`);
    return;
  }
  if (d.digestSignatureAlgorithm === SIGNATURE_ALGORITHM && (!meta || meta.algorithm === SIGNATURE_ALGORITHM)) ctx.signed.add(entry.key);
}

/** Walks one chain; `entries` are the chain's digests inside the range. */
export async function walkChain(ctx: ChainContext, entries: readonly DigestEntry[]): Promise<void> {
  const sorted = [...entries].sort((a, b) => b.name.time.getTime() - a.name.time.getTime());
  const visited = new Set<string>();
  const olderThan = (ms: number): Cursor | undefined => {
    const entry = sorted.find((e) => !visited.has(e.key) && e.name.time.getTime() < ms);
    return entry && { entry };
  };

  /** Follows the previous-digest link of a verified digest; returns where the walk goes next. */
  const follow = async (entry: DigestEntry, loaded: LoadedDigest): Promise<Cursor | undefined> => {
    const d = loaded.digest;
    const at = entry.name.time.getTime();
    if (isStartingDigest(d)) {
      const next = olderThan(at);
      if (next) ctx.gaps.push({ chain: entry.chain, before: next.entry.key, after: entry.key });
      return next;
    }
    if ((d.previousDigestHashAlgorithm ?? HASH_ALGORITHM) !== HASH_ALGORITHM) {
      ctx.problem(entry.key, 'UNSUPPORTED_ALGORITHM', `previousDigestHashAlgorithm ${d.previousDigestHashAlgorithm}`);
    }
    const prevKey = d.previousDigestS3Object ?? '';
    const prevPath = trailPath(prevKey);
    const prevName = prevPath === undefined ? undefined : parseTrailKey(prevPath);
    const prevTime = prevName?.kind === 'digest' ? prevName.time : undefined;
    const prev = prevPath === undefined ? undefined : ctx.byPath.get(prevPath);
    if (!prev) {
      // The range ends here: older digests are not asked for.
      if (prevTime && !inRange(ctx.range, prevTime, DIGEST_LAG_MS)) return undefined;
      ctx.missing(prevKey, entry.chain, prevTime);
      ctx.problem(prevKey, 'DIGEST_MISSING', `named as previous digest by ${entry.key}`);
      return olderThan(prevTime?.getTime() ?? at);
    }
    if (!inRange(ctx.range, prev.name.time, DIGEST_LAG_MS)) return undefined;
    if (prev.chain !== entry.chain || visited.has(prev.key) || prev.name.time.getTime() >= at) {
      ctx.problem(entry.key, 'CHAIN_BROKEN', `names ${prev.key} as previous digest: another trail's, not older, or already named by a newer digest`);
      return olderThan(at);
    }
    const prevLoaded = await ctx.load(prev);
    if (prevLoaded && prevLoaded.hash !== (d.previousDigestHashValue ?? '').toLowerCase()) {
      ctx.problem(entry.key, 'CHAIN_BROKEN', `previous digest ${prev.key} does not hash to previousDigestHashValue`);
    }
    return { entry: prev, expectedSignature: d.previousDigestSignature ?? undefined, namedBy: entry.key };
  };

  let cursor: Cursor | undefined = sorted[0] && { entry: sorted[0] };
  while (cursor) {
    visited.add(cursor.entry.key);
    const loaded = await ctx.load(cursor.entry);
    if (!loaded) {
      cursor = olderThan(cursor.entry.name.time.getTime());
      continue;
    }
    await checkDigest(ctx, cursor, loaded);
    cursor = await follow(cursor.entry, loaded);
  }
  for (const entry of sorted) {
    if (visited.has(entry.key)) continue;
    ctx.problem(entry.key, 'OUT_OF_CHAIN', 'no newer digest of its chain leads to it');
    const loaded = await ctx.load(entry);
    if (loaded) await checkDigest(ctx, { entry }, loaded);
  }
}
