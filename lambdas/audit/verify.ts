/**
 * `verifyTrail`: offline `aws cloudtrail validate-logs`. Reads digest and log files from a trail
 * store, verifies every digest's signature and chain (verify-chain.ts) and the SHA-256 of every
 * log file the digests name, and reports log files no digest names. Integrity findings are
 * reported, never thrown; only unusable inputs throw (AuditError).
 */
import { gunzipSync } from 'node:zlib';
import { forEachLimit } from '../shared/pool.js';
import { HASH_ALGORITHM, loadDigest, sha256Hex, type LoadedDigest } from './digest.js';
import { keyPrefix, parseTrailKey, trailPath, type DigestFileName, type LogFileName } from './layout.js';
import type { TrailPublicKey } from './public-keys.js';
import { DIGEST_LAG_MS, inRange, rangeJson, type TimeRange } from './range.js';
import type { TrailStore } from './store.js';
import { walkChain, type ChainContext, type DigestEntry } from './verify-chain.js';
import type { ChainGap, DigestResult, LogFileResult, Problem, ProblemCode, VerifyReport } from './verify-report.js';

/** Public keys for the digests of one region over a time span (for example from ListPublicKeys). */
export type KeySource = (region: string, from: Date, to: Date) => Promise<readonly TrailPublicKey[]>;

/** Options of verifyTrail. */
export interface VerifyOptions {
  /** Digests whose end time is in the range (widened by DIGEST_LAG_MS), log files whose name time is. Default: all. */
  readonly range?: TimeRange;
  /** A fixed list (from a ListPublicKeys JSON file), or a source asked once per region. */
  readonly publicKeys: readonly TrailPublicKey[] | KeySource;
  /** Log files read at once. Default 8. */
  readonly concurrency?: number;
}

interface LogEntry {
  readonly key: string;
  readonly path: string;
  readonly name: LogFileName;
}

/** Groups digests that chain together: same prefix, account, region, trail, home region and kind. */
function chainId(key: string, name: DigestFileName): string {
  const org = name.organization ? `${name.organization}/` : '';
  return `${keyPrefix(key)}${org}${name.account}/${name.region}/${name.trail}/${name.homeRegion}${name.backfill ? '/backfill' : ''}`;
}

/** Where log files of one account and region go: digests of the same scope cover them. */
function logScope(key: string, name: { organization?: string; account: string; region: string }): string {
  return `${keyPrefix(key)}${name.organization ?? ''}/${name.account}/${name.region}`;
}

/** What a log file's check against one digest entry found. */
interface LogOutcome {
  readonly status: 'valid' | 'missing' | 'modified' | 'unreadable';
  readonly code?: ProblemCode;
  readonly detail: string;
}

/** How an outcome reads inside an `unverified` reason. */
const OUTCOME_TEXT: Readonly<Record<LogOutcome['status'], string>> = {
  valid: 'its SHA-256 matches',
  modified: 'its SHA-256 differs',
  missing: 'not in the store',
  unreadable: 'unreadable',
};

/** Reads the log file `key` (undefined: absent) and compares it with the digest's entry for it. */
async function checkLog(
  store: TrailStore,
  entry: LoadedDigest['digest']['logFiles'][number],
  key: string | undefined,
  digest: string,
): Promise<LogOutcome> {
  if (key === undefined || (store.bucket !== undefined && entry.s3Bucket !== store.bucket)) {
    return { status: 'missing', code: 'LOG_MISSING', detail: `named by ${digest} (s3://${entry.s3Bucket}/${entry.s3Object}), not in the store` };
  }
  if (entry.hashAlgorithm !== HASH_ALGORITHM) {
    return { status: 'unreadable', code: 'UNSUPPORTED_ALGORITHM', detail: `hashAlgorithm ${entry.hashAlgorithm} in ${digest}` };
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await store.read(key);
  } catch (error) {
    return { status: 'unreadable', code: 'READ_FAILED', detail: (error as Error).message };
  }
  if (!bytes) return { status: 'missing', code: 'LOG_MISSING', detail: `named by ${digest}, disappeared while reading` };
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch {
    return { status: 'unreadable', code: 'LOG_UNREADABLE', detail: `not gzip; named by ${digest}` };
  }
  if (sha256Hex(raw) !== entry.hashValue.toLowerCase()) {
    return { status: 'modified', code: 'LOG_MODIFIED', detail: `SHA-256 of its content differs from hashValue in ${digest}` };
  }
  return { status: 'valid', detail: `named by ${digest}` };
}

async function listTrail(store: TrailStore): Promise<{ digests: DigestEntry[]; logs: LogEntry[] }> {
  const digests: DigestEntry[] = [];
  const logs: LogEntry[] = [];
  for await (const key of store.list()) {
    const path = trailPath(key);
    const name = path === undefined ? undefined : parseTrailKey(path);
    if (path === undefined || !name) continue;
    if (name.kind === 'digest') digests.push({ key, path, name, chain: chainId(key, name) });
    else logs.push({ key, path, name });
  }
  return { digests, logs };
}

async function resolveKeys(source: VerifyOptions['publicKeys'], digests: readonly DigestEntry[]): Promise<TrailPublicKey[]> {
  if (typeof source !== 'function') return [...source];
  const spans = new Map<string, { from: number; to: number }>();
  for (const { name } of digests) {
    const t = name.time.getTime();
    const span = spans.get(name.region) ?? { from: t, to: t };
    spans.set(name.region, { from: Math.min(span.from, t), to: Math.max(span.to, t) });
  }
  const keys: TrailPublicKey[] = [];
  for (const [region, span] of spans) {
    keys.push(...(await source(region, new Date(span.from - DIGEST_LAG_MS), new Date(span.to))));
  }
  return keys;
}

function count<K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) out[v]++;
  return out;
}

/** Verifies the trail files in `store`. */
export async function verifyTrail(store: TrailStore, options: VerifyOptions): Promise<VerifyReport> {
  const range = options.range ?? {};
  const { digests, logs } = await listTrail(store);
  const inScope = digests.filter((d) => inRange(range, d.name.time, DIGEST_LAG_MS));
  const keys = await resolveKeys(options.publicKeys, inScope);

  const problems: Problem[] = [];
  const codes = new Map<string, Set<ProblemCode>>();
  const missingDigests = new Map<string, { chain: string; time?: Date }>();
  const gaps: ChainGap[] = [];
  const cache = new Map<string, Promise<LoadedDigest | undefined>>();
  const problem = (key: string, code: ProblemCode, detail: string): void => {
    const set = codes.get(key) ?? new Set<ProblemCode>();
    if (set.has(code)) return;
    set.add(code);
    codes.set(key, set);
    problems.push({ code, key, detail });
  };
  const load = (entry: DigestEntry): Promise<LoadedDigest | undefined> => {
    let pending = cache.get(entry.key);
    if (!pending) {
      pending = (async () => {
        let bytes: Uint8Array | undefined;
        try {
          bytes = await store.read(entry.key);
        } catch (error) {
          problem(entry.key, 'READ_FAILED', (error as Error).message);
          return undefined;
        }
        const loaded = bytes ? loadDigest(bytes) : { error: 'disappeared while reading' };
        if ('error' in loaded) {
          problem(entry.key, 'DIGEST_UNREADABLE', loaded.error);
          return undefined;
        }
        return loaded;
      })();
      cache.set(entry.key, pending);
    }
    return pending;
  };
  const ctx: ChainContext = {
    store,
    keys,
    range,
    byPath: new Map(digests.map((d) => [d.path, d])),
    load,
    problem,
    missing: (key, chain, time) => missingDigests.set(key, { chain, ...(time ? { time } : {}) }),
    signed: new Set<string>(),
    gaps,
  };
  const chains = new Map<string, DigestEntry[]>();
  for (const d of inScope) chains.set(d.chain, [...(chains.get(d.chain) ?? []), d]);
  for (const chain of [...chains.keys()].sort()) await walkChain(ctx, chains.get(chain) ?? []);

  // Log files named by the digests in range: valid only through a digest whose signature verified.
  const logsByPath = new Map(logs.map((l) => [l.path, l]));
  const namers = new Map<string, { entry: LoadedDigest['digest']['logFiles'][number]; digest: string }[]>();
  for (const d of [...inScope].sort((a, b) => a.key.localeCompare(b.key))) {
    const loaded = await load(d);
    for (const entry of loaded?.digest.logFiles ?? []) {
      const path = trailPath(entry.s3Object) ?? entry.s3Object;
      namers.set(path, [...(namers.get(path) ?? []), { entry, digest: d.key }]);
    }
  }
  const named = new Map<string, LogFileResult>();
  await forEachLimit([...namers], options.concurrency ?? 8, async ([path, list]) => {
    const signed = list.find((n) => ctx.signed.has(n.digest));
    const { entry, digest } = signed ?? list[0];
    const found = logsByPath.get(path);
    const key = found?.key ?? entry.s3Object;
    const outcome = await checkLog(store, entry, found?.key, digest);
    if (signed) {
      named.set(path, { key, status: outcome.status, digest });
      if (outcome.code) problem(key, outcome.code, outcome.detail);
      return;
    }
    const unsigned = list.map((n) => `${n.digest} (${[...(codes.get(n.digest) ?? [])].join(', ') || 'signature not checked'})`).join('; ');
    const reason = `listed only by digests whose signature did not verify: ${unsigned}; against ${digest}: ${OUTCOME_TEXT[outcome.status]}`;
    named.set(path, { key, status: 'unverified', digest, reason });
    problem(key, 'LOG_UNVERIFIED', reason);
  });

  // Log files in range that no digest names.
  const newest = new Map<string, number>();
  for (const d of digests) {
    const scope = logScope(d.key, d.name);
    newest.set(scope, Math.max(newest.get(scope) ?? 0, d.name.time.getTime()));
  }
  const logResults = [...named.values()];
  for (const log of logs) {
    if (named.has(log.path) || !inRange(range, log.name.time)) continue;
    const covered = newest.get(logScope(log.key, log.name));
    if (covered !== undefined && log.name.time.getTime() > covered - DIGEST_LAG_MS) {
      logResults.push({ key: log.key, status: 'pending' });
    } else {
      logResults.push({ key: log.key, status: 'extra' });
      problem(log.key, 'LOG_EXTRA', covered === undefined ? 'no digest of its account and region exists' : 'no digest names it');
    }
  }

  const digestResults: DigestResult[] = [
    ...inScope.map((d) => {
      const own = [...(codes.get(d.key) ?? [])];
      return { key: d.key, chain: d.chain, endTime: d.name.time.toISOString(), status: own.length ? 'invalid' : 'valid', problems: own } as const;
    }),
    ...[...missingDigests].map(([key, m]) => ({
      key,
      chain: m.chain,
      endTime: m.time?.toISOString() ?? '',
      status: 'missing' as const,
      problems: [...(codes.get(key) ?? [])],
    })),
  ].sort((a, b) => a.key.localeCompare(b.key));
  logResults.sort((a, b) => a.key.localeCompare(b.key));
  problems.sort((a, b) => a.key.localeCompare(b.key) || a.code.localeCompare(b.code));

  const result = problems.length > 0 ? 'invalid' : digestResults.length === 0 && logResults.length === 0 ? 'empty' : 'valid';
  return {
    source: store.source,
    range: rangeJson(range),
    result,
    valid: result === 'valid',
    digests: digestResults,
    logFiles: logResults,
    problems,
    gaps,
    summary: {
      digests: count(['valid', 'invalid', 'missing'], digestResults.map((d) => d.status)),
      logFiles: count(['valid', 'unverified', 'missing', 'modified', 'unreadable', 'extra', 'pending'], logResults.map((l) => l.status)),
      problems: problems.length,
    },
  };
}
